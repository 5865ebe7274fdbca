"""Alembic environment: migrates the database the cockpit is configured for (or `-x url=...`)."""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, create_engine

from data_access.db import database_url
from schema.migrate import MIGRATED_METADATA

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=MIGRATED_METADATA, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if (connection := config.attributes.get("connection")) is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or database_url()
    with create_engine(url).connect() as connection:
        run(connection)
