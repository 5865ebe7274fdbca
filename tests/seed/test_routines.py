"""Visits, study sessions, volunteer activities and the points ledger that sums them up."""
from datetime import timedelta

import pandas as pd

from seed.dates import history_start
from tests.seed.conftest import AS_OF


def month(days: pd.Series) -> pd.Series:
    return pd.to_datetime(days).dt.to_period("M")


def test_visits_are_monthly_ish_with_gaps_and_silent_grids(table) -> None:
    visits, households, links = table("visits"), table("households"), table("contact_links")
    months = len(pd.period_range(history_start(AS_OF), AS_OF, freq="M"))
    per_household = visits[visits.member_id.notna()].groupby("household_id").size() / months
    assert 0.4 <= per_household.mean() <= 1.0
    recent = visits[visits.visited_on > AS_OF - timedelta(days=30)]
    with_households = set(households.grid_id)
    silent = with_households - set(recent.grid_id)
    assert 1 <= len(silent) <= 3
    issues = table("issues")
    assert not issues[issues.grid_id.isin(silent) & (issues.reported_at.dt.date > AS_OF - timedelta(days=30))].size
    watched = households[households.poverty_watch & households.id.isin(links.household_id)].id
    seen = set(visits[visits.visited_on > AS_OF - timedelta(days=60)].household_id)
    missed = ~watched.isin(seen)
    assert missed.any() and missed.mean() < 0.3


def test_one_study_session_per_pian_qu_and_month_mostly_attended(table) -> None:
    sessions, attendance = table("study_sessions"), table("study_attendance")
    per_month = sessions.groupby([sessions.service_point_id, month(sessions.held_on)]).size()
    assert (per_month == 1).all()
    assert per_month.index.get_level_values(1).nunique() == len(pd.period_range(history_start(AS_OF), AS_OF, freq="M"))
    assert 0.7 <= attendance.present.mean() <= 0.95


def test_volunteer_activities(table) -> None:
    activities, services, teams = table("volunteer_activities"), table("volunteer_services"), table("volunteer_teams")
    months = len(pd.period_range(history_start(AS_OF), AS_OF, freq="M"))
    village_teams = teams[teams.village_id.notna()].id
    fixed = activities[activities.team_id.isin(village_teams)]
    assert fixed.is_monthly.all()
    held = fixed.groupby([fixed.team_id, month(fixed.held_on)]).size()
    assert (held == 1).all()
    assert 0.85 <= len(held) / (len(village_teams) * months) < 1  # a few months missed
    township = activities[~activities.team_id.isin(village_teams)]
    assert 1.5 <= len(township) / (2 * months) <= 2.5
    size = services.groupby("activity_id").size()
    assert size.between(5, 25).all() and len(size) == len(activities)
    assert services.hours.astype(float).between(1, 4).all()


def test_points_follow_the_activity(table) -> None:
    """2 per session attended, 1 per volunteer hour: the ledger says what the activity tables say."""
    points = table("points_ledger").assign(month=lambda p: month(p.earned_on))
    study = table("study_attendance").merge(table("study_sessions"), left_on="session_id", right_on="id")
    study = study[study.present].groupby(["member_id", month(study.held_on)]).size() * 2
    ledger = points[points.source == "study"].set_index(["member_id", "month"]).points.astype(float)
    expected = study.astype(float).rename_axis(["member_id", "month"]).rename("points")
    assert ledger.sort_index().equals(expected.sort_index())
    served = (table("volunteer_services").merge(table("volunteers"), left_on="volunteer_id", right_on="id")
              .merge(table("volunteer_activities"), left_on="activity_id", right_on="id"))
    served = served[served.member_id.notna()]
    hours = served.groupby([served.member_id.astype(int), month(served.held_on)]).hours.sum().astype(float)
    volunteer = points[points.source == "volunteer"].set_index(["member_id", "month"]).points.astype(float)
    assert volunteer.sort_index().values.tolist() == hours.sort_index().values.tolist()
    assert set(points.source) == {"study", "volunteer", "issue", "evaluation"}


def test_points_are_confirmed_the_month_after_except_the_latest(table) -> None:
    points = table("points_ledger")
    current = points.earned_on.map(lambda d: (d.year, d.month) == (AS_OF.year, AS_OF.month))
    assert points.loc[current, "confirmed_month"].isna().all() and current.any()
    earlier = points[~current]
    expected = (pd.to_datetime(earlier.earned_on).dt.to_period("M") + 1).dt.start_time.dt.date
    assert (earlier.confirmed_month == expected).all()
