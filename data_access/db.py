"""Where the governance database is, one cached engine per URL whose every statement has a time limit, and what
the viewer is told when the database cannot answer (the details go to the server log, never to the page)."""
import logging
import math
import os
import time
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

import pandas as pd
from sqlalchemy import (URL, Connection, DateTime, Engine, Executable, Integer, Numeric, Select, create_engine, event,
                        inspect, make_url, select)
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.util import asbool

from schema import Township
from schema.data_version import DATA_VERSION

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_DIR / 'cockpit.db'}"
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"
DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW = 5, 10  # SQLAlchemy's own defaults: connections kept, and more for a peak
CONNECT_TIMEOUT_SECONDS = 5
DEADLINE = "statement_deadline"  # key in a SQLite connection's info: when its current statement must end
SQLITE_STEPS = 1000  # SQLite virtual-machine steps between two looks at the clock
# How each driver says that a statement ran out of time or waited too long for a lock:
PG_TIMEOUTS = {"57014", "55P03"}  # SQLSTATE query_canceled (statement_timeout), lock_not_available (lock_timeout)
SQLITE_TIMEOUTS = {"SQLITE_INTERRUPT", "SQLITE_BUSY"}  # the progress handler's interrupt, a lock held too long
MYSQL_TIMEOUTS = {1969, 3024, 1205}  # MariaDB max_statement_time, MySQL max_execution_time, lock wait timeout
LOST_CONNECTION = 2013  # PyMySQL's read_timeout reports itself as a lost connection "(timed out)"

log = logging.getLogger(__name__)
time_limits: WeakKeyDictionary[Engine, float] = WeakKeyDictionary()  # engine_for's engines and their limit


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used: a bad address, unreachable, too slow, not migrated, or no governance data."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason  # "invalid", "unreachable", "timeout", "outdated" or "empty"
        self.message_zh = message_zh
        self.message_en = message_en


def _setting(name: str, key: str) -> str | None:
    """Environment variable `name`, else `name` or `key` under [database] in .streamlit/secrets.toml."""
    if value := os.environ.get(name):
        return value
    if SECRETS_FILE.exists():
        secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
        if value := secrets.get(name) or secrets.get("database", {}).get(key):
            return str(value)
    return None


def database_url() -> str:
    """DATABASE_URL from the environment, else `[database] url` in .streamlit/secrets.toml, else the demo SQLite file."""
    return _setting("DATABASE_URL", "url") or DEFAULT_URL


def statement_timeout() -> float:
    """Seconds any one statement may take: DATABASE_STATEMENT_TIMEOUT or `[database] statement_timeout`, else 20."""
    value = _setting("DATABASE_STATEMENT_TIMEOUT", "statement_timeout")
    if value is None:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise DatabaseUnavailable(
            "invalid",
            f"数据库查询时限 DATABASE_STATEMENT_TIMEOUT 应为正的秒数，当前值“{value}”无效。",
            f"The query time limit DATABASE_STATEMENT_TIMEOUT must be a positive number of seconds, not “{value}”.",
        )
    return seconds


def read_only() -> bool:
    """DATABASE_READ_ONLY or `[database] read_only`: PostgreSQL and MariaDB sessions refuse writes except inside
    `writing` (defence in depth behind the read-only account's GRANTs; README "Deployment"). Off by default."""
    value = _setting("DATABASE_READ_ONLY", "read_only")
    try:
        return value is not None and asbool(value)
    except ValueError:
        raise DatabaseUnavailable(
            "invalid",
            f"DATABASE_READ_ONLY 应为 true 或 false，当前值“{value}”无效。",
            f"DATABASE_READ_ONLY must be true or false, not “{value}”.",
        ) from None


def _count(name: str, key: str, default: int, least: int) -> int:
    """A whole-number setting of at least `least`, `default` when unset; DatabaseUnavailable when it is not one."""
    value = _setting(name, key)
    if value is None:
        return default
    if value.strip().isdigit() and int(value) >= least:
        return int(value)
    raise DatabaseUnavailable(
        "invalid",
        f"{name} 应为不小于 {least} 的整数，当前值“{value}”无效。",
        f"{name} must be a whole number of at least {least}, not “{value}”.",
    )


def pool_limits() -> tuple[int, int]:
    """Connections each app process keeps open to PostgreSQL or MariaDB, and how many more it may open at a peak:
    DATABASE_POOL_SIZE and DATABASE_MAX_OVERFLOW (or `pool_size`, `max_overflow` under [database]), else 5 and 10.
    README "Deployment" sizes them against the server's max_connections."""
    return (_count("DATABASE_POOL_SIZE", "pool_size", DEFAULT_POOL_SIZE, 1),
            _count("DATABASE_MAX_OVERFLOW", "max_overflow", DEFAULT_MAX_OVERFLOW, 0))


@lru_cache(maxsize=8)
def engine_for(url: str, seconds: float = DEFAULT_TIMEOUT_SECONDS, read_only: bool = False,
               pool_size: int = DEFAULT_POOL_SIZE, max_overflow: int = DEFAULT_MAX_OVERFLOW) -> Engine:
    """An engine whose every statement gives up after `seconds`, and whose PostgreSQL or MariaDB sessions are
    read-only when `read_only` says so, with a pool of `pool_size` connections and `max_overflow` more at a peak
    (a session waits `seconds` at most for one); ArgumentError for a malformed URL or a dialect other than SQLite,
    PostgreSQL and MariaDB/MySQL, ImportError for a missing driver."""
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": seconds}
    if dialect == "sqlite":  # a local file: nothing to share with other processes, SQLAlchemy's pool as it is
        engine = create_engine(parsed, pool_pre_ping=True, connect_args={"timeout": seconds})
        _limit_sqlite_statements(engine, seconds)
    elif dialect == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True, **pool,
                               connect_args=_postgresql_limits(parsed, seconds, read_only))
    elif dialect in ("mysql", "mariadb"):
        limits = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "read_timeout": math.ceil(seconds) + 2,
                  "write_timeout": math.ceil(seconds) + 2}  # the server's own limit normally answers first
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=limits, **pool)
        event.listen(engine, "connect", lambda connection, _: _limit_mysql_session(connection, seconds, read_only))
    else:
        raise ArgumentError(f"the {dialect} dialect is not supported")
    time_limits[engine] = seconds
    return engine


def _postgresql_limits(url: URL, seconds: float, read_only: bool) -> dict[str, Any]:
    """statement_timeout, lock_timeout, no JIT, work_mem and maybe default_transaction_read_only as connection
    options (added to any the URL has), and TCP keepalives that notice a server gone silent.

    JIT is off because the cockpit's queries are many short aggregates: at 100 townships PostgreSQL compiled each
    for 2–4 s of CPU to save a fraction of that (bench.backlog); work_mem is 64 MB so that a district's case-history
    windows sort in memory.
    """
    ms = math.ceil(seconds * 1000)
    options = " ".join(filter(None, [url.query.get("options"), f"-c statement_timeout={ms} -c lock_timeout={ms}",
                                     "-c jit=off -c random_page_cost=1.1 -c work_mem=64MB",
                                     "-c default_transaction_read_only=on" if read_only else ""]))
    return {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "options": options,
            "keepalives": 1, "keepalives_idle": math.ceil(seconds), "keepalives_interval": 2, "keepalives_count": 3}


def _limit_mysql_session(connection: Any, seconds: float, read_only: bool) -> None:
    """The server-side limits of one new MariaDB (or MySQL) session, and its read-only mode."""
    wait = math.ceil(seconds)
    if "MariaDB" in connection.get_server_info():
        limit = f"max_statement_time = {seconds}"
    else:
        limit = f"max_execution_time = {math.ceil(seconds * 1000)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SET SESSION {limit}, lock_wait_timeout = {wait}, innodb_lock_wait_timeout = {wait}")
        if read_only:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")


def _limit_sqlite_statements(engine: Engine, seconds: float) -> None:
    """sqlite3 has no statement timeout: a progress handler interrupts a statement (its fetching included) once
    `seconds` have passed since it was sent; the connect argument `timeout` bounds the wait for a lock."""

    @event.listens_for(engine, "connect")
    def watch_the_clock(connection: Any, record: Any) -> None:
        info = record.info
        connection.set_progress_handler(lambda: time.monotonic() > info.get(DEADLINE, math.inf), SQLITE_STEPS)

    @event.listens_for(engine, "before_cursor_execute")
    def start_the_clock(conn: Connection, *_: Any) -> None:
        conn.info[DEADLINE] = time.monotonic() + seconds

    @event.listens_for(engine, "checkin")
    def stop_the_clock(_: Any, record: Any) -> None:
        record.info.pop(DEADLINE, None)


def get_engine() -> Engine:
    """The configured database's engine; DatabaseUnavailable when its address or time limit cannot be used."""
    url, seconds = database_url(), statement_timeout()
    try:
        return engine_for(url, seconds, read_only(), *pool_limits())
    except (ArgumentError, ImportError) as exc:  # NoSuchModuleError (an unknown dialect) is an ArgumentError
        log.warning("DATABASE_URL %s cannot be used: %s", _printable(url), exc)
        raise DatabaseUnavailable(
            "invalid",
            "数据库地址 DATABASE_URL 无效或不受支持：应以 sqlite:///、postgresql+psycopg:// 或 mysql+pymysql:// 开头。"
            "详细原因已记入服务器日志。",
            "The database address DATABASE_URL is not valid or not supported: it should start with sqlite:///, "
            "postgresql+psycopg:// or mysql+pymysql://. The details are in the server log.",
        ) from exc


def _printable(url: str) -> str:
    """The URL with its password hidden, for the log; nothing of an URL that does not parse (it may hold one)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a URL)"


def check_database(engine: Engine | None = None, *, allow_empty: bool = False) -> None:
    """Raise DatabaseUnavailable, with a message in both languages, unless the database holds a township (or,
    `allow_empty`, is migrated: the import page fills an empty one)."""
    engine = engine or get_engine()
    if (path := sqlite_file(engine.url)) is not None and not path.exists():
        log.warning("No SQLite database file at %s", path)
        raise DatabaseUnavailable(
            "empty",
            "找不到数据库文件。请运行 `python -m seed` 生成演示数据，或设置 DATABASE_URL。",
            "No database file. Run `python -m seed` for the demo data, or set DATABASE_URL.",
        )
    try:
        with connection(engine) as conn:
            tables = set(inspect(conn).get_table_names())
            if Township.__tablename__ not in tables:
                raise DatabaseUnavailable(
                    "empty",
                    "数据库中还没有治理数据表。请先运行 `alembic upgrade head` 建表，或运行 `python -m seed` 生成演示数据。",
                    "The database has no governance tables yet. Run `alembic upgrade head`, "
                    "or `python -m seed` for the demo data.",
                )
            if DATA_VERSION.name not in tables:
                raise DatabaseUnavailable(
                    "outdated",
                    "数据库结构比本程序旧。请运行 `alembic upgrade head` 升级。",
                    "The database schema is older than the app. Run `alembic upgrade head`.",
                )
            if not allow_empty and conn.execute(select(Township.id).limit(1)).first() is None:
                raise DatabaseUnavailable(
                    "empty",
                    "数据库是空的：还没有任何乡镇数据。请导入台账，或运行 `python -m seed` 生成演示数据。",
                    "The database is empty: no township yet. Import the ledgers, "
                    "or run `python -m seed` for the demo data.",
                )
    except SQLAlchemyError as exc:  # e.g. a file that is not a SQLite database
        raise _failure(engine, exc) from exc


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names, also inside a `file:` URI (`?uri=true`); None for in-memory and other
    databases."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if asbool(url.query.get("uri", False)) and name.startswith("file:"):
        if url.query.get("mode") == "memory":
            return None
        name = unquote(urlsplit(name).path)
    return Path(name) if name not in ("", ":memory:") else None


@contextmanager
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection; a database that cannot be reached or does not answer in time raises DatabaseUnavailable."""
    try:
        with engine.connect() as conn:
            yield conn
    except (OperationalError, PoolTimeout) as exc:  # PoolTimeout: every pooled connection stayed busy too long
        raise _failure(engine, exc) from exc


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that may write in a read-only session (see `read_only`), committed at the end or rolled back on
    an error: for the few records the app itself writes, such as sign-ins and the audit trail."""
    with connection(engine) as conn, conn.begin():
        if engine.dialect.name != "sqlite":
            conn.exec_driver_sql("SET TRANSACTION READ WRITE")
        yield conn


def _failure(engine: Engine, exc: SQLAlchemyError) -> DatabaseUnavailable:
    where = engine.url.render_as_string(hide_password=True)
    first_line = str(exc).splitlines()[0]
    if _timed_out(engine, exc):
        log.warning("The database at %s did not answer in time: %s", where, first_line)
        seconds = f"{time_limits.get(engine, DEFAULT_TIMEOUT_SECONDS):g}"
        return DatabaseUnavailable(
            "timeout",
            f"数据库在 {seconds} 秒内没有响应，请稍后再试。",
            f"The database did not answer within {seconds} s; try again in a moment.",
        )
    log.warning("Cannot use the database at %s: %s", where, first_line)
    return DatabaseUnavailable(
        "unreachable",
        "无法连接数据库。请检查数据库服务是否启动、DATABASE_URL 是否正确；详细原因已记入服务器日志。",
        "Cannot reach the database. Check that the server is running and DATABASE_URL is right; "
        "the details are in the server log.",
    )


def _timed_out(engine: Engine, exc: SQLAlchemyError) -> bool:
    """Whether the driver's error says that a statement ran out of time, or no pooled connection came free in
    time (see engine_for)."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    error = exc.orig
    if engine.dialect.name == "postgresql":
        return getattr(error, "sqlstate", None) in PG_TIMEOUTS
    if engine.dialect.name == "sqlite":
        return getattr(error, "sqlite_errorname", None) in SQLITE_TIMEOUTS
    number = error.args[0] if error.args else None
    return number in MYSQL_TIMEOUTS or (number == LOST_CONNECTION and "timed out" in str(error))


def data_version(engine: Engine | None = None) -> int:
    """A number that changes with every write to the governance tables (schema/data_version.py)."""
    with connection(engine or get_engine()) as conn:
        return conn.execute(select(DATA_VERSION.c.version)).scalar_one()


def read_frame(query: Executable, engine: Engine | None = None) -> pd.DataFrame:
    """Run one query and return its rows as a DataFrame; a database that cannot be reached or does not answer in
    time raises DatabaseUnavailable."""
    with connection(engine or get_engine()) as conn:
        result = conn.execute(query)
        rows = [tuple(row) for row in result.fetchall()]  # pandas would ask every Row for a `dtype`: slow
        return typed_if_empty(pd.DataFrame(rows, columns=list(result.keys())), query)


def typed(frame: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """`frame.astype(dtypes)`, converting only the columns whose dtype differs (pandas' astype of a mapping rebuilds
    every column: milliseconds per query)."""
    changes = {name: dtype for name, dtype in dtypes.items() if frame[name].dtype != dtype}
    if not changes:
        return frame
    frame = frame.copy(deep=False)
    for name, dtype in changes.items():
        frame[name] = frame[name].astype(dtype)
    return frame


EMPTY_DTYPES = {DateTime: "datetime64[us]", Integer: "int64", Numeric: "float64"}  # Float is a Numeric


def typed_if_empty(frame: pd.DataFrame, query: Executable) -> pd.DataFrame:
    """An empty result with the dtypes its columns would have held (not all text), so that `.dt` and sums work on
    it as on a filled one; a filled frame is returned as it is."""
    if not frame.empty or not isinstance(query, Select):
        return frame
    return frame.astype({name: dtype for name, column in zip(frame.columns, query.selected_columns)
                         for kind, dtype in EMPTY_DTYPES.items() if isinstance(column.type, kind)})
