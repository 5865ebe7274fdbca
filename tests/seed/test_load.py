"""Building and loading: determinism, the as-of boundary (a demo of today: now), --scale, refusing a seeded database,
the CLI."""
from datetime import date, datetime

import pytest
from sqlalchemy import Date, DateTime, Engine, func, select

from data_access import summaries
from schema import Base, IssueEvent, Township
from seed import AlreadySeeded, build
from seed.__main__ import main
from seed.load import generate
from seed.plan import Ids
from tests.seed.conftest import AS_OF, sqlite_engine

ORGANISATION = ("townships", "villages", "village_boundaries", "villager_groups", "service_points", "talents",
                "volunteer_teams")


def dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            name: conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            for name, table in Base.metadata.tables.items()
        }


def test_the_same_as_of_gives_identical_data(demo: Engine, tmp_path) -> None:
    again = sqlite_engine(tmp_path)
    build(again, AS_OF)
    assert dump(again) == dump(demo)


def test_nothing_is_dated_after_as_of(demo: Engine) -> None:
    """Every event and confirmation lies on or before as-of; only deadlines (due dates) may lie ahead."""
    with demo.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, (Date, DateTime)) and not column.name.endswith("due_date"):
                    latest = conn.execute(select(func.max(column))).scalar()
                    day = latest.date() if isinstance(latest, datetime) else latest
                    assert day is None or day <= AS_OF, column


def test_a_demo_of_today_records_nothing_later_than_now_and_summarises_the_running_periods(tmp_path) -> None:
    engine = sqlite_engine(tmp_path)
    started = datetime.now()
    build(engine, started.date())
    with engine.connect() as conn:
        assert conn.scalar(select(func.max(IssueEvent.at))) <= started
        assert conn.scalar(select(func.max(IssueEvent.at))).date() == started.date()  # today's events are there
        assert summaries.running_hold(conn)  # pages read the running month, quarter and year from their summaries


@pytest.mark.parametrize("as_of", [AS_OF, date(2025, 3, 1)], ids=["mid-month", "first-of-month"])
def test_the_as_of_month_has_issues_activities_and_points(as_of: date) -> None:
    rows = generate(0, 1, as_of, Ids())

    def this_month(table: str, column: str) -> int:
        return sum(1 for row in rows[table] if row[column] and (row[column].year, row[column].month) == (
            as_of.year, as_of.month))

    assert this_month("issues", "reported_at") > 0
    assert this_month("volunteer_activities", "held_on") >= 8
    assert this_month("study_sessions", "held_on") == 34
    assert this_month("points_ledger", "earned_on") > 0
    assert this_month("visits", "visited_on") > 0
    first = min(row["held_on"] for row in rows["study_sessions"])
    assert (first.year, first.month) == (as_of.year - 3, 1)  # the history starts in January three years back


def test_scale_two_doubles_the_organisation(demo: Engine, table, tmp_path) -> None:
    county = sqlite_engine(tmp_path)
    counts = build(county, AS_OF, scale=2)
    single = {name: len(table(name)) for name in ORGANISATION}
    assert {name: counts[name] for name in ORGANISATION} == {name: 2 * n for name, n in single.items()}
    with county.connect() as conn:
        townships = conn.execute(select(Township.name, Township.lat, Township.lon).order_by(Township.id)).all()
    assert [t.name for t in townships] == ["罗水乡", "罗水乡（2）"]
    assert abs(townships[1].lon - townships[0].lon) > 0.1  # shifted, not stacked


def test_build_refuses_a_database_that_holds_a_township(demo: Engine) -> None:
    with pytest.raises(AlreadySeeded):
        build(demo, AS_OF)


def test_the_command_refuses_in_both_languages_then_replaces(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    main(["--database-url", url, "--as-of", "2024-06-30"])
    with pytest.raises(SystemExit) as refused:
        main(["--database-url", url, "--as-of", "2024-06-30"])
    message = str(refused.value.code)
    assert "--replace" in message and "已有乡镇数据" in message and "already holds a township" in message
    assert "\n" not in message
    main(["--database-url", url, "--as-of", "2024-06-30", "--replace"])
    output = capsys.readouterr().out
    assert output.count("townships") == 2 and " s\n" in output
    assert "total" in output
