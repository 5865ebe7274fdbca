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
Rates (RATES: name → numerator, denominator) are fractions, NaN when the denominator is 0: 立案率 = 立案 / 受理,
派遣率 = 派遣 / 立案, and 结案率, 按期结案率, 返工率, 延期率 over 应结案数.
"""
from datetime import datetime, time
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, Subquery, and_, case, func, literal, or_, select, union_all

from data_access.db import read_frame
from data_access.filters import Filter, Period, grid_ids
from data_access.issues import (
    ISSUE_CHAIN,
    MIN_SAMPLE,
    GroupLevel,
    _count,
    _issue_key,
    _mean,
    _per_group,
    _rank,
    _ratio,
    _typed,
    read_at,
)
from data_access.sql import days_between, days_elapsed
from schema import Issue, IssueEvent

EVENT_COUNTS = ["reported", "filed", "dispatched", "reopened", "extended"]
COUNTS = [*EVENT_COUNTS, "due", "closed", "closed_on_time", "overdue_open", "open_at_end"]
RATES = {
    "filing_rate": ("filed", "reported"),
    "dispatch_rate": ("dispatched", "filed"),
    "closure_rate": ("closed", "due"),
    "on_time_rate": ("closed_on_time", "due"),
    "rework_rate": ("reopened", "due"),
    "extension_rate": ("extended", "due"),
}
AVERAGES = ["avg_days_to_close", "avg_days_to_dispatch"]


class _Moments:
    """A period's start, the moment it is read at (its end, or now) and the day due dates are compared with."""

    def __init__(self, period: Period) -> None:
        self.start = datetime.combine(period.start, time())
        self.end = read_at(period)
        self.end_day = min(period.end, self.end.date())


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
            *(_count(and_(event.kind == kind, during)).label(kind) for kind in EVENT_COUNTS),
        )
        .join(Issue, Issue.id == event.issue_id)
        .where(Issue.grid_id.in_(grid_ids(f)), event.at < moments.end)
        .group_by(event.issue_id)
        .subquery()
    )


def _due_at(issue_id: ColumnElement[int], until: ColumnElement[bool]) -> ColumnElement[Any]:
    """The due date in force at a moment: the latest one recorded (by a filed or extended event) `until` it.

    Events are looked up by issue only (not by kind): an index on kind tempts MariaDB into scanning them all.
    """
    event = IssueEvent
    return (
        select(event.due_date)
        .where(event.issue_id == issue_id, event.due_date.is_not(None), until)
        .order_by(event.at.desc(), event.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _figures(f: Filter, period: Period, level: GroupLevel | None) -> Subquery:
    """The counts and averages of one period, one row or one row per group of `level` (its key as group_key)."""
    moments = _Moments(period)
    h = _histories(f, moments).c
    dated = select(
        h,
        _due_at(h.issue_id, IssueEvent.at < moments.end).label("due_at_end"),
        _due_at(h.issue_id, IssueEvent.at <= h.closing).label("due_at_closing"),
    ).subquery()
    d = dated.c
    filed = d.filed_at.is_not(None)
    closed_at_start = and_(
        d.closed_before.is_not(None), or_(d.reopened_before.is_(None), d.closed_before >= d.reopened_before)
    )
    last_closing = func.coalesce(d.closing, d.closed_before)
    last_reopening = func.coalesce(d.reopening, d.reopened_before)
    open_at_end = and_(filed, or_(last_closing.is_(None), last_reopening > last_closing))
    live = and_(filed, or_(~closed_at_start, d.reopening.is_not(None)))
    closed = d.closing.is_not(None)
    past_due = d.due_at_end < moments.end_day
    key = [_issue_key(level).label("group_key")] if level else []
    return (
        select(
            *key,
            *(func.sum(d[kind]).label(kind) for kind in EVENT_COUNTS),
            _count(and_(live, or_(past_due, closed))).label("due"),
            _count(closed).label("closed"),
            _count(and_(closed, days_between(d.due_at_closing, d.closing) <= 0)).label("closed_on_time"),
            _count(and_(open_at_end, past_due)).label("overdue_open"),
            _count(open_at_end).label("open_at_end"),
            _mean(case((closed, days_between(d.filed_at, d.closing)))).label("avg_days_to_close"),
            _mean(days_elapsed(d.filed_at, d.dispatching)).label("avg_days_to_dispatch"),
        )
        .select_from(ISSUE_CHAIN.join(dated, d.issue_id == Issue.id))
        .group_by(*key)
        .subquery()
    )


def _columns(figures: Subquery) -> list[ColumnElement[Any]]:
    """The counts (0 when none), the rates over them and the averages, labelled."""
    n = {kind: func.coalesce(figures.c[kind], 0) for kind in COUNTS}
    rates = [_ratio(n[numerator], n[denominator]).label(rate) for rate, (numerator, denominator) in RATES.items()]
    return [*(n[kind].label(kind) for kind in COUNTS), *rates, *(figures.c[name] for name in AVERAGES)]


def loop_figures(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Two rows, period = 'current' (f.period) and 'previous' (f.period.previous()), with period_label, the
    COUNTS, the RATES and the AVERAGES of the module docstring."""
    periods = (("current", f.period), ("previous", f.period.previous()))
    rows = (
        select(literal(name).label("period"), literal(p.label).label("period_label"), *_columns(_figures(f, p, None)))
        for name, p in periods
    )
    return _typed(read_frame(union_all(*rows), engine), COUNTS, [*RATES, *AVERAGES])


def loop_figures_by(f: Filter, level: GroupLevel, engine: Engine | None = None) -> pd.DataFrame:
    """The loop_figures of f.period per village, 片区, grid or service line: the group's columns (as
    data_access.issues.issue_indicators_by), the figures, small_sample (应结案数 < MIN_SAMPLE) and rank (by
    按期结案率 among the other groups, ties sharing a rank; NULL for small samples). Every group inside the filter
    is listed, also with no issues (counts 0, rates NaN)."""
    figures = _figures(f, f.period, level)
    due = func.coalesce(figures.c.due, 0)
    on_time_rate = _ratio(func.coalesce(figures.c.closed_on_time, 0), due)
    query = _per_group(
        f, level, [figures], *_columns(figures), (due < MIN_SAMPLE).label("small_sample"),
        _rank(on_time_rate, due).label("rank"),
    )
    df = _typed(read_frame(query, engine), COUNTS, [*RATES, *AVERAGES])
    return df.astype({"small_sample": "bool", "rank": "Int64"})
