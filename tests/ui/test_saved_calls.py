"""The query cache's calls in a file: what a restarted process reads back, and what it refuses."""
import logging
import os
import pickle
from pathlib import Path

import pytest
from sqlalchemy import make_url

from data_access import issues, organisation
from data_access.filters import Filter, Period, Viewer
from tests.data_access.demo_fixture import DEMO_DAY
from ui.saved_calls import file_for, load, save

F = Filter(Period.containing("quarter", DEMO_DAY), village_id=2, scope=frozenset({1, 2}),
           viewer=Viewer(members_named=True))


def test_the_calls_come_back_as_they_were_saved(tmp_path: Path) -> None:
    calls = [(organisation.headline_counts, (F,), ()), (issues.read_at, (F.period,), ()),
             (issues.callback_scores, (F, "grid"), ())]
    save(tmp_path / "calls.pickle", calls)
    assert load(tmp_path / "calls.pickle") == calls


def test_a_call_the_code_no_longer_makes_is_left_out(tmp_path: Path) -> None:
    kept = (organisation.headline_counts, (F,), ())
    save(tmp_path / "calls.pickle", [(organisation.headline_counts, (F, None, "more than it takes"), ()), kept,
                                     (organisation.headline_counts, (), (("place", F),))])
    assert load(tmp_path / "calls.pickle") == [kept]


def test_nothing_but_queries_and_their_arguments_is_unpickled(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    marker = tmp_path / "ran"
    kept = (organisation.headline_counts, (F,), ())
    one_bad = [pickle.dumps((os.system, (f"touch {marker}",), ())), pickle.dumps(kept)]
    (tmp_path / "one.pickle").write_bytes(pickle.dumps(one_bad))
    assert load(tmp_path / "one.pickle") == [kept]

    class Spoiled:
        def __reduce__(self) -> tuple[object, ...]:
            return os.system, (f"touch {marker}",)

    (tmp_path / "all.pickle").write_bytes(pickle.dumps(Spoiled()))
    with caplog.at_level(logging.WARNING, logger="ui.saved_calls"):
        assert load(tmp_path / "all.pickle") == []
    assert "posix.system is not a query or a query's argument" in caplog.text
    assert not marker.exists()


def test_no_file_or_a_spoiled_one_means_no_calls(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert load(tmp_path / "none.pickle") == []
    (tmp_path / "cut.pickle").write_bytes(pickle.dumps([b"x" * 100])[:20])
    with caplog.at_level(logging.WARNING, logger="ui.saved_calls"):
        assert load(tmp_path / "cut.pickle") == []
    assert "were not read" in caplog.text


def test_a_folder_that_cannot_be_written_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-file").write_text("")
    with caplog.at_level(logging.WARNING, logger="ui.saved_calls"):
        for _ in range(3):  # every poll of the watcher
            save(tmp_path / "a-file" / "calls.pickle", [(organisation.headline_counts, (F,), ())])
    assert caplog.text.count("The cache's calls were not saved to") == 1


def test_each_database_has_its_file_named_without_its_password(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.setenv("QUERY_CACHE_DIR", str(tmp_path))
    one = file_for(make_url("postgresql+psycopg://app:secret@db/cockpit"))
    assert one.parent == tmp_path and "secret" not in one.name
    assert one == file_for(make_url("postgresql+psycopg://app:other@db/cockpit"))
    assert one != file_for(make_url("postgresql+psycopg://app:secret@db/other"))
    monkeypatch.delenv("QUERY_CACHE_DIR")
    assert file_for(make_url("sqlite:///x.db")).parent == Path.home() / ".cache" / "cockpit"
