"""人才与产业: the talent pool, 1–3 talents per grid party group, functional grid types and 「一网格一龙头」."""
import altair as alt
import pandas as pd
import streamlit as st

from data_access import organisation, talent
from ui.cache import soon
from ui.filter_bar import current_filter, export_stem
from ui.i18n import Strings, T, each
from ui.widgets import (
    PLACE_LEVELS,
    SAFE_COLOURS,
    Kpi,
    data_table,
    headed,
    kpi_row,
    rate_bars,
    rate_kpi,
    scope_caption,
)

S = Strings({
    "title": ("人才配到网格 · 产业到网格", "Talent and industry on the grid"),
    "talents.help": ("所选村人才库中已联系的人才数；选中片区或网格时只计配到其网格的人才。下方为配到所选网格的人才数。"
                     "现有数量，不随时段变化。",
                     "Talents contacted in the selected villages' pool; for a chosen 片区 or grid, only those "
                     "assigned to its grids. Below it: the talents assigned to the selected grids. A standing count: "
                     "the period does not change it."),
    "talents.assigned": ("已配到网格 {talents:,}", "{talents:,} on grids"),
    "returned.of": ("共 {talents:,} 人", "of {talents:,}"),
    "returned.help": ("人才库中已吸引回乡的人数，范围同“人才库”。", "Talents brought back home, over the same place "
                                                                  "as “Talents”."),
    "within": ("配1–3名人才", "1–3 talents"),
    "within.help": ("配到1–3名人才的网格数 / 网格总数（每个网格党小组配备1–3名人才）。不在此范围的网格列在下方。",
                    "Grids with 1–3 talents assigned / all grids (each grid party group gets 1–3 talents). The "
                    "others are listed below."),
    "leading": ("有龙头的网格", "Leading firm"),
    "leading.help": ("至少有一家龙头企业或合作社的网格数 / 网格总数（「一网格一龙头」）。",
                     "Grids with at least one leading enterprise or cooperative / all grids (one per grid)."),
    "households": ("龙头带动农户", "Farms reached"),
    "households.help": ("所选网格龙头企业、合作社吸纳就业或联农带农的农户数（去重，不论农户住在哪个网格）。其中吸纳就业"
                        " {employed:,} 户、联农带农 {linked:,} 户（两者兼有的户各计一次）；各类网格分列见下表。",
                        "Distinct households employed by or linked to the selected grids' leading enterprises and "
                        "cooperatives, wherever they live: {employed:,} employed and {linked:,} linked (a household "
                        "with both counts in each); by grid type in the table below."),
    "pool": ("人才库（按类别）", "The talent pool by category"),
    "pool.returned": ("已回乡", "Returned home"),
    "pool.elsewhere": ("未回乡", "Not (yet) returned"),
    "pool.axis": ("人数", "People"),
    "pool.export": ("人才库_按类别", "talent-pool_by-category"),
    "kinds": ("功能型网格", "Functional grid types"),
    "kinds.within_axis": ("配备1–3名人才的网格占比", "Share of grids with 1–3 talents"),
    "kinds.leading_axis": ("有龙头的网格占比", "Share of grids with a leading firm"),
    "kinds.export": ("人才与产业_功能型网格", "grid-types"),
    "outside": ("人才配备不在1–3名的网格", "Grids outside the 1–3 talents rule"),
    "outside.none": ("所选范围内每个网格都配备了1–3名人才。", "Every grid here has 1–3 talents."),
    "outside.export": ("人才与产业_人才配备不在1-3名的网格", "grids-outside-1-3-talents"),
    "firms": ("一网格一龙头", "One leading enterprise per grid"),
    "firms.caption": ("带动农户按就业、联农带农分别计数，不论农户住在哪个网格。",
                      "Households are counted by employment and by other links, wherever they live."),
    "firms.export": ("人才与产业_网格龙头", "leading-enterprises"),
    "no_firm": ("没有龙头企业或合作社的网格", "Grids without a leading enterprise or cooperative"),
    "no_firm.none": ("所选范围内每个网格都有龙头。", "Every grid here has a leading enterprise or cooperative."),
    "no_firm.export": ("人才与产业_无龙头网格", "grids-without-leading-enterprise"),
    "standing": ("本页均为现有数量，不随统计周期变化。", "All figures here are standing counts: the period does not "
                                                          "change them."),
    "category.industry": ("产业人才", "Industry"),
    "category.technology": ("科技人才", "Technology"),
    "category.management": ("管理人才", "Management"),
    "category.party_government": ("党政人才", "Party & government"),
    "kind.industry": ("产业型", "Industry"),
    "kind.governance": ("治理型", "Governance"),
    "kind.study": ("学习型", "Learning"),
    "kind.service": ("服务型", "Service"),
    "enterprise_kind.enterprise": ("龙头企业", "Enterprise"),
    "enterprise_kind.cooperative": ("合作社", "Cooperative"),
    "col.category": ("类别", "Category"),
    "col.talents": ("人才", "Talents"),
    "col.returned": ("已回乡", "Returned"),
    "col.kind": ("网格类型", "Grid type"),
    "col.grids": ("网格", "Grids"),
    "col.grids_within_norm": ("配备1–3名人才", "With 1–3 talents"),
    "col.grids_with_leading": ("有龙头", "With a leading firm"),
    "col.households": ("带动农户", "Households"),
    "col.employed_households": ("吸纳就业户", "Employed"),
    "col.linked_households": ("联农带农户", "Linked"),
    "col.enterprise": ("龙头企业/合作社", "Leading enterprise / cooperative"),
    "col.enterprise_kind": ("性质", "Kind"),
    "col.industry": ("产业", "Industry"),
})

f = current_filter()
# What the page reads, started together (the database works on several at a time), read where they are drawn:
counts, rules = soon(organisation.headline_counts)(f), soon(talent.grid_rules)(f)
pool, kinds = soon(talent.talent_summary)(f), soon(talent.grid_rules_by_kind)(f)
per_grid, firms = soon(talent.talents_per_grid)(f), soon(talent.enterprises_per_grid)(f)
counts, rules = counts.result().iloc[0], rules.result().iloc[0]


def named(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """The frame with a code column (category, kind …) replaced by its name in the viewer's language."""
    return frame.assign(**{column: each(frame[column], lambda code: S(f"{prefix}.{code}"))})


def pool_chart(pool: pd.DataFrame) -> alt.Chart:
    """Stacked bars per category: returned home, and the rest of the category."""
    parts = pd.concat([
        pd.DataFrame({"category": pool["category"], "part": S("pool.returned"), "people": pool["returned"]}),
        pd.DataFrame({"category": pool["category"], "part": S("pool.elsewhere"),
                      "people": pool["talents"] - pool["returned"]}),
    ])
    order = [S("pool.returned"), S("pool.elsewhere")]
    return alt.Chart(parts).mark_bar().encode(
        y=alt.Y("category:N", sort=None, title=None),
        x=alt.X("people:Q", title=S("pool.axis"), stack="zero"),
        color=alt.Color("part:N", scale=alt.Scale(domain=order, range=[SAFE_COLOURS[1], SAFE_COLOURS[0]]),
                        legend=alt.Legend(title=None, orient="top")),
        order=alt.Order("part_order:Q"),
        tooltip=["category:N", "part:N", "people:Q"],
    ).transform_calculate(part_order=f"datum.part == '{order[0]}' ? 0 : 1").properties(height=alt.Step(36))


st.title(S("title"))
scope_caption()
kpi_row([
    Kpi(T("count.talents"), int(counts["talents"]), S("talents.help"),
        S("talents.assigned", talents=int(rules["talents"]))),
    Kpi(T("count.returned_talents"), int(counts["returned_talents"]), S("returned.help"),
        S("returned.of", talents=int(counts["talents"]))),
    rate_kpi(S("within"), int(rules["grids_within_norm"]), int(rules["grids"]), S("within.help")),
    rate_kpi(S("leading"), int(rules["grids_with_leading"]), int(rules["grids"]), S("leading.help")),
    Kpi(S("households"), int(rules["households"]), S("households.help",
        employed=int(rules["employed_households"]), linked=int(rules["linked_households"]))),
])

st.subheader(S("pool"))
pool = named(pool.result(), "category", "category")
chart, table = st.columns([3, 2])
chart.altair_chart(pool_chart(pool), width="stretch")
with table:
    data_table(headed(pool, ["category", "talents", "returned"], S), export_stem(S("pool.export")))

st.subheader(S("kinds"))
kinds = named(kinds.result(), "kind", "kind")
left, right = st.columns(2)
with left:
    rate_bars(kinds, "kind", "grids_within_norm", "grids", S("kinds.within_axis"))
with right:
    rate_bars(kinds, "kind", "grids_with_leading", "grids", S("kinds.leading_axis"))
data_table(headed(kinds, ["kind", "grids", "talents", "grids_within_norm", "grids_with_leading", "households",
                          "employed_households", "linked_households"], S), export_stem(S("kinds.export")))

st.subheader(S("outside"))
per_grid = per_grid.result()
outside = named(per_grid[per_grid["outside_norm"]], "kind", "kind")
if outside.empty:
    st.success(S("outside.none"), icon=":material/check_circle:")
else:
    data_table(headed(outside, [*PLACE_LEVELS, "kind", "talents", "returned"], S), export_stem(S("outside.export")))

st.subheader(S("firms"))
st.caption(S("firms.caption"))
firms = named(firms.result(), "kind", "kind")
leading = named(firms[firms["has_leading"]], "enterprise_kind", "enterprise_kind")
data_table(headed(leading, [*PLACE_LEVELS, "kind", "enterprise", "enterprise_kind", "industry",
                            "employed_households", "linked_households"], S), export_stem(S("firms.export")))

st.subheader(S("no_firm"))
without = firms[~firms["has_leading"]]
if without.empty:
    st.success(S("no_firm.none"), icon=":material/check_circle:")
else:
    data_table(headed(without, [*PLACE_LEVELS, "kind"], S), export_stem(S("no_firm.export")))
st.caption(S("standing"))
