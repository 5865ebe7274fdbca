"""地图: the villages and 片区 service points coloured by a chosen figure; clicking one filters every page."""
import html
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from data_access import geo
from schema import SIX_HAVES
from ui.cache import cached, soon
from ui.filter_bar import at_district, choose_place, current_filter, current_selection, export_stem, place_names
from data_access.issues import MIN_SAMPLE
from ui import metrics
from ui.i18n import Strings, T, current_lang, period_name
from ui.map import NO_VALUE, Scale, configured_tiles, legend_html, popup_html, selection_layer, township_map, with_properties
from ui.numbers import fixed, percent, share
from ui.text import plain
from ui.widgets import data_table, scope_caption


class Measure(NamedTuple):
    """What a measure colours by (value), and for a rate the counts behind it (for an average: the count, as
    denominator); min_sample: below it, no colour; better: which end of the colours is good."""

    value: str
    numerator: str | None = None
    denominator: str | None = None
    min_sample: int = 0
    better: metrics.Better = "higher"


def loop_measure(key: str) -> Measure:
    """A figure of the issue loop or its callbacks, as ui.metrics defines it."""
    better = metrics.METRICS[key].better
    if key in metrics.RATES:
        return Measure(key, *metrics.RATES[key], MIN_SAMPLE, better)
    return Measure(key, None, "dispatched" if key == "avg_days_to_dispatch" else None, better=better)


LOOP_MEASURES = ["open_at_end", "overdue_open", "on_time_rate", "filing_rate", "dispatch_rate", "extension_rate",
                 "avg_days_to_dispatch", "satisfaction_rate"]
MEASURES = {
    **{key: loop_measure(key) for key in LOOP_MEASURES},
    "hours": Measure("hours"),
    "points": Measure("per_member"),
    "six": Measure("six_share", "six_items", "six_possible"),
}
S = Strings({
    "title": ("网格地图", "Grid map"),
    "measure": ("着色指标", "Colour by"),
    "click": ("点击行政村或片区服务点即筛选全部页面（★ 乡中心：恢复全乡）；悬停看数值，点击弹出详情。",
              "Click a village or a 片区 service point to filter every page (★ the township centre: whole township); "
              "hover for the figure, click for the details."),
    "click.district": ("点击乡镇即选择该乡镇并筛选全部页面；悬停看数值，点击弹出详情。",
                       "Click a township to choose it on every page; hover for the figure, click for the details."),
    "keys.district": ("★ 乡镇网格化服务管理中心　面：乡镇（按所选指标着色）",
                      "★ township centre　areas: townships (coloured by the chosen figure)"),
    "keys": ("■ 村工作站　● 片区服务点　○ 网格（选中村后显示，位于其各户平均位置）　· 农户",
             "■ village station　● 片区 service point　○ grid (once a village is chosen, at its households' "
             "mean position)　· household"),
    "legend.township": ("乡镇（面）", "Townships (areas)"),
    "legend.village": ("行政村（面）", "Villages (areas)"),
    "legend.service_point": ("片区服务点（圆点）", "片区 service points (dots)"),
    "no_value": ("无数据或样本不足", "No data, or too few cases"),
    "table.township": ("各乡镇", "Townships"),
    "table.village": ("各行政村", "Villages"),
    "table.service_point": ("{place}各片区", "片区 of {place}"),
    "export": ("地图指标", "map-figures"),
    "name": ("名称", "Name"),
    "small": ("样本不足", "too few cases"),
    "unranked": ("未排名", "unranked"),
    "rank": ("第 {rank} / {of} 名（人均 {per} 分）", "rank {rank} of {of} ({per} points per member)"),
    "hours_value": ("{value} 小时", "{value} h"),
    "items": ("{n} / {d} 项（{share}）", "{n} / {d} items ({share})"),
    "measure.hours": ("志愿服务时长", "Volunteer hours"),
    "measure.points": ("积分排名", "Points ranking"),
    "measure.six": ("「六有」达标", "「六有」 compliance"),
    "rule.sample": ("{denominator}少于 {n} 时不着色（样本不足）。", "Fewer than {n} ({denominator}): not coloured "
                    "(too few cases)."),
    "days_value": ("{value} 天（{count} {n:,} 件）", "{value} days ({count}: {n:,})"),
    "rule.hours": ("本周期在该地各网格开展的志愿活动所登记的服务时长（小时）；未落到网格的活动不计入地图。",
                   "Service hours registered at volunteer activities held on the place's grids in the period; "
                   "activities without a grid are not placed on the map."),
    "rule.points": ("本周期认定的积分 ÷ 党员数（人均积分），在全乡同级单位中排名；颜色按人均积分。本周期无人认定积分的不排名、"
                    "不着色。", "Points confirmed in the period ÷ party members (points per member), ranked among the "
                    "township's units of the same level; coloured by points per member. Units with no points "
                    "confirmed in the period are not ranked or coloured."),
    "rule.six": ("片区：「六有」六项中已具备的项数 ÷ 6；村：各片区已具备项数之和 ÷（6 × 片区数）。为现状，不随统计周期变化。",
                 "片区: items of the 「六有」 checklist in place ÷ 6; village: items in place over its 片区 ÷ (6 × "
                 "片区). A standing state: the period does not change it."),
    "popup.village": ("行政村", "Village"),
    "popup.leader": ("片区党小组组长（网格长）", "Party-group leader (grid head)"),
    "popup.instructor": ("指导员", "Instructor"),
    "popup.grids": ("网格", "Grids"),
    "popup.households": ("户数（党员联系户覆盖）", "Households (linked to a member)"),
    "popup.residents": ("人口", "Residents"),
    "popup.party_members": ("党员", "Party members"),
    "popup.hours": ("志愿服务时长", "Volunteer hours"),
    "popup.six": ("「六有」", "「六有」"),
    "popup.points": ("片区服务点", "Service points"),
    "popup.centre": ("点击恢复全乡范围", "Click for the whole township"),
    "popup.grid_households": ("户数", "Households"),
})
MAP_KEY = "township_map"
EMPTY: geo.Geo = {"type": "FeatureCollection", "features": []}


def measure_label(key: str) -> str:
    return metrics.label(key, current_lang()) if key in metrics.METRICS else S(f"measure.{key}")


def measure_rule(key: str) -> str:
    """A loop figure's rule from ui.metrics (with, for a rate, when it is left grey); the page's own otherwise."""
    if key not in metrics.METRICS:
        return S(f"rule.{key}")
    measure, period = MEASURES[key], period_name(f.period, current_lang())
    if not measure.min_sample:
        return metrics.rule(key, current_lang(), period)
    sample = S("rule.sample", denominator=metrics.label(measure.denominator, current_lang()), n=measure.min_sample)
    return metrics.help_text(key, current_lang(), period, sample)


def figure_value(row: pd.Series, measure: Measure) -> float:
    """The value a place is coloured by: none for a rate below its sample size or an unranked place."""
    if measure.min_sample and row[measure.denominator] < measure.min_sample:
        return float("nan")
    if measure.value == "per_member" and pd.isna(row["rank"]):
        return float("nan")
    return row[measure.value]


def figure_text(row: pd.Series, key: str) -> str:
    """The measure as read in a tooltip or the table: a rate with the counts behind it, a rank with its base."""
    measure = MEASURES[key]
    if key == "points":
        return S("unranked") if pd.isna(row["rank"]) else S("rank", rank=row["rank"], of=row["ranked_units"],
                                                             per=fixed(row["per_member"], 2))
    if key == "hours":
        return S("hours_value", value=fixed(row["hours"], 1))
    if key == "six":
        return S("items", n=row["six_items"], d=row["six_possible"], share=percent(row["six_share"]))
    if key == "avg_days_to_dispatch":
        return S("days_value", value=fixed(row[key], 1), count=metrics.label("dispatched", current_lang()),
                 n=row["dispatched"])
    if measure.numerator is None:
        return f"{row[measure.value]:,}"
    counts = f"{row[measure.numerator]:,} / {row[measure.denominator]:,}"
    if row[measure.denominator] < measure.min_sample:
        return f"{S('small')} ({counts})"
    return f"{percent(share(row[measure.numerator], row[measure.denominator]))} ({counts})"


def legend_format(key: str) -> Callable[[float], str]:
    if MEASURES[key].numerator:
        return percent
    return lambda v: fixed(v, {"points": 2, "hours": 1, "avg_days_to_dispatch": 1}.get(key, 0))


def place_rows(row: pd.Series) -> list[tuple[str, str]]:
    """The popup rows every village and 片区 shows."""
    return [
        (S("popup.grids"), f"{row['grids']:,}"),
        (S("popup.households"), f"{row['households']:,}（{row['linked_households']:,}）"),
        (S("popup.residents"), f"{row['residents']:,}"),
        (S("popup.party_members"), f"{row['party_members']:,}"),
        (f"{measure_label('open_at_end')} / {measure_label('overdue_open')}",
         f"{row['open_at_end']:,} / {row['overdue_open']:,}"),
        (S("popup.hours"), S("hours_value", value=fixed(row["hours"], 1))),
    ]


def checklist(row: pd.Series) -> str:
    """The 「六有」 items, ticked or crossed."""
    return "<br>".join(f"✔ {T(f'col.{item}')}" if row[item] else f'<span class="no">✘ {T(f"col.{item}")}</span>'
                       for item in SIX_HAVES)


def decorations(figures: pd.DataFrame, kind: str, key: str, scale: Scale | None, people: dict) -> dict:
    """colour, tooltip and popup properties per (kind, id) of the villages or 片区 in `figures`."""
    measure, label = MEASURES[key], measure_label(key)
    found = {}
    for _, row in figures.iterrows():
        name, text, rows = row[kind], figure_text(row, key), place_rows(row)
        if kind == "service_point":
            person = people[row["service_point_id"]]
            rows = [(S("popup.village"), html.escape(row["village"])),
                    (S("popup.leader"), html.escape(person["leader"])),
                    (S("popup.instructor"), html.escape(person["instructor"])), *rows,
                    (S("popup.six"), checklist(row))]
        else:
            rows.append((S("popup.points"), f"{row['six_points']:,}"))
        found[(kind, int(row[f"{kind}_id"]))] = {
            "colour": scale.colour(figure_value(row, measure)) if scale else NO_VALUE,
            "tooltip": f"<b>{html.escape(name)}</b><br>{html.escape(label)}：{html.escape(text)}",
            "popup": popup_html(name, [(label, html.escape(text)), *rows]),
        }
    return found


def named(collection: geo.Geo, kind: str, popup_rows: Callable[[dict], list[tuple[str, str]]]) -> dict:
    """tooltip (the name) and popup properties for features that show no measure (centre, grids)."""
    return {(kind, feature["properties"]["id"]): {
        "tooltip": html.escape(feature["properties"]["name"]),
        "popup": popup_html(feature["properties"]["name"], popup_rows(feature["properties"])),
    } for feature in collection["features"] if feature["properties"]["kind"] == kind}


def follow_click() -> None:
    """A click on the map chooses its place in the filter bar (and so the URL and every page)."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    place = clicked.get("properties") or {}
    kind, place_id = place.get("kind"), place.get("id")
    if kind == "township":
        choose_place(None, township_id=place_id)
    elif kind == "village":
        choose_place(place_id)
    elif kind == "service_point":
        choose_place(place["village_id"], place_id)
    elif kind == "grid":
        choose_place(place["village_id"], place["service_point_id"], place_id)


f, selection = current_filter(), current_selection()
district = at_district()  # the townships side by side; otherwise one township's villages and 片区
levels: list[geo.MapLevel] = ["township"] if district else ["village", "service_point"]
# What the page reads, started together (the database works on several at a time):
figures = {level: soon(geo.map_figures)(f, level) for level in levels}
points, outlines = soon(geo.map_points)(f), soon(geo.township_outlines)(f)
areas = None if district else soon(geo.village_areas)(f)
figures, points = {level: started.result() for level, started in figures.items()}, points.result()
if district:  # no village or 片区 drawn: the townships' centres and outlines are the map
    areas, points = EMPTY, {**points, "features": [p for p in points["features"]
                                                   if p["properties"]["kind"] == "township"]}
else:
    areas = areas.result()
tiles = configured_tiles()

st.title(S("title"))
scope_caption()
map_column, side = st.columns([3, 1])

with side:
    key = st.radio(S("measure"), list(MEASURES), format_func=measure_label, key="map_measure")
    st.caption(measure_rule(key))
    measure = MEASURES[key]
    scales = {level: Scale.of(figures[level].apply(figure_value, axis=1, measure=measure), measure.better)
              for level in levels}
    st.markdown("".join(legend_html(S(f"legend.{level}"), scales[level], legend_format(key), S("no_value"))
                        for level in levels), unsafe_allow_html=True)
    st.caption(S("keys.district" if district else "keys"))
    st.caption(S("click.district" if district else "click"))

people = {p["properties"]["id"]: p["properties"] for p in points["features"]
          if p["properties"]["kind"] == "service_point"}
# stations show their village's figures, and in the district view the centres their township's
details = {place: detail for level in levels
           for place, detail in decorations(figures[level], level, key, scales[level], people).items()}
centres = {} if district else named(points, "township", lambda _: [(S("popup.centre"), "")])
areas, points = with_properties(areas, details), with_properties(points, details | centres)
outlines = with_properties(outlines.result(), details)
the_map = township_map(outlines, areas, points, tiles)

chosen_area = [a for a in areas["features"] if a["properties"]["id"] == selection.village_id]
chosen_point = [p for p in points["features"]
                if p["properties"]["kind"] == "service_point" and p["properties"]["id"] == selection.service_point_id]
if selection.village_id is None:  # household points only once a village is chosen
    grids, households, zoom_to = EMPTY, EMPTY, outlines if district else areas
else:
    grids = cached(geo.grid_points)(f)
    grids = with_properties(grids, named(grids, "grid", lambda g: [(S("popup.grid_households"), f"{g['households']:,}")]))
    households, zoom_to = cached(geo.household_points)(f), {**areas, "features": chosen_area}
layer = selection_layer(the_map, chosen_point or chosen_area, grids, households, zoom_to, tiles)
with map_column:
    # render=False: st_folium renders the map's own parts; the whole-page render it would do first is thrown away
    st_folium(the_map, key=MAP_KEY, height=560, use_container_width=True, returned_objects=["last_active_drawing"],
              feature_group_to_add=layer, on_change=follow_click, render=False)

level = levels[0] if selection.village_id is None else "service_point"
table = figures[level]
if level == "service_point":
    table = table[table["village_id"] == selection.village_id]
st.subheader(S(f"table.{level}", place=plain(" › ".join(place_names()[:1]))))
shown = pd.DataFrame({S("name"): table[level], measure_label(key): table.apply(figure_text, axis=1, key=key)})
data_table(shown, export_stem(S("export")))
