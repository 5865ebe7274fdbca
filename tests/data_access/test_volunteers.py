"""The volunteer queries on every dialect, against the hand-built community (activities and services listed there)."""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from data_access.volunteers import (
    hours_by_kind,
    hours_by_place,
    idle_grids,
    monthly_activity_matrix,
    team_summary,
    top_volunteers,
    top_volunteers_between,
    volunteer_hours_by_month,
    volunteer_totals,
    volunteer_totals_between,
)
from tests.data_access.community_fixture import q1

pytestmark = pytest.mark.usefixtures("community")
FIGURES = ["activities", "participants", "hours"]


def test_team_summary_for_the_township(engine: Engine) -> None:
    frame = team_summary(q1(), engine)
    # team 1: activity 6 (4.0 h); team 2: activity 7 (1.5 h);
    # team 3: activities 1, 2, 3, 9 with services 1, 2, 3, 4, 10: 2.0 + 1.5 + 3.0 + 1.0 + 0.5 = 8.0 h;
    #         Q4 2024: activity 8 (2.0 h); team 4: activity 4 (2.5 h), Q4 2024: activity 5 (2.0 h)
    assert frame[["team_id", "members", *FIGURES]].values.tolist() == [
        [1, 1, 1, 1, 4.0], [2, 1, 1, 1, 1.5], [3, 2, 4, 5, 8.0], [4, 1, 1, 1, 2.5],
    ]
    assert frame[["previous_activities", "previous_participants", "previous_hours"]].values.tolist() == [
        [0, 0, 0.0], [0, 0, 0.0], [1, 1, 2.0], [1, 1, 2.0],
    ]
    assert frame["village_id"].isna().tolist() == [True, True, False, False]
    assert frame.dtypes[["activities", "participants", "hours", "previous_hours"]].tolist() == [
        "int64", "int64", "float64", "float64",
    ]


@pytest.mark.parametrize(
    ("place", "teams"),
    [
        ({"village_id": 2}, [4]),
        ({"grid_id": 3}, [3]),  # grid 3 lies in village 1: its village team, no township team
        ({"scope": frozenset({2})}, [1, 2, 4]),  # no place chosen: the township teams show too
    ],
)
def test_team_summary_by_place(engine: Engine, place: dict, teams: list[int]) -> None:
    assert team_summary(q1(**place), engine)["team_id"].tolist() == teams


def test_monthly_activity_matrix(engine: Engine) -> None:
    frame = monthly_activity_matrix(q1(), months=4, engine=engine)
    # Dec 2024 – Mar 2025 × village teams 3, 4; team 3: activities 1 (Jan), 2 (Feb), 9 (Mar); team 4: 5 (Dec), 4 (Jan)
    assert frame["month"].tolist()[:4] == list(pd.date_range("2024-12-01", periods=4, freq="MS"))
    assert frame["team_id"].tolist() == [3] * 4 + [4] * 4
    assert frame["held"].tolist() == [False, True, True, True, True, True, False, False]


def test_monthly_activity_matrix_for_a_village(engine: Engine) -> None:
    frame = monthly_activity_matrix(q1(village_id=1), months=5, engine=engine)
    # Nov 2024 – Mar 2025, team 3 only; activity 8 (Nov, no grid) is its monthly activity too
    assert frame["monthly_activities"].tolist() == [1, 0, 1, 1, 1]


def test_volunteer_hours_by_month(engine: Engine) -> None:
    frame = volunteer_hours_by_month(q1(), months=6, engine=engine)
    # Oct: none; Nov: activity 8; Dec: activity 5; Jan: 1 (2.0 + 1.5), 4 (2.5); Feb: 2 (3.0), 3 (1.0);
    # Mar: 6 (4.0), 7 (1.5), 9 (0.5)
    assert frame["month"].tolist() == list(pd.date_range("2024-10-01", periods=6, freq="MS"))
    assert frame["month"].dtype == "datetime64[us]"
    assert frame[FIGURES].values.tolist() == [
        [0, 0, 0.0], [1, 1, 2.0], [1, 1, 2.0], [2, 3, 6.0], [2, 2, 4.0], [3, 3, 6.0],
    ]
    assert frame.dtypes[FIGURES].tolist() == ["int64", "int64", "float64"]


@pytest.mark.parametrize(
    ("place", "months", "hours"),
    [
        # village 1: its grids 1-3 (activity 6 of a township team included) and team 3's gridless activity 8;
        # Mar: 6 (4.0) + 9 (0.5); the township team's gridless activity 7 is left out
        ({"village_id": 1}, 6, [0.0, 2.0, 0.0, 3.5, 4.0, 4.5]),
        ({"grid_id": 4}, 4, [2.0, 2.5, 0.0, 0.0]),  # Dec: activity 5, Jan: activity 4
        # scope village 2, no place chosen: grid 4 and the township team's gridless activity 7 (Mar)
        ({"scope": frozenset({2})}, 3, [2.5, 0.0, 1.5]),
    ],
)
def test_volunteer_hours_by_month_by_place(engine: Engine, place: dict, months: int, hours: list[float]) -> None:
    assert volunteer_hours_by_month(q1(**place), months=months, engine=engine)["hours"].tolist() == hours


def test_hours_by_kind(engine: Engine) -> None:
    frame = hours_by_kind(q1(), engine)
    # cleaning: activities 1, 4, 9 with 2 + 1 + 1 services, 3.5 + 2.5 + 0.5 h
    assert frame.values.tolist() == [
        ["cleaning", 3, 4, 6.5], ["elderly_care", 1, 1, 4.0], ["teaching", 1, 1, 3.0],
        ["child_care", 1, 1, 1.5], ["policy", 1, 1, 1.0],
    ]
    assert hours_by_kind(q1(grid_id=1), engine).values.tolist() == [["cleaning", 1, 2, 3.5], ["policy", 1, 1, 1.0]]


def test_hours_by_place(engine: Engine) -> None:
    # by grid: grid 1: activities 1, 3 (3.5 + 1.0); grid 2: 2 (3.0); grid 3: 6, 9 (4.0 + 0.5); grid 4: 4 (2.5);
    # grid 5 none; gridless activity 7 is not placed
    assert hours_by_place(q1(), "grid", engine)[["grid_id", *FIGURES]].values.tolist() == [
        [1, 2, 3, 4.5], [2, 1, 1, 3.0], [3, 2, 2, 4.5], [4, 1, 1, 2.5], [5, 0, 0, 0.0],
    ]
    # village 1 = grids 1-3: 2 + 1 + 2 activities, 3 + 1 + 2 services, 4.5 + 3.0 + 4.5 h
    assert hours_by_place(q1(), "village", engine)[["village_id", *FIGURES]].values.tolist() == [
        [1, 5, 6, 12.0], [2, 1, 1, 2.5],
    ]
    assert hours_by_place(q1(village_id=1), "service_point", engine)[["service_point_id", *FIGURES]].values.tolist() == [
        [1, 3, 4, 7.5], [2, 2, 2, 4.5],
    ]


def test_idle_grids(engine: Engine) -> None:
    frame = idle_grids(q1(), engine)
    assert frame["grid_id"].tolist() == [5]
    assert frame["last_activity"].isna().all()
    # February: only activities 2 (grid 2) and 3 (grid 1) → grids 3, 4, 5 idle; grid 4 last held on 15 Jan
    february = idle_grids(Filter(Period("month", date(2025, 2, 1))), engine)
    assert february["grid_id"].tolist() == [3, 4, 5]
    assert february["last_activity"].tolist()[1] == date(2025, 1, 15)
    assert february["kind"].tolist() == ["study", "service", "service"]


def test_top_volunteers(engine: Engine) -> None:
    frame = top_volunteers(q1(), limit=3, engine=engine)
    # 1: services 1, 3 = 5.0 h; 4: service 7 = 4.0 h; 2: services 2, 4, 10 = 3.0 h; then 3 (2.5 h), 5 (1.5 h)
    assert frame[["volunteer_id", "services", "hours"]].values.tolist() == [[1, 2, 5.0], [4, 1, 4.0], [2, 3, 3.0]]
    assert frame["name"].tolist() == ["赵*海", "周*", "钱*红"]
    assert frame["party_member"].tolist() == [True, False, False]
    assert "phone" not in frame.columns
    assert top_volunteers(q1(village_id=2), engine=engine)["volunteer_id"].tolist() == [3]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # Q1: activities 1-4, 6, 7, 9 with services 1-5, 7, 8, 10 (8 registrations, 16.0 h) by volunteers 1-5;
        # Q4 2024: activities 5 and 8 (2.0 h each) by volunteers 3 and 1
        ({}, [7, 8, 16.0, 5, 2, 2, 4.0, 2]),
        # village 2: activity 4 (grid 4) in Q1, activity 5 in Q4 2024, by volunteer 3
        ({"village_id": 2}, [1, 1, 2.5, 1, 1, 1, 2.0, 1]),
    ],
)
def test_volunteer_totals(engine: Engine, place: dict, expected: list) -> None:
    frame = volunteer_totals(q1(**place), engine)
    columns = [*FIGURES, "volunteers", *(f"previous_{name}" for name in [*FIGURES, "volunteers"])]
    assert frame[columns].iloc[0].tolist() == expected


def test_volunteer_totals_between_two_days_and_the_days_before(engine: Engine) -> None:
    # 2025-03-08 … 03-20: activities 6 (4.0 h) and 7 (1.5 h); the 13 days before: activity 9 (0.5 h) on 03-05
    frame = volunteer_totals_between(q1(), date(2025, 3, 8), date(2025, 3, 21), engine)
    columns = [*FIGURES, "volunteers", *(f"previous_{name}" for name in [*FIGURES, "volunteers"])]
    assert frame[columns].iloc[0].tolist() == [2, 2, 5.5, 2, 1, 1, 0.5, 1]


def test_top_volunteers_between_two_days(engine: Engine) -> None:
    frame = top_volunteers_between(q1(), date(2025, 3, 5), date(2025, 3, 21), engine=engine)
    assert frame[["volunteer_id", "hours"]].values.tolist() == [[4, 4.0], [5, 1.5], [2, 0.5]]
    village = top_volunteers_between(q1(village_id=1), date(2025, 3, 5), date(2025, 3, 21), engine=engine)
    assert village["volunteer_id"].tolist() == [4, 2]  # 7 is a township team's activity without a grid
