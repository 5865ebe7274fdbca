"""The calendar of the demo history: from 1 January three years before the as-of year up to the as-of day."""
import calendar
from datetime import date, datetime, time

from data_access.filters import add_months


def history_start(as_of: date) -> date:
    return date(as_of.year - 3, 1, 1)


def month_starts(as_of: date) -> list[date]:
    """First days of every month from history_start(as_of) to the as-of month."""
    months = [history_start(as_of)]
    while (nxt := add_months(months[-1], 1)) <= as_of:
        months.append(nxt)
    return months


def days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_days(month: date, as_of: date) -> list[date]:
    """Dates standing for days 1–31 of `month` (index 0 = day 1), clipped to the month's length.

    In the as-of month the whole month is squeezed into the days up to as-of, so that every regular
    monthly event of the current month has already happened and nothing lies after as-of.
    """
    length = days_in(month)
    if (month.year, month.month) != (as_of.year, as_of.month):
        return [month.replace(day=min(d, length)) for d in range(1, 32)]
    return [month.replace(day=1 + (min(d, length) - 1) * as_of.day // length) for d in range(1, 32)]


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def cutoff(as_of: date) -> datetime:
    """The last moment the issues' case history reaches: the end of as-of, or now when that is later (a demo built
    today records nothing at a moment still to come, as a real ledger does not)."""
    return min(end_of(as_of), datetime.now().replace(second=0, microsecond=0))
