"""Run the Alembic migrations from code (the seed and the tests build their databases this way)."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = Config(ALEMBIC_INI)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
