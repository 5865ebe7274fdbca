"""The standing organisation of one township: places, households, members and their links, talents,
enterprises and volunteer teams (the article's counts, invented names)."""
import math
import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from shapely.geometry import Polygon

from schema import SIX_HAVES
from seed.changes import record_changes
from seed.dates import history_start
from seed.geography import AREA_KM2, Frame, outline, scatter, spread_points, township_frame, village_cells
from seed.names import People
from seed.plan import Grid, Household, Ids, Member, ServicePoint, Team, Township, Village
from seed.texts import (
    COOPERATIVE_FORMS, ENTERPRISE_FORMS, INDUSTRIES, ISSUE_TITLES, PLACE_HEADS, PLACE_TAILS, TOWNSHIP_NAME,
    TOWNSHIP_TEAM_KINDS, TOWNSHIP_TEAMS, VILLAGE_NAMES, VILLAGE_TEAM_KINDS, chinese_number,
)

SEED = "luoshui-yiwang-sitong"
SERVICE_POINTS_PER_VILLAGE = (7, 6, 6, 5, 6, 4)  # 34 片区, 4–7 per village
GROUPS_PER_VILLAGE = (20, 18, 17, 17, 16, 14)  # 102 村民小组, the largest count to the village with most 片区
QUALITIES = (0.8, 0.5, 0.2, -0.1, -0.4, -0.7)  # villages that do better and worse
GRIDS_PER_POINT = {2: 30, 3: 45, 4: 25}
GRID_KIND_WEIGHTS = {"industry": 35, "governance": 30, "study": 15, "service": 20}
HOUSEHOLDS = (2250, 2350)
RESIDENTS = (8100, 8500)
HOUSEHOLD_SIZES = {1: 10, 2: 20, 3: 22, 4: 24, 5: 15, 6: 6, 7: 3}
POVERTY_WATCH_SHARE = 0.04
UNLINKED_SHARE = 0.025
NEGLECTED_SHARE = 0.04
MISSING_HAVES = {  # how often each 「六有」 item is the one missing
    "has_culture_square": 30, "has_meeting_hall": 20, "has_bulletin_board": 10,
    "has_office_equipment": 20, "has_rules_on_wall": 10, "has_work_ledger": 10,
}
TALENTS, RETURNED_TALENTS = 117, 18
TALENT_CATEGORY_WEIGHTS = {"industry": 40, "technology": 20, "management": 25, "party_government": 15}
TALENT_BASIS_WEIGHTS = {"registration": 55, "business": 25, "workplace": 20}
LEADING_SHARE, SECOND_ENTERPRISE_SHARE = 0.82, 0.12
FREQUENT_LINES = ("dispute", "livelihood", "hazard", "poverty")


def pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def build_township(index: int, scale: int, as_of: date, ids: Ids) -> Township:
    """Plan township `index` of `scale`: the same index always gives the same organisation."""
    rng = random.Random(f"{SEED}-{index}-organisation")
    people = People(rng)
    town = Township(index, defaultdict(list))
    suffix = "" if index == 0 else f"（{index + 1}）"
    start = history_start(as_of)
    township_id = _places(rng, people, town, township_frame(index, scale), suffix, start, ids)
    _fit_residents(rng, town)
    _members(rng, people, town, start, as_of, ids)
    _talents(rng, people, town, as_of, ids)
    _enterprises(rng, town, ids)
    _teams(rng, people, town, township_id, ids)
    record_changes(random.Random(f"{SEED}-{index}-changes"), people, town, as_of, ids)
    return town


def _places(
    rng: random.Random, people: People, town: Township, frame: Frame, suffix: str, start: date, ids: Ids
) -> int:
    """Township, villages with boundaries and 村民小组, 片区 service points, grids and their households."""
    rows = town.rows
    shape = outline(rng)
    centres = spread_points(rng, shape.buffer(-0.8), len(VILLAGE_NAMES), 2.2)
    cells = village_cells(shape, centres)
    township_id = ids.take("townships")
    name = TOWNSHIP_NAME + suffix
    lat, lon = frame.lat_lon(*shape.centroid.coords[0])
    rows["townships"].append(dict(
        id=township_id, name=name, centre_name=f"{name}网格化服务管理中心", lat=lat, lon=lon, area_km2=AREA_KM2,
        farmland_mu=14000, boundary_geojson=frame.geojson(shape), is_demo=True,
    ))
    point_counts = rng.sample(SERVICE_POINTS_PER_VILLAGE, k=len(SERVICE_POINTS_PER_VILLAGE))
    by_size = sorted(range(len(point_counts)), key=lambda v: -point_counts[v])
    group_counts = {v: GROUPS_PER_VILLAGE[rank] for rank, v in enumerate(by_size)}
    group_sizes = _group_sizes(rng, sum(GROUPS_PER_VILLAGE))
    qualities = rng.sample(QUALITIES, k=len(QUALITIES))
    instructors = [people.name() for _ in range(10)]  # township cadres, each guides a few 片区
    for v, (village_name, centre, cell) in enumerate(zip(VILLAGE_NAMES, centres, cells)):
        village = Village(ids.take("villages"), village_name + suffix, qualities[v], people.name())
        town.villages.append(village)
        vlat, vlon = frame.lat_lon(*centre)
        rows["villages"].append(dict(
            id=village.id, township_id=township_id, name=village.name,
            station_name=f"{village.name}网格化服务管理工作站", lat=vlat, lon=vlon,
        ))
        rows["village_boundaries"].append(dict(village_id=village.id, geojson=frame.geojson(cell)))
        groups = []
        for g in range(group_counts[v]):
            groups.append(ids.take("villager_groups"))
            rows["villager_groups"].append(dict(
                id=groups[-1], village_id=village.id, name=f"第{chinese_number(g + 1)}村民小组"
            ))
        inner = cell.buffer(-0.3)
        sites = spread_points(rng, inner if inner.area > 1 else cell, point_counts[v], 0.8)
        places = _place_names(rng, len(sites))
        for s, (site, place) in enumerate(zip(sites, places)):
            own_groups = [g for k, g in enumerate(groups) if k * len(sites) // len(groups) == s]
            grid_sites = _service_point(rng, people, town, village, v, site, place, instructors, ids, frame)
            sizes = [group_sizes.pop() for _ in own_groups]
            _households(rng, people, town, grid_sites, own_groups, sizes, cell, frame, start, ids)
    return township_id


def _group_sizes(rng: random.Random, groups: int) -> list[int]:
    """Households per 村民小组: at least 8 each, summing to a total inside HOUSEHOLDS."""
    total = rng.randint(*HOUSEHOLDS)
    weights = [rng.uniform(0.6, 1.4) for _ in range(groups)]
    sizes = [8] * groups
    for g in rng.choices(range(groups), weights=weights, k=total - 8 * groups):
        sizes[g] += 1
    return sizes


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
        if name not in names:
            names.append(name)
    return names


def _service_point(
    rng: random.Random, people: People, town: Township, village: Village, v: int, site: tuple[float, float],
    place: str, instructors: list[str], ids: Ids, frame: Frame,
) -> dict[int, tuple[float, float]]:
    """A 片区 with its 「六有」 checklist and 2–4 grids; returns where each grid's households cluster."""
    point = ServicePoint(ids.take("service_points"), v, place, people.name(), rng.choice(instructors))
    missing: set[str] = set()
    if rng.random() > 0.76:  # most meet all six; the rest miss one or two items
        gaps = 1 if rng.random() < 0.7 else 2
        while len(missing) < gaps:
            missing.add(pick(rng, MISSING_HAVES))
    lat, lon = frame.lat_lon(*site)
    town.rows["service_points"].append(dict(
        id=point.id, village_id=village.id, name=f"{place}片区", lat=lat, lon=lon, leader_name=point.leader_name,
        instructor_name=point.instructor_name, **{have: have not in missing for have in SIX_HAVES},
    ))
    town.service_points[point.id] = point
    count = pick(rng, GRIDS_PER_POINT)
    turn = rng.uniform(0, 2 * math.pi)
    sites = {}
    for g in range(count):
        angle = turn + 2 * math.pi * g / count
        grid = Grid(ids.take("grids"), point.id, v, people.name())
        point.grid_ids.append(grid.id)
        village.grid_ids.append(grid.id)
        town.grids[grid.id] = grid
        town.rows["grids"].append(dict(
            id=grid.id, service_point_id=point.id, name=f"{place}片区第{chinese_number(g + 1)}网格",
            kind=pick(rng, GRID_KIND_WEIGHTS), head_name=point.leader_name, worker_name=grid.owner_name,
            worker_phone=people.phone(),
        ))
        sites[grid.id] = (site[0] + 0.35 * math.cos(angle), site[1] + 0.35 * math.sin(angle))
    return sites


def _households(
    rng: random.Random, people: People, town: Township, grid_sites: dict[int, tuple[float, float]],
    groups: list[int], sizes: list[int], cell: Polygon, frame: Frame, start: date, ids: Ids,
) -> None:
    """The households of a 片区's 村民小组, spread over its grids (each grid gets some) near the grid's site."""
    grid_ids = list(grid_sites)
    turn = 0
    for group_id, count in zip(groups, sizes):
        for _ in range(count):
            grid_id = grid_ids[turn] if turn < len(grid_ids) else rng.choice(grid_ids)
            turn += 1
            surname = people.surname()
            household = Household(ids.take("households"), grid_id, surname, rng.random() < POVERTY_WATCH_SHARE)
            town.households[household.id] = household
            town.grids[grid_id].household_ids.append(household.id)
            lat, lon = frame.lat_lon(*scatter(rng, cell, grid_sites[grid_id], 0.25))
            town.rows["households"].append(dict(
                id=household.id, grid_id=grid_id, villager_group_id=group_id, head_name=people.name(surname),
                head_phone=people.phone(), head_id_number=people.id_number(people.birth_date(start, 25, 85)),
                size=pick(rng, HOUSEHOLD_SIZES), poverty_watch=household.poverty_watch, lat=lat, lon=lon,
            ))


def _fit_residents(rng: random.Random, town: Township) -> None:
    """Nudge household sizes until the township's residents fall inside RESIDENTS."""
    rows = town.rows["households"]
    target = rng.randint(*RESIDENTS)
    total = sum(row["size"] for row in rows)
    while total != target:
        row = rng.choice(rows)
        step = 1 if total < target else -1
        if 1 <= row["size"] + step <= 7:
            row["size"] += step
            total += step


def _members(rng: random.Random, people: People, town: Township, start: date, as_of: date, ids: Ids) -> None:
    """Party members (about 5 % of residents), each linked to 5–10 households of their 片区 (党员联系户).

    A few households stay unlinked, and a few members are deliberately outside 5–10.
    """
    for point in town.service_points.values():
        households = [h for g in point.grid_ids for h in town.grids[g].household_ids]
        linked = [h for h in households if rng.random() > UNLINKED_SHARE]
        count = max(1, min(round(len(linked) / rng.uniform(5.2, 5.8)), len(linked) // 5))
        loads = [5] * count
        for _ in range(len(linked) - 5 * count):
            loads[rng.choice([i for i, load in enumerate(loads) if load < 10])] += 1
        start_at = 0
        for load in loads:
            own = linked[start_at:start_at + load]
            start_at += load
            grid_id = Counter(town.households[h].grid_id for h in own).most_common(1)[0][0]
            member = Member(ids.take("party_members"), grid_id, point.id, rng.betavariate(5, 2), own)
            town.members[member.id] = member
            point.member_ids.append(member.id)
    _outliers(rng, town)
    for member in town.members.values():
        star = min(5, max(1, round(1 + 4 * member.diligence + rng.uniform(-0.8, 0.8))))
        town.rows["party_members"].append(dict(
            id=member.id, grid_id=member.grid_id, name=people.name(), phone=people.phone(), star_level=star,
            joined_year=as_of.year - rng.randint(1, 45), arrived_on=None, left_on=None, left_reason=None,
        ))
        for household_id in member.household_ids:
            household = town.households[household_id]
            household.member_id = member.id
            household.neglected = rng.random() < (0.12 if household.poverty_watch else NEGLECTED_SHARE)
            household.links.append((start - timedelta(days=rng.randrange(0, 900)), member.id))
    silent = rng.sample([g.id for g in town.grids.values() if g.household_ids], 2)
    for grid in town.grids.values():
        grid.silent = grid.id in silent
        if len(grid.household_ids) >= 10:
            for household_id in rng.sample(grid.household_ids, 1 if rng.random() < 0.6 else 2):
                line = rng.choice(FREQUENT_LINES)
                grid.frequent[household_id] = (line, rng.choice(ISSUE_TITLES[line]))


def _outliers(rng: random.Random, town: Township) -> None:
    """4–7 members outside 5–10: most keep only 2–4 households, every third takes on 11–12 from neighbours."""
    chosen = rng.sample(sorted(town.members), rng.randint(4, 7))
    for turn, member_id in enumerate(chosen):
        member = town.members[member_id]
        donors = [
            town.members[m] for m in town.service_points[member.service_point_id].member_ids
            if m not in chosen and len(town.members[m].household_ids) > 5
        ]
        need = rng.randint(11, 12) - len(member.household_ids)
        if turn % 3 == 2 and sum(len(d.household_ids) - 5 for d in donors) >= need:
            for _ in range(need):
                member.household_ids.append(max(donors, key=lambda d: len(d.household_ids)).household_ids.pop())
        else:
            del member.household_ids[rng.randint(2, 4):]


def _talents(rng: random.Random, people: People, town: Township, as_of: date, ids: Ids) -> None:
    """117 talents, 18 of them returned: mostly 1–3 per grid party group, a few grids with none or four."""
    grid_ids = list(town.grids)
    rng.shuffle(grid_ids)
    unassigned = rng.randint(3, 6)
    load = dict.fromkeys(grid_ids, 0)
    for k in range(TALENTS - unassigned):
        open_grids = grid_ids[k:k + 1] if k < len(grid_ids) else [g for g in grid_ids if load[g] < 3]
        load[rng.choice(open_grids)] += 1
    emptied = rng.sample([g for g in grid_ids if load[g] == 1], 2)
    for g in emptied:
        load[g] = 0
    load[rng.choice([g for g in grid_ids if load[g] == 2] or [g for g in grid_ids if g not in emptied])] += 2
    assignments = [g for g in grid_ids for _ in range(load[g])] + [None] * unassigned
    returned = set(rng.sample(range(TALENTS), RETURNED_TALENTS))
    for k, grid_id in enumerate(assignments):
        v = town.grids[grid_id].village_index if grid_id is not None else rng.randrange(len(town.villages))
        village = town.villages[v]
        town.rows["talents"].append(dict(
            id=ids.take("talents"), village_id=village.id, grid_id=grid_id, name=people.name(), phone=people.phone(),
            category=pick(rng, TALENT_CATEGORY_WEIGHTS), basis=pick(rng, TALENT_BASIS_WEIGHTS),
            returned=k in returned, returned_year=as_of.year - rng.randint(0, 4) if k in returned else None,
        ))


def _enterprises(rng: random.Random, town: Township, ids: Ids) -> None:
    """「一网格一龙头」: most grids have a leading enterprise or cooperative with employed or linked households."""
    for grid in town.grids.values():
        if rng.random() > LEADING_SHARE:
            continue
        place = town.service_points[grid.service_point_id].place
        for leading in (True, False) if rng.random() < SECOND_ENTERPRISE_SHARE else (True,):
            kind = "cooperative" if not leading or rng.random() < 0.6 else "enterprise"
            industry = rng.choice(INDUSTRIES)
            form = rng.choice(COOPERATIVE_FORMS if kind == "cooperative" else ENTERPRISE_FORMS)
            enterprise_id = ids.take("enterprises")
            town.rows["enterprises"].append(dict(
                id=enterprise_id, grid_id=grid.id, name=form.format(place=place, industry=industry), kind=kind,
                industry=industry, is_leading=leading,
            ))
            count = min(len(grid.household_ids), rng.randint(4, 14) if leading else rng.randint(2, 6))
            for household_id in rng.sample(grid.household_ids, count):
                link = "employed" if rng.random() < 0.35 else "linked"
                town.rows["enterprise_households"].append(dict(
                    enterprise_id=enterprise_id, household_id=household_id, link=link
                ))


def _teams(rng: random.Random, people: People, town: Township, township_id: int, ids: Ids) -> None:
    """「志愿罗水」: the two township teams and one team per village, with volunteers (many of them members)."""
    names = {row["id"]: (row["name"], row["phone"]) for row in town.rows["party_members"]}
    everyone = sorted(town.members)
    for name, kind in zip(TOWNSHIP_TEAMS, TOWNSHIP_TEAM_KINDS):
        team = Team(ids.take("volunteer_teams"), None, (kind,))
        town.rows["volunteer_teams"].append(dict(id=team.id, township_id=township_id, village_id=None, name=name))
        size = rng.randint(20, 30)
        _volunteers(rng, people, town, team, rng.sample(everyone, round(size * 0.4)), size, names, ids)
    for v, village in enumerate(town.villages):
        team = Team(ids.take("volunteer_teams"), v, VILLAGE_TEAM_KINDS)
        town.rows["volunteer_teams"].append(dict(
            id=team.id, township_id=township_id, village_id=village.id, name=f"{village.name}志愿服务队"
        ))
        keen = sorted(
            (m for m in town.members.values() if town.grids[m.grid_id].village_index == v),
            key=lambda m: -m.diligence,
        )
        size = rng.randint(15, 28)
        chosen = rng.sample([m.id for m in keen[:len(keen) // 2]], min(round(size * 0.55), len(keen) // 2))
        _volunteers(rng, people, town, team, chosen, size, names, ids)


def _volunteers(
    rng: random.Random, people: People, town: Township, team: Team, member_ids: list[int], size: int,
    names: dict[int, tuple[str, str]], ids: Ids,
) -> None:
    """Register the chosen members and enough other residents to make `size` volunteers."""
    town.teams.append(team)
    grids = town.villages[team.village_index].grid_ids if team.village_index is not None else list(town.grids)
    for k in range(size):
        member_id = member_ids[k] if k < len(member_ids) else None
        if member_id is not None:
            grid_id: int | None = town.members[member_id].grid_id
            name, phone = names[member_id]
        else:
            grid_id = rng.choice(grids) if team.village_index is not None or rng.random() < 0.8 else None
            name, phone = people.name(), people.phone()
        volunteer_id = ids.take("volunteers")
        team.volunteers.append((volunteer_id, member_id))
        town.rows["volunteers"].append(dict(
            id=volunteer_id, team_id=team.id, grid_id=grid_id, member_id=member_id, name=name, phone=phone
        ))
