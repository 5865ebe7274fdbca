"""member_points on every dialect, against the points ledger of the hand-built community."""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from data_access.points import member_points, points_totals
from tests.data_access.community_fixture import q1

pytestmark = pytest.mark.usefixtures("community")
COLUMNS = ["member_id", "study", "volunteer", "issue", "evaluation", "total", "pending"]


def test_member_points_in_a_quarter(engine: Engine) -> None:
    frame = member_points(q1(), engine)
    # member 1: entries 1 (study 2.0), 2 (volunteer 3.5), 3 (issue 1.5, earned Feb, confirmed Mar) and
    #           8 (evaluation 0.5, earned 31 Dec 2024, confirmed Jan 2025) → 7.5
    # member 2: entry 5 (study 1.0); entry 4 is confirmed in April → Q2
    # member 3: entry 6 is not confirmed → 0, pending 2.5; member 4: entry 7 was confirmed in Dec 2024
    assert frame[COLUMNS].values.tolist() == [
        [1, 2.0, 3.5, 1.5, 0.5, 7.5, 0.0],
        [2, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        [3, 0.0, 0.0, 0.0, 0.0, 0.0, 2.5],
        [4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ]
    assert frame["name"].tolist() == ["张*丰", "李*", "欧**明", "王*"]
    assert frame["star_level"].tolist() == [4, 3, 5, 2]
    assert frame.dtypes[COLUMNS[1:]].unique().tolist() == ["float64"]
    assert frame[["village_id", "service_point_id", "grid_id"]].values.tolist() == [
        [1, 1, 1], [1, 1, 2], [1, 2, 3], [2, 3, 4],
    ]


@pytest.mark.parametrize(
    ("period", "totals"),
    [
        (Period("month", date(2025, 3, 1)), [1.5, 0.0, 0.0, 0.0]),  # entry 3, confirmed in March
        (Period("quarter", date(2025, 4, 1)), [0.0, 2.0, 0.0, 0.0]),  # entry 4, earned in March, confirmed April
        (Period("quarter", date(2024, 10, 1)), [0.0, 0.0, 0.0, 1.0]),  # entry 7; entry 8 belongs to January
        (Period("year", date(2025, 1, 1)), [7.5, 3.0, 0.0, 0.0]),  # 7.5; 1.0 + 2.0
    ],
)
def test_member_points_count_by_confirmed_month(engine: Engine, period: Period, totals: list[float]) -> None:
    assert member_points(Filter(period), engine)["total"].tolist() == totals


def test_member_points_pending_only_for_entries_earned_in_the_period(engine: Engine) -> None:
    # entry 6 (2.5, unconfirmed) was earned on 15 Mar 2025: pending in March and Q1, not in Q2
    assert member_points(Filter(Period("month", date(2025, 3, 1))), engine)["pending"].tolist() == [0, 0, 2.5, 0]
    assert member_points(Filter(Period("quarter", date(2025, 4, 1))), engine)["pending"].sum() == 0


@pytest.mark.parametrize(
    ("place", "members"),
    [
        ({"village_id": 2}, [4]),
        ({"service_point_id": 1}, [1, 2]),
        ({"grid_id": 3}, [3]),
        ({"scope": frozenset({1})}, [1, 2, 3]),
    ],
)
def test_member_points_by_place(engine: Engine, place: dict, members: list[int]) -> None:
    assert member_points(q1(**place), engine)["member_id"].tolist() == members


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # members 1 (7.5) and 2 (1.0) have confirmed points; member 3 only a pending 2.5; 8.5 / 4 members
        ({}, [4, 2, 8.5, 2.5, 2.125]),
        ({"village_id": 2}, [1, 0, 0.0, 0.0, 0.0]),  # member 4's only entry was confirmed in Dec 2024
        ({"grid_id": 5}, [0, 0, 0.0, 0.0, None]),  # no members: no points per member
    ],
)
def test_points_totals(engine: Engine, place: dict, expected: list) -> None:
    frame = points_totals(q1(**place), engine)
    values = frame[["members", "members_with_points", "points", "pending", "per_member"]].iloc[0].tolist()
    assert [None if pd.isna(value) else value for value in values] == expected
