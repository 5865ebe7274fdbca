"""The app's pages: adding one is one line in PAGES (ADMIN_PAGES for the administrator's)."""
from typing import NamedTuple

import streamlit as st

from accounts.roles import Role
from ui.i18n import current_lang


class PageSpec(NamedTuple):
    """A page file in pages/, its title in both languages and a Material icon; the first one is the home page."""

    path: str
    title_zh: str
    title_en: str
    icon: str

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")

    def page(self, default: bool) -> st.Page:
        title = self.title_zh if current_lang() == "zh" else self.title_en
        return st.Page(self.path, title=title, icon=self.icon, url_path=None if default else self.url_path,
                       default=default)


PAGES = [
    PageSpec("pages/home.py", "总览", "Overview", ":material/dashboard:"),
    PageSpec("pages/organisation.py", "组织体系", "Organisation", ":material/account_tree:"),
    PageSpec("pages/backlog.py", "民情办理", "Issue backlog", ":material/assignment_late:"),
    PageSpec("pages/agenda.py", "调度会议程", "Dispatch agenda", ":material/event_note:"),
    PageSpec("pages/coverage.py", "党员联系户", "Household links", ":material/diversity_3:"),
    PageSpec("pages/talent.py", "人才与产业", "Talent & industry", ":material/engineering:"),
    PageSpec("pages/service_points.py", "阵地建设", "Service points", ":material/holiday_village:"),
    PageSpec("pages/volunteers.py", "志愿服务", "Volunteering", ":material/volunteer_activism:"),
    PageSpec("pages/rankings.py", "积分排名", "Points & rankings", ":material/leaderboard:"),
    PageSpec("pages/map.py", "网格地图", "Grid map", ":material/map:"),
]


IMPORT_PAGE = PageSpec("pages/ingest.py", "导入台账", "Import ledgers", ":material/upload_file:")
ADMIN_PAGES = [IMPORT_PAGE, PageSpec("pages/audit.py", "审计日志", "Audit trail", ":material/policy:")]


def navigation(role: Role | None) -> st.Page:
    """The sidebar menu in the viewer's language, with the administrator's pages for an administrator; returns the
    page to run. Before sign-in (no role) the menu is hidden and the page is not run, but a link to a page keeps
    its address, so the page opens once signed in."""
    specs = PAGES + ADMIN_PAGES if role in (Role.ADMIN, None) else PAGES
    return st.navigation([spec.page(default=i == 0) for i, spec in enumerate(specs)],
                         position="sidebar" if role else "hidden")
