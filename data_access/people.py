"""Households and party members: 党员联系户 coverage, link counts, visits and 防返贫 watch households.

History rule: a period's households, members and links are those in force on its last day (the residence, time
here or link spans of schema.people), so a hand-over, a departure or a move recorded today leaves every closed
period as it was. A household counts on the grid it lived on then, a member on their grid while here.
"""
import pandas as pd
from sqlalchemy import (
    ColumnElement, Engine, Float, Select, Subquery, case, cast, distinct, exists, func, or_, select, true,
)

from data_access import running
from data_access.db import read_frame, typed
from data_access.filters import MONTHS_IN, Filter, Period, grid_ids, whole_district
from data_access.places import Level, grids_by_place, grouped, listed_place, place_columns
from data_access.privacy import people_list, protect
from data_access.sql import month_series, month_start
from schema import (
    ContactLink, Grid, Household, HouseholdResidence, PartyMember, ServicePoint, StandingSummary, Village, Visit,
)

LINK_NORM = (5, 10)  # 每名党员联系 5-10 户


def on_last_day(started: ColumnElement, ended: ColumnElement, period: Period) -> ColumnElement[bool]:
    """A span (start inclusive, empty: before the records; end exclusive, empty: still) in force on the period's
    last day: started before the period's end, and not ended by then."""
    return or_(started.is_(None), started < period.end) & or_(ended.is_(None), ended >= period.end)


def link_in_force(period: Period) -> ColumnElement[bool]:
    """The 党员联系户 link is in force on the period's last day."""
    return on_last_day(ContactLink.started_on, ContactLink.ended_on, period)


def member_here(period: Period) -> ColumnElement[bool]:
    """The party member is a member here on the period's last day (arrived, and not yet left)."""
    return on_last_day(PartyMember.arrived_on, PartyMember.left_on, period)


def residence_in_force(period: Period) -> ColumnElement[bool]:
    """The household lived at this residence on the period's last day."""
    return on_last_day(HouseholdResidence.started_on, HouseholdResidence.ended_on, period)


def lives_on_grid(period: Period) -> ColumnElement[bool]:
    """The residence joined to Grid is the household's on the period's last day, on that grid."""
    return (HouseholdResidence.grid_id == Grid.id) & residence_in_force(period)


def with_households(query: Select, period: Period, outer: bool = False) -> Select:
    """Join a query over Grid to the households living on each grid on the period's last day."""
    join = query.outerjoin if outer else query.join
    query = join(HouseholdResidence, lives_on_grid(period))
    return (query.outerjoin if outer else query.join)(Household, Household.id == HouseholdResidence.household_id)


def with_members(query: Select, period: Period, outer: bool = False) -> Select:
    """Join a query over Grid to the party members here on each grid on the period's last day."""
    on = (PartyMember.grid_id == Grid.id) & member_here(period)
    return query.outerjoin(PartyMember, on) if outer else query.join(PartyMember, on)


def of_members(member_id: ColumnElement[int], f: Filter) -> ColumnElement[bool]:
    """`member_id` is one of the party members whose grid is inside the filter (here or not), to narrow a per-member
    aggregate that is then joined to the filter's members. For the whole district, true: the join narrows alone, and
    the planner would otherwise look up each of 40,000 members' rows in turn (people.member_figures' visits at 100
    townships: 590 against 110 ms)."""
    if whole_district(f):
        return true()
    return member_id.in_(select(PartyMember.id).where(PartyMember.grid_id.in_(grid_ids(f))))


def _grid_order() -> tuple:
    return Village.id, ServicePoint.id, Grid.id


def household_coverage(f: Filter, level: Level | None = "village", engine: Engine | None = None) -> pd.DataFrame:
    """Households covered by a party member, per village, 片区 or grid (level) inside the filter; level None: one row.

    households: households living on the unit's grids on the period's last day. linked_households: those with a
    党员联系户 link in force that day; unlinked_households = households - linked_households.
    share_linked = linked_households / households, NaN for a unit without households (such units are listed, with
    0 households). watch_households: 防返贫监测户 among the households; watch_visited: those of them visited (by a
    member or the grid worker) inside the period. A household counts where it lived, whatever the grid of its member.
    """
    frame = read_frame(coverage_query(f, level, running.summarised(f.period, engine)), engine)
    counts = ["households", "linked_households", "unlinked_households", "watch_households", "watch_visited"]
    return typed(frame, {**dict.fromkeys(counts, "int64"), "share_linked": "float64"})


def coverage_query(f: Filter, level: Level | None, summarised: bool) -> Select:
    """household_coverage's query, from the running period's standing summaries or from the households."""
    period = f.period

    def columns(households: ColumnElement, linked: ColumnElement, watch: ColumnElement,
                watch_visited: ColumnElement) -> list[ColumnElement]:
        return [*(place_columns(level) if level else []), households.label("households"),
                linked.label("linked_households"), (households - linked).label("unlinked_households"),
                (linked * 1.0 / func.nullif(households, 0)).label("share_linked"), watch.label("watch_households"),
                watch_visited.label("watch_visited")]

    if summarised:
        query = with_standing(grids_by_place(f, *columns(*map(standing_total, (
            "households", "linked_households", "watch_households", "watch_visited")))), period)
    else:
        visited = exists().where(
            Visit.household_id == Household.id, Visit.visited_on >= period.start, Visit.visited_on < period.end
        )
        query = with_households(
            grids_by_place(f, *columns(func.count(Household.id), func.count(ContactLink.household_id),
                                       func.count(case((Household.poverty_watch, Household.id))),
                                       func.count(case((Household.poverty_watch & visited, Household.id))))),
            period,
            outer=True,
        ).outerjoin(ContactLink, (ContactLink.household_id == Household.id) & link_in_force(period))
    return grouped(query, level) if level else query


def with_standing(query: Select, period: Period) -> Select:
    """Join a query over Grid to each grid's standing summary of the running `period` (schema.StandingSummary)."""
    s = StandingSummary
    return query.outerjoin(s, (s.grid_id == Grid.id) & (s.period_kind == period.kind) &
                           (s.period_start == period.start))


def standing_total(name: str) -> ColumnElement[int]:
    """The sum of a standing summary's column over the grids, 0 when none."""
    return func.coalesce(func.sum(StandingSummary.__table__.c[name]), 0)


def _links_per_member(f: Filter) -> Subquery:
    """member_id, linked: the member's 党员联系户 links in force on the period's last day (members with none are
    absent)."""
    return (
        select(ContactLink.member_id, func.count().label("linked"))
        .where(of_members(ContactLink.member_id, f), link_in_force(f.period))
        .group_by(ContactLink.member_id)
        .subquery()
    )


def member_link_counts(f: Filter, engine: Engine | None = None, outside_norm: bool | None = None) -> pd.DataFrame:
    """Each party member here on the filter's grids on the period's last day (and the grid's places, township
    first), with the households linked to them.

    linked_households: 党员联系户 links in force that day, wherever the household lives. outside_norm is True when
    that number is outside 5–10 (0 included); given, only the members whose outside_norm is that. name is masked;
    no rows for an observer (privacy.people_list, which keeps their count).
    """
    links = _links_per_member(f)
    linked = func.coalesce(links.c.linked, 0)
    query = (
        with_members(
            grids_by_place(
                f,
                PartyMember.id.label("member_id"),
                PartyMember.name,
                PartyMember.star_level,
                *listed_place(),
                linked.label("linked_households"),
            ),
            f.period,
        )
        .outerjoin(links, links.c.member_id == PartyMember.id)
        .order_by(*_grid_order(), PartyMember.id)
    )
    if outside_norm is not None:  # in SQL: at a district, 533 of 40,528 members
        query = query.where(linked.between(*LINK_NORM) != outside_norm)
    frame = typed(read_frame(query, engine), {"star_level": "int64", "linked_households": "int64"})
    frame["outside_norm"] = ~frame["linked_households"].between(*LINK_NORM)
    return people_list(protect(frame, f.viewer, name="member"), f.viewer)


def unlinked_households(f: Filter, engine: Engine | None = None, first: int | None = None) -> pd.DataFrame:
    """Households living on the filter's grids on the period's last day with no 党员联系户 link in force that day (the
    `first` of them, or all), with their grid's places, township first; name and phone masked, no rows for an
    observer. How many: household_coverage's unlinked_households."""
    linked = exists().where(ContactLink.household_id == Household.id, link_in_force(f.period))
    query = with_households(
        grids_by_place(
            f,
            Household.id.label("household_id"),
            Household.head_name,
            Household.head_phone,
            Household.size,
            Household.poverty_watch,
            *listed_place(),
        ),
        f.period,
    ).where(~linked).order_by(*_grid_order(), Household.id)
    frame = typed(read_frame(query.limit(first), engine), {"size": "int64", "poverty_watch": "bool"})
    return people_list(protect(frame, f.viewer, head_name="resident", head_phone="phone"), f.viewer)


def member_figures(f: Filter, level: Level | None = "village", engine: Engine | None = None) -> pd.DataFrame:
    """Party members per village, 片区 or grid (level) of their own grid, with the 5–10 rule and their visits.

    One row per unit inside the filter (units without members included, with 0), or one row when level is None.
    members: party members here on the unit's grids on the period's last day. members_in_norm /
    members_outside_norm: those with 5–10 党员联系户 links in force that day, and the others (0 links included).
    visits: visits made by these members inside the period, on any household (the grid worker's visits without a
    member, and those of members who left before the period's end, are not counted). member_months = members ×
    months in the period; visits_per_member_month = visits / member_months, NaN without members.
    """
    frame = read_frame(member_figures_query(f, level, running.summarised(f.period, engine)), engine)
    counts = ["members", "members_in_norm", "members_outside_norm", "visits", "member_months"]
    return typed(frame, {**dict.fromkeys(counts, "int64"), "visits_per_member_month": "float64"})


def member_figures_query(f: Filter, level: Level | None, summarised: bool) -> Select:
    """member_figures' query, from the running period's standing summaries or from the members."""
    period = f.period

    def columns(members: ColumnElement, in_norm: ColumnElement, visits: ColumnElement) -> list[ColumnElement]:
        member_months = members * MONTHS_IN[period.kind]
        return [*(place_columns(level) if level else []), members.label("members"),
                in_norm.label("members_in_norm"), (members - in_norm).label("members_outside_norm"),
                visits.label("visits"), member_months.label("member_months"),
                (cast(visits, Float) / func.nullif(member_months, 0)).label("visits_per_member_month")]

    if summarised:
        query = with_standing(grids_by_place(f, *columns(*map(standing_total, (
            "party_members", "members_in_norm", "member_visits")))), period)
    else:
        links = _links_per_member(f)
        visits = (
            select(Visit.member_id, func.count().label("visits"))
            .where(of_members(Visit.member_id, f), Visit.visited_on >= period.start, Visit.visited_on < period.end)
            .group_by(Visit.member_id)
            .subquery()
        )
        in_norm = func.coalesce(links.c.linked, 0).between(*LINK_NORM)
        query = (
            with_members(grids_by_place(f, *columns(func.count(PartyMember.id),
                                                    func.count(case((in_norm, PartyMember.id))),
                                                    func.coalesce(func.sum(visits.c.visits), 0))),
                         period, outer=True)
            .outerjoin(links, links.c.member_id == PartyMember.id)
            .outerjoin(visits, visits.c.member_id == PartyMember.id)
        )
    return grouped(query, level) if level else query


def visits_per_member(f: Filter, engine: Engine | None = None, first: int | None = None) -> pd.DataFrame:
    """Household visits (走访) made by each party member here on the filter's grids on the period's last day, per
    month of the period (of the `first` members, or all; how many: member_figures' members), with the member's
    grid's places, township first.

    One row per member and month of the period (month: its first day, datetime64), 0 where the member made no
    visit. visits: visits recorded with the member in that month, on any household; households_visited: distinct
    households among them. Visits by the grid worker alone (no member) are not counted here. name is masked; no
    rows for an observer.
    """
    period = f.period
    months = month_series(period.start, MONTHS_IN[period.kind])
    visit_month = month_start(Visit.visited_on)
    visits = (
        select(
            Visit.member_id,
            visit_month.label("month"),
            func.count().label("visits"),
            func.count(distinct(Visit.household_id)).label("households_visited"),
        )
        .where(of_members(Visit.member_id, f), Visit.visited_on >= period.start, Visit.visited_on < period.end)
        .group_by(Visit.member_id, visit_month)
        .subquery()
    )
    query = (
        with_members(
            grids_by_place(
                f,
                PartyMember.id.label("member_id"),
                PartyMember.name,
                *listed_place(),
                months.c.month,
                func.coalesce(visits.c.visits, 0).label("visits"),
                func.coalesce(visits.c.households_visited, 0).label("households_visited"),
            ),
            period,
        )
        .join(months, true())
        .outerjoin(visits, (visits.c.member_id == PartyMember.id) & (visits.c.month == months.c.month))
        .order_by(*_grid_order(), PartyMember.id, months.c.month)
    )
    rows = None if first is None else first * MONTHS_IN[period.kind]
    frame = typed(read_frame(query.limit(rows), engine), {"visits": "int64", "households_visited": "int64"})
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[us]")
    return people_list(protect(frame, f.viewer, name="member"), f.viewer)


def poverty_watch_households(f: Filter, engine: Engine | None = None, visited: bool | None = None,
                             first: int | None = None) -> pd.DataFrame:
    """防返贫动态监测 households living on the filter's grids on the period's last day, with their last visit and
    whether visited in the period: those not visited in it first, then by place (the `first` of them, or all; how
    many: household_coverage's watch_households), with their grid's places, township first.

    last_visit: the latest visit (by a member or the grid worker) before the period's end, None if never.
    visits_in_period: visits dated inside the period; visited_in_period = visits_in_period > 0.
    member_id / member: the party member linked to the household (link in force on the period's last day), if any.
    visited given: only the households whose visited_in_period is that. Names and phone are masked; no rows for an
    observer.
    """
    period = f.period
    last_visit = (
        select(func.max(Visit.visited_on))
        .where(Visit.household_id == Household.id, Visit.visited_on < period.end)
        .scalar_subquery()
    )
    in_period = (Visit.household_id == Household.id, Visit.visited_on >= period.start, Visit.visited_on < period.end)
    visits = select(func.count(Visit.id)).where(*in_period).scalar_subquery()
    query = (
        with_households(
            grids_by_place(
                f,
                Household.id.label("household_id"),
                Household.head_name,
                Household.head_phone,
                *listed_place(),
                PartyMember.id.label("member_id"),
                PartyMember.name.label("member"),
                last_visit.label("last_visit"),
                visits.label("visits_in_period"),
            ),
            period,
        )
        .outerjoin(ContactLink, (ContactLink.household_id == Household.id) & link_in_force(period))
        .outerjoin(PartyMember, PartyMember.id == ContactLink.member_id)
        .where(Household.poverty_watch)
        .order_by(case((visits == 0, 0), else_=1), *_grid_order(), Household.id)
    )
    if visited is not None:  # in SQL: the alert wants the few unvisited of a district's 9,000
        query = query.where(exists().where(*in_period) if visited else ~exists().where(*in_period))
    frame = typed(read_frame(query.limit(first), engine), {"member_id": "Int64", "visits_in_period": "int64"})
    frame["visited_in_period"] = frame["visits_in_period"] > 0
    return people_list(protect(frame, f.viewer, head_name="resident", head_phone="phone", member="member"), f.viewer)
