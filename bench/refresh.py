"""After a write, and after a restart, how long the query cache's background refresh takes (ui.cache), and what the
next viewer waits.

    .venv/bin/python -m bench.refresh [--database-url URL] [--places district,township,village]

On the county (default: cockpit_bench on the local PostgreSQL, 100 townships), signed in as a leader: every page at
every place is run once with an empty query cache (the first viewer: every query runs, and the cache remembers the
calls); then the data version is moved on as a write would move it (data_version's own UPDATE: nothing else
changes), the remembered calls are refreshed as the app's watcher thread does, and every page at every place is run
again in a new session: the next viewer's wait. Then a restart: the remembered calls are saved to a file as the
watcher saves them, the process forgets them and empties its cache as a new process would start, the warm start runs
the saved calls, and every page at every place is run again in a new session. One round: the refresh and the warm
start are what it measures, and each runs once.
"""
import argparse
import os
import resource
import tempfile
import time
from pathlib import Path
from unittest import mock

import streamlit as st
from sqlalchemy import create_engine, text
from streamlit import config
from streamlit.logger import set_log_level
from streamlit.testing.v1.util import patch_config_options

from bench.pages import COUNTY_URL, NAME_WIDTH, Cell, Place, load_average, milliseconds, padded, page_run, places
from bench.signed_in import leader_session
from data_access.db import data_version
from schema.data_version import BUMP
from ui import cache
from ui.cache import refresh
from ui.navigation import PAGES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=COUNTY_URL)
    parser.add_argument("--places", default="district,township,village", help="of district, township, village")
    args = parser.parse_args(argv)
    config.get_option("logger.level")  # the configuration read first: reading it sets the level back
    set_log_level("error")  # AppTest's runs outside `streamlit run` warn about it on every run
    engine = create_engine(args.database_url)
    where = places(engine, args.places.split(","))
    print(f"bench.refresh · {engine.dialect.name} {engine.url.database} · {os.cpu_count()} cores · load average "
          f"{load_average()} (1, 5, 15 min)\n", flush=True)
    first: dict[tuple[str, str], Cell] = {}
    after: dict[tuple[str, str], Cell] = {}
    restarted: dict[tuple[str, str], Cell] = {}
    with (patch_config_options({"client.showErrorDetails": "full"}), leader_session(engine) as (token, who),
          mock.patch.dict(os.environ, {"DATABASE_URL": args.database_url})):
        for spec in PAGES:  # imports each page's modules and opens the connections: not counted
            page_run(spec, where[-1][1], token)
        for spec in PAGES:
            for title, query in where:
                first[spec.title_en, title] = page_run(spec, query, token)
        with engine.begin() as conn:
            conn.execute(text(BUMP))
        version = data_version()
        start = time.perf_counter()
        calls = refresh(version, data_version)
        seconds = time.perf_counter() - start
        for spec in PAGES:
            for title, query in where:
                after[spec.title_en, title] = page_run(spec, query, token, empty_cache=False)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with tempfile.TemporaryDirectory() as folder:
            saved = Path(folder) / "calls.pickle"
            cache.save_changes(saved, -1)
            cache._recent.clear()  # a new process: nothing remembered, nothing cached
            st.cache_data.clear()
            start = time.perf_counter()
            cache.warm_start(saved)
            warm_seconds, warmed = time.perf_counter() - start, len(cache._recent)
        for spec in PAGES:
            for title, query in where:
                restarted[spec.title_en, title] = page_run(spec, query, token, empty_cache=False)
    print(f"{who}; the refresh after the write ran {calls} remembered calls in {seconds:.1f} s; this process's "
          f"peak memory, with the cache of both versions: {peak:,.0f} MB; after the restart, the warm start ran the "
          f"{warmed} saved calls in {warm_seconds:.1f} s\n")
    for name, then in (("a write and the refresh", after), ("a restart and the warm start", restarted)):
        print(f"A new session's page run, ms: the first viewer (empty cache) → the next viewer after {name}")
        table(where, first, then)
        print()


def table(where: list[Place], first: dict[tuple[str, str], Cell], then: dict[tuple[str, str], Cell]) -> None:
    """One row per page, one column per place: "first → then" ms of a new session's run."""
    cell = 24
    print(padded("", NAME_WIDTH) + "".join(f"{title:>{cell}}" for title, _ in where))
    for spec in PAGES:
        row = [f"{milliseconds(first[spec.title_en, t]).split(' / ')[0]} → "
               f"{milliseconds(then[spec.title_en, t]).split(' / ')[0]}" for t, _ in where]
        print(padded(f"{spec.title_zh} {spec.title_en}", NAME_WIDTH) + "".join(f"{c:>{cell}}" for c in row))


if __name__ == "__main__":
    main()
