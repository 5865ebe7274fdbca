"""阵地建设: the 片区 service points against the 「六有」 checklist, point by point and by village."""
import altair as alt
import pandas as pd
import streamlit as st

from data_access import service_points
from schema import SIX_HAVES
from ui.cache import cached
from ui.filter_bar import current_filter, export_stem
from ui.i18n import Strings, T
from ui.widgets import (
    SAFE_COLOURS,
    Kpi,
    data_table,
    headed,
    kpi_row,
    percent,
    rate_bars,
    rate_kpi,
    scope_caption,
)

S = Strings({
    "title": ("阵地建设 · 「六有」", "Service points and the six musts (「六有」)"),
    "points.help": ("所选范围内的片区党小组服务点（网格化服务工作点）数；选中网格时计其所在片区。",
                    "片区 party-group service points in the selection; a chosen grid counts its 片区."),
    "all_six": ("「六有」全部达标", "Meeting all six"),
    "all_six.help": ("六项（文化广场、议事大厅、宣传专栏、办公设施、制度上墙、工作台账）都具备的服务点 / 服务点总数。",
                     "Points with all six items (culture square, meeting hall, bulletin board, office equipment, "
                     "rules on the wall, work ledger) / all points."),
    "short": ("尚缺项目的服务点", "Points still missing an item"),
    "short.help": ("六项中至少缺一项的服务点数（服务点总数 − 全部达标数）。缺哪项见下方对照表。",
                   "Points lacking at least one of the six items (all points − those meeting all six). The matrix "
                   "below shows which."),
    "items": ("各项具备情况", "Points having each item"),
    "items.axis": ("具备该项的服务点占比", "Share of points having the item"),
    "by_village": ("各行政村达标情况", "Compliance by village"),
    "by_village.axis": ("「六有」全部达标的服务点占比", "Share of points meeting all six"),
    "by_village.export": ("阵地建设_各村达标", "service-points_by-village"),
    "matrix": ("服务点 ×「六有」对照表", "Service points × the six items"),
    "matrix.caption": ("✓ 已具备　✗ 尚缺。颜色与符号同时区分，投影、黑白打印均可辨认。",
                       "✓ in place, ✗ missing: told apart by symbol as well as colour, on a projector or in print."),
    "matrix.export": ("阵地建设_六有对照表", "service-points_six-items"),
    "has": ("已具备", "in place"),
    "lacks": ("尚缺", "missing"),
    "point": ("服务点", "Service point"),
    "item": ("项目", "Item"),
    "standing": ("「六有」为现状，不随统计周期变化。", "The checklist is the current state: the period does not change it."),
    "col.points": ("服务点", "Points"),
    "col.points_meeting_all": ("全部达标", "Meeting all six"),
    "col.share_meeting_all": ("达标率", "Share"),
    "col.items_met": ("具备项数", "Items in place"),
})
MARKS = {True: "✓", False: "✗"}

f = current_filter()
total = cached(service_points.six_haves_compliance)(f).iloc[0]
matrix = cached(service_points.six_haves)(f)
item_names = [T(f"col.{item}") for item in SIX_HAVES]


def point_labels(points: pd.DataFrame) -> pd.Series:
    """"青岩村 · 高坡片区", or the point's name alone when a village is chosen."""
    if f.village_id is not None or f.service_point_id is not None or f.grid_id is not None:
        return points["service_point"]
    return points["village"] + " · " + points["service_point"]


def matrix_chart(points: pd.DataFrame) -> alt.LayerChart:
    """One row per point, one column per item: a ✓ on blue where it is in place, a ✗ on orange where missing."""
    cells = points.assign(point=point_labels(points)).melt(
        id_vars="point", value_vars=list(SIX_HAVES), var_name="item", value_name="has")
    cells["item"] = cells["item"].map(dict(zip(SIX_HAVES, item_names)))
    cells["state"] = cells["has"].map({True: S("has"), False: S("lacks")})
    cells["mark"] = cells["has"].map(MARKS)
    base = alt.Chart(cells).encode(
        x=alt.X("item:N", sort=item_names, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=13)),
        y=alt.Y("point:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=220)),
        tooltip=[alt.Tooltip("point:N", title=S("point")), alt.Tooltip("item:N", title=S("item")),
                 alt.Tooltip("state:N", title=" ")],
    )
    colour = alt.Color("state:N", scale=alt.Scale(domain=[S("has"), S("lacks")], range=list(SAFE_COLOURS[:2])),
                       legend=alt.Legend(title=None, orient="bottom"))
    rects = base.mark_rect(stroke="white", strokeWidth=2).encode(color=colour)
    marks = base.mark_text(fontSize=16, fontWeight="bold").encode(
        text="mark:N", color=alt.condition("datum.has", alt.value("white"), alt.value("black")))
    return (rects + marks).properties(height=28 * len(points) + 40)


st.title(S("title"))
scope_caption()
points, meeting_all = int(total["points"]), int(total["points_meeting_all"])
kpi_row([
    Kpi(T("count.service_points"), points, S("points.help")),
    rate_kpi(S("all_six"), meeting_all, points, S("all_six.help")),
    Kpi(S("short"), points - meeting_all, S("short.help")),
])

left, right = st.columns(2)
with left:
    st.subheader(S("items"))
    items = pd.DataFrame({"item": item_names, "points_with": [int(total[item]) for item in SIX_HAVES],
                          "points": points})
    rate_bars(items, "item", "points_with", "points", S("items.axis"))
with right:
    st.subheader(S("by_village"))
    villages = cached(service_points.six_haves_by_village)(f)
    rate_bars(villages, "village", "points_meeting_all", "points", S("by_village.axis"))
data_table(headed(villages.assign(share_meeting_all=villages["share_meeting_all"].map(percent)),
                  ["village", "points", "points_meeting_all", "share_meeting_all", *SIX_HAVES], S),
           export_stem(S("by_village.export")))

st.subheader(S("matrix"))
st.caption(S("matrix.caption"))
st.altair_chart(matrix_chart(matrix), width="stretch")
marked = matrix.assign(**{item: matrix[item].map(MARKS) for item in SIX_HAVES},
                       items_met=matrix["items_met"].map(lambda n: f"{n}/6"))
data_table(headed(marked, ["village", "service_point", *SIX_HAVES, "items_met"], S), export_stem(S("matrix.export")))
st.caption(S("standing"))
