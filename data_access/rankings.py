"""积分排名 (季度一评比, 年度一表彰): party members, grids, 片区 party groups, villages and (in a district)
townships ranked on their points.

The rule, the same at every level:
- points: the entries confirmed in the period (data_access.points.confirmed_in: by confirmed_month, whenever
  earned); pending entries count nowhere.
- members: a unit's party members here on the period's last day (its grids' members; 1 for a member, who is
  ranked only while here); their points only. A unit without members is not listed. per_member = points / members, rounded half away from zero to 0.01; members are
  ranked on their points, groups and villages on per_member, so a large group does not win by size alone.
- ranked: a unit is ranked in a period when at least one of its members has an entry confirmed in it (a net
  0 still counts); others are listed unranked (rank empty) after the ranked ones.
- rank: SQL RANK() over the ranked units of the level in the whole township (the whole district when no township
  is chosen; townships always over the district; always inside the viewer's scope), highest
  first: the same per_member (or points) gives the same rank and the next rank is skipped (1, 1, 3). Within a
  tie rows are ordered by id. The filter's place only chooses which rows are shown, not whom they rank against.
- movement = previous period's rank − this period's rank (▲ positive, ▼ negative); is_new when the unit is
  ranked now and was not ranked in the previous period (a quarter against the quarter before).
Everything is computed in whole tenths of a point, so ties are exact on every database.

Over the whole district, for a viewer without a scope, a running period's ranks are read from the rank summaries
(schema.RankSummary) while the running summaries hold (data_access.running); `district_ranks` gives their rows.
"""
from dataclasses import replace
from typing import Literal

import pandas as pd
from sqlalchemy import (ColumnElement, Date, Engine, Float, Integer, Label, Select, Subquery, case, cast, func, literal,
                        select)

from data_access import running
from data_access.db import read_frame, typed
from data_access.filters import (Filter, Period, Viewer, grid_ids, service_point_ids, township_ids, township_wide,
                                 village_ids, whole_district)
from data_access.people import member_here, of_members
from data_access.places import Level, grids_by_place, place_columns
from data_access.points import confirmed_in
from data_access.privacy import people_list, protect
from schema import POINT_SOURCES, Grid, PartyMember, PointsEntry, RankSummary, ServicePoint, Township, Village

RankLevel = Literal["member", "grid", "service_point", "village", "township"]
RANK_LEVELS: tuple[RankLevel, ...] = ("member", "grid", "service_point", "village")  # a township's levels
DISTRICT_LEVELS: tuple[RankLevel, ...] = (*RANK_LEVELS, "township")
AWARD_TOP: dict[RankLevel, int] = {"member": 10, "grid": 5, "service_point": 3, "village": 1, "township": 1}
PARENT: dict[RankLevel, Level | None] = {"member": "grid", "grid": "service_point", "service_point": "village",
                                         "village": None, "township": None}
UNIT = {"member": (PartyMember.id, PartyMember.name), "grid": (Grid.id, Grid.name),
        "service_point": (ServicePoint.id, ServicePoint.name), "village": (Village.id, Village.name),
        "township": (Township.id, Township.name)}
UP_TO_VILLAGE = [(Grid, Grid.id == PartyMember.grid_id), (ServicePoint, ServicePoint.id == Grid.service_point_id),
                 (Village, Village.id == ServicePoint.village_id)]  # from a member up to its village
FIRST_STEP_UP = {"member": 0, "grid": 1, "service_point": 2, "village": 3, "township": 3}
SUMMARY_COLUMNS = ["members", "star_level", *POINT_SOURCES, "total", "members_with_points", "per_member", "rank",
                   "ranked_units", "previous_rank"]


def _ledger(field: Filter, now: Period, before: Period) -> Subquery:
    """Per member of the field's grids: the tenths of points confirmed in `now`, by source and in total, its entries
    confirmed in `now`, and the same total and entries for `before`."""
    tenths = cast(func.round(PointsEntry.points * 10), Integer)
    in_now, in_before = confirmed_in(now), confirmed_in(before)
    sources = [func.sum(case((in_now & (PointsEntry.source == source), tenths), else_=0)).label(source)
               for source in POINT_SOURCES]
    return (
        select(
            PointsEntry.member_id,
            *sources,
            func.sum(case((in_now, tenths), else_=0)).label("total"),
            func.count(case((in_now, 1))).label("entries"),
            func.sum(case((in_before, tenths), else_=0)).label("total_before"),
            func.count(case((in_before, 1))).label("entries_before"),
        )
        .where(of_members(PointsEntry.member_id, field), in_now | in_before)
        .group_by(PointsEntry.member_id)
        .subquery()
    )


def _sum_of_tenths(tenths: ColumnElement) -> ColumnElement[int]:
    """SUM as an integer (PostgreSQL sums BIGINT into NUMERIC, which would turn // into true division)."""
    return cast(func.coalesce(func.sum(tenths), 0), Integer)


def _hundredths_per_member(tenths: ColumnElement, members: ColumnElement) -> ColumnElement[int]:
    """round(tenths / 10 / members, 2) × 100, half away from zero, in integer arithmetic (no float ties)."""
    up = (tenths * 20 + members) // (members * 2)
    down = -((-tenths * 20 + members) // (members * 2))
    return case((tenths >= 0, up), else_=down)


def _unit_columns(level: RankLevel) -> list[Label]:
    unit_id, name = UNIT[level]
    parent = PARENT[level]
    return [unit_id.label("unit_id"), name.label("unit"), *(place_columns(parent) if parent else [])]


def _ranked(field: Filter, level: RankLevel) -> Subquery:
    """Every unit of the level in the field with its points of field.period, its rank, the ranked count and its
    rank in the period before (one pass over both periods: each counts the members here on its own last day, so
    the rank before is the one the period before gave; a unit without members now is dropped afterwards)."""
    before = field.period.previous()
    ledger = _ledger(field, field.period, before)
    unit = _unit_columns(level)
    here_now, here_before = member_here(field.period), member_here(before)
    units = (
        grids_by_place(
            field,
            *unit,
            func.count(case((here_now, PartyMember.id))).label("members"),
            func.avg(case((here_now, cast(PartyMember.star_level, Float)))).label("star_level"),
            *(_sum_of_tenths(case((here_now, ledger.c[source]))).label(source) for source in POINT_SOURCES),
            _sum_of_tenths(case((here_now, ledger.c.total))).label("total"),
            func.count(case((here_now & (ledger.c.entries > 0), 1))).label("members_with_points"),
            func.count(case((here_before, PartyMember.id))).label("members_before"),
            _sum_of_tenths(case((here_before, ledger.c.total_before))).label("total_before"),
            func.count(case((here_before & (ledger.c.entries_before > 0), 1))).label("members_with_points_before"),
        )
        .join(PartyMember, (PartyMember.grid_id == Grid.id) & (here_now | here_before))
        .outerjoin(ledger, ledger.c.member_id == PartyMember.id)
        .group_by(*(column.element for column in unit))
        .subquery()
    )
    key = _hundredths_per_member(units.c.total, func.nullif(units.c.members, 0))
    key_before = _hundredths_per_member(units.c.total_before, func.nullif(units.c.members_before, 0))
    is_ranked, was_ranked = units.c.members_with_points > 0, units.c.members_with_points_before > 0
    scored = select(
        units,
        key.label("per_member"),
        func.rank().over(partition_by=is_ranked, order_by=key.desc()).label("raw_rank"),
        func.count(case((is_ranked, 1))).over().label("ranked_units"),
        func.rank().over(partition_by=was_ranked, order_by=key_before.desc()).label("raw_previous_rank"),
    ).subquery()
    rank = case((scored.c.members_with_points > 0, scored.c.raw_rank))
    previous_rank = case((scored.c.members_with_points_before > 0, scored.c.raw_previous_rank))
    return select(scored, rank.label("rank"), previous_rank.label("previous_rank")).subquery()


def district_ranks(period: Period, level: RankLevel) -> Select:
    """The level's units of the whole district ranked in the period, as rank_summaries' columns."""
    ranked = _ranked(Filter(period), level)
    return select(literal(period.kind), literal(period.start, Date), literal(level), ranked.c.unit_id,
                  *(ranked.c[name] for name in SUMMARY_COLUMNS))


def _summarised(period: Period, level: RankLevel) -> Subquery:
    """The level's units of the whole district in a running period as rank_summaries holds them, with the columns of
    _ranked that _ranking_query reads."""
    unit_id, _ = UNIT[level]
    query = (select(*_unit_columns(level), *(RankSummary.__table__.c[name] for name in SUMMARY_COLUMNS))
             .join_from(RankSummary, unit_id.table, unit_id == RankSummary.unit_id))
    for table, step_up in UP_TO_VILLAGE[FIRST_STEP_UP[level]:]:
        query = query.join(table, step_up)
    return query.where(RankSummary.period_kind == period.kind, RankSummary.period_start == period.start,
                       RankSummary.level == level).subquery()


def _in_place(ranked: Subquery, f: Filter, level: RankLevel) -> ColumnElement[bool]:
    """The rows the filter's place shows: members and grids on its grids, its 片区 or its villages."""
    if level == "member":
        return ranked.c.grid_id.in_(grid_ids(f))
    ids = {"grid": grid_ids, "service_point": service_point_ids, "village": village_ids,
           "township": township_ids}[level](f)
    return ranked.c.unit_id.in_(ids)


def _field(f: Filter, level: RankLevel) -> Filter:
    """Whom the filter's units are ranked against: its township (or the district), inside the viewer's scope."""
    return replace(township_wide(f), township_id=None) if level == "township" else township_wide(f)


def _summarised_for(f: Filter, level: RankLevel, engine: Engine | None) -> bool:
    """Whether the ranks are read from the rank summaries: over the whole district, for a viewer without a scope, in a
    running period whose summaries hold."""
    field = _field(f, level)
    return whole_district(field) and running.summarised(field.period, engine)


def _ranking_query(f: Filter, level: RankLevel, engine: Engine | None) -> Select:
    field = _field(f, level)
    now = _summarised(field.period, level) if _summarised_for(f, level, engine) else _ranked(field, level)
    shown = [now.c[column.name] for column in _unit_columns(level)]
    return (
        select(
            *shown,
            now.c.members,
            now.c.star_level,
            *(now.c[source] for source in POINT_SOURCES),
            now.c.total.label("points"),
            now.c.per_member,
            now.c.rank,
            now.c.ranked_units,
            now.c.previous_rank,
            (now.c.previous_rank - now.c.rank).label("movement"),
        )
        .where(_in_place(now, f, level), now.c.members > 0)
        .order_by(case((now.c.rank.is_(None), 1), else_=0), now.c.rank, now.c.unit_id)
    )


def _frame(query: Select, level: RankLevel, viewer: Viewer, engine: Engine | None) -> pd.DataFrame:
    """Tenths and hundredths to points; per-member points by source (whole tenths ÷ members: one float rounding,
    so a tie such as 12.1 ÷ 4 = 3.025 stays one when shown); member names as the viewer may read them, and no
    members for an observer."""
    frame = read_frame(query, engine)
    members = frame["members"].astype("int64")
    for source in POINT_SOURCES:
        frame[f"{source}_per_member"] = frame[source].astype("int64") / (members * 10)
    for column in [*POINT_SOURCES, "points"]:
        frame[column] = frame[column].astype("float64") / 10
    frame["per_member"] = frame["per_member"].astype("float64") / 100
    frame = typed(frame, {"members": "int64", "star_level": "float64", "ranked_units": "int64", "rank": "Int64",
                          "previous_rank": "Int64", "movement": "Int64"})
    frame["is_new"] = frame["rank"].notna() & frame["previous_rank"].isna()
    return people_list(protect(frame, viewer, unit="member"), viewer) if level == "member" else frame


def ranking(f: Filter, level: RankLevel = "member", engine: Engine | None = None,
            top: int | None = None) -> pd.DataFrame:
    """The level's units in the filter's place, ranked on the points confirmed in the period (module docstring);
    with `top`, only the first `top` rows of that order (a district has tens of thousands of members).

    Columns: unit_id, unit (its name, masked for members), the parent places (a member's grid, 片区 and village;
    a grid's 片区 and village; a 片区's village), members, star_level (the members' average 评星定级 level),
    study / volunteer / issue / evaluation / points (confirmed points), <source>_per_member, per_member, rank
    (empty when unranked), ranked_units (how many are ranked in the township or scope), previous_rank, movement,
    is_new. Ordered by rank, the unranked last, then by id. Members: no rows for an observer.
    """
    return _frame(_ranking_query(f, level, engine).limit(top), level, f.viewer, engine)


def award_candidates(f: Filter, level: RankLevel = "member", engine: Engine | None = None) -> pd.DataFrame:
    """年度一表彰 candidates: the ranking over the calendar year holding the period, rank ≤ AWARD_TOP[level].

    Ties at the last place are all candidates (rank ≤ N keeps every unit sharing rank N), so there may be more
    than N; previous_rank and movement compare with the year before.
    """
    ranked = _ranking_query(replace(f, period=Period.containing("year", f.period.start)), level, engine).subquery()
    top = select(ranked).where(ranked.c.rank <= AWARD_TOP[level]).order_by(ranked.c.rank, ranked.c.unit_id)
    return _frame(top, level, f.viewer, engine)
