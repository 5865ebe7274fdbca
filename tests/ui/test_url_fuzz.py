"""Whatever a link holds, the URL parser answers with a selection and notices, never an exception."""
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ui.test_selection import MONTHS, PLACES
from ui.selection import parse_day, parse_lang, parse_params

PARAMS = ("village", "service_point", "grid", "period", "lang", "since", "mode")
# random text, numbers of every size and sign, and the look-alike digits and near-misses of the formats
values = st.one_of(
    st.text(),
    st.integers().map(str),
    st.floats().map(str),
    st.from_regex(r"[0-9٠-٩０-９²³¹⁰-⁹]{1,6}", fullmatch=True),
    st.from_regex(r"[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?|Q[0-9])?", fullmatch=True),
    st.sampled_from(["", " ", "1 ", "-1", "+1", "0x1", "1e3", "١", "１", "⑴", "9" * 5000, "NaN", "∞"]),
)
links = st.dictionaries(st.sampled_from(PARAMS), values)


@settings(max_examples=400, deadline=None)
@given(links)
def test_any_link_gives_a_selection_inside_the_places(params: dict[str, str]) -> None:
    selection, notices = parse_params(params, PLACES, MONTHS)
    assert selection.village_id is None or selection.village_id in PLACES.villages
    if selection.service_point_id is not None:
        assert PLACES.service_points[selection.service_point_id][0] == selection.village_id
    if selection.grid_id is not None:
        assert PLACES.grids[selection.grid_id][0] == selection.service_point_id
    assert selection.period in MONTHS.periods(selection.period.kind)
    assert {notice.param for notice in notices} <= set(params)
    assert all(notice.value == params[notice.param] for notice in notices)
    lang, lang_notices = parse_lang(params)
    assert lang in ("zh", "en") and len(lang_notices) == (params.get("lang", "zh") not in ("zh", "en"))


@settings(max_examples=400, deadline=None)
@given(values)
def test_any_meeting_day_is_a_day_in_range_or_none(text: str) -> None:
    day = parse_day(text, date(2023, 12, 1), date(2026, 11, 20))
    assert day is None or date(2023, 12, 1) <= day <= date(2026, 11, 20)
