"""Browser benchmark: how long the township map takes to draw, against empty Streamlit pages.

    .venv/bin/python -m bench.map_page [--rounds 10]

In Debian's chromium (headless, nothing intercepted), per viewport, the median time from navigating to a page until
it is drawn, the pages taken in turn each round (the first two rounds warm the caches and are not counted):

    empty page           a one-line Streamlit app (st.title) at /
    empty sub-page       the same as the second page of a two-page app, at /empty: the URL depth of /map, which
                         costs Streamlit an extra health probe
    map alone            the township map as the only element of a one-page app at /: the map's own cost
    cockpit empty page   the cockpit's shell (sidebar menu, filter bar, demo banner) around an empty page, at /empty
    cockpit map page     the cockpit's /map

and, as leaders mostly move between pages in the sidebar menu (no page load, no new connection), the time from
a click in the menu until the cockpit's empty page, or its map page, is drawn.

"Drawn" is the title for the empty pages; for the map pages the 6 village areas, the centre, the 6 village stations
and the 34 片区 service points in the map's frame.
"""
import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.signed_in import leader_session
from tests.browser.conftest import AS_OF, CHROMIUM, LARGE, ROOT, SMALL, demo_database_at, streamlit_app
from ui.signin import TOKEN

TITLED = '() => document.querySelector("h1")?.textContent === "empty"'
MAP_DRAWN = """() => {
    const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]')?.contentDocument;
    return !!map && map.querySelectorAll("path.map-village").length === 6
        && map.querySelectorAll(".map-centre").length === 1 && map.querySelectorAll(".map-station").length === 6
        && map.querySelectorAll("path.map-service-point").length === 34;
}"""
SHELL_DRAWN = ('() => document.querySelector("h1")?.textContent === "empty"'
               ' && document.querySelectorAll("[data-testid=stSelectbox]").length === 4')  # and the filter bar's pickers
EMPTY = 'import streamlit as st\n\nst.title("empty")\n'
TWO_PAGES = 'import streamlit as st\n\nst.navigation([st.Page("home.py", default=True), st.Page("empty.py")]).run()\n'
MAP_ALONE = f'''from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from data_access import geo
from data_access.filters import Filter, Period
from ui.map import NO_VALUE, township_map, with_properties


def named(collection: geo.Geo) -> geo.Geo:
    return with_properties(collection, {{(f["properties"]["kind"], f["properties"]["id"]): {{
        "colour": NO_VALUE, "tooltip": f["properties"]["name"], "popup": f["properties"]["name"]}}
        for f in collection["features"]}})


f = Filter(Period("month", date({AS_OF.year}, {AS_OF.month}, 1)))
the_map = township_map(geo.township_outlines(f), named(geo.village_areas(f)), named(geo.map_points(f)), None)
st_folium(the_map, height=560, use_container_width=True, returned_objects=[], render=False)
'''
SHELL = '''"""The cockpit's app.py, signed in as a leader, with one more page: empty.py, which shows only a title."""
from pathlib import Path

import streamlit as st

from ui.navigation import PAGES, PageSpec

st.session_state.setdefault({key!r}, {token!r})

EMPTY = PageSpec("empty.py", "空白", "Empty", ":material/check_box_outline_blank:")
if EMPTY not in PAGES:  # the module stays imported between runs
    PAGES.append(EMPTY)
exec(compile(Path("app.py").read_text(encoding="utf-8"), "app.py", "exec"))
'''
SHELL_PAGE = 'import streamlit as st\n\nfrom ui.filter_bar import current_selection\n\ncurrent_selection()\nst.title("empty")\n'


def app_folder(base: Path, name: str, files: dict[str, str], leaflet: bool = False, pages: bool = False) -> Path:
    """A folder holding a Streamlit app's files, with the cockpit's Leaflet files and pages when asked."""
    folder = base / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    if leaflet:
        shutil.copytree(ROOT / "static" / "node_modules" / "leaflet" / "dist",
                        folder / "static" / "node_modules" / "leaflet" / "dist")
    if pages:
        (folder / "pages").symlink_to(ROOT / "pages")
    return folder


def seconds_until(page: Page, url: str, drawn: str) -> float:
    page.goto("about:blank")
    start = time.monotonic()
    page.goto(url)
    page.wait_for_function(drawn, polling="raf", timeout=60_000)
    return time.monotonic() - start


def seconds_after_click(page: Page, url: str, link: str, drawn: str) -> float:
    """From a click on `link` in the menu of the page at `url` (drawn and idle) until `drawn` holds."""
    page.goto(url)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.wait_for_timeout(300)
    start = time.monotonic()
    page.locator('[data-testid="stSidebarNavLink"]', has_text=link).click()
    page.wait_for_function(drawn, polling="raf", timeout=60_000)
    return time.monotonic() - start


def medians(page: Page, timings: dict[str, Callable[[Page], float]], rounds: int) -> dict[str, float]:
    """Each timing taken in turn per round; the first two rounds warm the caches and are not counted."""
    times: dict[str, list[float]] = {name: [] for name in timings}
    for round_ in range(rounds + 2):
        for name, timing in timings.items():
            seconds = timing(page)
            if round_ >= 2:
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack, sync_playwright() as playwright:
        base = Path(tmp)
        engine = demo_database_at(base / "demo.db")
        database = engine.url.render_as_string(hide_password=False)
        token, _ = stack.enter_context(leader_session(engine))

        def serve(folder: Path, script: str, database_url: str = "sqlite://") -> str:
            log = base / f"{folder.name}.log"  # not in the folder: the cockpit's is the repository
            return stack.enter_context(streamlit_app(database_url, log, str(folder / script)))

        empty = app_folder(base, "empty", {"app.py": EMPTY})
        two_pages = app_folder(base, "two-pages", {"app.py": TWO_PAGES, "home.py": EMPTY, "empty.py": EMPTY})
        alone = app_folder(base, "map-alone", {"app.py": MAP_ALONE}, leaflet=True)
        shell = app_folder(base, "shell", {"app.py": SHELL.format(key=TOKEN, token=token), "empty.py": SHELL_PAGE},
                           leaflet=True, pages=True)
        shell_url = serve(shell, "app.py", database)
        loads = {
            "empty page": (serve(empty, "app.py"), TITLED),
            "empty sub-page": (serve(two_pages, "app.py") + "/empty", TITLED),
            "map alone": (serve(alone, "app.py", database), MAP_DRAWN),
            "cockpit empty page": (shell_url + "/empty", SHELL_DRAWN),
            "cockpit map page": (shell_url + "/map", MAP_DRAWN),
        }
        timings = {name: partial(seconds_until, url=url, drawn=drawn) for name, (url, drawn) in loads.items()}
        timings["menu → empty page"] = partial(seconds_after_click, url=f"{shell_url}/map", link="空白", drawn=TITLED)
        timings["menu → map page"] = partial(seconds_after_click, url=f"{shell_url}/empty", link="网格地图",
                                            drawn=MAP_DRAWN)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        print(f"median of {rounds} rounds")
        for viewport in (SMALL, LARGE):
            context = browser.new_context(viewport=viewport, locale="zh-CN")
            times = medians(context.new_page(), timings, rounds)
            context.close()
            print(f"\n{viewport['width']}×{viewport['height']}  page loads: × the empty page / the empty sub-page / the "
                  "cockpit empty page")
            for name in loads:
                ratios = " / ".join(f"{times[name] / times[base]:.2f}"
                                    for base in ("empty page", "empty sub-page", "cockpit empty page"))
                print(f"  {name:20} {times[name] * 1000:6.0f} ms   × {ratios}")
            print("  switching pages in the menu:")
            for name in ("menu → empty page", "menu → map page"):
                print(f"  {name:20} {times[name] * 1000:6.0f} ms   × "
                      f"{times[name] / times['menu → empty page']:.2f}")
        browser.close()

if __name__ == "__main__":
    main()
