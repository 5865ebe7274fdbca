"""Masking by role, and the lists of people an observer does not get (their count kept)."""
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access import alerts, issue_lists, issues, people, points, rankings, volunteers
from data_access.filters import Filter, Period, Viewer
from data_access.privacy import (
    mask_id_number, mask_name, mask_phone, people_list, protect, protect_mixed, row_count,
)
from tests.data_access.demo_fixture import DEMO_DAY

LEADER, OBSERVER = Viewer(members_named=True), Viewer(people_rows=False)
NOVEMBER = Filter(Period("month", date(2026, 11, 1)))


def test_names_keep_first_and_last_character() -> None:
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name("张") == "*"


def test_phones_and_id_numbers() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("430802199001011234") == "430802********1234"


def test_protect_leaves_missing_values_missing() -> None:
    df = pd.DataFrame({"name": ["李四", None], "phone": ["15900001111", None]})
    masked = protect(df, Viewer(), name="resident", phone="phone")
    assert masked["name"].tolist()[0] == "李*"
    assert masked["phone"].tolist()[0] == "159****1111"
    assert masked["name"].isna().tolist() == [False, True]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"member": ["杨红梅"], "head": ["欧阳小旺"], "phone": ["13812341234"], "id": ["430802199001011234"]})


COLUMNS = {"member": "member", "head": "resident", "phone": "phone", "id": "id_number"}


def test_by_default_every_name_is_masked() -> None:
    assert protect(frame(), Viewer(), **COLUMNS).iloc[0].tolist() == [
        "杨*梅", "欧**旺", "138****1234", "430802********1234"]


def test_members_in_full_for_a_leader_residents_still_masked() -> None:
    assert protect(frame(), Viewer(members_named=True), **COLUMNS).iloc[0].tolist() == [
        "杨红梅", "欧**旺", "138****1234", "430802********1234"]


def test_an_unmask_shows_residents_too() -> None:
    shown = Viewer(members_named=True, residents_named=True)
    assert protect(frame(), shown, **COLUMNS).iloc[0].tolist() == [
        "杨红梅", "欧阳小旺", "13812341234", "430802199001011234"]


def test_mixed_lists_show_members_only_to_who_may_read_them() -> None:
    names = pd.DataFrame({"name": ["杨红梅", "欧阳小旺"], "party_member": [True, False]})
    leader = protect_mixed(names.copy(), Viewer(members_named=True), "name", names["party_member"])
    observer = protect_mixed(names.copy(), Viewer(people_rows=False), "name", names["party_member"])
    assert leader["name"].tolist() == ["杨红梅", "欧**旺"]
    assert observer["name"].tolist() == ["杨*梅", "欧**旺"]


def test_a_list_of_people_keeps_its_columns_and_count_for_an_observer() -> None:
    names = pd.DataFrame({"name": ["杨红梅", "欧阳小旺"], "hours": [3.0, 2.5]})
    withheld = people_list(names, OBSERVER)
    assert withheld.empty and list(withheld.columns) == ["name", "hours"] and row_count(withheld) == 2
    assert people_list(names, LEADER) is names and row_count(names) == 2


PEOPLE_LISTS: dict[str, Callable[[Filter, Engine], pd.DataFrame]] = {  # every query with one row per person
    "people.member_link_counts": people.member_link_counts,
    "people.unlinked_households": people.unlinked_households,
    "people.visits_per_member": people.visits_per_member,
    "people.poverty_watch_households": people.poverty_watch_households,
    "points.member_points": points.member_points,
    "rankings.ranking(member)": lambda f, engine: rankings.ranking(f, "member", engine),
    "rankings.award_candidates(member)": lambda f, engine: rankings.award_candidates(
        replace(f, period=Period("year", date(2026, 1, 1))), "member", engine),
    "volunteers.top_volunteers": lambda f, engine: volunteers.top_volunteers(f, engine=engine),
    "volunteers.top_volunteers_between": lambda f, engine: volunteers.top_volunteers_between(
        f, date(2026, 11, 13), DEMO_DAY, engine=engine),
    "issue_lists.repeat_complaint_households": issue_lists.repeat_complaint_households,
    "alerts.silent_grids": lambda f, engine: alerts.silent_grids(f, engine=engine),
    "alerts.unvisited_watch_households": alerts.unvisited_watch_households,
    "alerts.members_outside_link_norm": alerts.members_outside_link_norm,
}


@pytest.mark.parametrize("query", PEOPLE_LISTS.values(), ids=PEOPLE_LISTS.keys())
def test_a_leader_gets_the_people_an_observer_only_their_count(
        demo: Engine, monkeypatch: pytest.MonkeyPatch, query: Callable[[Filter, Engine], pd.DataFrame]) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime.combine(DEMO_DAY, datetime.min.time()))
    leader = query(replace(NOVEMBER, viewer=LEADER), demo)
    observer = query(replace(NOVEMBER, viewer=OBSERVER), demo)
    assert len(leader) and row_count(leader) == len(leader)
    assert observer.empty and list(observer.columns) == list(leader.columns)
    assert row_count(observer) == len(leader)  # what the home page's alert line says
