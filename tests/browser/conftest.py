"""The app in a real browser: a fresh demo database, `streamlit run app.py` on a free port, Debian's chromium.

Every test's page fails the test on a Streamlit exception box, a console error (other than the 404s of
Streamlit's own `<page>/_stcore/*` probes on sub-pages) or a request to any host but this machine, which is
recorded and aborted; a traceback in the log of any app server started here fails the test during which it was
written. Screenshots go to tests/screenshots/ (git-ignored).

The demo database holds an account for every role (ACCOUNTS, password PASSWORD); a page signs in as `admin`
whenever the app asks, unless the test chose another account (`app.account = "leader"`) or none (None). The
administrator sees the whole township with every name masked, the view that data_access's default Viewer gives, so
a test compares the page with a query on a plain Filter.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect, sync_playwright
from sqlalchemy import Engine, create_engine

from accounts.admin import add_account
from accounts.roles import Role
from accounts.signin import utcnow
from data_access.db import DatabaseUnavailable, check_database
from schema.migrate import upgrade
from seed import build
from tests.conftest import _server_database

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
AS_OF = date(2026, 11, 20)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STCORE_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[^/?#]+/_stcore/")
SMALL, LARGE = {"width": 1280, "height": 720}, {"width": 1920, "height": 1080}
TRACEBACK = "Traceback (most recent call last)"
TABLES = '.cockpit-table, [data-testid="stDataFrame"]'  # a static table (ui.widgets.data_table) or a grid
SERVER_LOGS: dict[Path, int] = {}  # the log of every app server running, and how far it has been read
PASSWORD = "browser-test password"
# name → (role, village id, 片区 id): a secretary of village 2, a 片区长 of 片区 7 (in village 2)
ACCOUNTS = {"leader": (Role.LEADER, None, None), "secretary2": (Role.VILLAGE_SECRETARY, 2, None),
            "area7": (Role.AREA_LEADER, None, 7), "observer": (Role.OBSERVER, None, None),
            "admin": (Role.ADMIN, None, None)}
SIGN_IN_FORM = '[data-testid="stForm"]'

TABLES = '.cockpit-table, [data-testid="stDataFrame"]'  # a static table (ui.widgets.data_table) or a grid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_tracebacks() -> str:
    """What the app servers' logs gained since last read, when it holds a traceback; else ""."""
    found = []
    for log, offset in SERVER_LOGS.items():
        with log.open("rb") as file:
            file.seek(offset)
            written = file.read()
        SERVER_LOGS[log] = offset + len(written)
        if TRACEBACK.encode() in written:
            found.append(f"--- {log}\n{written.decode('utf-8', errors='replace')}")
    return "\n".join(found)


def wait_for(url: str, expected: bytes | None, server: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    """Return once `url` answers (with `expected`, unless None); fail with the server's log when it stops first or
    does not answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if expected is None or answer.read() == expected:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer; the server's log:\n{log.read_text()}")
        time.sleep(0.3)


@pytest.fixture(autouse=True)
def server_logs_stay_clean() -> Iterator[None]:
    """Fail a test during which an app server logged a traceback (the viewer may never have seen it)."""
    yield
    if tracebacks := new_tracebacks():
        pytest.fail(f"an app server logged a traceback:\n{tracebacks}")


@contextmanager
def streamlit_app(database_url: str, log: Path, script: str = "app.py", *, checked: bool = True,
                  error_details: bool = True, port: int | None = None, options: Sequence[str] = ()) -> Iterator[str]:
    """`streamlit run app.py` (or another script) against the database, on `port` or a free one, with more command
    line `options`; yields its base URL once /_stcore/health answers. The page shows an exception's details (for the
    tests; the shipped config hides them) unless `error_details` is off; a `checked` server's log must stay free of
    tracebacks."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *options]
    command += ["--client.showErrorDetails", "full"] if error_details else []
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"DATABASE_URL": database_url},
                                  stdout=output, stderr=subprocess.STDOUT)
    if checked:
        SERVER_LOGS[log] = 0
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/_stcore/health", b"ok", server, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        tracebacks = new_tracebacks() if checked else ""
        SERVER_LOGS.pop(log, None)
    if tracebacks:
        pytest.fail(f"an app server logged a traceback:\n{tracebacks}")


def demo_database_at(path: Path, scale: int = 1) -> Engine:
    """A new SQLite file at `path` holding the demo database built by seed.build as of 2026-11-20 (`scale`
    townships), with the ACCOUNTS."""
    engine = create_engine(f"sqlite:///{path}")
    demo_with_accounts(engine, scale)
    return engine


def demo_with_accounts(engine: Engine, scale: int = 1) -> None:
    """Migrate, build the demo (`scale` townships) as of 2026-11-20 and add the ACCOUNTS."""
    upgrade(engine)
    build(engine, AS_OF, scale=scale)
    for name, (role, village_id, point_id) in ACCOUNTS.items():
        add_account(engine, "tests", name, role, PASSWORD, utcnow(), village_id, point_id)


@contextmanager
def postgresql_demo_database() -> Iterator[str]:
    """A throwaway database on the local PostgreSQL holding the demo (scale 1) as of 2026-11-20 with the ACCOUNTS;
    yields its URL."""
    for url in _server_database("postgresql"):
        engine = create_engine(url)
        demo_with_accounts(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo database, to compare what the app shows with the queries."""
    engine = demo_database_at(tmp_path_factory.mktemp("demo") / "demo.db")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app_log(demo_database: Engine) -> Path:
    """The server log of the app on the demo database (app_url)."""
    return Path(demo_database.url.database).with_name("streamlit.log")


@pytest.fixture(scope="session")
def app_url(demo_database: Engine, app_log: Path) -> Iterator[str]:
    """The app on the demo database."""
    with streamlit_app(demo_database.url.render_as_string(hide_password=False), app_log) as base:
        yield base


@pytest.fixture(scope="session")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, DatabaseUnavailable]]:
    """The app on a migrated SQLite database with no township, and the error check_database gives for it."""
    folder = tmp_path_factory.mktemp("empty")
    url = f"sqlite:///{folder / 'empty.db'}"
    engine = create_engine(url)
    upgrade(engine)
    with pytest.raises(DatabaseUnavailable) as error:
        check_database(engine)
    engine.dispose()
    with streamlit_app(url, folder / "streamlit.log") as base:
        yield base, error.value


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    deadline = time.monotonic() + 600
    while not CHROMIUM.exists():  # apt may still be installing it
        if time.monotonic() > deadline:
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        time.sleep(5)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def is_foreign(url: str) -> bool:
    """A request that would leave this machine."""
    return urlsplit(url).hostname not in LOCAL_HOSTS


class Watched:
    """A browser page plus what went wrong on it."""

    def __init__(self, page: Page, name: str, account: str | None = "admin") -> None:
        self.page, self.name, self.account = page, name, account
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._on_console)
        page.context.route(is_foreign, self._on_foreign_request)  # local requests are not held up by the check

    def _on_console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if message.type == "error" and not ("404" in message.text and STCORE_PROBE.match(where)):
            self.console_errors.append(f"{message.text} ({where})")

    def _on_foreign_request(self, route: Route) -> None:
        self.foreign_requests.append(route.request.url)
        route.abort()

    def settle(self) -> None:
        """Wait until the script run is over, then check for an exception box."""
        self.page.wait_for_timeout(300)
        expect(self.page.locator('[data-testid="stApp"]')).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=30_000)
        expect(self.page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(self.page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
        tables = self.page.locator('[data-testid="stDataFrame"]')
        if tables.count():  # the grid is drawn on a canvas once its data has arrived
            expect(tables.locator("canvas").first).to_be_visible()

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.settle()
        self.sign_in_if_asked()

    def reload(self) -> None:
        self.page.reload()
        self.settle()
        self.sign_in_if_asked()

    def sign_in_if_asked(self) -> None:
        """Sign in as `account` when the app shows its sign-in form (a new browser session: a load or reload)."""
        form = self.page.locator(SIGN_IN_FORM)
        if self.account is None or not form.count() or not form.locator('input[type="password"]').count():
            return
        self.sign_in(self.account)
        expect(self.page.locator(SIGN_IN_FORM)).to_have_count(0, timeout=30_000)  # argon2 takes its time
        expect(self.page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
        self.settle()

    def sign_in(self, name: str, password: str = PASSWORD) -> None:
        form = self.page.locator(SIGN_IN_FORM)
        form.locator('input[type="text"]').fill(name)
        form.locator('input[type="password"]').fill(password)
        form.locator('[data-testid="stFormSubmitButton"] button').click()
        self.page.wait_for_timeout(300)
        # the page's first run after signing in: Streamlit draws placeholders until its elements arrive
        expect(self.page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
        self.settle()

    def screenshot(self, label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{label}.png"
        self.page.screenshot(path=path)
        return path

    def check(self) -> None:
        assert self.page.locator('[data-testid="stException"]').count() == 0, "a Streamlit exception is shown"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"


@contextmanager
def watched_page(browser: Browser, name: str, viewport: dict[str, int] = SMALL) -> Iterator[Watched]:
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    watched = Watched(context.new_page(), name)
    try:
        yield watched
        watched.screenshot("end")
        watched.check()
    finally:
        context.close()


def page_name(request: pytest.FixtureRequest) -> str:
    """The test's screenshot prefix: its module and its name with its parameters."""
    return re.sub(r"\W+", "-", f"{request.module.__name__.rsplit('.', 1)[-1]}-{request.node.name}").strip("-")


@pytest.fixture
def app(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A fresh browser page at 1280×720, checked after the test."""
    with watched_page(browser, page_name(request)) as watched:
        yield watched


@pytest.fixture(params=[SMALL, LARGE], ids=["1280x720", "1920x1080"])
def sized_app(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A fresh browser page at 1280×720, and again at 1920×1080 (the projectors' sizes), checked after the test."""
    with watched_page(browser, page_name(request), request.param) as watched:
        yield watched
