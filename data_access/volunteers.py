"""「志愿罗水」 volunteer service: teams, the fixed monthly activity, hours by month, kind and place.

Three figures recur, always with the same rule, over the activities held (held_on) in a period:
activities = activities held; participants = service registrations at them (人次: a volunteer serving at two
activities counts twice); hours = registered service hours.

Where an activity counts: on the grid where it was held. An activity without a grid counts for its team's
village when the filter chooses no 片区 or grid, and a township team's gridless activity only when no village,
片区 or grid is chosen. The filter's scope (village ids) applies throughout.
"""
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Label, Select, distinct, func, or_, select, true

from data_access.db import read_frame, typed
from data_access.filters import Filter, Period, add_months, below_village, grid_ids, village_ids
from data_access.places import Level, grids_by_place, grouped, place_columns
from data_access.privacy import people_list, protect_mixed
from data_access.sql import month_series, month_start
from schema import Grid, ServicePoint, Village, Volunteer, VolunteerActivity, VolunteerService, VolunteerTeam

FIGURE_TYPES = {"activities": "int64", "participants": "int64", "hours": "float64"}


def _figures() -> list[Label]:
    """activities, participants, hours over VolunteerActivity outer-joined to VolunteerService."""
    return [
        func.count(distinct(VolunteerActivity.id)).label("activities"),
        func.count(VolunteerService.id).label("participants"),
        func.coalesce(func.sum(VolunteerService.hours), 0).label("hours"),
    ]


def _with_services(query: Select) -> Select:
    return query.outerjoin(VolunteerService, VolunteerService.activity_id == VolunteerActivity.id)


def _held_in(period: Period) -> ColumnElement[bool]:
    return _held_between(period.start, period.end)


def _held_between(first: date, end: date) -> ColumnElement[bool]:
    return (VolunteerActivity.held_on >= first) & (VolunteerActivity.held_on < end)


def _place_chosen(f: Filter) -> bool:
    return f.village_id is not None or below_village(f)


def _team_place(f: Filter) -> ColumnElement[bool]:
    """Village teams of the filter's villages, plus the township teams when no village, 片区 or grid is chosen."""
    villages = village_ids(f)
    place = VolunteerTeam.village_id.in_(villages)
    if _place_chosen(f):
        return place
    townships = select(Village.township_id).where(Village.id.in_(villages))
    return or_(place, VolunteerTeam.village_id.is_(None) & VolunteerTeam.township_id.in_(townships))


def _activity_place(f: Filter) -> ColumnElement[bool]:
    """The activities that count for the filter's place (see the module docstring)."""
    held_here = VolunteerActivity.grid_id.in_(grid_ids(f))
    if below_village(f):
        return held_here
    teams = select(VolunteerTeam.id).where(_team_place(f))
    return or_(held_here, VolunteerActivity.grid_id.is_(None) & VolunteerActivity.team_id.in_(teams))


def _team_figures(period: Period) -> Select:
    query = select(VolunteerActivity.team_id, *_figures()).select_from(VolunteerActivity)
    return _with_services(query).where(_held_in(period)).group_by(VolunteerActivity.team_id)


def team_summary(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Each team in the filter with its members and its figures in the period and in the previous period.

    Teams: the village teams of the filter's villages (the village of a chosen 片区 or grid); the two township
    teams (village_id None) only when no village, 片区 or grid is chosen. members: registered volunteers of the
    team (a standing count). activities / participants / hours: all of the team's activities held in the period,
    wherever held; previous_*: the same for the period before (a quarter against the quarter before).
    """
    members = select(Volunteer.team_id, func.count().label("members")).group_by(Volunteer.team_id).subquery()
    now, before = _team_figures(f.period).subquery(), _team_figures(f.period.previous()).subquery()
    figures = [func.coalesce(now.c[name], 0).label(name) for name in FIGURE_TYPES]
    previous = [func.coalesce(before.c[name], 0).label(f"previous_{name}") for name in FIGURE_TYPES]
    query = (
        select(
            VolunteerTeam.id.label("team_id"),
            VolunteerTeam.name.label("team"),
            VolunteerTeam.village_id,
            Village.name.label("village"),
            func.coalesce(members.c.members, 0).label("members"),
            *figures,
            *previous,
        )
        .select_from(VolunteerTeam)
        .outerjoin(Village, Village.id == VolunteerTeam.village_id)
        .outerjoin(members, members.c.team_id == VolunteerTeam.id)
        .outerjoin(now, now.c.team_id == VolunteerTeam.id)
        .outerjoin(before, before.c.team_id == VolunteerTeam.id)
        .where(_team_place(f))
        .order_by(func.coalesce(VolunteerTeam.village_id, 0), VolunteerTeam.id)
    )
    types = FIGURE_TYPES | {f"previous_{name}": kind for name, kind in FIGURE_TYPES.items()}
    return typed(read_frame(query, engine), {"village_id": "Int64", "members": "int64", **types})


def volunteer_totals(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row: activities, participants, hours and volunteers (distinct people who served) in the period, at the
    activities counting for the filter's place (module docstring), and previous_* the same for the period before."""
    before = f.period.previous()
    return _totals(f, (f.period.start, f.period.end), (before.start, before.end), engine)


def volunteer_totals_between(f: Filter, first: date, end: date, engine: Engine | None = None) -> pd.DataFrame:
    """volunteer_totals' row for the days from `first` up to `end` (excluded), e.g. the week since the last
    meeting, whatever the filter's period; previous_*: the same number of days just before `first`."""
    return _totals(f, (first, end), (first - (end - first), first), engine)


def _totals(f: Filter, now: tuple[date, date], before: tuple[date, date], engine: Engine | None) -> pd.DataFrame:
    """volunteer_totals' figures for two spans of days (first, end excluded)."""
    def totals(span: tuple[date, date]) -> Select:
        volunteers = func.count(distinct(VolunteerService.volunteer_id)).label("volunteers")
        query = select(*_figures(), volunteers).select_from(VolunteerActivity)
        return _with_services(query).where(_activity_place(f), _held_between(*span))

    current, previous = totals(now).subquery(), totals(before).subquery()
    names = [*FIGURE_TYPES, "volunteers"]
    query = select(*(current.c[name] for name in names),
                   *(previous.c[name].label(f"previous_{name}") for name in names))
    types = FIGURE_TYPES | {"volunteers": "int64"}
    frame = read_frame(query.select_from(current.join(previous, true())), engine)
    return typed(frame, types | {f"previous_{name}": kind for name, kind in types.items()})


def monthly_activity_matrix(f: Filter, months: int = 12, engine: Engine | None = None) -> pd.DataFrame:
    """Month × village team: was the team's fixed monthly activity (is_monthly) held that month?

    Months: the `months` calendar months ending with the period's last month. Teams: village teams of the
    filter's villages (township teams have no fixed monthly activity). monthly_activities counts is_monthly
    activities held that month, wherever held; held = monthly_activities > 0. One row per team and month
    (month: its first day, datetime64).
    """
    first = add_months(f.period.end, -months)
    series = month_series(first, months)
    activity_month = month_start(VolunteerActivity.held_on)
    held = (
        select(VolunteerActivity.team_id, activity_month.label("month"), func.count().label("monthly_activities"))
        .where(VolunteerActivity.is_monthly, VolunteerActivity.held_on >= first,
               VolunteerActivity.held_on < f.period.end)
        .group_by(VolunteerActivity.team_id, activity_month)
        .subquery()
    )
    query = (
        select(
            series.c.month,
            VolunteerTeam.id.label("team_id"),
            VolunteerTeam.name.label("team"),
            VolunteerTeam.village_id,
            Village.name.label("village"),
            func.coalesce(held.c.monthly_activities, 0).label("monthly_activities"),
        )
        .select_from(VolunteerTeam)
        .join(Village, Village.id == VolunteerTeam.village_id)
        .join(series, true())
        .outerjoin(held, (held.c.team_id == VolunteerTeam.id) & (held.c.month == series.c.month))
        .where(VolunteerTeam.village_id.in_(village_ids(f)))
        .order_by(Village.id, VolunteerTeam.id, series.c.month)
    )
    frame = typed(read_frame(query, engine), {"monthly_activities": "int64"})
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[us]")
    frame["held"] = frame["monthly_activities"] > 0
    return frame


def volunteer_hours_by_month(f: Filter, months: int = 24, engine: Engine | None = None) -> pd.DataFrame:
    """activities, participants and hours per month for the `months` months ending with the period's last month.

    Activities count for the filter's place as the module docstring says; a month without any shows zeros.
    month: the month's first day, datetime64.
    """
    first = add_months(f.period.end, -months)
    series = month_series(first, months)
    activity_month = month_start(VolunteerActivity.held_on)
    per_month = (
        _with_services(select(activity_month.label("month"), *_figures()).select_from(VolunteerActivity))
        .where(_activity_place(f), VolunteerActivity.held_on >= first, VolunteerActivity.held_on < f.period.end)
        .group_by(activity_month)
        .subquery()
    )
    query = (
        select(series.c.month, *(func.coalesce(per_month.c[name], 0).label(name) for name in FIGURE_TYPES))
        .select_from(series)
        .outerjoin(per_month, per_month.c.month == series.c.month)
        .order_by(series.c.month)
    )
    frame = typed(read_frame(query, engine), FIGURE_TYPES)
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[us]")
    return frame


def hours_by_kind(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """activities, participants and hours in the period per activity kind (卫生清扫, 送教上门 …), most hours first.

    Activities count for the filter's place as the module docstring says; kinds without an activity are left out.
    """
    activities, participants, hours = _figures()
    query = (
        _with_services(select(VolunteerActivity.kind, activities, participants, hours).select_from(VolunteerActivity))
        .where(_activity_place(f), _held_in(f.period))
        .group_by(VolunteerActivity.kind)
        .order_by(hours.desc(), VolunteerActivity.kind)
    )
    return typed(read_frame(query, engine), FIGURE_TYPES)


def hours_by_place(f: Filter, level: Level = "village", engine: Engine | None = None) -> pd.DataFrame:
    """activities, participants and hours in the period per village, 片区 or grid (level) inside the filter.

    An activity counts on the grid where it was held, whichever team held it; activities without a grid are not
    placed here (they show in volunteer_hours_by_month). Units without an activity are listed with zeros.
    """
    query = grids_by_place(f, *place_columns(level), *_figures()).outerjoin(
        VolunteerActivity, (VolunteerActivity.grid_id == Grid.id) & _held_in(f.period)
    )
    return typed(read_frame(grouped(_with_services(query), level), engine), FIGURE_TYPES)


def idle_grids(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Grids of the filter where no volunteer activity was held in the period.

    last_activity: the latest activity held on the grid before the period's end, None if there never was one.
    """
    held = select(VolunteerActivity.grid_id).where(VolunteerActivity.grid_id.is_not(None), _held_in(f.period))
    # grouped once rather than correlated per grid: PostgreSQL would walk the held_on index backwards for each grid
    last = (
        select(VolunteerActivity.grid_id, func.max(VolunteerActivity.held_on).label("last_activity"))
        .where(VolunteerActivity.grid_id.in_(grid_ids(f)), VolunteerActivity.held_on < f.period.end)
        .group_by(VolunteerActivity.grid_id)
        .subquery()
    )
    query = (
        grids_by_place(f, *place_columns("grid"), Grid.kind, last.c.last_activity)
        .outerjoin(last, last.c.grid_id == Grid.id)
        .where(Grid.id.not_in(held))
        .order_by(Village.id, ServicePoint.id, Grid.id)
    )
    return read_frame(query, engine)


def top_volunteers(f: Filter, limit: int = 10, engine: Engine | None = None) -> pd.DataFrame:
    """The `limit` volunteers with the most service hours in the period, at activities counting for the place.

    services: their registrations (人次), hours: their hours; ties are broken by more services, then by id.
    party_member tells a 党员志愿者. name is masked; no rows for an observer.
    """
    return _top_volunteers(f, _held_in(f.period), limit, engine)


def top_volunteers_between(f: Filter, first: date, end: date, limit: int = 10,
                           engine: Engine | None = None) -> pd.DataFrame:
    """top_volunteers (same rules and columns) over the days from `first` up to `end` (excluded)."""
    return _top_volunteers(f, _held_between(first, end), limit, engine)


def _top_volunteers(f: Filter, held: ColumnElement[bool], limit: int, engine: Engine | None) -> pd.DataFrame:
    services = func.count(VolunteerService.id)
    hours = func.sum(VolunteerService.hours)
    query = (
        select(
            Volunteer.id.label("volunteer_id"),
            Volunteer.name,
            VolunteerTeam.name.label("team"),
            Volunteer.member_id,
            services.label("services"),
            hours.label("hours"),
        )
        .select_from(VolunteerService)
        .join(VolunteerActivity, VolunteerActivity.id == VolunteerService.activity_id)
        .join(Volunteer, Volunteer.id == VolunteerService.volunteer_id)
        .join(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id)
        .where(_activity_place(f), held)
        .group_by(Volunteer.id, Volunteer.name, VolunteerTeam.name, Volunteer.member_id)
        .order_by(hours.desc(), services.desc(), Volunteer.id)
        .limit(limit)
    )
    frame = typed(read_frame(query, engine), {"member_id": "Int64", "services": "int64", "hours": "float64"})
    frame["party_member"] = frame["member_id"].notna()
    return people_list(protect_mixed(frame, f.viewer, "name", frame["party_member"]), f.viewer)
