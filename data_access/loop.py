"""The closed loop's period figures (受理 → 立案 → 派遣 → 结案, 返工, 延期), counted from the case history.

Every figure comes from issue_events, not from the issue rows' current state: a period [start, end) reads the
events recorded before its end (before now while it is still running, see data_access.issues.read_at), so a
closed period's figures never change afterwards — a closing in May counts in May, on time or late, even when the
issue is reopened a year later; the reopening counts as 返工 in its own period. Rules, as DOMAIN.md's table:
- reported 受理数, filed 立案数, dispatched 派遣数, reopened 返工数, extended 延期数: events of that kind in the
  period (an issue reopened twice in it counts twice);
- the due date in force at a moment is the one set by the latest filed or extended event up to that moment;
- an issue is open at a moment when it was filed before it and its latest closing or reopening before it is not a
  closing (a closing and a reopening at the same instant: the closing is taken as the later);
- due 应结案数: issues open at some moment of the period (open at its start, filed in it or reopened in it) and due
  before the period's end (by the due date in force at the end) or closed in it — "due in the period or earlier,
  or closed in it, and not already closed before it"; so an issue filed earlier and falling due counts too;
- closed 结案数: issues with a closing in the period, each once. An issue that closes twice in one period
  (closed, reopened, closed again) counts its last closing in the period, the one the rework ended in; that
  closing alone is judged and timed. An issue closed and then reopened in the same period counts as closed (its
  closing happened), as 返工, and as open at the period's end;
- closed_on_time 按期结案数: counted closings on or before the due date in force at that moment (the due day
  itself is on time);
- overdue_open 超期未结: open at the period's end with the due date in force then before the end (a running
  period: before today); open_at_end: open at the period's end;
- avg_days_to_close: mean whole calendar days from filing to the counted closing; avg_days_to_dispatch: mean days,
  with their fraction (dispatch takes hours), from filing to the issue's last dispatch in the period.
The issue rows' current state only narrows which histories are read, never what they count: an issue whose
latest closing (Issue.closed_at, NULL while open) is before a period's start was closed for good by then (settled)
and has no event in the period, so its events are not read (nor those of issues reported after the end).
Rates (RATES: name → numerator, denominator) are fractions, NaN when the denominator is 0: 立案率 = 立案 / 受理,
派遣率 = 派遣 / 立案, and 结案率, 按期结案率, 返工率, 延期率 over 应结案数.
An ended period's figures by place are added up from the loop summaries once they are written (schema.summaries,
data_access.summaries): the same counts per grid and period, and the sums and counts behind the averages. A running
period's are too, while the summaries written for it at some moment of today still give what the case history gives
now (`summarised`).
"""
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    FrameClause,
    FrameClauseType,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from data_access import running
from data_access.db import read_frame, typed
from data_access.filters import Filter, Period, add_months, grid_ids
from data_access.issues import (
    ISSUE_CHAIN,
    MIN_SAMPLE,
    STAGE_ZH,
    GroupLevel,
    count_where,
    has_ended,
    issue_key,
    mean,
    per_group,
    ratio,
    read_at,
    sample_rank,
    typed_figures,
)
from data_access.sql import days_between, days_elapsed, month_series, month_start
from schema import Grid, Issue, IssueEvent, IssueStateSummary, LoopSummary, ServicePoint, SummaryMark

EVENT_COUNTS = ["reported", "filed", "dispatched", "reopened", "extended"]
FLAGS = ["due", "closed", "closed_on_time", "overdue_open", "open_at_end"]  # per issue, 1 or 0
COUNTS = [*EVENT_COUNTS, *FLAGS]
RATES = {
    "filing_rate": ("filed", "reported"),
    "dispatch_rate": ("dispatched", "filed"),
    "closure_rate": ("closed", "due"),
    "on_time_rate": ("closed_on_time", "due"),
    "rework_rate": ("reopened", "due"),
    "extension_rate": ("extended", "due"),
}
AVERAGES = ["avg_days_to_close", "avg_days_to_dispatch"]
STAGES = tuple(STAGE_ZH)  # reported → filed → dispatched → handled → fed_back → closed
STATE_COLUMNS = ["issue_id", "filed", "filed_at", "open", "overdue", "due_date", "closed_at", "reopen_count", "stage",
                 "reported", "settled", "escalation_level", "target_department"]  # issue_states' columns


@dataclass(frozen=True)
class _Moments:
    """A period's start, the moment it is read at (its end, or now) and the day due dates are compared with. The
    issues settled before the start (closed for good before it, see the module docstring) are left out."""

    start: datetime
    end: datetime
    end_day: date

    @classmethod
    def of(cls, period: Period, present: datetime | None = None) -> "_Moments":
        """The period as read now (or at `present`)."""
        end = read_at(period) if present is None else min(datetime.combine(period.end, time()), present)
        return cls(datetime.combine(period.start, time()), end, min(period.end, end.date()))

    @classmethod
    def at(cls, moment: datetime, since: datetime) -> "_Moments":
        return cls(since, moment, moment.date())


def _histories(f: Filter, moments: _Moments) -> Subquery:
    """Per issue inside the filter with events before the end: what its events say about the period."""
    event = IssueEvent
    before, during = event.at < moments.start, event.at >= moments.start

    def last(kind: str, when: ColumnElement[bool]) -> ColumnElement[datetime]:
        return func.max(case((and_(event.kind == kind, when), event.at)))

    return (
        select(
            event.issue_id,
            func.max(case((event.kind == "filed", event.at))).label("filed_at"),
            last("closed", before).label("closed_before"),
            last("reopened", before).label("reopened_before"),
            last("closed", during).label("closing"),
            last("reopened", during).label("reopening"),
            last("dispatched", during).label("dispatching"),
            *(count_where(and_(event.kind == kind, during)).label(kind) for kind in EVENT_COUNTS),
            count_where(event.kind == "reopened").label("reopen_count"),
            func.count(event.due_date).label("due_dates"),
            func.max(event.due_date).label("only_due_date"),  # the one in force when due_dates is 1
            func.count(event.level).label("escalations"),
            func.max(case((event.level.is_not(None), event.id))).label("only_escalation_id"),  # when 1 escalation
            func.max(case(*((event.kind == kind, n) for n, kind in enumerate(STAGES[:-1])))).label("furthest"),
        )
        .where(event.issue_id.in_(_issues(f, moments)), event.at < moments.end)
        .group_by(event.issue_id)
        .subquery()
    )


def _issues(f: Filter, moments: _Moments) -> Select[tuple[int]]:
    """Ids of the issues inside the filter whose history may say something about the moments' span."""
    return select(Issue.id).where(Issue.grid_id.in_(grid_ids(f)), *_may_change(moments.start, moments.end))


def _may_change(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """The issues whose history may say something from `start` to `end`: reported before the end, and not closed
    for good before the start (see the module docstring)."""
    return [Issue.reported_at < end, or_(Issue.closed_at.is_(None), Issue.closed_at >= start)]


def _latest(issue_id: ColumnElement[int], value: Any, carrying: Any, until: ColumnElement[bool]) -> ColumnElement[Any]:
    """`value` of the issue's latest event `until` a moment among those carrying a `carrying` column (not NULL).

    Events are looked up by issue only (not by kind): an index on kind tempts MariaDB into scanning them all.
    """
    event = IssueEvent
    return (
        select(value)
        .where(event.issue_id == issue_id, carrying.is_not(None), until)
        .order_by(event.at.desc(), event.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _due_at(issue_id: ColumnElement[int], until: ColumnElement[bool]) -> ColumnElement[Any]:
    """The due date in force at a moment: the latest one recorded (by a filed or extended event) `until` it."""
    return _latest(issue_id, IssueEvent.due_date, IssueEvent.due_date, until)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


@lru_cache(maxsize=256)  # a page's lists and cards share them (issues.present: one moment per page run)
def _issue_facts(f: Filter, moments: _Moments) -> Subquery:
    """Per issue inside the filter with events before the end: its event counts, 1/0 flags for is_filed, due,
    closed, closed_on_time, overdue_open, open_at_end and settled (closed at the start and not reopened in the
    period), filed_at, due_at_end (the due date in force then), closed_at_end (the closing in force then, NULL
    when not closed), stage (index in STAGES reached by the end), reopen_count and escalations (recorded by the
    end; only_escalation_id: the escalation's event when there is one), and its days to close and to dispatch
    (NULL when not closed or dispatched in the period). The due dates in force are read from the events only for
    issues whose due date was moved: with one due date recorded, it is the one in force."""
    h = _histories(f, moments).c
    dated = (
        select(h, case((h.due_dates <= 1, h.only_due_date),
                       else_=_due_at(h.issue_id, IssueEvent.at < moments.end)).label("due_at_end"),
               case((h.closing.is_not(None), _due_at(h.issue_id, IssueEvent.at <= h.closing))).label("due_at_closing"))
        .offset(0)  # looked up once per issue: PostgreSQL would otherwise copy the lookups into every use of them
        .subquery()
    )
    d = dated.c
    filed = d.filed_at.is_not(None)
    closed_at_start = and_(
        d.closed_before.is_not(None), or_(d.reopened_before.is_(None), d.closed_before >= d.reopened_before)
    )
    last_closing = func.coalesce(d.closing, d.closed_before)
    last_reopening = func.coalesce(d.reopening, d.reopened_before)
    closed_at_end = and_(last_closing.is_not(None), or_(last_reopening.is_(None), last_reopening <= last_closing))
    open_at_end = and_(filed, ~closed_at_end)
    live = and_(filed, or_(~closed_at_start, d.reopening.is_not(None)))
    closed = d.closing.is_not(None)
    past_due = d.due_at_end < moments.end_day
    return select(
        d.issue_id,
        *(d[kind] for kind in EVENT_COUNTS),
        _flag(filed).label("is_filed"),
        d.due_at_end,
        _flag(and_(live, or_(past_due, closed))).label("due"),
        _flag(closed).label("closed"),
        _flag(and_(closed, days_between(d.due_at_closing, d.closing) <= 0)).label("closed_on_time"),
        _flag(and_(open_at_end, past_due)).label("overdue_open"),
        _flag(open_at_end).label("open_at_end"),
        _flag(and_(closed_at_start, d.reopening.is_(None))).label("settled"),
        d.filed_at,
        case((closed_at_end, last_closing)).label("closed_at_end"),
        case((closed_at_end, len(STAGES) - 1), else_=func.coalesce(d.furthest, 0)).label("stage"),
        d.reopen_count,
        d.escalations,
        d.only_escalation_id,
        case((closed, days_between(d.filed_at, d.closing))).label("days_to_close"),
        days_elapsed(d.filed_at, d.dispatching).label("days_to_dispatch"),
    ).subquery()


def issue_states(f: Filter, when: datetime | Period, since: datetime | None = None,
                 engine: Engine | None = None) -> Subquery:
    """Per issue inside the filter with events before a moment (a period: its end, or now while it runs — as
    loop_figures reads it), as it stood then by the module's rules, for the queries that list or group issues.
    The issues settled before a period's start are left out; for a moment, those closed for good before `since`
    (default: the moment itself, which leaves the issues that are open then or were closed after it). Columns:
    - filed, open and overdue, each 1 or 0 (overdue: open with the due date in force before the moment's day, the
      due day itself not overdue); filed_at (the filing), due_date (the one in force), closed_at (the closing in
      force, NULL when not closed then), reopen_count (reopenings recorded by then);
    - stage: the index in STAGES of the furthest step with an event by then, closed only while closed (a reopened
      issue stands at the furthest step before closing; a step skipped on the way does not matter);
    - escalation_level (0 when never escalated; 1 village, 2 township, 3 county) and target_department: those of
      the latest escalation by then;
    - reported (1 when reported in the period) and settled (1 when closed at its start and not reopened in it); for
      a moment, the period from `since` to it.
    Summed over the issues, open and overdue are loop_figures' open_at_end and overdue_open. A running period's
    states come from its issue-state summaries while they hold (data_access.running)."""
    if isinstance(when, Period) and running.summarised(when, engine):
        return _summarised_states(f, when)
    return _states(f, _Moments.of(when) if isinstance(when, Period) else _Moments.at(when, since or when))


def states_at(period: Period, present: datetime) -> Subquery:
    """issue_states of the whole district for a running `period` read at `present` (what its summaries hold)."""
    return _states(Filter(period), _Moments.of(period, present))


def _summarised_states(f: Filter, period: Period) -> Subquery:
    s = IssueStateSummary.__table__.c
    return (  # the kind's one running period: one column for the planner to estimate (with the start too, it took
        # a district's 3,494 overdue issues for 40), and no issue row, so that it can start from these rows
        select(*(s[column] for column in STATE_COLUMNS))
        .where(s.period_kind == period.kind, s.grid_id.in_(grid_ids(f)))
        .subquery()
    )


@lru_cache(maxsize=256)
def _states(f: Filter, moments: _Moments) -> Subquery:
    """issue_states at `moments`, built once for each filter and moments."""
    facts = _issue_facts(f, moments).c
    escalation_id = case((facts.escalations <= 1, facts.only_escalation_id),
                         else_=_latest(facts.issue_id, IssueEvent.id, IssueEvent.level, IssueEvent.at < moments.end))
    states = select(
        facts.issue_id, facts.is_filed.label("filed"), facts.filed_at, facts.open_at_end.label("open"),
        facts.overdue_open.label("overdue"), facts.due_at_end.label("due_date"),
        facts.closed_at_end.label("closed_at"), facts.reopen_count, facts.stage,
        _flag(facts.reported > 0).label("reported"), facts.settled, escalation_id.label("escalation_id"),
    ).subquery()
    escalation = aliased(IssueEvent)
    return (
        select(*(column for column in states.c if column.key != "escalation_id"),
               func.coalesce(escalation.level, 0).label("escalation_level"),
               escalation.department.label("target_department"))
        .select_from(states.outerjoin(escalation, escalation.id == states.c.escalation_id))
        .subquery()
    )


def _figures(f: Filter, period: Period, level: GroupLevel | None, engine: Engine | None) -> Subquery:
    """The counts and averages of one period, one row or one row per group of `level` (its key as group_key):
    from the loop summaries when the period is closed and summarised, else from the case history."""
    if level != "service_line" and summarised(period, engine):
        return _summary_figures(f, period, level)
    facts = _issue_facts(f, _Moments.of(period))
    d = facts.c
    key = [issue_key(level).label("group_key")] if level else []
    query = select(
        *key,
        *(func.sum(d[kind]).label(kind) for kind in [*EVENT_COUNTS, *FLAGS]),
        mean(d.days_to_close).label("avg_days_to_close"),
        mean(d.days_to_dispatch).label("avg_days_to_dispatch"),
    )
    if level:  # the facts are already inside the filter: the place chain only names the groups
        query = query.select_from(ISSUE_CHAIN.join(facts, d.issue_id == Issue.id)).group_by(*key)
    return query.subquery()


def summarised(period: Period, engine: Engine | None = None) -> bool:
    """Whether the period's loop summaries (schema.summaries) give its figures: it has ended and they are written,
    or it is running and they were written at the data version of now, today, with no event recorded between the
    moment they were read at and now."""
    if not has_ended(period):
        return running.summarised(period, engine)
    mark = read_frame(select(SummaryMark.summarised_until).where(SummaryMark.period_kind == period.kind), engine)
    return not mark.empty and period.end <= mark.iloc[0, 0]


def _summary_figures(f: Filter, period: Period, level: GroupLevel | None) -> Subquery:
    """_figures read from the loop summaries: the grids' sums, and each average as the sum of the grids' sums over
    the sum of their counts."""
    s = LoopSummary.__table__.c
    key = [(Grid.id if level == "grid" else issue_key(level)).label("group_key")] if level else []
    query = (
        select(*key, *(func.sum(s[kind]).label(kind) for kind in COUNTS),
               ratio(func.sum(s.days_to_close_sum), func.sum(s.days_to_close_count)).label("avg_days_to_close"),
               ratio(func.sum(s.days_to_dispatch_sum), func.sum(s.days_to_dispatch_count))
               .label("avg_days_to_dispatch"))
        .select_from(LoopSummary.__table__.join(Grid, Grid.id == s.grid_id)
                     .join(ServicePoint, ServicePoint.id == Grid.service_point_id))
        .where(s.grid_id.in_(grid_ids(f)), s.period_kind == period.kind, s.period_start == period.start)
    )
    return (query.group_by(*key) if level else query).subquery()


def grid_summaries(period: Period, villages: frozenset[int] | None = None,
                   present: datetime | None = None) -> Select[Any]:
    """Per grid of the villages (None: every grid) with issues to count, its loop figures of `period` (read now, or
    at `present` while it runs), as the columns of schema.LoopSummary."""
    facts = _issue_facts(Filter(period, scope=villages), _Moments.of(period, present))
    d = facts.c
    return (
        select(Issue.grid_id, literal(period.kind).label("period_kind"),
               literal(period.start, Date).label("period_start"), *(func.sum(d[kind]).label(kind) for kind in COUNTS),
               *(column for name in ("days_to_close", "days_to_dispatch") for column in (
                   func.coalesce(func.sum(d[name]), 0).label(f"{name}_sum"),
                   func.count(d[name]).label(f"{name}_count"))))
        .select_from(Issue.__table__.join(facts, d.issue_id == Issue.id))
        .group_by(Issue.grid_id)
    )


def _columns(figures: Subquery) -> list[ColumnElement[Any]]:
    """The counts (0 when none), the rates over them and the averages, labelled."""
    n = {kind: func.coalesce(figures.c[kind], 0) for kind in COUNTS}
    rates = [ratio(n[numerator], n[denominator]).label(rate) for rate, (numerator, denominator) in RATES.items()]
    return [*(n[kind].label(kind) for kind in COUNTS), *rates, *(figures.c[name] for name in AVERAGES)]


def loop_figures(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Two rows, period = 'current' (f.period) and 'previous' (f.period.previous()), with period_label, the
    COUNTS, the RATES and the AVERAGES of the module docstring."""
    periods = (("current", f.period), ("previous", f.period.previous()))
    rows = (
        select(literal(name).label("period"), literal(p.label).label("period_label"),
               *_columns(_figures(f, p, None, engine)))
        for name, p in periods
    )
    return typed_figures(read_frame(union_all(*rows), engine), COUNTS, [*RATES, *AVERAGES])


def loop_figures_by(f: Filter, level: GroupLevel, engine: Engine | None = None) -> pd.DataFrame:
    """The loop_figures of f.period per village, 片区, grid or service line: the group's columns (village_id,
    village, … as data_access.places.place_columns; or service_line, service_line_zh), the figures, small_sample
    (应结案数 < MIN_SAMPLE) and rank (by 按期结案率 among the other groups, ties sharing a rank; NULL for small
    samples). Every group inside the filter is listed, also with no issues (counts 0, rates NaN)."""
    figures = _figures(f, f.period, level, engine)
    due = func.coalesce(figures.c.due, 0)
    on_time_rate = ratio(func.coalesce(figures.c.closed_on_time, 0), due)
    query = per_group(
        f, level, [figures], *_columns(figures), (due < MIN_SAMPLE).label("small_sample"),
        sample_rank(on_time_rate, due).label("rank"),
    )
    df = typed_figures(read_frame(query, engine), COUNTS, [*RATES, *AVERAGES])
    return typed(df, {"small_sample": "bool", "rank": "Int64"})


def open_changes(f: Filter, start: datetime, end: datetime) -> Subquery:
    """Per filing, closing and reopening before `end` of an issue inside the filter: its issue_id, kind, at, and
    change, +1 when it made the issue open, -1 when it made it not open, else 0 — by the module's open rule, with a
    closing taken after a reopening or filing at the same instant. Issues closed for good before `start` are left
    out: their changes before it add up to 0 and they have none after.

    Every window reads the issue's events in one order (so the database sorts them once): the state after an event
    from the events up to it, the state before it from those up to the one before."""
    event = IssueEvent
    order = [event.at, case((event.kind == "closed", 1), else_=0), event.id]
    # one frame object each, so that every window of a frame is the same clause and the database computes them in
    # one pass (three "1 PRECEDING" of their own would be three windows to PostgreSQL)
    after = FrameClause(None, None, FrameClauseType.UNBOUNDED, FrameClauseType.CURRENT)
    before = FrameClause(None, 1, FrameClauseType.UNBOUNDED, FrameClauseType.PRECEDING)

    def so_far(value: ColumnElement[Any], rows: FrameClause, label: str) -> ColumnElement[Any]:
        return func.max(value).over(partition_by=event.issue_id, order_by=order, rows=rows).label(label)

    filed = _flag(event.kind == "filed")
    last_closed = case((event.kind == "closed", event.at))
    last_reopened = case((event.kind == "reopened", event.at))
    running = (  # the window functions alone: MariaDB misreads them inside a CASE
        select(event.issue_id, event.kind, event.at,
               *(so_far(value, rows, f"{name}_{when}")
                 for when, rows in (("after", after), ("before", before))
                 for name, value in (("filed", filed), ("closed", last_closed), ("reopened", last_reopened))))
        .join(Issue, Issue.id == event.issue_id)
        .where(Issue.grid_id.in_(grid_ids(f)), event.at < end, event.kind.in_(("filed", "closed", "reopened")),
               *_may_change(start, end))
        .subquery()
    ).c

    def is_open(when: str) -> ColumnElement[int]:  # a closing and a reopening at one instant: the closing is later
        closed, reopened = running[f"closed_{when}"], running[f"reopened_{when}"]
        return _flag(and_(running[f"filed_{when}"] == 1, or_(closed.is_(None), reopened > closed)))

    return select(running.issue_id, running.kind, running.at,
                  (is_open("after") - is_open("before")).label("change")).subquery()


def loop_by_month(f: Filter, months: int = 24, engine: Engine | None = None) -> pd.DataFrame:
    """The last `months` calendar months up to the period's last month: month, filed, closed and open_at_end, as
    loop_figures gives them for each month alone (a month still running is read now): from the loop summaries when
    every ended month is summarised, else in one pass over the events."""
    first = add_months(f.period.end, -months)
    series = month_series(first, months)
    window = [Period("month", add_months(first, n)) for n in range(months)]
    running = None if has_ended(window[-1]) else window[-1]
    ended = window[:-1] if running else window
    if ended and summarised(ended[-1], engine):
        per_month = _summarised_months(f, ended, running, engine)
        open_at_end = func.coalesce(per_month.c.open_at_end, 0)  # no grid with an open issue: none open
    else:
        per_month = _months_from_events(f, first, read_at(f.period))
        open_at_end = func.sum(func.coalesce(per_month.c.change, 0)).over(order_by=series.c.month, rows=(None, 0))
    query = (
        select(series.c.month, func.coalesce(per_month.c.filed, 0).label("filed"),
               func.coalesce(per_month.c.closed, 0).label("closed"), open_at_end.label("open_at_end"))
        .select_from(series.outerjoin(per_month, per_month.c.month == series.c.month))
        .order_by(series.c.month)
    )
    df = typed_figures(read_frame(query, engine), ["filed", "closed", "open_at_end"])
    df["month"] = pd.to_datetime(df["month"]).astype("datetime64[us]")
    return df


def _summarised_months(f: Filter, ended: list[Period], running: Period | None, engine: Engine | None) -> Subquery:
    """Per month, its filed, closed and open_at_end: the ended months' from the loop summaries, the running month's
    too while they hold for it, else from the case history."""
    s = LoopSummary.__table__.c
    month = month_start(s.period_start)
    if running and summarised(running, engine):
        ended, running = [*ended, running], None
    per_month = (
        select(month.label("month"), func.sum(s.filed).label("filed"), func.sum(s.closed).label("closed"),
               func.sum(s.open_at_end).label("open_at_end"))
        .where(s.grid_id.in_(grid_ids(f)), s.period_kind == "month", s.period_start >= ended[0].start,
               s.period_start <= ended[-1].start)
        .group_by(month)
    )
    if running:
        live = _figures(f, running, None, engine).c
        per_month = union_all(per_month, select(month_start(literal(running.start, Date)).label("month"),
                                                live.filed, live.closed, live.open_at_end))
    return per_month.subquery()


def backlogs_by_grid(f: Filter, months: list[Period], engine: Engine | None = None) -> Subquery | None:
    """Per grid inside the filter with open issues, and per consecutive month (index k in `months`), open_at_end at
    the month's end (now, for a running month), from the loop summaries. None when a month is not summarised: then
    the months are read from the case history, in one pass (open_changes), which at district scale is quicker than
    each month's own figures."""
    ended = [month for month in months if has_ended(month)]
    if not all(summarised(month, engine) for month in {*ended[-1:], *months[len(ended):]}):  # ended: up to a mark
        return None
    s = LoopSummary.__table__.c
    index = case(*((s.period_start == month.start, k) for k, month in enumerate(months)))
    return (
        select(s.grid_id, index.label("k"), s.open_at_end)
        .where(s.grid_id.in_(grid_ids(f)), s.period_kind == "month",
               s.period_start.in_([month.start for month in months]))
        .subquery()
    )


def _months_from_events(f: Filter, first: date, end: datetime) -> Subquery:
    """Per month with events up to `end`, its filed, closed and change of open_at_end, in one pass over the events:
    every change before `first` counts in `first`'s month."""
    window_start = datetime.combine(first, time())
    changes = open_changes(f, window_start, end).c
    inside = changes.at >= window_start
    month = case((inside, month_start(changes.at)), else_=month_start(literal(first, Date)))
    return (
        select(month.label("month"), count_where(and_(inside, changes.kind == "filed")).label("filed"),
               func.count(case((and_(inside, changes.kind == "closed"), changes.issue_id)).distinct()).label("closed"),
               func.sum(changes.change).label("change"))
        .group_by(month)
        .subquery()
    )
