"""Entry point: `streamlit run app.py`. Navigation, the sidebar filter bar and the messages every page shares."""
from typing import NamedTuple

import streamlit as st

from data_access import organisation
from data_access.db import DatabaseUnavailable, check_database
from ui.cache import cached
from ui.filter_bar import filter_bar, language_switch, show_url_notices, start_language
from ui.i18n import T, current_lang
from ui.widgets import database_error, demo_banner


class PageSpec(NamedTuple):
    """A page file in pages/, its title in both languages and a Material icon; the first one is the home page."""

    path: str
    title_zh: str
    title_en: str
    icon: str

    def page(self, default: bool) -> st.Page:
        title = self.title_zh if current_lang() == "zh" else self.title_en
        url_path = None if default else self.path.removeprefix("pages/").removesuffix(".py")
        return st.Page(self.path, title=title, icon=self.icon, url_path=url_path, default=default)


PAGES = [  # adding a page is one line here
    PageSpec("pages/home.py", "总览", "Overview", ":material/dashboard:"),
    PageSpec("pages/organisation.py", "组织体系", "Organisation", ":material/account_tree:"),
]

st.set_page_config(page_title="网格治理驾驶舱 · Grid-governance cockpit", page_icon="🏘️",
                   layout="wide")
start_language()
page = st.navigation([spec.page(default=i == 0) for i, spec in enumerate(PAGES)])
language_switch()
try:
    check_database()
    filter_bar()
    if cached(organisation.townships)()["is_demo"].any():
        demo_banner()
    show_url_notices()
    page.run()
except DatabaseUnavailable as error:
    st.title(T("app.title"))
    database_error(error)
