"""The sidebar filter bar: language, (township →) village → 片区 → grid and period, kept in session state and in
the URL."""
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from data_access import organisation
from data_access.filters import Filter, Period
from ui.cache import DATA_VERSION, cached
from ui.i18n import LANG_NAMES, LANGS, T, current_lang, period_name
from ui.projector import mode_params
from ui.selection import MonthRange, Places, Selection, parse_lang, parse_params, within_scope
from ui.signin import scoped
from ui.text import plain, shortened

SELECTION, NOTICES, PLACES = "selection", "url_notices", "places"
ALL = 0  # the "all" option of the place pickers (a selectbox shows None as "no choice"); ids start at 1
PLACE_FIELDS = ("township_id", "village_id", "service_point_id", "grid_id")
ALL_PLACES = Filter(Period("month", date(2000, 1, 1)))  # the lists ignore the period
PAGE_PARAMS = ("since",)  # URL parameters a page keeps itself (pages/agenda.py); the bar leaves them be


def load_places() -> Places:
    """The places the signed-in viewer may see, kept in the session while the data and the viewer's scope stay (a
    page asks many times, and a district's 10,000 grids cost a few ms to take from the cache each time)."""
    key = (st.session_state[DATA_VERSION], scoped(ALL_PLACES))
    kept = st.session_state.get(PLACES)
    if kept is None or kept[0] != key:
        st.session_state[PLACES] = kept = (key, cached(places_in)(key[1]))
    return kept[1]


def places_in(f: Filter) -> Places:
    return Places.from_frames(organisation.villages(f), organisation.service_points(f), organisation.grids(f),
                              organisation.townships())


def load_months() -> MonthRange:
    return cached(month_range)()


def month_range() -> MonthRange:
    return MonthRange.from_frame(organisation.data_months(), date.today())


def start_language() -> None:
    """On a session's first run, take the language from the URL (?lang=en)."""
    if "lang" not in st.session_state:
        st.session_state.lang, st.session_state[NOTICES] = parse_lang(st.query_params.to_dict())


def language_switch() -> None:
    st.session_state.w_lang = current_lang()
    st.sidebar.segmented_control("语言 · Language", LANGS, format_func=LANG_NAMES.get, key="w_lang",
                                 required=True, on_change=_set_language)


def filter_bar() -> Selection:
    """The place and period pickers; returns the selection, which the URL now mirrors."""
    places, months = load_places(), load_months()
    if SELECTION not in st.session_state:
        selection, notices = parse_params(st.query_params.to_dict(), places, months)
        limited = scoped(ALL_PLACES)
        st.session_state[SELECTION], notices = within_scope(
            selection, notices, places, limited.scope is not None or limited.area_scope is not None)
        st.session_state[NOTICES] = st.session_state.get(NOTICES, []) + notices
    selection: Selection = st.session_state[SELECTION]
    for field in PLACE_FIELDS:
        st.session_state[f"w_{field}"] = getattr(selection, field) or ALL
    st.session_state.w_period, st.session_state.w_kind = selection.period, selection.period.kind

    def named(name: Callable[[int], str]) -> Callable[[int], str]:
        return lambda i: T("filter.all") if i == ALL else name(i)

    bar = st.sidebar
    bar.subheader(T("filter.header"))
    if places.is_district:  # one township: no choice to make
        bar.selectbox(T("filter.township"), [ALL, *places.townships], format_func=named(places.townships.get),
                      key="w_township_id", on_change=_choose,
                      args=("township_id", "village_id", "service_point_id", "grid_id"))
    villages = [i for i in places.villages
                if selection.township_id is None or places.village_townships[i] == selection.township_id]
    bar.selectbox(T("filter.village"), [ALL, *villages], format_func=named(places.villages.get),
                  key="w_village_id", on_change=_choose, args=("village_id", "service_point_id", "grid_id"))
    points = [i for i, (village, _) in places.service_points.items() if village == selection.village_id]
    bar.selectbox(T("filter.service_point"), [ALL, *points], format_func=named(lambda i: places.service_points[i][1]),
                  key="w_service_point_id", on_change=_choose, args=("service_point_id", "grid_id"),
                  disabled=selection.village_id is None,
                  help=T("filter.pick_village_first") if selection.village_id is None else None)
    grids = [i for i, (point, _) in places.grids.items() if point == selection.service_point_id]
    bar.selectbox(T("filter.grid"), [ALL, *grids], format_func=named(lambda i: places.grids[i][1]),
                  key="w_grid_id", on_change=_choose, args=("grid_id",),
                  disabled=selection.service_point_id is None,
                  help=T("filter.pick_service_point_first") if selection.service_point_id is None else None)
    bar.segmented_control(T("period.kind"), ("month", "quarter", "year"), format_func=lambda k: T(f"period.{k}"),
                          key="w_kind", required=True, on_change=_choose_kind, args=(months,))
    bar.selectbox(T("period.which"), months.periods(selection.period.kind), key="w_period", help=T("period.help"),
                  format_func=lambda p: period_name(p, current_lang()), on_change=_choose, args=("period",))

    language = {"lang": "en"} if current_lang() == "en" else {}
    kept = {name: st.query_params[name] for name in PAGE_PARAMS if name in st.query_params}
    st.query_params.from_dict(selection.to_params() | language | mode_params() | kept)
    return selection


def show_url_notices() -> None:
    """What the URL asked for that could not be shown, until the viewer changes a filter."""
    fallback = period_name(st.session_state[SELECTION].period, current_lang()) if SELECTION in st.session_state else ""
    for notice in st.session_state.get(NOTICES, []):
        st.warning(T(f"notice.{notice.param}", value=plain(shortened(notice.value)), fallback=fallback),
                   icon=":material/link_off:")


def current_selection() -> Selection:
    if SELECTION not in st.session_state:
        # A page run bare, without app.py: Streamlit's legacy pages/-folder mode, which a server's first session
        # takes when opened at a sub-page, until st.navigation is first called. Leave that mode and rerun via app.py.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state[SELECTION]


def current_filter() -> Filter:
    """The Filter every data_access query takes, from the filter bar, within the signed-in viewer's scope."""
    return scoped(current_selection().to_filter())


def at_district() -> bool:
    """The district view: the database holds more than one township and none is chosen."""
    return load_places().is_district and current_selection().township_id is None


def place_names() -> list[str]:
    """The chosen village, 片区 and grid names (empty when all are shown)."""
    return current_selection().place_names(load_places())


def export_stem(base: str) -> str:
    """A file name stem that says what an export holds: 总览_村名-片区名_2026-11."""
    return "_".join([base, "-".join(place_names()) or T("filter.all"), current_selection().period.label])


def choose_place(village_id: int | None, service_point_id: int | None = None, grid_id: int | None = None,
                 township_id: int | None = None) -> None:
    """Set the selection's place from outside the filter bar (e.g. a click on the map); call it in a callback, so
    that the filter bar and the URL show it in the same run. A village brings its township along; with one
    township there is no township to choose."""
    places = load_places()
    if not places.is_district:
        township_id = None
    elif village_id is not None:
        township_id = places.village_townships[village_id]
    st.session_state[SELECTION] = replace(st.session_state[SELECTION], village_id=village_id,
                                          service_point_id=service_point_id, grid_id=grid_id, township_id=township_id)
    st.session_state[NOTICES] = []


def _choose(field: str, *cleared: str) -> None:
    value = st.session_state[f"w_{field}"]
    changes = {field: None if field in PLACE_FIELDS and value == ALL else value} | dict.fromkeys(cleared)
    if field == "village_id" and value != ALL and load_places().is_district:
        changes["township_id"] = load_places().village_townships[value]
    st.session_state[SELECTION] = replace(st.session_state[SELECTION], **changes)
    st.session_state[NOTICES] = []


def _choose_kind(months: MonthRange) -> None:
    st.session_state[SELECTION] = st.session_state[SELECTION].with_kind(st.session_state.w_kind, months)
    st.session_state[NOTICES] = []


def _set_language() -> None:
    st.session_state.lang = st.session_state.w_lang
