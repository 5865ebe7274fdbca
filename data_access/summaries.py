"""Writes the loop summaries (schema.summaries): each ended month, quarter and year's figures per grid, once.

A period's figures count what was recorded by its end, so an ended period's summary stays right when later
records come, with one exception: a record dated inside an ended period (an import of a ledger row closed last
month). `rewrite` writes the summaries it touches again; the import calls it in its own transaction.
The seed writes them as it loads; the app writes what has ended since, on its first page run of a day.
"""
from collections.abc import Iterator
from datetime import date

from sqlalchemy import Connection, delete, func, insert, select, update

from data_access import issues
from data_access.filters import Filter, Period, PeriodKind, grid_ids
from data_access.loop import grid_summaries
from schema import Issue, LoopSummary, SummaryMark

KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year")


def periods(kind: PeriodKind, first: date, until: date) -> Iterator[Period]:
    """The periods of `kind` from the one holding `first` on that end by `until`."""
    period = Period.containing(kind, first)
    while period.end <= until:
        yield period
        period = Period(kind, period.end)


def first_day(conn: Connection) -> date | None:
    """The first day with an issue (an issue's events start with its report)."""
    first = conn.scalar(select(func.min(Issue.reported_at)))
    return first.date() if first else None


def _mark(conn: Connection, kind: PeriodKind) -> date | None:
    """The end of the last summarised period of `kind` (None: none is)."""
    return conn.scalar(select(SummaryMark.summarised_until).where(SummaryMark.period_kind == kind))


def _write(conn: Connection, period: Period, villages: frozenset[int] | None = None) -> None:
    """The summary rows of the period for the grids of the villages (None: every grid), replacing theirs."""
    grids = grid_ids(Filter(period, scope=villages))
    conn.execute(delete(LoopSummary).where(LoopSummary.period_kind == period.kind,
                                           LoopSummary.period_start == period.start, LoopSummary.grid_id.in_(grids)))
    rows = grid_summaries(period, villages)
    conn.execute(insert(LoopSummary).from_select([column.key for column in rows.selected_columns], rows))


def write_ended(conn: Connection, until: date | None = None) -> int:
    """Summarise every period that has ended by `until` (default today) and is not yet; returns how many."""
    today = issues.now().date()
    until = min(until or today, today)
    written = 0
    for kind in KINDS:
        mark = _mark(conn, kind)
        first = mark or first_day(conn)
        ended = list(periods(kind, first, until)) if first else []
        for period in ended:
            _write(conn, period)
        if ended:
            values = {"period_kind": kind, "summarised_until": ended[-1].end}
            conn.execute(update(SummaryMark).where(SummaryMark.period_kind == kind).values(values) if mark
                         else insert(SummaryMark).values(values))
        written += len(ended)
    return written


def rewrite(conn: Connection, villages: frozenset[int], since: date) -> int:
    """Write again the summaries of the villages' grids for every summarised period from the one holding `since`
    (the earliest day a change was recorded on); returns how many periods."""
    written = 0
    for kind in KINDS:
        mark = _mark(conn, kind)
        if mark is None:
            continue
        for period in periods(kind, since, mark):
            _write(conn, period, villages)
            written += 1
    return written
