"""党员联系户: households linked to a party member, the 5–10 rule, visits, unlinked and 防返贫 watch households."""
import pandas as pd
import streamlit as st

from data_access import alerts, people
from data_access.places import level_below, place_columns
from ui.cache import later, soon
from ui.filter_bar import current_filter, export_stem
from ui.i18n import Strings, T
from ui.masking import masking_note
from ui.numbers import fixed, percent, rounded
from ui.widgets import (
    FIRST_ROWS,
    PLACE_LEVELS,
    Kpi,
    data_table,
    headed,
    kpi_row,
    long_table,
    rate_bars,
    people_shown,
    rate_kpi,
    scope_caption,
    towns_shown,
)

S = Strings({
    "title": ("党员联系户", "Party members' household links"),
    "linked": ("联系户覆盖率", "Linked"),
    "linked.help": ("有党员联系的户数 / 总户数。户按居住网格计；联系关系自起始日起生效，截至所选时段末仍有效者计入。",
                    "Households linked to a party member / all households. A household counts on the grid it "
                    "lives on; a link counts from its start date, when in force by the end of the period."),
    "unlinked": ("未联系户", "Unlinked"),
    "of_households": ("共 {households:,} 户", "of {households:,}"),
    "unlinked.help": ("截至所选时段末没有党员联系的户数（总户数 − 已联系户数）。名单见下方。",
                      "Households without a party member's link in force by the end of the period (all households "
                      "− linked ones). Listed below."),
    "in_norm": ("5–10户党员", "5–10 rule"),
    "in_norm.help": ("联系户数在5–10户之间的党员 / 党员总数（按党员所在网格计）。联系0户、不足5户或超过10户的党员"
                     "列在下方。",
                     "Party members linked to 5–10 households / all members (by the member's grid). Members with "
                     "none, fewer than 5 or more than 10 are listed below."),
    "visits": ("人均月走访", "Visits/month"),
    "visits.help": ("所选时段内党员登记的入户走访次数 / (党员数 × 时段月数)。网格员单独走访不计入。",
                    "Household visits registered by party members in the period / (members × months in the "
                    "period). Visits by the grid worker alone are not counted."),
    "watch": ("监测户走访率", "Watch visited"),
    "watch.help": ("所选时段内至少被走访一次（党员或网格员）的防返贫监测户 / 监测户总数。",
                   "防返贫 watch households visited at least once in the period (by a member or the grid worker) "
                   "/ all watch households."),
    "by_unit": ("各{unit}联系户覆盖", "Coverage by {unit}"),
    "share_axis": ("联系户覆盖率", "Share of households linked"),
    "norm_axis": ("联系5–10户的党员占比", "Share of members with 5–10 households"),
    "units.export": ("党员联系户_分单位", "household-coverage_by-unit"),
    "outside": ("联系户数不在5–10户的党员", "Members outside the 5–10 rule"),
    "outside.none": ("所选范围内所有党员都联系5–10户。", "Every party member here is linked to 5–10 households."),
    "outside.export": ("党员联系户_不在5-10户", "members-outside-5-10"),
    "unlinked.title": ("未联系户名单", "Households without a linked member"),
    "unlinked.none": ("所选范围内所有户都有党员联系。", "Every household here is linked to a party member."),
    "unlinked.export": ("党员联系户_未联系户", "unlinked-households"),
    "visits.title": ("党员走访次数（按月）", "Visits by each member, by month"),
    "visits.caption": ("每名党员在所选时段各月登记的走访次数（任何户），未走访为0。",
                       "Visits each member registered in each month of the period (any household); 0 where none."),
    "visits.export": ("党员联系户_党员走访", "member-visits"),
    "watch.title": ("防返贫监测户走访", "防返贫 watch households and their last visit"),
    "watch.caption": ("本期未走访的户排在前面。最近走访：截至时段末最后一次走访日期（党员或网格员）。",
                      "Households not visited in the period come first. Last visit: the latest visit up to the end "
                      "of the period (by a member or the grid worker)."),
    "watch.none": ("所选范围内没有防返贫监测户。", "No 防返贫 watch households here."),
    "watch.export": ("党员联系户_防返贫监测户", "poverty-watch-households"),
    "col.households": ("总户数", "Households"),
    "col.linked_households": ("已联系户", "Linked"),
    "col.unlinked_households": ("未联系户", "Unlinked"),
    "col.share_linked": ("覆盖率", "Share linked"),
    "col.members": ("党员", "Members"),
    "col.members_in_norm": ("联系5–10户", "With 5–10"),
    "col.members_outside_norm": ("不在5–10户", "Outside 5–10"),
    "col.visits": ("走访次数", "Visits"),
    "col.visits_per_member_month": ("人均月走访", "Visits per member a month"),
    "col.watch_households": ("监测户", "Watch households"),
    "col.watch_visited": ("监测户本期已走访", "Watch visited"),
    "col.name": ("党员", "Member"),
    "col.member_households": ("联系户数", "Households linked"),
    "col.star_level": ("星级", "Stars"),
    "col.head_name": ("户主", "Head of household"),
    "col.head_phone": ("电话", "Phone"),
    "col.size": ("人口", "Size"),
    "col.poverty_watch": ("防返贫监测户", "On 防返贫 watch"),
    "col.member": ("联系党员", "Linked member"),
    "col.last_visit": ("最近走访", "Last visit"),
    "col.visits_in_period": ("本期走访次数", "Visits in period"),
})

f = current_filter()
level = level_below(f)
places = [*towns_shown(), *PLACE_LEVELS]
# What the page reads, started together (the database works on several at a time), read where they are drawn:
coverage, members = soon(people.household_coverage)(f, None), soon(people.member_figures)(f, None)
coverage_by, members_by = soon(people.household_coverage)(f, level), soon(people.member_figures)(f, level)
outside = soon(alerts.members_outside_link_norm)(f)  # the 总览's alert: one query for both pages
unlinked = soon(people.unlinked_households)(f, first=FIRST_ROWS)  # the long lists: their first rows, the rest if asked
visits = soon(people.visits_per_member)(f, first=FIRST_ROWS) if people_shown(f) else None
watch = soon(people.poverty_watch_households)(f, first=FIRST_ROWS)


def yes_no(flags: pd.Series) -> pd.Series:
    return flags.map({True: T("yes"), False: T("no")})


def unlinked_shown(unlinked: pd.DataFrame) -> pd.DataFrame:
    unlinked["poverty_watch"] = yes_no(unlinked["poverty_watch"])
    return headed(unlinked, ["head_name", "head_phone", *places, "size", "poverty_watch"], S)


def visits_shown(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per member, a column per month."""
    by_month = visits.pivot(index=["member_id", "name", *places], columns="month", values="visits")
    by_month.columns = [f"{month:%Y-%m}" for month in by_month.columns]
    by_month = by_month.reset_index().drop(columns="member_id")
    return by_month.rename(columns={"name": S("col.name")} | {p: T(f"level.{p}") for p in places})


def watch_shown(watch: pd.DataFrame) -> pd.DataFrame:
    watch = watch.astype({"member": object, "last_visit": object})
    watch[["member", "last_visit"]] = watch[["member", "last_visit"]].fillna("—")
    return headed(watch, ["head_name", "head_phone", *places, "member", "last_visit", "visits_in_period"], S)


st.title(S("title"))
scope_caption()
coverage, members = coverage.result().iloc[0], members.result().iloc[0]
kpi_row([
    rate_kpi(S("linked"), int(coverage["linked_households"]), int(coverage["households"]), S("linked.help")),
    Kpi(S("unlinked"), int(coverage["unlinked_households"]), S("unlinked.help"),
        S("of_households", households=int(coverage["households"]))),
    rate_kpi(S("in_norm"), int(members["members_in_norm"]), int(members["members"]), S("in_norm.help")),
    Kpi(S("visits"), fixed(members["visits_per_member_month"], 1),
        S("visits.help"), f"{int(members['visits']):,} / {int(members['member_months']):,}"),
    rate_kpi(S("watch"), int(coverage["watch_visited"]), int(coverage["watch_households"]), S("watch.help")),
])

st.subheader(S("by_unit", unit=T(f"level.{level}")))
shown_places = PLACE_LEVELS[: PLACE_LEVELS.index(level) + 1]
units = coverage_by.result().merge(members_by.result(), on=[column.name for column in place_columns(level)])
left, right = st.columns(2)
with left:
    rate_bars(units, level, "linked_households", "households", S("share_axis"))
with right:
    rate_bars(units, level, "members_in_norm", "members", S("norm_axis"))
units["share_linked"] = units["share_linked"].map(percent)
units["visits_per_member_month"] = rounded(units["visits_per_member_month"], 1)
data_table(headed(units, [*shown_places, "households", "linked_households", "unlinked_households", "share_linked",
                          "members", "members_in_norm", "members_outside_norm", "visits", "visits_per_member_month",
                          "watch_households", "watch_visited"], S), export_stem(S("units.export")))

st.subheader(S("outside"))
outside = outside.result()
if not people_shown(f):
    pass
elif outside.empty:
    st.success(S("outside.none"), icon=":material/check_circle:")
else:
    outside = outside.rename(columns={"linked_households": "member_households"})
    data_table(headed(outside, ["name", *places, "member_households", "star_level"], S),
               export_stem(S("outside.export")))

st.subheader(S("unlinked.title"))
unlinked = unlinked.result()
if not people_shown(f):
    pass
elif unlinked.empty:
    st.success(S("unlinked.none"), icon=":material/check_circle:")
else:
    long_table(unlinked, later(people.unlinked_households)(f), unlinked_shown, export_stem(S("unlinked.export")),
               int(coverage["unlinked_households"]))

st.subheader(S("visits.title"))
st.caption(S("visits.caption"))
if visits:
    visits = visits.result()
    long_table(visits, later(people.visits_per_member)(f), visits_shown, export_stem(S("visits.export")),
               int(members["members"]))

st.subheader(S("watch.title"))
st.caption(S("watch.caption"))
watch = watch.result()
if not people_shown(f):
    pass
elif watch.empty:
    st.info(S("watch.none"))
else:
    long_table(watch, later(people.poverty_watch_households)(f), watch_shown, export_stem(S("watch.export")),
               int(coverage["watch_households"]))
st.caption(masking_note(f.viewer, "member", "head", "phone"))
