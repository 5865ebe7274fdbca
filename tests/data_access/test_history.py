"""Closed periods never change: a reopen and re-close, an escalation that moves a due date, a link hand-over, a
member's transfer and a household's move recorded today leave every figure of a closed month, quarter and year as
it was, at every place level; the running period shows them.

The auditor's township: village 1 (片区 1: grids 1, 2; 片区 2: grid 3) and village 2 (片区 3: grid 4).
Households 1-8 on grid 1, 9-15 on grid 2, 16-20 on grid 3, 21-23 on grid 4 (3 and 21 on poverty watch).
Members since before the records: A=1 (grid 1) linked to 1-5, B=2 (grid 1) to 6-10, C=3 (grid 2) to 11-15,
D=4 (grid 3) to 16-20, E=5 (grid 4) to 21, 22. In June 2025 片区 1 covers 15/15 and four members are in 5–10.
Today (2026-11-25): household 1 is handed from A to B; D transfers out and F=6 arrives on grid 3 to take over
16-20; household 15 moves from grid 2 (village 1) to grid 4 (village 2), keeping C.
Issues: 1 (grid 1) filed 2025-05-05, due 05-20, closed on time 05-15, is reopened and closed again today; 2 (grid 3)
filed 2026-08-10, due 09-10, open and overdue at the end of 2026Q3, is escalated today with its due date moved to
2026-12-31; 3 (grid 2) filed 2025-06-03, due 06-20, closed late 06-25. Callbacks on 1 (May 2025) and 3 (June).
"""
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, insert, update

from data_access import alerts, geo, issues, loop, organisation, people, points, rankings
from data_access.filters import Filter, Period
from schema import (
    Callback, ContactLink, Grid, Household, HouseholdResidence, Issue, IssueEvent, PartyMember, PointsEntry,
    ServicePoint, Township, Village, VillagerGroup, Visit,
)
from tests.rows import (
    PLACE, grid_row, household_row, insert_rows, residence_rows, service_point_row, with_issue_events,
)

TODAY = date(2026, 11, 25)
JUNE_2025 = Period("month", date(2025, 6, 1))
CLOSED = [JUNE_2025, Period("quarter", date(2025, 4, 1)), Period("year", date(2025, 1, 1)),
          Period("month", date(2026, 10, 1)), Period("quarter", date(2026, 7, 1))]
RUNNING = [Period.containing(kind, TODAY) for kind in ("month", "quarter", "year")]
GRIDS = {1: 1, 2: 1, 3: 2, 4: 3}  # grid → 片区
HOUSEHOLDS = [household_row(h, g, 1 if g <= 3 else 2, poverty_watch=h in (3, 21)) for h, g in
              [*((h, 1) for h in range(1, 9)), *((h, 2) for h in range(9, 16)), *((h, 3) for h in range(16, 21)),
               *((h, 4) for h in range(21, 24))]]
MEMBERS = [{"id": m, "grid_id": g, "name": f"党员{m}", "phone": "13900000000", "star_level": 3}
           for m, g in ((1, 1), (2, 1), (3, 2), (4, 3), (5, 4))]
OWNERS = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 11), 2), **dict.fromkeys(range(11, 16), 3),
          **dict.fromkeys(range(16, 21), 4), 21: 5, 22: 5}
LINKS = [{"household_id": h, "member_id": m, "started_on": date(2024, 1, 1)} for h, m in OWNERS.items()]
VISITS = [  # each member visits their first household in June 2025, October and November 2026
    {"household_id": h, "grid_id": g, "member_id": m, "visited_on": day}
    for h, g, m in ((1, 1, 1), (6, 1, 2), (11, 2, 3), (16, 3, 4), (21, 4, 5), (3, 1, None))
    for day in (date(2025, 6, 10), date(2026, 10, 12), date(2026, 11, 20))
]
POINTS = [  # every member earns 2.0 in May 2025 (confirmed June) and 1.5 in October 2026 (confirmed November)
    {"member_id": m, "earned_on": earned, "source": "study", "points": Decimal(p), "confirmed_month": confirmed}
    for m in range(1, 6)
    for earned, p, confirmed in ((date(2025, 5, 20), "2.0", date(2025, 6, 1)),
                                 (date(2026, 10, 20), "1.5", date(2026, 11, 1)),
                                 (date(2026, 9, 15), f"{m}.0", date(2026, 10, 1)))
]


def issue_row(id_: int, grid_id: int, household_id: int, filed: datetime, due: date,
              closed: datetime | None = None) -> dict:
    """An issue reported an hour before filing and dispatched a day after; a closed one handled and fed back that
    morning."""
    return {
        "id": id_, "grid_id": grid_id, "household_id": household_id, "service_line": "livelihood",
        "source": "visit", "title": f"问题{id_}", "reported_at": filed - timedelta(hours=1), "filed_at": filed,
        "dispatched_at": filed + timedelta(days=1), "handled_at": closed and closed - timedelta(hours=2),
        "fed_back_at": closed and closed - timedelta(hours=1), "closed_at": closed, "due_date": due,
        "first_due_date": due, "owner_name": "王小明", "escalation_level": 0, "target_department": None,
        "reopen_count": 0,
    }


ISSUES = [
    issue_row(1, 1, 1, datetime(2025, 5, 5, 10), date(2025, 5, 20), datetime(2025, 5, 15, 10)),
    issue_row(2, 3, 16, datetime(2026, 8, 10, 10), date(2026, 9, 10)),
    issue_row(3, 2, 11, datetime(2025, 6, 3, 10), date(2025, 6, 20), datetime(2025, 6, 25, 10)),
]
CALLBACKS = [{"id": c, "issue_id": i, "called_on": day, "solved": ok, "satisfied": ok, "effect_score": score,
              "duration_score": score, "attitude_score": score}
             for c, i, day, ok, score in ((1, 1, date(2025, 5, 20), True, 5), (2, 3, date(2025, 6, 28), False, 2))]
ROWS = [
    (Township, [{"id": 1, "name": "罗水乡", "centre_name": "中心", "is_demo": False, **PLACE}]),
    (Village, [{"id": v, "township_id": 1, "name": f"{v}村", "station_name": "站", **PLACE} for v in (1, 2)]),
    (VillagerGroup, [{"id": g, "village_id": g, "name": f"{g}组"} for g in (1, 2)]),
    (ServicePoint, [service_point_row(s, v) for s, v in ((1, 1), (2, 1), (3, 2))]),
    (Grid, [grid_row(g, s) for g, s in GRIDS.items()]),
    (Household, HOUSEHOLDS),
    (HouseholdResidence, residence_rows(HOUSEHOLDS)),
    (PartyMember, MEMBERS),
    (ContactLink, LINKS),
    (Visit, VISITS),
    (PointsEntry, POINTS),
    (Issue, ISSUES),
    (Callback, CALLBACKS),
]


def hand_over(conn: Connection, household_id: int, member_id: int, day: date) -> None:
    """End the household's link in force and start one with `member_id` on the same day."""
    conn.execute(update(ContactLink).where(ContactLink.household_id == household_id, ContactLink.ended_on.is_(None))
                 .values(ended_on=day))
    conn.execute(insert(ContactLink).values(household_id=household_id, member_id=member_id, started_on=day))


def move(conn: Connection, household_id: int, grid_id: int, day: date) -> None:
    """End the household's residence and start one on `grid_id`; its current grid follows."""
    conn.execute(update(HouseholdResidence).where(HouseholdResidence.household_id == household_id,
                                                  HouseholdResidence.ended_on.is_(None)).values(ended_on=day))
    conn.execute(insert(HouseholdResidence).values(household_id=household_id, grid_id=grid_id, started_on=day))
    conn.execute(update(Household).where(Household.id == household_id).values(grid_id=grid_id))


def record_today(engine: Engine) -> None:
    reopened, closed_again, escalated = (datetime.combine(TODAY, time(hour)) for hour in (9, 15, 10))
    with engine.begin() as conn:
        events = [(1, "reopened", reopened, None, None, None), (1, "closed", closed_again, None, None, None),
                  (2, "escalated", escalated, 2, "乡综治中心", None),
                  (2, "extended", escalated, None, None, date(2026, 12, 31))]
        columns = ("issue_id", "kind", "at", "level", "department", "due_date")  # every row names them all
        conn.execute(insert(IssueEvent), [dict(zip(columns, event)) for event in events])
        conn.execute(update(Issue).where(Issue.id == 1).values(closed_at=closed_again, reopen_count=1))
        conn.execute(update(Issue).where(Issue.id == 2).values(escalation_level=2, target_department="乡综治中心",
                                                               due_date=date(2026, 12, 31)))
        hand_over(conn, 1, 2, TODAY)
        conn.execute(update(PartyMember).where(PartyMember.id == 4)
                     .values(left_on=TODAY, left_reason="transferred_out"))
        conn.execute(insert(PartyMember).values(id=6, grid_id=3, name="党员6", phone="13900000000", star_level=3,
                                                arrived_on=TODAY))
        for household_id in range(16, 21):
            hand_over(conn, household_id, 6, TODAY)
        move(conn, 15, 4, TODAY)


PLACES = [{}, {"village_id": 1}, {"service_point_id": 3}, {"grid_id": 2}, {"grid_id": 3}]  # every level

def _text(value: object) -> str:
    """A figure as text, byte for byte: a frame with its dtypes, or a GeoJSON object."""
    if isinstance(value, pd.DataFrame):
        return f"{value.dtypes.to_dict()}\n{value.to_csv(index=False)}"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


FIGURES: dict[str, Callable[[Filter, Engine], object]] = {
    "loop_figures": loop.loop_figures,
    **{f"loop_figures_by.{level}": (lambda f, e, level=level: loop.loop_figures_by(f, level, e))
       for level in ("village", "service_point", "grid", "service_line")},
    "loop_by_month": lambda f, e: loop.loop_by_month(f, engine=e),
    "callback_figures": issues.callback_figures,
    **{f"callback_scores.{level}": (lambda f, e, level=level: issues.callback_scores(f, level, e))
       for level in ("village", "service_point", "grid")},
    **{f"coverage.{level}": (lambda f, e, level=level: people.household_coverage(f, level, e))
       for level in ("village", "service_point", "grid", None)},
    **{f"members.{level}": (lambda f, e, level=level: people.member_figures(f, level, e))
       for level in ("village", "service_point", "grid", None)},
    "member_link_counts": people.member_link_counts,
    "unlinked_households": people.unlinked_households,
    "visits_per_member": people.visits_per_member,
    "poverty_watch_households": people.poverty_watch_households,
    "outside_link_norm": alerts.members_outside_link_norm,
    "unvisited_watch_households": alerts.unvisited_watch_households,
    "headline_counts": organisation.headline_counts,
    "unit_counts": organisation.unit_counts,
    **{f"counts_by_place.{level}": (lambda f, e, level=level: organisation.counts_by_place(f, level, e))
       for level in ("village", "service_point", "grid")},
    **{f"map_figures.{level}": (lambda f, e, level=level: geo.map_figures(f, level, e))
       for level in ("village", "service_point")},
    "grid_points": geo.grid_points,
    "household_points": geo.household_points,
    "member_points": points.member_points,
    "points_totals": points.points_totals,
    **{f"ranking.{level}": (lambda f, e, level=level: rankings.ranking(f, level, e)) for level in rankings.RANK_LEVELS},
    **{f"awards.{level}": (lambda f, e, level=level: rankings.award_candidates(f, level, e))
       for level in rankings.RANK_LEVELS},
}


def snapshot(engine: Engine, periods: list[Period]) -> dict[tuple, str]:
    """Every figure of the periods at every place; award candidates only where their year is closed too."""
    return {
        (period.label, tuple(place.items()), name): _text(figure(Filter(period, **place), engine))
        for period in periods for place in PLACES for name, figure in FIGURES.items()
        if not name.startswith("awards.") or Period.containing("year", period.start).end <= TODAY
    }


@pytest.fixture(scope="module")
def township(engine: Engine) -> Engine:
    return with_issue_events(insert_rows(engine, ROWS))


@pytest.fixture(scope="module")
def before_and_after(township: Engine) -> tuple[dict, dict]:
    """Every figure of the closed periods before and after today's changes."""
    before = snapshot(township, CLOSED)
    record_today(township)
    return before, snapshot(township, CLOSED)


def test_closed_periods_are_byte_identical_after_todays_changes(before_and_after: tuple[dict, dict]) -> None:
    before, after = before_and_after
    awards = len(rankings.RANK_LEVELS)
    assert len(before) == len(CLOSED) * len(PLACES) * len(FIGURES) - 2 * len(PLACES) * awards  # 2026's not closed
    changed = [key for key in before if before[key] != after[key]]
    assert changed == []


def test_june_2025_reads_as_the_auditor_saw_it(township: Engine, before_and_after: tuple[dict, dict]) -> None:
    """A's 5 links, 片区 1's 15/15 and four members in 5–10 in village 1, after the hand-over of today."""
    june = Filter(JUNE_2025, village_id=1)
    links = people.member_link_counts(june, township).set_index("member_id")["linked_households"]
    assert links.to_dict() == {1: 5, 2: 5, 3: 5, 4: 5}
    coverage = people.household_coverage(june, "service_point", township)
    assert coverage[["service_point_id", "households", "linked_households"]].values.tolist() == [[1, 15, 15],
                                                                                               [2, 5, 5]]
    assert people.member_figures(june, None, township)["members_in_norm"].tolist() == [4]


@pytest.mark.parametrize("period", RUNNING, ids=lambda p: p.label)
def test_the_running_period_shows_todays_state(township: Engine, before_and_after: tuple[dict, dict],
                                               period: Period) -> None:
    now = Filter(period)
    links = people.member_link_counts(now, township)
    # D (4) has left; A handed household 1 to B; F (6) took D's five households
    assert links[["member_id", "linked_households", "outside_norm"]].values.tolist() == [
        [1, 4, True], [2, 6, False], [3, 5, False], [6, 5, False], [5, 2, True]]
    coverage = people.household_coverage(now, "village", township)
    # household 15 now lives in village 2, still linked to C
    assert coverage[["village_id", "households", "linked_households"]].values.tolist() == [[1, 19, 19], [2, 4, 3]]
    counts = organisation.headline_counts(now, township)
    assert counts[["households", "party_members"]].values.tolist() == [[23, 5]]
    assert people.member_figures(Filter(period, village_id=1), None, township)[
        ["members", "members_in_norm"]].values.tolist() == [[4, 3]]
    assert geo.household_points(Filter(period, grid_id=4), township)["features"][-1]["properties"]["id"] == 23
    assert [feature["properties"]["id"] for feature in
            geo.household_points(Filter(period, grid_id=4), township)["features"]] == [15, 21, 22, 23]


def test_a_member_who_left_is_ranked_in_the_periods_they_were_here(township: Engine,
                                                                   before_and_after: tuple[dict, dict]) -> None:
    """D earned 4.0 confirmed in October 2026 and was here then; in November D is gone and F has no points."""
    october = rankings.ranking(Filter(Period("month", date(2026, 10, 1))), "member", township)
    assert october[["unit_id", "points", "rank"]].values.tolist()[:2] == [[5, 5.0, 1], [4, 4.0, 2]]
    november = rankings.ranking(Filter(Period("month", date(2026, 11, 1))), "member", township)
    assert 4 not in november["unit_id"].tolist()
    # F is listed unranked; D's rank of October shows as the previous rank of no one
    assert november.set_index("unit_id").loc[6, ["rank", "previous_rank"]].isna().all()
    assert november.set_index("unit_id").loc[5, "previous_rank"] == 1


def test_the_issues_count_in_their_periods_before_and_after(township: Engine,
                                                            before_and_after: tuple[dict, dict]) -> None:
    """May 2025 keeps issue 1's closing on time, 2026Q3 keeps issue 2 overdue; November 2026 has the reopen, the
    late re-closing (569 days after filing) and the extension; issue 2 is no longer overdue now."""
    def figures(period: Period, **place: int) -> pd.Series:
        return loop.loop_figures(Filter(period, **place), township).set_index("period").loc["current"]

    may = figures(Period("month", date(2025, 5, 1)), grid_id=1)
    assert may[["closed", "closed_on_time", "reopened"]].tolist() == [1, 1, 0]
    assert figures(Period("quarter", date(2026, 7, 1)))["overdue_open"] == 1
    november = figures(Period("month", date(2026, 11, 1)))
    assert november[["reopened", "extended", "closed", "closed_on_time", "overdue_open"]].tolist() == [1, 1, 1, 0, 0]
    assert november["avg_days_to_close"] == 569  # calendar days from 2025-05-05 to 2026-11-25
