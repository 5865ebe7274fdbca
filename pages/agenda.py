"""调度会议程: the weekly dispatch meeting — what is new since the last meeting, the overdue and escalated issues by
片区 and owner, whether the last meeting's items moved, the week's volunteers and points, and the brief to hand out."""
from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from data_access import alerts, geo, issues, loop, meetings, rankings, volunteers
from data_access.issues import SERVICE_LINE_ZH
from data_access.meetings import MOVEMENTS
from ui import metrics
from ui.brief import Brief, Figure, Section
from ui.brief_downloads import brief_downloads
from ui.cache import cached, soon
from ui.district import district_section, show_section
from ui.filter_bar import at_district, current_filter, export_stem, load_months, place_names
from ui.i18n import Strings, T, current_lang, each, period_name
from ui.masking import masking_note
from ui.numbers import difference
from ui.selection import parse_day
from ui.text import plain, shortened
from ui.widgets import (
    SAFE_COLOURS, SERIES_COLOURS, Kpi, data_table, headed, kpi_row, people_shown, people_withheld, rate_kpi,
    scope_caption, towns_shown,
)

S = Strings({
    "title": ("调度会议程", "Dispatch meeting agenda"),
    "since": ("上次会议日期", "Last meeting"),
    "since.help": ("默认为数据日期前 7 天；链接中的 ?since=2026-11-13 可指定。", "Defaults to 7 days before the data's "
                   "day; ?since=2026-11-13 in the link sets it."),
    "since.bad": ("链接中的会议日期“{value}”格式有误，或不在 {first} 至数据日期之间，已使用 {fallback}。",
                  "The meeting date \"{value}\" in the link is malformed or not between {first} and the data's day; "
                  "using {fallback}."),
    "window": ("本次会议看 {since} 至 {as_of}（数据截至 {as_of}）的变化。",
               "This meeting looks at {since} to {as_of} (data up to {as_of})."),
    "new": ("新增民情", "New issues"),
    "new.help": ("自上次会议当天 0 时起至数据日期末上报的民情件数（含尚未立案的），不受统计时段影响。",
                 "Issues reported from the last meeting's day (00:00) to the end of the data's day, filed or not; "
                 "the period filter does not apply."),
    "overdue.help": ("数据日期末仍未结案、且当时有效的办理期限已过（期限当天不算超期）的件数：民情办理页“超期未结”"
                     "的口径，在这一时刻读取，不受统计时段影响。",
                     "Issues open at the end of the data's day and past the due date in force then (the due day "
                     "itself is not overdue): the issue backlog's “Overdue, open”, read at that moment; the period "
                     "filter does not apply."),
    "escalated": ("升级在办", "Escalated, open"),
    "escalated.help": ("数据日期末仍未结案、且按当时的升级记录已上报村、乡或县部门办理的件数（含未超期的）。",
                       "Issues open at the end of the data's day whose latest escalation by then went to the "
                       "village, the township or a county department (overdue or not)."),
    "moved": ("上次事项有进展", "Last items moved"),
    "moved.help": ("上次会议当天 0 时已超期未结的事项中，到数据日期末已结案或办理环节前进（如派遣 → 处置）的比例。",
                   "Of the items open and overdue at the last meeting (00:00 that day), the share closed or moved "
                   "to a later loop stage (e.g. dispatched → handled) by the end of the data's day."),
    "brief": ("会议简报", "Meeting brief"),
    "brief.file": ("调度会简报", "dispatch-brief"),
    "brief.title": ("{place} · 调度会简报", "{place} · dispatch meeting brief"),
    "brief.subtitle": ("范围：{place} · 上次会议 {since} · 数据截至 {as_of} · 统计时段 {period}",
                       "Place: {place} · last meeting {since} · data up to {as_of} · period {period}"),
    "brief.period_figure": ("{label}（本期 {period}）", "{label} ({period})"),
    "new.list": ("新增民情（{n} 件）", "New issues ({n})"),
    "new.rule": ("自上次会议当天起上报的民情，最新的在前；状态与环节按数据日期末计。{masking}",
                 "Issues reported since the last meeting's day, newest first; status and stage at the end of the "
                 "data's day. {masking}"),
    "new.export": ("新增民情", "new-issues"),
    "owners": ("超期与升级：按片区和责任人", "Overdue and escalated, by 片区 and owner"),
    "owners.rule": ("数据日期末仍未结案、已超期或已升级的问题（均按当时的记录），按片区和责任人合计；最长超期天数"
                    "从当时有效的办理期限算起；未指定责任人的单列。{masking}",
                    "Issues open at the end of the data's day that are overdue or escalated (as recorded by then), "
                    "per 片区 and owner; the longest overdue counts days from the due date in force then; issues "
                    "without an owner form their own row. {masking}"),
    "owners.none": ("没有超期或升级在办的问题。", "No open issue is overdue or escalated."),
    "owners.export": ("超期与升级", "overdue-escalated"),
    "owners.chart": ("各片区超期与升级件数", "Overdue and escalated per 片区"),
    "last": ("上次会议事项进展（{n} 件）", "The last meeting's items ({n})"),
    "last.rule": ("上次会议当天 0 时已超期未结的问题，到数据日期末：已结案 / 有推进（办理环节前进）/ 未动；"
                  "未动的排在前面，超期天数为截至上次会议的天数。",
                  "Issues open and overdue at the last meeting (00:00 that day), by the end of the data's day: "
                  "closed / progressed (a later loop stage) / unchanged; unchanged first; days overdue as of the "
                  "last meeting."),
    "last.none": ("上次会议时没有超期未结的问题。", "Nothing was open and overdue at the last meeting."),
    "last.export": ("上次会议事项", "last-meeting-items"),
    "last.chart": ("上次会议事项进展", "How the last meeting's items moved"),
    "flow.chart": ("近 12 个月立案与结案", "Filed and closed, the last 12 months"),
    "week": ("本周志愿服务与积分", "The week's volunteering and points"),
    "week.rule": ("志愿服务：上次会议当天至数据日期举办的活动（计入规则同志愿服务页），与此前同样天数相比；"
                  "积分按月认定，显示所选时段（{period}）的排名前列。",
                  "Volunteering: activities held from the last meeting's day to the data's day (counted as on the "
                  "volunteering page), against as many days before; points are confirmed monthly, so the leaders "
                  "are those of the chosen period ({period})."),
    "vs": ("较此前同样天数", "vs the days before"),
    "activities": ("志愿活动", "Activities"),
    "participants": ("服务人次", "Participants"),
    "hours": ("服务时长（小时）", "Hours"),
    "volunteers": ("参与志愿者", "Volunteers"),
    "activities.help": ("上次会议当天至数据日期举办的志愿活动场次。", "Activities held since the last meeting's day."),
    "participants.help": ("这些活动登记的服务人次（一人参加两次计两次）。", "Service registrations at them (one "
                          "person twice counts twice)."),
    "hours.help": ("这些活动登记的服务小时数。", "Service hours registered at them."),
    "volunteers.help": ("参加过这些活动的不同志愿者人数。", "Different volunteers who served at them."),
    "top_volunteers": ("本周服务时长前 {n} 名志愿者", "Top {n} volunteers of the week"),
    "top_volunteers.export": ("本周志愿者", "week-volunteers"),
    "top_members": ("积分前 {n} 名党员（{period}）", "Top {n} party members on points ({period})"),
    "top_members.export": ("积分前列党员", "top-members"),
    "top_groups": ("人均积分前 {n} 名片区党小组（{period}）", "Top {n} 片区 party groups per member ({period})"),
    "top_groups.export": ("积分前列片区", "top-groups"),
    "stage.reported": ("上报", "Reported"),
    "stage.filed": ("立案", "Filed"),
    "stage.dispatched": ("派遣", "Dispatched"),
    "stage.handled": ("处置", "Handled"),
    "stage.fed_back": ("反馈", "Fed back"),
    "stage.closed": ("结案", "Closed"),
    "status.closed": ("已结案", "Closed"),
    "status.overdue": ("超期", "Overdue"),
    "status.open": ("在办", "Open"),
    "status.reported": ("未立案", "Not filed"),
    "movement.closed": ("已结案", "Closed"),
    "movement.progressed": ("有推进", "Progressed"),
    "movement.unchanged": ("未动", "Unchanged"),
    "col.reported_at": ("上报时间", "Reported"),
    "col.title": ("问题", "Issue"),
    "col.service_line": ("服务类别", "Service line"),
    "col.owner_name": ("责任人", "Owner"),
    "col.due_date": ("办理期限", "Due"),
    "col.stage": ("环节", "Stage"),
    "col.status": ("状态", "Status"),
    "col.issues": ("件数", "Issues"),
    "col.overdue": ("其中超期", "Overdue"),
    "col.escalated": ("其中升级", "Escalated"),
    "col.max_days_overdue": ("最长超期天数", "Longest overdue (days)"),
    "col.days_overdue_then": ("上次会议时超期天数", "Days overdue then"),
    "col.stage_then": ("上次环节", "Stage then"),
    "col.stage_now": ("现在环节", "Stage now"),
    "col.movement": ("进展", "Moved"),
    "col.name": ("志愿者", "Volunteer"),
    "col.team": ("服务队", "Team"),
    "col.services": ("服务人次", "Services"),
    "col.hours": ("服务时长", "Hours"),
    "col.rank": ("名次", "Rank"),
    "col.unit": ("名称", "Name"),
    "col.points": ("积分", "Points"),
    "col.per_member": ("人均积分", "Per member"),
    "figure": ("指标", "Figure"),
    "value": ("数值", "Value"),
    "count": ("计数", "Count"),
    "rule": ("口径", "Rule"),
    "series": ("类别", "Series"),
    "series.overdue": ("超期", "Overdue"),
    "series.escalated": ("升级、未超期", "Escalated, not overdue"),
    "month": ("月份", "Month"),
    "filed": ("立案", "Filed"),
    "closed": ("结案", "Closed"),
    "place_total": ("件数", "Issues"),
})
TOP_VOLUNTEERS, TOP_MEMBERS, TOP_GROUPS, FLOW_MONTHS = 5, 5, 3, 12
CHART_HEIGHT = 220


def named(frame: pd.DataFrame, column: str, prefix: str) -> pd.Series:
    """Codes in `column` as the page's names for them (S(f"{prefix}.{code}"))."""
    return each(frame[column], lambda code: S(f"{prefix}.{code}"))


def meeting_since(as_of: date, first: date) -> date:
    """The last meeting's date: ?since= when it is a day from the first month with data to the data's day, else 7
    days before the data's day."""
    fallback, value = as_of - timedelta(days=7), st.query_params.get("since")
    if value is None:
        return fallback
    asked = parse_day(value, first, as_of)
    if asked is None:
        notice = S("since.bad", value=plain(shortened(value)), first=first.isoformat(), fallback=fallback.isoformat())
        st.warning(notice, icon=":material/link_off:")
        return fallback
    return asked


def keep_since() -> None:
    st.query_params["since"] = st.session_state.agenda_since.isoformat()


def movement_chart(movement: pd.DataFrame) -> alt.Chart:
    data = movement.assign(name=named(movement, "movement", "movement"))
    colours = alt.Scale(domain=[S(f"movement.{m}") for m in MOVEMENTS],
                        range=[SERIES_COLOURS["closed"], SAFE_COLOURS[4], SERIES_COLOURS["overdue"]])
    bars = alt.Chart(data, title=S("last.chart")).encode(
        y=alt.Y("name:N", sort=None, title=None),
        x=alt.X("issues:Q", title=S("col.issues"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("name:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("name:N", title=S("col.movement")), alt.Tooltip("issues:Q", title=S("col.issues"))])
    return (bars.mark_bar() + bars.mark_text(align="left", dx=4, color="black").encode(text="issues:Q")).properties(
        height=alt.Step(36))


def owners_chart(owners: pd.DataFrame) -> alt.Chart:
    """Overdue and escalated-only issues per 片区 (the sums of the owner rows, in the frame's order)."""
    long = pd.concat([
        pd.DataFrame({"place": owners["service_point"], "series": S("series.overdue"), "issues": owners["overdue"]}),
        pd.DataFrame({"place": owners["service_point"], "series": S("series.escalated"),
                      "issues": owners["issues"] - owners["overdue"]}),
    ])
    colours = alt.Scale(domain=[S("series.overdue"), S("series.escalated")],
                        range=[SERIES_COLOURS["overdue"], SERIES_COLOURS["within_limit"]])
    return alt.Chart(long, title=S("owners.chart")).mark_bar().encode(
        y=alt.Y("place:N", sort=list(dict.fromkeys(owners["service_point"])), title=None,
                axis=alt.Axis(labelLimit=200)),
        x=alt.X("sum(issues):Q", title=S("col.issues"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("series:N", scale=colours, title=None, legend=alt.Legend(orient="bottom")),
        order=alt.Order("series:N", sort="descending"),
        tooltip=[alt.Tooltip("place:N", title=T("level.service_point")), alt.Tooltip("series:N", title=S("series")),
                 alt.Tooltip("sum(issues):Q", title=S("col.issues"))],
    ).properties(height=alt.Step(24))


def flow_chart(flow: pd.DataFrame) -> alt.Chart:
    labels = {"filed": S("filed"), "closed": S("closed")}
    long = pd.concat([pd.DataFrame({"month": flow["month"], "series": label, "issues": flow[key]})
                      for key, label in labels.items()])
    scale = alt.Scale(domain=list(labels.values()), range=[SERIES_COLOURS[key] for key in labels])
    return alt.Chart(long, title=S("flow.chart")).mark_line(point=True).encode(
        x=alt.X("month:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=-45)),
        y=alt.Y("issues:Q", title=S("col.issues")),
        color=alt.Color("series:N", scale=scale, title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m", title=S("month")), alt.Tooltip("series:N", title=S("series")),
                 alt.Tooltip("issues:Q", title=S("col.issues"))],
    ).properties(height=CHART_HEIGHT)


def change(now: float, before: float) -> str:
    """"+3.5" / "-2" / "0": the change against the days before, to one decimal (ui.numbers' rounding)."""
    shift = difference(now, before, 1)
    return f"{shift:+,.1f}".removesuffix(".0") if shift else "0"


f = current_filter()
owners_masking = masking_note(f.viewer, "owner")
as_of = pd.Timestamp(cached(alerts.data_as_of)(f)["as_of"].iloc[0]).date()
district = at_district()  # the townships side by side, and each issue's township
towns = towns_shown()
place = " › ".join(place_names()) or T("scope.district" if district else "scope.all")
period = period_name(f.period, current_lang())

st.title(S("title"))
scope_caption()
first_day = load_months().first
st.session_state.agenda_since = meeting_since(as_of, first_day)
since = st.date_input(S("since"), key="agenda_since", min_value=first_day, max_value=as_of, help=S("since.help"),
                      on_change=keep_since, format="YYYY-MM-DD", width=260)
st.query_params["since"] = since.isoformat()
st.caption(S("window", since=since.isoformat(), as_of=as_of.isoformat()))

# ---- the queries behind the whole page (and the brief), started together: the database works on several at a time
week_end = as_of + timedelta(days=1)
fresh, owners, items, movement, week, helpers, members, groups, flow, loop_now, callbacks, side_by_side = (
    pending.result() if pending else None for pending in [
        soon(meetings.new_issues)(f, since, as_of),
        soon(meetings.overdue_and_escalated_by_owner)(f, as_of),
        soon(meetings.last_meeting_items)(f, since, as_of),
        soon(meetings.last_meeting_movement)(f, since, as_of),
        soon(volunteers.volunteer_totals_between)(f, since, week_end),
        soon(volunteers.top_volunteers_between)(f, since, week_end, TOP_VOLUNTEERS),
        soon(rankings.ranking)(f, "member", top=TOP_MEMBERS),
        soon(rankings.ranking)(f, "service_point", top=TOP_GROUPS),
        soon(loop.loop_by_month)(f, FLOW_MONTHS),
        soon(loop.loop_figures)(f),
        soon(issues.callback_figures)(f),
        soon(geo.map_figures)(f, "township") if district else None,
    ])
week = week.iloc[0]
period_figures = {**loop_now.iloc[0], **callbacks.iloc[0]}

moved = movement.set_index("movement")["issues"]
kpis = [
    Kpi(S("new"), len(fresh), S("new.help")),
    Kpi(metrics.label("overdue_open", current_lang()), int(owners["overdue"].sum()), S("overdue.help")),
    Kpi(S("escalated"), int(owners["escalated"].sum()), S("escalated.help")),
    rate_kpi(S("moved"), int(moved["closed"] + moved["progressed"]), int(moved.sum()), S("moved.help")),
]
kpi_row(kpis)
townships = district_section(f, side_by_side) if district else None

# ---- the tables as shown, which the brief repeats
fresh_table = headed(fresh.assign(reported_at=fresh["reported_at"].dt.strftime("%m-%d %H:%M"),
                                  service_line=fresh["service_line"].map(SERVICE_LINE_ZH),
                                  owner_name=fresh["owner_name"].fillna("—"),
                                  stage=named(fresh, "stage", "stage"), status=named(fresh, "status", "status")),
                     ["reported_at", "title", *towns, "village", "service_point", "grid", "service_line", "stage",
                      "status", "owner_name"], S)
owners_table = headed(owners.assign(owner_name=owners["owner_name"].fillna("—")),
                      [*towns, "village", "service_point", *(["owner_name"] if f.viewer.people_rows else []),
                       "issues", "overdue", "escalated", "max_days_overdue"], S)  # an observer's: per 片区
items_table = headed(items.assign(owner_name=items["owner_name"].fillna("—"),
                                  stage_then=named(items, "stage_then", "stage"),
                                  stage_now=named(items, "stage_now", "stage"),
                                  movement=named(items, "movement", "movement")),
                     ["movement", "title", *towns, "village", "service_point", "owner_name", "days_overdue_then",
                      "stage_then", "stage_now"], S)
helpers_table = headed(helpers, ["name", "team", "services", "hours"], S)
members_table = headed(members, ["rank", "unit", "village", "service_point", "points"], S)
groups_table = headed(groups, ["rank", "unit", "village", "per_member", "points"], S)
week_kpis = [Kpi(S(name), float(week[name]) if name == "hours" else int(week[name]), S(f"{name}.help"),
                 delta=change(week[name], week[f"previous_{name}"]), delta_note=S("vs"))
             for name in ("activities", "participants", "hours", "volunteers")]
charts = [owners_chart(owners)] if len(owners) else []
charts += [movement_chart(movement), flow_chart(flow)]


def brief() -> Brief:
    sections = [
        Section(S("new.list", n=len(fresh)), fresh_table, S("new.rule", masking=owners_masking)),
        Section(S("owners"), owners_table, S("owners.rule", masking=owners_masking)),
        Section(S("last", n=len(items)), items_table, S("last.rule")),
        *([Section(S("top_volunteers", n=TOP_VOLUNTEERS), helpers_table, S("week.rule", period=period)),
           Section(S("top_members", n=TOP_MEMBERS, period=period), members_table)] if f.viewer.people_rows else []),
        Section(S("top_groups", n=TOP_GROUPS, period=period), groups_table),
    ]
    if townships is not None:
        sections.insert(0, townships)
    figures = [Figure(k.label, f"{k.value:,}" if not isinstance(k.value, str) else k.value, k.count or "", k.help)
               for k in [*kpis, *week_kpis]]
    figures += [Figure(S("brief.period_figure", label=metrics.label(key, current_lang()), period=period),
                       *metrics.shown(key, period_figures), metrics.rule(key, current_lang(), period))
                for key in metrics.STANDARD]
    subtitle = S("brief.subtitle", place=place, since=since.isoformat(), as_of=as_of.isoformat(), period=period)
    return Brief(S("brief.title", place=place), subtitle, figures, sections, charts,
                 (S("figure"), S("value"), S("count"), S("rule")))


stem = f"{export_stem(S('brief.file'))}_{since:%m%d}-{as_of:%m%d}"
brief_downloads(brief, stem)

# ---- the townships side by side (the district view)
if townships is not None:
    show_section(townships)

# ---- new since the last meeting
st.subheader(S("new.list", n=len(fresh)))
st.caption(S("new.rule", masking=owners_masking))
data_table(fresh_table, export_stem(S("new.export")))

# ---- overdue and escalated, by 片区 and owner
st.subheader(S("owners"))
st.caption(S("owners.rule", masking=owners_masking))
if not f.viewer.people_rows:
    people_withheld()  # the owners: their 片区's totals instead
if owners.empty:
    st.success(S("owners.none"), icon=":material/task_alt:")
else:
    st.altair_chart(charts[0], width="stretch")
    data_table(owners_table, export_stem(S("owners.export")))

# ---- did the last meeting's items move?
st.subheader(S("last", n=len(items)))
st.caption(S("last.rule"))
if items.empty:
    st.info(S("last.none"), icon=":material/info:")
else:
    st.altair_chart(movement_chart(movement), width="stretch")
    data_table(items_table, export_stem(S("last.export")))
st.altair_chart(flow_chart(flow), width="stretch")

# ---- the week's volunteering and the period's points leaders
st.subheader(S("week"))
st.caption(S("week.rule", period=period))
kpi_row(week_kpis)
helpers_column, members_column, groups_column = st.columns(3)
with helpers_column:
    st.markdown(f"**{S('top_volunteers', n=TOP_VOLUNTEERS)}**")
    if people_shown(f):
        data_table(helpers_table, export_stem(S("top_volunteers.export")))
with members_column:
    st.markdown(f"**{S('top_members', n=TOP_MEMBERS, period=period)}**")
    if people_shown(f):
        data_table(members_table, export_stem(S("top_members.export")))
with groups_column:
    st.markdown(f"**{S('top_groups', n=TOP_GROUPS, period=period)}**")
    data_table(groups_table, export_stem(S("top_groups.export")))
