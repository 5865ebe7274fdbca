"""ui.oidc with a secrets.toml that has no [auth]: nothing is shown (with [auth], and with no secrets.toml at all:
tests/browser/test_oidc_login.py)."""
from streamlit.testing.v1 import AppTest


def script() -> None:
    import streamlit as st

    from ui.oidc import organisation_sign_in

    st.text(repr(organisation_sign_in()))


def test_secrets_without_auth_change_nothing() -> None:
    app = AppTest.from_function(script)
    app.secrets["map"] = {"tile_url": "http://tiles.intranet/{z}/{x}/{y}.png"}
    app.run()
    assert [text.value for text in app.text] == ["None"]
    assert not app.sidebar.button and not app.button and not app.error

