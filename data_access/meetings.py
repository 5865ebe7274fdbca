"""The weekly dispatch meeting (调度会): what is new since the last meeting, who holds the overdue and escalated
issues, and whether the last meeting's items moved.

A meeting looks at two moments: the last meeting, at the start of its day (`since`, 00:00), and now, the end of the
data's last day (`as_of` + 1 day, 00:00) or the present moment when that is earlier (meeting_moment). Whether an
issue was filed, open, overdue or escalated at a moment, its due date then and its loop stage are read from its
case history by data_access.loop.issue_states — the rules of loop_figures' 超期未结 and open_at_end, read at a moment
instead of a period's end (a reopened issue is open until closed again; the due day itself is not overdue; the
escalation is the latest one by then; the stage is the furthest of reported → filed → dispatched → handled →
fed_back → closed with an event by then, closed only while closed, a stage skipped on the way not mattering).
"""
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, func, null, or_, select

from data_access import issues
from data_access.db import read_frame, typed
from data_access.filters import Filter, grid_ids
from data_access.issues import PLACE_CHAIN, issue_and_place
from data_access.loop import STAGES, issue_states
from data_access.privacy import protect
from data_access.sql import days_between
from schema import Issue, ServicePoint, Township, Village

MOVEMENTS = ("closed", "progressed", "unchanged")  # 已结案 / 有推进 / 未动


def meeting_moment(as_of: date) -> datetime:
    """Now, for a meeting on data up to `as_of`: the end of that day, or the present moment when earlier."""
    return min(datetime.combine(as_of + timedelta(days=1), time()), issues.present())


def _stage_names(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].map(lambda n: STAGES[int(n)])
    return frame


def new_issues(f: Filter, since: date, as_of: date, engine: Engine | None = None) -> pd.DataFrame:
    """新增民情: every issue reported (reported_at) from the last meeting's day `since` (included) up to the end of
    `as_of`, newest first, inside the filter's place (the period does not apply).

    status now (meeting_moment): 'closed', 'overdue' (open past due_date), 'open', or 'reported' (not yet put on
    the problem list). owner_name is masked. Columns: issue_id, title, township, village, service_point, grid,
    service_line,
    owner_name, reported_at, due_date, stage (furthest loop stage now), status.
    """
    moment, first = meeting_moment(as_of), datetime.combine(since, time())
    states = issue_states(f, moment, since=first)  # an issue reported since then was not closed before it
    state = states.c
    status = case((state.overdue == 1, "overdue"), (state.open == 1, "open"), (state.filed == 1, "closed"),
                  else_="reported")
    query = (
        select(*issue_and_place(), Issue.owner_name, Issue.reported_at, state.due_date,
               func.coalesce(state.stage, 0).label("stage"), status.label("status"))
        .select_from(PLACE_CHAIN.outerjoin(states, state.issue_id == Issue.id))
        .where(Issue.grid_id.in_(grid_ids(f)), Issue.reported_at >= first, Issue.reported_at < moment)
        .order_by(Issue.reported_at.desc(), Issue.id.desc())
    )
    frame = _stage_names(typed(read_frame(query, engine), {"issue_id": "int64"}), "stage")
    return protect(frame, f.viewer, owner_name="member")


def overdue_and_escalated_by_owner(f: Filter, as_of: date, engine: Engine | None = None) -> pd.DataFrame:
    """超期与升级, by 片区 and owner: the issues open now (meeting_moment) that are overdue or escalated (their
    latest escalation by now went up, escalation_level > 0), inside the filter's place; their sum of overdue is
    loop_figures' 超期未结 at that moment.

    Per township, village, service_point (片区) and owner_name (masked after grouping; NULL owners form one group): issues
    (open and overdue or escalated), overdue (of them past due), escalated (of them escalated), max_days_overdue
    (whole days from the oldest due date in force to the moment's day; NULL when none is overdue). Ordered by
    village and 片区, then most overdue issues first, then the longest overdue. An observer, who sees no list of
    people, gets one row per 片区 with owner_name empty.
    """
    moment = meeting_moment(as_of)
    states = issue_states(f, moment)
    state = states.c
    overdue, escalated = state.overdue == 1, state.escalation_level > 0
    days_overdue = case((overdue, days_between(state.due_date, moment.date())))
    owners = [Issue.owner_name] if f.viewer.people_rows else []
    keys = [Township.name, Village.id, Village.name, ServicePoint.id, ServicePoint.name, *owners]
    query = (
        select(
            Township.name.label("township"),
            Village.name.label("village"),
            ServicePoint.name.label("service_point"),
            (Issue.owner_name if owners else null()).label("owner_name"),
            func.count().label("issues"),
            func.count(case((overdue, 1))).label("overdue"),
            func.count(case((escalated, 1))).label("escalated"),
            func.max(days_overdue).label("max_days_overdue"),
        )
        .select_from(PLACE_CHAIN.join(states, state.issue_id == Issue.id))
        .where(state.open == 1, or_(overdue, escalated))
        .group_by(*keys)
        .order_by(Village.id, ServicePoint.id, func.count(case((overdue, 1))).desc(),
                  func.coalesce(func.max(days_overdue), -1).desc(), func.count().desc(), *owners)
    )
    frame = typed(read_frame(query, engine), {
        "owner_name": "str", "issues": "int64", "overdue": "int64", "escalated": "int64", "max_days_overdue": "Int64"})
    return protect(frame, f.viewer, owner_name="member")


def _last_items(f: Filter, since: date, as_of: date) -> Any:
    """The last meeting's items (open and overdue at `since` 00:00) with their stage then and now and movement."""
    then, now = datetime.combine(since, time()), meeting_moment(as_of)
    states_then, states_now = issue_states(f, then), issue_states(f, now, since=then)  # open then: not closed before
    state_then, state_now = states_then.c, states_now.c
    stage_then, stage_now = state_then.stage, state_now.stage
    movement = case((state_now.open == 0, "closed"), (stage_now > stage_then, "progressed"), else_="unchanged")
    return (
        select(*issue_and_place(), Issue.owner_name, state_then.due_date,
               days_between(state_then.due_date, then.date()).label("days_overdue_then"),
               stage_then.label("stage_then"), stage_now.label("stage_now"), movement.label("movement"))
        .select_from(PLACE_CHAIN.join(states_then, state_then.issue_id == Issue.id)
                     .join(states_now, state_now.issue_id == Issue.id))
        .where(state_then.overdue == 1)
    )


def last_meeting_items(f: Filter, since: date, as_of: date, engine: Engine | None = None) -> pd.DataFrame:
    """上次会议事项: the issues open and overdue at the last meeting (`since`, 00:00) inside the filter's place, and
    whether they moved by now (meeting_moment). due_date: the one in force then.

    movement: 'closed' (not open now: closed since, and not reopened), 'progressed' (open, and its furthest loop stage now is
    later than then, e.g. dispatched → handled), 'unchanged' (neither). days_overdue_then: whole days from the due
    date to the meeting's day. stage_then / stage_now: STAGES names. owner_name masked. Ordered unchanged first,
    then progressed, then closed; within each, most days overdue first.
    """
    items = _last_items(f, since, as_of).subquery()
    order = case(*((items.c.movement == name, n) for n, name in enumerate(reversed(MOVEMENTS))))
    query = select(items).order_by(order, items.c.days_overdue_then.desc(), items.c.issue_id)
    frame = typed(read_frame(query, engine), {"issue_id": "int64", "days_overdue_then": "int64"})
    return protect(_stage_names(frame, "stage_then", "stage_now"), f.viewer, owner_name="member")


def last_meeting_movement(f: Filter, since: date, as_of: date, engine: Engine | None = None) -> pd.DataFrame:
    """How the last meeting's items (last_meeting_items, same rules) moved: movement (MOVEMENTS order, every one
    listed) and issues; the issues add up to the number of items."""
    items = _last_items(f, since, as_of).subquery()
    query = select(*(func.count(case((items.c.movement == name, 1))).label(name) for name in MOVEMENTS))
    row = read_frame(query.select_from(items), engine).iloc[0]
    return pd.DataFrame({"movement": list(MOVEMENTS), "issues": [int(row[name]) for name in MOVEMENTS]})
