"""The seed loads on SQLite, PostgreSQL and MariaDB alike, and leaves the schema as the migrations made it."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select

from schema import Base, Issue, PartyMember
from seed import build
from tests.seed.conftest import AS_OF


def test_the_seed_loads_on_every_dialect(engine: Engine, table) -> None:
    counts = build(engine, AS_OF)
    assert counts == {name: len(table(name)) for name in counts}  # the same rows as the SQLite demo
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Issue)).scalar() == counts["issues"]
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    with engine.begin() as conn:  # the id sequences moved past the explicit ids
        new_id = conn.execute(
            PartyMember.__table__.insert().values(grid_id=1, name="测试", phone="13800000000", star_level=3)
            .returning(PartyMember.id)
        ).scalar()
        assert new_id == counts["party_members"] + 1
        conn.rollback()
