"""Writes the loop summaries (schema.summaries): each ended month, quarter and year's figures per grid, once.

A period's figures count what was recorded by its end, so an ended period's summary stays right when later
records come, with one exception: a record dated inside an ended period (an import of a ledger row closed last
month). `rewrite` writes the summaries it touches again; the import calls it in its own transaction.
The seed writes them as it loads; the app writes what has ended since, on its first page run of a day.

The running month, quarter and year are summarised too, as they stand at a moment (`write_running`): their loop
figures, what stands on each grid on their last day (schema.StandingSummary), each issue's state
(schema.IssueStateSummary) and the district's 积分排名 (schema.RankSummary), with a mark that says until when they
hold: while the data version is the one they were written at, the day has not ended and no event is recorded between
that moment and now (data_access.running). The seed of today and the imports write them with their data; the app
writes them again whenever they no longer hold (a write, a new day).
"""
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, Date, Select, delete, func, insert, literal, select, text, update

from data_access import issues, rankings
from data_access.filters import Filter, Period, PeriodKind, grid_ids
from data_access.loop import STATE_COLUMNS, grid_summaries, states_at
from data_access.organisation import counts_query
from data_access.people import coverage_query, member_figures_query
from data_access.running import mark_holds
from schema import (Issue, IssueEvent, IssueStateSummary, LoopSummary, RankSummary, RunningMark, StandingSummary,
                    SummaryMark)
from schema.data_version import DATA_VERSION

KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year")
RUNNING_TABLES = (StandingSummary, IssueStateSummary, RankSummary)  # rows of the running periods alone
RANK_COLUMNS = ["period_kind", "period_start", "level", "unit_id", *rankings.SUMMARY_COLUMNS]
STANDING_COLUMNS = ["grid_id", "period_kind", "period_start", "households", "residents", "party_members",
                    "linked_households", "watch_households", "watch_visited", "members_in_norm", "member_visits"]


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


def _write(conn: Connection, period: Period, villages: frozenset[int] | None = None,
           present: datetime | None = None) -> None:
    """The summary rows of the period (read now, or at `present` while it runs) for the grids of the villages (None:
    every grid), replacing theirs."""
    grids = grid_ids(Filter(period, scope=villages))
    conn.execute(delete(LoopSummary).where(LoopSummary.period_kind == period.kind,
                                           LoopSummary.period_start == period.start, LoopSummary.grid_id.in_(grids)))
    rows = grid_summaries(period, villages, present)
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


def write_running(conn: Connection) -> int:
    """Summarise the running month, quarter and year as they stand now, unless their marks still hold; returns how
    many periods were written. Writers take turns on the data version's row, so two app processes seeing the same
    change write once."""
    if running_hold(conn) or running_hold(conn, lock=True):
        return 0
    moment = issues.present()
    running = [Period.containing(kind, moment.date()) for kind in KINDS]
    for table in RUNNING_TABLES:  # the periods that ran before are read from the records
        conn.execute(delete(table))
    for period in running:
        _write(conn, period, present=moment)
        conn.execute(insert(StandingSummary).from_select(STANDING_COLUMNS, _standing(period)))
        states = states_at(period, moment)
        conn.execute(insert(IssueStateSummary).from_select(
            ["period_kind", "period_start", "grid_id", *STATE_COLUMNS],
            select(literal(period.kind), literal(period.start, Date), Issue.grid_id,
                   *(states.c[name] for name in STATE_COLUMNS)).join(Issue, Issue.id == states.c.issue_id)))
        for level in rankings.DISTRICT_LEVELS:
            conn.execute(insert(RankSummary).from_select(RANK_COLUMNS, rankings.district_ranks(period, level)))
    if conn.dialect.name == "postgresql":  # statistics of the new rows, which the planner would take for a few
        # (it estimated a district's 3,494 overdue issue states at 40, and read all 455,000 issues for them)
        conn.execute(text(f"ANALYZE {', '.join(t.__tablename__ for t in (LoopSummary, *RUNNING_TABLES))}"))
    later = conn.scalar(select(func.min(IssueEvent.at)).where(IssueEvent.at >= moment))
    midnight = datetime.combine(moment.date() + timedelta(days=1), time())
    values = {"read_at": moment, "valid_until": min(later or midnight, midnight),
              "data_version": conn.scalar(select(DATA_VERSION.c.version))}  # after the rows' own writes
    conn.execute(delete(RunningMark.__table__).where(RunningMark.period_kind.in_(KINDS)))
    conn.execute(insert(RunningMark.__table__), [{"period_kind": p.kind, "period_start": p.start, **values}
                                                 for p in running])
    return len(running)


def _standing(period: Period) -> Select:
    """Per grid, what stands on it on the period's last day, as schema.StandingSummary's columns."""
    f = Filter(period)
    counts = counts_query(f, "grid", False).subquery()
    coverage = coverage_query(f, "grid", False).subquery()
    members = member_figures_query(f, "grid", False).subquery()
    return (
        select(counts.c.grid_id, literal(period.kind), literal(period.start, Date), counts.c.households,
               counts.c.residents, counts.c.party_members, coverage.c.linked_households, coverage.c.watch_households,
               coverage.c.watch_visited, members.c.members_in_norm, members.c.visits)
        .join(coverage, coverage.c.grid_id == counts.c.grid_id)
        .join(members, members.c.grid_id == counts.c.grid_id)
    )


def running_hold(conn: Connection, lock: bool = False) -> bool:
    """Whether the marks of the running month, quarter and year all hold now (`lock`: after waiting for the data
    version's row, which it keeps until the transaction ends)."""
    version_row = select(DATA_VERSION.c.version)
    version = conn.scalar(version_row.with_for_update() if lock else version_row)
    moment = issues.present()
    marks = {row.period_kind: row for row in conn.execute(select(RunningMark.__table__))}
    return all(kind in marks and mark_holds(marks[kind], Period.containing(kind, moment.date()), version, moment)
               for kind in KINDS)
