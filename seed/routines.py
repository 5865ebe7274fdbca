"""The monthly routines: household visits, 片区 study sessions and volunteer activities."""
import random
from datetime import date, timedelta
from decimal import Decimal

from seed.dates import month_days, month_starts
from seed.organisation import SEED
from seed.plan import Ids, Township
from seed.points import POINTS, Ledger
from seed.texts import ACTIVITY_PLACES, SEASONAL_TOPICS, STUDY_TOPICS

HOURS = tuple(Decimal(h) for h in ("1.0", "1.5", "2.0", "2.0", "2.5", "3.0", "3.5", "4.0"))
GRID_WORKER_VISITS = 0.25  # monthly chance the grid worker calls on a household no member is linked to


def month_rng(town: Township, routine: str, month: date) -> random.Random:
    return random.Random(f"{SEED}-{town.index}-{routine}-{month:%Y-%m}")


def record_visits(town: Township, as_of: date, ids: Ids) -> None:
    """Members visit their households monthly-ish (diligent ones more often, poverty-watch ones nearly always);
    neglected households go unvisited for the last 90 days and silent grids for the last 30. A visit is on the
    grid the household lived on that day, by the member linked to it then (none: the grid worker)."""
    quiet_from, neglect_from = as_of - timedelta(days=30), as_of - timedelta(days=90)
    rows = town.rows["visits"]
    for month in month_starts(as_of):
        rng = month_rng(town, "visits", month)
        days = month_days(month, as_of)
        for household in town.households.values():
            member = town.members.get(household.member_on(month))
            if member is None:
                chance = GRID_WORKER_VISITS
            else:
                chance = 0.95 if household.poverty_watch else 0.25 + 0.45 * member.diligence
            if rng.random() >= chance:
                continue
            day = days[rng.randrange(28)]
            if day > neglect_from and household.neglected:
                continue
            grid_id = household.grid_on(day)
            if day > quiet_from and town.grids[grid_id].silent:
                continue
            rows.append(dict(
                id=ids.take("visits"), household_id=household.id, grid_id=grid_id,
                member_id=household.member_on(day), visited_on=day,
            ))


def record_study(town: Township, as_of: date, ids: Ids, ledger: Ledger) -> None:
    """One study session a month per 片区 for its members here that day; attendance follows the member's diligence
    and the village."""
    for month in month_starts(as_of):
        rng = month_rng(town, "study", month)
        days = month_days(month, as_of)
        for point in town.service_points.values():
            held_on = days[rng.randint(4, 24)]
            seasonal = SEASONAL_TOPICS.get(month.month)
            topic = seasonal if seasonal and rng.random() < 0.5 else rng.choice(STUDY_TOPICS)
            session_id = ids.take("study_sessions")
            town.rows["study_sessions"].append(dict(
                id=session_id, service_point_id=point.id, held_on=held_on, topic=topic
            ))
            quality = town.villages[point.village_index].quality
            for member_id in point.member_ids:
                member = town.members[member_id]
                present = rng.random() < 0.55 + 0.12 * quality + 0.35 * member.diligence
                if not member.here_on(held_on):
                    continue
                town.rows["study_attendance"].append(dict(session_id=session_id, member_id=member_id, present=present))
                if present:
                    ledger.add(member_id, held_on, "study", POINTS["study"])


def record_volunteering(town: Township, as_of: date, ids: Ids, ledger: Ledger) -> None:
    """Each village team's fixed monthly activity (a few months missed), the township teams about twice a month;
    5–25 of the team's volunteers serve 1–4 hours each."""
    current = as_of.replace(day=1)
    lively = [g for g in town.grids.values() if not g.silent]
    for month in month_starts(as_of):
        rng = month_rng(town, "volunteering", month)
        days = month_days(month, as_of)
        for team in town.teams:
            quality = 0.0 if team.village_index is None else town.villages[team.village_index].quality
            if team.village_index is None:
                held = [True] + [False] * rng.choice((0, 1, 1, 1, 2))
            else:
                held = [True] if month == current or rng.random() > 0.06 - 0.04 * quality else []
            grids = [g for g in lively if team.village_index in (None, g.village_index)]
            for is_monthly in held:
                grid = rng.choice(grids)
                held_on = days[rng.randint(6, 27)]
                activity_id = ids.take("volunteer_activities")
                place = town.service_points[grid.service_point_id].place + rng.choice(ACTIVITY_PLACES)
                town.rows["volunteer_activities"].append(dict(
                    id=activity_id, team_id=team.id, grid_id=grid.id, held_on=held_on, kind=rng.choice(team.kinds),
                    place=place, is_monthly=is_monthly,
                ))
                crew = rng.sample(team.volunteers, min(len(team.volunteers), rng.randint(5, 25)))
                for volunteer_id, member_id in crew:
                    hours = rng.choice(HOURS)
                    if member_id and not town.members[member_id].here_on(held_on):
                        continue  # a member who has left serves no more
                    town.rows["volunteer_services"].append(dict(
                        id=ids.take("volunteer_services"), activity_id=activity_id, volunteer_id=volunteer_id,
                        hours=hours,
                    ))
                    if member_id:
                        ledger.add(member_id, held_on, "volunteer", POINTS["volunteer"] * float(hours))
