"""The map: the township's geometry from the database as GeoJSON (WGS-84, [lon, lat]), the figures it colours
places by, and the WGS-84 → GCJ-02 shift that Chinese (AMap/Gaode) tile servers need.

The map always shows the whole township inside the viewer's scope: the filter's place only chooses which grids
and households are drawn (those of a chosen village), and what is highlighted, never which villages are.
"""
import json
import math
from dataclasses import replace
from functools import reduce
from typing import Any, Literal

import pandas as pd
import shapely
from sqlalchemy import Engine, func, select

from data_access import issues, loop, organisation, people, rankings, service_points, volunteers
from data_access.db import read_frame, typed
from data_access.filters import Filter, grid_ids, service_point_ids, township_wide, village_ids
from data_access.people import residence_in_force
from data_access.privacy import protect
from schema import (
    SIX_HAVES, Grid, Household, HouseholdResidence, ServicePoint, Township, Village, VillageBoundary,
)

MapLevel = Literal["township", "village", "service_point"]
KEYS: dict[MapLevel, str] = {"township": "township_id", "village": "village_id", "service_point": "service_point_id"}
Geo = dict[str, Any]


def _collection(features: list[Geo]) -> Geo:
    return {"type": "FeatureCollection", "features": features}


def _point_features(frame: pd.DataFrame, kind: str, properties: list[str]) -> list[Geo]:
    """One Point feature per row (columns lat, lon), with kind, id and the named columns as properties."""
    return [
        {"type": "Feature", "id": f"{kind}-{row['id']}",
         "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
         "properties": {"kind": kind, "id": int(row["id"]), **{name: row[name] for name in properties}}}
        for row in frame.to_dict("records")
    ]


def township_outlines(f: Filter, engine: Engine | None = None) -> Geo:
    """The boundary of the filter's township, or of each township holding a village in the scope when none is
    chosen (townships without a boundary are left out).

    Properties: kind "township", id, name, label_lon / label_lat (a point inside it to write its name at).
    """
    villages = village_ids(township_wide(f))
    query = (
        select(Township.id, Township.name, Township.boundary_geojson)
        .where(Township.id.in_(select(Village.township_id).where(Village.id.in_(villages))),
               Township.boundary_geojson.is_not(None))
        .order_by(Township.id)
    )
    return _collection([_area("township", row.id, row.name, json.loads(row.boundary_geojson))
                        for row in read_frame(query, engine).itertuples()])


def _area(kind: str, id_: int, name: str, geometry: Geo, **properties: Any) -> Geo:
    """A Polygon feature with kind, id, name, the properties, and a point inside it (shapely's representative
    point) as label_lon / label_lat."""
    label = shapely.geometry.shape(geometry).representative_point()
    return {"type": "Feature", "id": f"{kind}-{id_}", "geometry": geometry,
            "properties": {"kind": kind, "id": id_, "name": name, **properties,
                           "label_lon": round(label.x, 6), "label_lat": round(label.y, 6)}}


def village_areas(f: Filter, engine: Engine | None = None) -> Geo:
    """Each village in the scope that has a boundary (village_boundaries), as a Polygon feature.

    Properties: kind "village", id, name, station (its 工作站), label_lon / label_lat: a point inside the area
    (shapely's representative point) to write its name at.
    """
    query = (
        select(Village.id, Village.name, Village.station_name, VillageBoundary.geojson)
        .join(VillageBoundary, VillageBoundary.village_id == Village.id)
        .where(Village.id.in_(village_ids(township_wide(f))))
        .order_by(Village.id)
    )
    return _collection([_area("village", row.id, row.name, json.loads(row.geojson), station=row.station_name)
                        for row in read_frame(query, engine).itertuples()])


def map_points(f: Filter, engine: Engine | None = None) -> Geo:
    """The township centre(s) (kind "township"), the village stations (kind "village") and the 片区 service points
    (kind "service_point") in the scope, as Point features in that order.

    Properties: kind, id, name; stations and service points also village_id; service points also leader (片区
    党小组组长兼网格长) and instructor (乡干部指导员), both masked.
    """
    field = township_wide(f)
    villages = village_ids(field)
    centres = read_frame(
        select(Township.id, Township.centre_name.label("name"), Township.lat, Township.lon)
        .where(Township.id.in_(select(Village.township_id).where(Village.id.in_(villages))))
        .order_by(Township.id), engine)
    stations = read_frame(
        select(Village.id, Village.station_name.label("name"), Village.id.label("village_id"), Village.lat, Village.lon)
        .where(Village.id.in_(villages)).order_by(Village.id), engine)
    points = read_frame(
        select(ServicePoint.id, ServicePoint.name, ServicePoint.village_id, ServicePoint.lat, ServicePoint.lon,
               ServicePoint.leader_name.label("leader"), ServicePoint.instructor_name.label("instructor"))
        .where(ServicePoint.id.in_(service_point_ids(field))).order_by(ServicePoint.id), engine)
    points = protect(points, f.viewer, leader="member", instructor="member")
    return _collection([
        *_point_features(centres, "township", ["name"]),
        *_point_features(stations, "village", ["name", "village_id"]),
        *_point_features(points, "service_point", ["name", "village_id", "leader", "instructor"]),
    ])


def grid_points(f: Filter, engine: Engine | None = None) -> Geo:
    """The filter's grids, each at the mean position of the households living on it on the period's last day (a
    grid has no coordinates of its own; a grid without households is left out). Properties: kind "grid", id, name,
    service_point_id, village_id, households.
    """
    query = (
        select(Grid.id, Grid.name, Grid.service_point_id, ServicePoint.village_id,
               func.count(Household.id).label("households"), func.avg(Household.lat).label("lat"),
               func.avg(Household.lon).label("lon"))
        .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
        .join(HouseholdResidence, (HouseholdResidence.grid_id == Grid.id) & residence_in_force(f.period))
        .join(Household, Household.id == HouseholdResidence.household_id)
        .where(Grid.id.in_(grid_ids(f)))
        .group_by(Grid.id, Grid.name, Grid.service_point_id, ServicePoint.village_id)
        .order_by(Grid.id)
    )
    frame = typed(read_frame(query, engine), {"households": "int64"})
    return _collection(_point_features(frame, "grid", ["name", "service_point_id", "village_id", "households"]))


def household_points(f: Filter, engine: Engine | None = None) -> Geo:
    """The households living on the filter's grids on the period's last day as bare points: kind "household", id
    and grid_id (the grid it lived on then), no personal data."""
    query = (
        select(Household.id, HouseholdResidence.grid_id, Household.lat, Household.lon)
        .join(HouseholdResidence, (HouseholdResidence.household_id == Household.id) & residence_in_force(f.period))
        .where(HouseholdResidence.grid_id.in_(grid_ids(f)))
        .order_by(Household.id)
    )
    return _collection(_point_features(read_frame(query, engine), "household", ["grid_id"]))


def map_figures(f: Filter, level: MapLevel, engine: Engine | None = None) -> pd.DataFrame:
    """Every village or 片区 (level) of the township in the scope, or every township of the district (level
    "township": the district view, whatever township the filter names), with the figures the map colours and lists.

    Each comes from its own query, for the filter's period, with that query's rule:
    - organisation.counts_by_place: grids, households, residents, party_members (on the period's last day);
    - people.household_coverage: linked_households (households with a 党员联系户 link in force on its last day),
      share_linked = linked_households / households;
    - loop.loop_figures_by: the loop's figures from the case history (loop.COUNTS, loop.RATES, loop.AVERAGES:
      open_at_end, overdue_open, 按期结案率 = closed_on_time / due, 立案率 = filed / reported, …) and
      on_time_rank (by 按期结案率 among the places with 应结案数 ≥ MIN_SAMPLE, else empty);
    - issues.callback_scores: callbacks (on filed issues), satisfied, satisfaction_rate (满意率 = satisfied /
      callbacks), evaluation_index (群众评价指数) and evaluation_rank (by it, among the places with at least
      MIN_SAMPLE callbacks);
    - volunteers.hours_by_place: hours (volunteer service hours held on the place's grids in the period);
    - rankings.ranking: points (confirmed in the period), per_member, rank (积分排名 on per_member, empty when
      unranked), ranked_units;
    - service_points: six_items (「六有」 items in place) out of six_possible (6 per service point),
      six_share = six_items / six_possible; six_complete (points with all six) out of six_points; per 片区 also
      the six SIX_HAVES checklist booleans.
    Columns: village_id, village (and service_point_id, service_point) or township_id, township, then the figures;
    ordered by id.
    """
    field = replace(township_wide(f), township_id=None) if level == "township" else township_wide(f)
    key = KEYS[level]
    figures = [
        organisation.counts_by_place(field, level, engine),
        people.household_coverage(field, level, engine)[[key, "linked_households", "share_linked"]],
        loop.loop_figures_by(field, level, engine).rename(columns={"rank": "on_time_rank"})[
            [key, *loop.COUNTS, *loop.RATES, *loop.AVERAGES, "on_time_rank"]],
        issues.callback_scores(field, level, engine).rename(columns={"rank": "evaluation_rank"})[
            [key, "callbacks", "satisfied", "satisfaction_rate", "evaluation_index", "evaluation_rank"]],
        volunteers.hours_by_place(field, level, engine)[[key, "hours"]],
        rankings.ranking(field, level, engine).rename(columns={"unit_id": key})[
            [key, "points", "per_member", "rank", "ranked_units"]],
        _six_haves(field, level, engine),
    ]
    merged = reduce(lambda left, right: left.merge(right, on=key, how="left"), figures)
    return merged.sort_values(key, ignore_index=True)


def _six_haves(f: Filter, level: MapLevel, engine: Engine | None) -> pd.DataFrame:
    """six_items, six_possible, six_complete, six_points and six_share per place, from data_access.service_points."""
    if level == "service_point":
        checklist = service_points.six_haves(f, engine)
        frame = pd.DataFrame({"service_point_id": checklist["service_point_id"], "six_items": checklist["items_met"],
                              "six_possible": len(SIX_HAVES), "six_complete": checklist["meets_all"].astype("int64"),
                              "six_points": 1, **{item: checklist[item] for item in SIX_HAVES}})
    else:
        villages = service_points.six_haves_by_village(f, engine, level)
        frame = pd.DataFrame({KEYS[level]: villages[KEYS[level]], "six_items": villages[list(SIX_HAVES)].sum(axis=1),
                              "six_possible": villages["points"] * len(SIX_HAVES),
                              "six_complete": villages["points_meeting_all"], "six_points": villages["points"]})
    frame["six_share"] = frame["six_items"] / frame["six_possible"].where(frame["six_possible"] > 0)
    return frame


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """The standard (GB/T "火星坐标") offset of a WGS-84 position, as AMap/Gaode tiles are drawn; positions
    outside China are returned unchanged."""
    if not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271):
        return lon, lat
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad_lat) ** 2
    d_lat = d_lat * 180.0 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (a / math.sqrt(magic) * math.cos(rad_lat) * math.pi)
    return lon + d_lon, lat + d_lat


def to_gcj02(geojson: Geo) -> Geo:
    """A copy of a GeoJSON object with every position shifted by wgs84_to_gcj02 (label points included)."""

    def shift(value: Any, key: str = "") -> Any:
        if key == "coordinates":
            return shift_positions(value)
        if isinstance(value, dict):
            shifted = {k: shift(v, k) for k, v in value.items()}
            if "label_lon" in shifted:
                shifted["label_lon"], shifted["label_lat"] = wgs84_to_gcj02(shifted["label_lon"], shifted["label_lat"])
            return shifted
        if isinstance(value, list):
            return [shift(v) for v in value]
        return value

    def shift_positions(value: list) -> list:
        if value and isinstance(value[0], int | float):
            return list(wgs84_to_gcj02(value[0], value[1]))
        return [shift_positions(v) for v in value]

    return shift(geojson)
