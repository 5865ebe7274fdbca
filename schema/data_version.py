"""The data version: one number that every write to a governance table changes, so that the app's query cache
follows the data (ui/cache.py). Triggers keep it; a migration that adds a table calls add_version_triggers on it.

PostgreSQL counts statements (one trigger per table, TRUNCATE included, once per COPY); SQLite and MariaDB have
row-level triggers only and count rows. The number starts at a random value, so that a database dropped and
rebuilt (`python -m seed --replace`) does not repeat a version the app has cached.
"""
import secrets

from sqlalchemy import BigInteger, Column, Connection, MetaData, Table, insert, text

metadata = MetaData()
DATA_VERSION = Table("data_version", metadata, Column("version", BigInteger, nullable=False))  # one row

BUMP = "UPDATE data_version SET version = version + 1"
ROW_EVENTS = ("INSERT", "UPDATE", "DELETE")
PG_EVENTS = (*ROW_EVENTS, "TRUNCATE")
PG_FUNCTION = "bump_data_version"


def create_data_version(conn: Connection) -> None:
    """The data_version table with its row, and on PostgreSQL the function its triggers call."""
    DATA_VERSION.create(conn)
    conn.execute(insert(DATA_VERSION).values(version=secrets.randbelow(2**62)))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
                          f"$$ BEGIN {BUMP}; RETURN NULL; END $$"))


def drop_data_version(conn: Connection) -> None:
    """The data_version table and the function (a table's triggers go with the table)."""
    DATA_VERSION.drop(conn)
    drop_version_function(conn)


def drop_version_function(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"))


def add_version_triggers(conn: Connection, table: str) -> None:
    """Triggers that bump the data version on every insert, update and delete (and truncate) of `table`."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"CREATE TRIGGER {table}_data_version AFTER {' OR '.join(PG_EVENTS)} ON {table} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"))
        return
    for event in ROW_EVENTS:
        conn.execute(text(f"CREATE TRIGGER {table}_{event.lower()}_data_version AFTER {event} ON {table} "
                          f"FOR EACH ROW BEGIN {BUMP}; END"))


def drop_version_triggers(conn: Connection, table: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP TRIGGER {table}_data_version ON {table}"))
        return
    for event in ROW_EVENTS:
        conn.execute(text(f"DROP TRIGGER {table}_{event.lower()}_data_version"))
