"""考核回到网格: party members' points by source, the base of the monthly / quarterly rankings."""
import pandas as pd
from sqlalchemy import ColumnElement, Engine, case, distinct, func, select

from data_access.db import read_frame, typed
from data_access.filters import Filter, Period, grid_ids
from data_access.people import member_here
from data_access.places import grids_by_place, place_columns
from data_access.privacy import people_list, protect
from schema import POINT_SOURCES, Grid, PartyMember, PointsEntry, ServicePoint, Village


def _points_where(condition: ColumnElement[bool]) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, PointsEntry.points), else_=0)), 0)


def confirmed_in(period: Period) -> ColumnElement[bool]:
    """每月一认定: an entry counts in the period holding its confirmed_month, whenever it was earned."""
    return (PointsEntry.confirmed_month >= period.start) & (PointsEntry.confirmed_month < period.end)


def pending_in(period: Period) -> ColumnElement[bool]:
    """Not yet confirmed (confirmed_month empty) and earned inside the period."""
    return PointsEntry.confirmed_month.is_(None) & (PointsEntry.earned_on >= period.start) & (
        PointsEntry.earned_on < period.end
    )


def member_points(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Each party member here on the filter's grids on the period's last day, with the points confirmed in the
    period, by source and in total.

    Period rule (每月一认定): an entry counts in the period holding its confirmed_month, whenever it was earned
    (points earned in March and confirmed in April count for April and for Q2). study / volunteer / issue /
    evaluation: confirmed points of each source; total: their sum. An entry not yet confirmed (confirmed_month
    empty) counts in no period; pending shows the unconfirmed points earned inside the period. Members without
    points are listed with zeros, so a ranking over this frame covers every member of the place.
    Place: the member's own grid, 片区 (service_point) and village. name is masked; no rows for an observer.
    """
    confirmed, pending = confirmed_in(f.period), pending_in(f.period)
    members = select(PartyMember.id).where(PartyMember.grid_id.in_(grid_ids(f)), member_here(f.period))
    sources = [_points_where(confirmed & (PointsEntry.source == source)).label(source) for source in POINT_SOURCES]
    per_member = (
        select(
            PointsEntry.member_id,
            *sources,
            _points_where(confirmed).label("total"),
            _points_where(pending).label("pending"),
        )
        .where(confirmed | pending, PointsEntry.member_id.in_(members))
        .group_by(PointsEntry.member_id)
        .subquery()
    )
    figures = [*POINT_SOURCES, "total", "pending"]
    query = (
        grids_by_place(
            f,
            PartyMember.id.label("member_id"),
            PartyMember.name,
            PartyMember.star_level,
            *place_columns("grid"),
            *(func.coalesce(per_member.c[name], 0).label(name) for name in figures),
        )
        .join(PartyMember, (PartyMember.grid_id == Grid.id) & member_here(f.period))
        .outerjoin(per_member, per_member.c.member_id == PartyMember.id)
        .order_by(Village.id, ServicePoint.id, Grid.id, PartyMember.id)
    )
    frame = typed(read_frame(query, engine), {"star_level": "int64", **dict.fromkeys(figures, "float64")})
    return people_list(protect(frame, f.viewer, name="member"), f.viewer)


def points_totals(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row for the filter's place and period: the points behind its rankings.

    members: party members here on the place's grids on the period's last day; members_with_points: those with
    at least one entry confirmed in the period (the members a ranking ranks); points: their confirmed points
    (confirmed_in); pending: their unconfirmed points earned in the period (pending_in); per_member = points /
    members, NaN without members.
    """
    confirmed, pending = confirmed_in(f.period), pending_in(f.period)
    members = select(PartyMember.id).where(PartyMember.grid_id.in_(grid_ids(f)), member_here(f.period))
    ledger = select(PointsEntry).where(PointsEntry.member_id.in_(members), confirmed | pending).subquery()
    confirmed_member = case((ledger.c.confirmed_month.is_not(None), ledger.c.member_id))
    points = func.coalesce(func.sum(case((ledger.c.confirmed_month.is_not(None), ledger.c.points), else_=0)), 0)
    query = select(
        members.with_only_columns(func.count()).scalar_subquery().label("members"),
        func.count(distinct(confirmed_member)).label("members_with_points"),
        points.label("points"),
        func.coalesce(func.sum(case((ledger.c.confirmed_month.is_(None), ledger.c.points), else_=0)), 0)
        .label("pending"),
    ).select_from(ledger)
    frame = typed(read_frame(query, engine), {
        "members": "int64", "members_with_points": "int64", "points": "float64", "pending": "float64"})
    tenths = (frame["points"] * 10).round()  # whole tenths ÷ members: one float rounding, so 12.1 ÷ 4 stays 3.025
    frame["per_member"] = tenths / (frame["members"] * 10).replace(0, float("nan"))
    return frame
