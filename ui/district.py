"""The district view: the townships side by side, each figure with its rule from ui.metrics and its rank."""
import pandas as pd
import streamlit as st

from data_access.filters import Filter
from data_access.issues import MIN_SAMPLE
from ui import metrics
from ui.brief import Section
from ui.filter_bar import export_stem
from ui.i18n import Strings, T, current_lang, period_name
from ui.numbers import fixed, percent, share
from ui.widgets import data_table

RATES = ["on_time_rate", "closure_rate", "satisfaction_rate"]  # loop rates, shown with their counts
COUNTS = ["open_at_end", "overdue_open"]
S = Strings({
    "title": ("各乡镇对比", "The townships side by side"),
    "rule": ("{period}各乡镇的数值，口径与各村相同（见各页指标说明）。排名规则同行政村：按期结案率在应结案数不少于 {n} "
             "件的乡镇中排名，群众评价指数在回访不少于 {n} 次的乡镇中排名，积分按人均认定积分在本期有认定积分的乡镇中"
             "排名；并列同名次，样本不足的不排名。联系户覆盖：期末党员联系户生效的户数 ÷ 户数。志愿服务时长：在各乡镇网格上"
             "举办的活动登记的小时数（未落到网格的乡级活动不计）。",
             "Each township's figures for {period}, by the same rules as the villages' (see each page's help). Ranked "
             "as villages are: the on-time rate among townships with at least {n} issues due, the evaluation index "
             "among those with at least {n} callbacks, points per member among those with points confirmed in the "
             "period; ties share a rank, too few cases are not ranked. Household coverage: households with a "
             "member link in force at the period's end ÷ households. Volunteer hours: hours registered at activities "
             "held on the township's grids (township activities without a grid are left out)."),
    "export": ("各乡镇对比", "townships"),
    "col.on_time_rank": ("按期结案率排名", "On-time rank"),
    "col.evaluation_rank": ("评价指数排名", "Evaluation rank"),
    "col.share_linked": ("联系户覆盖", "Household coverage"),
    "col.hours": ("志愿服务时长（小时）", "Volunteer hours"),
    "col.per_member": ("人均积分", "Points per member"),
    "col.rank": ("积分排名", "Points rank"),
    "small": ("样本不足", "too few cases"),
})


def rate_text(row: pd.Series, key: str) -> str:
    """"70.6 % (89 / 126)", or "样本不足 (3 / 4)" below the minimum sample."""
    numerator, denominator = (int(row[part]) for part in metrics.RATES[key])
    counts = f"{numerator:,} / {denominator:,}"
    if denominator < MIN_SAMPLE:
        return f"{S('small')} ({counts})"
    return f"{percent(share(numerator, denominator))} ({counts})"


def township_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The district view's table as shown and exported, best on-time rate first (unranked last)."""
    ordered = figures.sort_values(["on_time_rank", "township_id"], na_position="last", ignore_index=True)
    shown = pd.DataFrame({"township": ordered["township"], "on_time_rank": ordered["on_time_rank"]})
    for key in RATES:
        shown[key] = ordered.apply(rate_text, axis=1, key=key)
    for key in COUNTS:
        shown[key] = ordered[key]
    shown["evaluation_index"] = ordered["evaluation_index"].map(lambda v: fixed(v, 1))
    shown["evaluation_rank"] = ordered["evaluation_rank"]
    shown["share_linked"] = [f"{percent(share(n, d))} ({n:,} / {d:,})"
                             for n, d in zip(ordered["linked_households"], ordered["households"])]
    shown["hours"] = ordered["hours"].map(lambda v: fixed(v, 1))
    shown["per_member"] = ordered["per_member"].map(lambda v: fixed(v, 2))
    shown["rank"] = ordered["rank"]
    return shown.rename(columns=header)


def header(key: str) -> str:
    if key == "township":
        return T("level.township")
    return metrics.label(key, current_lang()) if key in metrics.METRICS else S(f"col.{key}")


def district_section(f: Filter, figures: pd.DataFrame) -> Section:
    """The townships side by side (`figures`: geo.map_figures at the township level) as a section of the page or
    the brief."""
    period = period_name(f.period, current_lang())
    return Section(S("title"), township_table(figures), S("rule", period=period, n=MIN_SAMPLE))


def show_section(section: Section) -> None:
    """The district section on a page: title, rule, and the table with its downloads."""
    st.subheader(section.title)
    st.caption(section.rule)
    data_table(section.frame, export_stem(S("export")))
