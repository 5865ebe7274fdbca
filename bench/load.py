"""Load run: concurrent chromium sessions through nginx in front of several app processes on one PostgreSQL.

    .venv/bin/python -m bench.load [--minutes 3] [--sessions 20] [--processes 2]

Builds the demo (scale 1) in a throwaway PostgreSQL database, starts the app processes and nginx (deploy/) on
loopback, and drives `--sessions` browser contexts (each its own cookies, so its own sticky key and Streamlit
session) in one headless Debian chromium, concurrently, for `--minutes`. Each session opens the cockpit at a village
of its own (one session every 1.5 s), then, until the time is up, clicks a page in the sidebar menu (three times in
four) or picks another village in the filter bar, reading each page 3 to 10 s. A step is timed from the click until
the URL shows the page and village asked for and the page is drawn (a 0.1 s pause included); after it the session
checks that the page shows its own village (the picker and the URL) and no exception. Prints the errors, the steps
that showed another filter, the page times (median and slowest), the browsers each process took and each process's
peak memory (VmHWM in /proc), and the tracebacks in their logs.
"""
import argparse
import asyncio
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.async_api import Browser, Page, async_playwright
from sqlalchemy import create_engine, select

from deploy.nginx import ERROR_LOG, nginx, processes
from schema import Village
from tests.browser.conftest import (CHROMIUM, PASSWORD, SIGN_IN_FORM, SMALL, TRACEBACK, free_port,
                                   postgresql_demo_database, streamlit_app)
from ui.i18n import T
from ui.navigation import PAGES

DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state")
    === "notRunning" && !document.querySelector('[data-testid="stSkeleton"]')"""
RUNNING = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state")
    === "running" """
VILLAGE_PICKER = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
TIMEOUT_MS = 120_000
RAMP_SECONDS = 1.5
READING_MS = (3_000, 10_000)  # how long a viewer looks at a page before the next click


class Tally:
    """What the sessions saw."""

    def __init__(self) -> None:
        self.page_seconds: list[float] = []
        self.errors: list[str] = []
        self.wrong_filter: list[str] = []
        self.steps = 0


def shows(url: str, path: str, village: int | None) -> bool:
    """Whether the URL is the page at `path` ("" for the home page) with this village in its filter."""
    parts = urlsplit(url)
    return (parts.path.strip("/") == path
            and parse_qs(parts.query).get("village", [None])[0] == (str(village) if village else None))


async def drawn(page: Page, path: str, village: int | None) -> float:
    """Seconds until the URL shows the page and village just asked for, its script run is over and nothing waits to
    be drawn."""
    started = time.monotonic()
    await page.wait_for_url(lambda url: shows(url, path, village), wait_until="commit")
    await page.wait_for_timeout(100)  # the rerun starts
    await page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=50)
    return time.monotonic() - started


async def check(page: Page, village: int | None, names: dict[int, str], who: str, tally: Tally) -> None:
    """The page shows this session's village (picker and URL) and no exception."""
    if await page.locator('[data-testid="stException"]').count():
        tally.errors.append(f"{who}: an exception on {page.url}")
    shown = await page.locator(VILLAGE_PICKER).first.get_by_role("combobox").input_value()
    in_url = parse_qs(urlsplit(page.url).query).get("village", [None])[0]
    expected = names[village] if village else T.text("filter.all", "zh")
    if shown != expected or in_url != (str(village) if village else None):
        tally.wrong_filter.append(f"{who}: chose {expected}, shown {shown}, URL {page.url}")


async def sign_in(page: Page) -> None:
    """Sign in as the test harness's leader (the demo database carries the harness's accounts); the link's
    page and village open afterwards."""
    form = page.locator(SIGN_IN_FORM)
    await form.locator('input[type="password"]').wait_for(timeout=TIMEOUT_MS)
    await form.locator('input[type="text"]').fill("leader")
    await form.locator('input[type="password"]').fill(PASSWORD)
    await form.locator('[data-testid="stFormSubmitButton"] button').click()
    await form.wait_for(state="detached", timeout=TIMEOUT_MS)


async def session(browser: Browser, base: str, number: int, names: dict[int, str], until: float,
                  tally: Tally) -> None:
    rng = random.Random(number)
    villages = [None, *names]
    village = villages[number % len(villages)]
    who, path = f"session {number}", ""
    await asyncio.sleep(number * RAMP_SECONDS)  # viewers arrive one after the other, not in the same millisecond
    context = await browser.new_context(viewport=SMALL, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    page.on("console", lambda message: message.type == "error" and "404" not in message.text
            and tally.errors.append(f"{who}: console error {message.text}"))
    try:
        await page.goto(f"{base}/?village={village}" if village else base, wait_until="commit")
        await sign_in(page)
        await page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=100)
        await check(page, village, names, who, tally)
        while time.monotonic() < until:
            await page.wait_for_timeout(rng.uniform(*READING_MS))
            if rng.random() < 0.75:
                spec = rng.choice(PAGES)
                path = "" if spec is PAGES[0] else spec.url_path
                await page.locator('[data-testid="stSidebarNavLink"]', has_text=spec.title_zh).first.click()
            else:
                village = rng.choice([v for v in villages if v != village])
                await page.locator(VILLAGE_PICKER).first.click()
                await page.get_by_role("option").nth(villages.index(village)).click()
            tally.page_seconds.append(await drawn(page, path, village))
            tally.steps += 1
            await check(page, village, names, who, tally)
    except Exception as error:
        tally.errors.append(f"{who}: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await context.close()


async def drive(base: str, processes: list[str], sessions: int, minutes: float, names: dict[int, str]) -> Tally:
    """The sessions through nginx at `base`, once each app process (at `processes`) has run the app once."""
    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for process in processes:  # imports and caches, as after a server's first viewer
            page = await browser.new_page()
            await page.goto(process)
            await sign_in(page)
            await page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=100)
            await page.close()
        until = time.monotonic() + minutes * 60
        await asyncio.gather(*(session(browser, base, n, names, until, tally) for n in range(sessions)))
        await browser.close()
    return tally


def peak_memory_mb(port: int) -> float:
    """VmHWM (peak resident memory) of the app process listening on `port`, in MB."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(arguments) and str(port).encode() in arguments:
                status = (cmdline.parent / "status").read_text()
                return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024
        except (OSError, StopIteration):
            continue
    return float("nan")


def village_names(url: str) -> dict[int, str]:
    """The villages of the database, by id, in the filter bar's order."""
    engine = create_engine(url)
    with engine.connect() as conn:
        names = dict(conn.execute(select(Village.id, Village.name).order_by(Village.id)).all())
    engine.dispose()
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep-log", type=Path, help="copy nginx's access log here (and its error log beside it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        url = stack.enter_context(postgresql_demo_database())
        names = village_names(url)
        logs = [Path(folder) / f"streamlit-{i}.log" for i in range(args.processes)]
        bases = [stack.enter_context(streamlit_app(url, log, error_details=False)) for log in logs]
        ports = [urlsplit(base).port for base in bases]
        port = free_port()
        access_log = stack.enter_context(nginx(Path(folder) / "nginx", port, ports))
        started = time.monotonic()
        tally = asyncio.run(drive(f"http://127.0.0.1:{port}", bases, args.sessions, args.minutes, names))
        elapsed = time.monotonic() - started
        report(args, tally, elapsed, ports, processes(access_log), logs)
        if args.keep_log:
            args.keep_log.write_bytes(access_log.read_bytes())
            args.keep_log.with_suffix(".error.log").write_bytes(access_log.with_name(ERROR_LOG).read_bytes())


def report(args: argparse.Namespace, tally: Tally, elapsed: float, ports: list[int],
           answered: dict[str, set[str]], logs: list[Path]) -> None:
    seconds = sorted(tally.page_seconds)
    print(f"{args.sessions} sessions in one chromium through nginx, {args.processes} app processes, PostgreSQL demo "
          f"(scale 1), {elapsed / 60:.1f} minutes")
    print(f"steps (page changes and filter choices): {tally.steps}")
    print(f"errors: {len(tally.errors)}")
    for error in tally.errors[:20]:
        print(f"  {error}")
    print(f"steps that showed another filter than the session's own: {len(tally.wrong_filter)}")
    for wrong in tally.wrong_filter[:20]:
        print(f"  {wrong}")
    if seconds:
        print(f"page time: median {statistics.median(seconds):.2f} s, 90th percentile "
              f"{seconds[int(0.9 * (len(seconds) - 1))]:.2f} s, slowest {seconds[-1]:.2f} s")
    print(f"browsers answered by more than one process: {sum(len(u) > 1 for u in answered.values())}")
    for port, log in zip(ports, logs):
        browsers = sum(1 for upstreams in answered.values() if f"127.0.0.1:{port}" in upstreams)
        tracebacks = log.read_text(encoding="utf-8", errors="replace").count(TRACEBACK)
        print(f"app process on port {port}: {browsers} browsers, peak memory {peak_memory_mb(port):.0f} MB, "
              f"{tracebacks} tracebacks in its log")


if __name__ == "__main__":
    main()
