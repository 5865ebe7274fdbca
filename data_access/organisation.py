"""The organisation chain: lists for the filter bar and the headline counts."""
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Label, Select, Subquery, case, distinct, func, literal, or_, select, union_all

from data_access import running
from data_access.db import read_frame, typed
from data_access.filters import Filter, below_village, grid_ids, service_point_ids, township_wide, village_ids
from data_access.people import (
    member_here, residence_in_force, standing_total, with_households, with_members, with_standing,
)
from data_access.places import Level, grids_by_place, grouped, level_below, place_columns
from data_access.sql import month_start
from schema import (
    Callback,
    Grid,
    Household,
    HouseholdResidence,
    Issue,
    PartyMember,
    ServicePoint,
    StudySession,
    Talent,
    Township,
    Village,
    Visit,
    VolunteerActivity,
    VolunteerTeam,
)

STANDING_COUNTS = ["grids", "households", "residents", "party_members"]
DATED_RECORDS = (  # what makes a month "a month with data"
    Issue.reported_at, Callback.called_on, Visit.visited_on, VolunteerActivity.held_on, StudySession.held_on,
)


def headline_counts(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row of counts for the filter's place on the period's last day.

    villages / service_points / grids: units inside the selection (a chosen 片区 or grid counts its village).
    villager_groups: distinct 村民小组 that have at least one household in the selected grids.
    households, residents (sum of household sizes): households living on the selected grids on the period's last
    day (data_access.people's history rule); party_members: members here on those grids that day.
    talents, returned_talents: talents of the selected villages; when a 片区 or grid is chosen, only those
    assigned to its grids. volunteer_teams: the selected villages' teams, plus the township teams when no
    village, 片区 or grid is chosen.
    """
    grids = grid_ids(f)
    villages = village_ids(f)
    place_chosen = f.village_id is not None or below_village(f)
    talent_place = Talent.village_id.in_(villages)
    if below_village(f):
        talent_place = talent_place & Talent.grid_id.in_(grids)
    team_place = VolunteerTeam.village_id.in_(villages)
    if not place_chosen:
        townships = select(Village.township_id).where(Village.id.in_(villages))
        team_place = or_(team_place, VolunteerTeam.village_id.is_(None) & VolunteerTeam.township_id.in_(townships))

    def count(query) -> object:
        return query.scalar_subquery()

    living = (
        select(Household.villager_group_id, Household.size)
        .join(HouseholdResidence, (HouseholdResidence.household_id == Household.id) & residence_in_force(f.period))
        .where(HouseholdResidence.grid_id.in_(grids))
        .subquery()
    )
    people = (  # one pass over the households, for the three counts
        select(func.count(distinct(living.c.villager_group_id)).label("villager_groups"),
               func.count().label("households"), func.coalesce(func.sum(living.c.size), 0).label("residents"))
        .subquery()
    )

    query = select(
        count(select(func.count()).select_from(Village).where(Village.id.in_(villages))).label("villages"),
        count(select(func.count()).select_from(ServicePoint).where(ServicePoint.id.in_(service_point_ids(f))))
        .label("service_points"),
        count(select(func.count()).select_from(Grid).where(Grid.id.in_(grids))).label("grids"),
        people.c.villager_groups,
        people.c.households,
        people.c.residents,
        count(
            select(func.count()).select_from(PartyMember).where(PartyMember.grid_id.in_(grids), member_here(f.period))
        ).label("party_members"),
        count(select(func.count()).select_from(Talent).where(talent_place)).label("talents"),
        count(select(func.count()).select_from(Talent).where(talent_place, Talent.returned)).label(
            "returned_talents"
        ),
        count(select(func.count()).select_from(VolunteerTeam).where(team_place)).label("volunteer_teams"),
    ).select_from(people)
    return read_frame(query, engine).astype("int64")


def counts_by_place(f: Filter, level: Level, engine: Engine | None = None) -> pd.DataFrame:
    """headline_counts' grids, households, residents and party_members per village, 片区 or grid (level) inside the
    filter, on the period's last day, with the place columns of data_access.places first; units without households
    or members show 0.
    """
    query = counts_query(f, level, running.summarised(f.period, engine))
    return typed(read_frame(query, engine), dict.fromkeys(STANDING_COUNTS, "int64"))


def counts_query(f: Filter, level: Level, summarised: bool) -> Select:
    """counts_by_place's query, from the running period's standing summaries or from the households and members."""
    if summarised:
        totals = (standing_total(name).label(name) for name in ("households", "residents", "party_members"))
        grids = grids_by_place(f, *place_columns(level), func.count(Grid.id).label("grids"), *totals)
        return grouped(with_standing(grids, f.period), level)
    households = (
        select(HouseholdResidence.grid_id, func.count().label("households"),
               func.sum(Household.size).label("residents"))
        .join(Household, Household.id == HouseholdResidence.household_id)
        .where(residence_in_force(f.period), HouseholdResidence.grid_id.in_(grid_ids(f)))  # not the whole district's
        .group_by(HouseholdResidence.grid_id)
        .subquery()
    )
    members = (
        select(PartyMember.grid_id, func.count().label("party_members"))
        .where(member_here(f.period), PartyMember.grid_id.in_(grid_ids(f)))
        .group_by(PartyMember.grid_id)
        .subquery()
    )
    query = (
        grids_by_place(
            f,
            *place_columns(level),
            func.count(Grid.id).label("grids"),
            func.coalesce(func.sum(households.c.households), 0).label("households"),
            func.coalesce(func.sum(households.c.residents), 0).label("residents"),
            func.coalesce(func.sum(members.c.party_members), 0).label("party_members"),
        )
        .outerjoin(households, households.c.grid_id == Grid.id)
        .outerjoin(members, members.c.grid_id == Grid.id)
    )
    return grouped(query, level)


def villages(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Villages the viewer may choose from (the scope applies; the place filter does not): id, name, township_id."""
    query = select(Village.id, Village.name, Village.township_id)
    query = query.where(Village.id.in_(village_ids(replace(township_wide(f), township_id=None))))
    return read_frame(query.order_by(Village.id), engine)


def service_points(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """片区 of the chosen village (all in scope when none is chosen): id, village_id, name."""
    query = select(ServicePoint.id, ServicePoint.village_id, ServicePoint.name).order_by(ServicePoint.id)
    query = query.where(ServicePoint.id.in_(service_point_ids(replace(f, service_point_id=None, grid_id=None))))
    return read_frame(query, engine)


def grids(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Grids of the chosen 片区 (or village, or all in scope): id, service_point_id, name, kind."""
    place = replace(f, grid_id=None)
    query = select(Grid.id, Grid.service_point_id, Grid.name, Grid.kind).where(Grid.id.in_(grid_ids(place)))
    return read_frame(query.order_by(Grid.id), engine)


def townships(engine: Engine | None = None) -> pd.DataFrame:
    """The townships in the database: id, name, is_demo (the demo data's place names are partly invented)."""
    return read_frame(select(Township.id, Township.name, Township.is_demo).order_by(Township.id), engine)


def data_months(engine: Engine | None = None) -> pd.DataFrame:
    """One row: first_month and last_month (first days) holding any dated record; both null when there is none.

    Dated records: issues (by reported_at), callbacks, visits, volunteer activities and study sessions.
    """
    spans = union_all(  # the months of the extremes only: an index answers min and max, not min of a month
        *(select(func.min(column).label("first"), func.max(column).label("last")) for column in DATED_RECORDS)
    ).subquery()
    query = select(month_start(func.min(spans.c.first)).label("first_month"),
                   month_start(func.max(spans.c.last)).label("last_month"))
    return read_frame(query, engine)


def unit_counts(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """headline_counts for each unit one level below the filter's place, one row each: the villages (none chosen),
    the 片区 of a chosen village, the grids of a chosen 片区, or the chosen grid itself.

    Columns: level ("village", "service_point" or "grid"), id, name, then the headline_counts columns. One grouped
    query with headline_counts' rules for the unit chosen as the place: a unit lies in one village; below a
    village only the talents assigned to the unit's grids count, and the village's teams without the township's.
    """
    level = level_below(f)
    unit = {"village": Village, "service_point": ServicePoint, "grid": Grid}[level]

    def per_unit(*counts: Label, join: Callable[[Select], Select] = lambda query: query) -> Subquery:
        """counts over the filter's grids (and the rows `join` adds to them), grouped by unit."""
        return join(grids_by_place(f, unit.id.label("unit_id"), *counts)).group_by(unit.id).subquery()

    def per_village(column: ColumnElement, *counts: Label) -> Subquery:
        return select(column.label("village_id"), *counts).group_by(column).subquery()

    talent_counts = (func.count().label("talents"), func.count(case((Talent.returned, 1))).label("returned_talents"))
    people = per_unit(func.count(distinct(Household.villager_group_id)).label("villager_groups"),
                      func.count().label("households"), func.sum(Household.size).label("residents"),
                      join=lambda query: with_households(query, f.period))
    members = per_unit(func.count().label("party_members"), join=lambda query: with_members(query, f.period))
    grid_counts = per_unit(func.count().label("grids"))
    teams = per_village(VolunteerTeam.village_id, func.count().label("volunteer_teams"))
    if level == "village":
        talents = per_village(Talent.village_id, *talent_counts)
        points = per_village(ServicePoint.village_id, func.count().label("service_points"))
        units = select(Village.id, Village.name).where(Village.id.in_(village_ids(f)))
        talents_on, service_points_ = talents.c.village_id == Village.id, points.c.service_points
    else:
        talents = per_unit(*talent_counts, join=lambda query: query.join(
            Talent, (Talent.grid_id == Grid.id) & (Talent.village_id == Village.id)))
        units = select(unit.id, unit.name).select_from(Grid if level == "grid" else ServicePoint)
        if level == "grid":
            units = units.join(ServicePoint, ServicePoint.id == Grid.service_point_id).where(Grid.id.in_(grid_ids(f)))
        else:
            units = units.where(ServicePoint.village_id.in_(village_ids(f)))
        units = units.join(Village, Village.id == ServicePoint.village_id)
        talents_on, service_points_ = talents.c.unit_id == unit.id, literal(1)
    counts = {
        "villages": literal(1),
        "service_points": service_points_,
        "grids": grid_counts.c.grids,
        **{name: people.c[name] for name in ("villager_groups", "households", "residents")},
        "party_members": members.c.party_members,
        "talents": talents.c.talents,
        "returned_talents": talents.c.returned_talents,
        "volunteer_teams": teams.c.volunteer_teams,
    }
    query = (
        units.add_columns(*(func.coalesce(column, 0).label(name) for name, column in counts.items()))
        .outerjoin(people, people.c.unit_id == unit.id)
        .outerjoin(members, members.c.unit_id == unit.id)
        .outerjoin(grid_counts, grid_counts.c.unit_id == unit.id)
        .outerjoin(talents, talents_on)
        .outerjoin(teams, teams.c.village_id == Village.id)
        .order_by(unit.id)
    )
    if level == "village":
        query = query.outerjoin(points, points.c.village_id == Village.id)
    frame = typed(read_frame(query, engine), {"id": "int64", "name": "str", **dict.fromkeys(counts, "int64")})
    frame.insert(0, "level", level)
    return frame
