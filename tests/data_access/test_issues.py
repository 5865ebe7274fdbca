"""The issue-loop queries on every dialect, against the hand-built loop in issue_fixture (March 2024); the loop's
period figures (data_access.loop) read the case history that migration 0003 backfills from its rows."""
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, update

from data_access import issues, running
from data_access.filters import Filter, Period
from data_access.issue_lists import (
    escalations,
    issue_list,
    issue_list_count,
    loop_stage_counts,
    open_issue_ageing,
    overdue_issues,
    repeat_complaint_households,
)
from data_access.issues import CALLBACK_COUNTS, callback_figures, callback_scores, read_at
from data_access.loop import issue_states, loop_by_month, loop_figures, loop_figures_by
from schema import Issue
from tests.data_access.issue_fixture import MARCH, TODAY, at, march
from tests.frames import cells

pytestmark = pytest.mark.usefixtures("issue_loop")
LOOP_COUNTS = ["filed", "due", "closed", "closed_on_time", "overdue_open", "reopened"]
COUNTS = [*LOOP_COUNTS, *CALLBACK_COUNTS]
FEBRUARY = Period("month", date(2024, 2, 1))
APRIL, MAY = Period("month", date(2024, 4, 1)), Period("month", date(2024, 5, 1))
LISTS = [overdue_issues, open_issue_ageing, escalations, loop_stage_counts, issue_list, repeat_complaint_households]
RATES = ["closure_rate", "on_time_rate", "rework_rate", "satisfaction_rate", "avg_days_to_close"]


def indicators(f: Filter, engine: Engine) -> pd.DataFrame:
    """Rows current and previous: the loop's figures beside the callbacks'."""
    return pd.concat([loop_figures(f, engine), callback_figures(f, engine)[["callbacks", "satisfied",
                                                                             "satisfaction_rate"]]], axis=1)


def indicators_by(f: Filter, level: str, engine: Engine) -> pd.DataFrame:
    """Per group: the loop's figures (with small_sample and rank) beside the callbacks'."""
    calls = callback_scores(f, level, engine)[["callbacks", "satisfied", "satisfaction_rate"]]
    return pd.concat([loop_figures_by(f, level, engine), calls], axis=1)


def counts(frame: pd.DataFrame) -> list[list[int]]:
    return frame[COUNTS].values.tolist()


def test_loop_and_callback_figures_current_and_previous(engine: Engine) -> None:
    frame = indicators(march(), engine)
    assert frame["period"].tolist() == ["current", "previous"]
    assert frame["period_label"].tolist() == ["2024-03", "2024-02"]
    # March: filed 1 2 4 5 8 9 11 14 15 16 17 18 = 12 (3, 7 in Feb; 10 never filed; 12, 13 in 2023)
    # due: 1 2 3 5 6 7 8 9 11 13 14 16 17 18 = 14 (4, 15 inside their limit; 12 closed in Feb; 5 closed early)
    # closed: 1 2 3 5 7 8 16 17 18 = 9; on time: 1 (due day) 5 7 (moved due) 8 16 17 (due day 23:00) = 6
    # overdue at 04-01: 6 9 11 13 14 = 5; reopened (in March, by the backfill where each was fed back): 8 9 = 2;
    # callbacks 1-5, 8-10 = 8, satisfied 1 3 4 8 9 = 5
    # (11 and 12 are on entry 10, never filed)
    # February: filed 3 7 = 2; due 3 6 12 13 = 4 (7's due moved to March); closed 12 (late); overdue 3 6 13 = 3;
    # callback 6 satisfied
    assert counts(frame) == [[12, 14, 9, 6, 5, 2, 8, 5], [2, 4, 1, 0, 3, 0, 1, 1]]
    current, previous = frame.iloc[0], frame.iloc[1]
    assert current[RATES].tolist() == pytest.approx([9 / 14, 6 / 14, 2 / 14, 5 / 8, 109 / 9])
    # days to close: 8 + 15 + 24 + 2 + 32 + 9 + 3 + 7 + 9 = 109 over 9 closures; February: issue 12, 142 days
    assert previous[RATES].tolist() == pytest.approx([1 / 4, 0.0, 0.0, 1.0, 142.0])
    assert frame.dtypes[COUNTS].eq("int64").all() and frame.dtypes[RATES].eq("float64").all()


def test_a_running_period_is_read_now(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2024, 3, 20, 12))
    assert read_at(MARCH) == datetime(2024, 3, 20, 12)
    frame = indicators(march(), engine)
    # by 03-20 12:00: filed 1 2 8 9 11 (10:00) 14 15 16 17 18 = 10 (4 and 5 not yet);
    # due 1 2 3 6 7 8 9 13 16 17 18 = 11 (11 due 03-31 and 14 due 03-25 are not yet past due);
    # closed 1 2 (03-20 10:00) 3 7 8 16 17 18 = 8, on time 1 7 8 16 17; overdue 6 9 13; reopened 8 9;
    # callbacks: those dated in March, as before. February is over and reads as before.
    assert counts(frame) == [[10, 11, 8, 5, 3, 2, 8, 5], [2, 4, 1, 0, 3, 0, 1, 1]]
    assert frame["closure_rate"].iloc[0] == pytest.approx(8 / 11)


def test_a_page_run_reads_one_moment_the_next_whole_second_of_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([datetime(2024, 3, 20, 12, 0, 0, 300_000), datetime(2024, 3, 20, 12, 0, 0, 900_000),
                  datetime(2024, 3, 20, 12, 0, 1), datetime(2024, 3, 31, 23, 59, 59, 500_000)])
    monkeypatch.setattr(issues, "now", lambda: next(clock))
    monkeypatch.setattr(running, "summarised", lambda *_: False)  # read from the case history, at the clock's moments
    first, second = issue_states(march(), MARCH), issue_states(march(), MARCH)
    assert first is second  # both read at 12:00:01: the statement is built once
    assert read_at(MARCH) == datetime(2024, 3, 20, 12, 0, 1)  # a whole second stays
    assert read_at(MARCH) == datetime(2024, 3, 31, 23, 59, 59, 500_000)  # never the next day


def test_in_a_running_period_an_issue_due_today_is_not_yet_overdue(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2024, 3, 16, 12))
    # issue 9 is due today: not overdue; issue 2 was due yesterday and closes on 03-20: 1 day overdue
    frame = overdue_issues(march(), engine)
    assert frame[["issue_id", "days_overdue"]].values.tolist() == [[13, 87], [6, 45], [2, 1]]
    # open now, by age to today: 14 (6 days), 15 (1); 2 (11, overdue), 9 (10), 7 (30, due 03-20); 6 (66, overdue);
    # 13 (117, overdue)
    ageing = open_issue_ageing(march(), engine)
    assert ageing[["issues", "overdue"]].values.tolist() == [[2, 0], [3, 1], [1, 1], [1, 1]]


def test_the_figures_follow_the_place_filter(engine: Engine) -> None:
    # village 2 (grid 4): filed 8 15 16 17 18; due = closed 7 8 16 17 18, on time all but 18; reopened 8;
    # callbacks 4 5 8 9 10, satisfied 4 8 9; days (32 + 9 + 3 + 7 + 9) / 5 = 12
    village = indicators(march(village_id=2), engine).iloc[0]
    assert village[COUNTS].tolist() == [5, 5, 5, 4, 0, 1, 5, 3]
    assert village["avg_days_to_close"] == pytest.approx(12.0)
    # 片区 2 = grid 3: filed 5 11 14; due 5 6 11 14; closed and on time 5; overdue 6 11 14; callbacks none in March
    point = indicators(march(service_point_id=2), engine).iloc[0]
    assert point[COUNTS].tolist() == [3, 4, 1, 1, 3, 0, 0, 0]
    assert pd.isna(point["satisfaction_rate"])
    # grid 1: filed 1 2 9; due 1 2 9 13; closed 1 2 (1 on time); overdue 9 13; reopened 9; callbacks 1 2
    assert indicators(march(grid_id=1), engine).iloc[0][COUNTS].tolist() == [3, 4, 2, 1, 2, 1, 2, 1]


def test_the_figures_respect_the_scope(engine: Engine) -> None:
    assert counts(indicators(march(scope=frozenset({2})), engine))[0] == [5, 5, 5, 4, 0, 1, 5, 3]
    outside = indicators(march(village_id=1, scope=frozenset({2})), engine)
    assert counts(outside) == [[0] * 8, [0] * 8]
    assert outside[RATES].isna().all().all()


def test_the_figures_by_village_rank_only_full_samples(engine: Engine) -> None:
    frame = indicators_by(march(), "village", engine)
    assert frame[["village_id", "village"]].values.tolist() == [[1, "甲村"], [2, "乙村"]]
    # village 1: filed 1 2 4 5 9 11 14; due 1 2 3 5 6 9 11 13 14; closed 1 2 3 5 (on time 1 5);
    # overdue 6 9 11 13 14; reopened 9; callbacks 1 2 3 (satisfied 1 3; not 11 12 on entry 10, never filed);
    # days (8 + 15 + 24 + 2) / 4
    assert counts(frame) == [[7, 9, 4, 2, 5, 1, 3, 2], [5, 5, 5, 4, 0, 1, 5, 3]]
    assert frame["on_time_rate"].tolist() == pytest.approx([2 / 9, 4 / 5])
    assert frame["avg_days_to_close"].tolist() == pytest.approx([49 / 4, 12.0])
    assert frame["small_sample"].tolist() == [False, False]
    assert frame["rank"].tolist() == [2, 1]


def test_the_figures_by_service_point_flag_small_samples(engine: Engine) -> None:
    frame = indicators_by(march(), "service_point", engine)
    # 片区 1 (grids 1, 2): due 1 2 3 9 13 = 5, on time 1 → 1/5; 片区 2: due 5 6 11 14 = 4 → 样本不足;
    # 片区 3: due 7 8 16 17 18 = 5, on time 4 → 4/5
    assert frame[["service_point_id", "due", "closed_on_time"]].values.tolist() == [[1, 5, 1], [2, 4, 1], [3, 5, 4]]
    assert frame["small_sample"].tolist() == [False, True, False]
    assert frame["rank"].tolist() == [2, pd.NA, 1]
    assert str(frame["rank"].dtype) == "Int64"


def test_the_figures_by_grid_inside_a_village(engine: Engine) -> None:
    frame = indicators_by(march(village_id=1), "grid", engine)
    # grid 2: filed 4; due 3 (carried over from February), closed late; nothing on grid 2 is overdue; callback 3
    # (not 11 12 on entry 10, never filed)
    assert frame[["village_id", "service_point_id", "grid_id"]].values.tolist() == [[1, 1, 1], [1, 1, 2], [1, 2, 3]]
    assert frame.loc[frame["grid_id"] == 2, COUNTS].values.tolist() == [[1, 1, 1, 0, 0, 0, 1, 1]]
    assert frame["small_sample"].all() and frame["rank"].isna().all()


def test_the_figures_by_service_line_list_every_line(engine: Engine) -> None:
    frame = indicators_by(march(), "service_line", engine).set_index("service_line")
    assert frame.index.tolist() == ["info", "policy", "dispute", "hazard", "poverty", "livelihood"]
    assert frame.loc["dispute", "service_line_zh"] == "矛盾纠纷排查"
    # dispute: issues 1 6 13 14 → filed 1 14; due all four; closed 1 on time; overdue 6 13 14; callback 1
    assert frame.loc["dispute", COUNTS].tolist() == [2, 4, 1, 1, 3, 0, 1, 1]
    # poverty: issue 5, closed early on time; its callback is in April
    assert frame.loc["poverty", COUNTS].tolist() == [1, 1, 1, 1, 0, 0, 0, 0]


def test_loop_by_month(engine: Engine) -> None:
    frame = loop_by_month(march(), months=3, engine=engine)
    assert frame["month"].tolist() == [pd.Timestamp(f"2024-{m:02d}-01") for m in (1, 2, 3)]
    # filed: Jan 6; Feb 3 7; Mar 12 issues. closed: Feb 12; Mar 9 issues.
    # open at month end: Jan 6 12 13 = 3; Feb 3 + 2 - 1 = 4 (3 6 7 13); Mar 4 + 12 - 9 = 7 (4 6 9 11 13 14 15)
    assert frame[["filed", "closed", "open_at_end"]].values.tolist() == [[1, 0, 3], [2, 1, 4], [12, 9, 7]]
    assert str(frame["month"].dtype).startswith("datetime64")
    assert frame.dtypes[["filed", "closed", "open_at_end"]].eq("int64").all()
    for month, row in zip((Period("month", date(2024, m, 1)) for m in (1, 2, 3)), frame.itertuples()):
        alone = loop_figures(Filter(month), engine).iloc[0]
        assert [row.filed, row.closed, row.open_at_end] == alone[["filed", "closed", "open_at_end"]].tolist()


def test_loop_by_month_of_a_quarter_ends_with_its_last_month(engine: Engine) -> None:
    frame = loop_by_month(Filter(Period("quarter", date(2024, 1, 1)), village_id=2), months=2, engine=engine)
    # village 2: February filed 7, closed 12; March filed 8 15 16 17 18, closed 7 8 16 17 18; open 7 12 → 7 → 15
    assert frame["month"].dt.month.tolist() == [2, 3]
    assert frame[["filed", "closed", "open_at_end"]].values.tolist() == [[1, 1, 1], [5, 5, 1]]


def test_loop_stage_counts(engine: Engine) -> None:
    frame = loop_stage_counts(march(), engine)
    # reported in March: 1 2 4 5 8 9 10 11 14 15 16 17 18 = 13. Furthest by 04-01: reported 10; filed 4;
    # dispatched 11 15; handled 14 (fed back and closed in April); fed back 9 (reopened); closed 1 2 5 8 16 17 18
    assert frame["stage"].tolist() == ["reported", "filed", "dispatched", "handled", "fed_back", "closed"]
    assert frame["stage_zh"].tolist()[0] == "上报"
    assert frame["issues"].tolist() == [1, 1, 2, 1, 1, 7]
    assert frame["reached"].tolist() == [13, 12, 11, 9, 8, 7]


def test_loop_stage_counts_of_an_empty_place_list_every_stage(engine: Engine) -> None:
    frame = loop_stage_counts(march(village_id=1, scope=frozenset({2})), engine)
    assert len(frame) == 6 and frame[["issues", "reached"]].eq(0).all().all()


def test_open_issue_ageing(engine: Engine) -> None:
    frame = open_issue_ageing(march(), engine)
    # open at 04-01 with age in days: 4 → 7; 9 → 26, 11 → 12, 14 → 22, 15 → 17; 6 → 82; 13 → 133
    # overdue among them: 9 11 14; 6; 13
    assert frame.values.tolist() == [["0–7", 1, 0], ["8–30", 4, 3], ["31–90", 1, 1], [">90", 1, 1]]
    assert frame.dtypes[["issues", "overdue"]].eq("int64").all()


def test_open_at_end_by_place_lists_every_place(engine: Engine) -> None:
    # open at 04-01 (as in test_open_issue_ageing): 片区 1: 4 9 13; 片区 2: 6 11 14; 片区 3: 15
    frame = loop_figures_by(march(), "service_point", engine)
    assert frame[["village_id", "service_point_id", "open_at_end"]].values.tolist() == [[1, 1, 3], [1, 2, 3], [2, 3, 1]]
    assert loop_figures_by(march(), "village", engine)["open_at_end"].tolist() == [6, 1]
    # grid 1: 9 13; grid 2: 4; grid 3: 6 11 14
    assert loop_figures_by(march(village_id=1), "grid", engine)["open_at_end"].tolist() == [2, 1, 3]
    # at 03-01 village 2 has 7 open (closed 03-18); 12 was closed 02-20
    assert loop_figures_by(Filter(FEBRUARY, village_id=2), "village", engine)["open_at_end"].tolist() == [1]
    assert frame["open_at_end"].dtype == "int64"


def test_overdue_issues(engine: Engine) -> None:
    frame = overdue_issues(march(), engine)
    # days to 04-01 from due: 13 (2023-12-20) 12+31+29+31 = 103; 6 (01-31) 61; 9 16; 14 7; 11 (03-31) 1
    assert frame[["issue_id", "days_overdue"]].values.tolist() == [[13, 103], [6, 61], [9, 16], [14, 7], [11, 1]]
    first = frame.iloc[0]
    assert (first["village"], first["service_point"], first["grid"]) == ("甲村", "片区1", "网格1")
    assert (first["owner_name"], first["escalation_level"], first["target_department"]) == ("欧**明", 3, "区民政局")
    assert set(frame["owner_name"].iloc[1:]) == {"王*明"}
    assert frame["days_overdue"].dtype == "int64"


def test_overdue_issues_in_february_use_the_due_date_in_force(engine: Engine) -> None:
    # issue 7's first due date (02-25) passed in February, but it was moved to 03-20 on 02-15 (the backfill's
    # extension, when it was dispatched)
    frame = overdue_issues(Filter(FEBRUARY), engine)
    assert frame[["issue_id", "days_overdue"]].values.tolist() == [[13, 72], [6, 30], [3, 10]]


def expect_the_lists_agree_with_the_cards(f: Filter, engine: Engine) -> None:
    """The overdue list holds the 超期未结 card's issues, the ageing the 未结 ones, the funnel starts at 受理."""
    figures = loop_figures(f, engine).iloc[0]
    assert len(overdue_issues(f, engine)) == figures["overdue_open"], f
    ageing = open_issue_ageing(f, engine)
    assert [ageing["issues"].sum(), ageing["overdue"].sum()] == [figures["open_at_end"], figures["overdue_open"]], f
    assert loop_stage_counts(f, engine)["reached"].iloc[0] == figures["reported"], f
    assert (issue_list(f, engine=engine)["status"] == "overdue").sum() == figures["overdue_open"], f


def test_what_is_recorded_today_leaves_a_closed_periods_lists(
    engine: Engine, recorded_today: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reopen and re-close (1), a reopen (16) and an escalation with a moved due date (9) recorded on 2024-05-10
    leave March's and the first quarter's lists as they were, and the running May shows them."""
    monkeypatch.setattr(issues, "now", lambda: TODAY)
    closed = [march(), march(village_id=1), march(service_point_id=3), Filter(Period("quarter", date(2024, 1, 1)))]
    before = [[query(f, engine=engine) for query in LISTS] for f in closed]
    recorded_today()
    for f, old in zip(closed, before):
        for query, old_frame in zip(LISTS, old):
            assert_frame_equal(query(f, engine=engine), old_frame, obj=f"{query.__name__} {f}")
    for f in [*closed, Filter(APRIL), Filter(MAY), Filter(MAY, village_id=1), Filter(MAY, grid_id=4)]:
        expect_the_lists_agree_with_the_cards(f, engine)
    # May, read now (05-10 18:00): 9 is due 06-30 now; 16 is open again, due 03-05; 1 is closed again; days over
    # to 05-10: 13 (2023-12-20) 142, 6 (01-31) 100, 16 66, 11 (03-31) 40, 4 (04-10) 30, 15 (04-30) 10
    may = overdue_issues(Filter(MAY), engine)
    assert may[["issue_id", "days_overdue"]].values.tolist() == [[13, 142], [6, 100], [16, 66], [11, 40], [4, 30],
                                                                [15, 10]]
    # open and escalated now: 13 (county, filed 2023-11-20: 172 days, overdue); 6, 9 and 15 (township: 121, 65, 56
    # days; 6 and 15 overdue)
    rows = escalations(Filter(MAY), engine)[["escalation_level", "target_department", "issues", "overdue",
                                             "max_age_days"]].values.tolist()
    assert rows == [[3, "区民政局", 1, 1, 172], [2, "乡综治中心", 3, 2, 121]]
    listed = issue_list(Filter(MAY), engine=engine).set_index("issue_id")
    assert listed.loc[[1, 9, 16], ["status", "reopen_count", "escalation_level"]].values.tolist() == [
        ["closed", 1, 0], ["open", 1, 2], ["overdue", 1, 0]]  # 9 was reopened in March
    assert listed.loc[1, "closed_at"] == at("2024-05-10", 16) and listed.loc[9, "due_date"] == date(2024, 6, 30)



def test_escalations(engine: Engine) -> None:
    frame = escalations(march(), engine)
    # open at 04-01 and escalated: 13 (county, 133 days), 6 (township, 82, overdue) and 15 (township, 17),
    # 14 (village, no department, 22, overdue); 7 was closed
    assert frame[["escalation_level", "issues", "overdue", "max_age_days"]].values.tolist() == [
        [3, 1, 1, 133], [2, 2, 1, 82], [1, 1, 1, 22],
    ]
    assert frame["target_department"].iloc[:2].tolist() == ["区民政局", "乡综治中心"]
    assert pd.isna(frame["target_department"].iloc[2])
    assert frame["avg_age_days"].tolist() == pytest.approx([133.0, (82 + 17) / 2, 22.0])


def test_escalations_inside_a_village(engine: Engine) -> None:
    frame = escalations(march(village_id=2), engine)
    assert frame[["escalation_level", "target_department", "issues"]].values.tolist() == [[2, "乡综治中心", 1]]


def test_callback_scores_by_village(engine: Engine) -> None:
    frame = callback_scores(march(), "village", engine)
    # village 1: callbacks 1 2 3 → scores (5,5,5) (3,2,4) (4,4,5); sums 15 9 13 → mean 37/3 → ÷15×100; with 11 and
    # 12 on entry 10 (never filed, all 5s) it would have 5 callbacks and rank first at 67/5 ÷ 15 × 100
    # village 2: callbacks 4 5 8 9 10 → (5,4,5) (2,3,3) (5,5,5) (4,4,4) (3,3,3); sums 14 8 15 12 9 = 58 → 11.6
    assert frame[["village_id", "callbacks", "solved", "satisfied"]].values.tolist() == [[1, 3, 3, 2], [2, 5, 4, 3]]
    assert frame["effect"].tolist() == pytest.approx([12 / 3, 19 / 5])
    assert frame["duration"].tolist() == pytest.approx([11 / 3, 19 / 5])
    assert frame["attitude"].tolist() == pytest.approx([14 / 3, 20 / 5])
    assert frame["evaluation_index"].tolist() == pytest.approx([37 / 3 / 15 * 100, 11.6 / 15 * 100])
    assert frame["satisfaction_rate"].tolist() == pytest.approx([2 / 3, 3 / 5])
    assert frame["small_sample"].tolist() == [True, False]
    assert frame["rank"].tolist() == [pd.NA, 1]


@pytest.fixture
def entry_10_filed_in_april(engine: Engine) -> Iterator[None]:
    """Entry 10, called back twice in March, put on the problem list only on 2024-04-03 (for one test)."""
    with engine.begin() as conn:
        conn.execute(update(Issue).where(Issue.id == 10).values(filed_at=at("2024-04-03")))
    yield
    with engine.begin() as conn:
        conn.execute(update(Issue).where(Issue.id == 10).values(filed_at=None))


@pytest.mark.usefixtures("entry_10_filed_in_april")
def test_callbacks_count_on_issues_filed_by_the_period_end(engine: Engine) -> None:
    # March was over before entry 10 was filed: its callbacks 11 12 stay out, and March reads as before
    assert counts(indicators(march(), engine))[0][-2:] == [8, 5]
    assert callback_scores(march(), "village", engine)["callbacks"].tolist() == [3, 5]
    # the year ends after the filing: they count in it (2024: callbacks 1–12, satisfied all but 2 5 10)
    year = indicators(Filter(Period("year", date(2024, 1, 1))), engine).iloc[0]
    assert year[["callbacks", "satisfied"]].tolist() == [12, 9]


def test_callback_scores_list_groups_without_callbacks(engine: Engine) -> None:
    frame = callback_scores(march(village_id=1), "grid", engine)
    # grid 1: callbacks 1 2; grid 2: callback 3 (11 12 on entry 10, never filed, do not count); grid 3: none in
    # March (callback 7 on issue 5 is in April)
    assert frame[["grid_id", "callbacks"]].values.tolist() == [[1, 2], [2, 1], [3, 0]]
    assert frame.loc[2, ["effect", "evaluation_index", "satisfaction_rate"]].isna().all()
    assert frame.dtypes[["callbacks", "solved", "satisfied"]].eq("int64").all()


def test_repeat_complaint_households(engine: Engine) -> None:
    frame = repeat_complaint_households(march(), engine)
    # reported 2023-04-01 … 2024-03-31: household 4: 7 8 12 15 (last 03-15); 1: 1 2 9 13 (last 03-06);
    # 2: 3 4 10 (last 03-29); 3: 5 6 14; household 5 has only 16
    assert frame["household_id"].tolist() == [4, 1, 2, 3]
    assert frame["issues"].tolist() == [4, 4, 3, 3]
    # open at 04-01: 15; 9 13; 4 10 (never filed); 6 14 (closed in April)
    assert frame["open_issues"].tolist() == [1, 2, 2, 2]
    assert frame["service_lines"].tolist() == [4, 3, 3, 2]
    assert frame["head_name"].tolist() == ["欧**华", "张*丰", "李*", "赵*"]
    assert frame.loc[0, ["village", "grid"]].tolist() == ["乙村", "网格4"]


def test_repeat_complaint_households_look_back_twelve_months(engine: Engine) -> None:
    # for March 2025 the window starts 2024-04-01: nothing was reported since
    assert repeat_complaint_households(Filter(Period("month", date(2025, 3, 1))), engine).empty
    # inside 片区 3 only household 4 repeats
    assert repeat_complaint_households(march(service_point_id=3), engine)["household_id"].tolist() == [4]


def test_issue_list(engine: Engine) -> None:
    frame = issue_list(march(), engine=engine)
    # every issue but 12 (closed in February), newest report first
    assert sorted(frame["issue_id"]) == [i for i in range(1, 19) if i != 12]
    assert frame["issue_id"].iloc[0] == 10
    status = frame.set_index("issue_id")["status"]
    assert [status[i] for i in (1, 4, 6, 10, 14)] == ["closed", "open", "overdue", "open", "overdue"]
    row = frame.set_index("issue_id").loc[13]
    assert (row["head_name"], row["owner_name"]) == ("张*丰", "欧**明")
    assert pd.isna(frame.set_index("issue_id").loc[11, "head_name"])


@pytest.mark.parametrize("search", [None, "漏水", "_"])
def test_issue_list_read_from_its_first_rows_and_counted(engine: Engine, search: str | None) -> None:
    for f in (march(), march(village_id=2), Filter(FEBRUARY)):
        whole = issue_list(f, search, engine)
        assert issue_list_count(f, search, engine)["issues"].tolist() == [len(whole)], f
        assert cells(issue_list(f, search, engine, first=2)) == cells(whole.head(2)), f


def test_issue_list_search_is_a_literal_substring(engine: Engine) -> None:
    assert issue_list(march(), "漏水", engine)["issue_id"].tolist() == [14, 2]
    assert issue_list(march(), "100%", engine)["issue_id"].tolist() == [17]
    assert issue_list(march(), "%", engine)["issue_id"].tolist() == [17]
    assert issue_list(march(), "_", engine).empty
    assert issue_list(march(village_id=2), "漏水", engine).empty
