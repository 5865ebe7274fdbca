"""One demo database (scale 1, as of mid-May 2026) on SQLite, shared by the seed tests, and a table reader."""
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, select

from schema import Base
from schema.migrate import upgrade
from seed import build

AS_OF = date(2026, 5, 14)


def sqlite_engine(folder: object) -> Engine:
    engine = create_engine(f"sqlite:///{folder}/demo.db")
    upgrade(engine)
    return engine


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_engine(tmp_path_factory.mktemp("demo"))
    build(engine, AS_OF)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def table(demo: Engine):
    """table(name) → the whole table as a DataFrame, in primary-key order (cached)."""
    cache: dict[str, pd.DataFrame] = {}

    def read(name: str) -> pd.DataFrame:
        if name not in cache:
            model = Base.metadata.tables[name]
            query = select(model).order_by(*model.primary_key.columns)
            with demo.connect() as conn:
                cache[name] = pd.DataFrame(conn.execute(query).fetchall(), columns=list(model.columns.keys()))
        return cache[name]

    return read
