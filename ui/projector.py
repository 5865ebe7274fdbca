"""Projector mode for the weekly dispatch meeting (?mode=projector): large high-contrast type read from 5 m, the
sidebar collapsed, tables cut to what fits the screen, the data's as-of day and a clock in the corner, and a chosen
list of pages shown in turn every N seconds, pausable, keeping the filter."""
import time
from datetime import date

import streamlit as st

from ui.i18n import Strings, current_lang
from ui.navigation import PAGES, PageSpec

MODE_PARAM, PROJECTOR = "mode", "projector"
ON, ROTATING, PAGES_KEY, SECONDS_KEY = "projector", "rotation_on", "rotation_pages", "rotation_seconds"
SHOWN_KEY, SINCE_KEY = "rotation_shown", "rotation_since"
DEFAULT_ROTATION = ("pages/agenda.py", "pages/backlog.py", "pages/rankings.py")
TABLE_ROWS = 12  # a table shows at most this many rows on the projector; its exports hold them all
TICK_SECONDS = 5
S = Strings({
    "toggle": ("投影模式", "Projector mode"),
    "toggle.help": ("大字号、高对比度，侧栏收起，表格只显示前 {n} 行（导出仍含全部），角落显示数据日期和时钟。"
                    "链接中带 ?mode=projector 可直接打开。",
                    "Large high-contrast type, the sidebar collapsed, tables cut to their first {n} rows (exports "
                    "still hold them all), the data's day and a clock in the corner. Open it directly with "
                    "?mode=projector in the link."),
    "rotate": ("自动轮播", "Rotate pages"),
    "rotate.pages": ("轮播页面", "Pages to show"),
    "rotate.seconds": ("每页停留（秒）", "Seconds per page"),
    "as_of": ("数据截至 {day}", "Data up to {day}"),
    "next": ("轮播：{seconds} 秒后切换到「{page}」", "Rotating: {page} in {seconds} s"),
    "pause": ("暂停轮播", "Pause"),
    "rows": ("投影只显示前 {shown} 行，共 {total:,} 行；导出含全部。",
             "The projector shows the first {shown} of {total:,} rows; the exports hold them all."),
})
CSS = """
<style>
html { font-size: clamp(16px, 1.35vw, 28px); }  /* the same size on the wall at 1280 and 1920 px wide */
.stApp, .stApp p, .stApp li, .stApp label, .stApp span { color: #000; }
.stApp h1, .stApp h2, .stApp h3 { color: #000; font-weight: 800; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #1a1a1a !important; }
[data-testid="stMetric"] { border-color: #000 !important; border-width: 2px !important; }
[data-testid="stMetricValue"] { font-weight: 800; }
[data-testid="stMainBlockContainer"] { padding: 3.2rem 1.5rem 2rem; max-width: 100%; }
[data-testid="stAlert"] { filter: contrast(1.4); }
.stApp .cockpit-table th, .stApp .cockpit-table td { color: #000; font-size: 0.95rem; white-space: normal; }
.stApp .cockpit-table td > div { width: auto; }  /* on the wall a table wraps to the page instead of scrolling */
.st-key-projector_corner { position: fixed; top: 0.6rem; right: 3.2rem; z-index: 999991; width: auto;
  background: #000; color: #fff; padding: 0.15rem 0.7rem; border-radius: 0.4rem; }
.st-key-projector_corner p, .st-key-projector_corner span { color: #fff !important; font-weight: 700; margin: 0; }
.st-key-projector_rotation { position: fixed; bottom: 0.6rem; right: 1rem; z-index: 999991; width: auto;
  background: #fff; border: 2px solid #000; border-radius: 0.4rem; padding: 0.2rem 0.6rem; }
</style>
"""
CLOCK = """
<span class="projector-clock"></span>
<script>
if (!window.projectorClock) {
  const tick = () => {
    const now = new Date().toLocaleTimeString("zh-CN", {hour: "2-digit", minute: "2-digit"});
    document.querySelectorAll(".projector-clock").forEach(clock => {
      if (clock.textContent !== now) clock.textContent = now;  // no change, no mutation: the observer settles
    });
  };
  window.projectorClock = setInterval(tick, 1000);
  new MutationObserver(tick).observe(document.body, {childList: true, subtree: true});
}
</script>
"""


def projector_on() -> bool:
    """Projector mode, from the session; on a session's first run from the URL (?mode=projector)."""
    if ON not in st.session_state:
        st.session_state[ON] = st.query_params.get(MODE_PARAM) == PROJECTOR
    return st.session_state[ON]


def mode_params() -> dict[str, str]:
    """The URL parameter that keeps projector mode ({} when it is off)."""
    return {MODE_PARAM: PROJECTOR} if projector_on() else {}


def projector_controls() -> None:
    """The sidebar's projector toggle and, while it is on, the rotation settings."""
    st.session_state[f"w_{ON}"] = projector_on()
    st.sidebar.toggle(S("toggle"), key=f"w_{ON}", help=S("toggle.help", n=TABLE_ROWS), on_change=_copy, args=(ON,))
    if not projector_on():
        return
    st.session_state.setdefault(PAGES_KEY, [path for path in DEFAULT_ROTATION if any(s.path == path for s in PAGES)])
    st.session_state.setdefault(SECONDS_KEY, 60)
    st.session_state.setdefault(ROTATING, False)
    for key in (ROTATING, PAGES_KEY, SECONDS_KEY):
        st.session_state[f"w_{key}"] = st.session_state[key]
    st.sidebar.toggle(S("rotate"), key=f"w_{ROTATING}", on_change=_copy, args=(ROTATING,))
    st.sidebar.multiselect(S("rotate.pages"), [spec.path for spec in PAGES], format_func=_title,
                           key=f"w_{PAGES_KEY}", on_change=_copy, args=(PAGES_KEY,))
    st.sidebar.number_input(S("rotate.seconds"), min_value=5, max_value=600, step=5, key=f"w_{SECONDS_KEY}",
                            on_change=_copy, args=(SECONDS_KEY,))


def projector_look(as_of: date) -> None:
    """Projector mode's style, and the data's as-of day with a clock in the top corner (call it while it is on)."""
    st.html(CSS)
    with st.container(key="projector_corner", horizontal=True, gap="small"):
        st.html(f"<span>{S('as_of', day=as_of.isoformat())} · </span>{CLOCK}", unsafe_allow_javascript=True)


def rotation(page: st.Page) -> None:
    """While projector mode and rotation are on: after the chosen seconds on a page, switch to the next chosen
    page in the order chosen (the first one when this page is not in the list), keeping the URL's filter."""
    if not (projector_on() and st.session_state.get(ROTATING) and st.session_state.get(PAGES_KEY)):
        return
    if st.session_state.get(SHOWN_KEY) != page.title:
        st.session_state[SHOWN_KEY], st.session_state[SINCE_KEY] = page.title, time.monotonic()
    chosen = [next(spec for spec in PAGES if spec.path == path) for path in st.session_state[PAGES_KEY]]
    titles = [_title(spec.path) for spec in chosen]
    following = chosen[(titles.index(page.title) + 1) % len(chosen)] if page.title in titles else chosen[0]
    _countdown(following)


@st.fragment(run_every=TICK_SECONDS)
def _countdown(following: PageSpec) -> None:
    left = st.session_state[SECONDS_KEY] - (time.monotonic() - st.session_state[SINCE_KEY])
    if left <= 0:
        st.switch_page(following.path, query_params=st.query_params.to_dict())
    with st.container(key="projector_rotation", horizontal=True, vertical_alignment="center"):
        st.caption(S("next", seconds=max(int(left), 0), page=_title(following.path)))
        if st.button(S("pause"), icon=":material/pause:", key="rotation_pause"):
            st.session_state[ROTATING] = False
            st.rerun()  # the whole app, so that this fragment and its timer go


def rows_note(shown: int, total: int) -> str:
    return S("rows", shown=shown, total=total)


def _title(path: str) -> str:
    spec = next(spec for spec in PAGES if spec.path == path)
    return spec.title_zh if current_lang() == "zh" else spec.title_en


def _copy(key: str) -> None:
    st.session_state[key] = st.session_state[f"w_{key}"]
