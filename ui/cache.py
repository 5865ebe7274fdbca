"""Query results cached by their arguments (the frozen Filter is hashable) and by the database's data version,
which app.py reads once per script run: a rerun after any write to the database reads fresh figures.

The cache keeps itself warm: the process remembers the most recent calls (RECENT_CALLS), and when the data version
changes (an import, the day's summaries, another program's write) a background thread runs them again at the new
version, so the next viewer of those pages finds their figures computed (`keep_fresh`). The calls are also saved to
a file (ui.saved_calls), from which a restarted process computes them before its first viewer has signed in."""
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from functools import cache
from pathlib import Path
from typing import Generic, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit import runtime
from streamlit.runtime.parallel_coordinator import _scoped_ctx_attach
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from data_access.db import DatabaseUnavailable, data_version, get_engine, writing
from data_access.summaries import write_ended, write_running
from ui import saved_calls
from ui.saved_calls import Call

CACHE_ENTRIES = 64  # per query: its results for other places, periods and data versions, least recently used out
RECENT_CALLS = 500  # the calls run again for a new data version
POLL_SECONDS = 10.0  # how often the process asks for the data version between page runs
HELPERS = 2 * (os.cpu_count() or 1)  # threads of the process that run queries a page has started ahead (`soon`)
DATA_VERSION = "data_version"
P = ParamSpec("P")
R = TypeVar("R")
log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # the refreshes are worth a line in the server log
_recent: OrderedDict[Call, None] = OrderedDict()  # the most recent last
_lock = threading.Lock()
_changes = 0  # how often _recent changed: the watcher saves it when this moved on
_running_failure: str | None = None  # why the running summaries were last not written
_helpers = ThreadPoolExecutor(HELPERS, thread_name_prefix="query")


def read_data_version() -> None:
    """Once per script run, before any cached query: the version every cached result of this run is keyed on."""
    st.session_state[DATA_VERSION] = data_version()


@cache
def versioned(query: Callable[P, R]) -> Callable[..., R]:
    """`query` cached by Streamlit, with the data version as its first argument."""

    def at_version(version: int, *args: P.args, **kwargs: P.kwargs) -> R:
        return query(*args, **kwargs)

    at_version.__module__, at_version.__qualname__ = query.__module__, query.__qualname__  # Streamlit's cache key
    return st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)(at_version)


def cached(query: Callable[P, R]) -> Callable[P, R]:
    """`query` with its results cached, e.g. `headline_counts = cached(organisation.headline_counts)`."""

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return _at_this_run(query, *args, **kwargs)()

    return run


def _at_this_run(query: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Callable[[], R]:
    """The call, remembered for the refreshes, bound to this script run's data version: run it to get its cached
    result."""
    remember((query, args, tuple(sorted(kwargs.items()))))
    return _bound(query, *args, **kwargs)


def _bound(query: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Callable[[], R]:
    version = st.session_state[DATA_VERSION]
    return lambda: versioned(query)(version, *args, **kwargs)


def later(query: Callable[P, R]) -> Callable[P, Callable[[], R]]:
    """`cached(query)` bound to this run's data version, run only if called, and not remembered for the refreshes:
    for what a viewer asks for now and then (all rows of a long list): `rows = later(people.unlinked_households)(f)`,
    later `rows()`."""

    def bind(*args: P.args, **kwargs: P.kwargs) -> Callable[[], R]:
        return _bound(query, *args, **kwargs)

    return bind


def in_this_session(build: Callable[[], R]) -> Callable[[], R]:
    """`build`, to be run on another thread (a download's click), with this session's script context: its state
    (the viewer's language) and its cache."""
    page = get_script_run_ctx()

    def run() -> R:
        with _scoped_ctx_attach(page):  # then the thread's own context again (a pool thread runs other work too)
            return build()

    return run


class Soon(Generic[R]):
    """A cached query started on a helper thread: `result()` waits for it, or runs it on the page's own thread
    when no helper has taken it yet (so a page never waits for other sessions' queries)."""

    def __init__(self, run: Callable[[], R]) -> None:
        self._run = run
        self._future: Future[R] = _helpers.submit(self._helped, get_script_run_ctx())

    def _helped(self, page: ScriptRunContext | None) -> R:
        add_script_run_ctx(threading.current_thread(), page)  # Streamlit's cache knows the session
        return self._run()

    def result(self) -> R:
        return self._run() if self._future.cancel() else self._future.result()


def soon(query: Callable[P, R]) -> Callable[P, Soon[R]]:
    """`cached(query)` started at once on one of the process's HELPERS threads, for queries of a page that do not
    wait for each other: `figures = soon(loop.loop_figures)(f)`, later `figures.result()`. The database works on
    several of them at a time; the result is the cached one, at this run's data version."""

    def start(*args: P.args, **kwargs: P.kwargs) -> Soon[R]:
        return Soon(_at_this_run(query, *args, **kwargs))

    return start


def remember(call: Call) -> None:
    """`call` as the most recent (one whose arguments cannot be hashed is not remembered)."""
    global _changes
    try:
        hash(call)
    except TypeError:
        return
    with _lock:
        _recent[call] = None
        _recent.move_to_end(call)
        while len(_recent) > RECENT_CALLS:
            _recent.popitem(last=False)
        _changes += 1


def refresh(version: int, current: Callable[[], int]) -> int:
    """The remembered calls at `version`, most recent first, while `current()` is still that version: how many ran.
    A database error ends the refresh with a warning (the pages then compute what they need)."""
    with _lock:
        calls = list(reversed(_recent))
    for done, (query, args, kwargs) in enumerate(calls):
        try:
            if current() != version:
                return done
            versioned(query)(version, *args, **dict(kwargs))
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            log.warning("The cache was not refreshed for data version %s: %s", version, str(exc).splitlines()[0])
            return done
        except Exception as exc:  # e.g. a saved call the code has changed under: the others still run
            log.warning("%s.%s was not refreshed: %r", query.__module__, query.__qualname__, exc)
    return len(calls)


def warm_start(saved: Path) -> int | None:
    """The calls saved by an earlier process, remembered and run at the current data version (which it returns;
    None when the database did not answer)."""
    summarise_running()
    calls = saved_calls.load(saved)
    with _lock:
        remembered = list(_recent)
    for call in calls[::-1] + remembered:  # the oldest first, this process's own calls the most recent
        remember(call)
    try:
        version = data_version()
    except (DatabaseUnavailable, SQLAlchemyError):
        return None
    start = time.perf_counter()
    done = refresh(version, data_version)
    log.info("Cache warmed for data version %s from %d saved calls: %d queries in %.1f s", version, len(calls), done,
             time.perf_counter() - start)
    return version


def save_changes(saved: Path, saved_at: int) -> int:
    """The remembered calls written to `saved` when they changed since `saved_at` (a count of changes): the count
    now."""
    with _lock:
        changes, calls = _changes, list(reversed(_recent))
    if changes != saved_at:
        saved_calls.save(saved, calls)
    return changes


def watch(saved: Path) -> None:
    """Forever: a warm start from `saved`, then every POLL_SECONDS the remembered calls saved when they changed, the
    running periods' summaries written when they no longer hold, and the data version asked, with a refresh of those
    calls whenever it changed."""
    seen, saved_at = warm_start(saved), -1
    while True:
        time.sleep(POLL_SECONDS)
        saved_at = save_changes(saved, saved_at)
        summarise_running()
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
    """Once per server process, on its first page run (the sign-in form's too): the thread that runs `watch` (not in
    Streamlit's AppTest, whose runtime is a stand-in, nor in bare mode)."""
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        threading.Thread(target=watch, args=(saved_calls.file_for(get_engine().url),), name="cache-refresh",
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


def summarise_running() -> None:
    """The loop summaries of the running periods, written when the data changed or a day began since they were
    (data_access.summaries); a failure is logged once, the pages then read the case history."""
    global _running_failure
    try:
        with writing(get_engine()) as conn:
            write_running(conn)
    except (DatabaseUnavailable, SQLAlchemyError) as exc:
        failure = str(exc).splitlines()[0]
        if failure != _running_failure:
            log.warning("The running loop summaries were not written: %s", failure)
        _running_failure = failure
    else:
        _running_failure = None
