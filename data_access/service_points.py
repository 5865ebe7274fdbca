"""阵地建设: the 片区 service points against the 「六有」 checklist, point by point and by village.

A point meets 「六有」 when it has all six items (SIX_HAVES, in the article's order: 文化广场, 议事大厅, 宣传专栏,
办公设施, 制度上墙, 工作台账). The checklist is a standing state: the period is ignored.
"""
import operator
from functools import reduce

import pandas as pd
from typing import Literal

from sqlalchemy import ColumnElement, Engine, Select, and_, case, func, select

from data_access.db import read_frame, typed
from data_access.filters import Filter, service_point_ids, village_ids
from data_access.places import place_columns
from schema import SIX_HAVES, ServicePoint, Township, Village

COMPLIANCE_COUNTS = ["points", "points_meeting_all", *SIX_HAVES]


def _items() -> list[ColumnElement[bool]]:
    return [ServicePoint.__table__.c[item] for item in SIX_HAVES]


def _meets_all() -> ColumnElement[bool]:
    return and_(*_items())


def six_haves(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """Each 片区 service point inside the filter (the chosen grid's 片区 included) with its 「六有」 checklist.

    Columns: village_id, village, service_point_id, service_point, the six SIX_HAVES booleans, items_met (how
    many of the six it has, 0–6) and meets_all (all six). Ordered by village, then point.
    """
    items_met = reduce(operator.add, (case((item, 1), else_=0) for item in _items()))
    query = (
        select(*place_columns("service_point"), *_items(), items_met.label("items_met"),
               case((_meets_all(), True), else_=False).label("meets_all"))
        .select_from(ServicePoint)
        .join(Village, Village.id == ServicePoint.village_id)
        .where(ServicePoint.id.in_(service_point_ids(f)))
        .order_by(Village.id, ServicePoint.id)
    )
    frame = read_frame(query, engine)
    return typed(frame, {**dict.fromkeys([*SIX_HAVES, "meets_all"], "bool"), "items_met": "int64"})


def _compliance(f: Filter, level: Literal["township", "village"] | None) -> Select:
    """The six_haves_compliance figures over the filter's points, one row or one per village or township."""
    points = func.count(ServicePoint.id)
    meeting_all = func.count(case((_meets_all(), ServicePoint.id)))
    columns = place_columns(level) if level else []
    query = (
        select(
            *columns,
            points.label("points"),
            meeting_all.label("points_meeting_all"),
            (meeting_all * 1.0 / func.nullif(points, 0)).label("share_meeting_all"),
            *(func.count(case((item, ServicePoint.id))).label(item.key) for item in _items()),
        )
        .select_from(Village)
        .join(Township, Township.id == Village.township_id)
        .outerjoin(ServicePoint, (ServicePoint.village_id == Village.id) & ServicePoint.id.in_(service_point_ids(f)))
        .where(Village.id.in_(village_ids(f)))
    )
    keys = [column.element for column in columns]
    return query.group_by(*keys).order_by(keys[0]) if level else query


def six_haves_compliance(f: Filter, engine: Engine | None = None) -> pd.DataFrame:
    """One row: points (片区 service points inside the filter), points_meeting_all (with all six items),
    share_meeting_all = points_meeting_all / points (NaN without points), and for each SIX_HAVES item the number
    of points that have it.
    """
    frame = read_frame(_compliance(f, None), engine)
    return typed(frame, {**dict.fromkeys(COMPLIANCE_COUNTS, "int64"), "share_meeting_all": "float64"})


def six_haves_by_village(f: Filter, engine: Engine | None = None,
                         level: Literal["township", "village"] = "village") -> pd.DataFrame:
    """The six_haves_compliance figures per village inside the filter (village_id, village first), by village id;
    level "township": per township (township_id, township first) in a district."""
    frame = read_frame(_compliance(f, level), engine)
    return typed(frame, {**dict.fromkeys(COMPLIANCE_COUNTS, "int64"), "share_meeting_all": "float64"})
