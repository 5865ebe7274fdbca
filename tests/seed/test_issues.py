"""Demo issues go round the loop believably: ordered stamps, due dates, escalation, reopens, seasons, callbacks."""
import pandas as pd
from pandas.testing import assert_series_equal

from schema import SERVICE_LINES
from tests.seed.conftest import AS_OF

STAMPS = ["reported_at", "filed_at", "dispatched_at", "handled_at", "fed_back_at", "closed_at"]


def test_loop_timestamps_are_ordered_and_stop_at_the_first_gap(table) -> None:
    issues = table("issues")
    for earlier, later in zip(STAMPS, STAMPS[1:]):
        both = issues[issues[earlier].notna() & issues[later].notna()]
        assert (both[earlier] <= both[later]).all(), (earlier, later)
    for stage, next_stage in zip(STAMPS, STAMPS[1:]):  # a stage not reached yet has no later stage
        assert issues.loc[issues[stage].isna(), next_stage].isna().all()


def test_due_dates_and_escalation(table) -> None:
    issues = table("issues").dropna(subset=["filed_at"])
    window = (pd.to_datetime(issues.first_due_date) - issues.filed_at.dt.normalize()).dt.days
    assert window.between(7, 30).all()
    escalated = issues[issues.escalation_level > 0]
    assert set(issues.escalation_level) == {0, 1, 2, 3}
    assert (escalated.due_date != escalated.first_due_date).all() and escalated.target_department.notna().all()
    local = issues[issues.escalation_level == 0]
    assert (local.due_date == local.first_due_date).all() and local.target_department.isna().all()
    county = set(issues.loc[issues.escalation_level == 3, "target_department"])
    assert {"县交通运输局", "县水利局", "县人社局"} <= county
    assert issues.owner_name.notna().all()


def test_some_late_some_open_and_overdue_some_reopened(table) -> None:
    issues = table("issues")
    closed = issues.dropna(subset=["closed_at"])
    late = closed.closed_at.dt.date > closed.due_date
    assert 0.03 <= late.mean() <= 0.3
    overdue = issues[issues.closed_at.isna() & (issues.due_date < AS_OF)]
    assert 5 <= len(overdue) <= 0.05 * len(issues)
    assert 0.01 <= (issues.reopen_count > 0).mean() <= 0.08


def test_every_service_line_with_seasons(table) -> None:
    issues = table("issues")
    assert set(issues.service_line) == set(SERVICE_LINES)
    month = issues.reported_at.dt.month
    full_years = issues.reported_at.dt.year < AS_OF.year
    share = issues[full_years].groupby([issues.service_line, month]).size().unstack()
    assert share.loc["dispute", [1, 2]].mean() > 1.3 * share.loc["dispute", [4, 5, 6, 7, 8]].mean()
    assert share.loc["hazard", [5, 6, 7]].mean() > 1.5 * share.loc["hazard", [11, 12, 1]].mean()


def test_villages_differ_in_closing_on_time(table) -> None:
    issues = table("issues").dropna(subset=["closed_at"])
    village = issues.grid_id.map(
        table("grids").set_index("id").service_point_id.map(table("service_points").set_index("id").village_id)
    )
    on_time = (issues.closed_at.dt.date <= issues.due_date).groupby(village).mean()
    assert on_time.max() - on_time.min() >= 0.1


def test_repeat_complaints_come_from_the_same_households(table) -> None:
    issues = table("issues").dropna(subset=["household_id"])
    repeats = issues[issues.title.str.endswith("（再次反映）")]
    assert len(repeats) > 20
    stems = repeats.title.str.removesuffix("（再次反映）")
    first = issues.set_index(["household_id", "title"]).index
    assert pd.MultiIndex.from_arrays([repeats.household_id, stems]).isin(first).all()


def test_callbacks_a_month_after_closing_mostly_satisfied(table) -> None:
    issues, callbacks = table("issues"), table("callbacks")
    joined = callbacks.merge(issues, left_on="issue_id", right_on="id")
    months_after = (joined.called_on.map(lambda d: d.year * 12 + d.month)
                    - joined.closed_at.dt.year * 12 - joined.closed_at.dt.month)
    assert (months_after == 1).all() and (joined.called_on <= AS_OF).all()
    called = issues.closed_at.dt.date < AS_OF.replace(day=1)
    assert callbacks.issue_id.nunique() / called.sum() >= 0.8
    assert 0.75 <= callbacks.satisfied.mean() <= 0.95 and 0.8 <= callbacks.solved.mean() < 1
    for score in ("effect_score", "duration_score", "attitude_score"):
        assert callbacks[score].between(1, 5).all() and callbacks[score].nunique() == 5


def test_the_events_tell_each_issue_row_its_current_state(table) -> None:
    issues, events = table("issues").set_index("id"), table("issue_events")
    last = events.sort_values(["at", "id"]).groupby(["issue_id", "kind"]).last()

    def same(events_say: pd.Series, row_says: pd.Series) -> None:
        assert_series_equal(events_say, row_says.dropna(), check_names=False, check_index_type=False)

    for stage in ("reported", "filed", "dispatched"):
        same(last.xs(stage, level="kind")["at"], issues[f"{stage}_at"])
    state = last.loc[(slice(None), ["closed", "reopened"]), "at"].unstack()
    closed_now = state.closed.notna() & ~(state.reopened > state.closed)
    same(state.closed[closed_now], issues.closed_at)
    reopens = events[events.kind == "reopened"].groupby("issue_id").size()
    same(reopens.reindex(issues.index, fill_value=0), issues.reopen_count.astype("int64"))
    same(last.xs("filed", level="kind").due_date, issues.first_due_date)
    escalated = last.xs("escalated", level="kind")
    same(escalated.level.astype("int64"), issues.escalation_level[issues.escalation_level > 0].astype("int64"))
    same(escalated.department, issues.target_department)
    same(last.xs("extended", level="kind").due_date, issues.due_date[issues.due_date != issues.first_due_date])


def test_events_follow_the_loop_and_some_issues_are_reworked_and_extended(table) -> None:
    events = table("issue_events").sort_values(["issue_id", "at", "id"])
    order = {"reported": 0, "filed": 1, "dispatched": 2, "escalated": 2, "extended": 2}
    loop = events[events.kind.isin(order)]
    assert loop.kind.map(order).groupby(loop.issue_id).is_monotonic_increasing.all()
    rounds = events[events.kind.isin(["closed", "reopened"])]
    sequences = rounds.groupby("issue_id").kind.agg(" ".join).value_counts()
    assert set(sequences.index) == {"closed", "closed reopened", "closed reopened closed"}
    assert sequences["closed reopened closed"] >= 50 and sequences["closed reopened"] >= 1
    assert events.actor_name.notna().all()
    assert (events.kind == "extended").sum() > 500
