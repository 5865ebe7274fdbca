"""A small township where each morning alert is raised in one place and stays quiet in another.

Places: village 1 (片区 1: grids 1, 2) and village 2 (片区 2: grid 3; 片区 3: grids 4, 5; grid 5 has never had a
record). The tests look at March 2025, whose data runs to 2025-03-20 (the latest visit); a visit on 2025-04-02
lies after it. Each row's comment says which alert it is there for.
"""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from schema import (
    ContactLink,
    Grid,
    Household,
    HouseholdResidence,
    Issue,
    PartyMember,
    ServicePoint,
    Township,
    Village,
    VillagerGroup,
    Visit,
    VolunteerActivity,
    VolunteerTeam,
)

from tests.rows import (
    PLACE, grid_row, household_row, insert_rows, residence_rows, service_point_row, six_haves_columns,
    with_issue_events,
)

MARCH = Period("month", date(2025, 3, 1))
AS_OF = date(2025, 3, 20)


def march(**place: object) -> Filter:
    """The March 2025 filter on a place (village_id=…, service_point_id=…, grid_id=…, scope=…)."""
    return Filter(MARCH, **place)


def _issue(id_: int, grid_id: int, filed: str, closed: str | None = None) -> dict:
    filed_at = datetime.fromisoformat(filed)
    return {"id": id_, "grid_id": grid_id, "household_id": None, "service_line": "livelihood", "source": "visit",
            "title": f"问题{id_}", "reported_at": filed_at - timedelta(hours=1), "filed_at": filed_at,
            "closed_at": datetime.fromisoformat(closed) if closed else None,
            "due_date": filed_at.date() + timedelta(days=10), "reopen_count": 0, "escalation_level": 0}


ISSUES = [
    # village 1 (grid 1): one more open issue filed each month → backlog 1, 2, 3, 4 at the ends of Dec–Mar
    _issue(1, 1, "2024-12-05 10:00"),
    _issue(2, 1, "2025-01-06 10:00"),
    _issue(3, 1, "2025-02-03 10:00"),
    _issue(4, 1, "2025-03-04 10:00"),
    # village 2 (grid 3): 1 at the end of Dec, Jan and Feb (a flat run: issue 6 filed and closed in February),
    # 2 at the end of March → no alert
    _issue(5, 3, "2024-12-10 10:00"),
    _issue(6, 3, "2025-02-10 10:00", "2025-02-20 10:00"),
    _issue(7, 3, "2025-03-10 10:00"),
]
HOUSEHOLDS = [  # 1-5 on grid 1, 6-9 on grid 2; watch households: 1 (grid 1) and 6 (grid 2); 10 on grid 3
    household_row(h, 1 if h <= 5 else 2 if h <= 9 else 3, 1 if h <= 9 else 2, head_name=f"户主{h}",
                  poverty_watch=h in (1, 6))
    for h in range(1, 11)
]
MEMBERS = [  # member 1 links 5 households (in the norm), member 2 links 4, member 3 none (both outside it)
    {"id": m, "grid_id": g, "name": n, "phone": "13900000000", "star_level": 3}
    for m, g, n in ((1, 1, "张三丰"), (2, 2, "李四"), (3, 3, "王五"))
]
LINKS = [{"household_id": h, "member_id": 1 if h <= 5 else 2, "started_on": date(2024, 1, 1)} for h in range(1, 10)]
VISITS = [
    # grid 1: household 1 (watch) visited on 03-20, the last day with data in March; and in February by no one
    {"id": 1, "household_id": 1, "grid_id": 1, "member_id": 1, "visited_on": AS_OF},
    # grid 2: household 6 (watch) visited on 02-18, 30 days before 03-20 → grid 2 silent, household 6 not visited
    # in March (but visited in February)
    {"id": 2, "household_id": 6, "grid_id": 2, "member_id": 2, "visited_on": date(2025, 2, 18)},
    # after the period: does not count for March, nor move March's as-of day
    {"id": 3, "household_id": 7, "grid_id": 2, "member_id": None, "visited_on": date(2025, 4, 2)},
]
ACTIVITIES = [  # grid 4: an activity 29 days before 03-20 → not silent
    {"id": 1, "team_id": 1, "grid_id": 4, "held_on": date(2025, 2, 19), "kind": "cleaning", "place": "村部",
     "is_monthly": True},
]


ROWS = [
    (Township, [{"id": 1, "name": "罗水乡", "centre_name": "网格化服务管理中心", **PLACE}]),
    (Village, [{"id": v, "township_id": 1, "name": n, "station_name": "工作站", **PLACE}
               for v, n in ((1, "甲村"), (2, "乙村"))]),
    (VillagerGroup, [{"id": v, "village_id": v, "name": f"{v}组"} for v in (1, 2)]),
    (ServicePoint, [  # 「六有」: 片区 1 has all six, 片区 2 lacks two items, 片区 3 one
        service_point_row(1, 1, **six_haves_columns()),
        service_point_row(2, 2, **six_haves_columns(("has_culture_square", "has_work_ledger"))),
        service_point_row(3, 2, **six_haves_columns(("has_rules_on_wall",))),
    ]),
    (Grid, [grid_row(g, s, worker_name=f"网格员{g}号") for g, s in ((1, 1), (2, 1), (3, 2), (4, 3), (5, 3))]),
    (Household, HOUSEHOLDS),
    (HouseholdResidence, residence_rows(HOUSEHOLDS)),
    (PartyMember, MEMBERS),
    (ContactLink, LINKS),
    (Visit, VISITS),
    (Issue, ISSUES),
    (VolunteerTeam, [{"id": 1, "township_id": 1, "village_id": 2, "name": "乙村志愿队"}]),
    (VolunteerActivity, ACTIVITIES),
]


@pytest.fixture(scope="module")
def alert_town(engine: Engine) -> Engine:
    """The engine with the rows above inserted, and the issues' case history as migration 0003 backfills it (the
    module's database is thrown away after it)."""
    return with_issue_events(insert_rows(engine, ROWS))
