"""The map's GeoJSON and figures on every dialect (community_fixture plus boundaries), and the GCJ-02 shift."""
import json

import pandas as pd
import pytest
import shapely
from sqlalchemy import Engine, update

from data_access.geo import (
    grid_points,
    household_points,
    map_figures,
    map_points,
    to_gcj02,
    township_outlines,
    village_areas,
    wgs84_to_gcj02,
)
from schema import Household, Township, VillageBoundary
from tests.data_access.community_fixture import q1
from tests.rows import insert_rows


def _square(west: float, south: float, size: float = 0.01) -> str:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture(scope="module")
def mapped(community: Engine) -> Engine:
    """Village 1 west of village 2, the township around both; households 1 and 2 moved off the common point."""
    insert_rows(community, [(VillageBoundary, [{"village_id": 1, "geojson": _square(110.29, 29.19)},
                                               {"village_id": 2, "geojson": _square(110.30, 29.19)}])])
    with community.begin() as conn:
        conn.execute(update(Township).values(boundary_geojson=_square(110.28, 29.18, 0.03)))
        conn.execute(update(Household).where(Household.id == 1).values(lat=29.21, lon=110.31))
        conn.execute(update(Household).where(Household.id == 2).values(lat=29.19))
    return community


def test_village_areas_are_the_boundaries_with_a_label_point_inside(mapped: Engine) -> None:
    areas = village_areas(q1(village_id=2), mapped)  # the map shows every village, whatever the place
    assert [f["properties"]["name"] for f in areas["features"]] == ["1村", "2村"]
    for feature in areas["features"]:
        label = shapely.Point(feature["properties"]["label_lon"], feature["properties"]["label_lat"])
        assert shapely.geometry.shape(feature["geometry"]).contains(label)
    assert township_outlines(q1(), mapped)["features"][0]["geometry"]["coordinates"][0][0] == [110.28, 29.18]


def test_the_scope_limits_areas_and_points(mapped: Engine) -> None:
    scoped = q1(scope=frozenset({2}))
    assert [f["properties"]["id"] for f in village_areas(scoped, mapped)["features"]] == [2]
    kinds = [(f["properties"]["kind"], f["properties"]["id"]) for f in map_points(scoped, mapped)["features"]]
    assert kinds == [("township", 1), ("village", 2), ("service_point", 3)]


def test_map_points_mask_the_leader_and_instructor(mapped: Engine) -> None:
    features = map_points(q1(), mapped)["features"]
    assert [f["properties"]["kind"] for f in features].count("service_point") == 3
    point = features[-1]["properties"]
    assert (point["leader"], point["instructor"], point["village_id"]) == ("组*", "指*员", 2)
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [110.3, 29.2]}


def test_grids_sit_at_their_households_mean_position(mapped: Engine) -> None:
    grids = grid_points(q1(village_id=1), mapped)["features"]
    assert [(g["properties"]["id"], g["properties"]["households"]) for g in grids] == [(1, 4), (2, 3), (3, 2)]
    # grid 1: households 1 (29.21, 110.31), 2 (29.19, 110.3), 3 and 4 (29.2, 110.3)
    assert grids[0]["geometry"]["coordinates"] == pytest.approx([110.3025, 29.2])
    # grid 5 has no households, so no position
    assert [g["properties"]["id"] for g in grid_points(q1(village_id=2), mapped)["features"]] == [4]


def test_households_are_bare_points(mapped: Engine) -> None:
    households = household_points(q1(service_point_id=3), mapped)["features"]
    assert [h["properties"] for h in households] == [
        {"kind": "household", "id": h, "grid_id": 4} for h in (10, 11, 12)]


def test_map_figures_per_service_point(mapped: Engine) -> None:
    figures = map_figures(q1(village_id=1), "service_point", mapped)  # every 片区 of the township
    assert figures["service_point_id"].tolist() == [1, 2, 3]
    assert figures[["grids", "households", "residents", "party_members"]].values.tolist() == [
        [2, 7, 21, 2], [1, 2, 6, 1], [2, 3, 9, 1]]
    # hours held on the grids in Q1 2025: 片区 1 (grids 1, 2) 3.5 + 3.0 + 1.0; 片区 2 (grid 3) 4.0 + 0.5; 片区 3 2.5
    assert figures["hours"].tolist() == [7.5, 4.5, 2.5]
    # points confirmed in Q1: member 1 7.5, member 2 1.0 → 片区 1 ranked alone on 8.5 / 2 members
    assert figures["per_member"].tolist()[0] == 4.25
    assert figures["rank"].tolist() == [1, pd.NA, pd.NA]
    assert figures["open_at_end"].tolist() == [0, 0, 0]
    assert figures[["six_items", "six_possible", "six_share"]].values.tolist() == [[0, 6, 0.0]] * 3


def test_map_figures_per_village(mapped: Engine) -> None:
    figures = map_figures(q1(), "village", mapped)
    assert figures[["village_id", "households", "linked_households", "six_points", "six_possible"]].values.tolist() \
        == [[1, 9, 8, 2, 12], [2, 3, 2, 1, 6]]
    assert figures["hours"].tolist() == [12.0, 2.5]


def test_wgs84_to_gcj02_matches_the_published_reference() -> None:
    # wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915) → [116.41024449916938, 39.91640428150164]
    assert wgs84_to_gcj02(116.404, 39.915) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-9)
    # …and gcj02towgs84(116.404, 39.915) → [116.39775550083061, 39.91359571849836], an inverse good to ~1 m
    assert wgs84_to_gcj02(116.39775550083061, 39.91359571849836) == pytest.approx((116.404, 39.915), abs=2e-5)
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)  # outside China: unchanged


def test_to_gcj02_shifts_every_position_and_label() -> None:
    area = {"type": "Feature", "geometry": json.loads(_square(110.3, 29.2)),
            "properties": {"label_lon": 110.305, "label_lat": 29.205, "name": "甲"}}
    shifted = to_gcj02({"type": "FeatureCollection", "features": [area]})["features"][0]
    assert shifted["geometry"]["coordinates"][0][0] == pytest.approx(list(wgs84_to_gcj02(110.3, 29.2)))
    assert (shifted["properties"]["label_lon"], shifted["properties"]["label_lat"]) == wgs84_to_gcj02(110.305, 29.205)
    assert shifted["properties"]["name"] == "甲" and area["geometry"]["coordinates"][0][0] == [110.3, 29.2]
