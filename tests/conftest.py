"""Throwaway databases on SQLite, PostgreSQL and MariaDB for the tests.

A server that cannot be reached skips its tests with the reason, except under CI (CI=true), where
.ci/run has started the servers and a missing one is a failure.
"""
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from schema.migrate import upgrade

pytest_plugins = ("tests.data_access.community_fixture", "tests.data_access.issue_fixture",
                  "tests.data_access.rankings_fixture", "tests.data_access.alert_fixture",
                  "tests.data_access.demo_fixture")

SERVERS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/?charset=utf8mb4",
}
DIALECTS = ["sqlite", *SERVERS]



@pytest.fixture(autouse=True, scope="session")
def saved_calls_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app servers' saved query calls (ui.saved_calls) in the test session's folder, not the home folder."""
    folder = tmp_path_factory.mktemp("saved-calls")
    before = os.environ.get("QUERY_CACHE_DIR")
    os.environ["QUERY_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["QUERY_CACHE_DIR"]
    else:
        os.environ["QUERY_CACHE_DIR"] = before

def _server_database(dialect: str) -> Iterator[str]:
    """Create an empty database on the server, yield its URL, drop it afterwards."""
    name = f"cockpit_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVERS[dialect], isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            charset = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" if dialect == "mariadb" else ""
            conn.execute(text(f"CREATE DATABASE {name}{charset}"))
    except OperationalError as exc:
        message = f"{dialect} server at {admin.url.render_as_string()} unreachable: {exc.orig}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture(scope="module", params=DIALECTS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database on each of the three dialects, one per test module."""
    if request.param == "sqlite":
        yield f"sqlite:///{Path(tmp_path_factory.mktemp('db')) / 'test.db'}"
    else:
        yield from _server_database(request.param)


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the latest schema (`alembic upgrade head`)."""
    engine = create_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()
