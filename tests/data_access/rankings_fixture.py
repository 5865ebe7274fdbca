"""Points for the rankings, on top of the hand-built community (its places and members 1–4).

Members per grid: grid 1: 1, 5; grid 2: 2, 6; grid 3: 3, 9; grid 4: 4, 7, 8; grid 5: none.
片区 1 = grids 1, 2 (members 1, 2, 5, 6); 片区 2 = grid 3 (3, 9); 片区 3 = grids 4, 5 (4, 7, 8).
Village 1 = 片区 1, 2 (six members); village 2 = 片区 3 (three). The community's own points lie in
Dec 2024 – Apr 2025; the entries below lie in Q3 2025 – Q1 2026, so the two never meet.

Points confirmed, per member:
          Q3 2025   Q4 2025   Q1 2026
member 1     –        1.0       6.0
member 2     –        5.0       6.0
member 3     –        3.0       4.5 (earned 28 Dec 2025, confirmed Jan 2026)
member 4    2.0       4.0       3.0
member 5     –         –         –  (2.0 earned Feb 2026, never confirmed)
member 6   −1.0       2.0       2.0
member 7     –         –        3.0
member 8     –        0.5       1.5
member 9     –        3.0       0.5 (+1.5 and −1.0)
"""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from schema import PartyMember, PointsEntry
from tests.rows import insert_rows

Q1_2026 = Period("quarter", date(2026, 1, 1))
Q4_2025 = Period("quarter", date(2025, 10, 1))

NEW_MEMBERS = [  # id, grid, name, star level
    {"id": m, "grid_id": g, "name": n, "phone": f"1360000{m:04d}", "star_level": s}
    for m, g, n, s in ((5, 1, "赵一", 3), (6, 2, "钱二", 2), (7, 4, "孙三", 4), (8, 4, "李四海", 1), (9, 3, "周五", 3))
]
ENTRIES = [  # member, earned on, source, points, confirmed month
    (4, date(2025, 8, 31), "study", "2.0", date(2025, 9, 1)),
    (6, date(2025, 8, 31), "evaluation", "-1.0", date(2025, 9, 1)),
    (1, date(2025, 11, 30), "study", "1.0", date(2025, 12, 1)),
    (2, date(2025, 10, 31), "issue", "5.0", date(2025, 11, 1)),
    (3, date(2025, 10, 31), "volunteer", "3.0", date(2025, 11, 1)),
    (4, date(2025, 9, 30), "study", "4.0", date(2025, 10, 1)),
    (6, date(2025, 11, 30), "volunteer", "2.0", date(2025, 12, 1)),
    (8, date(2025, 10, 31), "evaluation", "0.5", date(2025, 11, 1)),
    (9, date(2025, 11, 30), "study", "3.0", date(2025, 12, 1)),
    (1, date(2026, 1, 31), "study", "2.0", date(2026, 2, 1)),
    (1, date(2026, 2, 28), "volunteer", "4.0", date(2026, 3, 1)),
    (2, date(2026, 2, 28), "issue", "6.0", date(2026, 3, 1)),
    (3, date(2025, 12, 28), "evaluation", "4.5", date(2026, 1, 1)),
    (4, date(2026, 1, 31), "study", "3.0", date(2026, 2, 1)),
    (5, date(2026, 2, 10), "volunteer", "2.0", None),
    (6, date(2026, 1, 31), "study", "2.0", date(2026, 2, 1)),
    (7, date(2026, 2, 28), "volunteer", "3.0", date(2026, 3, 1)),
    (8, date(2026, 1, 31), "study", "1.5", date(2026, 2, 1)),
    (9, date(2026, 1, 31), "evaluation", "1.5", date(2026, 2, 1)),
    (9, date(2026, 2, 28), "evaluation", "-1.0", date(2026, 3, 1)),
]
POINTS = [
    {"id": 100 + i, "member_id": m, "earned_on": d, "source": s, "points": Decimal(p), "confirmed_month": c}
    for i, (m, d, s, p, c) in enumerate(ENTRIES)
]


def in_q1_2026(**place: object) -> Filter:
    return Filter(Q1_2026, **place)


@pytest.fixture(scope="module")
def ranked_community(community: Engine) -> Engine:
    """The community with members 5–9 and the entries above."""
    return insert_rows(community, [(PartyMember, NEW_MEMBERS), (PointsEntry, POINTS)])
