"""The brief's buttons: 「生成会议简报」 builds the workbook and the PDF (a few seconds), then both download at once. A
file that cannot be built is named in an error in the viewer's language, the other language under it; the
traceback goes to the server log."""
import logging
from collections.abc import Callable

import streamlit as st

from ui.brief import Brief, pdf_bytes, workbook_bytes
from ui.export import EXCEL_TYPE, recorded
from ui.i18n import LANGS, Lang, Strings
from ui.widgets import bilingual_error

log = logging.getLogger(__name__)
BUILT = "brief_downloads"  # session state: (file stem, {"xlsx": bytes, "pdf": bytes}) of the last brief built
KINDS = {"xlsx": (EXCEL_TYPE, workbook_bytes, ":material/table_view:"),
         "pdf": ("application/pdf", pdf_bytes, ":material/picture_as_pdf:")}
S = Strings({
    "make": ("生成会议简报", "Prepare the brief"),
    "making": ("正在生成会议简报（Excel 和 PDF）……", "Preparing the brief (Excel and PDF) ..."),
    "xlsx": ("下载简报 Excel", "Brief as Excel"),
    "pdf": ("下载简报 PDF", "Brief as PDF"),
    "help": ("简报含本页的指标、图表和各清单，范围与筛选一致。", "The brief holds this page's figures, charts and lists, "
             "for the place chosen in the filters."),
    "failed": ("会议简报的{kinds}未能生成。请稍后再试；仍不行时请告知管理员（原因已记入服务器日志）。",
               "The brief's {kinds} could not be built. Please try again later, and if it fails again tell the "
               "administrator (the server log has the reason)."),
    "xlsx.name": ("Excel 文件", "Excel file"),
    "pdf.name": ("PDF 文件", "PDF file"),
    "and": ("和", " and "),
})


def brief_downloads(brief: Callable[[], Brief], stem: str) -> None:
    """The button that builds the brief, and once built for this stem (place, period, meeting) its downloads."""
    failed: list[str] = []
    with st.container(horizontal=True):
        if st.button(S("make"), help=S("help"), icon=":material/description:", type="primary"):
            with st.spinner(S("making")):
                files, failed = _build(brief, stem)
            st.session_state[BUILT] = (stem, files)
        built_for, files = st.session_state.get(BUILT, ("", {}))
        for kind, data in files.items() if built_for == stem else ():
            mime, _, icon = KINDS[kind]
            st.download_button(S(kind), recorded(lambda data=data: data, f"{stem}.{kind}"), f"{stem}.{kind}", mime,
                               help=S("help"), on_click="ignore", icon=icon)
    if failed:
        bilingual_error({lang: _failure(failed, lang) for lang in LANGS}, ":material/error:")


def _build(brief: Callable[[], Brief], stem: str) -> tuple[dict[str, bytes], list[str]]:
    """The files that could be built, and the kinds that could not (their tracebacks logged)."""
    files: dict[str, bytes] = {}
    failed: list[str] = []
    try:
        content = brief()
    except Exception:
        log.exception("The meeting brief %s could not be put together", stem)
        return files, list(KINDS)
    for kind, (_, build, _) in KINDS.items():
        try:
            files[kind] = build(content)
        except Exception:
            log.exception("The meeting brief %s.%s could not be built", stem, kind)
            failed.append(kind)
    return files, failed


def _failure(kinds: list[str], lang: Lang) -> str:
    return S.text("failed", lang, kinds=S.text("and", lang).join(S.text(f"{kind}.name", lang) for kind in kinds))
