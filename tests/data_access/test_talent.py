"""The talent and leading-enterprise queries on every dialect, against the hand-built community."""
import pytest
from sqlalchemy import Engine

from data_access.talent import (
    enterprises_per_grid,
    grid_rules,
    grid_rules_by_kind,
    talent_summary,
    talents_per_grid,
)
from tests.data_access.community_fixture import q1

pytestmark = pytest.mark.usefixtures("community")


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # industry: talents 1, 4, 6, 7 (returned 1, 4); technology: 2, 8 (returned 8); management: 3;
        # party_government: 5
        ({}, [["industry", 4, 2], ["technology", 2, 1], ["management", 1, 0], ["party_government", 1, 0]]),
        # village 1: talents 1-4 (4 is in the village's pool without a grid)
        ({"village_id": 1}, [["industry", 2, 2], ["technology", 1, 0], ["management", 1, 0],
                             ["party_government", 0, 0]]),
        # 片区 1 = grids 1, 2: talents 1-3; the unassigned talent 4 drops out
        ({"service_point_id": 1}, [["industry", 1, 1], ["technology", 1, 0], ["management", 1, 0],
                                   ["party_government", 0, 0]]),
        ({"grid_id": 5}, [["industry", 0, 0], ["technology", 0, 0], ["management", 0, 0],
                          ["party_government", 0, 0]]),
        # a 片区长 of 片区 1 sees what the 片区 holds, not village 1's unassigned talent 4, whatever is chosen
        ({"area_scope": frozenset({1})}, [["industry", 1, 1], ["technology", 1, 0], ["management", 1, 0],
                                          ["party_government", 0, 0]]),
        ({"area_scope": frozenset({1}), "village_id": 1}, [["industry", 1, 1], ["technology", 1, 0],
                                                           ["management", 1, 0], ["party_government", 0, 0]]),
    ],
)
def test_talent_summary(engine: Engine, place: dict, expected: list) -> None:
    frame = talent_summary(q1(**place), engine)
    assert frame.values.tolist() == expected
    assert frame.dtypes[["talents", "returned"]].tolist() == ["int64", "int64"]


def test_talents_per_grid(engine: Engine) -> None:
    frame = talents_per_grid(q1(), engine)
    # grid 1: talents 1, 2; grid 2: 3; grid 3: none; grid 4: 5-8 (more than 3); grid 5: none
    assert frame[["grid_id", "talents", "returned", "outside_norm"]].values.tolist() == [
        [1, 2, 1, False], [2, 1, 0, False], [3, 0, 0, True], [4, 4, 1, True], [5, 0, 0, True],
    ]
    assert frame["kind"].tolist() == ["industry", "governance", "study", "service", "service"]
    assert talents_per_grid(q1(village_id=2), engine)["grid_id"].tolist() == [4, 5]


def test_enterprises_per_grid(engine: Engine) -> None:
    frame = enterprises_per_grid(q1(), engine)
    # enterprise 1 (grid 1): household 1 employed, 2, 3, 8 linked; enterprise 2 (grid 4): 10, 11 employed, 12 linked;
    # enterprise 3 on grid 1 does not lead and is left out
    assert frame[["grid_id", "enterprise_id", "employed_households", "linked_households", "households"]].fillna(
        0
    ).values.tolist() == [[1, 1, 1, 3, 4], [2, 0, 0, 0, 0], [3, 0, 0, 0, 0], [4, 2, 2, 1, 3], [5, 0, 0, 0, 0]]
    assert frame["has_leading"].tolist() == [True, False, False, True, False]
    assert frame["enterprise"].tolist()[0] == "龙凤梯田合作社"
    assert frame["enterprise_kind"].tolist()[3] == "enterprise"


def test_enterprises_per_grid_by_place(engine: Engine) -> None:
    frame = enterprises_per_grid(q1(scope=frozenset({2})), engine)
    assert frame[["grid_id", "has_leading"]].values.tolist() == [[4, True], [5, False]]
    assert enterprises_per_grid(q1(grid_id=2), engine)["has_leading"].tolist() == [False]


RULES = ["grids", "talents", "grids_within_norm", "grids_with_leading", "households", "employed_households",
         "linked_households"]


def test_grid_rules(engine: Engine) -> None:
    frame = grid_rules(q1(), engine)
    # talents on grids: 1 → 2, 2 → 1, 4 → 4 (talent 4 has no grid); 1–3: grids 1, 2; leading: grids 1, 4 (not the
    # shop on grid 1); households of leading enterprises: 1 employed, 2, 3, 8 linked; 10, 11 employed, 12 linked
    assert frame[RULES].values.tolist() == [[5, 7, 2, 2, 7, 3, 4]]
    assert grid_rules(q1(service_point_id=2), engine)[RULES].values.tolist() == [[1, 0, 0, 0, 0, 0, 0]]


def test_grid_rules_by_kind(engine: Engine) -> None:
    frame = grid_rules_by_kind(q1(), engine)
    assert frame[["kind", *RULES]].values.tolist() == [
        ["industry", 1, 2, 1, 1, 4, 1, 3],  # grid 1
        ["governance", 1, 1, 1, 0, 0, 0, 0],  # grid 2
        ["study", 1, 0, 0, 0, 0, 0, 0],  # grid 3
        ["service", 2, 4, 0, 1, 3, 2, 1],  # grids 4, 5
    ]
    assert frame.dtypes[RULES].tolist() == ["int64"] * 7
    # village 2 holds only service grids: the other kinds are listed with zeros
    frame = grid_rules_by_kind(q1(village_id=2), engine)
    assert frame["kind"].tolist() == ["industry", "governance", "study", "service"]
    assert frame["grids"].tolist() == [0, 0, 0, 2]
