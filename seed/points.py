"""The points ledger (每月一认定): one line per member, month and source, summed from the activity that earned it.

Rules, so that the ledger agrees with the rest of the data:
- study: 2 points per study session attended (present);
- volunteer: 1 point per hour of registered volunteer service;
- issue: 1 point per issue of one of the member's contact households closed in the month;
- evaluation: +1 per satisfied and −1 per unsatisfied callback on such an issue in the month (net 0 → no line).
A line is earned on the last day it covers, and confirmed on the first day of the next month; the as-of
month is not confirmed yet.
"""
from collections import defaultdict
from datetime import date
from decimal import Decimal

from data_access.filters import add_months
from seed.plan import Ids

POINTS = {"study": 2.0, "volunteer": 1.0, "issue": 1.0}
NOTES = {
    "study": "参加片区党小组学习{count}次",
    "volunteer": "志愿服务{count}次",
    "issue": "办结联系户民情{count}件",
    "evaluation": "联系户民情回访{count}次",
}


def by_month(line: tuple[tuple[int, date, str], list]) -> tuple[date, int, str]:
    """Month, member, source: a month's lines are written together, as a township confirms them each month (and as
    PostgreSQL then reads a month's points from neighbouring pages)."""
    (member_id, month, source), _ = line
    return month, member_id, source


class Ledger:
    """Collects what members earn and writes one row per member, month and source."""

    def __init__(self) -> None:
        self.lines: defaultdict[tuple[int, date, str], list] = defaultdict(lambda: [0.0, date.min, 0])

    def add(self, member_id: int, day: date, source: str, points: float) -> None:
        line = self.lines[member_id, day.replace(day=1), source]
        line[0] += points
        line[1] = max(line[1], day)
        line[2] += 1

    def rows(self, as_of: date, ids: Ids) -> list[dict]:
        current = as_of.replace(day=1)
        return [
            dict(
                id=ids.take("points_ledger"), member_id=member_id, earned_on=last, source=source,
                points=Decimal(f"{points:.1f}"), note=NOTES[source].format(count=count),
                confirmed_month=None if month == current else add_months(month, 1),
            )
            for (member_id, month, source), (points, last, count) in sorted(self.lines.items(), key=by_month)
            if points
        ]
