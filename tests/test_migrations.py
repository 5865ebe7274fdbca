from collections import Counter
from datetime import date, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, insert, inspect, select

from schema import Base, IssueEvent, RunningMark
from schema.migrate import ALEMBIC_INI, MIGRATED_METADATA, upgrade
from tests.data_access.issue_fixture import ISSUES, ROWS, at
from tests.rows import insert_rows

STAGES = ("reported", "filed", "dispatched", "handled", "fed_back", "closed")


def test_upgrade_head_builds_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), MIGRATED_METADATA)
    assert diff == []


def test_issue_events_are_backfilled_from_the_issue_rows(engine: Engine) -> None:
    """Back to 0001, the hand-built issue loop's rows go in, and upgrading writes the events they can tell."""
    config = Config(ALEMBIC_INI)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    insert_rows(engine, ROWS)
    upgrade(engine)
    query = select(IssueEvent.issue_id, IssueEvent.kind, IssueEvent.at, IssueEvent.actor_name, IssueEvent.level,
                   IssueEvent.department, IssueEvent.due_date)
    with engine.connect() as conn:
        events = {(e.issue_id, e.kind): e[2:] for e in conn.execute(query)}
        kinds = Counter(conn.execute(select(IssueEvent.kind)).scalars())
    stamps = sum(issue[f"{stage}_at"] is not None for issue in ISSUES for stage in STAGES)
    assert sum(kinds[stage] for stage in STAGES) == stamps
    assert (kinds["escalated"], kinds["extended"], kinds["reopened"]) == (5, 1, 2)
    assert events[7, "filed"] == (at("2024-02-15"), None, None, None, date(2024, 2, 25))  # the first due date
    assert events[7, "escalated"] == (at("2024-02-15"), None, 3, "区水利局", None)  # when it was dispatched
    assert events[7, "extended"] == (at("2024-02-15"), None, None, None, date(2024, 3, 20))
    assert events[7, "handled"] == (at("2024-03-18"), "王小明", None, None, None)  # the owner
    assert events[9, "reopened"] == (at("2024-03-14"), None, None, None, None)  # fed back, never closed again
    assert events[8, "reopened"][0] == at("2024-03-12")  # fed back when it closed
    assert (10, "filed") not in events and events[10, "reported"][0] == at("2024-03-29")


def test_the_rank_summaries_come_with_new_running_summaries(engine: Engine) -> None:
    """The running marks of before 0011 said summaries hold that had no ranks: after the upgrade none does."""
    config = Config(ALEMBIC_INI)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0010_grid_record_indexes")
        conn.execute(insert(RunningMark).values(period_kind="month", period_start=date(2026, 12, 1),
                                                read_at=datetime(2026, 12, 7, 9), valid_until=datetime(2026, 12, 8),
                                                data_version=1))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(RunningMark)) == 0
