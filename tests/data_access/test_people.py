"""The household and party-member queries on every dialect, against the hand-built community."""
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import organisation
from data_access.filters import Filter, Period
from data_access.people import (
    household_coverage,
    member_figures,
    member_link_counts,
    poverty_watch_households,
    unlinked_households,
    visits_per_member,
)
from tests.data_access.community_fixture import q1
from tests.frames import cells

pytestmark = pytest.mark.usefixtures("community")
FEB = Period("month", date(2025, 2, 1))
Q2 = Period("quarter", date(2025, 4, 1))


def test_household_coverage_by_village(engine: Engine) -> None:
    frame = household_coverage(q1(), "village", engine)
    # village 1: households 1-9; linked 1-8 (8 from 2025-03-10, before the quarter's end) → 8/9
    # village 2: households 10-12; linked 10, 11 → 2/3
    assert frame[["village_id", "households", "linked_households"]].values.tolist() == [[1, 9, 8], [2, 3, 2]]
    assert frame["share_linked"].tolist() == pytest.approx([8 / 9, 2 / 3])
    assert frame.dtypes[["households", "linked_households", "share_linked"]].tolist() == ["int64", "int64", "float64"]


def test_household_coverage_by_grid_counts_links_where_the_household_lives(engine: Engine) -> None:
    frame = household_coverage(q1(), "grid", engine)
    # grid 2: households 5 (member 1 lives on grid 1), 6, 7 → 3/3; grid 3: 8 linked, 9 not → 1/2; grid 5 empty
    assert frame[["grid_id", "households", "linked_households"]].values.tolist() == [
        [1, 4, 4], [2, 3, 3], [3, 2, 1], [4, 3, 2], [5, 0, 0],
    ]
    assert frame["share_linked"].tolist()[:4] == pytest.approx([1.0, 1.0, 0.5, 2 / 3])
    assert pd.isna(frame["share_linked"].iloc[4])
    assert list(frame.columns[:6]) == ["village_id", "village", "service_point_id", "service_point", "grid_id", "grid"]


def test_household_coverage_link_counts_from_its_start(engine: Engine) -> None:
    frame = household_coverage(Filter(FEB, village_id=1), "service_point", engine)
    # February: household 8's link (since 2025-03-10) is not in force yet → 片区 2 has 0 of 2 linked
    assert frame[["service_point_id", "households", "linked_households"]].values.tolist() == [[1, 7, 7], [2, 2, 0]]


def test_household_coverage_follows_scope_and_rejects_unknown_level(engine: Engine) -> None:
    assert household_coverage(q1(scope=frozenset({2})), "village", engine)["village_id"].tolist() == [2]
    with pytest.raises(ValueError):
        household_coverage(q1(), "county", engine)  # type: ignore[arg-type]


def test_household_coverage_for_the_whole_selection(engine: Engine) -> None:
    frame = household_coverage(q1(), None, engine)
    # households 1-12, linked all but 9 and 12; watch households 2, 9, 11, of which only 2 was visited in Q1
    assert frame.values.tolist() == [[12, 10, 2, pytest.approx(10 / 12), 3, 1]]
    assert list(frame.columns) == [
        "households", "linked_households", "unlinked_households", "share_linked", "watch_households", "watch_visited",
    ]


def test_household_coverage_counts_watch_visits_in_the_period(engine: Engine) -> None:
    frame = household_coverage(q1(), "village", engine)
    assert frame[["village_id", "watch_households", "watch_visited"]].values.tolist() == [[1, 2, 1], [2, 1, 0]]
    # Q2: the grid worker's visit to household 11 on 2 Apr counts, without a member
    frame = household_coverage(Filter(Q2, village_id=2), None, engine)
    assert frame[["watch_households", "watch_visited", "unlinked_households"]].values.tolist() == [[1, 1, 1]]


FIGURES = ["members", "members_in_norm", "members_outside_norm", "visits", "member_months"]


def test_member_figures_for_the_whole_selection(engine: Engine) -> None:
    frame = member_figures(q1(), None, engine)
    # links: member 1 → 5 (in 5–10), 2 → 2, 3 → 1, 4 → 2; member visits in Q1: 1, 2, 3 by member 1, 4 by member 2
    assert frame[FIGURES].values.tolist() == [[4, 1, 3, 4, 12]]
    assert frame["visits_per_member_month"].tolist() == [pytest.approx(4 / 12)]


def test_member_figures_by_grid_list_grids_without_members(engine: Engine) -> None:
    frame = member_figures(q1(), "grid", engine)
    assert frame[["grid_id", *FIGURES]].values.tolist() == [
        [1, 1, 1, 0, 3, 3], [2, 1, 0, 1, 1, 3], [3, 1, 0, 1, 0, 3], [4, 1, 0, 1, 0, 3], [5, 0, 0, 0, 0, 0],
    ]
    assert frame["visits_per_member_month"].tolist()[:4] == pytest.approx([1.0, 1 / 3, 0.0, 0.0])
    assert pd.isna(frame["visits_per_member_month"].iloc[4])
    assert frame.dtypes[FIGURES].tolist() == ["int64"] * 5


def test_member_figures_by_village_and_month(engine: Engine) -> None:
    frame = member_figures(q1(), "village", engine)
    assert frame[["village_id", *FIGURES]].values.tolist() == [[1, 3, 1, 2, 4, 9], [2, 1, 0, 1, 0, 3]]
    # February, village 1: member 1's visit of 3 Feb; member 3's link starts in March
    frame = member_figures(Filter(FEB, village_id=1), "service_point", engine)
    assert frame[["service_point_id", *FIGURES]].values.tolist() == [[1, 2, 1, 1, 1, 2], [2, 1, 0, 1, 0, 1]]


def test_member_link_counts(engine: Engine) -> None:
    frame = member_link_counts(q1(), engine)
    # member 1: households 1-5 → 5 (inside 5–10); members 2, 3, 4: 2, 1, 2 → outside
    assert frame[["member_id", "linked_households", "outside_norm", "star_level"]].values.tolist() == [
        [1, 5, False, 4], [2, 2, True, 3], [3, 1, True, 5], [4, 2, True, 2],
    ]
    assert frame["name"].tolist() == ["张*丰", "李*", "欧**明", "王*"]


def test_member_link_counts_by_grid_and_month(engine: Engine) -> None:
    frame = member_link_counts(Filter(FEB, grid_id=3), engine)
    # grid 3 holds member 3, whose only link starts in March → 0 in February
    assert frame[["member_id", "grid_id", "service_point_id", "linked_households", "outside_norm"]].values.tolist() == [
        [3, 3, 2, 0, True],
    ]


def test_unlinked_households(engine: Engine) -> None:
    frame = unlinked_households(q1(), engine)
    assert frame["household_id"].tolist() == [9, 12]  # households 1-12 minus the 10 linked ones
    assert frame["head_name"].tolist() == ["户**9", "户**2"]  # 户主09, 户主12 masked
    assert frame["head_phone"].tolist() == ["138****0009", "138****0012"]
    assert "head_id_number" not in frame.columns
    # February, village 1: household 8 is not linked yet either
    assert unlinked_households(Filter(FEB, village_id=1), engine)["household_id"].tolist() == [8, 9]


def test_visits_per_member(engine: Engine) -> None:
    frame = visits_per_member(q1(), engine)
    # 4 members × 3 months; member 1: 5 Jan (hh 1) + 20 Jan (hh 2), 3 Feb (hh 2); member 2: 15 Mar;
    # member 4's visit of 10 Dec 2024 and the April visits fall outside the quarter
    assert len(frame) == 12
    assert frame["month"].tolist()[:3] == list(pd.date_range("2025-01-01", periods=3, freq="MS"))
    assert frame["month"].dtype == "datetime64[us]"
    visits = frame.set_index(["member_id", "month"])["visits"]
    assert visits.groupby(level=0).sum().tolist() == [3, 1, 0, 0]
    assert visits[(1, pd.Timestamp("2025-01-01"))] == 2
    assert visits[(2, pd.Timestamp("2025-03-01"))] == 1
    assert frame["households_visited"].tolist()[:3] == [2, 1, 0]
    assert frame.dtypes[["visits", "households_visited"]].tolist() == ["int64", "int64"]


def test_visits_per_member_for_a_village_and_month(engine: Engine) -> None:
    frame = visits_per_member(Filter(FEB, village_id=2), engine)
    assert frame[["member_id", "month", "visits"]].values.tolist() == [[4, pd.Timestamp("2025-02-01"), 0]]
    assert frame["name"].tolist() == ["王*"]


def test_poverty_watch_households(engine: Engine) -> None:
    frame = poverty_watch_households(q1(), engine)
    # household 2: visited 20 Jan and 3 Feb → 2 visits, last 3 Feb; household 9: never visited, no member;
    # household 11: last visit 10 Dec 2024 (the grid worker's visit of 2 Apr is after the quarter)
    # those not visited in the quarter first, then by place
    assert frame[["household_id", "visits_in_period", "visited_in_period"]].values.tolist() == [
        [9, 0, False], [11, 0, False], [2, 2, True],
    ]
    assert frame["member_id"].tolist() == [pd.NA, 4, 1]
    assert frame["last_visit"].tolist() == [None, date(2024, 12, 10), date(2025, 2, 3)]
    assert frame["member"].tolist()[1:] == ["王*", "张*丰"]
    assert pd.isna(frame["member"].iloc[0])
    assert frame["head_name"].tolist() == ["户**9", "户**1", "户**2"]


def test_poverty_watch_households_next_quarter(engine: Engine) -> None:
    frame = poverty_watch_households(Filter(Q2, village_id=2), engine)
    # Q2 2025 in village 2: the grid worker visited household 11 on 2 Apr
    assert frame[["household_id", "visits_in_period", "visited_in_period"]].values.tolist() == [[11, 1, True]]
    assert frame["last_visit"].tolist() == [date(2025, 4, 2)]


@pytest.mark.parametrize("f", [q1(), q1(village_id=1), Filter(FEB), Filter(Q2, village_id=2)],
                         ids=["Q1", "Q1 village 1", "February", "Q2 village 2"])
def test_a_long_list_is_the_rows_behind_its_figure_and_read_from_its_first_rows(engine: Engine, f: Filter) -> None:
    """How many rows each list holds is a figure of the page (the card above it); `first` reads the list's first
    rows, as the whole list has them."""
    coverage, members = household_coverage(f, None, engine).iloc[0], member_figures(f, None, engine).iloc[0]
    months = {"month": 1, "quarter": 3}[f.period.kind]
    for query, count, per_row in ((unlinked_households, coverage["unlinked_households"], 1),
                                  (poverty_watch_households, coverage["watch_households"], 1),
                                  (visits_per_member, members["members"], months)):
        whole = query(f, engine)
        assert len(whole) == count * per_row, query.__name__
        assert cells(query(f, engine, first=1)) == cells(whole.head(per_row)), query.__name__
    assert unlinked_households(q1(), engine, first=100).equals(unlinked_households(q1(), engine))


def test_a_districts_scope_keeps_its_grids_only(engine: Engine) -> None:
    """A 片区长 of 片区 2 (grid 3, village 1): the village's other 片区 and the other village stay out, even when
    the filter names them."""
    area = q1(area_scope=frozenset({2}))
    assert household_coverage(area, "grid", engine)["grid_id"].tolist() == [3]
    assert household_coverage(area, "village", engine)["village_id"].tolist() == [1]
    assert household_coverage(replace(area, village_id=2), "grid", engine).empty
    assert household_coverage(replace(area, service_point_id=1), "grid", engine).empty
    assert organisation.service_points(area, engine)["id"].tolist() == [2]
    assert organisation.villages(area, engine)["id"].tolist() == [1]
