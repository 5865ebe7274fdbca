"""A hand-built issue loop for the issue queries: 18 issues and 12 callbacks around March 2024.

Places: village 1 (片区 1: grids 1, 2; 片区 2: grid 3) and village 2 (片区 3: grid 4). Households 1–3 live on
grids 1–3, households 4 and 5 on grid 4. The tests look at March 2024 (period end = 2024-04-01; previous period:
February 2024, 29 days). Each issue's comment says which edge case it is there for. `recorded_today` adds what
is recorded on 2024-05-10 (TODAY), events and rows as the app writes them, for the tests that a closed period
reads as before.
"""
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, update

from data_access.filters import Filter, Period
from schema import Callback, Grid, Household, Issue, IssueEvent, ServicePoint, Township, Village, VillagerGroup

from tests.rows import PLACE, grid_row, household_row, insert_rows, service_point_row, with_issue_events

MARCH = Period("month", date(2024, 3, 1))


def march(**place: object) -> Filter:
    """The March 2024 filter on a place (village_id=…, service_point_id=…, grid_id=…, scope=…)."""
    return Filter(MARCH, **place)


def at(day: str, hour: int = 10) -> datetime:
    """'2024-03-05' → 2024-03-05 10:00."""
    return datetime.fromisoformat(day) + timedelta(hours=hour)


def _issue(
    id_: int,
    grid_id: int,
    household_id: int | None,
    line: str,
    filed: datetime | None,
    due: str | None,
    closed: datetime | None = None,
    *,
    reported: datetime | None = None,
    dispatched: datetime | None = None,
    handled: datetime | None = None,
    fed_back: datetime | None = None,
    title: str | None = None,
    **extra: object,
) -> dict:
    """An issue reported an hour before filing; a closed one was dispatched, handled and fed back before closing."""
    if closed is not None:
        dispatched = dispatched or filed
        handled = handled or closed
        fed_back = fed_back or closed
    return {
        "id": id_, "grid_id": grid_id, "household_id": household_id, "service_line": line, "source": "visit",
        "title": title or f"问题{id_:02d}", "reported_at": reported or filed - timedelta(hours=1), "filed_at": filed,
        "dispatched_at": dispatched, "handled_at": handled, "fed_back_at": fed_back, "closed_at": closed,
        "due_date": date.fromisoformat(due) if due else None,
        "first_due_date": date.fromisoformat(due) if due else None,
        "owner_name": "王小明", "escalation_level": 0, "target_department": None, "reopen_count": 0, **extra,
    }


ISSUES = [
    # closed on its due date (10:00) → on time; 8 days to close
    _issue(1, 1, 1, "dispute", at("2024-03-02"), "2024-03-10", at("2024-03-10"), title="邻里宅基地纠纷"),
    # closed 5 days late; 15 days
    _issue(2, 1, 1, "info", at("2024-03-05"), "2024-03-15", at("2024-03-20"), title="自来水管漏水"),
    # filed in February, due 02-20, closed 03-05 (late): overdue at February's end, closed in March; 24 days
    _issue(3, 2, 2, "hazard", at("2024-02-10"), "2024-02-20", at("2024-03-05"), title="路灯损坏"),
    # filed 03-25, due in April, open: still inside its time limit → not 应结案; 7 days old at 04-01
    _issue(4, 2, 2, "livelihood", at("2024-03-25"), "2024-04-10", title="低保材料补交"),
    # closed 03-30, before its April due date: 应结案 in March (closed in it), on time; 2 days
    _issue(5, 3, 3, "poverty", at("2024-03-28"), "2024-04-15", at("2024-03-30")),
    # filed in January, open, escalated to the township: 61 days overdue, 82 days old at 04-01
    _issue(6, 3, 3, "dispute", at("2024-01-10"), "2024-01-31", dispatched=at("2024-01-11"),
           escalation_level=2, target_department="乡综治中心"),
    # escalated to the county, due date moved 02-25 → 03-20, closed 03-18: on time by the current due date,
    # and not overdue at February's end; 32 days
    _issue(7, 4, 4, "hazard", at("2024-02-15"), "2024-03-20", at("2024-03-18"),
           first_due_date=date(2024, 2, 25), escalation_level=3, target_department="区水利局"),
    # reopened, then closed again on time: counts in 返工; 9 days
    _issue(8, 4, 4, "policy", at("2024-03-03"), "2024-03-13", at("2024-03-12"), reopen_count=1),
    # reopened and open again (closed_at cleared, fed back 03-14): 返工, 16 days overdue, 26 days old
    _issue(9, 1, 1, "livelihood", at("2024-03-06"), "2024-03-16", dispatched=at("2024-03-07"),
           handled=at("2024-03-13"), fed_back=at("2024-03-14"), reopen_count=1),
    # reported 03-29, never put on the list: in no figure, stage 'reported'
    _issue(10, 2, 2, "info", None, None, reported=at("2024-03-29")),
    # due on March's last day, open: overdue by 1 day at 04-01; 12 days old; no household
    _issue(11, 3, None, "hazard", at("2024-03-20"), "2024-03-31", dispatched=at("2024-03-21")),
    # filed 2023, closed 02-20 (before March, 128 days late): in February's figures only; 142 days
    _issue(12, 4, 4, "info", at("2023-10-01"), "2023-10-15", at("2024-02-20")),
    # filed 2023, open, escalated to the county: 103 days overdue, 133 days old
    _issue(13, 1, 1, "dispute", at("2023-11-20"), "2023-12-20", dispatched=at("2023-11-21"),
           escalation_level=3, target_department="区民政局", owner_name="欧阳小明"),
    # filed in March, closed in April (late): open and 7 days overdue at March's end; stage 'handled'
    _issue(14, 3, 3, "dispute", at("2024-03-10"), "2024-03-25", at("2024-04-05"), dispatched=at("2024-03-11"),
           handled=at("2024-03-30"), fed_back=at("2024-04-04"), escalation_level=1, title="水渠漏水"),
    # filed in March, due in May, escalated to the township: open, not overdue, 17 days old; stage 'dispatched'
    _issue(15, 4, 4, "livelihood", at("2024-03-15"), "2024-04-30", dispatched=at("2024-03-16"),
           escalation_level=2, target_department="乡综治中心"),
    # three more March closures on grid 4 so that 片区 3 and village 2 reach 5 应结案 issues
    _issue(16, 4, 5, "policy", at("2024-03-01", 8), "2024-03-05", at("2024-03-04")),  # on time; 3 days
    _issue(17, 4, None, "info", at("2024-03-01", 9), "2024-03-08", at("2024-03-08", 23),  # due day 23:00: on time
           title="补贴100%到位"),  # 7 days
    _issue(18, 4, None, "livelihood", at("2024-03-02"), "2024-03-09", at("2024-03-11")),  # late; 9 days
]


def _callback(id_: int, issue_id: int, day: str, solved: bool, satisfied: bool, scores: tuple[int, int, int]) -> dict:
    effect, duration, attitude = scores
    return {"id": id_, "issue_id": issue_id, "called_on": date.fromisoformat(day), "solved": solved,
            "satisfied": satisfied, "effect_score": effect, "duration_score": duration, "attitude_score": attitude}


CALLBACKS = [  # March: 1–5 and 8–12; February: 6; April: 7. Issues 4, 6, 9, 11… have none.
    _callback(1, 1, "2024-03-12", True, True, (5, 5, 5)),
    _callback(2, 2, "2024-03-22", True, False, (3, 2, 4)),
    _callback(3, 3, "2024-03-08", True, True, (4, 4, 5)),
    _callback(4, 7, "2024-03-25", True, True, (5, 4, 5)),
    _callback(5, 8, "2024-03-14", False, False, (2, 3, 3)),
    _callback(6, 12, "2024-02-25", True, True, (4, 4, 4)),
    _callback(7, 5, "2024-04-02", True, True, (5, 5, 5)),
    _callback(8, 16, "2024-03-06", True, True, (5, 5, 5)),
    _callback(9, 17, "2024-03-15", True, True, (4, 4, 4)),
    _callback(10, 18, "2024-03-20", True, False, (3, 3, 3)),
    # on entry 10, never filed: in no figure (counted, they would give village 1 five callbacks and rank it first)
    _callback(11, 10, "2024-03-30", True, True, (5, 5, 5)),
    _callback(12, 10, "2024-03-31", True, True, (5, 5, 5)),
]


ROWS = [
    (Township, [{"id": 1, "name": "罗水乡", "centre_name": "网格化服务管理中心", **PLACE}]),
    (Village, [{"id": v, "township_id": 1, "name": n, "station_name": f"{n}工作站", **PLACE}
               for v, n in ((1, "甲村"), (2, "乙村"))]),
    (VillagerGroup, [{"id": v, "village_id": v, "name": f"{v}组"} for v in (1, 2)]),
    (ServicePoint, [service_point_row(1, 1), service_point_row(2, 1), service_point_row(3, 2)]),
    (Grid, [grid_row(g, s, worker_phone="13900000000") for g, s in ((1, 1), (2, 1), (3, 2), (4, 3))]),
    (Household, [household_row(h, g, 1 if g <= 3 else 2, head_name=n) for h, g, n in
                 ((1, 1, "张三丰"), (2, 2, "李四"), (3, 3, "赵六"), (4, 4, "欧阳春华"), (5, 4, "钱七"))]),
    (Issue, ISSUES),
    (Callback, CALLBACKS),
]


@pytest.fixture(scope="module")
def issue_loop(engine: Engine) -> Engine:
    """The engine with the rows above inserted and their case history written as migration 0003 backfills it
    (the module's database is thrown away after it)."""
    return with_issue_events(insert_rows(engine, ROWS))


TODAY = datetime(2024, 5, 10, 18)
TODAYS_EVENTS = [  # issue, kind, moment and what the event carries
    # issue 1, closed on time on 03-10, is reopened and closed again today
    (1, "reopened", at("2024-05-10", 9), {}), (1, "closed", at("2024-05-10", 16), {}),
    # issue 16, closed on time on 03-04, is reopened and stays open
    (16, "reopened", at("2024-05-10", 10), {}),
    # issue 9, open and overdue since 03-16, is escalated to the township with its due date moved to 06-30
    (9, "escalated", at("2024-05-10", 11), {"level": 2, "department": "乡综治中心"}),
    (9, "extended", at("2024-05-10", 11), {"due_date": date(2024, 6, 30)}),
]
TODAYS_ROWS = {  # the issue rows' current state after today's events
    1: {"closed_at": at("2024-05-10", 16), "reopen_count": 1},
    16: {"closed_at": None, "reopen_count": 1},
    9: {"escalation_level": 2, "target_department": "乡综治中心", "due_date": date(2024, 6, 30)},
}
FIRST_EVENT_TODAY = 1000  # event ids from here on are today's (the backfill's stay below)


@pytest.fixture
def recorded_today(engine: Engine) -> Iterator[Callable[[], None]]:
    """A function that records TODAYS_EVENTS and TODAYS_ROWS (after the test has read the before); the rows and
    events are put back as they were after the test."""

    def record() -> None:
        events = [{"id": FIRST_EVENT_TODAY + n, "issue_id": issue_id, "kind": kind, "at": moment, "actor_name": None,
                   "level": None, "department": None, "due_date": None, **carried}
                  for n, (issue_id, kind, moment, carried) in enumerate(TODAYS_EVENTS)]
        insert_rows(engine, [(IssueEvent, events)])
        with engine.begin() as conn:
            for issue_id, values in TODAYS_ROWS.items():
                conn.execute(update(Issue).where(Issue.id == issue_id).values(**values))

    yield record
    with engine.begin() as conn:
        conn.execute(delete(IssueEvent).where(IssueEvent.id >= FIRST_EVENT_TODAY))
        for issue_id, values in TODAYS_ROWS.items():
            conn.execute(update(Issue).where(Issue.id == issue_id).values(
                **{column: ISSUES[issue_id - 1][column] for column in values}))
