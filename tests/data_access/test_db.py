import logging
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert, select, text

from data_access.db import (DatabaseUnavailable, check_database, database_url, engine_for, get_engine, pool_limits,
                            read_frame)
from schema import Township
from schema.migrate import upgrade

SLOW = {  # a query that runs for far longer than a second
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(30)",
    "mysql": "SELECT SLEEP(30)",
}


def test_database_url_prefers_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/cockpit")
    assert database_url() == "postgresql+psycopg://postgres@127.0.0.1/cockpit"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url().startswith("sqlite:///")


def migrated_with_a_township(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(Township).values(name="罗水乡", centre_name="中心", lat=29.2, lon=110.3))
    engine.dispose()
    return engine


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(DatabaseUnavailable) as error:
        check_database(create_engine(f"sqlite:///{path}"))
    assert error.value.reason == "empty" and "python -m seed" in error.value.message_zh
    assert not path.exists()


def test_a_sqlite_uri_is_checked_at_its_file(tmp_path: Path) -> None:
    migrated_with_a_township(tmp_path / "demo.db")
    check_database(engine_for(f"sqlite:///file:{tmp_path / 'demo.db'}?mode=ro&uri=true"))
    with pytest.raises(DatabaseUnavailable, match="No database file"):
        check_database(engine_for(f"sqlite:///file:{tmp_path / 'none.db'}?mode=rwc&uri=true"))
    assert not (tmp_path / "none.db").exists()


def test_an_empty_database_is_reported_in_both_languages(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    engine.connect().close()
    with pytest.raises(DatabaseUnavailable, match="no governance tables") as error:
        check_database(engine)
    assert "数据库" in error.value.message_zh
    upgrade(engine)
    with pytest.raises(DatabaseUnavailable, match="no township"):
        check_database(engine)
    with engine.begin() as conn:
        conn.execute(insert(Township).values(name="罗水乡", centre_name="中心", lat=29.2, lon=110.3))
    check_database(engine)


def test_a_database_not_migrated_to_the_data_version_says_to_upgrade(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with pytest.raises(DatabaseUnavailable, match="alembic upgrade head") as error:
        check_database(engine)
    assert error.value.reason == "outdated" and "alembic upgrade head" in error.value.message_zh


@pytest.mark.parametrize("url", [
    "not-a-url",
    "foo://user@host/db",  # no such dialect
    "mssql+pyodbc://user@host/db",  # a dialect the cockpit does not support
    "postgresql+pg8000://user@host/db",  # a driver that is not installed
])
def test_an_unusable_address_says_so_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(DatabaseUnavailable) as error:
        check_database()
    assert error.value.reason == "invalid"
    assert "数据库地址" in error.value.message_zh and "not valid or not supported" in error.value.message_en
    assert "DATABASE_URL" in caplog.text


def test_a_bad_time_limit_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "soon")
    with pytest.raises(DatabaseUnavailable, match="positive number of seconds") as error:
        check_database()
    assert error.value.reason == "invalid" and "“soon”" in error.value.message_zh


def test_an_unreachable_server_is_reported_without_its_address(caplog: pytest.LogCaptureFixture) -> None:
    url = "postgresql+psycopg://secretuser:hunter2@127.0.0.1:1/secretdb"
    with caplog.at_level(logging.WARNING), pytest.raises(DatabaseUnavailable) as error:
        check_database(engine_for(url))
    assert error.value.reason == "unreachable"
    assert "无法连接数据库" in error.value.message_zh and "Cannot reach" in error.value.message_en
    for part in ("secretuser", "hunter2", "127.0.0.1", ":1", "secretdb"):
        assert part not in error.value.message_zh + error.value.message_en
    assert "postgresql+psycopg://secretuser:***@127.0.0.1:1/secretdb" in caplog.text  # the server log says where
    assert "hunter2" not in caplog.text


def test_a_missing_file_is_reported_without_its_path(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "secret-name.db"
    with caplog.at_level(logging.WARNING), pytest.raises(DatabaseUnavailable) as error:
        check_database(create_engine(f"sqlite:///{path}"))
    assert "secret-name" not in error.value.message_zh + error.value.message_en
    assert str(path) in caplog.text


def assert_times_out(engine: Engine, query: str, seconds: float) -> None:
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as error:
        read_frame(text(query), engine)
    assert error.value.reason == "timeout"
    assert f"{seconds:g} 秒内没有响应" in error.value.message_zh and f"within {seconds:g} s" in error.value.message_en
    assert time.monotonic() - started < seconds + 2


@pytest.fixture
def bounded(engine: Engine) -> Iterator[Engine]:
    """The app's engine on the test database, with a one-second limit."""
    bounded = engine_for(engine.url.render_as_string(hide_password=False), 1.0)
    yield bounded
    bounded.dispose()  # its pooled connections would keep the server from dropping the database


def test_a_slow_query_gives_up_at_the_time_limit(engine: Engine, bounded: Engine) -> None:
    assert_times_out(bounded, SLOW[engine.dialect.name], 1.0)
    assert read_frame(select(Township.id), bounded).empty  # the connection is still good


def test_a_held_lock_gives_up_at_the_time_limit(engine: Engine, bounded: Engine) -> None:
    if engine.dialect.name == "sqlite":
        holder = sqlite3.connect(engine.url.database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        assert_times_out(bounded, "SELECT count(*) FROM townships", 1.0)
        holder.rollback()
        holder.close()
        return
    lock = "LOCK TABLE townships IN ACCESS EXCLUSIVE MODE" if engine.dialect.name == "postgresql" else (
        "LOCK TABLES townships WRITE")
    with engine.connect() as holder:
        holder.execute(text(lock))
        assert_times_out(bounded, "SELECT count(*) FROM townships", 1.0)
        holder.rollback()
        if engine.dialect.name == "mysql":
            holder.execute(text("UNLOCK TABLES"))


def test_postgresql_sessions_plan_for_short_queries(engine: Engine, bounded: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner settings")
    with bounded.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"
        assert connection.execute(text("SHOW random_page_cost")).scalar() == "1.1"
        assert connection.execute(text("SHOW work_mem")).scalar() == "64MB"


def test_the_pool_has_sqlalchemys_sizes_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/cockpit_pool_size")
    assert pool_limits() == (5, 10)
    monkeypatch.setenv("DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "0")
    assert pool_limits() == (3, 0)
    assert get_engine().pool.size() == 3


@pytest.mark.parametrize(("name", "value"), [("DATABASE_POOL_SIZE", "0"), ("DATABASE_POOL_SIZE", "many"),
                                             ("DATABASE_MAX_OVERFLOW", "-1")])
def test_a_bad_pool_size_says_so(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(DatabaseUnavailable, match="whole number") as error:
        get_engine()
    assert error.value.reason == "invalid" and f"“{value}”" in error.value.message_zh


def test_a_session_waits_for_a_pooled_connection_no_longer_than_the_time_limit(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite is a local file: the pool settings are for a database server")
    for name, value in {"DATABASE_URL": engine.url.render_as_string(hide_password=False),
                        "DATABASE_STATEMENT_TIMEOUT": "1", "DATABASE_POOL_SIZE": "1",
                        "DATABASE_MAX_OVERFLOW": "0"}.items():
        monkeypatch.setenv(name, value)
    small = get_engine()
    with small.connect():  # the only connection the settings allow
        assert_times_out(small, "SELECT 1", 1.0)
    assert read_frame(text("SELECT 1 AS one"), small)["one"].tolist() == [1]  # free again once returned
    small.dispose()
