"""The 「六有」 service-point queries on every dialect, against a few hand-built points.

Village 1: point 1 has all six items, point 2 lacks 制度上墙 and 工作台账 (grid 1 lies in it); village 2: point 3
lacks 文化广场; village 3 has no point yet.
"""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from data_access.service_points import six_haves, six_haves_by_village, six_haves_compliance
from schema import SIX_HAVES, Grid, ServicePoint, Township, Village
from tests.rows import PLACE, grid_row, insert_rows, service_point_row, six_haves_columns

MONTH = Period("month", date(2026, 11, 1))
MISSING = {1: (), 2: ("has_rules_on_wall", "has_work_ledger"), 3: ("has_culture_square",)}
ROWS = [
    (Township, [{"id": 1, "name": "罗水乡", "centre_name": "中心", **PLACE}]),
    (Village, [{"id": v, "township_id": 1, "name": f"{v}村", "station_name": "工作站", **PLACE} for v in (1, 2, 3)]),
    (ServicePoint, [service_point_row(s, v, **six_haves_columns(MISSING[s]))
                    for s, v in ((1, 1), (2, 1), (3, 2))]),
    (Grid, [grid_row(1, 2, kind="service")]),
]


@pytest.fixture(scope="module", autouse=True)
def points(engine: Engine) -> Engine:
    return insert_rows(engine, ROWS)


def test_six_haves(engine: Engine) -> None:
    frame = six_haves(Filter(MONTH), engine)
    assert frame[["village_id", "service_point_id", "items_met", "meets_all"]].values.tolist() == [
        [1, 1, 6, True], [1, 2, 4, False], [2, 3, 5, False],
    ]
    assert frame[list(SIX_HAVES)].values.tolist()[1] == [True, True, True, True, False, False]
    assert frame.dtypes[list(SIX_HAVES)].tolist() == ["bool"] * 6


@pytest.mark.parametrize(
    ("place", "points"),
    [({"village_id": 1}, [1, 2]), ({"grid_id": 1}, [2]), ({"scope": frozenset({2})}, [3]), ({"village_id": 3}, [])],
)
def test_six_haves_follows_the_place(engine: Engine, place: dict, points: list[int]) -> None:
    assert six_haves(Filter(MONTH, **place), engine)["service_point_id"].tolist() == points


def test_six_haves_compliance(engine: Engine) -> None:
    frame = six_haves_compliance(Filter(MONTH), engine)
    assert frame[["points", "points_meeting_all", *SIX_HAVES]].values.tolist() == [[3, 1, 2, 3, 3, 3, 2, 2]]
    assert frame["share_meeting_all"].tolist() == [pytest.approx(1 / 3)]
    empty = six_haves_compliance(Filter(MONTH, village_id=3), engine)
    assert empty[["points", "points_meeting_all"]].values.tolist() == [[0, 0]]
    assert pd.isna(empty["share_meeting_all"].iloc[0])


def test_six_haves_by_village(engine: Engine) -> None:
    frame = six_haves_by_village(Filter(MONTH), engine)
    # village 3 is listed without points
    assert frame[["village_id", "points", "points_meeting_all", "has_culture_square"]].values.tolist() == [
        [1, 2, 1, 2], [2, 1, 0, 0], [3, 0, 0, 0],
    ]
    assert frame["share_meeting_all"].tolist()[:2] == pytest.approx([0.5, 0.0])
    assert pd.isna(frame["share_meeting_all"].iloc[2])
    frame = six_haves_by_village(Filter(MONTH, grid_id=1), engine)
    assert frame[["village_id", "points", "points_meeting_all", "has_work_ledger"]].values.tolist() == [[1, 1, 0, 0]]
