"""Query results cached by their arguments (the frozen Filter is hashable) and by the database's data version,
which app.py reads once per script run: a rerun after any write to the database reads fresh figures.

The cache keeps itself warm: the process remembers the most recent calls (RECENT_CALLS), and when the data version
changes (an import, the day's summaries, another program's write) a background thread runs them again at the new
version, so the next viewer of those pages finds their figures computed (`keep_fresh`)."""
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from functools import cache
from typing import ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit import runtime

from data_access.db import DatabaseUnavailable, data_version, get_engine, writing
from data_access.summaries import write_ended

CACHE_ENTRIES = 64  # per query: its results for other places, periods and data versions, least recently used out
RECENT_CALLS = 500  # the calls run again for a new data version
POLL_SECONDS = 10.0  # how often the process asks for the data version between page runs
DATA_VERSION = "data_version"
P = ParamSpec("P")
R = TypeVar("R")
Call = Callable[[int], object]  # a remembered call, made at a data version
log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # the refreshes are worth a line in the server log
_recent: OrderedDict[Hashable, Call] = OrderedDict()
_lock = threading.Lock()


def read_data_version() -> None:
    """Once per script run, before any cached query: the version every cached result of this run is keyed on."""
    st.session_state[DATA_VERSION] = data_version()


@cache
def cached(query: Callable[P, R]) -> Callable[P, R]:
    """`query` with its results cached, e.g. `headline_counts = cached(organisation.headline_counts)`."""

    def at_version(version: int, *args: P.args, **kwargs: P.kwargs) -> R:
        return query(*args, **kwargs)

    at_version.__module__, at_version.__qualname__ = query.__module__, query.__qualname__  # Streamlit's cache key
    cached_query = st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)(at_version)

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        remember((query, args, tuple(sorted(kwargs.items()))), lambda version: cached_query(version, *args, **kwargs))
        return cached_query(st.session_state[DATA_VERSION], *args, **kwargs)

    return run


def remember(key: Hashable, call: Call) -> None:
    """`call` as the most recent of its kind (arguments that cannot be hashed are not remembered)."""
    try:
        hash(key)
    except TypeError:
        return
    with _lock:
        _recent[key] = call
        _recent.move_to_end(key)
        while len(_recent) > RECENT_CALLS:
            _recent.popitem(last=False)


def refresh(version: int, current: Callable[[], int]) -> int:
    """The remembered calls at `version`, most recent first, while `current()` is still that version: how many ran.
    A database error ends the refresh with a warning (the pages then compute what they need)."""
    with _lock:
        calls = list(reversed(_recent.values()))
    for done, call in enumerate(calls):
        try:
            if current() != version:
                return done
            call(version)
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            log.warning("The cache was not refreshed for data version %s: %s", version, str(exc).splitlines()[0])
            return done
    return len(calls)


def watch(seen: int) -> None:
    """Forever: the data version every POLL_SECONDS, and a refresh of the remembered calls whenever it changed."""
    while True:
        time.sleep(POLL_SECONDS)
        try:
            version = data_version()
        except (DatabaseUnavailable, SQLAlchemyError):
            continue  # the pages say so; the next poll asks again
        if version != seen:
            seen, start = version, time.perf_counter()
            done = refresh(version, data_version)
            log.info("Cache refreshed for data version %s: %d queries in %.1f s", version, done,
                     time.perf_counter() - start)


@st.cache_resource(show_spinner=False)
def keep_fresh() -> None:
    """Once per server process, after read_data_version: the thread that runs `watch` from the version this run read
    (not in Streamlit's AppTest, whose runtime is a stand-in, nor in bare mode)."""
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        threading.Thread(target=watch, args=(st.session_state[DATA_VERSION],), name="cache-refresh",
                         daemon=True).start()


@st.cache_resource(show_spinner=False)
def summarise_ended(day: date) -> None:
    """Once per app process and day: the loop summaries of the periods ended since they were last written
    (data_access.summaries); pages read the case history for whatever they lack."""
    try:
        with writing(get_engine()) as conn:
            write_ended(conn, day)
    except (DatabaseUnavailable, SQLAlchemyError) as exc:  # an account that may not, another process at the same time
        log.warning("The loop summaries were not written: %s", str(exc).splitlines()[0])
