"""The demo organisation reproduces the article's counts, with the promised exceptions."""
import re

import pandas as pd

from schema import SIX_HAVES, TALENT_CATEGORIES


def test_the_chain_has_the_article_counts(table) -> None:
    townships, villages = table("townships"), table("villages")
    assert townships[["name", "centre_name", "is_demo"]].values.tolist() == [["罗水乡", "罗水乡网格化服务管理中心", True]]
    assert len(villages) == 6 and villages.station_name.str.endswith("网格化服务管理工作站").all()
    assert len(table("villager_groups")) == 102
    points = table("service_points")
    assert len(points) == 34
    assert points.groupby("village_id").size().between(4, 7).all()
    assert table("grids").groupby("service_point_id").size().between(2, 4).all()
    assert set(table("grids").kind) == {"industry", "governance", "study", "service"}


def test_households_and_residents(table) -> None:
    households = table("households")
    assert 2200 <= len(households) <= 2400
    assert 8000 <= households["size"].sum() <= 8600
    groups = table("villager_groups")
    assert set(households.villager_group_id) == set(groups.id)  # every 村民小组 has households
    assert 0.02 <= households.poverty_watch.mean() <= 0.07


def test_members_are_five_percent_and_linked_to_five_to_ten_households(table) -> None:
    """Today: the members still here and the links in force."""
    members, links, households = table("party_members"), table("contact_links"), table("households")
    members, links = members[members.left_on.isna()], links[links.ended_on.isna()]
    assert 0.04 <= len(members) / households["size"].sum() <= 0.06
    load = links.groupby("member_id").size().reindex(members.id, fill_value=0)
    outside = load[(load < 5) | (load > 10)]
    assert 3 <= len(outside) <= 8
    assert (outside > 10).any() and (outside < 5).any()
    unlinked = 1 - len(links) / len(households)
    assert 0.01 <= unlinked <= 0.06
    assert members.star_level.between(1, 5).all()


def test_contact_households_lie_in_the_members_pian_qu(table) -> None:
    grids = table("grids").set_index("id").service_point_id
    links = table("contact_links").merge(table("households")[["id", "grid_id"]], left_on="household_id", right_on="id")
    links = links.merge(table("party_members")[["id", "grid_id"]], left_on="member_id", right_on="id",
                        suffixes=("_household", "_member"))
    assert (links.grid_id_household.map(grids) == links.grid_id_member.map(grids)).all()


def test_talents_117_with_18_returned_mostly_one_to_three_per_grid(table) -> None:
    talents, grids = table("talents"), table("grids")
    assert len(talents) == 117 and talents.returned.sum() == 18
    assert talents.returned_year.notna().sum() == 18
    assert set(talents.category) == set(TALENT_CATEGORIES)
    per_grid = talents.groupby("grid_id").size().reindex(grids.id, fill_value=0)
    inside = per_grid.between(1, 3)
    assert inside.mean() >= 0.9 and not inside.all()


def test_volunteer_teams_two_township_and_one_per_village(table) -> None:
    teams = table("volunteer_teams")
    assert len(teams) == 8
    township = teams[teams.village_id.isna()]
    assert sorted(township.name) == ["关爱孤寡老人志愿服务队", "关爱留守儿童志愿服务队"]
    assert sorted(teams.village_id.dropna()) == sorted(table("villages").id)
    volunteers = table("volunteers")
    assert volunteers.member_id.notna().any() and volunteers.member_id.isna().any()


def test_most_grids_have_a_leading_enterprise_with_households(table) -> None:
    enterprises, links, grids = table("enterprises"), table("enterprise_households"), table("grids")
    leading = enterprises[enterprises.is_leading]
    assert leading.grid_id.is_unique
    assert 0.7 <= len(leading) / len(grids) < 1
    assert set(leading.id) <= set(links.enterprise_id)
    assert set(links.link) == {"employed", "linked"}


def test_most_service_points_meet_the_six_haves(table) -> None:
    missing = 6 - table("service_points")[list(SIX_HAVES)].sum(axis=1)
    assert (missing == 0).mean() >= 0.6
    assert missing.between(1, 2).any() and missing.max() <= 2


def test_personal_data_looks_real(table) -> None:
    households = table("households")
    assert households.head_phone.str.fullmatch(r"1[358]\d{9}").all()
    assert households.head_id_number.str.fullmatch(r"430802(19|20)\d{9}[\dX]").all()
    assert households.head_name.str.fullmatch(r"[\u4e00-\u9fff]{2,4}").all()
    names = pd.concat([table("party_members").name, table("talents").name, table("volunteers").name])
    assert names.map(lambda n: bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n))).all()


def test_the_past_holds_hand_overs_departures_and_moves(table) -> None:
    """Links end and start on the same day, at most one in force per household and day; two members transferred
    out and one died, one replaced by a member who arrived that day; four households moved inside their 片区."""
    links = table("contact_links").sort_values(["household_id", "started_on"])
    ended = links[links.ended_on.notna()]
    assert len(ended) >= 15
    following = links.groupby("household_id").started_on.shift(-1)
    assert ((links.ended_on == following) | links.ended_on.isna() | following.isna()).all()
    assert (links.groupby("household_id").ended_on.apply(lambda e: e.isna().sum()) <= 1).all()
    members = table("party_members")
    assert sorted(members.left_reason.dropna()) == ["died", "transferred_out", "transferred_out"]
    gone = members[members.left_on.notna()].set_index("id").left_on
    assert not links[links.member_id.isin(gone.index) & links.ended_on.isna()].size
    assert (links[links.member_id.isin(gone.index)].ended_on.values <= links[links.member_id.isin(gone.index)]
            .member_id.map(gone).values).all()
    arrived = members[members.arrived_on.notna()]
    assert len(arrived) == 1 and arrived.arrived_on.iloc[0] in set(gone)
    residences = table("household_residences")
    moved = residences[residences.started_on.notna()]
    assert len(moved) == 4 and residences.household_id.nunique() == len(table("households"))
    now = residences[residences.ended_on.isna()].set_index("household_id").grid_id
    assert now.sort_index().tolist() == table("households").set_index("id").grid_id.sort_index().tolist()
    grids = table("grids").set_index("id").service_point_id
    before = residences[residences.household_id.isin(moved.household_id) & residences.started_on.isna()]
    assert (before.grid_id.map(grids).values == moved.grid_id.map(grids).values).all()
