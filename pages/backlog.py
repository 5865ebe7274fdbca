"""民情办理: the issue loop for the weekly dispatch meeting — headline figures, the overdue agenda, escalations,
where issues stand, the trend, the breakdown, the residents' callbacks and every issue to search and export."""
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from data_access import issue_lists, issues, loop
from data_access.issues import MIN_SAMPLE, SERVICE_LINE_ZH, STAGE_ZH
from data_access.privacy import row_count
from ui import metrics
from ui.cache import cached, later, soon
from ui.filter_bar import current_filter, export_stem
from ui.i18n import Strings, T, current_lang, each, period_name
from ui.masking import masking_note
from ui.numbers import difference, fixed, rounded
from ui.widgets import (
    FIRST_ROWS, SERIES_COLOURS, Kpi, data_table, kpi_row, long_table, people_shown, rate_kpi, scope_caption,
    series_colour, towns_shown,
)

S = Strings({
    "title": ("民情办理", "Issue backlog"),
    "running": ("本期尚未结束，数据截至 {moment}；期限未到的问题不计入应结案和超期。",
                "The period is still running: figures as of {moment}; issues not yet due count neither as due "
                "nor as overdue."),
    "vs.month": ("较上月", "vs last month"),
    "vs.quarter": ("较上季度", "vs last quarter"),
    "vs.year": ("较上年", "vs last year"),
    "change": ("箭头为与{period}相比的变化。", "The arrow is the change against {period}."),
    "points": ("{value:+} 百分点", "{value:+} pts"),
    "days": ("{value:+} 天", "{value:+} days"),
    "closed_count": ("结案 {n:,} 件", "{n:,} closed"),
    "dispatched_count": ("派遣 {n:,} 件", "{n:,} dispatched"),
    # the overdue agenda
    "agenda": ("超期未结清单（{n:,} 件）", "Overdue and open ({n:,})"),
    "agenda.rule": ("即上方“{card}”的问题：期末（本期未结束时为当前）仍未结案、且已过当时有效的办理期限；超期天数、"
                    "办理层级均按期末的记录，之后补记的返工、升级或延期不改变已结束时段的清单。超期天数多的在前。"
                    "{masking}",
                    "The issues of “{card}” above: open at the period's end (now, while it runs) and past "
                    "the due date in force then; days over and level as recorded by then, so a reopening, an "
                    "escalation or an extension recorded later leaves a past period's list as it was. Longest "
                    "overdue first. {masking}"),
    "agenda.none": ("没有超期未结的问题。", "No open issue is past its due date."),
    "agenda.export": ("超期未结清单", "overdue"),
    "days_overdue": ("超期天数", "Days over"),
    "title_col": ("问题", "Issue"),
    "village": ("村", "Village"),
    "service_point": ("片区", "片区"),
    "grid": ("网格", "Grid"),
    "owner": ("责任人", "Owner"),
    "line": ("服务类别", "Service line"),
    "level": ("办理层级", "Handled at"),
    "department": ("承办部门", "Department"),
    "due_date": ("办理期限", "Due"),
    # escalations
    "escalations": ("升级办理", "Escalations"),
    "escalations.rule": ("期末仍在办、且按期末的记录已上报村、乡或县部门办理的问题，按当时的层级和承办部门；"
                         "已办天数从立案日算到期末。",
                         "Issues open at the period's end whose latest escalation by then went to the village, the "
                         "township or a county department, by that level and department; ages from filing to the "
                         "period's end."),
    "escalations.none": ("没有在办的升级问题。", "No escalated issue is open."),
    "escalations.export": ("升级办理", "escalations"),
    "open_issues": ("在办", "Open"),
    "of_them_overdue": ("其中超期", "Of them overdue"),
    "avg_age": ("平均已办天数", "Avg. age (days)"),
    "max_age": ("最长已办天数", "Oldest (days)"),
    "no_department": ("（未指定）", "(none named)"),
    # where issues stand
    "loop": ("办理进度", "Where issues stand"),
    "stages": ("本期上报问题走到哪一步", "How far this period's reports have come"),
    "stages.rule": ("{period}上报的民情（即“{card}”），按期末已记录的最远一步：上报 → 立案 → 派遣 → 处置 → 反馈 → "
                    "结案；柱长为到达该步及以后的件数，期末处于返工重办的不算结案。",
                    "Entries reported in {period} (“{card}”), by the furthest step recorded by the "
                    "period's end: reported → filed → dispatched → handled → fed back → closed; a bar counts those "
                    "at that step or beyond; an issue being reworked at the period's end is not closed."),
    "ageing": ("在办问题已办天数", "Open issues by age"),
    "ageing.rule": ("期末仍在办的问题（即“{card}”）按立案至期末的天数分组，并按当时有效的办理期限分出已超期的。",
                    "Issues open at the period's end (“{card}”) by days since filing, split by the due date "
                    "in force then into overdue and within limit."),
    "reached": ("件数", "Issues"),
    "stage": ("环节", "Step"),
    "age_days": ("已办天数", "Days open"),
    "overdue": ("已超期", "Overdue"),
    "within_limit": ("未超期", "Within limit"),
    # trend
    "trend": ("近 24 个月趋势", "The last 24 months"),
    "flow": ("每月立案与结案", "Filed and closed per month"),
    "backlog": ("月末在办", "Open at month end"),
    "trend.rule": ("立案、结案按当月的立案、结案时间计；月末在办为当月末已立案且尚未结案的件数（返工重办的计为在办）。",
                   "Filed and closed by the month of filing and closing; open at month end: filed by then and "
                   "not yet closed (a reopened issue is open)."),
    "month": ("月份", "Month"),
    "issues": ("件数", "Issues"),
    "filed_series": ("立案", "Filed"),
    "closed_series": ("结案", "Closed"),
    "backlog_series": ("在办", "Open"),
    # breakdown
    "breakdown": ("分类与分布", "Breakdown"),
    "breakdown.by": ("分组", "Group by"),
    "breakdown.rule": ("各列口径同上方指标（{period}，见各指标的说明）。应结案数少于 {n} 件的组标为“样本不足”，"
                       "不参与按期结案率排名。",
                       "Columns follow the cards above ({period}; see each card's rule). Groups with fewer than {n} "
                       "issues due are marked “too few” and not ranked on the on-time rate."),
    "breakdown.export": ("民情办理分布", "issue-breakdown"),
    "by.service_line": ("服务类别", "Service line"),
    "by.village": ("村", "Village"),
    "by.service_point": ("片区", "片区"),
    "by.grid": ("网格", "Grid"),
    "name": ("名称", "Name"),
    "rank": ("排名", "Rank"),
    "note": ("备注", "Note"),
    "too_few": ("样本不足", "Too few"),
    # callbacks
    "callbacks": ("回访评价", "Callbacks"),
    "callbacks.rule": ("效果、时长、态度为 1–5 分的平均分；回访少于 {n} 次的标为“样本不足”，不排名。",
                       "Effect, duration and attitude are mean 1–5 scores; fewer than {n} callbacks: “too few”, not "
                       "ranked."),
    "callbacks.export": ("回访评价", "callbacks"),
    "solved": ("已解决", "Solved"),
    "effect": ("效果", "Effect"),
    "duration": ("时长", "Duration"),
    "attitude": ("态度", "Attitude"),
    "repeats": ("重复反映户（{n} 户）", "Households reporting again ({n})"),
    "repeats.rule": ("截至期末的 12 个月内上报 2 件及以上民情的户；未结为期末仍在办或尚未立案的件数。{masking}",
                     "Households with 2 or more entries reported in the 12 months to the period's end; open: still "
                     "open, or not yet filed, at the period's end. {masking}"),
    "repeats.export": ("重复反映户", "repeat-households"),
    "head": ("户主", "Head of household"),
    "reported_issues": ("反映件数", "Entries"),
    "still_open": ("未结", "Open"),
    "lines": ("涉及类别数", "Service lines"),
    "last_reported": ("最近反映", "Last reported"),
    # drill-down
    "list": ("问题明细", "Every issue"),
    "search": ("按问题标题搜索", "Search the titles"),
    "list.rule": ("期末前上报、期初尚未结案（或期内返工）的全部问题，最新上报的在前；状态、办理期限、结案时间、办理层级"
                  "和返工次数均为期末时的记录，不是今天的状态。{masking}",
                  "Every issue reported before the period's end and not closed before its start (or reopened in "
                  "the period), newest first; status, due date, closing, level and reopenings as recorded by the "
                  "period's end, not today's. {masking}"),
    "list.export": ("问题明细", "issues"),
    "source": ("来源", "Source"),
    "reported_at": ("上报时间", "Reported"),
    "filed_at": ("立案时间", "Filed"),
    "closed_at": ("结案时间", "Closed"),
    "status": ("状态", "Status"),
    "reopen_count": ("返工次数", "Reopened"),
})
STAGE_EN = {"reported": "Reported", "filed": "Filed", "dispatched": "Dispatched", "handled": "Handled",
            "fed_back": "Fed back", "closed": "Closed"}
SERVICE_LINE_EN = {"info": "Basic information", "policy": "Policy outreach", "dispute": "Dispute screening",
                   "hazard": "Incidents and hazards", "poverty": "Poverty-relapse watch",
                   "livelihood": "Livelihood services"}
LEVELS = {0: ("片区", "片区"), 1: ("村", "Village"), 2: ("乡", "Township"), 3: ("县部门", "County")}
STATUS = {"closed": ("已结案", "Closed"), "overdue": ("超期", "Overdue"), "open": ("在办", "Open")}
SOURCES = {"visit": ("入户走访", "Home visit"), "grid_worker": ("网格员上报", "Grid worker"),
           "phone": ("电话反映", "Phone"), "meeting": ("屋场会", "Village meeting"), "online": ("线上群", "Online")}
PLACE_LEVELS = ["village", "service_point", "grid"]
SMALL, MEDIUM = st.column_config.Column(width="small"), st.column_config.Column(width="medium")


def label(key: str) -> str:
    """A loop or callback figure's label, from ui.metrics."""
    return metrics.label(key, current_lang())


def pick(pair: tuple[str, str]) -> str:
    return pair[0] if current_lang() == "zh" else pair[1]


def line_name(code: str) -> str:
    return SERVICE_LINE_ZH[code] if current_lang() == "zh" else SERVICE_LINE_EN[code]


def short_grid(frame: pd.DataFrame) -> list[str]:
    """A grid named after its 片区 ("高坡片区第一网格") without that prefix, to stand beside the 片区 column."""
    return [grid.removeprefix(point) or grid for grid, point in zip(frame["grid"], frame["service_point"])]


def sample_note(frame: pd.DataFrame) -> pd.Series:
    """样本不足 beside a group too small to rank (its rank is empty), else nothing."""
    return frame["small_sample"].map({True: S("too_few"), False: ""})


def township_column(issues: pd.DataFrame) -> dict[str, pd.Series]:
    """Each issue's township, in the district view (one township: none)."""
    return {T(f"level.{name}"): issues[name] for name in towns_shown()}


f = current_filter()
period = period_name(f.period, current_lang())
read_at = issues.read_at(f.period)
chosen = [f.village_id, f.service_point_id, f.grid_id]
below = PLACE_LEVELS[max((n + 1 for n, place in enumerate(chosen) if place is not None), default=0):]
# The sections' queries that no widget of the page chooses, started together (the database works on several at a
# time), read where they are drawn:
loop_now, callbacks = soon(loop.loop_figures)(f), soon(issues.callback_figures)(f)
overdue, escalated = soon(issue_lists.overdue_issues)(f), soon(issue_lists.escalations)(f)
stages, ageing = soon(issue_lists.loop_stage_counts)(f), soon(issue_lists.open_issue_ageing)(f)
flow = soon(loop.loop_by_month)(f)
scores = soon(issues.callback_scores)(f, below[0] if below else "grid")
repeats = soon(issue_lists.repeat_complaint_households)(f)

st.title(S("title"))
scope_caption()
if read_at < pd.Timestamp(f.period.end):
    st.caption(S("running", moment=f"{read_at:%Y-%m-%d %H:%M}"))

# ---- headline figures from the case history, each against the previous period
now, before = loop_now.result().set_index("period").loc[["current", "previous"]].to_dict("records")
calls, calls_before = callbacks.result().set_index("period").loc[["current", "previous"]].to_dict("records")
now, before = {**now, **calls}, {**before, **calls_before}
vs, change_rule = S(f"vs.{f.period.kind}"), S("change", period=period_name(f.period.previous(), current_lang()))


def change(value: float, previous: float, unit: str | None = None, scale: int = 1) -> str | None:
    """The signed change since the previous period ("+12", "-3.4 百分点"), rounded by ui.numbers; "0" (grey, no
    arrow) when it rounds to nothing; None when either period has no figure."""
    if pd.isna(value) or pd.isna(previous):
        return None
    shift = difference(value, previous, 1 if unit else 0, scale)
    if shift == 0:
        return "0"
    return S(unit, value=shift) if unit else f"{shift:+,}"


def loop_help(key: str) -> str:
    return metrics.help_text(key, current_lang(), period, change_rule)


def count_kpi(key: str) -> Kpi:
    return Kpi(label(key), int(now[key]), loop_help(key), delta=change(now[key], before[key]),
               delta_note=vs, delta_color=metrics.delta_colour(key))


def rate_card(key: str) -> Kpi:
    """A rate with the counts behind it; its change is shown in percentage points."""
    numerator, denominator = metrics.RATES[key]
    return replace(rate_kpi(label(key), int(now[numerator]), int(now[denominator]), loop_help(key)),
                   delta=change(now[key], before[key], "points", 100), delta_note=vs,
                   delta_color=metrics.delta_colour(key))


def days_kpi(key: str, count: str) -> Kpi:
    return Kpi(label(key), fixed(now[key], 1), loop_help(key),
               count=S(f"{count}_count", n=int(now[count])), delta=change(now[key], before[key], "days"),
               delta_note=vs, delta_color=metrics.delta_colour(key))


# five counts in the first row; the rates, whose counts need the room, four to a row (1280×720 shows them whole)
kpi_row([count_kpi("reported"), count_kpi("filed"), count_kpi("closed"), count_kpi("overdue_open"),
         days_kpi("avg_days_to_close", "closed")])
kpi_row([rate_card("filing_rate"), rate_card("dispatch_rate"), rate_card("closure_rate"), rate_card("on_time_rate")])
kpi_row([days_kpi("avg_days_to_dispatch", "dispatched"), rate_card("rework_rate"), rate_card("extension_rate"),
         rate_card("satisfaction_rate")])

# ---- the meeting's agenda: every open issue past its due date, in few columns that fit a projector
overdue = overdue.result()
st.subheader(S("agenda", n=len(overdue)))
st.caption(S("agenda.rule", card=label("overdue_open"), masking=masking_note(f.viewer, "owner")))
if overdue.empty:
    st.success(S("agenda.none"), icon=":material/task_alt:")
else:
    agenda = pd.DataFrame({
        S("days_overdue"): overdue["days_overdue"],
        S("title_col"): overdue["title"],
        **township_column(overdue),
        S("village"): overdue["village"],
        S("service_point"): overdue["service_point"],
        S("grid"): short_grid(overdue),
        S("owner"): overdue["owner_name"].fillna("—"),
        S("line"): each(overdue["service_line"], line_name),
        S("level"): each(overdue["escalation_level"], lambda n: pick(LEVELS[n])),
    }).drop(columns=[S(level) for level in PLACE_LEVELS[:2] if level not in below])
    data_table(agenda, export_stem(S("agenda.export")),
               {S("days_overdue"): SMALL, S("title_col"): MEDIUM, S("owner"): SMALL, S("level"): SMALL})

# ---- escalations by level and department
escalated = escalated.result()
st.subheader(S("escalations"))
st.caption(S("escalations.rule"))
if escalated.empty:
    st.info(S("escalations.none"), icon=":material/info:")
else:
    data_table(pd.DataFrame({
        S("level"): each(escalated["escalation_level"], lambda n: pick(LEVELS[n])),
        S("department"): escalated["target_department"].fillna(S("no_department")),
        S("open_issues"): escalated["issues"],
        S("of_them_overdue"): escalated["overdue"],
        S("avg_age"): rounded(escalated["avg_age_days"], 1),
        S("max_age"): escalated["max_age_days"],
    }), export_stem(S("escalations.export")))

# ---- where this period's issues stand in the loop, and how old the open ones are
st.subheader(S("loop"))
stages_column, ageing_column = st.columns(2)
stages = stages.result()
stage_names = each(stages["stage"], lambda code: STAGE_ZH[code] if current_lang() == "zh" else STAGE_EN[code])
with stages_column:
    st.markdown(f"**{S('stages')}**")
    funnel = alt.Chart(pd.DataFrame({"stage": stage_names, "reached": stages["reached"]})).encode(
        y=alt.Y("stage:N", sort=None, title=None),
        x=alt.X("reached:Q", title=S("reached")),
        tooltip=[alt.Tooltip("stage:N", title=S("stage")), alt.Tooltip("reached:Q", title=S("reached"))],
    )
    bars_and_counts = funnel.mark_bar(color=SERIES_COLOURS["filed"]) + funnel.mark_text(align="left", dx=4).encode(
        text="reached:Q")
    st.altair_chart(bars_and_counts.properties(height=alt.Step(32)), width="stretch")  # every step named, also in
    # projector mode's larger type
    st.caption(S("stages.rule", period=period, card=label("reported")))
ageing = ageing.result()
with ageing_column:
    st.markdown(f"**{S('ageing')}**")
    labels = {"overdue": S("overdue"), "within_limit": S("within_limit")}
    aged = pd.concat([
        pd.DataFrame({"bucket": ageing["bucket"], "series": labels["overdue"], "issues": ageing["overdue"]}),
        pd.DataFrame({"bucket": ageing["bucket"], "series": labels["within_limit"],
                      "issues": ageing["issues"] - ageing["overdue"]}),
    ])
    st.altair_chart(alt.Chart(aged).mark_bar().encode(
        x=alt.X("bucket:N", sort=list(ageing["bucket"]), title=S("age_days"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("issues:Q", title=S("issues")),
        color=series_colour(labels),
        order=alt.Order("series:N", sort="descending"),
        tooltip=[alt.Tooltip("bucket:N", title=S("age_days")), "series:N", alt.Tooltip("issues:Q", title=S("issues"))],
    ), width="stretch")
    st.caption(S("ageing.rule", card=label("open_at_end")))

# ---- 24 months: filed against closed, and the open backlog
st.subheader(S("trend"))
flow = flow.result()
flow_column, backlog_column = st.columns(2)
month = alt.X("month:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=-45))
with flow_column:
    st.markdown(f"**{S('flow')}**")
    labels = {"filed": S("filed_series"), "closed": S("closed_series")}
    long = pd.concat([pd.DataFrame({"month": flow["month"], "series": label, "issues": flow[key]})
                      for key, label in labels.items()])
    st.altair_chart(alt.Chart(long).mark_line(point=True).encode(
        x=month, y=alt.Y("issues:Q", title=S("issues")), color=series_colour(labels),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m", title=S("month")), "series:N",
                 alt.Tooltip("issues:Q", title=S("issues"))],
    ), width="stretch")
with backlog_column:
    st.markdown(f"**{S('backlog')}**")
    labels = {"backlog": S("backlog_series")}
    open_frame = pd.DataFrame({"month": flow["month"], "series": labels["backlog"], "issues": flow["open_at_end"]})
    st.altair_chart(alt.Chart(open_frame).mark_area(opacity=0.8, line=True).encode(
        x=month, y=alt.Y("issues:Q", title=S("issues")), color=series_colour(labels),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m", title=S("month")), alt.Tooltip("issues:Q", title=S("issues"))],
    ), width="stretch")
st.caption(S("trend.rule"))

# ---- breakdown by service line or by place, with 样本不足 for small groups
st.subheader(S("breakdown"))
group = st.segmented_control(S("breakdown.by"), ["service_line", *below], format_func=lambda k: S(f"by.{k}"),
                             default="service_line", required=True, key="backlog_group")
by = cached(loop.loop_figures_by)(f, group)
names = each(by["service_line"], line_name) if group == "service_line" else by[group]
counts = ["reported", "filed", "dispatched", "due", "closed", "closed_on_time", "overdue_open"]
rates = ["filing_rate", "dispatch_rate", "closure_rate", "on_time_rate", "rework_rate", "extension_rate"]
data_table(pd.DataFrame({
    S("name"): names,
    **{label(key): by[key] for key in counts},
    **{f"{label(key)} (%)": rounded(by[key], 1, scale=100) for key in rates},
    **{label(key): rounded(by[key], 1) for key in ("avg_days_to_dispatch", "avg_days_to_close")},
    S("rank"): by["rank"],
    S("note"): sample_note(by),
}), export_stem(f"{S('breakdown.export')}-{S(f'by.{group}')}"))
st.caption(S("breakdown.rule", period=period, n=MIN_SAMPLE))

# ---- the residents' verdict: callback scores by place, and households that keep reporting
st.subheader(S("callbacks"))
scores = scores.result()
data_table(pd.DataFrame({
    S("name"): scores[below[0] if below else "grid"],
    label("callbacks"): scores["callbacks"],
    S("solved"): scores["solved"],
    label("satisfied"): scores["satisfied"],
    f"{label('satisfaction_rate')} (%)": rounded(scores["satisfaction_rate"], 1, scale=100),
    S("effect"): rounded(scores["effect"], 2),
    S("duration"): rounded(scores["duration"], 2),
    S("attitude"): rounded(scores["attitude"], 2),
    label("evaluation_index"): rounded(scores["evaluation_index"], 1),
    S("rank"): scores["rank"],
    S("note"): sample_note(scores),
}), export_stem(S("callbacks.export")))
st.caption(metrics.help_text("evaluation_index", current_lang(), period, S("callbacks.rule", n=MIN_SAMPLE)))
repeats = repeats.result()
st.markdown(f"**{S('repeats', n=row_count(repeats))}**")
if people_shown(f):
    data_table(pd.DataFrame({
        S("head"): repeats["head_name"].fillna("—"),
        **township_column(repeats),
        S("village"): repeats["village"],
        S("grid"): repeats["grid"],
        S("reported_issues"): repeats["issues"],
        S("still_open"): repeats["open_issues"],
        S("lines"): repeats["service_lines"],
        S("last_reported"): repeats["last_reported"].dt.strftime("%Y-%m-%d"),
    }), export_stem(S("repeats.export")))
st.caption(S("repeats.rule", masking=masking_note(f.viewer, "head")))

# ---- every issue, to search and export
st.subheader(S("list"))
search = st.text_input(S("search"), key="backlog_search", icon=":material/search:")
search = search.strip() or None
listed = soon(issue_lists.issue_list)(f, search, first=FIRST_ROWS)  # its first rows; all of them if asked
listed_count = soon(issue_lists.issue_list_count)(f, search)


def issues_shown(listed: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        S("title_col"): listed["title"],
        S("status"): each(listed["status"], lambda code: pick(STATUS[code])),
        **township_column(listed),
        S("village"): listed["village"],
        S("service_point"): listed["service_point"],
        S("grid"): short_grid(listed),
        S("line"): each(listed["service_line"], line_name),
        S("source"): each(listed["source"], lambda code: pick(SOURCES[code])),
        S("head"): listed["head_name"].fillna("—"),
        S("owner"): listed["owner_name"].fillna("—"),
        S("reported_at"): listed["reported_at"],
        S("filed_at"): listed["filed_at"],
        S("due_date"): listed["due_date"],
        S("closed_at"): listed["closed_at"],
        S("level"): each(listed["escalation_level"], lambda n: pick(LEVELS[n])),
        S("department"): listed["target_department"],
        S("reopen_count"): listed["reopen_count"],
    })


long_table(listed.result(), later(issue_lists.issue_list)(f, search), issues_shown, export_stem(S("list.export")),
           int(listed_count.result().iloc[0]["issues"]))
st.caption(S("list.rule", masking=masking_note(f.viewer, "head", "owner")))
