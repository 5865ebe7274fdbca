"""The morning view's alerts: what needs a look today, each query returning the rows behind its alert.

Three alerts pick rows from existing queries and keep their rules (unvisited_watch_households,
members_outside_link_norm, failing_six_haves); the backlog and silent-grid alerts are worked out here, in SQL.
The alerts listing people (households, members, grid workers) have no rows for an observer; their count stays
(privacy.row_count).
"""
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, case, func, or_, select

from data_access import loop, people, service_points
from data_access.loop import open_changes
from data_access.db import data_version, read_frame, typed
from data_access.filters import Filter, Period, add_months, grid_ids, township_wide
from data_access.places import grids_by_place, grouped, place_columns
from data_access.privacy import people_list, protect
from data_access.sql import days_between
from schema import Grid, Issue, Village, Visit, VolunteerActivity

GROWTH_MONTHS = 3  # 积压连续 3 个月上升
SILENT_DAYS = 30  # 30 天无走访、无民情、无活动


def data_as_of(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row, as_of: the day the alerts look back from.

    The latest day inside the period on which a household visit, an issue report or a volunteer activity on a
    grid in the viewer's scope is dated: for a past period usually its last day, for the running one the last day
    recorded so far (the days after it are not recorded yet, so they are not silence). The place filter does not
    apply, so a silent grid cannot move the day back. The period's last day when nothing is recorded in it.
    """
    return pd.DataFrame({"as_of": [_as_of(f, engine)]})


def _as_of(f: Filter, engine: Engine | None) -> date:
    """data_as_of's day, worked out once per data version (every alert of a page starts from it)."""
    return _as_of_at(township_wide(f), engine, data_version(engine))


@lru_cache(maxsize=64)
def _as_of_at(f: Filter, engine: Engine | None, version: int) -> date:
    end = f.period.end
    scope = grid_ids(f)
    # visits: the latest of each grid inside the period, by the (grid, day) index (days before it count nowhere)
    visit_in_period = select(func.max(Visit.visited_on)).where(
        Visit.grid_id == Grid.id, Visit.visited_on >= f.period.start, Visit.visited_on < end)
    latest = {
        "visit": select(func.max(visit_in_period.scalar_subquery())).where(Grid.id.in_(scope)),
        "issue": select(func.max(Issue.reported_at)).where(Issue.grid_id.in_(scope),
                                                           Issue.reported_at < datetime.combine(end, time())),
        "activity": select(func.max(VolunteerActivity.held_on)).where(VolunteerActivity.grid_id.in_(scope),
                                                                      VolunteerActivity.held_on < end),
    }
    row = read_frame(select(*(q.scalar_subquery().label(kind) for kind, q in latest.items())), engine).iloc[0]
    days = [pd.Timestamp(day).date() for day in row.dropna()]
    in_period = [day for day in days if day >= f.period.start]
    return max(in_period, default=end - timedelta(days=1))


def growing_backlogs(f: Filter, months: int = GROWTH_MONTHS, engine: Engine | None = None) -> pd.DataFrame:
    """Villages whose open backlog grew in each of the last `months` months.

    Backlog at a month's end: data_access.loop's open_at_end from the case history (loop_by_month's rule), issues
    on the village's grids inside the filter filed before the end of the month and not closed before it; a
    reopened issue counts as open until closed again; an ended month's from the loop summaries when written. The
    window is the `months` calendar months ending with the month of data_as_of (the period's last month, or the
    running month so far); the village is listed when its backlog at the end of each of them is strictly higher than
    at the end of the month before (a flat month breaks the run).
    Columns: village_id, village, backlog_0 (at the end of the month before the window, i.e. at its start) …
    backlog_<months> (at the end of the window's last month), growth = backlog_<months> − backlog_0. Most growth
    first.
    """
    last = Period.containing("month", _as_of(f, engine))
    window = [Period("month", add_months(last.start, k - months)) for k in range(months + 1)]
    summarised = loop.backlogs_by_grid(f, window, engine)
    if summarised is not None:  # the ended months' backlogs from the loop summaries
        backlogs = [func.coalesce(func.sum(case((summarised.c.k == k, summarised.c.open_at_end))), 0)
                    for k in range(months + 1)]
        rows = grids_by_place(f).outerjoin(summarised, summarised.c.grid_id == Grid.id)
    else:
        changes = open_changes(f, datetime.combine(window[0].end, time()), datetime.combine(last.end, time()))
        backlogs = [func.coalesce(func.sum(case((changes.c.at < datetime.combine(month.end, time()),
                                                 changes.c.change))), 0) for month in window]
        rows = grids_by_place(f).outerjoin(Issue, Issue.grid_id == Grid.id) \
            .outerjoin(changes, changes.c.issue_id == Issue.id)
    growth = backlogs[-1] - backlogs[0]
    query = grouped(
        rows.add_columns(*place_columns("village"), *(backlog.label(f"backlog_{k}") for k, backlog in
                                                      enumerate(backlogs)), growth.label("growth")),
        "village",
    ).having(and_(*(later > earlier for earlier, later in zip(backlogs, backlogs[1:]))))
    query = query.order_by(None).order_by(growth.desc(), Village.id)
    counts = [f"backlog_{k}" for k in range(months + 1)]
    return typed(read_frame(query, engine), dict.fromkeys(counts + ["growth"], "int64"))


def least(a: ColumnElement[int], b: ColumnElement[int]) -> ColumnElement[int]:
    """The smaller of two values, either when the other is NULL (NULL when both are), on every dialect."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def silent_grids(f: Filter, days: int = SILENT_DAYS, engine: Engine | None = None) -> pd.DataFrame:
    """Grids of the filter with no household visit, no issue reported and no volunteer activity held on them in
    the `days` days up to data_as_of (that day and the `days` − 1 before it).

    days_since_visit / days_since_issue / days_since_activity: whole days from the latest such record on the grid
    (up to the as_of day) to the as_of day, missing when there never was one; days_silent: the least of the
    three (missing: nothing ever recorded). Columns: village … grid place columns, kind, worker_name (the grid
    worker, masked), the four day counts. Longest silent first, never-recorded grids at the top. No rows for an
    observer (each names its grid worker).
    """
    as_of = _as_of(f, engine)
    day_after = as_of + timedelta(days=1)

    def days_since(day: ColumnElement, grid: ColumnElement, before: object) -> ColumnElement[int]:
        """Days from the grid's latest record up to the as_of day: a lookup in its (grid, day) index."""
        return days_between(select(func.max(day)).where(grid == Grid.id, day < before).scalar_subquery(), as_of)

    latest = (
        select(Grid.id.label("grid_id"),
               days_since(Visit.visited_on, Visit.grid_id, day_after).label("visit"),
               days_since(Issue.reported_at, Issue.grid_id, datetime.combine(day_after, time())).label("issue"),
               days_since(VolunteerActivity.held_on, VolunteerActivity.grid_id, day_after).label("activity"))
        .where(Grid.id.in_(grid_ids(f)))
        .offset(0)  # looked up once per grid, not again in each use of the columns
        .subquery()
    )
    silent = least(least(latest.c.visit, latest.c.issue), latest.c.activity)
    query = (
        grids_by_place(
            f,
            *place_columns("grid"),
            Grid.kind,
            Grid.worker_name,
            *(latest.c[kind].label(f"days_since_{kind}") for kind in ("visit", "issue", "activity")),
            silent.label("days_silent"),
        )
        .join(latest, latest.c.grid_id == Grid.id)
        .where(or_(silent.is_(None), silent >= days))
        .order_by(silent.is_not(None), silent.desc(), Grid.id)
    )
    counts = ["days_since_visit", "days_since_issue", "days_since_activity", "days_silent"]
    frame = typed(read_frame(query, engine), dict.fromkeys(counts, "Int64"))
    return people_list(protect(frame, f.viewer, worker_name="member"), f.viewer)


def unvisited_watch_households(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """防返贫动态监测 households on the filter's grids not visited (by a member or the grid worker) in the month of
    data_as_of: the period's last month, or this month while the period is running.

    The rows of people.poverty_watch_households for that month whose visited_in_period is False (its rules and
    masked columns; last_visit is the latest visit before the month's end, missing if never).
    """
    month = Period.containing("month", _as_of(f, engine))
    return people.poverty_watch_households(replace(f, period=month), engine, visited=False)


def members_outside_link_norm(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Party members on the filter's grids linked to fewer than 5 or more than 10 households (0 included).

    The rows of people.member_link_counts (links in force by the period's end) whose outside_norm is True.
    """
    return people.member_link_counts(f, engine, outside_norm=True)


def failing_six_haves(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """片区 service points of the filter missing at least one of the 「六有」 items (a standing checklist).

    The rows of service_points.six_haves whose meets_all is False (its columns; items_met: how many of the six
    the point has), fewest items first.
    """
    points = service_points.six_haves(f, engine)
    return points[~points["meets_all"]].sort_values("items_met", kind="stable").reset_index(drop=True)
