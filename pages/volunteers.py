"""志愿罗水: volunteer teams, the fixed monthly activity, hours by month, kind and place, idle grids, top volunteers."""
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from data_access import volunteers
from data_access.filters import Period, add_months
from data_access.places import level_below
from schema import ACTIVITY_KINDS
from ui.cache import soon
from ui.filter_bar import current_filter, export_stem, load_months
from ui.i18n import Strings, T, each
from ui.masking import masking_note
from ui.numbers import difference, fixed
from ui.widgets import PLACE_LEVELS, SAFE_COLOURS, Kpi, data_table, headed, kpi_row, people_shown, scope_caption

S = Strings({
    "title": ("志愿罗水 · 志愿服务", "志愿罗水 · Volunteer service"),
    "previous": ("上期 {value}", "previous {value}"),
    "activities": ("志愿活动", "Activities"),
    "activities.help": ("本期在所选范围举办的志愿活动场次（按举办日期）。活动计在举办的网格；未填网格的活动计入其服务队"
                        "所在村，乡级服务队的此类活动只在全乡范围计入。灰字为上一期（上月、上季度或上年）同口径数。",
                        "Volunteer activities held in the period in the selection (by date held), counted on the grid "
                        "where held; one without a grid counts for its team's village, a township team's only for the "
                        "whole township. The grey figure is the previous period's, same rule."),
    "participants": ("服务人次", "Participations"),
    "participants.help": ("上述活动登记的服务人次：一人参加两场计两次。灰字为上一期。",
                          "Service registrations at those activities: one volunteer at two activities counts twice. "
                          "The grey figure is the previous period's."),
    "hours": ("服务时长", "Service hours"),
    "hours.help": ("上述活动登记的服务时长之和（小时）。灰字为上一期。",
                   "Sum of the hours registered at those activities. The grey figure is the previous period's."),
    "volunteers": ("参与志愿者", "Volunteers serving"),
    "volunteers.help": ("本期至少登记一次服务的志愿者人数（去重）。灰字为上一期。",
                        "Distinct volunteers with at least one registration in the period. The grey figure is the "
                        "previous period's."),
    "idle": ("无活动网格", "Grids without activity"),
    "idle.help": ("本期没有举办任何志愿活动的网格数 / 所选范围的网格数（未填网格的活动不计入任何网格）。",
                  "Grids where no volunteer activity was held in the period / grids in the selection (activities "
                  "without a grid count for no grid)."),
    "idle.count": ("共 {grids:,} 个网格", "of {grids:,} grids"),
    "teams": ("志愿服务队", "Volunteer teams"),
    "teams.caption": ("服务队成员为登记的志愿者（现有数量）；活动、人次、时长为该队本期举办的全部活动，不论地点。"
                      "全乡范围时含乡级关爱孤寡老人、关爱留守儿童两支队伍。",
                      "Members are the registered volunteers (a standing count); activities, participations and hours "
                      "cover all the team's activities in the period, wherever held. For the whole township the two "
                      "township teams are listed too."),
    "teams.export": ("志愿服务队", "volunteer-teams"),
    "township_team": ("乡级", "Township"),
    "monthly": ("固定每月一次活动", "The fixed monthly activity"),
    "monthly.caption": ("截至{last}的12个月，各村志愿服务队是否举办了固定的每月活动（卫生清扫、送教上门等）。"
                        "红色为缺办月份：共缺办 {missed} 个村·月。",
                        "Whether each village team held its fixed monthly activity (cleaning, home teaching …) in each "
                        "of the 12 months to {last}. Red marks a missed month: {missed} village-months missed."),
    "held": ("已举办", "Held"),
    "missed": ("缺办", "Missed"),
    "month": ("月份", "Month"),
    "trend": ("按月趋势（近24个月）", "By month (last 24 months)"),
    "trend.caption": ("口径同上方卡片，按活动举办月份统计。", "Same rules as the cards above, by the month held."),
    "kind": ("按活动类型", "By kind of activity"),
    "place": ("按{unit}", "By {unit}"),
    "place.caption": ("活动计在举办的网格，不论哪支服务队举办；未填网格的活动不在此计入。",
                      "An activity counts on the grid where it was held, whichever team held it; activities "
                      "without a grid are not placed here."),
    "place.export": ("志愿服务_按地点", "volunteer-service_by-place"),
    "idle.title": ("本期没有志愿活动的网格", "Grids without volunteer activity in the period"),
    "idle.none": ("所选范围内每个网格本期都举办了志愿活动。", "Every grid here held a volunteer activity in the period."),
    "idle.export": ("志愿服务_无活动网格", "grids-without-volunteer-activity"),
    "never": ("从未", "never"),
    "top": ("优秀志愿者（服务时长前10名）", "Top volunteers (10 with the most hours)"),
    "top.caption": ("按本期服务时长排序，时长相同按服务人次、再按登记顺序。{masking}",
                    "By hours in the period, then by participations, then by registration. {masking}"),
    "top.none": ("本期没有登记服务。", "No service registered in the period."),
    "top.export": ("志愿服务_优秀志愿者", "top-volunteers"),
    "kind.cleaning": ("卫生清扫", "Cleaning"),
    "kind.teaching": ("送教上门", "Home teaching"),
    "kind.elderly_care": ("关爱老人", "Elderly care"),
    "kind.child_care": ("关爱儿童", "Child care"),
    "kind.policy": ("政策宣讲", "Policy outreach"),
    "kind.other": ("其他", "Other"),
    "grid_kind.industry": ("产业型", "Industry"),
    "grid_kind.governance": ("治理型", "Governance"),
    "grid_kind.study": ("学习型", "Learning"),
    "grid_kind.service": ("服务型", "Service"),
    "col.team": ("服务队", "Team"),
    "col.members": ("队员", "Members"),
    "col.activities": ("活动", "Activities"),
    "col.participants": ("服务人次", "Participations"),
    "col.hours": ("服务时长", "Hours"),
    "col.previous_activities": ("上期活动", "Previous activities"),
    "col.previous_hours": ("上期时长", "Previous hours"),
    "col.hours_change": ("时长较上期", "Hours vs previous"),
    "col.kind": ("类型", "Kind"),
    "col.last_activity": ("最近一次活动", "Last activity"),
    "col.name": ("姓名", "Name"),
    "col.party_member": ("党员志愿者", "Party member"),
    "col.services": ("服务人次", "Participations"),
})

f = current_filter()
level = level_below(f)
last_month = min(add_months(f.period.end, -1), load_months().last)  # no months after the data ends
# What the page reads, started together (the database works on several at a time), read where they are drawn:
totals, by_grid = soon(volunteers.volunteer_totals)(f), soon(volunteers.hours_by_place)(f, "grid")
idle, teams = soon(volunteers.idle_grids)(f), soon(volunteers.team_summary)(f)
matrix = soon(volunteers.monthly_activity_matrix)(replace(f, period=Period("month", last_month)))
by_month, kinds = soon(volunteers.volunteer_hours_by_month)(f), soon(volunteers.hours_by_kind)(f)
places, top = soon(volunteers.hours_by_place)(f, level), soon(volunteers.top_volunteers)(f)
totals, by_grid, idle = totals.result().iloc[0], by_grid.result(), idle.result()


def figure(key: str) -> Kpi:
    """A card with the period's figure and, in grey, the previous period's."""
    def shown(value: float) -> str:
        return fixed(value, 1) if key == "hours" else f"{int(value):,}"

    return Kpi(S(key), shown(totals[key]), S(f"{key}.help"), S("previous", value=shown(totals[f"previous_{key}"])))


st.title(S("title"))
scope_caption()
kpi_row([
    *(figure(key) for key in ("activities", "participants", "hours", "volunteers")),
    Kpi(S("idle"), len(idle), S("idle.help"), S("idle.count", grids=len(by_grid))),
])

st.subheader(S("teams"))
st.caption(S("teams.caption"))
teams = teams.result()
teams["village"] = teams["village"].fillna(S("township_team"))
teams["hours_change"] = [float(difference(now, before, 1)) for now, before in zip(teams["hours"], teams["previous_hours"])]
data_table(headed(teams, ["team", "village", "members", "activities", "participants", "hours", "previous_activities",
                          "previous_hours", "hours_change"], S), export_stem(S("teams.export")),
           {S("col.hours_change"): st.column_config.NumberColumn(format="%+.1f")})  # a number: it sorts, exports as one

st.subheader(S("monthly"))
matrix = matrix.result()
matrix["status"] = matrix["held"].map({True: S("held"), False: S("missed")})
matrix["mark"] = matrix["held"].map({True: "", False: "✗"})
st.caption(S("monthly.caption", last=f"{last_month:%Y-%m}", missed=int((~matrix["held"]).sum())))
status = alt.Color("status:N", title=None, legend=alt.Legend(orient="top"),
                   scale=alt.Scale(domain=[S("held"), S("missed")], range=[SAFE_COLOURS[2], SAFE_COLOURS[5]]))
cells = alt.Chart(matrix).encode(
    x=alt.X("yearmonth(month):O", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
    y=alt.Y("village:N", title=None, sort=None),
    tooltip=[alt.Tooltip("team:N", title=S("col.team")), alt.Tooltip("yearmonth(month):T", title=S("month")),
             alt.Tooltip("status:N", title=" ")],
)
grid_chart = cells.mark_rect(stroke="white", strokeWidth=2).encode(color=status) + cells.mark_text(
    color="white", fontSize=16, fontWeight="bold").encode(text=alt.Text("mark:N"))
st.altair_chart(grid_chart.properties(height=alt.Step(36)), width="stretch")

st.subheader(S("trend"))
st.caption(S("trend.caption"))
by_month = by_month.result()
month_axis = alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%Y-%m"))
left, right = st.columns(2)
for column, key, colour in ((left, "hours", SAFE_COLOURS[0]), (right, "participants", SAFE_COLOURS[1])):
    trend = alt.Chart(by_month).mark_bar(color=colour).encode(
        x=month_axis, y=alt.Y(f"{key}:Q", title=S(f"col.{key}")),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=S("month")), alt.Tooltip(f"{key}:Q", title=S(f"col.{key}"))])
    column.altair_chart(trend.properties(height=240), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(S("kind"))
    kinds = kinds.result()
    kinds["kind"] = each(kinds["kind"], lambda kind: S(f"kind.{kind}"))
    by_kind = alt.Chart(kinds).mark_bar(color=SAFE_COLOURS[0]).encode(
        y=alt.Y("kind:N", sort=None, title=None), x=alt.X("hours:Q", title=S("col.hours")),
        tooltip=[alt.Tooltip(f"{key}:Q", title=S(f"col.{key}")) for key in ("activities", "participants", "hours")])
    st.altair_chart(by_kind.properties(height=36 * len(ACTIVITY_KINDS) + 40), width="stretch")
with right:
    st.subheader(S("place", unit=T(f"level.{level}")))
    places = places.result()
    by_place = alt.Chart(places).mark_bar(color=SAFE_COLOURS[0]).encode(
        y=alt.Y(f"{level}:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("hours:Q", title=S("col.hours")),
        tooltip=[alt.Tooltip(f"{level}:N", title=T(f"level.{level}")),
                 *(alt.Tooltip(f"{key}:Q", title=S(f"col.{key}")) for key in ("activities", "participants", "hours"))])
    st.altair_chart(by_place.properties(height=min(28 * len(places), 600) + 40), width="stretch")
st.caption(S("place.caption"))
shown_places = list(PLACE_LEVELS[: PLACE_LEVELS.index(level) + 1])
data_table(headed(places, [*shown_places, "activities", "participants", "hours"], S), export_stem(S("place.export")))

st.subheader(S("idle.title"))
if idle.empty:
    st.success(S("idle.none"), icon=":material/check_circle:")
else:
    idle["kind"] = each(idle["kind"], lambda kind: S(f"grid_kind.{kind}"))
    idle["last_activity"] = pd.to_datetime(idle["last_activity"]).dt.strftime("%Y-%m-%d").fillna(S("never"))
    data_table(headed(idle, [*PLACE_LEVELS, "kind", "last_activity"], S), export_stem(S("idle.export")))

st.subheader(S("top"))
st.caption(S("top.caption", masking=masking_note(f.viewer, "member_volunteer", "volunteer")))
top = top.result()
if not people_shown(f):
    pass
elif top.empty:
    st.info(S("top.none"))
else:
    top["party_member"] = top["party_member"].map({True: T("yes"), False: T("no")})
    data_table(headed(top, ["name", "team", "party_member", "services", "hours"], S), export_stem(S("top.export")))
