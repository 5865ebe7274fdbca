"""Generate the demo townships and bulk-load them in one transaction."""
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from operator import itemgetter

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, insert, select, text
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from data_access import issues
from data_access.summaries import write_ended, write_running
from schema import Base, IssueStateSummary, LoopSummary, StandingSummary, SummaryMark, Township
from schema.data_version import drop_version_function
from seed.issues import record_issues
from seed.organisation import build_township
from seed.plan import Ids, Rows
from seed.points import Ledger
from seed.routines import record_study, record_visits, record_volunteering

CHUNK = 5000  # rows per executemany


class AlreadySeeded(RuntimeError):
    """The database already holds a township."""


def generate(index: int, scale: int, as_of: date, ids: Ids) -> Rows:
    """All rows of township `index` of `scale`, its history running up to `as_of`."""
    town = build_township(index, scale, as_of, ids)
    ledger = Ledger()
    record_issues(town, as_of, ids, ledger)
    record_visits(town, as_of, ids)
    record_study(town, as_of, ids, ledger)
    record_volunteering(town, as_of, ids, ledger)
    town.rows["points_ledger"] = ledger.rows(as_of, ids)
    return town.rows


def build(engine: Engine, as_of: date, scale: int = 1) -> dict[str, int]:
    """Write `scale` demo townships into a migrated database that holds none yet; returns rows per table.

    All or nothing: one transaction. Raises AlreadySeeded when a township is already there.
    """
    counts = {table.name: 0 for table in Base.metadata.sorted_tables}
    ids = Ids()
    with engine.begin() as conn:
        if conn.execute(select(Township.id).limit(1)).first() is not None:
            raise AlreadySeeded("the database already holds a township")
        with _checks_after_load(conn):
            for index in range(scale):
                rows = generate(index, scale, as_of, ids)
                for table in Base.metadata.sorted_tables:
                    write(conn, table, rows.get(table.name, []))
                    counts[table.name] += len(rows.get(table.name, []))
        if conn.dialect.name == "postgresql":
            _advance_sequences(conn)
            conn.execute(text("ANALYZE"))  # planner statistics: a bulk load leaves none, and autovacuum may be off
        write_ended(conn, as_of)  # the ended periods' loop figures per grid
        if as_of >= issues.now().date():  # a demo of today: the running periods' as they stand now
            write_running(conn)
        for summary in (LoopSummary, SummaryMark, StandingSummary, IssueStateSummary):
            counts[summary.__tablename__] = conn.scalar(select(func.count()).select_from(summary))
        if conn.dialect.name == "postgresql":
            # its statistics: with those of the empty table, a district's two years of months were read row by row
            # through the key (0.5 s; 85 ms with them)
            conn.execute(text(f"ANALYZE {LoopSummary.__tablename__}"))
    return counts


@contextmanager
def _checks_after_load(conn: Connection) -> Iterator[None]:
    """On PostgreSQL, drop foreign keys and secondary indexes for the load and restore them afterwards
    (one validating join and one sorted build each, instead of a check and an index insert per row).
    DDL is transactional there, so a failed load leaves the schema as it was."""
    if conn.dialect.name != "postgresql":
        yield
        return
    tables = Base.metadata.sorted_tables
    keys = [fk for table in tables for fk in table.foreign_key_constraints]
    indexes = [index for table in tables for index in table.indexes]
    for element in [*keys, *indexes]:
        conn.execute(DropConstraint(element) if element in keys else DropIndex(element))
    yield
    for element in [*indexes, *keys]:
        conn.execute(AddConstraint(element) if element in keys else CreateIndex(element))


def write(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Bulk insert: COPY on PostgreSQL through psycopg 3, else Core executemany in chunks."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        columns = [column.name for column in table.columns if column.name in rows[0]]  # not issues.ledger_no
        values = itemgetter(*columns)
        with conn.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        return
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start:start + CHUNK])


def _advance_sequences(conn: Connection) -> None:
    """Explicit ids leave PostgreSQL's id sequences behind; move each to its table's largest id."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
            conn.execute(text(f"SELECT setval({sequence}, max(id)) FROM {table.name} HAVING count(*) > 0"))


def holds_township(engine: Engine) -> bool:
    with engine.connect() as conn:
        if not inspect(conn).has_table(Township.__tablename__):
            return False
        return conn.execute(select(Township.id).limit(1)).first() is not None


def drop_everything(engine: Engine) -> None:
    """Drop every table in the database, alembic_version included, and the data version's function."""
    metadata = MetaData()
    with engine.begin() as conn:
        metadata.reflect(conn)
        metadata.drop_all(conn)
        drop_version_function(conn)
