"""Two app processes behind nginx (deploy/) on one PostgreSQL demo database, in chromium: browsers are spread over
both processes, each stays on its own, and every session shows its own village on every page."""
import asyncio
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from bench.load import drive, village_names
from deploy.nginx import nginx, processes
from tests.browser.actions import go_to, metric, selected
from tests.browser.conftest import SMALL, Watched, free_port, postgresql_demo_database, streamlit_app

MAX_BROWSERS = 16  # a browser's process is chosen by a random key: 16 all on one process has odds 2 in 65,536


class Proxied:
    """The address nginx listens on, its access log and the two app processes' addresses behind it."""

    def __init__(self, url: str, access_log: Path, processes: list[str]) -> None:
        self.url, self.access_log, self.processes = url, access_log, processes


def loaded(app: Watched) -> None:
    """Wait for a page's first script run, which takes long on a process that has not run the app yet, and settle."""
    expect(app.page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning",
                                                                         timeout=120_000)
    expect(app.page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=120_000)
    app.settle()


@pytest.fixture(scope="module")
def postgresql_demo() -> Iterator[str]:
    with postgresql_demo_database() as url:
        yield url


@pytest.fixture(scope="module")
def proxied(browser: Browser, postgresql_demo: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    folder = tmp_path_factory.mktemp("nginx")
    with ExitStack() as stack:
        bases = [stack.enter_context(streamlit_app(postgresql_demo, folder / f"streamlit-{i}.log")) for i in (1, 2)]
        ports = [urlsplit(base).port for base in bases]
        with browser.new_context() as context:  # each process runs the app once (imports, caches) before the test
            for base in bases:
                warm = Watched(context.new_page(), "test_nginx-warm")
                warm.goto(base)
                loaded(warm)
        port = free_port()
        access_log = stack.enter_context(nginx(folder / "prefix", port, ports))
        yield Proxied(f"http://127.0.0.1:{port}", access_log, [f"127.0.0.1:{p}" for p in ports])


def test_browsers_are_spread_over_both_processes_and_each_keeps_its_own_village(
        browser: Browser, proxied: Proxied, postgresql_demo: str) -> None:
    names = village_names(postgresql_demo)
    with ExitStack() as stack:
        sessions: list[tuple[Watched, int]] = []
        while len(sessions) < len(names) or len(set().union(*processes(proxied.access_log).values())) < 2:
            assert len(sessions) < MAX_BROWSERS, f"one process took every browser: {processes(proxied.access_log)}"
            context = stack.enter_context(browser.new_context(viewport=SMALL, locale="zh-CN"))
            village = list(names)[len(sessions) % len(names)]
            app = Watched(context.new_page(), f"test_nginx-village-{len(sessions)}")
            app.goto(f"{proxied.url}/?village={village}")
            loaded(app)
            sessions.append((app, village))
        for app, village in sessions:  # all are open at once
            expect(selected(app, "行政村")).to_have_value(names[village])
            expect(metric(app, "行政村")).to_have_text("1")
        for app, village in sessions:  # each moves on in its own session
            go_to(app, "志愿服务")
            expect(app.page).to_have_url(re.compile(rf"^{proxied.url}/volunteers\?(.*&)?village={village}(&|$)"))
            expect(selected(app, "行政村")).to_have_value(names[village])
            expect(app.page.get_by_text(f"范围：{names[village]}").first).to_be_visible()  # the page's own scope
            charts = app.page.locator('[data-testid="stVegaLiteChart"]')
            expect(charts).to_have_count(5)
            expect(charts.first.locator("canvas, svg").first).to_be_visible()
        sessions[0][0].screenshot("volunteers")
        for app, _ in sessions:
            app.check()
        keys = [next(c["value"] for c in app.page.context.cookies() if c["name"] == "cockpit_backend")
                for app, _ in sessions]
    time.sleep(1)  # nginx logs the closed WebSockets
    answered, websockets = processes(proxied.access_log), processes(proxied.access_log, websockets_only=True)
    assert len(set(keys)) == len(sessions)
    assert all(len(answered[key]) == 1 and websockets[key] == answered[key] for key in keys), answered  # sticky
    assert set().union(*(answered[key] for key in keys)) == set(proxied.processes)


def test_a_short_load_run_has_no_errors_and_every_session_keeps_its_filter(
        proxied: Proxied, postgresql_demo: str) -> None:
    """bench.load's sessions, three for a minute and a half, signing in first (the async API, in a thread of its own
    beside the sync one)."""
    bases = [f"http://{process}" for process in proxied.processes]
    run = drive(proxied.url, bases, 3, 1.5, village_names(postgresql_demo))
    with ThreadPoolExecutor(1) as thread:
        tally = thread.submit(asyncio.run, run).result()
    assert not tally.errors
    assert tally.steps > 0 and len(tally.page_seconds) == tally.steps
    assert not tally.wrong_filter
