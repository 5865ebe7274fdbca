"""The demo township (seed.build as of 2026-11-20, scale 1) on SQLite, for the tests that read it."""
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine

from schema.migrate import upgrade
from seed import build

DEMO_DAY = date(2026, 11, 20)  # the demo's day: data up to the 19th


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade(engine)
    build(engine, DEMO_DAY, scale=1)
    yield engine
    engine.dispose()
