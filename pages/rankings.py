"""积分排名: 每月一认定, 季度一评比, 年度一表彰 — members, grids, 片区 party groups and villages on their points."""
import altair as alt
import pandas as pd
import streamlit as st

from data_access import points, rankings
from data_access.rankings import AWARD_TOP, RANK_LEVELS
from schema import POINT_SOURCES
from ui.cache import cached
from ui.filter_bar import at_district, current_filter, export_stem, load_places
from ui.i18n import Strings, T
from ui.numbers import fixed, rounded
from ui.text import plain
from ui.widgets import SAFE_COLOURS, Kpi, data_table, headed, kpi_row, people_shown, rate_kpi, scope_caption

S = Strings({
    "title": ("积分排名", "Points and rankings"),
    "cadence": ("每月一认定 · 季度一评比 · 年度一表彰", "Confirmed monthly · ranked quarterly · awarded yearly"),
    "level": ("排名对象", "Rank"),
    "level.member": ("党员", "Party members"),
    "level.grid": ("网格", "Grids"),
    "level.service_point": ("片区党小组", "片区 party groups"),
    "level.village": ("行政村", "Villages"),
    "level.township": ("乡镇", "Townships"),
    "with_points": ("参评党员", "Members ranked"),
    "with_points.help": ("本期至少有一条积分获认定的党员 / 所选范围的党员（现有人数）。没有认定积分的党员不参与排名。",
                         "Members with at least one entry confirmed in the period / members in the selection "
                         "(a standing count). Members without confirmed points are not ranked."),
    "points": ("本期认定积分", "Points confirmed"),
    "points.help": ("所选范围党员本期认定的积分之和（每月一认定：按认定月份计入，不论何时获得）。灰字为尚待认定、"
                    "获得于本期的积分，不计入任何排名。",
                    "Points of the selection's members confirmed in the period (by the month confirmed, whenever "
                    "earned). The grey figure: points earned in the period and not yet confirmed; they count in no "
                    "ranking."),
    "pending": ("待认定 {value}", "pending {value}"),
    "per_member": ("人均积分", "Points per member"),
    "per_member.help": ("本期认定积分 / 所选范围党员人数（含没有积分的党员）。",
                        "Points confirmed / members in the selection (members without points included)."),
    "place_rank": ("{place}排名", "{place}'s rank"),
    "place_rank.help": ("所选{unit}在全乡（乡镇则在全区）同级单位中的名次 / 参评单位数，按人均积分排名；灰字为较上一期的"
                        "名次变化。",
                        "The chosen {unit}'s rank among the township's units of its level (a township: the "
                        "district's), on points per member / units ranked; the grey figure is the change against the "
                        "previous period."),
    "sources": ("积分构成（前{n}名）", "Points by source (top {n})"),
    "sources.member_axis": ("积分", "Points"),
    "sources.group_axis": ("人均积分", "Points per member"),
    "table": ("{level}排名", "{level} ranking"),
    "table.caption": ("共 {ranked:,} 个单位参评（{field}{scope}）；下表为所选范围内的 {shown:,} 个，未参评的列在最后。",
                      "{ranked:,} ranked in {field}{scope}; below, the {shown:,} in the selection, the unranked "
                      "last."),
    "scope_note": ("或权限范围", " or your scope"),
    "export": ("积分排名_{level}", "ranking_{level}"),
    "rule.title": ("排名规则", "The ranking rule"),
    "rule": (
        "- **积分**：只计本期**认定**的积分（每月一认定，按认定月份计入，不论何时获得）；待认定积分不计。\n"
        "- **党员**按本人积分排名；**网格、片区党小组、行政村**按**人均积分** = 积分 ÷ 该单位党员人数（含没有积分的"
        "党员，保留两位小数，四舍五入）排名，人多的单位不会仅凭人数取胜。没有党员的单位不列出。\n"
        "- **参评**：本期至少有一条认定积分（净分为 0 也算）；未参评的不排名次，列在最后。\n"
        "- **并列**：积分（人均积分）相同则名次相同，下一名次顺延跳过（如 1、1、3）；并列者按编号排列。\n"
        "- **范围**：名次在全乡（未选乡镇时在全区；乡镇总在全区；或权限范围内）同级单位中排出；筛选村、片区、网格只决定显示哪些行，不改变名次。\n"
        "- **升降**：上一期名次 − 本期名次，▲ 上升、▼ 下降、＝ 不变；上一期未参评的标“新”。月与上月比，季度与上季度比，"
        "年与上年比。\n"
        "- **年度一表彰**：选择“年”时列出候选：党员前 {member} 名、网格前 {grid} 名、片区党小组前 {service_point} 名、"
        "行政村第 {village} 名；与末位并列的一并列入。",
        "- **Points**: only points **confirmed** in the period count (by the month confirmed, whenever earned); "
        "pending points do not.\n"
        "- **Party members** are ranked on their own points; **grids, 片区 party groups and villages** on **points "
        "per member** = points ÷ the unit's party members (those without points included; rounded to 0.01), so a "
        "large unit does not win by size alone. Units without members are not listed.\n"
        "- **Ranked**: at least one confirmed entry in the period (a net 0 counts); the others get no rank and come "
        "last.\n"
        "- **Ties**: the same points (per member) give the same rank and the next rank is skipped (1, 1, 3); tied "
        "units are listed by id.\n"
        "- **Field**: ranks are among the township's units of the level (the district's when no township is chosen; "
        "townships always among the district's; or your scope's); choosing a village, 片区 or grid only chooses the "
        "rows shown.\n"
        "- **Movement**: previous period's rank − this period's, ▲ up, ▼ down, ＝ same; 新 (new) when not ranked "
        "in the previous period. A month against the month before, a quarter against the quarter before, a year "
        "against the year before.\n"
        "- **Annual awards**: in the year view the candidates are the top {member} members, {grid} grids, "
        "{service_point} 片区 party groups and the top {village} village; units tied with the last one are included.",
    ),
    "awards": ("年度一表彰候选（{year}年）", "Candidates for the annual awards ({year})"),
    "awards.caption": ("全年认定积分排名前 {n} 名的{level}（与末位并列的一并列入）。",
                       "The {level} ranked in the top {n} on the year's confirmed points (ties with the last "
                       "included)."),
    "awards.none": ("本年还没有参评单位。", "Nothing ranked in this year yet."),
    "awards.hint": ("选择统计周期“年”可查看年度总分和年度一表彰候选。",
                    "Choose the period “Year” for the annual totals and the award candidates."),
    "awards.export": ("年度表彰候选_{level}", "award-candidates_{level}"),
    "new": ("新", "new"),
    "source.study": ("学习参与", "Study"),
    "source.volunteer": ("志愿服务", "Volunteering"),
    "source.issue": ("民情办理", "Issue handling"),
    "source.evaluation": ("群众评价", "Residents' evaluation"),
    "col.rank": ("名次", "Rank"),
    "col.movement": ("升降", "Movement"),
    "col.unit": ("名称", "Name"),
    "col.members": ("党员人数", "Members"),
    "col.star_level": ("星级", "Stars"),
    "col.points": ("积分", "Points"),
    "col.per_member": ("人均积分", "Per member"),
    "col.study": ("学习参与", "Study"),
    "col.volunteer": ("志愿服务", "Volunteering"),
    "col.issue": ("民情办理", "Issue handling"),
    "col.evaluation": ("群众评价", "Evaluation"),
})
TOP_IN_CHART = 15
PARENTS = {"member": ["village", "service_point", "grid"], "grid": ["village", "service_point"],
           "service_point": ["village"], "village": [], "township": []}


def movement_label(row: pd.Series) -> str:
    """▲ 3 / ▼ 1 / ＝ / 新, empty for an unranked unit."""
    if pd.isna(row["rank"]):
        return ""
    if row["is_new"]:
        return S("new")
    move = int(row["movement"])
    return "＝" if move == 0 else f"▲ {move}" if move > 0 else f"▼ {-move}"


def ranking_table(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """The ranking as shown and exported: rank (a number, empty when unranked), movement, name, places, then the
    figures."""
    shown = frame.assign(
        movement=frame.apply(movement_label, axis=1) if len(frame) else "",
        star_level=frame["star_level"].map(lambda stars: "★" * int(stars)) if level == "member"
        else rounded(frame["star_level"], 1),
    )
    figures = ["points", *POINT_SOURCES] if level == "member" else ["members", "per_member", "points", *POINT_SOURCES]
    return headed(shown, ["rank", "movement", "unit", *PARENTS[level], "star_level", *figures], S)


f = current_filter()
totals = cached(points.points_totals)(f).iloc[0]
place_level = "grid" if f.grid_id else "service_point" if f.service_point_id else "village" if f.village_id else None
if place_level is None and f.township_id is not None and load_places().is_district:
    place_level = "township"  # a township chosen in a district: its rank among the district's
levels = ("township", *RANK_LEVELS) if at_district() else RANK_LEVELS  # the district: its townships first
if not f.viewer.people_rows:  # an observer: no list of members
    levels = tuple(level for level in levels if level != "member")
if st.session_state.get("rank_level") not in (None, *levels):
    st.session_state.rank_level = levels[0]

st.title(S("title"))
scope_caption()
st.caption(S("cadence"))
level = st.segmented_control(S("level"), levels, format_func=lambda key: S(f"level.{key}"), key="rank_level",
                             default=levels[0], required=True)

cards = [
    rate_kpi(S("with_points"), int(totals["members_with_points"]), int(totals["members"]), S("with_points.help")),
    Kpi(S("points"), fixed(totals["points"], 1), S("points.help"), S("pending", value=fixed(totals["pending"], 1))),
    Kpi(S("per_member"), fixed(totals["per_member"], 2), S("per_member.help"),
        f"{fixed(totals['points'], 1)} / {int(totals['members']):,}"),
]
if place_level:
    for _, own in cached(rankings.ranking)(f, place_level).iterrows():  # none for a grid without members
        cards.append(Kpi(S("place_rank", place=plain(own["unit"])),
                         "—" if pd.isna(own["rank"]) else f"{own['rank']} / {own['ranked_units']}",
                         S("place_rank.help", unit=T(f"level.{place_level}")), movement_label(own) or None))
kpi_row(cards)
if not f.viewer.people_rows:
    people_shown(f)  # the members' ranking: its notice

frame = cached(rankings.ranking)(f, level)
ranked = frame[frame["rank"].notna()].head(TOP_IN_CHART)
st.subheader(S("sources", n=len(ranked)))
per_member = level != "member"
value_of = {source: f"{source}_per_member" if per_member else source for source in POINT_SOURCES}
labels = ranked["rank"].astype(str) + ". " + ranked["unit"]
if level == "member":  # masked names may repeat: tell such members apart by their grid
    labels = labels.where(~labels.duplicated(keep=False), labels + " · " + ranked["grid"])
long = ranked.assign(label=labels).melt(id_vars=["label"], value_vars=list(value_of.values()), var_name="source",
                                        value_name="value")
long["source"] = long["source"].map({column: S(f"source.{source}") for source, column in value_of.items()})
long["shown"] = long["value"].map(lambda value: fixed(value, 2))
colour = alt.Color("source:N", title=None, legend=alt.Legend(orient="top"),
                   scale=alt.Scale(domain=[S(f"source.{source}") for source in POINT_SOURCES],
                                   range=list(SAFE_COLOURS[:len(POINT_SOURCES)])))
bars = alt.Chart(long).mark_bar().encode(
    y=alt.Y("label:N", sort=labels.tolist(), title=None, axis=alt.Axis(labelLimit=260)),
    x=alt.X("sum(value):Q", title=S("sources.group_axis" if per_member else "sources.member_axis")),
    color=colour, order=alt.Order("source:N"),
    tooltip=[alt.Tooltip("label:N", title=S("col.unit")), alt.Tooltip("source:N", title=" "),
             alt.Tooltip("shown:N", title=S("col.per_member" if per_member else "col.points"))],
)
st.altair_chart(bars.properties(height=26 * len(ranked) + 70), width="stretch")

st.subheader(S("table", level=S(f"level.{level}")))
ranked_units = int(frame["ranked_units"].iloc[0]) if len(frame) else 0
field = T("scope.district" if at_district() or level == "township" else "scope.all")  # whom the units rank against
st.caption(S("table.caption", ranked=ranked_units, shown=len(frame), field=field,
             scope=S("scope_note") if f.scope else ""))
data_table(ranking_table(frame, level), export_stem(S("export", level=S(f"level.{level}"))))
with st.expander(S("rule.title"), expanded=True, icon=":material/rule:"):
    st.markdown(S("rule", **AWARD_TOP))

year = f.period.start.year
if f.period.kind == "year":
    st.subheader(S("awards", year=year))
    st.caption(S("awards.caption", n=AWARD_TOP[level], level=S(f"level.{level}")))
    candidates = cached(rankings.award_candidates)(f, level)
    if candidates.empty:
        st.info(S("awards.none"))
    else:
        data_table(ranking_table(candidates, level), export_stem(S("awards.export", level=S(f"level.{level}"))))
else:
    st.caption(S("awards.hint"))
