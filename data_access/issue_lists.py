"""The backlog's lists and groupings of issues (the overdue agenda, ageing, escalations, loop stages, repeat
households, every issue), each as it stood at the period's end, read from the case history.

Every query reads data_access.loop.issue_states at the period's end (or now while the period runs, see
data_access.issues.read_at): filed, open, overdue, the due date in force, the escalation level and department, the
loop stage and the closing are what had been recorded by then, so a reopen, a re-close, an escalation or a moved
due date recorded later never changes a closed period's lists, and the lists agree with data_access.loop's cards
(the overdue list holds the issues of 超期未结, the ageing those of 未结). Ages and days overdue are whole calendar
days up to the period's end (today while it runs): an issue due on the period's last day and still open then is 1
day overdue, one filed on that day 1 day old. The owner (owner_name, masked) and the household are the issue row's:
the history records no change of them.
"""
from datetime import datetime, time
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, case, func, or_, select

from data_access.db import read_frame
from data_access.filters import Filter, Period, add_months, grid_ids
from data_access.issues import (STAGE_ZH, count_where, issue_and_place, literal_table, mean, placed, read_at,
                                 typed_figures)
from data_access.loop import issue_states
from data_access.privacy import people_list, protect
from data_access.sql import days_between
from schema import Grid, Household, Issue, ServicePoint, Township, Village

AGE_BUCKETS = (("0–7", 7), ("8–30", 30), ("31–90", 90), (">90", None))  # label, largest age in days


def _days_to_end(period: Period, column: Any) -> ColumnElement[int]:
    """Whole days from the date in `column` to the period's end (today while it runs)."""
    return days_between(column, read_at(period).date())


def overdue_issues(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """超期未结清单: every issue open and past the due date in force at the period's end, most days overdue first —
    the issues loop_figures counts in overdue_open.

    days_overdue: whole days from that due date to the period's end (due on the period's last day → 1).
    escalation_level and target_department: the latest escalation's by then (0 and NULL when none). owner_name is
    masked. Columns: issue_id, title, township, village, service_point (片区), grid, service_line, owner_name,
    escalation_level, target_department, filed_at, due_date, days_overdue.
    """
    states = issue_states(f, f.period, engine=engine)
    state = states.c
    days_overdue = _days_to_end(f.period, state.due_date)
    query = (
        select(*issue_and_place(), Issue.owner_name, state.escalation_level, state.target_department,
               state.filed_at, state.due_date, days_overdue.label("days_overdue"))
        .select_from(placed(states))
        .where(state.overdue == 1)
        .order_by(days_overdue.desc(), Issue.id)
    )
    df = typed_figures(read_frame(query, engine), ["issue_id", "escalation_level", "days_overdue"])
    return protect(df, f.viewer, owner_name="member")


def open_issue_ageing(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Issues open at the period's end by age: bucket (AGE_BUCKETS order), issues, overdue (of them past the due
    date in force); summed, loop_figures' open_at_end and overdue_open.

    Age = whole days from the filing date to the period's end. Every bucket is listed.
    """
    states = issue_states(f, f.period, engine=engine)
    state = states.c
    age = _days_to_end(f.period, state.filed_at)
    limits = [(age <= top, n) for n, (_, top) in enumerate(AGE_BUCKETS) if top is not None]
    bucket = case(*limits, else_=len(AGE_BUCKETS) - 1)
    aged = (
        select(bucket.label("ordinal"), case((state.overdue == 1, 1)).label("overdue"))
        .where(state.open == 1)
        .subquery()
    )
    buckets = literal_table(("ordinal", "bucket"), ((n, label) for n, (label, _) in enumerate(AGE_BUCKETS)))
    query = (
        select(
            buckets.c.bucket, func.count(aged.c.ordinal).label("issues"), func.count(aged.c.overdue).label("overdue")
        )
        .select_from(buckets.outerjoin(aged, aged.c.ordinal == buckets.c.ordinal))
        .group_by(buckets.c.ordinal, buckets.c.bucket)
        .order_by(buckets.c.ordinal)
    )
    return typed_figures(read_frame(query, engine), ["issues", "overdue"])


def escalations(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Issues open at the period's end whose latest escalation by then went up (escalation_level 1 village,
    2 township, 3 county).

    Per escalation_level and target_department (NULL when none is named) as they stood then: issues, overdue (past
    the due date in force), avg_age_days and max_age_days (whole days from filing to the period's end). Highest
    level first, then most issues.
    """
    states = issue_states(f, f.period, engine=engine)
    state = states.c
    age = _days_to_end(f.period, state.filed_at)
    query = (
        select(
            state.escalation_level,
            state.target_department,
            func.count().label("issues"),
            count_where(state.overdue == 1).label("overdue"),
            mean(age).label("avg_age_days"),
            func.max(age).label("max_age_days"),
        )
        .where(state.open == 1, state.escalation_level > 0)
        .group_by(state.escalation_level, state.target_department)
        .order_by(state.escalation_level.desc(), func.count().desc(), state.target_department)
    )
    ints = ["escalation_level", "issues", "overdue", "max_age_days"]
    return typed_figures(read_frame(query, engine), ints, ["avg_age_days"])


def loop_stage_counts(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Issues reported in the period (受理, as loop_figures' reported) by the furthest loop stage reached by its end.

    Stages in order: reported 上报 → filed 立案 → dispatched 派遣 → handled 处置 → fed_back 反馈 → closed 结案 (the
    stage of issue_states: a stage skipped on the way does not matter; an issue reopened by then stands at the
    furthest step before closing). Columns: stage, stage_zh, issues (furthest stage is this one), reached (this
    stage or further; the funnel, whose first bar is the period's 受理数). Every stage is listed.
    """
    states = issue_states(f, f.period, engine=engine)
    staged = select(states.c.stage).where(states.c.reported == 1).subquery()
    stages = literal_table(("ordinal", "stage", "stage_zh"), ((n, *kv) for n, kv in enumerate(STAGE_ZH.items())))
    query = (
        select(
            stages.c.stage,
            stages.c.stage_zh,
            count_where(staged.c.stage == stages.c.ordinal).label("issues"),
            func.count(staged.c.stage).label("reached"),
        )
        .select_from(stages.outerjoin(staged, staged.c.stage >= stages.c.ordinal))
        .group_by(stages.c.ordinal, stages.c.stage, stages.c.stage_zh)
        .order_by(stages.c.ordinal)
    )
    return typed_figures(read_frame(query, engine), ["issues", "reached"])


def repeat_complaint_households(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Households with ≥ 2 issues reported (reported_at) in the 12 months up to the period's end.

    Household and issue both inside the filter. Columns: household_id, head_name (masked), township, village, grid
    (the household's), issues, open_issues (open at the period's end, or not yet filed then), service_lines (distinct),
    first_reported, last_reported. Most issues first. No rows for an observer.
    """
    end = read_at(f.period)
    since = datetime.combine(add_months(f.period.end, -12), time())
    states = issue_states(f, f.period, engine=engine)
    state = states.c
    per_household = (  # the issues first, grouped by household; then the few repeat households joined to places
        select(
            Issue.household_id,
            func.count().label("issues"),
            count_where(or_(state.open == 1, state.filed == 0)).label("open_issues"),
            func.count(Issue.service_line.distinct()).label("service_lines"),
            func.min(Issue.reported_at).label("first_reported"),
            func.max(Issue.reported_at).label("last_reported"),
        )
        .select_from(Issue.__table__.outerjoin(states, state.issue_id == Issue.id))  # none: settled, so not open
        .where(Issue.grid_id.in_(grid_ids(f)), Issue.household_id.is_not(None), Issue.reported_at >= since,
               Issue.reported_at < end)
        .group_by(Issue.household_id)
        .having(func.count() >= 2)
        .subquery()
    )
    repeat = per_household.c
    query = (
        select(
            Household.id.label("household_id"),
            Household.head_name,
            Township.name.label("township"),
            Village.name.label("village"),
            Grid.name.label("grid"),
            repeat.issues,
            repeat.open_issues,
            repeat.service_lines,
            repeat.first_reported,
            repeat.last_reported,
        )
        .select_from(
            per_household.join(Household, Household.id == repeat.household_id)
            .join(Grid, Grid.id == Household.grid_id)
            .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
            .join(Village, Village.id == ServicePoint.village_id)
            .join(Township, Township.id == Village.township_id)
        )
        .where(Household.grid_id.in_(grid_ids(f)))
        .order_by(repeat.issues.desc(), repeat.last_reported.desc(), Household.id)
    )
    df = typed_figures(read_frame(query, engine), ["household_id", "issues", "open_issues", "service_lines"])
    return people_list(protect(df, f.viewer, head_name="resident"), f.viewer)


def issue_list(f: Filter, search: str | None = None, engine: Engine | None = None,
               first: int | None = None) -> pd.DataFrame:
    """Drill-down: every issue reported before the period's end and not settled before it (closed at its start and
    not reopened in it), newest report first, each as it stood at the period's end — the period's view, not
    today's: a closed period's list never changes. The `first` of them, or all; how many: issue_list_count.

    search: a substring of the title (parameterised LIKE, % and _ taken literally). status at the period's end:
    'overdue' (open past the due date in force), 'open' (also an entry not yet filed), 'closed' (closed in the
    period and not reopened by its end). filed_at, due_date (in force), closed_at (the closing in force, NULL when
    open), escalation_level, target_department and reopen_count (reopenings so far): as recorded by the period's
    end. Personal data masked: household head and owner names. Columns: issue_id, title, township, village,
    service_point, grid, service_line, source, head_name, owner_name, reported_at, filed_at, due_date, closed_at, status,
    escalation_level, target_department, reopen_count.
    """
    df = read_frame(_issue_list_query(f, search, engine).limit(first), engine)
    df = typed_figures(df, ["issue_id", "escalation_level", "reopen_count"])
    return protect(df, f.viewer, head_name="resident", owner_name="member")


def issue_list_count(f: Filter, search: str | None = None, engine: Engine | None = None) -> pd.DataFrame:
    """How many issues issue_list lists: one row, issues."""
    listed = _issue_list_query(f, search, engine).order_by(None).subquery()
    return typed_figures(read_frame(select(func.count().label("issues")).select_from(listed), engine), ["issues"])


def _issue_list_query(f: Filter, search: str | None, engine: Engine | None) -> Select:
    states = issue_states(f, f.period, engine=engine)
    state = states.c
    status = case((state.overdue == 1, "overdue"), (state.open == 1, "open"), (state.filed == 1, "closed"),
                  else_="open")
    query = (
        select(
            *issue_and_place(),
            Issue.source,
            Household.head_name,
            Issue.owner_name,
            Issue.reported_at,
            state.filed_at,
            state.due_date,
            state.closed_at,
            status.label("status"),
            state.escalation_level,
            state.target_department,
            state.reopen_count,
        )
        .select_from(placed(states).outerjoin(Household, Household.id == Issue.household_id))
        .where(state.settled == 0)
        .order_by(Issue.reported_at.desc(), Issue.id.desc())
    )
    return query.where(Issue.title.contains(search, autoescape=True)) if search else query
