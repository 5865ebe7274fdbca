"""Every page of the cockpit: the server time of a whole page run, and the time chromium takes to draw it.

    .venv/bin/python -m bench.pages [--scales 1,100] [--repeat 3] [--database-url URL] [--no-browser]

Server time: for each page of the leader's navigation (the leader sees every section) and each place, the wall time
of one complete run of app.py on that page, signed in as a leader, with the place in its URL query (district: no
township; one township; one village), in Streamlit's AppTest inside this process (the script run plus AppTest's
reading of what it sent). Each measurement is a new session: "cold" right after clearing Streamlit's cache_data (every
query runs), then "warm" a rerun of the same session (the cached queries answer). Median of --repeat rounds, after
one round that imports the pages' modules and is not counted. Scale 1 is the demo township on a throwaway SQLite
file, where the district is the one township; a larger scale is --database-url (default: the county cockpit_bench on
the local PostgreSQL, used when it holds that many townships; it is read, and written only to open and close the
bench's session and, when it has no leader, to add the account bench_leader), else a throwaway PostgreSQL database
built at that scale.

Drawing time: in Debian's headless chromium at 1280×720, each page of the demo township (scale 1, whole township) is
loaded from a streamlit server already signed in as the leader (app.py run by a wrapper that puts the session into
st.session_state), against an empty one-line Streamlit page (st.title) served the same way (same command line,
same .streamlit/config.toml), and against the cockpit's shell (sign-in, menu, filter bar, demo banner) around an
empty page, pages in turn per round, the first round warming the server's cache and not counted.
From the navigation (performance.now()) to "completely drawn": the script run is over (data-test-script-state
notRunning), nothing is a placeholder (stSkeleton) or stale, and every element of non-zero size is drawn (a chart's
canvas or svg, a data frame's canvas, a map frame's Leaflet layers), unchanged for 0.5 s; "first screenful": from
when what the 1280×720 window shows (the elements in it, their place, size, text length and drawn state) has looked
as it does at the end.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import streamlit as st
from playwright.sync_api import sync_playwright
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.exc import OperationalError
from streamlit import config
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from bench.map_page import EMPTY, SHELL, SHELL_PAGE, app_folder
from bench.signed_in import SIGNED_IN, leader_session
from bench.run import database
from schema import Township, Village
from tests.browser.conftest import CHROMIUM, ROOT, SMALL, demo_database_at, demo_with_accounts, streamlit_app
from ui.navigation import PAGES, PageSpec
from ui.signin import PAGE, TOKEN

COUNTY_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/cockpit_bench"
RUN_TIMEOUT_SECONDS = 600
NAME_WIDTH = 32  # terminal columns of the page names
SHELL_ROW = "cockpit shell, empty page"  # what every page of the cockpit draws around its content
Place = tuple[str, dict[str, str]]  # a column's title, the URL query
Cell = tuple[float, float] | str  # cold and warm seconds, or what went wrong
RECORDER = """(() => {
    if (window.top !== window) return;
    const STABLE_MS = 500;
    const bench = window.__bench = {done: false, pending: []};
    let view = null, viewSince = 0, all = null, allSince = 0, drawnSince = null;
    const drawn = element => {
        if (element.querySelector('[data-testid="stSkeleton"]')) return false;
        const chart = element.querySelector('[data-testid="stVegaLiteChart"]');
        if (chart) return !!chart.querySelector("canvas, svg");
        const grid = element.querySelector('[data-testid="stDataFrame"]');
        if (grid) return !!grid.querySelector("canvas");
        const frame = element.querySelector("iframe");
        if (!frame) return true;
        const inner = frame.contentDocument;
        if (!inner || inner.readyState !== "complete" || !inner.body?.childElementCount) return false;
        return !inner.querySelector(".leaflet-container") || !!inner.querySelector(".leaflet-overlay-pane path");
    };
    const tick = () => {
        const now = performance.now();
        const app = document.querySelector('[data-testid="stApp"]');
        const leaves = [...document.querySelectorAll('[data-testid="stElementContainer"]')]
            .filter(element => !element.querySelector('[data-testid="stElementContainer"]'));
        let complete = app?.dataset.testScriptState === "notRunning" && leaves.length > 0;
        const inView = [], everything = [], pending = [];
        for (const element of leaves) {
            const box = element.getBoundingClientRect();
            if (!box.width || !box.height) continue;
            const ok = drawn(element) && element.dataset.stale !== "true";
            if (!ok) pending.push(element.firstElementChild?.dataset.testid);
            complete = complete && ok;
            const look = [element.firstElementChild?.dataset.testid, Math.round(box.x), Math.round(box.y),
                          Math.round(box.width), Math.round(box.height), element.textContent.length, ok].join();
            everything.push(look);
            if (box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth) inView.push(look);
        }
        const viewNow = inView.join("|"), allNow = everything.join("|");
        if (viewNow !== view) [view, viewSince] = [viewNow, now];
        if (allNow !== all) [all, allSince] = [allNow, now];
        drawnSince = complete ? (drawnSince ?? now) : null;
        bench.pending = pending;
        const since = drawnSince === null ? null : Math.max(drawnSince, allSince);
        if (since !== null && now - since >= STABLE_MS) {
            Object.assign(bench, {done: true, complete: since, first: Math.min(viewSince, since)});
            return;
        }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})()"""


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def places(engine: Engine, kinds: list[str]) -> list[Place]:
    """Of the district (no township), the first township and its first village, those of `kinds`; with one
    township, the district is that township."""
    with engine.connect() as conn:
        count, township = conn.execute(select(func.count(Township.id), func.min(Township.id))).one()
        village = conn.execute(select(func.min(Village.id)).where(Village.township_id == township)).scalar_one()
    found = {"district": ("district", {}), "township": (f"township {township}", {"township": str(township)}),
             "village": (f"village {village}", {"village": str(village)})}
    if count == 1:
        found["district"] = found["township"] = ("district = township", {})
    chosen: list[Place] = []
    for kind in kinds:
        if found[kind] not in chosen:
            chosen.append(found[kind])
    return chosen


def shows(app: AppTest, spec: PageSpec, query: dict[str, str]) -> str:
    """What is wrong with a finished run of the page at this place ("" when nothing)."""
    if app.exception:
        return f"exception: {app.exception[0].message.splitlines()[0]}"
    if app.error:
        return f"error shown: {app.error[0].value.splitlines()[0]}"
    if PAGE not in app.session_state:
        return "no page ran (not signed in?)"
    path, selection = app.session_state[PAGE]
    page = "" if spec == PAGES[0] else spec.url_path  # the home page is at /
    wanted = {key: int(value) for key, value in query.items()}
    chosen = {"township": selection.township_id, "village": selection.village_id}
    if path != page or any(chosen[key] != value for key, value in wanted.items()) or (
            not wanted and selection.township_id is not None):
        return f"ran {path or 'home'} with {chosen}"
    return ""


def page_run(spec: PageSpec, query: dict[str, str], token: str, empty_cache: bool = True) -> Cell:
    """A new session's run of the page with an empty query cache (or the cache as it is), then its rerun: seconds
    of each."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT_SECONDS)
    app.session_state[TOKEN] = token
    app.query_params.update(query)
    app.switch_page(spec.path)  # before the first run: the page's file name, which is its url_path
    seconds = []
    for clear in (empty_cache, False):
        if clear:
            st.cache_data.clear()
        start = time.perf_counter()
        try:
            app.run()
        except RuntimeError as error:  # e.g. the run took longer than RUN_TIMEOUT_SECONDS
            return f"failed: {error}"
        seconds.append(time.perf_counter() - start)
        if wrong := shows(app, spec, query):
            return wrong
    return seconds[0], seconds[1]


def server_times(database_url: str, token: str, where: list[Place], repeat: int) -> dict[str, dict[str, Cell]]:
    """Per page (English title) and place: the median cold and warm run, or the first thing that went wrong."""
    runs: dict[str, dict[str, list[Cell]]] = {spec.title_en: {title: [] for title, _ in where} for spec in PAGES}
    with mock.patch.dict(os.environ, {"DATABASE_URL": database_url}):
        for spec in PAGES:  # imports each page's modules and opens the connections: not counted
            page_run(spec, where[-1][1], token)
        for _ in range(repeat):  # round by round, so that a change in the machine's load hits every page
            for spec in PAGES:
                for title, query in where:
                    runs[spec.title_en][title].append(page_run(spec, query, token))
    return {page: {title: median(cells) for title, cells in by_place.items()} for page, by_place in runs.items()}


def median(cells: list[Cell]) -> Cell:
    timed = [cell for cell in cells if not isinstance(cell, str)]
    if len(timed) < len(cells):
        return next(cell for cell in cells if isinstance(cell, str))
    return statistics.median(cold for cold, _ in timed), statistics.median(warm for _, warm in timed)


def padded(text: str, width: int) -> str:
    """`text` and spaces to `width` terminal columns (a Chinese character takes two)."""
    return text + " " * (width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))


def milliseconds(cell: Cell) -> str:
    return "error" if isinstance(cell, str) else f"{cell[0] * 1000:,.0f} / {cell[1] * 1000:,.0f}"


def print_server_table(columns: dict[str, dict[str, dict[str, Cell]]], notes: list[str], repeat: int) -> None:
    """One row per page, one column per scale and place: "cold / warm" milliseconds; then what went wrong."""
    print(f"Server time of a whole page run, signed in as a leader: cold query cache / warm rerun, ms, median of "
          f"{repeat}")
    print("\n".join(notes))
    titles = [(scale, place) for scale, pages in columns.items() for place in next(iter(pages.values()))]
    cell = max(16, *(len(f"{scale} {place}") + 2 for scale, place in titles))
    print(padded("", NAME_WIDTH) + "".join(f"{f'{scale} {place}':>{cell}}" for scale, place in titles))
    problems = []
    for spec in PAGES:
        cells = [columns[scale][spec.title_en][place] for scale, place in titles]
        print(padded(f"{spec.title_zh} {spec.title_en}", NAME_WIDTH) + "".join(f"{milliseconds(c):>{cell}}"
                                                                           for c in cells))
        problems += [f"  {spec.title_en}, {scale} {place}: {c}" for (scale, place), c in zip(titles, cells)
                     if isinstance(c, str)]
    slowest = [max((c for spec in PAGES if isinstance(c := columns[scale][spec.title_en][place], tuple)),
                   default="", key=lambda c: c[0]) for scale, place in titles]
    print(padded("slowest page (cold)", NAME_WIDTH) + "".join(f"{milliseconds(c) if c else '':>{cell}}"
                                                              for c in slowest))
    if problems:
        print("went wrong:\n" + "\n".join(problems))


@contextmanager
def database_at(scale: int, database_url: str | None) -> Iterator[tuple[str, Engine, str]]:
    """The database measured at `scale`: its URL, an engine and how it was found or made."""
    if scale == 1:
        with tempfile.TemporaryDirectory() as folder:
            engine = demo_database_at(Path(folder) / "demo.db")
            yield engine.url.render_as_string(hide_password=False), engine, "sqlite, the demo township, built now"
            engine.dispose()
        return
    url = database_url or COUNTY_URL
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            townships = conn.execute(select(func.count(Township.id))).scalar_one()
    except OperationalError:
        townships = None
    if database_url or townships == scale:
        yield url, engine, f"{engine.dialect.name} {engine.url.database}, {townships} townships, as found"
        engine.dispose()
        return
    engine.dispose()
    with database(scale) as built:
        start = time.perf_counter()
        demo_with_accounts(built, scale)
        note = f"{built.dialect.name}, {scale} townships, built now in {time.perf_counter() - start:.0f} s"
        yield built.url.render_as_string(hide_password=False), built, note


def drawing_times(database_url: str, token: str, repeat: int) -> dict[str, tuple[float, float]]:
    """Per page (and "empty page"): the median seconds until completely drawn and until the first screenful is."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack, sync_playwright() as playwright:
        base = Path(tmp)
        empty = app_folder(base, "empty", {"app.py": EMPTY})
        signed_in = app_folder(base, "signed-in", {"app.py": SIGNED_IN.format(key=TOKEN, token=token, script="app.py")},
                               leaflet=True, pages=True)
        shell = app_folder(base, "shell", {"app.py": SHELL.format(key=TOKEN, token=token), "empty.py": SHELL_PAGE},
                           leaflet=True, pages=True)
        cockpit = stack.enter_context(streamlit_app(database_url, base / "signed-in.log", str(signed_in / "app.py")))
        empty_url = stack.enter_context(streamlit_app("sqlite://", base / "empty.log", str(empty / "app.py")))
        shell_url = stack.enter_context(streamlit_app(database_url, base / "shell.log", str(shell / "app.py")))
        urls = {"empty page": empty_url, SHELL_ROW: f"{shell_url}/empty"}
        urls |= {f"{spec.title_zh} {spec.title_en}": f"{cockpit}/{'' if i == 0 else spec.url_path}"
                 for i, spec in enumerate(PAGES)}
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport=SMALL, locale="zh-CN")
        context.add_init_script(RECORDER)
        page = context.new_page()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in urls}
        for round_ in range(repeat + 1):
            for name, url in urls.items():
                page.goto("about:blank")
                page.goto(url)
                try:
                    page.wait_for_function("() => window.__bench?.done", timeout=60_000, polling=100)
                except Exception as error:
                    pending = page.evaluate("() => window.__bench?.pending")
                    raise RuntimeError(f"{name} not drawn in 60 s; waiting on {pending}") from error
                drawn = page.evaluate("() => [window.__bench.complete, window.__bench.first]")
                if round_:
                    times[name].append((drawn[0] / 1000, drawn[1] / 1000))
        browser.close()
    return {name: (statistics.median(t[0] for t in values), statistics.median(t[1] for t in values))
            for name, values in times.items()}


def print_drawing_table(times: dict[str, tuple[float, float]], note: str, repeat: int) -> None:
    print(f"Chromium drawing time at {SMALL['width']}×{SMALL['height']}, the demo township (scale 1, SQLite, whole "
          f"township), warm server cache, median of {repeat} page loads; {note}")
    empty = times["empty page"][0]
    print(padded("", NAME_WIDTH) + f"{'completely drawn':>22}{'first screenful':>22}")
    for name, (complete, first) in times.items():
        print(padded(name, NAME_WIDTH) + "".join(f"{f'{s * 1000:,.0f} ms  {s / empty:4.2f}×':>22}"
                                                 for s in (complete, first)))
    print(f"(× the empty page completely drawn, {empty * 1000:,.0f} ms)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100", help="comma-separated (1 = SQLite, more = PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help=f"the database of the scale above 1 (default: {COUNTY_URL} when it "
                                               "holds that many townships, else one built now)")
    parser.add_argument("--places", default="district,township,village", help="of district, township, village")
    parser.add_argument("--no-browser", action="store_true", help="only the server time")
    args = parser.parse_args(argv)
    config.get_option("logger.level")  # the configuration read first: reading it sets the level back
    set_log_level("error")  # AppTest's runs outside `streamlit run` warn about it on every run
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(f"bench.pages · commit {commit.stdout.strip()} · {os.cpu_count()} cores · load average "
          f"{load_average()} (1, 5, 15 min)\n", flush=True)
    columns, notes, drawn, drawn_note = {}, [], None, ""
    with patch_config_options({"client.showErrorDetails": "full"}):  # what went wrong, in full
        for scale in map(int, args.scales.split(",")):
            with database_at(scale, args.database_url) as (url, engine, note), leader_session(engine) as (token, who):
                start = load_average()
                columns[f"×{scale}"] = server_times(url, token, places(engine, args.places.split(",")), args.repeat)
                notes.append(f"  ×{scale}: {note}; {who}; load average {start} before, {load_average()} after")
                if scale == 1 and not args.no_browser:
                    start = load_average()
                    drawn = drawing_times(url, token, args.repeat)
                    drawn_note = f"load average {start} before, {load_average()} after"
    print_server_table(columns, notes, args.repeat)
    if drawn:
        print()
        print_drawing_table(drawn, drawn_note, args.repeat)


if __name__ == "__main__":
    main()
