"""The query cache: keyed on the data version, and refreshed in the background for the calls made recently; the
running periods' loop summaries written again when the data changed."""
import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from data_access import organisation, summaries
from data_access.db import DatabaseUnavailable, data_version
from data_access.filters import Filter, Period
from tests.data_access.demo_fixture import DEMO_DAY
from ui import cache
from ui.cache import DATA_VERSION, cached, refresh, remember, soon

F = Filter(Period.containing("month", DEMO_DAY))


@pytest.fixture
def copy(demo: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The app's database: a copy of the demo that a test may change; an empty cache and no remembered calls."""
    url = f"sqlite:///{shutil.copy(demo.url.database, tmp_path / 'demo.db')}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(cache, "_recent", cache.OrderedDict())
    st.cache_data.clear()
    engine = create_engine(url)
    yield engine
    engine.dispose()
    st.cache_data.clear()


def statements() -> list[str]:
    """The statements the app's engine runs from now on."""
    seen: list[str] = []
    event.listen(cache.get_engine(), "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def returned_talents() -> int:
    st.session_state[DATA_VERSION] = data_version()
    return int(cached(organisation.headline_counts)(F)["returned_talents"].iloc[0])


def test_a_write_refreshes_the_calls_made_so_that_the_next_run_queries_nothing(copy: Engine) -> None:
    assert returned_talents() == 18
    with copy.begin() as conn:
        conn.execute(text("UPDATE talents SET returned = 0 WHERE id = (SELECT min(id) FROM talents WHERE returned)"))
    version = data_version()
    assert refresh(version, lambda: version) == 1
    seen = statements()
    assert returned_talents() == 17  # the new data, from the cache
    assert seen == ["SELECT data_version.version \nFROM data_version"]  # only the version: the figures were ready


ran: list[object] = []


def probe(name: object) -> object:
    """A query that notes its calls."""
    ran.append(name)
    return name


def broken(name: object) -> object:
    raise ValueError(name)


def stalled(name: object) -> object:
    raise DatabaseUnavailable("timeout", "数据库没有响应。", "The database did not answer.")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """No remembered calls, an empty cache, and the calls `probe` ran."""
    monkeypatch.setattr(cache, "_recent", cache.OrderedDict())
    st.cache_data.clear()
    ran.clear()
    yield ran
    st.cache_data.clear()


def test_a_refresh_stops_when_the_data_changes_again(calls: list[object]) -> None:
    for n in range(3):
        remember((probe, (n,), ()))
    versions = iter([7, 7, 8])  # the version before each call
    assert refresh(7, lambda: next(versions)) == 2
    assert calls == [2, 1]


def test_the_most_recent_calls_are_refreshed_first_and_only_so_many(calls: list[object],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RECENT_CALLS", 3)
    for name in ["a", "b", "c", "a", "d"]:  # "a" again: the most recent but one
        remember((probe, (name,), ()))
    remember((probe, (["not", "hashable"],), ()))
    assert refresh(1, lambda: 1) == 3
    assert calls == ["d", "a", "c"]


def test_a_database_error_ends_the_refresh_with_a_warning(calls: list[object],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    remember((probe, ("after",), ()))
    remember((stalled, ("now",), ()))
    with caplog.at_level(logging.WARNING, logger="ui.cache"):
        assert refresh(3, lambda: 3) == 0
    assert calls == []
    assert "The cache was not refreshed for data version 3" in caplog.text


def test_a_call_that_fails_otherwise_is_left_out_and_the_others_run(calls: list[object],
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    remember((probe, ("before",), ()))
    remember((broken, ("odd",), ()))
    with caplog.at_level(logging.WARNING, logger="ui.cache"):
        assert refresh(3, lambda: 3) == 2
    assert calls == ["before"]
    assert "tests.ui.test_cache.broken was not refreshed: ValueError('odd')" in caplog.text


def on_thread(name: object) -> str:
    """A query that says which thread ran it."""
    ran.append(name)
    return threading.current_thread().name


def test_a_query_started_ahead_runs_on_a_helper_and_its_result_is_the_cached_one(calls: list[object]) -> None:
    st.session_state[DATA_VERSION] = 5
    started = soon(on_thread)("ahead")
    for _ in range(500):  # a helper takes it at once; asked before that, the page's thread would run it
        if calls:
            break
        time.sleep(0.01)
    assert started.result().startswith("query")  # a helper of the process ran it
    assert cached(on_thread)("ahead") == started.result()  # from the cache: it did not run again
    assert calls == ["ahead"]
    assert (on_thread, ("ahead",), ()) in cache._recent  # remembered for the refreshes, as cached() calls are


def test_a_page_runs_its_query_itself_when_every_helper_is_busy(calls: list[object],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_helpers", ThreadPoolExecutor(1, thread_name_prefix="query"))
    st.session_state[DATA_VERSION] = 5
    release = threading.Event()
    busy = cache._helpers.submit(release.wait, 5)  # another session's query holds the only helper for 5 s
    assert soon(on_thread)("waiting").result() == threading.current_thread().name  # not after the 5 s, on a helper
    release.set()
    assert busy.result() and calls == ["waiting"]


def test_a_query_started_ahead_says_what_went_wrong_when_its_result_is_asked(calls: list[object]) -> None:
    st.session_state[DATA_VERSION] = 5
    started = soon(stalled)("now")
    with pytest.raises(DatabaseUnavailable, match="did not answer"):
        started.result()


def test_a_restarted_process_computes_the_saved_calls_before_the_page_asks(copy: Engine, tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    saved = tmp_path / "calls.pickle"
    assert returned_talents() == 18
    assert cache.save_changes(saved, -1) > 0 and saved.exists()
    cache._recent.clear()  # a new process: nothing remembered, nothing cached
    st.cache_data.clear()
    with caplog.at_level(logging.INFO, logger="ui.cache"):
        assert cache.warm_start(saved) == data_version()
    assert re.search(r"Cache warmed for data version \d+ from 1 saved calls: 1 queries in", caplog.text)
    seen = statements()
    assert returned_talents() == 18
    assert seen == ["SELECT data_version.version \nFROM data_version"]  # only the version: the figures were ready


def test_the_calls_are_saved_only_when_they_changed(calls: list[object], tmp_path: Path) -> None:
    saved = tmp_path / "calls.pickle"
    remember((probe, ("a",), ()))
    changes = cache.save_changes(saved, -1)
    saved.unlink()
    assert cache.save_changes(saved, changes) == changes and not saved.exists()
    remember((probe, ("a",), ()))  # used again: it moves to the end
    assert cache.save_changes(saved, changes) > changes and saved.exists()


def running_hold() -> bool:
    with cache.get_engine().connect() as conn:
        return summaries.running_hold(conn)


def test_the_running_summaries_are_written_again_after_a_write(copy: Engine) -> None:
    cache.summarise_running()
    assert running_hold()
    with copy.begin() as conn:
        conn.execute(text("UPDATE issues SET title = title || '.' WHERE id = 1"))
    assert not running_hold()  # the pages read the case history
    cache.summarise_running()
    assert running_hold()


def test_running_summaries_that_cannot_be_written_are_said_once(copy: Engine, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    def refused(conn: object) -> int:
        raise OperationalError("UPDATE loop_summaries", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(cache, "write_running", refused)
    with caplog.at_level(logging.WARNING, logger="ui.cache"):
        for _ in range(3):
            cache.summarise_running()
    assert caplog.text.count("The running loop summaries were not written") == 1
