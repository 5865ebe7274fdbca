"""Chinese-first UI strings with an English switch; each page may keep its own `Strings` table."""
from collections.abc import Callable, Hashable
from typing import Literal, get_args

import pandas as pd
import streamlit as st

from data_access.filters import Period

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
LANG_NAMES = {"zh": "中文", "en": "English"}


def current_lang() -> Lang:
    """The viewer's language, as set by the filter bar (Chinese until then)."""
    return st.session_state.get("lang", "zh")


def each(values: pd.Series, text: Callable[[Hashable], str]) -> pd.Series:
    """`text(value)` of every value, worked out once per distinct value: a district's lists run to tens of
    thousands of rows, and each text asks the session for the viewer's language."""
    return values.map({value: text(value) for value in values.unique()})


class Strings:
    """A table of UI strings, key → (Chinese, English); calling it gives the current language's text."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        self.table = table

    def text(self, key: str, lang: Lang, **values: object) -> str:
        zh, en = self.table[key]
        return (zh if lang == "zh" else en).format(**values)

    def __call__(self, key: str, **values: object) -> str:
        return self.text(key, current_lang(), **values)


def period_name(period: Period, lang: Lang) -> str:
    """2026年11月 / Nov 2026, 2026年第4季度 / 2026 Q4, 2026年 / 2026."""
    quarter = (period.start.month - 1) // 3 + 1
    if lang == "zh":
        return {"month": f"{period.start.year}年{period.start.month}月", "quarter": f"{period.start.year}年第{quarter}季度",
                "year": f"{period.start.year}年"}[period.kind]
    return {"month": f"{period.start:%b %Y}", "quarter": f"{period.start.year} Q{quarter}",
            "year": str(period.start.year)}[period.kind]


T = Strings({
    "app.title": ("网格治理驾驶舱", "Grid-governance cockpit"),
    "filter.header": ("筛选", "Filters"),
    "filter.township": ("乡镇", "Township"),
    "filter.village": ("行政村", "Village"),
    "filter.service_point": ("片区", "District (片区)"),
    "filter.grid": ("网格", "Grid"),
    "filter.all": ("全部", "All"),
    "filter.pick_village_first": ("先选择行政村", "Choose a village first"),
    "filter.pick_service_point_first": ("先选择片区", "Choose a 片区 first"),
    "period.kind": ("统计周期", "Period"),
    "period.month": ("月", "Month"),
    "period.quarter": ("季度", "Quarter"),
    "period.year": ("年", "Year"),
    "period.which": ("时段", "Which"),
    "period.help": ("默认为数据库中最近有数据的月份。", "Defaults to the latest month with data in the database."),
    "notice.lang": ("链接中的语言“{value}”无法识别，已使用中文。", "The language \"{value}\" in the link is unknown; using Chinese."),
    "notice.township": ("链接中的乡镇“{value}”格式有误或不存在，已显示全部。",
                        "The township \"{value}\" in the link is malformed or unknown; showing all."),
    "notice.village": ("链接中的行政村“{value}”格式有误、不存在或不属于所选乡镇，已显示全部。",
                       "The village \"{value}\" in the link is malformed, unknown or not in the chosen township; "
                       "showing all."),
    "notice.service_point": ("链接中的片区“{value}”格式有误、不存在或不属于所选村，已显示全部。",
                             "The 片区 \"{value}\" in the link is malformed, unknown or not in the chosen village; "
                             "showing all."),
    "notice.grid": ("链接中的网格“{value}”格式有误、不存在或不属于所选村和片区，已显示全部。",
                    "The grid \"{value}\" in the link is malformed, unknown or not in the chosen village and 片区; "
                    "showing all."),
    "notice.scope": ("链接中的地点“{value}”不存在或不在您的查看范围内，已显示您负责的范围。",
                     "The place \"{value}\" in the link is unknown or outside what you may see; showing yours."),
    "notice.period": ("链接中的时段“{value}”格式有误或没有数据，已显示{fallback}。",
                      "The period \"{value}\" in the link is malformed or has no data; showing {fallback}."),
    "people.withheld": ("观察员只能查看汇总数据，此处不显示人员名单。",
                        "An observer sees aggregates only: no list of people here."),
    "demo.banner": ("演示数据：除原文提到的张家界市永定区罗水乡外，村、片区、网格、企业的名称和人员均为虚构。",
                    "Demo data: apart from Luoshui township (Yongding district, Zhangjiajie) named in the source "
                    "article, the names of villages, 片区, grids, enterprises and people are invented."),
    "db.title": ("暂时无法显示数据", "No data to show"),
    "db.retry": ("重试", "Try again"),
    "page.failed.title": ("本页出错了", "This page failed"),
    "page.failed": ("本页未能显示完整。错误详情已记入服务器日志；请刷新重试，仍有问题请告知管理员。",
                    "This page could not be shown in full. The details are in the server log; reload to try again, "
                    "and tell the administrator if it fails again."),
    "count.villages": ("行政村", "Villages"),
    "count.service_points": ("片区服务点", "Service points"),
    "count.grids": ("网格", "Grids"),
    "count.villager_groups": ("村民小组", "Villager groups"),
    "count.volunteer_teams": ("志愿服务队", "Volunteer teams"),
    "count.households": ("户数", "Households"),
    "count.residents": ("人口", "Residents"),
    "count.party_members": ("党员", "Party members"),
    "count.talents": ("人才库", "Talents"),
    "count.returned_talents": ("回乡人才", "Returned home"),
    "export.csv": ("导出 CSV", "Export CSV"),
    "export.excel": ("导出 Excel", "Export Excel"),
    "export.help": ("导出内容与当前筛选条件一致。", "The export follows the filters on screen."),
    "table.all": ("全部 {n:,} 行", "All {n:,} rows"),
    "table.all.help": ("在可排序、可滚动的表格中显示全部行。", "Show every row in a table that sorts and scrolls."),
    "table.rows": ("显示前 {shown} 行，共 {total:,} 行；打开“全部”可排序浏览，导出含全部。",
                   "The first {shown} of {total:,} rows; “All” shows them in a table that sorts, the exports hold "
                   "them all."),
    "scope.caption": ("范围：{place} · 时段：{period}", "Showing: {place} · {period}"),
    "scope.all": ("全乡", "the whole township"),
    "scope.district": ("全区", "the whole district"),
    "level.township": ("乡镇", "Township"),
    "level.village": ("行政村", "Village"),
    "level.service_point": ("片区", "District (片区)"),
    "level.grid": ("网格", "Grid"),
    "yes": ("是", "yes"),
    "col.has_culture_square": ("文化广场", "Culture square"),  # 「六有」, SIX_HAVES in the article's order
    "col.has_meeting_hall": ("议事大厅", "Meeting hall"),
    "col.has_bulletin_board": ("宣传专栏", "Bulletin board"),
    "col.has_office_equipment": ("办公设施", "Office equipment"),
    "col.has_rules_on_wall": ("制度上墙", "Rules on the wall"),
    "col.has_work_ledger": ("工作台账", "Work ledger"),
    "no": ("否", "no"),
})
