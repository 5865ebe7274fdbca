"""Widgets every page reuses: the KPI row, a table with CSV/Excel export, and the shell's messages."""
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from data_access.db import DatabaseUnavailable
from data_access.filters import Filter
from ui.cache import in_this_session
from ui.export import EXCEL_TYPE, csv_bytes, excel_bytes, recorded
from ui.filter_bar import at_district, current_selection, place_names
from ui.i18n import LANGS, Lang, Strings, T, current_lang, period_name
from ui.numbers import MISSING, percent, share, short_number
from ui.projector import TABLE_ROWS, projector_on, rows_note
from ui.text import plain


@dataclass(frozen=True)
class Kpi:
    """One headline figure; `help` states its rule (what is counted, over what, for which period)."""

    label: str
    value: int | float | str  # a number is shown by ui.numbers.short_number, a text as it is
    help: str
    count: str | None = None  # the count behind a rate, e.g. "911 / 972", shown in grey under the value
    delta: str | None = None  # the signed change against the previous period; the count then follows the value
    delta_note: str | None = None  # what the change is against, e.g. "较上月"
    delta_color: Literal["normal", "inverse", "off"] = "normal"  # "inverse" where a rise is bad
    trend: tuple[float, ...] | None = None  # a sparkline under the value, oldest first (e.g. the last 12 months)
    link: str | None = None  # a page file (pages/….py), linked under the card by the page's title


def rate_kpi(label: str, numerator: int, denominator: int, help: str) -> Kpi:
    """A rate card: the percentage, with "numerator / denominator" under it."""
    return Kpi(label, percent(share(numerator, denominator)), help, f"{numerator:,} / {denominator:,}")


KPI_TREND_HEIGHT = 210  # px: a card with a sparkline; the other cards of its row take the same height


def kpi_row(kpis: list[Kpi]) -> None:
    """The figures side by side, each in a bordered card with its rule behind the (?) icon."""
    height = KPI_TREND_HEIGHT if any(kpi.trend for kpi in kpis) else "content"  # cards in a row line up
    for column, kpi in zip(st.columns(len(kpis)), kpis):
        value = short_number(kpi.value) if isinstance(kpi.value, int | float) else kpi.value
        if kpi.delta is None:
            column.metric(kpi.label, value, kpi.count, delta_color="off", delta_arrow="off", help=kpi.help, border=True,
                          chart_data=kpi.trend, height=height)
        else:
            value = f"{value} :small[{kpi.count}]" if kpi.count else value
            column.metric(kpi.label, value, kpi.delta, kpi.delta_color, help=kpi.help, border=True,
                          delta_description=kpi.delta_note, chart_data=kpi.trend, height=height)
        if kpi.link:
            column.page_link(kpi.link, icon=":material/arrow_forward:")


# Okabe–Ito: told apart with the common colour-vision deficiencies, and in print
SAFE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# one colour per issue-loop series, the same on every chart
SERIES_COLOURS = {"filed": SAFE_COLOURS[0], "closed": SAFE_COLOURS[2], "backlog": SAFE_COLOURS[1],
                  "overdue": SAFE_COLOURS[5], "within_limit": SAFE_COLOURS[4]}


def series_colour(labels: dict[str, str]) -> alt.Color:
    """Colour by the field `series`, whose values are labels[key] for SERIES_COLOURS keys; legend below."""
    scale = alt.Scale(domain=list(labels.values()), range=[SERIES_COLOURS[key] for key in labels])
    return alt.Color("series:N", scale=scale, title=None, legend=alt.Legend(orient="bottom"))


def rate_bars(frame: pd.DataFrame, name: str, numerator: str, denominator: str, title: str) -> None:
    """A chart titled `title`, one horizontal bar per row (in the frame's order): numerator / denominator, labelled
    "97.1 % (418 / 432)"."""
    counts = list(zip(frame[numerator], frame[denominator]))
    data = pd.DataFrame({
        "name": frame[name].tolist(),
        "share": [n / d if d else float("nan") for n, d in counts],
        "label": [f"{percent(share(n, d))} ({n:,} / {d:,})" for n, d in counts],
    })
    bars = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelLimit=200, labelFontSize=13)),
        x=alt.X("share:Q", title=None, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        tooltip=alt.Tooltip("label:N"),
    )
    labels = bars.encode(text="label:N")  # inside a long bar, in white; after a short one, in black
    inside = labels.mark_text(align="right", dx=-6, color="white", fontSize=13).transform_filter("datum.share >= 0.5")
    outside = labels.mark_text(align="left", dx=4, color="black", fontSize=13).transform_filter("datum.share < 0.5")
    chart = bars.mark_bar(color=SAFE_COLOURS[0]) + inside + outside
    chart = chart.properties(height=alt.Step(32), title=alt.TitleParams(title, anchor="start", fontSize=15))
    st.altair_chart(chart, width="stretch")


PLACE_LEVELS = ("village", "service_point", "grid")


def towns_shown() -> list[str]:
    """["township"] in the district view, where a row's village alone may not say where it is (villages of two
    townships may share a name); else none."""
    return ["township"] if at_district() else []


def headed(frame: pd.DataFrame, names: list[str], strings: Strings) -> pd.DataFrame:
    """The named columns in that order, headed in the viewer's language: township / village / service_point / grid by
    T("level.…"), any other column by the page's strings("col.<name>"), else the shared T("col.<name>")."""
    def header(name: str) -> str:
        if name in ("township", *PLACE_LEVELS):
            return T(f"level.{name}")
        return strings(f"col.{name}") if f"col.{name}" in strings.table else T(f"col.{name}")

    return frame[names].rename(columns={name: header(name) for name in names})




# The static tables' look (Streamlit's own, in the page's type): a cell stays on one line up to 20em, then wraps; a
# table wider than the page scrolls sideways.
TABLE_CSS = """<style>
.cockpit-table { overflow-x: auto; border: 1px solid rgba(49, 51, 63, 0.1); border-radius: 0.5rem; }
.cockpit-table table { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
.cockpit-table th { color: rgba(49, 51, 63, 0.6); font-weight: 400; text-align: left; }
.cockpit-table th, .cockpit-table td { padding: 0.25rem 0.375rem; white-space: nowrap; vertical-align: top;
  border-bottom: 1px solid rgba(49, 51, 63, 0.1); border-right: 1px solid rgba(49, 51, 63, 0.1); }
.cockpit-table tr > :last-child { border-right: none; }
.cockpit-table tbody tr:last-child > td { border-bottom: none; }
.cockpit-table .number { text-align: right; }
.cockpit-table td > div { white-space: normal; width: max-content; max-width: 20em; }
</style>"""
NUMBER = ' class="number"'  # a number's cell and header, right-aligned
STATIC_ROWS = 20  # a table draws at most this many rows at once; a switch shows all of them in a grid
FIRST_ROWS = max(STATIC_ROWS, TABLE_ROWS)  # what a long list reads first (data_access's `first`): what a table draws


def data_table(frame: pd.DataFrame, file_stem: str, column_config: dict[str, Any] | None = None,
               whole: Callable[[], pd.DataFrame] | None = None, rows: int | None = None) -> None:
    """The table with CSV (UTF-8 with BOM, so Excel reads the Chinese) and Excel downloads of it. Drawn as a static
    table of its first rows (TABLE_ROWS in the projector's large type), which a browser draws at once; a longer one
    says how many rows it has and, off the projector, a switch beside the downloads shows them all in a grid that
    sorts and scrolls (`column_config` is the grid's; its printf-style number formats are also the table's).
    `frame` may be only the first of a table's `rows` rows: `whole` then gives all of them, read only for the grid or
    a download."""
    limit = TABLE_ROWS if projector_on() else STATIC_ROWS
    rows = len(frame) if rows is None else rows
    everything = in_this_session(whole) if whole and rows > len(frame) else lambda: frame  # a download's thread
    table = st.container()
    with st.container(horizontal=True, vertical_alignment="center"):
        grid = rows > limit and not projector_on() and st.toggle(
            T("table.all", n=rows), key=f"all_rows_{file_stem}", help=T("table.all.help"))
        st.download_button(T("export.csv"), recorded(lambda: csv_bytes(everything()), f"{file_stem}.csv"),
                           f"{file_stem}.csv", "text/csv", help=T("export.help"), on_click="ignore",
                           icon=":material/download:")
        st.download_button(T("export.excel"), recorded(lambda: excel_bytes(everything()), f"{file_stem}.xlsx"),
                           f"{file_stem}.xlsx", EXCEL_TYPE, help=T("export.help"), on_click="ignore",
                           icon=":material/download:")
    with table:
        if grid:
            st.dataframe(everything(), hide_index=True, column_config=column_config, placeholder="")
            return
        st.html(html_table(frame.head(limit), column_config))
        if rows > limit:
            st.caption(rows_note(limit, rows) if projector_on() else T("table.rows", shown=limit, total=rows))


def long_table(first: pd.DataFrame, whole: Callable[[], pd.DataFrame], shown: Callable[[pd.DataFrame], pd.DataFrame],
               file_stem: str, rows: int) -> None:
    """`data_table` of a long list of `rows` rows read from its first ones (`first`; `whole` reads all of them),
    each shaped for the page by `shown`."""
    data_table(shown(first), file_stem, whole=lambda: shown(whole()), rows=rows)


def html_table(frame: pd.DataFrame, column_config: dict[str, Any] | None = None) -> str:
    """The frame as an HTML table, with its style, in which every header and cell is escaped text (never markup)."""
    formats = {name: config["type_config"]["format"] for name, config in (column_config or {}).items()
               if str(config.get("type_config", {}).get("format", "")).startswith("%")}
    columns = [(is_number(frame[name]), cell_texts(frame[name], formats.get(name))) for name in frame.columns]
    head = "".join(f"<th{NUMBER if number else ''}>{escape(str(name))}</th>"
                   for name, (number, _) in zip(frame.columns, columns))
    numbers = [number for number, _ in columns]
    body = "".join("<tr>" + "".join(cell(number, text) for number, text in zip(numbers, row)) + "</tr>"
                   for row in zip(*(texts for _, texts in columns)))
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'{TABLE_CSS}<div class="cockpit-table">{table}</div>'


def cell(number: bool, text: str) -> str:
    """A td: a number right-aligned, a text in a div that wraps past 20em."""
    return f"<td{NUMBER}>{escape(text)}</td>" if number else f"<td><div>{escape(text)}</div></td>"


def is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def cell_texts(column: pd.Series, number_format: str | None = None) -> list[str]:
    """A column's cells as shown: numbers with at most two decimals (or `number_format`, printf-style), a missing one
    "—"; yes/no as ✓/✗; times to the minute, or the day when all of the column's are midnight; anything else as
    text, blank when missing."""
    if is_number(column):
        return [MISSING if pd.isna(value) else number_format % value if number_format else short_number(value)
                for value in column]
    if pd.api.types.is_bool_dtype(column):
        return ["" if pd.isna(value) else "✓" if value else "✗" for value in column]
    if pd.api.types.is_datetime64_any_dtype(column):
        known = column.dropna()
        pattern = "%Y-%m-%d" if (known == known.dt.normalize()).all() else "%Y-%m-%d %H:%M"
        return column.dt.strftime(pattern).fillna("").tolist()
    return ["" if pd.api.types.is_scalar(value) and pd.isna(value) else str(value) for value in column]


def people_shown(f: Filter) -> bool:
    """Whether the viewer may see row-level lists of people; False for an observer, with a notice in their place."""
    if f.viewer.people_rows:
        return True
    people_withheld()
    return False


def people_withheld() -> None:
    """The notice in place of a list of people that data_access withheld from an observer."""
    st.info(T("people.withheld"), icon=":material/group_off:")


def scope_caption() -> None:
    """"范围：青岩村 › 高坡片区 · 时段：2026年11月" under a page title."""
    place = plain(" › ".join(place_names())) or T("scope.district" if at_district() else "scope.all")
    st.caption(T("scope.caption", place=place, period=period_name(current_selection().period, current_lang())))


def bilingual_error(messages: dict[Lang, str], icon: str, title: str = "") -> None:
    """An error in the viewer's language (under a bold title, when given), the other language's wording below it."""
    lang = current_lang()
    st.error(f"**{title}**\n\n{messages[lang]}" if title else messages[lang], icon=icon)
    st.caption(messages["en" if lang == "zh" else "zh"])


def database_error(error: DatabaseUnavailable) -> None:
    """The reason in the viewer's language, and below it in the other one; a database that did not answer can be
    tried again."""
    bilingual_error({"zh": error.message_zh, "en": error.message_en}, ":material/database_off:", T("db.title"))
    if error.reason in ("timeout", "unreachable"):
        st.button(T("db.retry"), icon=":material/refresh:")  # a click reruns the page


def page_error() -> None:
    """What a viewer sees of a page that failed (its traceback is in the server log), in both languages."""
    bilingual_error({lang: T.text("page.failed", lang) for lang in LANGS}, ":material/error:", T("page.failed.title"))


def demo_banner() -> None:
    st.info(T("demo.banner"), icon=":material/theater_comedy:")
