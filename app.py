"""Entry point: `streamlit run app.py`. Navigation, the sidebar filter bar and the messages every page shares."""
import streamlit as st

from data_access import organisation
from data_access.db import DatabaseUnavailable, check_database
from ui.cache import cached
from ui.filter_bar import filter_bar, language_switch, show_url_notices, start_language
from ui.i18n import T
from ui.navigation import navigation
from ui.widgets import database_error, demo_banner

st.set_page_config(page_title="网格治理驾驶舱 · Grid-governance cockpit", page_icon="🏘️", layout="wide")
start_language()
page = navigation()
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
