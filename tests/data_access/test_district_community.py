"""The district view's coverage, volunteer hours and points per township, on every dialect: the community (with
the rankings' points) with village 2 as a second township (rows listed in community_fixture, rankings_fixture)."""
import pytest
from sqlalchemy import Engine

from data_access import rankings
from data_access.geo import map_figures
from tests.data_access.community_fixture import q1
from tests.data_access.district_fixture import split_into_two_townships
from tests.data_access.rankings_fixture import in_q1_2026


@pytest.fixture(scope="module")
def district(ranked_community: Engine) -> Engine:
    return split_into_two_townships(ranked_community)


def test_coverage_and_hours_per_township(district: Engine) -> None:
    frame = map_figures(q1(), "township", district)
    assert frame["township_id"].tolist() == [1, 2]
    # township 1 = grids 1-3: households 1-9, linked on 2025-03-31 1-5 (member 1), 6 7 (2), 8 (3, from 03-10);
    # township 2 = grids 4, 5: households 10-12, linked 10 11 (member 4)
    assert frame[["households", "linked_households"]].values.tolist() == [[9, 8], [3, 2]]
    assert frame["share_linked"].tolist() == pytest.approx([8 / 9, 2 / 3])
    # Q1 2025 activities on township 1's grids: 1 (3.5 h), 2 (3.0), 3 (1.0), 6 (4.0), 9 (0.5); township 2's: 4
    # (2.5); 7 has no grid, 5 and 8 lie before the quarter
    assert frame["hours"].tolist() == [12.0, 2.5]


def test_points_per_member_rank_the_townships(district: Engine) -> None:
    frame = map_figures(in_q1_2026(), "township", district)
    # township 1: members 1 2 3 5 6 9 confirmed 6.0 + 6.0 + 4.5 + 0 + 2.0 + 0.5 = 19.0 → 19 / 6 = 3.17;
    # township 2: members 4 7 8: 3.0 + 3.0 + 1.5 = 7.5 → 2.50
    assert frame[["points", "per_member", "rank", "ranked_units"]].values.tolist() == [
        [19.0, 3.17, 1, 2], [7.5, 2.5, 2, 2]]
    ranked = rankings.ranking(in_q1_2026(), "township", district)
    # Q4 2025: township 1: 1.0 + 5.0 + 3.0 + 2.0 + 3.0 = 14.0 / 6 = 2.33; township 2: 4.0 + 0.5 = 4.5 / 3 = 1.50
    assert ranked[["unit_id", "unit", "previous_rank", "movement"]].values.tolist() == [
        [1, "罗水乡", 1, 0], [2, "石溪乡", 2, 0]]
    assert ranked["members"].tolist() == [6, 3]


def test_villages_rank_against_their_own_township(district: Engine) -> None:
    # each township holds one village: inside its township each is first, over the district they are 1st and 2nd
    assert rankings.ranking(in_q1_2026(township_id=2), "village", district)[["unit_id", "rank"]].values.tolist() == [
        [2, 1]]
    assert rankings.ranking(in_q1_2026(), "village", district)[["unit_id", "rank"]].values.tolist() == [
        [1, 1], [2, 2]]
