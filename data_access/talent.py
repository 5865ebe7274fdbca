"""人才配到网格: the talent pool by category, talents per grid, and 「一网格一龙头」 leading enterprises."""
import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, case, distinct, func, select, true

from data_access.db import read_frame, typed
from data_access.filters import Filter, below_village, grid_ids, village_ids
from data_access.places import grids_by_place, grouped, place_columns
from schema import (
    GRID_KINDS,
    TALENT_CATEGORIES,
    Enterprise,
    EnterpriseHousehold,
    Grid,
    ServicePoint,
    Talent,
    Village,
)

TALENT_NORM = (1, 3)  # 每个网格党小组配备 1-3 名人才


def _count_where(condition: ColumnElement[bool], column: ColumnElement) -> ColumnElement[int]:
    return func.count(case((condition, column)))


def talent_summary(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Talents in the pool per category (产业 / 科技 / 管理 / 党政), with how many were brought back home.

    Talents of the filter's villages; when a 片区 or grid is chosen, only those assigned to its grids (talents
    not yet assigned to a grid then drop out). The period is ignored: a standing count. talents: people in the
    category; returned: those with returned set (回乡). Every category is listed, in TALENT_CATEGORIES order.
    """
    place = Talent.village_id.in_(village_ids(f))
    if below_village(f):
        place = place & Talent.grid_id.in_(grid_ids(f))
    query = (
        select(
            Talent.category,
            func.count().label("talents"),
            _count_where(Talent.returned, Talent.id).label("returned"),
        )
        .where(place)
        .group_by(Talent.category)
    )
    frame = read_frame(query, engine).set_index("category")
    frame = frame.reindex(list(TALENT_CATEGORIES), fill_value=0).rename_axis("category").reset_index()
    return typed(frame, {"talents": "int64", "returned": "int64"})


def talents_per_grid(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Each grid of the filter with the talents assigned to it (grid_id) and how many of them returned home.

    outside_norm is True when the grid has fewer than 1 or more than 3 talents (the article: 1–3 per grid
    party group). The period is ignored: a standing count.
    """
    query = grids_by_place(
        f,
        *place_columns("grid"),
        Grid.kind,
        func.count(Talent.id).label("talents"),
        _count_where(Talent.returned, Talent.id).label("returned"),
    ).outerjoin(Talent, Talent.grid_id == Grid.id)
    frame = read_frame(grouped(query, "grid").group_by(Grid.kind), engine)
    frame = typed(frame, {"talents": "int64", "returned": "int64"})
    frame["outside_norm"] = ~frame["talents"].between(*TALENT_NORM)
    return frame


def enterprises_per_grid(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Each grid of the filter with its leading enterprise or cooperative (「一网格一龙头」) and the households it takes.

    Only enterprises marked is_leading count. A grid without one is listed once with enterprise_id missing and
    has_leading False; a grid with two has two rows. employed_households / linked_households: households
    registered as employed by (就业) or linked to (联农带农) the enterprise, wherever they live; households: both.
    The period is ignored: a standing count.
    """
    link = EnterpriseHousehold.link
    households = (
        select(
            EnterpriseHousehold.enterprise_id,
            _count_where(link == "employed", EnterpriseHousehold.household_id).label("employed_households"),
            _count_where(link == "linked", EnterpriseHousehold.household_id).label("linked_households"),
            func.count().label("households"),
        )
        .group_by(EnterpriseHousehold.enterprise_id)
        .subquery()
    )
    counts = ["employed_households", "linked_households", "households"]
    query = (
        grids_by_place(
            f,
            *place_columns("grid"),
            Grid.kind,
            Enterprise.id.label("enterprise_id"),
            Enterprise.name.label("enterprise"),
            Enterprise.kind.label("enterprise_kind"),
            Enterprise.industry,
            *(func.coalesce(households.c[name], 0).label(name) for name in counts),
        )
        .outerjoin(Enterprise, (Enterprise.grid_id == Grid.id) & Enterprise.is_leading)
        .outerjoin(households, households.c.enterprise_id == Enterprise.id)
        .order_by(Village.id, ServicePoint.id, Grid.id, Enterprise.id)
    )
    frame = typed(read_frame(query, engine), {"enterprise_id": "Int64", **dict.fromkeys(counts, "int64")})
    frame["has_leading"] = frame["enterprise_id"].notna()
    return frame


GRID_RULE_COUNTS = [
    "grids", "talents", "grids_within_norm", "grids_with_leading", "households", "employed_households",
    "linked_households",
]


def _grid_rules(f: Filter, by_kind: bool) -> Select:
    """The grid_rules figures over the filter's grids, one row or one per grid kind (column kind)."""
    key = [Grid.kind] if by_kind else []
    talents = (select(Talent.grid_id, func.count().label("talents")).where(Talent.grid_id.in_(grid_ids(f)))
               .group_by(Talent.grid_id).subquery())
    per_grid = func.coalesce(talents.c.talents, 0)
    leading = select(Enterprise.grid_id).where(Enterprise.is_leading)
    grids = (
        grids_by_place(
            f,
            *key,
            func.count().label("grids"),
            func.coalesce(func.sum(talents.c.talents), 0).label("talents"),
            _count_where(per_grid.between(*TALENT_NORM), Grid.id).label("grids_within_norm"),
            _count_where(Grid.id.in_(leading), Grid.id).label("grids_with_leading"),
        )
        .outerjoin(talents, talents.c.grid_id == Grid.id)
        .group_by(*key)
        .subquery()
    )
    household = EnterpriseHousehold.household_id
    households = (
        grids_by_place(
            f,
            *key,
            func.count(distinct(household)).label("households"),
            func.count(distinct(case((EnterpriseHousehold.link == "employed", household)))).label(
                "employed_households"
            ),
            func.count(distinct(case((EnterpriseHousehold.link == "linked", household)))).label("linked_households"),
        )
        .join(Enterprise, (Enterprise.grid_id == Grid.id) & Enterprise.is_leading)
        .join(EnterpriseHousehold, EnterpriseHousehold.enterprise_id == Enterprise.id)
        .group_by(*key)
        .subquery()
    )
    on = grids.c.kind == households.c.kind if by_kind else true()
    columns = [grids.c.kind] if by_kind else []
    figures = [
        func.coalesce((grids if name in grids.c else households).c[name], 0).label(name) for name in GRID_RULE_COUNTS
    ]
    return select(*columns, *figures).select_from(grids.outerjoin(households, on))


def grid_rules(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row: how the filter's grids meet the 1–3 talents rule and 「一网格一龙头」 (standing counts, period ignored).

    grids: grids inside the filter; talents: talents assigned to them (grid_id); grids_within_norm: grids with
    1–3 talents (the others are outside the rule, see talents_per_grid); grids_with_leading: grids with at least
    one enterprise or cooperative marked is_leading. households: distinct households employed by (就业) or linked
    to (联农带农) those leading enterprises, wherever they live; employed_households / linked_households: distinct
    households with that kind of link (a household employed by one and linked to another counts in both).
    """
    return typed(read_frame(_grid_rules(f, by_kind=False), engine), dict.fromkeys(GRID_RULE_COUNTS, "int64"))


def grid_rules_by_kind(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """The grid_rules figures per functional grid type (kind: 产业型 / 治理型 / 学习型 / 服务型), in GRID_KINDS order.

    Every kind is listed, with zeros when the filter holds no grid of it. A household linked to leading
    enterprises of grids of two kinds counts under both.
    """
    frame = read_frame(_grid_rules(f, by_kind=True), engine).set_index("kind")
    frame = frame.reindex(list(GRID_KINDS), fill_value=0).rename_axis("kind").reset_index()
    return typed(frame, dict.fromkeys(GRID_RULE_COUNTS, "int64"))
