"""Masking of personal data: nothing leaves data_access unmasked."""
import pandas as pd


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张*丰, 张三 → 张*, 欧阳小明 → 欧**明."""
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str | None:
    """13812341234 → 138****1234."""
    if not phone or len(phone) < 7:
        return "*" * len(phone or "")
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str | None) -> str | None:
    """430802199001011234 → 430802********1234."""
    if not id_number or len(id_number) < 10:
        return "*" * len(id_number or "")
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


MASKS = {"name": mask_name, "phone": mask_phone, "id_number": mask_id_number}


def mask_columns(df: pd.DataFrame, **columns: str) -> pd.DataFrame:
    """Mask the given columns in place by kind, e.g. mask_columns(df, head_name="name", head_phone="phone")."""
    for column, kind in columns.items():
        df[column] = df[column].map(MASKS[kind], na_action="ignore")
    return df
