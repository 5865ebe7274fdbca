"""Widgets every page reuses: the KPI row, a table with CSV/Excel export, and the shell's messages."""
from dataclasses import dataclass
from io import BytesIO

import pandas as pd
import streamlit as st

from data_access.db import DatabaseUnavailable
from ui.i18n import T, current_lang


@dataclass(frozen=True)
class Kpi:
    """One headline figure; `help` states its rule (what is counted, over what, for which period)."""

    label: str
    value: int | float | str
    help: str


def kpi_row(kpis: list[Kpi]) -> None:
    """The figures side by side, each in a bordered card with its rule behind the (?) icon."""
    for column, kpi in zip(st.columns(len(kpis)), kpis):
        value = f"{kpi.value:,}" if isinstance(kpi.value, int | float) else kpi.value
        column.metric(kpi.label, value, help=kpi.help, border=True)


def excel_bytes(frame: pd.DataFrame) -> bytes:
    buffer = BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def data_table(frame: pd.DataFrame, file_stem: str) -> None:
    """The table as shown, with CSV (UTF-8 with BOM, so Excel reads the Chinese) and Excel downloads of it."""
    st.dataframe(frame, hide_index=True)
    with st.container(horizontal=True):
        st.download_button(T("export.csv"), frame.to_csv(index=False).encode("utf-8-sig"), f"{file_stem}.csv",
                           "text/csv", help=T("export.help"), on_click="ignore", icon=":material/download:")
        st.download_button(T("export.excel"), lambda: excel_bytes(frame), f"{file_stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           help=T("export.help"), on_click="ignore", icon=":material/download:")


def database_error(error: DatabaseUnavailable) -> None:
    """The reason in the viewer's language, and below it in the other one."""
    first, second = (error.message_zh, error.message_en) if current_lang() == "zh" else (
        error.message_en, error.message_zh)
    st.error(f"**{T('db.title')}**\n\n{first}", icon=":material/database_off:")
    st.caption(second)


def demo_banner() -> None:
    st.info(T("demo.banner"), icon=":material/theater_comedy:")
