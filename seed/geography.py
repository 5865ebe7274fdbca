"""Township outline, Voronoi village cells and points inside them, planned in km and stored as WGS-84."""
import json
import math
import random
from dataclasses import dataclass

import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry

AREA_KM2 = 57.92
CENTRE_LAT, CENTRE_LON = 29.2, 110.3
KM_PER_DEG_LAT = 110.57
TOWNSHIP_SPACING_DEG = 0.15  # --scale: townships laid out on a square lattice this far apart


@dataclass(frozen=True)
class Frame:
    """A local plane in km around (lat0, lon0)."""

    lat0: float
    lon0: float

    @property
    def km_per_deg_lon(self) -> float:
        return 111.32 * math.cos(math.radians(self.lat0))

    def lat_lon(self, x: float, y: float) -> tuple[float, float]:
        return round(self.lat0 + y / KM_PER_DEG_LAT, 6), round(self.lon0 + x / self.km_per_deg_lon, 6)

    def geojson(self, polygon: Polygon) -> str:
        """The polygon as a GeoJSON geometry with [lon, lat] positions."""
        ring = [list(reversed(self.lat_lon(x, y))) for x, y in polygon.exterior.coords]
        return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def township_frame(index: int, scale: int) -> Frame:
    """The centre of township `index` of `scale`; township 0 sits at 29.2° N, 110.3° E."""
    columns = math.ceil(math.sqrt(scale))
    row, column = divmod(index, columns)
    return Frame(CENTRE_LAT + row * TOWNSHIP_SPACING_DEG, CENTRE_LON + column * TOWNSHIP_SPACING_DEG)


def outline(rng: random.Random, vertices: int = 30) -> Polygon:
    """An irregular star-shaped polygon of AREA_KM2 around the origin."""
    phase2, phase3, phase5 = (rng.uniform(0, 2 * math.pi) for _ in range(3))
    points = []
    for k in range(vertices):
        angle = 2 * math.pi * (k + rng.uniform(-0.3, 0.3)) / vertices
        radius = (1 + 0.22 * math.sin(2 * angle + phase2) + 0.12 * math.sin(3 * angle + phase3)
                  + 0.05 * math.sin(5 * angle + phase5) + rng.uniform(-0.05, 0.05))
        points.append((radius * math.cos(angle) * 1.15, radius * math.sin(angle) / 1.15))
    shape = Polygon(points)
    return affinity.scale(shape, *(2 * [math.sqrt(AREA_KM2 / shape.area)]), origin=(0, 0))


def spread_points(rng: random.Random, area: BaseGeometry, count: int, min_km: float) -> list[tuple[float, float]]:
    """`count` random points inside `area`, at least `min_km` apart when that can be had."""
    shapely.prepare(area)
    xmin, ymin, xmax, ymax = area.bounds
    chosen: list[tuple[float, float]] = []
    for gap in (min_km, min_km * 0.7, min_km * 0.4, 0.0):
        for _ in range(400):
            if len(chosen) == count:
                return chosen
            x, y = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
            if shapely.contains_xy(area, x, y) and all(math.dist((x, y), p) >= gap for p in chosen):
                chosen.append((x, y))
    raise ValueError("area too small for the points")


def village_cells(shape: Polygon, centres: list[tuple[float, float]]) -> list[Polygon]:
    """Voronoi cells of the centres clipped to the outline, in the centres' order."""
    cells = shapely.voronoi_polygons(MultiPoint(centres), extend_to=shape, ordered=True).geoms
    clipped = []
    for centre, cell in zip(centres, cells):
        part = cell.intersection(shape)
        if part.geom_type != "Polygon":  # keep the piece holding the centre
            part = next(p for p in part.geoms if p.contains(Point(centre)))
        clipped.append(part)
    return clipped


def scatter(rng: random.Random, area: Polygon, around: tuple[float, float], sigma_km: float) -> tuple[float, float]:
    """A point near `around`, normally distributed, inside `area` (falls back to `around`)."""
    for _ in range(20):
        x, y = rng.gauss(around[0], sigma_km), rng.gauss(around[1], sigma_km)
        if shapely.contains_xy(area, x, y):
            return x, y
    return around
