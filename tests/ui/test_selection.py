"""The filter bar's state and its URL form, without a browser."""
from datetime import date

import pandas as pd
import pytest

from data_access.filters import Filter, Period
from ui.selection import MonthRange, Notice, Places, Selection, parse_day, parse_lang, parse_params, parse_period

MONTHS = MonthRange(date(2023, 12, 1), date(2026, 11, 1))
LATEST = Period("month", date(2026, 11, 1))
PLACES = Places(
    villages={1: "青山村", 2: "白溪村"},
    service_points={10: (1, "一片区"), 20: (2, "二片区")},
    grids={100: (10, "一网格"), 200: (20, "二网格")},
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", Period("month", date(2026, 11, 1))),
        ("2026Q4", Period("quarter", date(2026, 10, 1))),
        ("2026", Period("year", date(2026, 1, 1))),
        ("2026-13", None), ("2026-00", None), ("2026Q5", None), ("2026-1", None), ("0000", None),
        ("abc", None), ("", None), ("2026-11 ", None),
    ],
)
def test_parse_period(text: str, expected: Period | None) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("params", "selection", "notices"),
    [
        ({}, Selection(LATEST), []),
        ({"village": "abc"}, Selection(LATEST), [Notice("village", "abc")]),
        ({"village": "999"}, Selection(LATEST), [Notice("village", "999")]),
        ({"village": "-1"}, Selection(LATEST), [Notice("village", "-1")]),
        ({"period": "2026-13"}, Selection(LATEST), [Notice("period", "2026-13")]),
        ({"period": "2023-11"}, Selection(LATEST), [Notice("period", "2023-11")]),  # before the first data
        ({"period": "2027"}, Selection(LATEST), [Notice("period", "2027")]),  # after the last
        ({"period": "2023"}, Selection(Period("year", date(2023, 1, 1))), []),  # holds December 2023
        ({"grid": "200"}, Selection(LATEST, 2, 20, 200), []),  # a grid brings its 片区 and village
        ({"village": "1", "service_point": "20"}, Selection(LATEST, 1), [Notice("service_point", "20")]),
        ({"service_point": "10", "grid": "200"}, Selection(LATEST, 1, 10), [Notice("grid", "200")]),
        ({"village": "2", "grid": "x", "period": "2026Q2"},
         Selection(Period("quarter", date(2026, 4, 1)), 2), [Notice("grid", "x")]),
        # an edited link: the grid lies in another village and no 片区 is named; the village wins
        ({"village": "1", "grid": "200"}, Selection(LATEST, 1), [Notice("grid", "200")]),
        ({"village": "1", "service_point": "20", "grid": "200"}, Selection(LATEST, 1),
         [Notice("service_point", "20"), Notice("grid", "200")]),
        # digits other than ASCII's are not ids, and a number too long for any id is no crash
        ({"village": "²"}, Selection(LATEST), [Notice("village", "²")]),
        ({"grid": "１００"}, Selection(LATEST), [Notice("grid", "１００")]),
        ({"village": "٢"}, Selection(LATEST), [Notice("village", "٢")]),
        ({"village": "9" * 5000}, Selection(LATEST), [Notice("village", "9" * 5000)]),
        ({"period": "２０２６-11"}, Selection(LATEST), [Notice("period", "２０２６-11")]),
    ],
)
def test_parse_params_falls_back_with_a_notice(params: dict, selection: Selection, notices: list[Notice]) -> None:
    assert parse_params(params, PLACES, MONTHS) == (selection, notices)


@pytest.mark.parametrize(
    "selection",
    [Selection(LATEST), Selection(Period("quarter", date(2024, 1, 1)), 1), Selection(Period("year", date(2025, 1, 1)), 2, 20, 200)],
)
def test_params_round_trip(selection: Selection) -> None:
    assert parse_params(selection.to_params(), PLACES, MONTHS) == (selection, [])


def test_to_params_and_filter() -> None:
    selection = Selection(LATEST, 1, 10)
    assert selection.to_params() == {"period": "2026-11", "village": "1", "service_point": "10"}
    assert selection.to_filter() == Filter(LATEST, 1, 10, None)
    assert selection.place_names(PLACES) == ["青山村", "一片区"]
    assert Selection(LATEST).place_names(PLACES) == []


@pytest.mark.parametrize(("value", "expected"), [(None, ("zh", [])), ("en", ("en", [])), ("fr", ("zh", [Notice("lang", "fr")]))])
def test_parse_lang(value: str | None, expected: tuple) -> None:
    assert parse_lang({} if value is None else {"lang": value}) == expected


def test_periods_hold_data_newest_first() -> None:
    months = MONTHS.periods("month")
    assert (len(months), months[0], months[-1]) == (36, LATEST, Period("month", date(2023, 12, 1)))
    assert [p.label for p in MONTHS.periods("quarter")][:2] == ["2026Q4", "2026Q3"]
    assert len(MONTHS.periods("quarter")) == 13
    assert [p.label for p in MONTHS.periods("year")] == ["2026", "2025", "2024", "2023"]


def test_switching_period_kind_keeps_the_latest_month_with_data() -> None:
    quarter = Selection(LATEST, 1).with_kind("quarter", MONTHS)
    assert quarter == Selection(Period("quarter", date(2026, 10, 1)), 1)
    year = quarter.with_kind("year", MONTHS)
    assert year.period == Period("year", date(2026, 1, 1))
    assert year.with_kind("month", MONTHS).period == LATEST  # not December 2026: no data yet
    assert Selection(Period("year", date(2025, 1, 1))).with_kind("month", MONTHS).period.label == "2025-12"


def test_month_range_from_the_data_months_query() -> None:
    frame = pd.DataFrame({"first_month": [date(2023, 12, 1)], "last_month": [date(2026, 11, 1)]})
    assert MonthRange.from_frame(frame, date(2027, 1, 5)) == MONTHS
    empty = pd.DataFrame({"first_month": [None], "last_month": [None]})
    assert MonthRange.from_frame(empty, date(2027, 1, 5)) == MonthRange(date(2027, 1, 1), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-13", date(2026, 11, 13)), ("2023-12-01", date(2023, 12, 1)), ("2026-11-20", date(2026, 11, 20)),
        ("2023-11-30", None), ("2026-11-21", None), ("0001-01-01", None), ("9999-12-31", None),  # outside
        ("2026-02-30", None), ("0000-01-01", None), ("20261113", None), ("2026-W46-5", None), ("2026-11-13 ", None),
        ("２０２６-11-13", None), ("", None),
    ],
)
def test_parse_day_takes_a_day_between_the_first_and_the_last(text: str, expected: date | None) -> None:
    assert parse_day(text, date(2023, 12, 1), date(2026, 11, 20)) == expected


DISTRICT = Places(
    villages={1: "青山村", 2: "白溪村", 3: "石门村"},
    service_points={10: (1, "一片区"), 20: (2, "二片区"), 30: (3, "三片区")},
    grids={100: (10, "一网格"), 200: (20, "二网格"), 300: (30, "三网格")},
    townships={7: "罗水乡", 8: "石溪乡"},
    village_townships={1: 7, 2: 7, 3: 8},
)


@pytest.mark.parametrize(
    ("params", "selection", "notices"),
    [
        ({"township": "8"}, Selection(LATEST, township_id=8), []),
        ({"township": "9"}, Selection(LATEST), [Notice("township", "9")]),
        ({"township": "８"}, Selection(LATEST), [Notice("township", "８")]),
        ({"village": "3"}, Selection(LATEST, 3, township_id=8), []),  # a village brings its township
        ({"grid": "200"}, Selection(LATEST, 2, 20, 200, 7), []),
        # an edited link: the village lies in another township; the township wins
        ({"township": "8", "village": "1"}, Selection(LATEST, township_id=8), [Notice("village", "1")]),
        ({"township": "8", "service_point": "10", "grid": "100"}, Selection(LATEST, township_id=8),
         [Notice("service_point", "10"), Notice("grid", "100")]),
        ({"township": "8", "grid": "100"}, Selection(LATEST, township_id=8), [Notice("grid", "100")]),
        ({"township": "7", "village": "2", "grid": "200"}, Selection(LATEST, 2, 20, 200, 7), []),
    ],
)
def test_a_township_above_the_village(params: dict, selection: Selection, notices: list[Notice]) -> None:
    assert parse_params(params, DISTRICT, MONTHS) == (selection, notices)


def test_the_township_in_the_url_and_the_filter() -> None:
    township = Selection(LATEST, township_id=8)
    assert township.to_params() == {"period": "2026-11", "township": "8"}
    assert township.to_filter() == Filter(LATEST, township_id=8)
    assert township.place_names(DISTRICT) == ["石溪乡"]
    village = Selection(LATEST, 3, township_id=8)
    assert village.to_params() == {"period": "2026-11", "village": "3"}  # the village names its township
    assert village.place_names(DISTRICT) == ["石溪乡", "石门村"]
    assert parse_params(village.to_params(), DISTRICT, MONTHS) == (village, [])
    assert parse_params(township.to_params(), DISTRICT, MONTHS) == (township, [])


def test_one_township_is_no_choice() -> None:
    one = Places({1: "青山村"}, {10: (1, "一片区")}, {100: (10, "一网格")}, {7: "罗水乡"}, {1: 7})
    assert not one.is_district and DISTRICT.is_district
    selection = Selection(LATEST, 1, township_id=7)
    assert selection.to_params() == {"period": "2026-11", "village": "1"}
    assert selection.place_names(one) == ["青山村"]


def test_a_village_names_no_township_when_there_is_one() -> None:
    one = Places({1: "青山村"}, {10: (1, "一片区")}, {100: (10, "一网格")}, {7: "罗水乡"}, {1: 7})
    assert parse_params({"village": "1"}, one, MONTHS) == (Selection(LATEST, 1), [])
