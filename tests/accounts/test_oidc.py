import pytest

from accounts.oidc import ROLES, Refused, role_from_claims

MAPPING = {"township-leader": "leader", "village-secretary": "village_secretary", "area-leader": "area_leader",
           "visitor": "observer", "it": "admin"}


@pytest.mark.parametrize(("claims", "expected"), [
    ({"cockpit_role": "township-leader"}, ("leader", None)),
    ({"cockpit_role": "township-leader", "village": "3"}, ("leader", None)),  # the township-wide roles stay so
    ({"cockpit_role": "visitor"}, ("observer", None)),
    ({"cockpit_role": "it"}, ("admin", None)),
    ({"cockpit_role": "village-secretary", "village": "2"}, ("village_secretary", 2)),
    ({"cockpit_role": "area-leader", "village": 5}, ("area_leader", 5)),
    ({"cockpit_role": ["staff", "village-secretary"], "village": "12"}, ("village_secretary", 12)),
    ({"cockpit_role": ["visitor", "visitor"]}, ("observer", None)),
])
def test_claims_give_the_mapped_role_and_village(claims: dict[str, object], expected: tuple[str, int | None]) -> None:
    assert role_from_claims(claims, MAPPING) == expected


@pytest.mark.parametrize("claims", [
    {},  # no role claim
    {"cockpit_role": None},
    {"cockpit_role": "superuser"},  # unknown: refused, not a default role
    {"cockpit_role": "Township-Leader"},  # values are matched exactly
    {"cockpit_role": "leader"},  # a role's own name is not a claim value unless the mapping says so
    {"cockpit_role": ["staff"]},
    {"cockpit_role": ["township-leader", "visitor"]},  # two different roles: ambiguous
    {"cockpit_role": 1},
    {"cockpit_role": {"township-leader": True}},
    {"cockpit_role": "village-secretary"},  # a village role without its village
    {"cockpit_role": "village-secretary", "village": ""},
    {"cockpit_role": "village-secretary", "village": "0"},
    {"cockpit_role": "village-secretary", "village": "-2"},
    {"cockpit_role": "village-secretary", "village": " 2"},
    {"cockpit_role": "village-secretary", "village": "２"},  # a full-width digit
    {"cockpit_role": "village-secretary", "village": "2,3"},
    {"cockpit_role": "village-secretary", "village": ["2"]},
    {"cockpit_role": "village-secretary", "village": True},
    {"cockpit_role": "village-secretary", "village": 2.0},
    {"cockpit_role": "area-leader", "village": "1" * 10},
])
def test_claims_without_a_single_role_and_its_village_are_refused(claims: dict[str, object]) -> None:
    with pytest.raises(Refused):
        role_from_claims(claims, MAPPING)


def test_an_empty_mapping_refuses_everyone() -> None:
    with pytest.raises(Refused):
        role_from_claims({"cockpit_role": "township-leader"}, {})


def test_the_claim_names_are_configurable() -> None:
    claims = {"groups": ["cockpit-secretaries"], "village_id": "4", "cockpit_role": "township-leader"}
    assert role_from_claims(claims, {"cockpit-secretaries": "village_secretary"}, role_claim="groups",
                            village_claim="village_id") == ("village_secretary", 4)


def test_a_mapping_to_something_that_is_no_role_is_a_configuration_mistake() -> None:
    with pytest.raises(ValueError, match="superuser") as error:
        role_from_claims({"cockpit_role": "visitor"}, {"visitor": "observer", "root": "superuser"})
    assert not isinstance(error.value, Refused)
    assert set(ROLES) == {"leader", "village_secretary", "area_leader", "observer", "admin"}
