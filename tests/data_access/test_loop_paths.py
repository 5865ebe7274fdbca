"""One figure, one answer: for the same filter and period, every path a page takes to a loop figure gives the same
number on the demo township (SQLite) — home's and the backlog's cards, the backlog's breakdown, its trend and its
lists, the map's measures, the agenda's overdue count at the meeting's moment and the brief's figures.

The clock stands at the meeting's moment for data up to 2026-11-19 (2026-11-20 00:00), so the running November is
read at the same moment as the agenda reads it. The rankings page shows points only, no loop figure.
"""
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import geo, issue_lists, issues, loop, meetings
from data_access.filters import Filter, Period
from ui import metrics

NOVEMBER, OCTOBER = Period("month", date(2026, 11, 1)), Period("month", date(2026, 10, 1))
Q3 = Period("quarter", date(2026, 7, 1))
PERIODS = [NOVEMBER, OCTOBER, Q3]


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2026, 11, 20))


def whole(f: Filter, engine: Engine) -> pd.Series:
    """What home's and the backlog's cards read: loop_figures' current row beside callback_figures'."""
    return pd.concat([loop.loop_figures(f, engine).iloc[0], issues.callback_figures(f, engine).iloc[0]])


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_the_breakdown_and_the_map_add_up_to_the_cards(demo: Engine, period: Period) -> None:
    f = Filter(period)
    cards = whole(f, demo)
    for level in ("village", "service_point", "grid", "service_line"):
        by = loop.loop_figures_by(f, level, demo)
        assert by[loop.COUNTS].sum().tolist() == cards[loop.COUNTS].tolist(), level
    for level in ("village", "service_point"):
        places = geo.map_figures(f, level, demo)
        assert places[[*loop.COUNTS, "callbacks", "satisfied"]].sum().tolist() == \
            cards[[*loop.COUNTS, "callbacks", "satisfied"]].tolist(), level


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_a_village_reads_the_same_on_the_map_the_cards_and_the_brief(demo: Engine, period: Period) -> None:
    villages = geo.map_figures(Filter(period), "village", demo).set_index("village_id")
    for village_id in villages.index[:3]:
        cards = whole(Filter(period, village_id=int(village_id)), demo)
        mapped = villages.loc[village_id]
        for key in metrics.STANDARD + ["open_at_end"]:
            assert metrics.shown(key, mapped) == metrics.shown(key, cards), (village_id, key)


def test_home_trend_ends_at_the_cards_open_issues(demo: Engine) -> None:
    for period in (NOVEMBER, Q3):
        f = Filter(period, village_id=2)
        months = loop.loop_by_month(f, 12, demo)
        assert months["open_at_end"].iloc[-1] == loop.loop_figures(f, demo).iloc[0]["open_at_end"]
    months = loop.loop_by_month(Filter(NOVEMBER), 4, demo)  # each month as its own period
    for month, row in zip(months["month"], months.itertuples()):
        alone = loop.loop_figures(Filter(Period("month", month.date())), demo).iloc[0]
        assert [row.filed, row.closed, row.open_at_end] == alone[["filed", "closed", "open_at_end"]].tolist()


def test_the_agendas_overdue_is_the_loops_at_the_meetings_moment(demo: Engine) -> None:
    for place in ({}, {"village_id": 1}, {"village_id": 4}):
        f = Filter(NOVEMBER, **place)
        owners = meetings.overdue_and_escalated_by_owner(f, date(2026, 11, 19), demo)
        assert owners["overdue"].sum() == loop.loop_figures(f, demo).iloc[0]["overdue_open"] > 0, place


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_the_backlogs_lists_hold_the_cards_issues(demo: Engine, period: Period) -> None:
    for place in ({}, {"village_id": 1}, {"village_id": 4}):
        f = Filter(period, **place)
        cards = loop.loop_figures(f, demo).iloc[0]
        assert len(issue_lists.overdue_issues(f, demo)) == cards["overdue_open"], place
        ageing = issue_lists.open_issue_ageing(f, demo)
        assert [ageing["issues"].sum(), ageing["overdue"].sum()] == [cards["open_at_end"], cards["overdue_open"]]
        assert issue_lists.loop_stage_counts(f, demo)["reached"].iloc[0] == cards["reported"], place
        statuses = issue_lists.issue_list(f, engine=demo)["status"]
        assert (statuses == "overdue").sum() == cards["overdue_open"], place
    assert loop.loop_figures(Filter(period), demo).iloc[0]["overdue_open"] > 0  # real lists, not empty ones
