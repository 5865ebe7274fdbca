"""app.py in Streamlit's AppTest: what a viewer sees of a page that fails under the shipped configuration, and the
loop summaries it writes on its first page run of a day, and no cache refresh outside a server."""
import logging
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from streamlit import config
from streamlit.testing.v1 import AppTest

from accounts.signin import start_session, utcnow
from data_access import loop, organisation
from data_access.filters import Period
from schema import SummaryMark
from tests.browser.conftest import demo_database_at
from ui.cache import keep_fresh, summarise_ended
from ui.signin import TOKEN

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    engine = demo_database_at(tmp_path_factory.mktemp("app") / "demo.db")
    engine.dispose()
    return engine.url.render_as_string(hide_password=False)


def signed_in(app: AppTest, url: str) -> AppTest:
    """The app with a leader's session open, as after the sign-in form."""
    engine = create_engine(url)
    app.session_state[TOKEN] = start_session(engine, "leader", utcnow(), "test")
    engine.dispose()
    return app


@pytest.fixture
def error_details(request: pytest.FixtureRequest) -> Iterator[None]:
    """client.showErrorDetails set to the test's parameter for the test."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", request.param)
    yield
    config.set_option("client.showErrorDetails", before)


@pytest.mark.parametrize("error_details", ["none"], indirect=True)  # as .streamlit/config.toml ships it
def test_a_failing_page_shows_a_notice_in_both_languages_and_logs_the_traceback(
        demo_url: str, error_details: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def fails(*_: object) -> None:
        raise RuntimeError("the details: /srv/cockpit/secret_path.py")

    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setattr(organisation, "headline_counts", fails)
    app = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), demo_url)
    with caplog.at_level(logging.ERROR, logger="cockpit"):
        app.run()
    assert not app.exception
    assert app.error[-1].value.startswith("**本页出错了**\n\n本页未能显示完整。错误详情已记入服务器日志")
    assert app.caption[-1].value.startswith("This page could not be shown in full.")
    assert all("secret_path" not in element.value for element in [*app.error, *app.caption, *app.markdown])
    assert "secret_path" in caplog.text and "Traceback" in caplog.text


@pytest.mark.parametrize("error_details", ["full"], indirect=True)
def test_with_error_details_on_the_failure_is_streamlits_own(
        demo_url: str, error_details: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' setting (--client.showErrorDetails full): the exception box with the traceback."""
    def fails(*_: object) -> None:
        raise RuntimeError("shown to the developer")

    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setattr(organisation, "headline_counts", fails)
    app = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), demo_url)
    app.run()
    assert "shown to the developer" in app.exception[0].message


def test_the_first_page_run_of_a_day_summarises_the_periods_ended_since(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = demo_database_at(tmp_path / "demo.db")  # summarised by the seed up to October 2026
    url = engine.url.render_as_string(hide_password=False)

    def marks() -> dict[str, date]:
        with engine.connect() as conn:
            return dict(conn.execute(select(SummaryMark.period_kind, SummaryMark.summarised_until)).all())

    assert marks()["month"] == date(2026, 11, 1)
    monkeypatch.setenv("DATABASE_URL", url)
    summarise_ended.clear()
    app = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), url)
    app.run()
    assert not app.exception and not app.error
    today = date.today()
    assert marks() == {kind: Period.containing(kind, today).start for kind in ("month", "quarter", "year")}
    assert loop.summarised(Period("month", date(2026, 11, 1)), engine)  # November ended after the seed's day
    engine.dispose()


def test_a_run_in_apptest_starts_no_cache_refresh(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The refreshing thread belongs to a server (tests/browser/test_database.py): in AppTest, whose runtime is a
    stand-in, it would refresh one test's calls on the next test's database."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    keep_fresh.clear()
    app = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), demo_url)
    app.run()
    assert not app.exception and not app.error
    assert "cache-refresh" not in [thread.name for thread in threading.enumerate()]
