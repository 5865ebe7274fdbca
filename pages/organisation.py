"""组织体系: the units one level below the chosen place, with their counts, to compare and export."""
import streamlit as st

from data_access import organisation
from ui.cache import cached
from ui.filter_bar import current_filter, export_stem, place_names
from ui.i18n import Strings, T
from ui.text import plain
from ui.widgets import data_table

S = Strings({
    "title": ("组织建在网格", "The organisation on the grid"),
    "village": ("各行政村", "Villages"),
    "service_point": ("{place}各片区", "片区 of {place}"),
    "grid": ("{place}各网格", "Grids of {place}"),
    "rule": ("各列口径同总览页：户数、人口、党员按登记网格计；人才按所在村或所配网格计。",
             "Columns follow the overview's rules: households, residents and members by their grid; talents by "
             "village or assigned grid."),
    "export": ("组织体系", "organisation"),
    "name": ("名称", "Name"),
})

units = cached(organisation.unit_counts)(current_filter())
level = units["level"].iloc[0] if len(units) else "village"
village_wide = ["villages", "volunteer_teams"]  # below a village these repeat the village's own
not_per_unit = {"village": [], "service_point": [*village_wide, "service_points"],
                "grid": [*village_wide, "service_points", "grids"]}[level]
shown = units.drop(columns=["level", "id", *not_per_unit])

st.title(S("title"))
st.subheader(S(level, place=plain(" › ".join(place_names()))))
headers = {"name": S("name")} | {column: T(f"count.{column}") for column in shown.columns[1:]}
data_table(shown.rename(columns=headers), export_stem(S("export")))
st.caption(S("rule"))
