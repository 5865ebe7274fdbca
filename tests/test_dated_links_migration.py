"""Migration 0004 backfills dated links, residences and membership from the rows of 0001, on every dialect."""
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, Select, create_engine, select, text

from schema import ContactLink, HouseholdResidence, PartyMember
from schema.migrate import upgrade

ROWS_0001 = [
    "INSERT INTO townships (id, name, centre_name, lat, lon, is_demo) VALUES (1, '罗水乡', '中心', 29.2, 110.3, false)",
    "INSERT INTO villages (id, township_id, name, station_name, lat, lon) VALUES (1, 1, '一村', '站', 29.2, 110.3)",
    "INSERT INTO villager_groups (id, village_id, name) VALUES (1, 1, '一组')",
    "INSERT INTO service_points (id, village_id, name, lat, lon, leader_name, instructor_name, has_culture_square, "
    "has_meeting_hall, has_bulletin_board, has_office_equipment, has_rules_on_wall, has_work_ledger) "
    "VALUES (1, 1, '片区', 29.2, 110.3, '组长', '指导员', true, true, true, true, true, true)",
    *(f"INSERT INTO grids (id, service_point_id, name, kind, head_name, worker_name, worker_phone) "
      f"VALUES ({g}, 1, '网格{g}', 'governance', '长', '员', '13700000000')" for g in (1, 2)),
    *(f"INSERT INTO households (id, grid_id, villager_group_id, head_name, head_phone, head_id_number, size, "
      f"poverty_watch, lat, lon) VALUES ({h}, {g}, 1, '户主', '13800000000', '430802199001011234', 3, false, 29.2, "
      f"110.3)" for h, g in ((1, 1), (2, 2), (3, 2))),
    *(f"INSERT INTO party_members (id, grid_id, name, phone, star_level) VALUES ({m}, {g}, '党员', '1390', 3)"
      for m, g in ((1, 1), (2, 2))),
    "INSERT INTO contact_links (household_id, member_id, since) VALUES (3, 2, '2024-05-06')",
    "INSERT INTO contact_links (household_id, member_id, since) VALUES (1, 1, '2023-02-01')",
]


@pytest.fixture(scope="module")
def migrated(database_url: str) -> Iterator[Engine]:
    """A database at 0001 holding today's rows, then upgraded to head."""
    engine = create_engine(database_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        for statement in ROWS_0001:
            conn.execute(text(statement))
    upgrade(engine)
    yield engine
    engine.dispose()


def rows(engine: Engine, query: Select) -> list[tuple]:
    """The query's rows, read through the models (dates come back as dates on SQLite too)."""
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_links_start_at_their_since_and_are_in_force(migrated: Engine) -> None:
    links = rows(migrated, select(ContactLink.id, ContactLink.household_id, ContactLink.member_id,
                                  ContactLink.started_on, ContactLink.ended_on).order_by(ContactLink.id))
    assert links == [(1, 1, 1, date(2023, 2, 1), None), (2, 3, 2, date(2024, 5, 6), None)]  # ids in household order


def test_households_live_on_their_grid_since_before_the_records(migrated: Engine) -> None:
    residences = rows(migrated, select(HouseholdResidence.household_id, HouseholdResidence.grid_id,
                                       HouseholdResidence.started_on, HouseholdResidence.ended_on)
                      .order_by(HouseholdResidence.household_id))
    assert residences == [(1, 1, None, None), (2, 2, None, None), (3, 2, None, None)]


def test_members_are_still_here(migrated: Engine) -> None:
    members = rows(migrated, select(PartyMember.id, PartyMember.arrived_on, PartyMember.left_on,
                                    PartyMember.left_reason).order_by(PartyMember.id))
    assert members == [(1, None, None, None), (2, None, None, None)]


def test_a_hand_over_can_follow_and_the_key_is_the_surrogate(migrated: Engine) -> None:
    """A second link of household 1 starting when the first ends: both rows live side by side."""
    with migrated.begin() as conn:
        conn.execute(text("UPDATE contact_links SET ended_on = '2026-11-25' WHERE household_id = 1"))
        conn.execute(text("INSERT INTO contact_links (household_id, member_id, started_on) "
                          "VALUES (1, 2, '2026-11-25')"))
    links = select(ContactLink.member_id, ContactLink.ended_on).where(ContactLink.household_id == 1)
    assert rows(migrated, links.order_by(ContactLink.id)) == [(1, date(2026, 11, 25)), (2, None)]
