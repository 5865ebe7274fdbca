"""The loop's period figures from the case history, on every dialect: an auditor's township in 2025, read before
and after an old issue is reopened and closed again in November 2026.

Places (issue_fixture's): village 1 (片区 1: grids 1, 2; 片区 2: grid 3) and village 2 (片区 3: grid 4). Every filed
issue is reported an hour before filing and dispatched 4 hours after it. The clock stands at 2026-12-15 unless a
test moves it.
"""
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, update

from data_access import geo, issues
from data_access.filters import Filter, Period
from data_access.loop import COUNTS, loop_by_month, loop_figures, loop_figures_by
from schema import Issue, IssueEvent
from tests.data_access.issue_fixture import ROWS as ISSUE_LOOP_ROWS
from tests.rows import insert_rows

MAY = Period("month", date(2025, 5, 1))
Q2 = Period("quarter", date(2025, 4, 1))
NOVEMBER = Period("month", date(2026, 11, 1))
RATES = ["filing_rate", "dispatch_rate", "closure_rate", "on_time_rate", "rework_rate", "extension_rate"]
AVERAGES = ["avg_days_to_close", "avg_days_to_dispatch"]


def at(moment: str) -> datetime:
    """'2025-05-05' → 2025-05-05 10:00; '2025-05-05 16' → 16:00."""
    day, _, hour = moment.partition(" ")
    return datetime.fromisoformat(day) + timedelta(hours=int(hour or 10))


def filed(issue_id: int, moment: str, due: str) -> list[tuple]:
    """Reported an hour before, filed with its due date, dispatched 4 hours after."""
    return [(issue_id, "reported", at(moment) - timedelta(hours=1)), (issue_id, "filed", at(moment), due),
            (issue_id, "dispatched", at(moment) + timedelta(hours=4))]


CASES = {  # issue → grid, and its events: (issue, kind, moment[, due date])
    1: (1, [*filed(1, "2025-05-05", "2025-05-20"), (1, "closed", at("2025-05-15"))]),  # the auditor's issue
    2: (1, [*filed(2, "2025-05-10", "2025-05-25"), (2, "closed", at("2025-06-02"))]),  # overdue in May, late
    3: (2, [*filed(3, "2025-04-20", "2025-05-10"), (3, "extended", at("2025-05-08"), "2025-06-10"),
            (3, "closed", at("2025-06-05"))]),  # 延期 in May: not yet due at May's end; on time by the new date
    4: (3, [*filed(4, "2025-05-20", "2025-06-05"), (4, "closed", at("2025-05-28")), (4, "reopened", at("2025-05-30")),
            (4, "closed", at("2025-06-08"))]),  # closed on time in May, reworked, closed late in June
    5: (4, [*filed(5, "2025-03-25", "2025-04-10"), (5, "escalated", at("2025-04-12"))]),  # never closed
    6: (4, [(6, "reported", at("2025-05-30"))]),  # never filed: 受理 only
    7: (2, [*filed(7, "2025-05-12", "2025-05-31"), (7, "closed", at("2025-06-03"))]),  # due on May's last day
}
PLACES = ISSUE_LOOP_ROWS[:5]  # the issue fixture's township, villages, villager groups, 片区 and grids
REWORK = [(1, "reopened", at("2026-11-20 9")), (1, "closed", at("2026-11-20 16"))]


def event_rows(events: list[tuple], first_id: int) -> list[dict]:
    return [{"id": first_id + n, "issue_id": e[0], "kind": e[1], "at": e[2], "actor_name": None,
             "level": 2 if e[1] == "escalated" else None, "department": None,
             "due_date": date.fromisoformat(e[3]) if len(e) > 3 else None} for n, e in enumerate(events)]


ROWS = [
    *PLACES,
    (Issue, [{"id": i, "grid_id": grid, "service_line": "livelihood", "source": "visit", "title": f"问题{i}",
              "reported_at": events[0][2], "escalation_level": 0, "reopen_count": 0}
             for i, (grid, events) in CASES.items()]),
    (IssueEvent, event_rows([e for _, events in CASES.values() for e in events], 1)),
]


@pytest.fixture(scope="module")
def township(engine: Engine) -> Engine:
    return insert_rows(engine, ROWS)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2026, 12, 15, 12))


def figures(frame: pd.DataFrame) -> dict[str, object]:
    """The current period's counts, rates and averages."""
    return frame.iloc[0][[*COUNTS, *RATES, *AVERAGES]].to_dict()


def test_may_2025(township: Engine) -> None:
    frame = loop_figures(Filter(MAY), township)
    assert frame["period_label"].tolist() == ["2025-05", "2025-04"]
    # reported 1 2 4 6 7; filed = dispatched 1 2 4 7; reopened 4; extended 3; due 1 2 4 (closed in May) 5 7 — not 3
    # (due 06-10 by then); closed 1 (on time) 4 (05-28, on time); open at 06-01: 2 3 4 5 7, overdue 2 5 7
    assert frame.iloc[0][COUNTS].tolist() == [5, 4, 4, 1, 1, 5, 2, 2, 3, 5]
    assert frame.iloc[0][RATES].tolist() == pytest.approx([4 / 5, 1, 2 / 5, 2 / 5, 1 / 5, 1 / 5])
    assert frame.iloc[0][AVERAGES].tolist() == pytest.approx([(10 + 8) / 2, 4 / 24])  # days 05-05→15, 05-20→28


def test_the_second_quarter_counts_an_issue_closed_twice_once_by_its_last_closing(township: Engine) -> None:
    frame = loop_figures(Filter(Q2), township)
    # reported 1 2 3 4 6 7; filed = dispatched 1 2 3 4 7; reopened 4; extended 3; due 1 2 3 4 5 7; closed 1 2 3 4 7,
    # on time 1 and 3 (by its extended date), not 4 (last closing 06-08 > 06-05); open at 07-01: 5, overdue
    assert frame.iloc[0][COUNTS].tolist() == [6, 5, 5, 1, 1, 6, 5, 2, 1, 1]
    assert frame.iloc[0][RATES].tolist() == pytest.approx([5 / 6, 1, 5 / 6, 2 / 6, 1 / 6, 1 / 6])
    assert frame.iloc[0]["avg_days_to_close"] == pytest.approx((10 + 23 + 46 + 19 + 22) / 5)
    # the first quarter: issue 5 filed in March, open and not yet due; the report row has its own columns
    assert frame.iloc[1][COUNTS].tolist() == [1, 1, 1, 0, 0, 0, 0, 0, 0, 1]


def test_figures_per_place_add_up_to_the_whole(township: Engine) -> None:
    whole = loop_figures(Filter(MAY), township).iloc[0][COUNTS]
    for level, places in (("village", 2), ("service_point", 3), ("grid", 4)):
        by = loop_figures_by(Filter(MAY), level, township)
        assert len(by) == places
        assert by[COUNTS].sum().tolist() == whole.tolist(), level
    villages = loop_figures_by(Filter(MAY), "village", township).set_index("village_id")
    assert villages.loc[2, COUNTS].tolist() == [1, 0, 0, 0, 0, 1, 0, 0, 1, 1]  # 6 reported; 5 open and overdue
    assert villages["small_sample"].tolist() == [True, True] and villages["rank"].isna().all()
    inside = loop_figures(Filter(MAY, village_id=1), township).iloc[0][COUNTS]
    assert inside.tolist() == villages.loc[1, COUNTS].tolist()


def test_a_reopen_and_reclose_today_leave_closed_periods_as_they_were(engine: Engine, township: Engine) -> None:
    closed_periods = [Filter(MAY), Filter(Q2), Filter(Period("year", date(2025, 1, 1)))]
    before = [loop_figures(f, township) for f in closed_periods]
    before_by = [loop_figures_by(f, "grid", township) for f in closed_periods]
    november = loop_figures(Filter(NOVEMBER), township).iloc[0][COUNTS]
    assert november.tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 1, 1]  # issue 5, open and overdue
    insert_rows(engine, [(IssueEvent, event_rows(REWORK, 100))])
    for f, old, old_by in zip(closed_periods, before, before_by):
        assert_frame_equal(loop_figures(f, township), old)
        assert_frame_equal(loop_figures_by(f, "grid", township), old_by)
    now = loop_figures(Filter(NOVEMBER), township).iloc[0]
    # issue 1 reopened and closed again, late (due 2025-05-20), 564 days after filing; issue 5 as before
    assert now[COUNTS].tolist() == [0, 0, 0, 1, 0, 2, 1, 0, 1, 1]
    assert now["avg_days_to_close"] == 564 and now["rework_rate"] == pytest.approx(1 / 2)


def test_a_running_period_shows_what_is_recorded_so_far(township: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2025, 5, 29, 12))
    frame = loop_figures(Filter(MAY), township)
    # by 05-29 12:00: reported 1 2 4 7; 4 closed 05-28 and not yet reopened; 7 not yet past due (today is 05-29);
    # due 1 2 4 5; open 2 3 5 7, overdue 2 5
    assert frame.iloc[0][COUNTS].tolist() == [4, 4, 4, 0, 1, 4, 2, 2, 2, 4]


def test_what_is_recorded_today_leaves_a_closed_months_home_and_map_figures(engine: Engine, township: Engine) -> None:
    """Home's cards and sparkline and the map's measures of May and the second quarter of 2025 stay as they were
    after issue 2 is reopened and closed again today and the overdue issue 5 is escalated with its due date moved;
    November shows them."""

    def home_and_map(period: Period) -> list[pd.DataFrame]:
        f = Filter(period)
        return [loop_figures(f, township), issues.callback_figures(f, township), loop_by_month(f, 12, township),
                geo.map_figures(f, "village", township), geo.map_figures(f, "service_point", township)]

    closed = [MAY, Q2]
    before = [home_and_map(period) for period in closed]
    november = loop_figures(Filter(NOVEMBER), township).iloc[0]
    today = [(2, "reopened", at("2026-11-20 9")), (2, "closed", at("2026-11-20 15")),
             (5, "escalated", at("2026-11-20 11")), (5, "extended", at("2026-11-20 11"), "2026-12-31")]
    insert_rows(engine, [(IssueEvent, event_rows(today, 200))])
    with engine.begin() as conn:  # and the rows' current state, as the app writes it beside the events
        conn.execute(update(Issue).where(Issue.id == 2).values(
            filed_at=at("2025-05-10"), due_date=date(2025, 5, 25), closed_at=at("2026-11-20 15"), reopen_count=1))
        conn.execute(update(Issue).where(Issue.id == 5).values(
            filed_at=at("2025-03-25"), due_date=date(2026, 12, 31), escalation_level=2))
    for period, old in zip(closed, before):
        for frame, old_frame in zip(home_and_map(period), old):
            assert_frame_equal(frame, old_frame)
    now = loop_figures(Filter(NOVEMBER), township).iloc[0]
    assert now["reopened"] == november["reopened"] + 1 and now["extended"] == november["extended"] + 1
    assert now["overdue_open"] == november["overdue_open"] - 1  # issue 5 is due on 2026-12-31 now
