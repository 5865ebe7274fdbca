"""Ranks, ties, normalisation by members and movement on every dialect (points listed in rankings_fixture)."""
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, select, update

from data_access import issues, rankings, running, summaries
from data_access.filters import Filter, Period, Viewer
from data_access.rankings import award_candidates, ranking
from schema import IssueStateSummary, LoopSummary, RankSummary, RunningMark, StandingSummary
from schema.data_version import DATA_VERSION
from tests.data_access.rankings_fixture import Q1_2026, Q4_2025, in_q1_2026

pytestmark = pytest.mark.usefixtures("ranked_community")
RANKS = ["unit_id", "points", "per_member", "rank", "previous_rank", "movement", "is_new"]


def rows(frame: pd.DataFrame, columns: list[str] = RANKS) -> list[list]:
    """The columns' values row by row, None where missing."""
    shown = frame[columns].astype(object)
    return shown.where(shown.notna(), None).values.tolist()


def test_members_tie_on_points_and_the_next_rank_is_skipped(engine: Engine) -> None:
    frame = ranking(in_q1_2026(), "member", engine)
    # Q1 2026: 1 and 2 have 6.0 → both 1st, then 3rd; 4 and 7 tie at 3.0 → 4th, 4th, then 6th; member 5 has only
    # a pending entry → unranked, last. Q4 2025 ranks: 2, 4, 3 = 9, 6, 1, 8 → 1, 2, 3, 3, 5, 6, 7; 7 had none → 新
    assert rows(frame) == [
        [1, 6.0, 6.0, 1, 6, 5, False],
        [2, 6.0, 6.0, 1, 1, 0, False],
        [3, 4.5, 4.5, 3, 3, 0, False],
        [4, 3.0, 3.0, 4, 2, -2, False],
        [7, 3.0, 3.0, 4, None, None, True],
        [6, 2.0, 2.0, 6, 5, -1, False],
        [8, 1.5, 1.5, 7, 7, 0, False],
        [9, 0.5, 0.5, 8, 3, -5, False],
        [5, 0.0, 0.0, None, None, None, False],
    ]
    assert frame["ranked_units"].unique().tolist() == [8]
    assert frame["unit"].tolist()[:2] == ["张*丰", "李*"]  # masked
    assert frame.loc[0, ["study", "volunteer", "issue", "evaluation"]].tolist() == [2.0, 4.0, 0.0, 0.0]
    assert frame.loc[0, ["grid_id", "service_point_id", "village_id"]].tolist() == [1, 1, 1]
    assert frame["star_level"].tolist()[:3] == [4.0, 3.0, 5.0]


def test_the_top_of_a_ranking_is_its_first_rows_with_the_whole_field_counted(engine: Engine) -> None:
    top = ranking(in_q1_2026(), "member", engine, top=4)
    assert rows(top) == rows(ranking(in_q1_2026(), "member", engine))[:4]  # 1, 2, 3 and the first of the tie at 4th
    assert top["ranked_units"].unique().tolist() == [8]


def test_groups_rank_on_points_per_member(engine: Engine) -> None:
    frame = ranking(in_q1_2026(), "grid", engine)
    # grid 2: (6 + 2) / 2 = 4.00; grid 1: (6 + 0) / 2 = 3.00; grid 3: (4.5 + 0.5) / 2 = 2.50 ties with
    # grid 4: (3 + 3 + 1.5) / 3 = 2.50, although grid 4 has more points; grid 5 has no members → not listed.
    # Q4 2025: grid 2 3.50, grid 3 3.00, grid 4 1.50, grid 1 0.50
    assert rows(frame) == [
        [2, 8.0, 4.0, 1, 1, 0, False],
        [1, 6.0, 3.0, 2, 4, 2, False],
        [3, 5.0, 2.5, 3, 2, -1, False],
        [4, 7.5, 2.5, 3, 3, 0, False],
    ]
    assert frame["members"].tolist() == [2, 2, 2, 3]
    assert frame.loc[3, "volunteer_per_member"] == pytest.approx(1.0)  # member 7's 3.0 over three members
    assert frame["star_level"].tolist() == pytest.approx([2.5, 3.5, 4.0, 7 / 3])  # members 4, 7, 8: (2 + 4 + 1) / 3


def test_service_points_and_villages(engine: Engine) -> None:
    # 片区 1: (6 + 6 + 0 + 2) / 4 = 3.50; 片区 2: 5.0 / 2 = 2.50; 片区 3: 7.5 / 3 = 2.50
    # Q4 2025: 片区 2 3.00, 片区 1 2.00, 片区 3 1.50
    assert rows(ranking(in_q1_2026(), "service_point", engine)) == [
        [1, 14.0, 3.5, 1, 2, 1, False],
        [2, 5.0, 2.5, 2, 1, -1, False],
        [3, 7.5, 2.5, 2, 3, 1, False],
    ]
    # village 1: 19.0 / 6 = 3.1666… → 3.17; village 2: 7.5 / 3 = 2.50; the same order in Q4 2025
    assert rows(ranking(in_q1_2026(), "village", engine)) == [
        [1, 19.0, 3.17, 1, 1, 0, False],
        [2, 7.5, 2.5, 2, 2, 0, False],
    ]


def test_new_units_and_negative_points(engine: Engine) -> None:
    # Q3 2025: only grid 4 (member 4: 2.0 / 3 = 0.67) and grid 2 (member 6: −1.0 / 2 = −0.50) are ranked
    q3 = ranking(Filter(Period("quarter", date(2025, 7, 1))), "grid", engine)
    assert rows(q3, ["unit_id", "per_member", "rank"]) == [[4, 0.67, 1], [2, -0.5, 2], [1, 0.0, None],
                                                           [3, 0.0, None]]
    q4 = ranking(Filter(Q4_2025), "grid", engine)
    assert rows(q4, ["unit_id", "rank", "previous_rank", "movement", "is_new"]) == [
        [2, 1, 2, 1, False], [3, 2, None, None, True], [4, 3, 1, -2, False], [1, 4, None, None, True],
    ]


@pytest.mark.parametrize(
    ("place", "level", "expected"),
    [
        # the place chooses the rows; they keep their ranks among the township's 8 ranked members
        ({"village_id": 2}, "member", [[4, 4, 8], [7, 4, 8], [8, 7, 8]]),
        ({"grid_id": 3}, "service_point", [[2, 2, 3]]),  # grid 3's 片区
        ({"service_point_id": 3}, "village", [[2, 2, 2]]),
        # a scope narrows whom the units rank against: members 4, 7, 8 of village 2 only
        ({"scope": frozenset({2})}, "member", [[4, 1, 3], [7, 1, 3], [8, 3, 3]]),
    ],
)
def test_place_and_scope(engine: Engine, place: dict, level: str, expected: list) -> None:
    assert rows(ranking(in_q1_2026(**place), level, engine), ["unit_id", "rank", "ranked_units"]) == expected


def test_award_candidates_of_the_year(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2025 (with the community's entries confirmed Jan–Apr 2025): member 1: 7.5 + 1.0, member 2: 3.0 + 5.0,
    # member 4: 2.0 + 4.0, members 3 and 9: 3.0 each, member 6: −1.0 + 2.0, member 8: 0.5
    monkeypatch.setitem(rankings.AWARD_TOP, "member", 4)
    any_month_of_2025 = Filter(Period("month", date(2025, 6, 1)))
    frame = award_candidates(any_month_of_2025, "member", engine)
    assert rows(frame, ["unit_id", "points", "rank"]) == [[1, 8.5, 1], [2, 8.0, 2], [4, 6.0, 3], [3, 3.0, 4],
                                                           [9, 3.0, 4]]  # a tie at the last place keeps both
    # village 1: 23.5 / 6 = 3.92 beats village 2: 6.5 / 3 = 2.17; 片区 1: 17.5 / 4 = 4.375 → 4.38 (half up)
    assert rows(award_candidates(any_month_of_2025, "village", engine), ["unit_id", "per_member"]) == [[1, 3.92]]
    assert award_candidates(any_month_of_2025, "service_point", engine)["per_member"].tolist() == [4.38, 3.0, 2.17]


@pytest.fixture
def mid_february(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The running periods of 2026-02-15 noon (February, Q1, 2026) summarised; afterwards none."""
    monkeypatch.setattr(issues, "now", lambda: datetime(2026, 2, 15, 12))
    with engine.begin() as conn:
        assert summaries.write_running(conn) == 3
    yield engine
    with engine.begin() as conn:
        for table in (RankSummary, StandingSummary, IssueStateSummary, RunningMark):
            conn.execute(delete(table))
        conn.execute(delete(LoopSummary).where(LoopSummary.period_start >= date(2026, 1, 1)))


def test_a_running_period_ranks_the_district_from_its_summaries_as_from_the_ledger(
        mid_february: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = mid_february
    filters = [Filter(period, **place) for period in (Period("month", date(2026, 2, 1)), Q1_2026)
               for place in ({}, {"village_id": 2}, {"grid_id": 3})]
    assert all(rankings._summarised_for(f, level, engine) for f in filters for level in rankings.DISTRICT_LEVELS)
    assert not rankings._summarised_for(in_q1_2026(scope=frozenset({2})), "member", engine)  # ranked in the scope
    assert not rankings._summarised_for(Filter(Q4_2025), "member", engine)  # an ended period

    def frames() -> list[pd.DataFrame]:
        return [*(ranking(f, level, engine) for f in filters for level in rankings.DISTRICT_LEVELS),
                ranking(filters[0], "member", engine, top=2),
                ranking(replace(filters[1], viewer=Viewer(members_named=True)), "member", engine),
                *(award_candidates(f, level, engine) for f in filters[:1] for level in rankings.DISTRICT_LEVELS)]

    summarised = frames()
    monkeypatch.setattr(running, "summarised", lambda *_: False)
    for frame, expected in zip(summarised, frames(), strict=True):
        pd.testing.assert_frame_equal(frame, expected)


def test_the_district_ranks_are_read_from_the_summaries(mid_february: Engine) -> None:
    with mid_february.begin() as conn:
        conn.execute(update(RankSummary).values(rank=RankSummary.rank + 10).where(
            RankSummary.level == "village", RankSummary.period_kind == "quarter"))
        version = DATA_VERSION.c.version  # the marks moved to the version of the change: they still hold
        conn.execute(update(RunningMark).values(data_version=select(version).scalar_subquery()))
    assert ranking(in_q1_2026(), "village", mid_february)["rank"].tolist() == [11, 12]
    assert ranking(in_q1_2026(scope=frozenset({1, 2})), "village", mid_february)["rank"].tolist() == [1, 2]

