"""The data version changes with every write to every governance table, on all three databases."""
import re

import pytest
from sqlalchemy import Engine, delete, insert, text, update

from data_access.db import data_version
from schema import Base, Township
from schema.data_version import BUMP, PG_EVENTS, ROW_EVENTS

PG_EVENT_BITS = {"INSERT": 4, "DELETE": 8, "UPDATE": 16, "TRUNCATE": 32}  # pg_trigger.tgtype (FOR EACH ROW is 1)


def bumping_triggers(engine: Engine) -> set[tuple[str, str]]:
    """(table, event) of every trigger in the database that bumps the data version after the event."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(text(
                "SELECT c.relname, t.tgtype FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND p.proname = 'bump_data_version'"))
            return {(table, event) for table, bits in rows for event, bit in PG_EVENT_BITS.items() if bits & bit}
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")).scalars()
            found = [(re.search(r"AFTER (\w+) ON (\w+) FOR EACH ROW", sql), sql) for sql in rows]
            return {(match[2], match[1]) for match, sql in found if match and BUMP in sql}
        rows = conn.execute(text(
            "SELECT event_object_table, event_manipulation, action_statement FROM information_schema.triggers "
            "WHERE trigger_schema = DATABASE() AND action_timing = 'AFTER' AND action_orientation = 'ROW'"))
        return {(table, event) for table, event, body in rows if BUMP in body}


def test_every_governance_table_bumps_the_version_on_every_write(engine: Engine) -> None:
    events = PG_EVENTS if engine.dialect.name == "postgresql" else ROW_EVENTS
    expected = {(table, event) for table in Base.metadata.tables for event in events}
    assert expected <= bumping_triggers(engine)


def test_an_insert_an_update_and_a_delete_each_change_the_version(engine: Engine) -> None:
    seen = [data_version(engine)]
    for write in (insert(Township).values(id=1, name="罗水乡", centre_name="中心", lat=29.2, lon=110.3),
                  update(Township).values(name="新名").where(Township.id == 1),
                  delete(Township).where(Township.id == 1)):
        with engine.begin() as conn:
            conn.execute(write)
        seen.append(data_version(engine))
    assert len(set(seen)) == 4


def test_a_truncate_changes_the_version_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE fires no trigger on MariaDB and does not exist on SQLite")
    before = data_version(engine)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE townships CASCADE"))
    assert data_version(engine) != before
