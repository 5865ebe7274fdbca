"""What changed in the demo's past months, and the dated rows it leaves: 党员联系户 hand-overs, members who
transferred out or died (one replaced by a member who arrived), households that moved grid inside their 片区.

Everything happens in a past month after the first year of the history, so the running month is as planned; a
member's households stay in the member's 片区, and no member is pushed outside 5–10 by a change.
"""
import random
from datetime import date, timedelta

from seed.dates import month_starts
from seed.names import People
from seed.plan import Ids, Member, Township

HAND_OVERS, MOVES = 5, 4
DEPARTURES = (("transferred_out", True), ("transferred_out", False), ("died", False))  # (reason, replaced)
MOST_LINKS = 10


def record_changes(rng: random.Random, people: People, town: Township, as_of: date, ids: Ids) -> None:
    """Plan the changes in date order, then write contact_links and household_residences (and the members' dates)."""
    events = [("hand_over", ())] * HAND_OVERS + [("move", ())] * MOVES + [("leave", d) for d in DEPARTURES]
    rng.shuffle(events)
    months = month_starts(as_of)[12:-1]
    days = sorted(rng.choice(months) + timedelta(days=rng.randrange(28)) for _ in events)
    members = {row["id"]: row for row in town.rows["party_members"]}
    for day, (kind, detail) in zip(days, events):
        if kind == "hand_over":
            _hand_over(rng, town, day)
        elif kind == "move":
            _move(rng, town, day)
        else:
            _leave(rng, people, town, members, day, *detail, ids)
    _write(town, ids)


def _here(town: Township, day: date, service_point_id: int | None = None) -> list[Member]:
    return [m for m in town.members.values()
            if m.here_on(day) and service_point_id in (None, m.service_point_id)]


def _link(town: Township, household_id: int, member: Member | None, day: date) -> None:
    """Hand the household to `member` (None: nobody) from `day` on."""
    household = town.households[household_id]
    if household.member_id is not None:
        town.members[household.member_id].household_ids.remove(household_id)
    household.links.append((day, member.id if member else None))
    household.member_id = member.id if member else None
    if member:
        member.household_ids.append(household_id)


def _free(town: Township, household_ids: list[int], day: date) -> list[int]:
    """The households whose link did not change on `day` already (one link starts per household and day)."""
    return [h for h in household_ids if not town.households[h].links or town.households[h].links[-1][0] < day]


def _hand_over(rng: random.Random, town: Township, day: date) -> None:
    """A member with more than 5 households hands one to a member of the same 片区 with fewer than 10."""
    givers = [m for m in _here(town, day) if len(m.household_ids) > 5 and _free(town, m.household_ids, day)]
    giver = rng.choice(givers)
    takers = [m for m in _here(town, day, giver.service_point_id)
              if m is not giver and len(m.household_ids) < MOST_LINKS]
    if takers:
        _link(town, rng.choice(_free(town, giver.household_ids, day)), rng.choice(takers), day)


def _move(rng: random.Random, town: Township, day: date) -> None:
    """A household moves to another grid of its 片区, keeping its member."""
    households = [h for h in town.households.values() if not h.moves
                  and len(town.service_points[town.grids[h.grid_id].service_point_id].grid_ids) > 1
                  and len(town.grids[h.grid_id].household_ids) >= 3]
    household = rng.choice(households)
    point = town.service_points[town.grids[household.grid_id].service_point_id]
    grid_id = rng.choice([g for g in point.grid_ids if g != household.grid_id])
    town.grids[household.grid_id].household_ids.remove(household.id)
    town.grids[grid_id].household_ids.append(household.id)
    household.first_grid, household.grid_id = household.grid_id, grid_id
    household.moves.append((day, grid_id))
    next(row for row in town.rows["households"] if row["id"] == household.id)["grid_id"] = grid_id


def _leave(rng: random.Random, people: People, town: Township, rows: dict[int, dict], day: date, reason: str,
           replaced: bool, ids: Ids) -> None:
    """A member with 5–10 households leaves; a member arriving on their grid takes them all, or the members of
    the 片区 with the fewest households take them one by one (while under 10; else the household stays unlinked)."""
    member = rng.choice([m for m in _here(town, day) if m.arrived_on is None
                         and 5 <= len(_free(town, m.household_ids, day)) == len(m.household_ids) <= MOST_LINKS])
    member.left_on = day
    rows[member.id].update(left_on=day, left_reason=reason)
    successor = None
    if replaced:
        successor = Member(ids.take("party_members"), member.grid_id, member.service_point_id,
                           rng.betavariate(5, 2), arrived_on=day)
        town.members[successor.id] = successor
        town.service_points[member.service_point_id].member_ids.append(successor.id)
        town.rows["party_members"].append(dict(
            id=successor.id, grid_id=member.grid_id, name=people.name(), phone=people.phone(), star_level=3,
            joined_year=day.year - rng.randint(1, 30), arrived_on=day, left_on=None, left_reason=None,
        ))
    for household_id in list(member.household_ids):
        takers = [m for m in _here(town, day, member.service_point_id) if len(m.household_ids) < MOST_LINKS]
        _link(town, household_id, successor or min(takers, key=lambda m: len(m.household_ids), default=None), day)


def _write(town: Township, ids: Ids) -> None:
    """One contact_links row per span with a member, one household_residences row per place lived."""
    for household in town.households.values():
        spans = household.links
        for k, (start, member_id) in enumerate(spans):
            if member_id is not None:
                end = spans[k + 1][0] if k + 1 < len(spans) else None
                town.rows["contact_links"].append(dict(
                    id=ids.take("contact_links"), household_id=household.id, member_id=member_id, started_on=start,
                    ended_on=end,
                ))
        places = [(None, household.first_grid or household.grid_id), *household.moves]
        for k, (start, grid_id) in enumerate(places):
            end = places[k + 1][0] if k + 1 < len(places) else None
            town.rows["household_residences"].append(dict(
                id=ids.take("household_residences"), household_id=household.id, grid_id=grid_id, started_on=start,
                ended_on=end,
            ))
