"""Entry point: `streamlit run app.py`. The sign-in gate, navigation, the sidebar filter bar and the messages every
page shares."""
import logging
from datetime import date

import streamlit as st

from data_access import alerts, organisation
from data_access.db import DatabaseUnavailable, check_database
from ui.cache import cached, keep_fresh, read_data_version, summarise_ended
from ui.connection import connection_notice
from ui.filter_bar import current_filter, filter_bar, language_switch, show_url_notices, start_language
from ui.i18n import T
from ui.navigation import IMPORT_PAGE, navigation
from ui.projector import projector_controls, projector_look, projector_on, rotation
from ui.oidc import organisation_sign_in
from ui.signin import account_box, begin_organisation_session, gate, sign_in_form
from ui.widgets import database_error, demo_banner, page_error

logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")  # e.g. why the database failed
st.set_page_config(page_title="网格治理驾驶舱 · Grid-governance cockpit", page_icon="🏘️", layout="wide")
if projector_on():
    st.set_page_config(initial_sidebar_state="collapsed")
start_language()
connection_notice()
try:
    check_database(allow_empty=True)  # the administrator's import page fills an empty database
    keep_fresh()  # already while the first viewer signs in: the views the process served before its restart
    account = gate()
    page = navigation(account.role if account else None)  # first: a server's first run sets the widgets' page
    if account is None:
        try:
            check_database()
        except DatabaseUnavailable as error:  # e.g. empty: say so above the form (the administrator's import fills it)
            database_error(error)
        sign_in_form()
        if granted := organisation_sign_in():  # with [auth] in secrets.toml: the organisation's provider
            begin_organisation_session(*granted)
            st.rerun()
        st.stop()
    language_switch()
    read_data_version()
    if page.url_path == IMPORT_PAGE.url_path:  # without the place filters, which an empty database has not
        page.run()
    else:
        check_database()
        summarise_ended(date.today())
        selection = filter_bar()
        account_box(page.url_path, selection)
        projector_controls()
        if projector_on():
            projector_look(cached(alerts.data_as_of)(current_filter())["as_of"].iloc[0])
        if cached(organisation.townships)()["is_demo"].any():
            demo_banner()
        show_url_notices()
        page.run()
        rotation(page)
except DatabaseUnavailable as error:
    st.title(T("app.title"))
    database_error(error)
except Exception:
    if st.get_option("client.showErrorDetails") == "full":  # the tests, and a developer: Streamlit's traceback box
        raise
    logging.getLogger("cockpit").exception("The page %s failed", st.session_state.get("page_in_view", ("?",))[0])
    page_error()
