"""The morning alerts on every dialect: each raised where the fixture sets it up, and quiet where it does not."""
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.alerts import (
    data_as_of,
    failing_six_haves,
    growing_backlogs,
    members_outside_link_norm,
    silent_grids,
    unvisited_watch_households,
)
from data_access.filters import Period
from data_access.loop import loop_by_month
from tests.data_access.alert_fixture import AS_OF, march

pytestmark = pytest.mark.usefixtures("alert_town")
JAN, FEB = Period("month", date(2025, 1, 1)), Period("month", date(2025, 2, 1))
Q1 = Period("quarter", date(2025, 1, 1))


def test_data_as_of_is_the_last_recorded_day_of_the_period(engine: Engine) -> None:
    assert data_as_of(march(), engine)["as_of"].tolist() == [AS_OF]  # not the April visit, not 03-31
    assert data_as_of(march(grid_id=5), engine)["as_of"].tolist() == [AS_OF]  # a silent grid does not move it
    assert data_as_of(replace(march(), period=FEB), engine)["as_of"].tolist() == [date(2025, 2, 19)]
    empty = Period("month", date(2026, 1, 1))
    assert data_as_of(replace(march(), period=empty), engine)["as_of"].tolist() == [date(2026, 1, 31)]


def test_a_backlog_growing_three_months_running_raises_the_alert(engine: Engine) -> None:
    frame = growing_backlogs(march(), engine=engine)
    assert frame.columns.tolist() == ["village_id", "village", "backlog_0", "backlog_1", "backlog_2", "backlog_3",
                                      "growth"]
    # village 1: 1 → 2 → 3 → 4 (ends of Dec–Mar); village 2: 1 → 1 → 1 → 2 breaks the run
    assert frame.values.tolist() == [[1, "甲村", 1, 2, 3, 4, 3]]
    flow = loop_by_month(march(village_id=1), months=4, engine=engine)
    assert frame.iloc[0, 2:6].tolist() == flow["open_at_end"].tolist()


def test_a_flat_month_or_a_short_run_raises_no_backlog_alert(engine: Engine) -> None:
    assert growing_backlogs(march(village_id=2), engine=engine).empty
    assert growing_backlogs(replace(march(), period=JAN), engine=engine).empty  # 0 → 0 → 1 → 2
    assert growing_backlogs(replace(march(), period=FEB), engine=engine)["village_id"].tolist() == [1]  # 0 → 1 → 2 → 3
    assert growing_backlogs(march(), months=5, engine=engine).empty  # 0 at the ends of October and November


def test_a_running_quarter_looks_at_the_months_up_to_its_last_data(engine: Engine) -> None:
    quarter = replace(march(), period=Q1)
    assert growing_backlogs(quarter, engine=engine)["village_id"].tolist() == [1]
    assert unvisited_watch_households(quarter, engine)["household_id"].tolist() == [6]


def test_grids_without_a_record_in_30_days_are_silent(engine: Engine) -> None:
    frame = silent_grids(march(), engine=engine)
    # grid 5: never a record; grid 2: last visit 02-18, 30 days before 03-20 (the April visit is after the period)
    assert frame["grid_id"].tolist() == [5, 2]
    assert frame[["days_since_visit", "days_since_issue", "days_since_activity", "days_silent"]].iloc[1].tolist() == [
        30, pd.NA, pd.NA, 30]
    assert frame["days_silent"].isna().tolist() == [True, False]
    assert frame["worker_name"].tolist() == ["网***号", "网***号"]  # masked


def test_a_record_29_days_ago_keeps_a_grid_off_the_silent_list(engine: Engine) -> None:
    assert silent_grids(march(grid_id=4), engine=engine).empty  # an activity on 02-19
    assert silent_grids(march(village_id=1), engine=engine)["grid_id"].tolist() == [2]
    assert silent_grids(march(), days=31, engine=engine)["grid_id"].tolist() == [5]
    assert silent_grids(march(scope=frozenset({1})), engine=engine)["grid_id"].tolist() == [2]


def test_watch_households_not_visited_this_month(engine: Engine) -> None:
    frame = unvisited_watch_households(march(), engine)
    assert frame["household_id"].tolist() == [6]  # household 1 was visited on 03-20
    assert frame["last_visit"].astype(str).tolist() == ["2025-02-18"]
    assert frame["head_name"].tolist() == ["户*6"]


def test_watch_households_visited_this_month_raise_no_alert(engine: Engine) -> None:
    assert unvisited_watch_households(march(village_id=2), engine).empty  # no watch household there
    assert unvisited_watch_households(march(grid_id=1), engine).empty
    assert unvisited_watch_households(replace(march(), period=FEB), engine)["household_id"].tolist() == [1]


def test_members_linked_to_fewer_than_5_or_more_than_10_households(engine: Engine) -> None:
    frame = members_outside_link_norm(march(), engine)
    assert frame[["member_id", "linked_households"]].values.tolist() == [[2, 4], [3, 0]]
    assert frame["name"].tolist() == ["李*", "王*"]
    assert members_outside_link_norm(march(grid_id=1), engine).empty  # member 1 links exactly 5


def test_service_points_missing_a_six_haves_item(engine: Engine) -> None:
    frame = failing_six_haves(march(), engine)
    assert frame[["service_point_id", "items_met"]].values.tolist() == [[2, 4], [3, 5]]  # fewest items first
    assert frame[["has_culture_square", "has_work_ledger", "has_rules_on_wall"]].values.tolist() == [
        [False, False, True], [True, True, False]]
    assert failing_six_haves(march(village_id=1), engine).empty  # 片区 1 has all six
