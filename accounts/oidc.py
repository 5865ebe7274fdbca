"""The cockpit role and village of someone signed in through the organisation's OpenID Connect provider, read from
claims of their ID token through the mapping an installation configures (`[oidc]` in secrets.toml)."""
from collections.abc import Mapping

ROLES = ("leader", "village_secretary", "area_leader", "observer", "admin")
VILLAGE_ROLES = frozenset({"village_secretary", "area_leader"})  # scoped to one village, which a claim must name
ROLE_CLAIM, VILLAGE_CLAIM = "cockpit_role", "village"
MAX_ID_DIGITS = 9


class Refused(ValueError):
    """The claims give no cockpit role, or no village for a role that needs one: the sign-in is refused."""


def role_from_claims(claims: Mapping[str, object], mapping: Mapping[str, str], *, role_claim: str = ROLE_CLAIM,
                     village_claim: str = VILLAGE_CLAIM) -> tuple[str, int | None]:
    """(role, village id) for the claims: `mapping` takes the role claim's value (a string, or a list of them that
    maps to a single role) to one of ROLES; a village secretary or area leader also needs the village claim (the
    village's id), the township-wide roles get None. An unknown, missing or ambiguous claim is Refused, never a
    default role; a mapping to something that is not a role is a ValueError (a configuration mistake)."""
    if wrong := {role for role in mapping.values() if role not in ROLES}:
        raise ValueError(f"the [oidc.roles] mapping names {sorted(wrong)}, which are not roles; roles: {ROLES}")
    value = claims.get(role_claim)
    values = value if isinstance(value, list) else [value]
    roles = {mapping[item] for item in values if isinstance(item, str) and item in mapping}
    if len(roles) != 1:
        what = "no cockpit role" if not roles else f"several roles {sorted(roles)}"
        raise Refused(f"the claim {role_claim}={value!r} gives {what}")
    role = roles.pop()
    if role not in VILLAGE_ROLES:
        return role, None
    return role, _village_id(claims.get(village_claim), village_claim)


def _village_id(value: object, claim: str) -> int:
    """A positive id from an integer claim or a string of ASCII digits."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        value = int(value)
    if type(value) is not int or not 0 < value < 10 ** MAX_ID_DIGITS:
        raise Refused(f"the claim {claim}={value!r} names no village")
    return value
