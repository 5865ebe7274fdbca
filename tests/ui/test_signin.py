"""The sign-in gate in Streamlit's AppTest: no data without a live session, and nothing the session state holds
besides the session's token (a forged account, a made-up token) changes who the viewer is."""
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from streamlit.testing.v1 import AppTest

from accounts.roles import Role
from accounts.signin import SignedIn, start_session, utcnow
from tests.browser.conftest import demo_database_at
from ui.signin import ACCOUNT, TOKEN

ROOT = Path(__file__).resolve().parents[2]
LEADER = SignedIn("leader", Role.LEADER, None, None)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    engine = demo_database_at(tmp_path_factory.mktemp("signin") / "demo.db")
    engine.dispose()
    return engine.url.render_as_string(hide_password=False)


def run(demo_url: str, monkeypatch: pytest.MonkeyPatch, **state: object) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in state.items():
        app.session_state[key] = value
    return app.run()


def token_of(demo_url: str, name: str) -> str:
    engine = create_engine(demo_url)
    token = start_session(engine, name, utcnow(), "test")
    engine.dispose()
    return token


def villages_shown(app: AppTest) -> str:
    return next(metric.value for metric in app.metric if metric.label == "行政村")


def test_without_a_session_only_the_form_shows(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run(demo_url, monkeypatch)
    assert [field.label for field in app.text_input] == ["用户名 · Name", "密码 · Password"]
    assert not app.metric and not app.dataframe and not app.exception


def test_a_forged_account_or_token_opens_nothing(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run(demo_url, monkeypatch, **{ACCOUNT: LEADER, TOKEN: "made-up"})
    assert len(app.text_input) == 2 and not app.metric


def test_the_session_not_the_state_decides_the_scope(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run(demo_url, monkeypatch, **{ACCOUNT: LEADER, TOKEN: token_of(demo_url, "secretary2")})
    assert villages_shown(app) == "1"  # the secretary's village, whatever the state said
    assert app.session_state[ACCOUNT].role is Role.VILLAGE_SECRETARY
    leader = run(demo_url, monkeypatch, **{TOKEN: token_of(demo_url, "leader")})
    assert villages_shown(leader) == "6"

