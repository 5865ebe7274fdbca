import pandas as pd

from data_access.privacy import mask_columns, mask_id_number, mask_name, mask_phone


def test_names_keep_first_and_last_character() -> None:
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name("张") == "*"


def test_phones_and_id_numbers() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("430802199001011234") == "430802********1234"


def test_mask_columns_leaves_missing_values_missing() -> None:
    df = pd.DataFrame({"name": ["李四", None], "phone": ["15900001111", None]})
    masked = mask_columns(df, name="name", phone="phone")
    assert masked["name"].tolist()[0] == "李*"
    assert masked["phone"].tolist()[0] == "159****1111"
    assert masked["name"].isna().tolist() == [False, True]
