import pandas as pd

from data_access.filters import Viewer
from data_access.privacy import mask_id_number, mask_name, mask_phone, protect, protect_mixed


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
