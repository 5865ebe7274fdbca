"""Where the governance database is, and one cached engine per URL."""
import os
import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import DateTime, Engine, Executable, Integer, Numeric, Select, create_engine, inspect, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from schema import Township

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_DIR / 'cockpit.db'}"
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached, or holds no governance data yet."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason  # "unreachable" or "empty"
        self.message_zh = message_zh
        self.message_en = message_en


def database_url() -> str:
    """DATABASE_URL from the environment, else `[database] url` in .streamlit/secrets.toml, else the demo SQLite file."""
    if url := os.environ.get("DATABASE_URL"):
        return url
    if SECRETS_FILE.exists():
        secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
        if url := secrets.get("DATABASE_URL") or secrets.get("database", {}).get("url"):
            return url
    return DEFAULT_URL


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    kwargs = {"pool_pre_ping": True}
    if not url.startswith("sqlite"):
        kwargs["connect_args"] = {"connect_timeout": 5}
    return create_engine(url, **kwargs)


def get_engine() -> Engine:
    return engine_for(database_url())


def check_database(engine: Engine | None = None) -> None:
    """Raise DatabaseUnavailable, with a message in both languages, unless the database holds a township."""
    engine = engine or get_engine()
    if _missing_sqlite_file(engine):
        raise DatabaseUnavailable(
            "empty",
            f"找不到数据库文件 {engine.url.database}。请运行 `python -m seed` 生成演示数据，或设置 DATABASE_URL。",
            f"No database file at {engine.url.database}. Run `python -m seed` for the demo data, or set DATABASE_URL.",
        )
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(Township.__tablename__):
                raise DatabaseUnavailable(
                    "empty",
                    "数据库中还没有治理数据表。请先运行 `alembic upgrade head` 建表，或运行 `python -m seed` 生成演示数据。",
                    "The database has no governance tables yet. Run `alembic upgrade head`, "
                    "or `python -m seed` for the demo data.",
                )
            if conn.execute(select(Township.id).limit(1)).first() is None:
                raise DatabaseUnavailable(
                    "empty",
                    "数据库是空的：还没有任何乡镇数据。请导入台账，或运行 `python -m seed` 生成演示数据。",
                    "The database is empty: no township yet. Import the ledgers, or run `python -m seed` for the demo data.",
                )
    except SQLAlchemyError as exc:
        raise _unreachable(engine) from exc


def _missing_sqlite_file(engine: Engine) -> bool:
    """True for a SQLite file that does not exist (connecting would create it empty)."""
    name = engine.url.database
    return engine.dialect.name == "sqlite" and bool(name) and name != ":memory:" and not Path(name).exists()


def _unreachable(engine: Engine) -> DatabaseUnavailable:
    where = engine.url.render_as_string(hide_password=True)
    return DatabaseUnavailable(
        "unreachable",
        f"无法连接数据库（{where}）。请检查数据库服务是否启动、DATABASE_URL 是否正确。",
        f"Cannot reach the database ({where}). Check that the server is running and DATABASE_URL is right.",
    )


EMPTY_DTYPES = {DateTime: "datetime64[us]", Integer: "int64", Numeric: "float64"}  # Float is a Numeric


def typed_if_empty(frame: pd.DataFrame, query: Executable) -> pd.DataFrame:
    """An empty result with the dtypes its columns would have held (not all text), so that `.dt` and sums work on
    it as on a filled one; a filled frame is returned as it is."""
    if not frame.empty or not isinstance(query, Select):
        return frame
    return frame.astype({name: dtype for name, column in zip(frame.columns, query.selected_columns)
                         for kind, dtype in EMPTY_DTYPES.items() if isinstance(column.type, kind)})


def read_frame(query: Executable, engine: Engine | None = None) -> pd.DataFrame:
    """Run one query and return its rows as a DataFrame; an unreachable database raises DatabaseUnavailable."""
    engine = engine or get_engine()
    try:
        with engine.connect() as conn:
            result = conn.execute(query)
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
            return typed_if_empty(frame, query)
    except OperationalError as exc:
        raise _unreachable(engine) from exc
