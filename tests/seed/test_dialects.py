"""The seed loads on SQLite, PostgreSQL and MariaDB alike, all or nothing, and leaves the schema as migrated; the
running periods' summaries (loop, standing, issue states, ranks) read as the records on each."""
from datetime import datetime, time

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select

from data_access import issue_lists, issues, loop, organisation, people, rankings, running, summaries
from data_access.filters import Filter, Period
from schema import Issue, PartyMember, Township
from schema.migrate import MIGRATED_METADATA, upgrade
from seed import build, load
from tests.seed.conftest import AS_OF

ISSUE_LISTS = ("overdue_issues", "open_issue_ageing", "escalations", "loop_stage_counts", "repeat_complaint_households",
               "issue_list")
PLACES = [({}, "village"), ({}, "service_point"), ({"village_id": 2}, "grid"), ({"service_point_id": 3}, None),
          ({"scope": frozenset({1, 3})}, "village"), ({"grid_id": 5}, None)]


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


def test_the_running_summaries_give_what_the_records_give_on_every_dialect(engine: Engine,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """On the demo the test above loaded: its running periods at noon of as-of, summarised and from the records."""
    monkeypatch.setattr(issues, "now", lambda: datetime.combine(AS_OF, time(12)))
    with engine.begin() as conn:
        assert summaries.write_running(conn) == 3
    periods = [Period.containing(kind, AS_OF) for kind in summaries.KINDS]
    assert all(running.summarised(period, engine) for period in periods)

    def figures() -> list[pd.DataFrame]:
        return [frame for period in periods for place, level in PLACES for frame in (
            people.household_coverage(Filter(period, **place), level, engine),
            people.member_figures(Filter(period, **place), level, engine),
            organisation.counts_by_place(Filter(period, **place), level or "grid", engine),
            loop.loop_figures(Filter(period, **place), engine),
            *((loop.loop_figures_by(Filter(period, **place), level, engine),) if level else ()),
            *(getattr(issue_lists, name)(Filter(period, **place), engine=engine) for name in ISSUE_LISTS),
            *(rankings.ranking(Filter(period, **place), rank_level, engine) for rank_level in rankings.DISTRICT_LEVELS),
            rankings.award_candidates(Filter(period, **place), "village", engine))]

    summarised = figures()
    monkeypatch.setattr(running, "summarised", lambda *_: False)
    for frame, expected in zip(summarised, figures(), strict=True):
        pd.testing.assert_frame_equal(frame, expected, rtol=1e-3)  # MariaDB divides to 4 decimals (seconds of a day)


def test_replacing_drops_the_data_version_too(engine: Engine) -> None:
    """`--replace` drops everything, the data version's PostgreSQL function included, and migrates again."""
    load.drop_everything(engine)
    upgrade(engine)
    assert schema_diff(engine) == []
