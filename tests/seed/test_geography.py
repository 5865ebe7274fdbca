"""The demo map: a 58 km² township around 29.2° N, 110.3° E, Voronoi villages, points where they belong."""
import json
import math

import shapely
from shapely.geometry import shape

from seed.geography import Frame


def in_km(geometry: shapely.Geometry, frame: Frame) -> shapely.Geometry:
    """Project lon/lat to the frame's local km plane."""
    return shapely.transform(
        geometry, lambda xy: (xy - [frame.lon0, frame.lat0]) * [frame.km_per_deg_lon, 110.57]
    )


def test_the_outline_is_58_square_km_around_the_article_position(table) -> None:
    township = table("townships").iloc[0]
    outline = shape(json.loads(township.boundary_geojson))
    frame = Frame(29.2, 110.3)
    assert outline.geom_type == "Polygon" and outline.is_valid
    assert math.isclose(in_km(outline, frame).area, 57.92, rel_tol=0.02)
    assert abs(township.lat - 29.2) < 0.05 and abs(township.lon - 110.3) < 0.05
    assert len(outline.exterior.coords) > 12  # irregular, not a box


def test_village_cells_tile_the_township(table) -> None:
    outline = shape(json.loads(table("townships").iloc[0].boundary_geojson))
    villages = table("villages").merge(table("village_boundaries"), left_on="id", right_on="village_id")
    cells = [shape(json.loads(text)) for text in villages.geojson]
    assert all(cell.geom_type == "Polygon" and cell.is_valid for cell in cells)
    assert math.isclose(shapely.union_all(cells).area, outline.area, rel_tol=0.01)
    assert math.isclose(sum(cell.area for cell in cells), outline.area, rel_tol=0.01)  # no overlaps
    assert all(cell.contains(shapely.Point(lon, lat)) for cell, lat, lon in zip(cells, villages.lat, villages.lon))


def test_service_points_inside_their_village_and_households_near_their_pian_qu(table) -> None:
    cells = {
        row.village_id: shape(json.loads(row.geojson)) for row in table("village_boundaries").itertuples()
    }
    points = table("service_points")
    assert all(cells[p.village_id].contains(shapely.Point(p.lon, p.lat)) for p in points.itertuples())
    households = table("households").merge(table("grids")[["id", "service_point_id"]], left_on="grid_id",
                                           right_on="id").merge(points, left_on="service_point_id", right_on="id",
                                                                suffixes=("", "_point"))
    frame = Frame(29.2, 110.3)
    km = ((households.lat - households.lat_point) * 110.57).pow(2) + (
        (households.lon - households.lon_point) * frame.km_per_deg_lon).pow(2)
    assert km.pow(0.5).quantile(0.95) < 1.5
