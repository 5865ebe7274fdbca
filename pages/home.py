"""总览: the organisation chain and the people on it, for the place chosen in the filter bar."""
import streamlit as st

from data_access import organisation
from ui.cache import cached
from ui.filter_bar import current_filter, place_names
from ui.i18n import Strings, T
from ui.widgets import Kpi, kpi_row

S = Strings({
    "title": ("{township} · 一网四同总览", "{township} · grid governance overview"),
    "scope": ("范围：{place}", "Showing: {place}"),
    "whole_township": ("全乡", "the whole township"),
    "chain": ("组织建在网格", "The organisation on the grid"),
    "people": ("人口、党员与人才", "Residents, party members and talents"),
    "standing": ("以上为现有数量，不随统计周期变化。", "These are standing counts: the period does not change them."),
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

headline_counts = cached(organisation.headline_counts)
counts = headline_counts(current_filter()).iloc[0]
township = cached(organisation.townships)()["name"].iloc[0]


def kpis(*keys: str) -> list[Kpi]:
    return [Kpi(T(f"count.{key}"), int(counts[key]), S(f"{key}.help")) for key in keys]


st.title(S("title", township=township))
st.caption(S("scope", place=" › ".join(place_names()) or S("whole_township")))

st.subheader(S("chain"))
kpi_row(kpis("villages", "service_points", "grids", "villager_groups", "volunteer_teams"))

st.subheader(S("people"))
kpi_row(kpis("households", "residents", "party_members", "talents", "returned_talents"))
st.caption(S("standing"))
