"""总览: the leader's morning view — the day's figures with their trends, the alerts, and the organisation chain."""
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from data_access import alerts, geo, issues, loop, organisation, people, points, rankings, volunteers
from data_access.alerts import GROWTH_MONTHS
from data_access.filters import Period, add_months
from data_access.privacy import row_count
from ui.cache import cached, soon
from schema import SIX_HAVES
from ui.district import district_section, show_section
from ui.filter_bar import at_district, current_filter, current_selection, export_stem
from ui.i18n import Strings, T, current_lang, period_name
from ui import metrics
from ui.numbers import difference, fixed, percent, share, short_number
from ui.masking import masking_note
from ui.text import plain
from ui.widgets import Kpi, data_table, headed, kpi_row, people_withheld, scope_caption, towns_shown

TREND_MONTHS = 12
S = Strings({
    "title": ("{township} · 今日概览", "{township} · this morning"),
    "district": ("全区 {n} 个乡镇", "{n} townships"),
    "as_of": ("数据截至 {day}。", "Data up to {day}."),
    "as_of.running": ("数据截至 {day}。本时段尚未结束：与上一时段的比较只含到这一天为止的记录。",
                      "Data up to {day}. The period is still running: the comparison with the previous period "
                      "holds only what is recorded up to that day."),
    "loop": ("问题闭环", "The issue loop"),
    "service": ("服务与考核", "Service and points"),
    "alerts": ("需要关注", "Needs a look"),
    "chain": ("组织、人口与人才", "Organisation, residents and talent"),
    "standing": ("以上为现有数量，不随统计周期变化。", "These are standing counts: the period does not change them."),
    "vs.month": ("较上月", "vs previous month"),
    "vs.quarter": ("较上季度", "vs previous quarter"),
    "vs.year": ("较上年", "vs previous year"),
    "pp": ("{sign}{value} 个百分点", "{sign}{value} pts"),  # percentage points
    "trend": ("迷你图为近 12 个月各月数值。", "The sparkline shows the last 12 months."),
    "loop.change": ("变化：与上一时段相比。", "Change: against the previous period."),
    "loop.trend": ("迷你图：近 12 个月各月末的数值。", "Sparkline: the value at the end of each of the last 12 months."),
    "hours": ("志愿服务时长", "Volunteer hours"),
    "hours.help": ("本期在所选范围内举办的志愿活动登记的服务小时数（无网格的活动计入其服务队所在村，乡级队的计入全乡）。"
                   "变化：与上一时段相比。迷你图：近 12 个月各月小时数。",
                   "Service hours registered at volunteer activities held in the selection this period (an activity "
                   "without a grid counts for its team's village, a township team's for the township). Change: "
                   "against the previous period. Sparkline: hours in each of the last 12 months."),
    "visits": ("党员走访", "Member visits"),
    "visits.help": ("本期所选范围内党员登记的入户走访次数（网格员单独走访不计）。下方为人均每月走访次数。"
                    "变化：与上一时段相比。",
                    "Household visits registered by the selection's party members this period (visits by the grid "
                    "worker alone are not counted). Below: visits per member a month. Change: against the previous "
                    "period."),
    "visits.count": ("人均每月 {value} 次", "{value} a member a month"),
    "points": ("认定积分", "Points confirmed"),
    "points.help": ("本期认定（每月一认定，按认定月份计）的党员积分合计。下方为“有积分党员 / 党员”。变化：与上一时段相比。",
                    "Party members' points confirmed this period (每月一认定: by the month confirmed). Below: members "
                    "with points / members. Change: against the previous period."),
    "leaders": ("积分前三：{names}", "Top three on points: {names}"),
    "leaders.none": ("本期尚无认定积分。", "No points confirmed this period yet."),
    "alert.backlog": ("{n} 个村未结问题连续 3 个月增加", "Villages whose open backlog grew 3 months running: {n}"),
    "alert.backlog.export": ("提醒_未结问题连增", "alert_backlog-growing"),
    "alert.backlog.rule": ("各村已立案未结的问题数，在截至 {month} 的 3 个月里每个月末都比上月末多（持平即中断）。",
                           "A village's open issues at the end of each of the 3 months up to {month} were more than "
                           "at the end of the month before (a flat month breaks the run)."),
    "alert.silent": ("{n} 个网格 30 天无走访、无民情、无活动", "Grids with no visit, issue or activity in 30 days: {n}"),
    "alert.silent.export": ("提醒_沉默网格", "alert_silent-grids"),
    "alert.silent.rule": ("截至 {day} 的 30 天内，网格上没有入户走访、没有上报民情，也没有举办志愿活动。",
                          "In the 30 days up to {day} the grid had no household visit, no issue reported and no "
                          "volunteer activity held."),
    "alert.watch": ("{n} 户防返贫监测户{month}未走访", "防返贫 watch households not visited in {month}: {n}"),
    "alert.watch.export": ("提醒_监测户未走访", "alert_watch-households-not-visited"),
    "alert.watch.rule": ("{month}（截至 {day}）党员和网格员都没有走访过的防返贫动态监测户。",
                         "防返贫 watch households that no party member or grid worker visited in {month} (up to "
                         "{day})."),
    "alert.links": ("{n} 名党员联系户数不在 5–10 户", "Party members not linked to 5–10 households: {n}"),
    "alert.links.export": ("提醒_联系户不在5-10户", "alert_members-outside-5-10"),
    "alert.links.rule": ("截至统计期末生效的党员联系户少于 5 户或多于 10 户（含 0 户）的党员，按党员所在网格计。",
                         "Party members (by their own grid) with fewer than 5 or more than 10 households linked by "
                         "the end of the period, none included."),
    "alert.six_haves": ("{n} 个片区服务点未达「六有」", "Service points short of the 「六有」: {n}"),
    "alert.six_haves.export": ("提醒_六有未达标", "alert_six-haves-short"),
    "alert.six_haves.rule": ("文化广场、议事大厅、宣传专栏、办公设施、制度上墙、工作台账六项中缺任一项的片区服务点"
                             "（现状，不随统计周期变化）。",
                             "Service points lacking any of the six: culture square, meeting hall, bulletin board, "
                             "office equipment, rules on the wall, work ledger (a standing state)."),
    "month_end": ("{month:%-m}月末", "end of {month:%b}"),
    "col.growth": ("3 个月增加", "Growth in 3 months"),
    "col.worker_name": ("网格员", "Grid worker"),
    "col.days_since_visit": ("距上次走访（天）", "Days since a visit"),
    "col.days_since_issue": ("距上次民情（天）", "Days since an issue"),
    "col.days_since_activity": ("距上次活动（天）", "Days since an activity"),
    "col.head_name": ("户主", "Head of household"),
    "col.head_phone": ("电话", "Phone"),
    "col.member": ("联系党员", "Linked member"),
    "col.last_visit": ("最近走访", "Last visit"),
    "col.name": ("党员", "Member"),
    "col.linked_households": ("联系户数", "Households linked"),
    "col.items_met": ("已具备项数", "Items met"),
    "villages.help": ("所选范围内的行政村数；选中片区或网格时计其所在的村。",
                      "Administrative villages in the selection; a chosen 片区 or grid counts its village."),
    "service_points.help": ("所选范围内的片区党小组服务点（网格化服务工作点）数；选中网格时计其所在片区。",
                            "片区 party-group service points in the selection; a chosen grid counts its 片区."),
    "grids.help": ("所选范围内的网格数。", "Grids in the selection."),
    "villager_groups.help": ("所选网格中至少登记一户的村民小组数（去重）。",
                             "Distinct 村民小组 with at least one household on the selected grids."),
    "volunteer_teams.help": ("所选村的村级志愿服务队；全乡范围时另计乡级服务队（关爱孤寡老人、关爱留守儿童）。",
                             "The selected villages' teams; for the whole township also the township teams "
                             "(care for lonely elders, care for left-behind children)."),
    "households.help": ("登记在所选网格上的户数。", "Households registered on the selected grids."),
    "residents.help": ("所选网格上各户人数之和。", "Sum of household sizes on the selected grids."),
    "party_members.help": ("所选网格上的党员人数。", "Party members on the selected grids."),
    "talents.help": ("所选村人才库中已联系的人才数；选中片区或网格时只计配到其网格的人才。",
                     "Talents contacted in the selected villages' pool; for a chosen 片区 or grid, only those "
                     "assigned to its grids."),
    "returned_talents.help": ("人才库中已吸引回乡的人数，范围同“人才库”。",
                              "Talents brought back home, over the same place as “Talents”."),
})

f = current_filter()
before = replace(f, period=f.period.previous())
compared = S(f"vs.{f.period.kind}")
period = period_name(f.period, current_lang())
townships = cached(organisation.townships)().set_index("id")["name"]
township = (S("district", n=len(townships)) if at_district()
            else townships.get(current_selection().township_id, townships.iloc[0]))
as_of = cached(alerts.data_as_of)(f)["as_of"].iloc[0]
# What the page reads, started together (the database works on several at a time), read where they are drawn:
townships_side_by_side = soon(geo.map_figures)(f, "township") if at_district() else None
loop_now = soon(loop.loop_figures)(f)
callbacks = soon(issues.callback_figures)(f)
open_by_month = soon(loop.loop_by_month)(f, TREND_MONTHS)
hours = soon(volunteers.volunteer_totals)(f)
hours_by_month = soon(volunteers.volunteer_hours_by_month)(f, TREND_MONTHS)
visits, visits_before = (soon(people.member_figures)(g, None) for g in (f, before))
points_now, points_before = (soon(points.points_totals)(g) for g in (f, before))
leaders = soon(rankings.ranking)(f, "member", top=3) if f.viewer.people_rows else None  # an observer: aggregates
growing = soon(alerts.growing_backlogs)(f)
silent = soon(alerts.silent_grids)(f)
watch = soon(alerts.unvisited_watch_households)(f)
links = soon(alerts.members_outside_link_norm)(f)
six_haves = soon(alerts.failing_six_haves)(f)
counts = soon(organisation.headline_counts)(f)


def change(now: float, then: float, digits: int = 0) -> str:
    """"+12" / "-3" / "0": the change against the previous period, signed for the card's arrow."""
    shift = difference(now, then, digits)
    return f"{shift:+,}" if shift else "0"


def rate_change(now: float, then: float) -> str | None:
    """The change of a rate in percentage points ("+2.1 个百分点"); None when either period has no denominator."""
    if pd.isna(now) or pd.isna(then):
        return None
    shift = difference(now, then, 1, 100)
    return S("pp", sign="+" if shift > 0 else "-", value=abs(shift)) if shift else "0"  # "0": a grey, arrowless card


def kpi(key: str, value: int | float | str, delta: str | None, count: str | None = None, *,
        trend: pd.Series | None = None, link: str) -> Kpi:
    return Kpi(S(key), value, S(f"{key}.help"), count, delta=delta, delta_note=compared,
               trend=None if trend is None else tuple(trend.tail(TREND_MONTHS).astype(float)), link=link)


def loop_kpi(key: str, now: dict, then: dict, trend: pd.Series | None = None) -> Kpi:
    """A card of the issue loop or its callbacks: label and rule from ui.metrics, a rate with its count and its
    change in percentage points, the change coloured by which way is better."""
    notes = [S("loop.change"), *([S("loop.trend")] if trend is not None else [])]
    rule = metrics.help_text(key, current_lang(), period, *notes)
    if key in metrics.RATES:
        numerator, denominator = (int(now[part]) for part in metrics.RATES[key])
        value, count, delta = (percent(share(numerator, denominator)), f"{numerator:,} / {denominator:,}",
                               rate_change(now[key], then[key]))
    else:
        value, count, delta = int(now[key]), None, change(now[key], then[key])
    return Kpi(metrics.label(key, current_lang()), value, rule, count, delta=delta, delta_note=compared,
               delta_color=metrics.delta_colour(key), link="pages/backlog.py",
               trend=None if trend is None else tuple(trend.astype(float)))


def alert(key: str, rows: pd.DataFrame, table: pd.DataFrame, link: str, **rule: object) -> None:
    """One alert in a line that says how many rows it has (`rows`, as data_access gave them: an observer's list of
    people has none, but its count); opened, its rule, the rows behind it (`table`, as shown) and the page they
    belong to. The rows are drawn only while the alert is open (the expander reruns the page when opened or closed).
    """
    count = row_count(rows)
    icon = ":material/warning:" if count else ":material/check_circle:"
    expander = st.expander(S(f"alert.{key}", n=count, **rule), icon=icon, key=f"alert_{key}", on_change="rerun")
    with expander:
        st.caption(S(f"alert.{key}.rule", **rule))
        if expander.open and len(rows):
            data_table(table, export_stem(S(f"alert.{key}.export")))
        elif expander.open and count:
            people_withheld()
        st.page_link(link)


st.title(S("title", township=plain(township)))
scope_caption()
st.caption(S("as_of.running" if date.today() < f.period.end else "as_of", day=as_of.isoformat()))
if townships_side_by_side:
    show_section(district_section(f, townships_side_by_side.result()))

st.subheader(S("loop"))
now, then = loop_now.result().set_index("period").loc[["current", "previous"]].to_dict("records")
calls, calls_before = callbacks.result().set_index("period").loc[["current", "previous"]].to_dict("records")
kpi_row([
    loop_kpi("open_at_end", now, then, open_by_month.result()["open_at_end"]),
    loop_kpi("overdue_open", now, then),
    loop_kpi("on_time_rate", now, then),
    loop_kpi("satisfaction_rate", calls, calls_before),
])

st.subheader(S("service"))
hours = hours.result().iloc[0]
visits, visits_before = (figures.result().iloc[0] for figures in (visits, visits_before))
points_now, points_before = (totals.result().iloc[0] for totals in (points_now, points_before))
kpi_row([
    kpi("hours", fixed(hours["hours"], 1), change(hours["hours"], hours["previous_hours"], 1),
        trend=hours_by_month.result()["hours"], link="pages/volunteers.py"),
    kpi("visits", int(visits["visits"]), change(visits["visits"], visits_before["visits"]),
        None if pd.isna(visits["visits_per_member_month"]) else S("visits.count",
                                                                   value=fixed(visits["visits_per_member_month"], 1)),
        link="pages/coverage.py"),
    kpi("points", fixed(points_now["points"], 1), change(points_now["points"], points_before["points"], 1),
        f"{int(points_now['members_with_points']):,} / {int(points_now['members']):,}", link="pages/rankings.py"),
])
if leaders:
    leaders = leaders.result()
    leaders = leaders[leaders["rank"].notna()]
    names = " · ".join(plain(f"{row.rank}. {row.unit} {short_number(row.points)}") for row in leaders.itertuples())
    st.caption(S("leaders", names=names) if names else S("leaders.none"))
st.caption(S("trend"))

st.subheader(S("alerts"))
last_month = Period.containing("month", as_of)
growing = growing.result()
month_ends = {f"backlog_{k}": S("month_end", month=add_months(last_month.start, k - GROWTH_MONTHS))
              for k in range(GROWTH_MONTHS + 1)}
growth = pd.concat([headed(growing, ["village"], S), growing[list(month_ends)].rename(columns=month_ends),
                    headed(growing, ["growth"], S)], axis=1)
alert("backlog", growing, growth, "pages/backlog.py", month=period_name(last_month, current_lang()))
silent = silent.result()
alert("silent", silent, headed(silent, ["village", "service_point", "grid", "worker_name", "days_since_visit",
                                        "days_since_issue", "days_since_activity"], S),
      "pages/map.py", day=as_of.isoformat())
watch = watch.result()
alert("watch", watch, headed(watch, [*towns_shown(), "village", "grid", "head_name", "head_phone", "member",
                                    "last_visit"], S),
      "pages/coverage.py", month=period_name(last_month, current_lang()), day=as_of.isoformat())
links = links.result()
alert("links", links, headed(links, [*towns_shown(), "village", "grid", "name", "linked_households"], S),
      "pages/coverage.py")
six_haves = six_haves.result()
alert("six_haves", six_haves, headed(six_haves, ["village", "service_point", "items_met", *SIX_HAVES], S),
      "pages/service_points.py")
st.caption(masking_note(f.viewer, "worker", "head", "phone", "member"))

st.subheader(S("chain"))
counts = counts.result().iloc[0]
kpi_row([Kpi(T(f"count.{key}"), int(counts[key]), S(f"{key}.help"))
         for key in ("villages", "service_points", "grids", "villager_groups", "volunteer_teams")])
kpi_row([Kpi(T(f"count.{key}"), int(counts[key]), S(f"{key}.help"))
         for key in ("households", "residents", "party_members", "talents", "returned_talents")])
st.caption(S("standing"))
with st.container(horizontal=True):
    st.page_link("pages/organisation.py", icon=":material/arrow_forward:")
    st.page_link("pages/talent.py", icon=":material/arrow_forward:")
