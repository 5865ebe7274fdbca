"""README "Deployment": the read-only account its GRANTs make (run here as they stand there, with other names) reads
through the app's own engine, and the server refuses its writes but the summaries'; DATABASE_READ_ONLY makes the
session itself refuse them too, except inside data_access.db.writing."""
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert, make_url, select, text, update
from sqlalchemy.exc import DBAPIError

from data_access import organisation, summaries
from data_access.db import DatabaseUnavailable, check_database, engine_for, get_engine, time_limits, writing
from schema import Township
from schema.migrate import upgrade
from tests.conftest import _server_database

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK_HEADS = {"postgresql": "-- PostgreSQL, as the owner", "mariadb": "-- MariaDB, as root"}
WRITES_HEADS = {"postgresql": "-- PostgreSQL\n", "mariadb": "-- MariaDB\n"}  # the block of the app's own writes
NO_PRIVILEGE = {"postgresql": "42501", "mariadb": 1142}  # insufficient_privilege; ER_TABLEACCESS_DENIED_ERROR
READ_ONLY_SESSION = {"postgresql": "25006", "mariadb": 1792}  # read_only_sql_transaction; ER_CANT_EXECUTE_IN_READ_ONLY…
WRITES = [insert(Township).values(name="伪造乡", centre_name="伪造", lat=0, lon=0),
          update(Township).values(name="伪造乡"),
          text("DELETE FROM townships")]


def readme_grants(dialect: str, database: str, account: str, password: str) -> list[str]:
    """The README's statements for `dialect` (the read-only account, then the app's own writes), for this database,
    account and password."""
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    account_block = next(block for block in blocks if block.startswith(BLOCK_HEADS[dialect]))
    writes_block = next(block for block in blocks if block.startswith(WRITES_HEADS["postgresql"]))
    postgresql, mariadb = writes_block.split(WRITES_HEADS["mariadb"])
    sql = account_block + (postgresql if dialect == "postgresql" else mariadb)
    sql = re.sub(r"\bcockpit_app\b", account, sql).replace("'change-me'", f"'{password}'")
    sql = re.sub(r"\bcockpit\b", database, sql)
    return [line for line in sql.splitlines() if line and not line.startswith("--")]


def error_code(error: DBAPIError, dialect: str) -> object:
    """PostgreSQL's SQLSTATE, MariaDB's error number."""
    return error.orig.sqlstate if dialect == "postgresql" else error.orig.args[0]


@pytest.fixture(scope="module", params=["postgresql", "mariadb"])
def owner_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database on the server holding one township, and its owner's URL."""
    for url in _server_database(request.param):
        engine = create_engine(url)
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(insert(Township).values(name="罗水乡", centre_name="中心", lat=29.2, lon=110.3))
        engine.dispose()
        yield url
        close_app_engines()


@pytest.fixture(scope="module")
def reader_url(owner_url: str) -> Iterator[str]:
    """The README's read-only account on that database, dropped afterwards."""
    owner = make_url(owner_url)
    dialect = "postgresql" if owner.get_backend_name() == "postgresql" else "mariadb"
    account, password = f"cockpit_app_{secrets.token_hex(4)}", secrets.token_hex(12)
    engine = create_engine(owner, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in readme_grants(dialect, owner.database, account, password):
            conn.execute(text(statement))
    try:
        yield owner.set(username=account, password=password).render_as_string(hide_password=False)
    finally:
        close_app_engines()
        with engine.connect() as conn:
            if dialect == "postgresql":
                conn.execute(text(f"DROP OWNED BY {account}"))
                conn.execute(text(f"DROP ROLE {account}"))
            else:
                conn.execute(text(f"DROP USER '{account}'@'%'"))
        engine.dispose()


def close_app_engines() -> None:
    """Close the pooled connections of the engines the app made (engine_for keeps them), so the account and the
    database can be dropped."""
    for engine in list(time_limits):
        engine.dispose()
    engine_for.cache_clear()


def dialect_of(engine: Engine) -> str:
    return "postgresql" if engine.dialect.name == "postgresql" else "mariadb"


def refused(engine: Engine, codes: dict[str, object]) -> None:
    """Every write of WRITES fails with the server's error in `codes`."""
    for statement in WRITES:
        with engine.connect() as conn, pytest.raises(DBAPIError) as error:
            conn.execute(statement)
            conn.commit()
        dialect = dialect_of(engine)
        assert error_code(error.value, dialect) == codes[dialect], str(statement)


def test_the_read_only_account_reads_through_the_app_and_cannot_write(
        reader_url: str, owner_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", reader_url)
    monkeypatch.delenv("DATABASE_READ_ONLY", raising=False)
    app_engine = get_engine()
    assert app_engine.url.username.startswith("cockpit_app_")
    check_database(app_engine)
    assert organisation.townships(app_engine)["name"].tolist() == ["罗水乡"]
    refused(app_engine, NO_PRIVILEGE)
    owner = create_engine(owner_url)
    with owner.connect() as conn:
        assert conn.execute(select(Township.name)).scalars().all() == ["罗水乡"]
    owner.dispose()


def test_the_read_only_account_writes_the_summaries(reader_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", reader_url)
    monkeypatch.setenv("DATABASE_READ_ONLY", "true")
    with writing(get_engine()) as conn:  # every summary table emptied and written, as the app does
        summaries.write_ended(conn)
        assert summaries.write_running(conn) == 3


def test_a_read_only_session_refuses_writes_even_to_the_owner_except_inside_writing(
        owner_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", owner_url)
    monkeypatch.setenv("DATABASE_READ_ONLY", "true")
    engine = get_engine()
    check_database(engine)
    refused(engine, READ_ONLY_SESSION)
    with writing(engine) as conn:
        conn.execute(update(Township).values(centre_name="网格化服务管理中心"))
    assert organisation.townships(engine)["name"].tolist() == ["罗水乡"]
    with engine.connect() as conn:
        assert conn.execute(select(Township.centre_name)).scalar_one() == "网格化服务管理中心"
    refused(engine, READ_ONLY_SESSION)  # the pooled connection is read-only again after writing
    assert not engine_for(owner_url, 20.0, False).url.query.get("options")  # the setting, not the URL, decides


def test_read_only_must_be_true_or_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_READ_ONLY", "sometimes")
    with pytest.raises(DatabaseUnavailable) as error:
        get_engine()
    assert error.value.reason == "invalid" and "sometimes" in error.value.message_zh
