"""The township map: folium on the Leaflet files this app serves itself (static/node_modules, installed from the npm
registry by scripts/setup.sh), so it draws with no internet. No tile layer by default: the village areas are the
map. Optional tiles: MAP_TILE_URL (an intranet server, or Tianditu with its key in the URL), MAP_TILE_ATTRIBUTION
and MAP_TILE_CRS=gcj02 for AMap/Gaode-style tiles, from the environment or `[map] tile_url`, `tile_attribution`,
`tile_crs` in .streamlit/secrets.toml.
"""
import html
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import branca.colormap
import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from data_access.db import SECRETS_FILE
from data_access.geo import Geo, to_gcj02

LEAFLET = "../../app/static/node_modules/leaflet/dist"  # from streamlit-folium's iframe at /component/<name>/
NO_VALUE = "#bdbdbd"
INK = "#1a1a1a"
STYLE = """<style>
.leaflet-container { background: #f3f4f1; font: 14px/1.4 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.map-label { color: #111; font-weight: 700; font-size: 15px; text-align: center; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff, 0 0 6px #fff; }
.map-station { background: #fff; border: 4px solid #1a1a1a; box-sizing: border-box; }
.map-centre { color: #1a1a1a; font-size: 30px; line-height: 30px; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.map-popup td { padding: 1px 6px 1px 0; vertical-align: top; }
.map-popup .no { color: #888; }
.leaflet-tooltip, .leaflet-popup-content { font-size: 14px; }
</style>"""


class OfflineMap(folium.Map):
    """A folium Map asking only for Leaflet from this app (folium's CDN bootstrap, jQuery and icon fonts dropped:
    the map uses GeoJSON tooltips and popups, circle markers and div icons, none of which need them)."""

    default_js = [("leaflet", f"{LEAFLET}/leaflet.js")]
    default_css = [("leaflet_css", f"{LEAFLET}/leaflet.css")]


class FitBounds(MacroElement):
    """Zoom the map to [[south, west], [north, east]]; in st_folium's feature group it runs when the group changes,
    so a new selection zooms while panning and reruns leave the view alone. No animation: the map is
    ready to click as soon as it is drawn. A popup left open by the click that chose the place is opened again,
    so that Leaflet pans it into view at the new zoom."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this.map.get_name() }}.fitBounds({{ this.bounds|tojson }}, {"padding": [12, 12], "animate": false});
        const popups = [];
        {{ this.map.get_name() }}.eachLayer(layer => { if (layer instanceof L.Popup) popups.push(layer); });
        popups.forEach(popup => {
            {{ this.map.get_name() }}.closePopup(popup);
            {{ this.map.get_name() }}.openPopup(popup);
        });
    {% endmacro %}""")

    def __init__(self, the_map: folium.Map, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.map, self.bounds = the_map, bounds


@dataclass(frozen=True)
class Tiles:
    url: str
    attribution: str
    gcj02: bool


def configured_tiles() -> Tiles | None:
    """The optional tile layer (module docstring); None when no URL is set."""
    settings = {}
    if SECRETS_FILE.exists():
        settings = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8")).get("map", {})
    url = os.environ.get("MAP_TILE_URL") or settings.get("tile_url")
    if not url:
        return None
    attribution = os.environ.get("MAP_TILE_ATTRIBUTION") or settings.get("tile_attribution") or url.split("/")[2]
    crs = (os.environ.get("MAP_TILE_CRS") or settings.get("tile_crs") or "wgs84").lower()
    return Tiles(url, attribution, crs == "gcj02")


@dataclass(frozen=True)
class Scale:
    """Viridis (colour-blind safe, and legible on a projector) from the lowest to the highest value of a layer; the
    better end is always yellow, so a figure where lower is better runs the colours the other way."""

    low: float
    high: float
    lower_is_better: bool = False

    @classmethod
    def of(cls, values: pd.Series, better: Literal["higher", "lower"] | None = "higher") -> "Scale | None":
        present = values.dropna()
        if not len(present):
            return None
        return cls(float(present.min()), float(present.max()), better == "lower")

    def _at(self, share: float) -> str:
        return branca.colormap.linear.viridis.rgb_hex_str(1 - share if self.lower_is_better else share)

    def colour(self, value: float) -> str:
        if value is None or pd.isna(value):
            return NO_VALUE
        span = self.high - self.low
        return self._at(0.5 if span == 0 else (value - self.low) / span)

    def stops(self, count: int = 9) -> list[str]:
        """The colours from the lowest value to the highest."""
        return [self._at(i / (count - 1)) for i in range(count)]


def legend_html(title: str, scale: Scale | None, fmt: Callable[[float], str], no_value: str) -> str:
    """A gradient bar from the lowest to the highest value, and the grey of "no value"."""
    grey = (f'<span style="display:inline-block;width:14px;height:14px;background:{NO_VALUE};'
            f'vertical-align:middle;margin-right:6px"></span>{html.escape(no_value)}')
    if scale is None:
        return f'<div style="margin-bottom:12px"><b>{html.escape(title)}</b><br>{grey}</div>'
    bar = ", ".join(scale.stops())
    return (f'<div style="margin-bottom:12px"><b>{html.escape(title)}</b>'
            f'<div style="height:16px;border:1px solid #999;background:linear-gradient(to right, {bar})"></div>'
            f'<div style="display:flex;justify-content:space-between"><span>{html.escape(fmt(scale.low))}</span>'
            f'<span>{html.escape(fmt(scale.high))}</span></div>{grey}</div>')


def popup_html(title: str, rows: list[tuple[str, str]]) -> str:
    """A popup: the title, then label / value rows (values may hold markup already escaped by the caller)."""
    body = "".join(f"<tr><td>{html.escape(label)}</td><td>{value}</td></tr>" for label, value in rows)
    return f'<div class="map-popup"><b>{html.escape(title)}</b><table>{body}</table></div>'


def with_properties(collection: Geo, extra: dict[tuple[str, int], dict[str, Any]]) -> Geo:
    """A copy of a FeatureCollection whose features get extra[(kind, id)] added to their properties."""
    features = [
        {**feature, "properties": {**feature["properties"],
                                   **extra.get((feature["properties"]["kind"], feature["properties"]["id"]), {})}}
        for feature in collection["features"]
    ]
    return {**collection, "features": features}


def bounds(collection: Geo) -> list[list[float]] | None:
    """[[south, west], [north, east]] around every position in a FeatureCollection."""
    positions: list[list[float]] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], int | float):
            positions.append(value)
        else:
            for item in value:
                walk(item)

    for feature in collection["features"]:
        walk(feature["geometry"]["coordinates"])
    if not positions:
        return None
    lons, lats = [p[0] for p in positions], [p[1] for p in positions]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _details(layer: folium.GeoJson) -> folium.GeoJson:
    """The hover tooltip (property `tooltip`) and the click popup (property `popup`) of every feature."""
    if not layer.data["features"]:  # folium checks the fields against the first feature
        return layer
    folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True).add_to(layer)
    folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=360).add_to(layer)
    return layer


def _div_marker(class_name: str, size: int, text: str = "") -> folium.Marker:
    """A square div icon of `size` px centred on its point, styled by `class_name` (see STYLE)."""
    return folium.Marker(icon=folium.DivIcon(html=text, icon_size=(size, size), icon_anchor=(size // 2, size // 2),
                                             class_name=class_name))


def _labels(areas: Geo) -> folium.GeoJson:
    """Each area's name (a village's, a township's) at its label point, as wide as the name, not clickable. A
    GeoJson layer, so that each marker is made with its div icon (a plain folium Marker is made with Leaflet's
    default image icon first)."""

    def icon(feature: Geo) -> dict[str, Any]:
        width = 16 * len(feature["properties"]["name"]) + 8
        return {"html": html.escape(feature["properties"]["name"]), "iconSize": [width, 20],
                "iconAnchor": [width // 2, -8]}

    points = [{"type": "Feature", "id": feature["id"], "properties": {"name": feature["properties"]["name"]},
               "geometry": {"type": "Point",
                            "coordinates": [feature["properties"]["label_lon"], feature["properties"]["label_lat"]]}}
              for feature in areas["features"]]
    marker = folium.Marker(icon=folium.DivIcon(class_name="map-label"), interactive=False)
    return folium.GeoJson({"type": "FeatureCollection", "features": points}, marker=marker, style_function=icon)


def township_map(outlines: Geo, areas: Geo, points: Geo, tiles: Tiles | None) -> OfflineMap:
    """Village areas filled by property `colour`, with their names; the centre (★), the village stations (■) and the
    片区 service points (● filled by `colour`). Areas and points carry `tooltip` and `popup` properties. Township
    outlines that carry them too (the district view) are filled and clickable like village areas, with their
    names; otherwise they are a bare line."""
    shift = to_gcj02 if tiles and tiles.gcj02 else (lambda geo: geo)
    outlines, areas, points = shift(outlines), shift(areas), shift(points)
    view = bounds(outlines) or bounds(areas) or bounds(points)
    # keyboard=False: Leaflet focuses a keyboard-enabled map on mousedown, which scrolls a partly hidden map into
    # view between mousedown and mouseup, and the click is lost
    the_map = OfflineMap(location=[29.2, 110.3], zoom_start=12, tiles=None, control_scale=True, zoom_snap=0.25,
                         keyboard=False)
    the_map.get_root().header.add_child(Element(STYLE))
    if tiles:
        folium.TileLayer(tiles.url, attr=html.escape(tiles.attribution), name="tiles", max_zoom=18).add_to(the_map)
    if view:
        the_map.fit_bounds(view, padding=(12, 12))
    if any("colour" in feature["properties"] for feature in outlines["features"]):
        _details(folium.GeoJson(
            outlines, name="townships",
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "fillOpacity": 0.72, "color": INK,
                                      "weight": 2.5, "className": "map-township"},
            highlight_function=lambda _: {"weight": 5},
        )).add_to(the_map)
        _labels(outlines).add_to(the_map)
    else:
        folium.GeoJson(outlines, interactive=False, style_function=lambda _: {
            "color": INK, "weight": 2.5, "fill": False, "className": "map-township"}).add_to(the_map)
    _details(folium.GeoJson(
        areas, name="villages",
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "fillOpacity": 0.72, "color": "#ffffff",
                                  "weight": 2, "className": "map-village"},
        highlight_function=lambda _: {"weight": 4, "color": INK},
    )).add_to(the_map)
    if areas["features"]:
        _labels(areas).add_to(the_map)
    by_kind = {kind: {**points, "features": [f for f in points["features"] if f["properties"]["kind"] == kind]}
               for kind in ("township", "village", "service_point")}
    _details(folium.GeoJson(by_kind["township"], marker=_div_marker("map-centre", 30, "★"))).add_to(the_map)
    _details(folium.GeoJson(by_kind["village"], marker=_div_marker("map-station", 16))).add_to(the_map)
    _details(folium.GeoJson(
        by_kind["service_point"], marker=folium.CircleMarker(radius=9),
        style_function=lambda f: {"fill": True, "fillColor": f["properties"]["colour"], "fillOpacity": 1, "color": INK,
                                  "weight": 1.5, "className": "map-service-point"},
        highlight_function=lambda _: {"weight": 3.5},
    )).add_to(the_map)
    return the_map


def selection_layer(the_map: OfflineMap, chosen: list[Geo], grids: Geo, households: Geo, zoom_to: Geo | None,
                    tiles: Tiles | None) -> folium.FeatureGroup:
    """What follows the filter without redrawing the map: the chosen village or 片区 outlined, the chosen village's
    households (dots) and grids (○, at their households' mean position), and the zoom to the chosen place."""
    shift = to_gcj02 if tiles and tiles.gcj02 else (lambda geo: geo)
    group = folium.FeatureGroup(name="selection")
    folium.GeoJson(shift(households), interactive=False, marker=folium.CircleMarker(radius=2.5), style_function=lambda _: {
        "stroke": False, "fill": True, "fillColor": "#3b3b3b", "fillOpacity": 0.55, "className": "map-household"}).add_to(group)
    _details(folium.GeoJson(shift(grids), marker=folium.CircleMarker(radius=6), style_function=lambda _: {
        "fill": True, "fillColor": "#ffffff", "fillOpacity": 1, "color": INK, "weight": 2, "className": "map-grid"})).add_to(group)
    for feature in chosen:
        ring = folium.CircleMarker(radius=15)
        folium.GeoJson(shift({"type": "FeatureCollection", "features": [feature]}), interactive=False, marker=ring,
                       style_function=lambda _: {"fill": False, "color": INK, "weight": 4, "dashArray": "6 4",
                                                 "className": "map-chosen"}).add_to(group)
    if zoom_to is not None and (box := bounds(shift(zoom_to))):
        group.add_child(FitBounds(the_map, box))
    return group
