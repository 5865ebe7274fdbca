"""The loop summaries of ended periods give exactly what the case history gives, at every place level, on every
dialect; pages read them instead of the events; a record dated inside an ended period is summarised again. The
running periods' summaries give what the case history gives now, and stop being read when the data changes, a later
event's moment comes or the day ends.

On the hand-built issue loop of issue_fixture (March 2024) and, for the seed, the demo township.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, func, select, update

from data_access import alerts, issues, loop, summaries
from data_access.filters import Filter, Period
from schema import LoopSummary, RunningMark, SummaryMark
from tests.data_access.issue_fixture import MARCH, TODAY, march

PERIODS = [*(Period("month", date(2024, month, 1)) for month in (2, 3, 4, 5)),
           Period("quarter", date(2024, 1, 1)), Period("quarter", date(2024, 4, 1)), Period("year", date(2024, 1, 1))]
PLACES = [{}, {"village_id": 1}, {"service_point_id": 1}, {"grid_id": 4}, {"scope": frozenset({2})}]
LEVELS = ("township", "village", "service_point", "grid")
JUNE = Period("month", date(2024, 6, 1))
RUNNING = [Period("month", date(2024, 5, 1)), Period("quarter", date(2024, 4, 1)), Period("year", date(2024, 1, 1))]


@contextmanager
def from_events() -> Iterator[None]:
    """Every figure read from the case history, summaries or not."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loop, "summarised", lambda *_: False)
        yield


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(issues, "now", lambda: moment)
        yield


def write_running(engine: Engine) -> int:
    with engine.begin() as conn:
        return summaries.write_running(conn)


def figures(engine: Engine, periods: list[Period] = PERIODS, last: Period = JUNE) -> list[pd.DataFrame]:
    """The loop's figures of the periods at every place and level, the months up to `last` and the villages whose
    backlog grew up to March and up to `last`."""
    frames = []
    for period in periods:
        for place in PLACES:
            f = Filter(period, **place)
            frames.append(loop.loop_figures(f, engine))
            frames.extend(loop.loop_figures_by(f, level, engine) for level in LEVELS if not place)
    frames.extend(loop.loop_by_month(Filter(last, **place), 6, engine) for place in PLACES)
    frames.extend(alerts.growing_backlogs(Filter(period, **place), 2, engine)
                  for period in (MARCH, last) for place in PLACES)
    return frames


def assert_same(frames: list[pd.DataFrame], others: list[pd.DataFrame]) -> None:
    for frame, other in zip(frames, others, strict=True):
        pd.testing.assert_frame_equal(frame, other, rtol=1e-12)


@pytest.fixture(scope="module")
def summarised(issue_loop: Engine) -> Engine:
    with issue_loop.begin() as conn:
        summaries.write_ended(conn)
    return issue_loop


def test_every_ended_period_is_summarised_once(summarised: Engine) -> None:
    today = datetime.now().date()
    with summarised.connect() as conn:
        marks = dict(conn.execute(select(SummaryMark.period_kind, SummaryMark.summarised_until)).all())
        assert marks == {kind: Period.containing(kind, today).start for kind in summaries.KINDS}
        assert summaries.write_ended(conn) == 0  # nothing new has ended
    assert all(loop.summarised(period, summarised) for period in PERIODS)
    assert not loop.summarised(Period.containing("month", today), summarised)  # running


def test_the_summaries_read_as_the_case_history(summarised: Engine) -> None:
    with from_events():
        expected = figures(summarised)
    assert_same(figures(summarised), expected)
    every_period = [p for kind in summaries.KINDS for p in summaries.periods(kind, date(2024, 1, 1), date.today())]
    with from_events():
        expected = [loop.loop_figures_by(Filter(period), "grid", summarised) for period in every_period]
    assert_same([loop.loop_figures_by(Filter(period), "grid", summarised) for period in every_period], expected)
    march_figures = loop.loop_figures(march(), summarised).iloc[0]  # issue_fixture's hand count of March
    assert march_figures[["filed", "due", "closed", "closed_on_time", "overdue_open", "reopened"]].tolist() == [
        12, 14, 9, 6, 5, 2]


def test_a_running_month_is_read_from_the_case_history(summarised: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: TODAY)  # 2024-05-10: April has ended, May runs
    may = Period("month", date(2024, 5, 1))
    assert loop.summarised(Period("month", date(2024, 4, 1)), summarised) and not loop.summarised(may, summarised)

    def running() -> list[pd.DataFrame]:
        return [frame for place in PLACES for frame in (
            loop.loop_by_month(Filter(may, **place), 6, summarised), loop.loop_figures(Filter(may, **place), summarised),
            alerts.growing_backlogs(Filter(may, **place), 2, summarised))]

    with from_events():
        expected = running()
    assert_same(running(), expected)


@pytest.fixture
def running(summarised: Engine) -> Iterator[Engine]:
    """The summarised issue loop, for a test that summarises the running periods of a moment of 2024-05-10 (which
    rewrites ended ones); every summary is written again afterwards."""
    yield summarised
    with summarised.begin() as conn:
        for table in (LoopSummary, SummaryMark, RunningMark):
            conn.execute(delete(table))
        summaries.write_ended(conn)


def test_the_running_periods_are_summarised_as_the_case_history(running: Engine) -> None:
    with clock(TODAY):
        assert write_running(running) == 3
        assert write_running(running) == 0  # they hold: nothing to write
        assert all(loop.summarised(period, running) for period in RUNNING)
        with from_events():
            expected = figures(running, RUNNING, RUNNING[0])
        assert_same(figures(running, RUNNING, RUNNING[0]), expected)


def test_the_running_summaries_hold_until_the_data_changes_a_later_event_comes_or_the_day_ends(
        running: Engine, recorded_today: Callable[[], None]) -> None:
    may = RUNNING[0]
    with clock(datetime(2024, 5, 10, 12)):
        write_running(running)
        recorded_today()  # events from 09:00 to 16:00 today
        assert not loop.summarised(may, running)  # the data changed
        assert write_running(running) == 3 and loop.summarised(may, running)
        with from_events():
            at_noon = figures(running, RUNNING, RUNNING[0])
        assert_same(figures(running, RUNNING, RUNNING[0]), at_noon)
    with clock(datetime(2024, 5, 10, 15, 59)):
        assert loop.summarised(may, running)  # nothing is recorded between noon and now
    with clock(datetime(2024, 5, 10, 17)):
        assert not loop.summarised(may, running)  # issue 1's closing at 16:00 counts now
        with from_events():
            expected = figures(running, RUNNING, RUNNING[0])
        assert loop.loop_figures(Filter(may), running).iloc[0]["closed"] == at_noon[0].iloc[0]["closed"] + 1
        assert write_running(running) == 3
        assert_same(figures(running, RUNNING, RUNNING[0]), expected)
    with clock(datetime(2024, 5, 11, 0, 0, 1)):
        assert not loop.summarised(may, running)  # a new day: overdue counts from it


def test_pages_read_the_summaries(summarised: Engine) -> None:
    def march_grid_1(change: int) -> None:
        with summarised.begin() as conn:
            conn.execute(update(LoopSummary).values(filed=LoopSummary.filed + change).where(
                LoopSummary.grid_id == 1, LoopSummary.period_kind == "month", LoopSummary.period_start == MARCH.start))

    before = loop.loop_figures(march(), summarised).iloc[0]["filed"]
    march_grid_1(100)
    try:
        assert loop.loop_figures(march(), summarised).iloc[0]["filed"] == before + 100
        by_month = loop.loop_by_month(Filter(JUNE), 6, summarised).set_index("month")["filed"]
        assert by_month[pd.Timestamp(MARCH.start)] == before + 100
    finally:
        march_grid_1(-100)


def test_a_record_inside_an_ended_period_is_summarised_again(
        summarised: Engine, recorded_today: Callable[[], None]) -> None:
    recorded_today()  # reopens, closes and escalates issues of villages 1 and 2 on 2024-05-10, an ended day now
    with from_events():
        expected = figures(summarised)
    assert any(not frame.equals(other) for frame, other in zip(figures(summarised), expected))  # stale until then
    with summarised.begin() as conn:
        assert summaries.rewrite(conn, frozenset({1, 2}), TODAY.date()) > 0
    assert_same(figures(summarised), expected)
    with summarised.begin() as conn:  # back as it was when recorded_today takes the records away
        summaries.rewrite(conn, frozenset({1, 2}), TODAY.date())


def test_the_seed_writes_the_summaries(demo: Engine) -> None:
    with demo.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LoopSummary)) > 0
        marks = dict(conn.execute(select(SummaryMark.period_kind, SummaryMark.summarised_until)).all())
    assert marks == {"month": date(2026, 11, 1), "quarter": date(2026, 10, 1), "year": date(2026, 1, 1)}
    ended = [Period("month", date(2026, 10, 1)), Period("quarter", date(2026, 7, 1)), Period("year", date(2025, 1, 1))]
    with from_events():
        expected = [loop.loop_figures(Filter(p), demo) for p in ended]
    assert_same([loop.loop_figures(Filter(p), demo) for p in ended], expected)
