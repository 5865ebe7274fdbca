"""The organisation queries on every dialect, against a small hand-built tree."""
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, delete, insert

from data_access.filters import Filter, Period
from data_access.organisation import (
    counts_by_place,
    data_months,
    grids,
    headline_counts,
    service_points,
    townships,
    unit_counts,
    villages,
)
from schema import (
    Grid,
    Household,
    HouseholdResidence,
    Issue,
    PartyMember,
    ServicePoint,
    Talent,
    Township,
    Village,
    VillagerGroup,
    Visit,
    VolunteerActivity,
    VolunteerTeam,
)
from tests.rows import PLACE, grid_row, household_row, residence_rows, service_point_row

PERIOD = Period("month", date(2026, 11, 1))
PERSON = {"name": "张三", "phone": "13800000000"}


def _grid(id_: int, service_point_id: int) -> dict:
    return grid_row(id_, service_point_id, kind="service", head_name="李四", worker_name="赵六",
                    worker_phone="13900000000")


def _household(id_: int, grid_id: int, group_id: int, size: int) -> dict:
    return household_row(id_, grid_id, group_id, head_name="张三", head_phone="13800000000", size=size)


@pytest.fixture(scope="module")
def tree(engine: Engine) -> Iterator[Engine]:
    """Village 1 (片区 1: grids 1, 2; 片区 2: grid 3) and village 2 (片区 3: grid 4), with people and teams."""
    households = [_household(1, 1, 1, 3), _household(2, 2, 1, 4), _household(3, 3, 2, 2), _household(4, 4, 3, 5)]
    rows = [
        (Township, [{"id": 1, "name": "罗水乡", "centre_name": "中心", "is_demo": True, **PLACE}]),
        (Village, [{"id": v, "township_id": 1, "name": f"村{v}", "station_name": "站", **PLACE} for v in (1, 2)]),
        (VillagerGroup, [{"id": g, "village_id": v, "name": f"{g}组"} for g, v in ((1, 1), (2, 1), (3, 2))]),
        (ServicePoint, [service_point_row(s, v, leader_name="李四", instructor_name="王五")
                        for s, v in ((1, 1), (2, 1), (3, 2))]),
        (Grid, [_grid(1, 1), _grid(2, 1), _grid(3, 2), _grid(4, 3)]),
        (Household, households),
        (HouseholdResidence, residence_rows(households)),
        (PartyMember, [{"id": m, "grid_id": g, **PERSON} for m, g in ((1, 1), (2, 3), (3, 4))]),
        (Talent, [{"id": t, "village_id": v, "grid_id": g, "category": "industry", "basis": "registration",
                   "returned": r, **PERSON} for t, v, g, r in ((1, 1, 1, True), (2, 1, None, False), (3, 2, 4, True))]),
        (VolunteerTeam, [{"id": t, "township_id": 1, "village_id": v, "name": f"队{t}"}
                         for t, v in ((1, None), (2, 1), (3, 2))]),
    ]
    with engine.begin() as conn:
        for model, values in rows:
            conn.execute(insert(model), values)
    yield engine
    with engine.begin() as conn:
        for model, _ in reversed(rows):
            conn.execute(delete(model))


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ({}, dict(villages=2, service_points=3, grids=4, villager_groups=3, households=4, residents=14,
                  party_members=3, talents=3, returned_talents=2, volunteer_teams=3)),
        ({"village_id": 1}, dict(villages=1, service_points=2, grids=3, villager_groups=2, households=3, residents=9,
                                 party_members=2, talents=2, returned_talents=1, volunteer_teams=1)),
        ({"service_point_id": 1}, dict(villages=1, service_points=1, grids=2, villager_groups=1, households=2,
                                       residents=7, party_members=1, talents=1, returned_talents=1,
                                       volunteer_teams=1)),
        ({"grid_id": 4}, dict(villages=1, service_points=1, grids=1, villager_groups=1, households=1, residents=5,
                              party_members=1, talents=1, returned_talents=1, volunteer_teams=1)),
    ],
)
def test_headline_counts_follow_the_place(tree: Engine, place: dict, expected: dict) -> None:
    assert headline_counts(Filter(PERIOD, **place), tree).iloc[0].to_dict() == expected


def test_scope_limits_the_counts_and_lists(tree: Engine) -> None:
    scoped = Filter(PERIOD, scope=frozenset({2}))
    assert headline_counts(scoped, tree).iloc[0]["households"] == 1
    assert villages(scoped, tree)["id"].tolist() == [2]


def test_lists_cascade_village_to_grid(tree: Engine) -> None:
    assert villages(Filter(PERIOD), tree)["name"].tolist() == ["村1", "村2"]
    assert service_points(Filter(PERIOD, village_id=1), tree)["id"].tolist() == [1, 2]
    assert grids(Filter(PERIOD, village_id=1, service_point_id=1), tree)["id"].tolist() == [1, 2]
    assert grids(Filter(PERIOD, village_id=2), tree)["id"].tolist() == [4]


def test_townships_say_whether_the_data_is_demo(tree: Engine) -> None:
    assert townships(tree).to_dict("records") == [{"id": 1, "name": "罗水乡", "is_demo": True}]


def test_data_months_span_every_dated_record(tree: Engine) -> None:
    months = data_months(tree).iloc[0]
    assert months.isna().all()
    records = [
        (Issue, {"id": 1, "grid_id": 1, "service_line": "info", "source": "visit", "title": "路灯坏了",
                 "reported_at": datetime(2026, 11, 20, 9, 30)}),
        (Visit, {"id": 1, "household_id": 1, "grid_id": 1, "visited_on": date(2023, 12, 31)}),
        (VolunteerActivity, {"id": 1, "team_id": 2, "held_on": date(2025, 6, 1), "kind": "cleaning", "place": "广场"}),
    ]
    with tree.begin() as conn:
        for model, values in records:
            conn.execute(insert(model), values)
    try:
        months = data_months(tree).iloc[0]
        assert (months["first_month"], months["last_month"]) == (date(2023, 12, 1), date(2026, 11, 1))
    finally:
        with tree.begin() as conn:
            for model, _ in reversed(records):
                conn.execute(delete(model))


@pytest.mark.parametrize(
    ("place", "level", "ids", "households"),
    [({}, "village", [1, 2], [3, 1]), ({"village_id": 1}, "service_point", [1, 2], [2, 1]),
     ({"village_id": 1, "service_point_id": 1}, "grid", [1, 2], [1, 1]), ({"grid_id": 3}, "grid", [3], [1])],
)
def test_unit_counts_go_one_level_down(tree: Engine, place: dict, level: str, ids: list, households: list) -> None:
    units = unit_counts(Filter(PERIOD, **place), tree)
    assert (units["level"] == level).all()
    assert units["id"].tolist() == ids
    assert units["households"].tolist() == households
    assert units.columns[3:].tolist() == headline_counts(Filter(PERIOD), tree).columns.tolist()



@pytest.mark.parametrize("place", [{}, {"village_id": 1}, {"village_id": 1, "service_point_id": 1}, {"grid_id": 3}])
def test_unit_counts_are_the_headline_counts_of_each_unit(tree: Engine, place: dict) -> None:
    units = unit_counts(Filter(PERIOD, **place), tree)
    level = units["level"].iloc[0]
    for row in units.to_dict("records"):
        alone = headline_counts(Filter(PERIOD, **{**place, f"{level}_id": row["id"]}), tree).iloc[0].to_dict()
        assert {name: row[name] for name in alone} == alone


def test_unit_counts_without_units_keep_their_types(tree: Engine) -> None:
    units = unit_counts(Filter(PERIOD, village_id=1, scope=frozenset({2})), tree)
    assert units.empty and units["id"].dtype == "int64" and units["households"].dtype == "int64"

def test_counts_by_place_group_the_standing_counts(tree: Engine) -> None:
    villages_ = counts_by_place(Filter(PERIOD), "village", tree)
    assert villages_[["village_id", "grids", "households", "residents", "party_members"]].values.tolist() == [
        [1, 3, 3, 9, 2], [2, 1, 1, 5, 1]]
    points = counts_by_place(Filter(PERIOD, village_id=1), "service_point", tree)
    assert points[["service_point_id", "grids", "households", "residents", "party_members"]].values.tolist() == [
        [1, 2, 2, 7, 1], [2, 1, 1, 2, 1]]
    with tree.begin() as conn:  # a grid without households or members
        conn.execute(insert(Grid), _grid(5, 3))
    try:
        assert counts_by_place(Filter(PERIOD, village_id=2), "grid", tree)[
            ["grid_id", "households", "residents", "party_members"]].values.tolist() == [[4, 1, 5, 1], [5, 0, 0, 0]]
    finally:
        with tree.begin() as conn:
            conn.execute(delete(Grid).where(Grid.id == 5))
