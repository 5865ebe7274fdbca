"""Masking of personal data by the viewer's role: nothing leaves data_access unmasked that the viewer may not read.

Party members' and cadres' names (kind "member") are in full for a viewer with `members_named` (乡镇领导, 村书记,
片区长); residents' names, phones and ID numbers (kinds "resident", "phone", "id_number") only after an explicit,
recorded unmask (`residents_named`). Everything else is masked. A list of people (one row per party member,
household, volunteer or worker) has no rows for a viewer who sees aggregates only (an observer, not `people_rows`).
"""
from typing import Literal

import pandas as pd

from data_access.filters import Viewer

Kind = Literal["member", "resident", "phone", "id_number"]
WITHHELD = "withheld"  # frame.attrs: how many rows a list of people held before they were withheld


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


MASKS = {"member": mask_name, "resident": mask_name, "phone": mask_phone, "id_number": mask_id_number}


def in_full(viewer: Viewer, kind: Kind) -> bool:
    """Whether the viewer may read this kind of personal data unmasked."""
    return viewer.residents_named or (kind == "member" and viewer.members_named)


def protect(df: pd.DataFrame, viewer: Viewer, **columns: Kind) -> pd.DataFrame:
    """Mask in place the columns the viewer may not read, e.g. protect(df, f.viewer, head_name="resident",
    head_phone="phone", member="member")."""
    for column, kind in columns.items():
        if not in_full(viewer, kind):
            df[column] = df[column].map(MASKS[kind], na_action="ignore")
    return df


def protect_mixed(df: pd.DataFrame, viewer: Viewer, column: str, members: pd.Series) -> pd.DataFrame:
    """Mask in place a name column whose rows are party members where `members` is true, residents elsewhere."""
    masked = df[column].map(mask_name, na_action="ignore")
    shown = members if in_full(viewer, "member") else pd.Series(False, index=df.index)
    df[column] = df[column].where(shown | viewer.residents_named, masked)
    return df


def people_list(df: pd.DataFrame, viewer: Viewer) -> pd.DataFrame:
    """A list of people as the viewer may have it: for one who sees aggregates only, no rows (the same columns),
    with df.attrs["withheld"] saying how many there were (see row_count)."""
    if viewer.people_rows:
        return df
    withheld = df.iloc[:0].copy()
    withheld.attrs[WITHHELD] = len(df)
    return withheld


def row_count(df: pd.DataFrame) -> int:
    """How many rows the list holds, those withheld from the viewer included: the count an alert may show."""
    return len(df) + df.attrs.get(WITHHELD, 0)
