"""The township level and the district view on two townships, on every dialect: the issue loop's village 2 as a
second township (issue_fixture's figures by village, worked out there by hand, are the townships' here)."""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_access.db import read_frame
from data_access.filters import grid_ids, service_point_ids, township_ids, village_ids
from data_access.geo import map_figures, township_outlines
from data_access.issue_lists import issue_list
from data_access.loop import loop_figures
from data_access.meetings import new_issues, overdue_and_escalated_by_owner
from tests.data_access.district_fixture import split_into_two_townships
from tests.data_access.issue_fixture import march


@pytest.fixture(scope="module")
def district(issue_loop: Engine) -> Engine:
    return split_into_two_townships(issue_loop)


def ids(query: select, engine: Engine) -> list[int]:
    return sorted(read_frame(query, engine).iloc[:, 0].tolist())


def test_a_township_narrows_every_place(district: Engine) -> None:
    assert ids(grid_ids(march(township_id=1)), district) == [1, 2, 3]
    assert ids(grid_ids(march(township_id=2)), district) == [4]
    assert ids(service_point_ids(march(township_id=2)), district) == [3]
    assert ids(village_ids(march(township_id=1)), district) == [1]
    assert ids(township_ids(march()), district) == [1, 2]
    assert ids(township_ids(march(grid_id=4)), district) == [2]
    # a village of another township: nothing
    assert ids(grid_ids(march(township_id=2, village_id=1)), district) == []
    assert ids(village_ids(march(township_id=2, scope=frozenset({1}))), district) == []


def test_the_loop_inside_a_township(district: Engine) -> None:
    # township 2 = village 2: filed 5, due 5, closed 5, on time 4, overdue 0, reopened 1 (as in
    # test_issues.test_the_figures_by_village_rank_only_full_samples)
    now = loop_figures(march(township_id=2), district).iloc[0]
    assert now[["filed", "due", "closed", "closed_on_time", "overdue_open", "reopened"]].tolist() == [5, 5, 5, 4, 0, 1]
    village = loop_figures(march(township_id=2, village_id=2), district).iloc[0]
    assert village["due"] == 5
    assert loop_figures(march(township_id=1, village_id=2), district).iloc[0]["due"] == 0


def test_the_district_view_ranks_the_townships(district: Engine) -> None:
    frame = map_figures(march(), "township", district)
    assert frame[["township_id", "township"]].values.tolist() == [[1, "罗水乡"], [2, "石溪乡"]]
    # township 1 (village 1): filed 1 2 4 5 9 11 14; due 1 2 3 5 6 9 11 13 14; closed 1 2 3 5 (on time 1 5);
    # overdue 6 9 11 13 14; reopened 9. Township 2 (village 2): filed 5, due 5, closed 5, on time 4, reopened 1
    assert frame[["filed", "due", "closed", "closed_on_time", "overdue_open", "reopened"]].values.tolist() == [
        [7, 9, 4, 2, 5, 1], [5, 5, 5, 4, 0, 1]]
    assert frame["on_time_rate"].tolist() == pytest.approx([2 / 9, 4 / 5])
    assert frame["on_time_rank"].tolist() == [2, 1]  # both reach 5 due
    # callbacks on filed issues: township 1: 1 2 3 (satisfied 1 3); township 2: 4 5 8 9 10 (satisfied 4 8 9)
    assert frame[["callbacks", "satisfied"]].values.tolist() == [[3, 2], [5, 3]]
    assert frame["satisfaction_rate"].tolist() == pytest.approx([2 / 3, 3 / 5])
    assert frame["evaluation_rank"].tolist() == [pd.NA, 1]  # 3 callbacks < 5: 样本不足
    # grids 1-3 in township 1, grid 4 in township 2; no party member, so nobody is ranked on points
    assert frame["grids"].tolist() == [3, 1] and frame["rank"].isna().all()
    # the chosen township does not change whom the district view compares
    assert frame.equals(map_figures(march(township_id=2), "township", district))


def test_the_district_view_inside_the_scope(district: Engine) -> None:
    frame = map_figures(march(scope=frozenset({2})), "township", district)
    assert frame["township_id"].tolist() == [2]
    assert frame["on_time_rank"].tolist() == [1]


def test_township_outlines_of_the_district(district: Engine) -> None:
    outlines = township_outlines(march(), district)["features"]
    assert [(f["properties"]["id"], f["properties"]["name"]) for f in outlines] == [(2, "石溪乡")]  # 1 has none
    assert township_outlines(march(township_id=1), district)["features"] == []



def test_issue_rows_carry_their_township(district: Engine) -> None:
    # 10 and 5, the issues new since 03-26, lie in village 1, so in 罗水乡
    assert new_issues(march(), date(2024, 3, 26), date(2024, 3, 31), district)["township"].tolist() == ["罗水乡"] * 2
    owners = overdue_and_escalated_by_owner(march(), date(2024, 3, 31), district)
    assert len(owners) > 1
    assert (owners["township"] == "石溪乡").tolist() == (owners["service_point"] == "片区3").tolist()
    listed = issue_list(march(township_id=2), None, district)
    assert set(listed["township"]) == {"石溪乡"} and set(listed["village"]) == {"乙村"} and len(listed) > 0
