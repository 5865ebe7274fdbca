"""The five roles, their names in both languages, and what each may see (DOMAIN.md "Who sees what")."""
from enum import StrEnum

from data_access.filters import Viewer


class Role(StrEnum):
    LEADER = "leader"  # 乡镇领导: the whole township, party members' and cadres' names
    VILLAGE_SECRETARY = "village_secretary"  # 村书记: their own village
    AREA_LEADER = "area_leader"  # 片区长: their own 片区
    OBSERVER = "observer"  # 观察员: aggregates only
    ADMIN = "admin"  # 管理员: accounts, imports, the audit trail


ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.LEADER: ("乡镇领导", "Township leader"),
    Role.VILLAGE_SECRETARY: ("村书记", "Village secretary"),
    Role.AREA_LEADER: ("片区长", "District (片区) leader"),
    Role.OBSERVER: ("观察员", "Observer"),
    Role.ADMIN: ("管理员", "Administrator"),
}
UNMASKING_ROLES = frozenset({Role.LEADER, Role.ADMIN})  # may unmask residents' data, each time recorded
MEMBER_NAMING_ROLES = frozenset({Role.LEADER, Role.VILLAGE_SECRETARY, Role.AREA_LEADER})


def viewer_for(role: Role, residents_unmasked: bool = False) -> Viewer:
    """What a role may read: members' names in full for leaders and secretaries, residents' only after a recorded
    unmask by a role allowed to, and no row-level lists of people for an observer."""
    return Viewer(members_named=role in MEMBER_NAMING_ROLES,
                  residents_named=residents_unmasked and role in UNMASKING_ROLES,
                  people_rows=role is not Role.OBSERVER)
