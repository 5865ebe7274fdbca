"""Run the Alembic migrations from code (the seed and the tests build their databases this way)."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from accounts.models import AccountsBase
from schema import Base, data_version
from schema.summaries import UnversionedBase

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
# all the migrations build (autogenerate compares it): the governance tables, the data version, the accounts, the
# running summaries' marks
MIGRATED_METADATA = [Base.metadata, data_version.metadata, AccountsBase.metadata, UnversionedBase.metadata]


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = Config(ALEMBIC_INI)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
