"""The dispatch-meeting queries on every dialect, against the hand-built loop in issue_fixture (March 2024)."""
from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine

from data_access import issues
from data_access.filters import Filter, Period, Viewer
from data_access.loop import loop_figures
from data_access.meetings import (
    last_meeting_items,
    last_meeting_movement,
    new_issues,
    overdue_and_escalated_by_owner,
)
from tests.data_access.issue_fixture import TODAY, march

pytestmark = pytest.mark.usefixtures("issue_loop")
LAST_DAY = date(2024, 3, 31)  # the meeting reads the loop at 2024-04-01 00:00


def test_new_issues_since_the_last_meeting(engine: Engine) -> None:
    frame = new_issues(march(), date(2024, 3, 26), LAST_DAY, engine)
    # 10 reported 03-29 and never filed; 5 reported 03-28 09:00 and closed 03-30; 4 was reported 03-25
    assert frame["issue_id"].tolist() == [10, 5]
    assert frame["status"].tolist() == ["reported", "closed"]
    assert frame["stage"].tolist() == ["reported", "closed"]
    assert frame["owner_name"].tolist() == ["王*明", "王*明"]
    assert new_issues(march(village_id=2), date(2024, 3, 26), LAST_DAY, engine).empty


def test_new_issues_on_the_meeting_day_count(engine: Engine) -> None:
    frame = new_issues(march(), date(2024, 3, 25), date(2024, 3, 25), engine)
    assert frame["issue_id"].tolist() == [4]  # reported 03-25 09:00, filed an hour later, due in April
    assert frame["status"].tolist() == ["open"]


def test_overdue_and_escalated_by_service_point_and_owner(engine: Engine) -> None:
    frame = overdue_and_escalated_by_owner(march(), LAST_DAY, engine)
    rows = frame[["service_point", "owner_name", "issues", "overdue", "escalated"]].values.tolist()
    assert rows == [
        ["片区1", "欧**明", 1, 1, 1],  # 13: escalated to the county, 103 days over
        ["片区1", "王*明", 1, 1, 0],  # 9: reopened, 16 days over
        ["片区2", "王*明", 3, 3, 2],  # 6 (escalated, 61 days), 11 (due on the last day: 1 day), 14 (escalated)
        ["片区3", "王*明", 1, 0, 1],  # 15: escalated, due in April
    ]
    assert frame["max_days_overdue"].tolist()[:3] == [103, 16, 61]
    assert frame["max_days_overdue"].isna().tolist() == [False, False, False, True]
    assert overdue_and_escalated_by_owner(march(village_id=2), LAST_DAY, engine)["issues"].tolist() == [1]


def test_an_observer_gets_each_service_points_totals_and_no_owner(engine: Engine) -> None:
    frame = overdue_and_escalated_by_owner(march(viewer=Viewer(people_rows=False)), LAST_DAY, engine)
    rows = frame[["service_point", "issues", "overdue", "escalated", "max_days_overdue"]].values.tolist()
    assert rows == [["片区1", 2, 2, 1, 103], ["片区2", 3, 3, 2, 61], ["片区3", 1, 0, 1, pd.NA]]
    assert frame["owner_name"].isna().all()


def test_the_last_meetings_items_and_how_they_moved(engine: Engine) -> None:
    frame = last_meeting_items(march(), date(2024, 3, 26), LAST_DAY, engine)
    # open and overdue at 03-26 00:00: 13 (97 days), 6 (55), 9 (10, reopened), 14 (1); unchanged ones first
    assert frame["issue_id"].tolist() == [13, 6, 9, 14]
    assert frame["days_overdue_then"].tolist() == [97, 55, 10, 1]
    assert frame["movement"].tolist() == ["unchanged", "unchanged", "unchanged", "progressed"]
    assert frame.loc[3, ["stage_then", "stage_now"]].tolist() == ["dispatched", "handled"]  # handled 03-30
    assert frame.loc[2, ["stage_then", "stage_now"]].tolist() == ["fed_back", "fed_back"]
    movement = last_meeting_movement(march(), date(2024, 3, 26), LAST_DAY, engine)
    assert movement.values.tolist() == [["closed", 0], ["progressed", 1], ["unchanged", 3]]


def test_an_item_closed_since_the_meeting(engine: Engine) -> None:
    frame = last_meeting_items(march(), date(2024, 3, 1), LAST_DAY, engine)
    # at 03-01: 13, 6 and 3 (due 02-20, closed 03-05); 12 closed in February, 7 was due 03-20
    assert frame["issue_id"].tolist() == [13, 6, 3]
    assert frame["movement"].tolist() == ["unchanged", "unchanged", "closed"]
    movement = last_meeting_movement(march(village_id=1, service_point_id=2), date(2024, 3, 1), LAST_DAY, engine)
    assert movement["issues"].tolist() == [0, 0, 1]  # 6 is on 片区 2


def test_what_is_recorded_today_leaves_a_past_meeting(
    engine: Engine, recorded_today: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting on March's data reads as before after 1 is reopened and closed again, 16 reopened and 9
    escalated with its due date moved on 2024-05-10; a meeting today sees them."""
    monkeypatch.setattr(issues, "now", lambda: TODAY)

    def meeting() -> list:
        return [new_issues(march(), date(2024, 3, 1), LAST_DAY, engine),
                overdue_and_escalated_by_owner(march(), LAST_DAY, engine),
                last_meeting_items(march(), date(2024, 3, 26), LAST_DAY, engine)]

    before = meeting()
    recorded_today()
    for frame, old in zip(meeting(), before):
        assert_frame_equal(frame, old)
    owners = overdue_and_escalated_by_owner(march(), TODAY.date(), engine)
    # 片区 1, 王*明: 4 (due 04-10, overdue) and 9 (escalated today, due 06-30 now)
    assert owners.iloc[1][["service_point", "owner_name", "issues", "overdue", "escalated"]].tolist() == [
        "片区1", "王*明", 2, 1, 1]
    assert owners["overdue"].sum() == loop_figures(Filter(Period("month", date(2024, 5, 1))), engine).iloc[0][
        "overdue_open"]
