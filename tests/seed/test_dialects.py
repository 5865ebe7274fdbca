"""The seed loads on SQLite, PostgreSQL and MariaDB alike, all or nothing, and leaves the schema as migrated."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select

from schema import Issue, PartyMember, Township
from schema.migrate import MIGRATED_METADATA, upgrade
from seed import build, load
from tests.seed.conftest import AS_OF


def schema_diff(engine: Engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), MIGRATED_METADATA)


def test_a_failed_load_leaves_nothing_behind(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    generate = load.generate

    def second_township_fails(index: int, *args: object) -> load.Rows:
        if index == 1:
            raise RuntimeError("generator failed")
        return generate(index, *args)

    monkeypatch.setattr(load, "generate", second_township_fails)
    with pytest.raises(RuntimeError):
        build(engine, AS_OF, scale=2)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Township)).scalar() == 0
    assert schema_diff(engine) == []


def test_the_seed_loads_on_every_dialect(engine: Engine, table) -> None:
    counts = build(engine, AS_OF)
    assert counts == {name: len(table(name)) for name in counts}  # the same rows as the SQLite demo
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Issue)).scalar() == counts["issues"]
    assert schema_diff(engine) == []  # PostgreSQL's dropped keys and indexes are back
    with engine.begin() as conn:  # the id sequences moved past the explicit ids
        new_id = conn.execute(
            PartyMember.__table__.insert().values(grid_id=1, name="测试", phone="13800000000", star_level=3)
            .returning(PartyMember.id)
        ).scalar()
        assert new_id == counts["party_members"] + 1
        conn.rollback()


def test_replacing_drops_the_data_version_too(engine: Engine) -> None:
    """`--replace` drops everything, the data version's PostgreSQL function included, and migrates again."""
    load.drop_everything(engine)
    upgrade(engine)
    assert schema_diff(engine) == []
