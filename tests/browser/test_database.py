"""What the viewer sees when the database cannot serve the page, and that the page follows the data."""
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, make_url

from tests.browser.actions import choose, metric, picker
from tests.browser.conftest import Watched, streamlit_app
from ui.cache import POLL_SECONDS
from ui.saved_calls import file_for

ERROR = '[data-testid="stAlertContentError"]'
TIME_LIMIT = 2  # seconds, DATABASE_STATEMENT_TIMEOUT of the app under test
Serve = Callable[[str], str]


@pytest.fixture
def demo_copy(demo_database: Engine, tmp_path: Path) -> Path:
    """A copy of the demo database file that a test may lock or change."""
    return Path(shutil.copy(demo_database.url.database, tmp_path / "demo.db"))


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """serve(url) starts the app on a database and returns its base URL; it stops after the test's page has
    closed (ask for `serve` before `app`), and its log, tmp_path/streamlit.log, must hold no traceback."""
    with ExitStack() as servers:
        yield lambda url: servers.enter_context(streamlit_app(url, tmp_path / "streamlit.log"))
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text()


@pytest.mark.parametrize("url", ["not-a-url", "mssql+pyodbc://secretuser@db.example.org/secretdb"],
                         ids=["malformed", "unsupported"])
def test_an_unusable_address_shows_the_database_message(serve: Serve, app: Watched, url: str) -> None:
    app.goto(serve(url))
    expect(app.page.locator(ERROR)).to_contain_text("数据库地址 DATABASE_URL 无效或不受支持")
    expect(app.page.get_by_text("The database address DATABASE_URL is not valid or not supported")).to_be_visible()
    expect(app.page.get_by_text("secret")).to_have_count(0)


def test_the_database_message_shows_no_address(serve: Serve, app: Watched, tmp_path: Path) -> None:
    app.goto(serve("postgresql+psycopg://secretuser:hunter2@127.0.0.1:1/secretdb"))
    expect(app.page.locator(ERROR)).to_contain_text("无法连接数据库")
    shown = app.page.locator('[data-testid="stApp"]').inner_text()
    for part in ("secretuser", "hunter2", "127.0.0.1", "secretdb", "postgresql"):
        assert part not in shown
    log = (tmp_path / "streamlit.log").read_text()
    assert "postgresql+psycopg://secretuser:***@127.0.0.1:1/secretdb" in log and "hunter2" not in log


def test_a_stalled_database_shows_the_message_within_the_time_limit(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, serve: Serve, app: Watched
) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", str(TIME_LIMIT))
    app.goto(serve(f"sqlite:///{demo_copy}"))
    expect(metric(app, "行政村")).to_have_text("6")
    holder = sqlite3.connect(demo_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a writer that holds the database and does not let go
    asked = time.monotonic()
    choose(app, "行政村", 1)
    expect(app.page.locator(ERROR)).to_contain_text(f"数据库在 {TIME_LIMIT} 秒内没有响应，请稍后再试。")
    expect(app.page.get_by_text(f"The database did not answer within {TIME_LIMIT} s")).to_be_visible()
    assert time.monotonic() - asked < TIME_LIMIT + 8
    expect(metric(app, "行政村")).to_have_count(0)  # no figure of the old village stays on the page
    app.screenshot("timeout")
    holder.rollback()
    holder.close()
    app.page.get_by_role("button", name="重试").click()
    app.settle()
    expect(metric(app, "行政村")).to_have_text("1")  # the village chosen while the database was stalled


def test_a_rerun_after_a_write_shows_the_new_data(demo_copy: Path, serve: Serve, app: Watched) -> None:
    app.account = "leader"  # the administrator's two extra menu entries push the village picker below the fold
    app.goto(serve(f"sqlite:///{demo_copy}"))
    expect(metric(app, "回乡人才")).to_have_text("18")
    with sqlite3.connect(demo_copy) as conn:  # another program writes, while the app has it all cached
        conn.execute("UPDATE talents SET returned = 0 WHERE id = (SELECT min(id) FROM talents WHERE returned)")
        conn.execute("UPDATE villages SET name = '新改名村' WHERE id = (SELECT min(id) FROM villages)")
    conn.close()
    app.reload()
    expect(metric(app, "回乡人才")).to_have_text("17")
    expect(metric(app, "人才库")).to_have_text("117")
    picker(app, "行政村").click()
    expect(app.page.get_by_role("option", name="新改名村")).to_be_visible()


def test_after_a_write_the_server_refreshes_the_pages_queries_before_the_next_viewer(
        demo_copy: Path, serve: Serve, app: Watched, tmp_path: Path) -> None:
    app.account = "leader"
    app.goto(serve(f"sqlite:///{demo_copy}"))
    expect(metric(app, "回乡人才")).to_have_text("18")
    with sqlite3.connect(demo_copy) as conn:  # another program writes; no page is open to notice it
        conn.execute("UPDATE talents SET returned = 0 WHERE id = (SELECT min(id) FROM talents WHERE returned)")
    conn.close()
    log = tmp_path / "streamlit.log"
    waited = time.monotonic()
    while not (refreshed := re.search(r"Cache refreshed for data version \d+: (\d+) queries", log.read_text())):
        assert time.monotonic() - waited < POLL_SECONDS + 20, log.read_text()
        time.sleep(0.5)
    assert int(refreshed[1]) >= 10  # the page's queries, every one of them remembered
    app.reload()
    expect(metric(app, "回乡人才")).to_have_text("17")


def test_a_restarted_server_computes_the_views_it_served_before_the_first_viewer_signs_in(
        demo_copy: Path, serve: Serve, app: Watched, tmp_path: Path) -> None:
    url = f"sqlite:///{demo_copy}"
    saved = file_for(make_url(url))
    with streamlit_app(url, tmp_path / "before.log") as before:
        app.account = "leader"
        app.goto(before)
        expect(metric(app, "回乡人才")).to_have_text("18")
        waited = time.monotonic()
        while not saved.exists():  # the thread saves the calls at its next poll
            assert time.monotonic() - waited < POLL_SECONDS + 20
            time.sleep(0.5)
        app.page.goto("about:blank")  # before the server stops: no reconnection attempts
    app.account = None  # the sign-in form only: a viewer typing the password
    app.goto(serve(url))
    expect(app.page.locator('input[type="password"]')).to_be_visible()
    log, waited = tmp_path / "streamlit.log", time.monotonic()
    while not (warmed := re.search(r"Cache warmed for data version \d+ from (\d+) saved calls: (\d+) queries",
                                   log.read_text())):
        assert time.monotonic() - waited < 30, log.read_text()
        time.sleep(0.5)
    assert int(warmed[1]) >= 10 and warmed[1] == warmed[2]  # the home page's queries, every one run again
    app.sign_in("leader")
    expect(metric(app, "回乡人才")).to_have_text("18")
