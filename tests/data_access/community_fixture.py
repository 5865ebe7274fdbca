"""A small hand-built township for the people, volunteer, points and talent queries.

Places: village 1 (片区 1: grids 1, 2; 片区 2: grid 3) and village 2 (片区 3: grids 4, 5; grid 5 is empty).
The tests mostly look at Q1 2025 (previous period: Q4 2024). Every row below is listed so that the expected
values in the tests can be worked out by hand from this file.
"""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from schema import (
    ContactLink,
    Enterprise,
    EnterpriseHousehold,
    Grid,
    Household,
    HouseholdResidence,
    PartyMember,
    PointsEntry,
    ServicePoint,
    Talent,
    Township,
    Village,
    VillagerGroup,
    Visit,
    Volunteer,
    VolunteerActivity,
    VolunteerService,
    VolunteerTeam,
)

from tests.rows import PLACE, grid_row, household_row, insert_rows, residence_rows, service_point_row

Q1 = Period("quarter", date(2025, 1, 1))


def q1(**place: object) -> Filter:
    """The Q1 2025 filter on a place (village_id=…, service_point_id=…, grid_id=…, scope=…)."""
    return Filter(Q1, **place)


def _person(name: str, tail: int) -> dict:
    return {"name": name, "phone": f"1390000{tail:04d}"}


HOUSEHOLDS = [  # grid 1: 1-4 (2 on watch); grid 2: 5-7; grid 3: 8-9 (9 on watch); grid 4: 10-12 (11 on watch)
    household_row(h, g, 1 if g <= 3 else 2, poverty_watch=h in (2, 9, 11)) for h, g in
    ((1, 1), (2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (7, 2), (8, 3), (9, 3), (10, 4), (11, 4), (12, 4))
]
MEMBERS = [  # id, grid, name, star level
    {"id": m, "grid_id": g, "star_level": s, **_person(n, m)}
    for m, g, n, s in ((1, 1, "张三丰", 4), (2, 2, "李四", 3), (3, 3, "欧阳小明", 5), (4, 4, "王五", 2))
]
LINKS = [  # member 1: households 1-5; member 2: 6, 7; member 3: 8 from 2025-03-10; member 4: 10, 11
    {"household_id": h, "member_id": m, "started_on": date(2025, 3, 10) if h == 8 else date(2024, 1, 1)}
    for h, m in ((1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 2), (8, 3), (10, 4), (11, 4))
]
VISITS = [  # id, household, grid, member (None: the grid worker), date
    {"id": v, "household_id": h, "grid_id": g, "member_id": m, "visited_on": d}
    for v, h, g, m, d in (
        (1, 1, 1, 1, date(2025, 1, 5)),
        (2, 2, 1, 1, date(2025, 1, 20)),
        (3, 2, 1, 1, date(2025, 2, 3)),
        (4, 6, 2, 2, date(2025, 3, 15)),
        (5, 11, 4, 4, date(2024, 12, 10)),
        (6, 11, 4, None, date(2025, 4, 2)),
        (7, 1, 1, 1, date(2025, 4, 10)),
    )
]
TEAMS = [  # 1, 2: township teams; 3: village 1; 4: village 2
    {"id": t, "township_id": 1, "village_id": v, "name": n}
    for t, v, n in ((1, None, "关爱孤寡老人"), (2, None, "关爱留守儿童"), (3, 1, "一村志愿队"), (4, 2, "二村志愿队"))
]
VOLUNTEERS = [  # id, team, grid, party member
    {"id": p, "team_id": t, "grid_id": g, "member_id": m, **_person(n, 100 + p)}
    for p, t, g, m, n in ((1, 3, 1, 1, "赵大海"), (2, 3, 2, None, "钱小红"), (3, 4, 4, None, "孙立"),
                          (4, 1, 3, None, "周敏"), (5, 2, None, None, "吴刚"))
]
ACTIVITIES = [  # id, team, grid (None: no grid), date, kind, fixed monthly activity
    {"id": a, "team_id": t, "grid_id": g, "held_on": d, "kind": k, "place": "村部", "is_monthly": monthly}
    for a, t, g, d, k, monthly in (
        (1, 3, 1, date(2025, 1, 10), "cleaning", True),
        (2, 3, 2, date(2025, 2, 12), "teaching", True),
        (3, 3, 1, date(2025, 2, 20), "policy", False),
        (4, 4, 4, date(2025, 1, 15), "cleaning", True),
        (5, 4, 4, date(2024, 12, 5), "cleaning", True),
        (6, 1, 3, date(2025, 3, 8), "elderly_care", False),
        (7, 2, None, date(2025, 3, 20), "child_care", False),
        (8, 3, None, date(2024, 11, 11), "cleaning", True),
        (9, 3, 3, date(2025, 3, 5), "cleaning", True),
    )
]
SERVICES = [  # id, activity, volunteer, hours
    {"id": s, "activity_id": a, "volunteer_id": p, "hours": Decimal(h)}
    for s, a, p, h in ((1, 1, 1, "2.0"), (2, 1, 2, "1.5"), (3, 2, 1, "3.0"), (4, 3, 2, "1.0"), (5, 4, 3, "2.5"),
                       (6, 5, 3, "2.0"), (7, 6, 4, "4.0"), (8, 7, 5, "1.5"), (9, 8, 1, "2.0"), (10, 9, 2, "0.5"))
]
POINTS = [  # id, member, earned on, source, points, confirmed month (None: not yet confirmed)
    {"id": e, "member_id": m, "earned_on": d, "source": s, "points": Decimal(p), "confirmed_month": c}
    for e, m, d, s, p, c in (
        (1, 1, date(2025, 1, 10), "study", "2.0", date(2025, 1, 1)),
        (2, 1, date(2025, 1, 10), "volunteer", "3.5", date(2025, 1, 1)),
        (3, 1, date(2025, 2, 25), "issue", "1.5", date(2025, 3, 1)),
        (4, 2, date(2025, 3, 28), "evaluation", "2.0", date(2025, 4, 1)),
        (5, 2, date(2025, 2, 10), "study", "1.0", date(2025, 2, 1)),
        (6, 3, date(2025, 3, 15), "volunteer", "2.5", None),
        (7, 4, date(2024, 12, 20), "study", "1.0", date(2024, 12, 1)),
        (8, 1, date(2024, 12, 31), "evaluation", "0.5", date(2025, 1, 1)),
    )
]
TALENTS = [  # id, village, grid (None: not assigned), category, returned
    {"id": t, "village_id": v, "grid_id": g, "category": c, "basis": "registration", "returned": r,
     **_person(f"人才{t}", 200 + t)}
    for t, v, g, c, r in (
        (1, 1, 1, "industry", True), (2, 1, 1, "technology", False), (3, 1, 2, "management", False),
        (4, 1, None, "industry", True), (5, 2, 4, "party_government", False), (6, 2, 4, "industry", False),
        (7, 2, 4, "industry", False), (8, 2, 4, "technology", True),
    )
]
ENTERPRISES = [  # 1 and 2 lead grids 1 and 4; 3 is a shop on grid 1 that does not lead
    {"id": 1, "grid_id": 1, "name": "龙凤梯田合作社", "kind": "cooperative", "industry": "稻米", "is_leading": True},
    {"id": 2, "grid_id": 4, "name": "茅古斯文旅公司", "kind": "enterprise", "industry": "文旅", "is_leading": True},
    {"id": 3, "grid_id": 1, "name": "小卖部", "kind": "enterprise", "industry": "零售", "is_leading": False},
]
ENTERPRISE_HOUSEHOLDS = [
    {"enterprise_id": e, "household_id": h, "link": k}
    for e, h, k in ((1, 1, "employed"), (1, 2, "linked"), (1, 3, "linked"), (1, 8, "linked"),
                    (2, 10, "employed"), (2, 11, "employed"), (2, 12, "linked"), (3, 4, "employed"))
]

ROWS = [
    (Township, [{"id": 1, "name": "罗水乡", "centre_name": "网格化服务管理中心", **PLACE}]),
    (Village, [{"id": v, "township_id": 1, "name": f"{v}村", "station_name": "工作站", **PLACE} for v in (1, 2)]),
    (VillagerGroup, [{"id": g, "village_id": g, "name": f"{g}组"} for g in (1, 2)]),
    (ServicePoint, [service_point_row(s, v) for s, v in ((1, 1), (2, 1), (3, 2))]),
    (Grid, [grid_row(g, s, kind=k) for g, s, k in ((1, 1, "industry"), (2, 1, "governance"), (3, 2, "study"),
                                                   (4, 3, "service"), (5, 3, "service"))]),
    (Household, HOUSEHOLDS),
    (HouseholdResidence, residence_rows(HOUSEHOLDS)),
    (PartyMember, MEMBERS),
    (ContactLink, LINKS),
    (Visit, VISITS),
    (VolunteerTeam, TEAMS),
    (Volunteer, VOLUNTEERS),
    (VolunteerActivity, ACTIVITIES),
    (VolunteerService, SERVICES),
    (PointsEntry, POINTS),
    (Talent, TALENTS),
    (Enterprise, ENTERPRISES),
    (EnterpriseHousehold, ENTERPRISE_HOUSEHOLDS),
]


@pytest.fixture(scope="module")
def community(engine: Engine) -> Engine:
    """The engine with the rows above inserted (the module's database is thrown away after it)."""
    return insert_rows(engine, ROWS)
