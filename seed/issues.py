"""民情 issues round the closed loop, with seasons, better and worse villages, and their phone callbacks."""
import math
import random
from datetime import date, datetime, timedelta

from data_access.filters import add_months
from seed.dates import cutoff, days_in, history_start, month_starts
from seed.organisation import SEED, pick
from seed.plan import Grid, Ids, Township
from seed.points import Ledger
from seed.texts import COUNTY_DEPARTMENTS, ISSUE_TITLES, REPEAT_SUFFIX, TOWNSHIP_OFFICES

ISSUES_PER_HOUSEHOLD_MONTH = 0.03
REPEATS_PER_MONTH = 0.08  # issues a "frequent" household raises again, on its own topic
LINE_SHARES = {"info": 0.10, "policy": 0.12, "dispute": 0.20, "hazard": 0.15, "poverty": 0.10, "livelihood": 0.33}
SEASONS = {  # calendar month → multiplier
    "dispute": {1: 1.8, 2: 1.9, 9: 1.4, 10: 1.5},  # Spring Festival, harvest
    "hazard": {4: 1.4, 5: 2.0, 6: 2.3, 7: 1.9, 8: 1.3},  # rainy season
    "policy": {9: 1.5, 10: 1.6, 11: 1.4, 12: 1.3},  # medical-insurance payments
    "info": {1: 1.3, 2: 1.5, 3: 1.4},  # migrant workers home for the Spring Festival
    "poverty": {3: 1.3, 6: 1.3, 9: 1.3, 12: 1.3},  # quarterly monitoring rounds
}
SOURCES = {"visit": 40, "grid_worker": 30, "phone": 10, "meeting": 12, "online": 8}
DUE_DAYS = {
    "info": (7, 10), "policy": (7, 10, 15), "dispute": (15, 20, 30), "hazard": (7, 10, 15),
    "poverty": (15, 30), "livelihood": (10, 15, 20, 30),
}
LEVELS = {  # escalation level weights: 片区, village, township, county department
    "hazard": (66, 14, 12, 8), "livelihood": (68, 14, 11, 7), "dispute": (75, 12, 10, 3),
}
OTHER_LEVELS = (85, 8, 5, 2)
WITH_HOUSEHOLD = 0.88
STALL_WINDOW_DAYS = 150  # only recent issues may still be stuck open at as-of
CALLBACK_SHARE = 0.9
Rework = tuple[datetime, datetime, datetime, datetime]  # the first round's handled, fed back, closed; the reopening


def record_issues(town: Township, as_of: date, ids: Ids, ledger: Ledger) -> None:
    """Issues from the first month to as-of, each month drawn from its own seeded generator."""
    grids = [g for g in town.grids.values() if g.household_ids]
    weights = [len(g.household_ids) * (1 - 0.25 * town.villages[g.village_index].quality) for g in grids]
    households = sum(len(g.household_ids) for g in grids)
    complained: set[int] = set()
    for month in month_starts(as_of):
        rng = random.Random(f"{SEED}-{town.index}-issues-{month:%Y-%m}")
        span = as_of.day if month == as_of.replace(day=1) else days_in(month)
        years = (month.year - history_start(as_of).year) + month.month / 12
        drawn: list[tuple[Grid, str, int | None]] = []
        for line, share in LINE_SHARES.items():
            rate = households * ISSUES_PER_HOUSEHOLD_MONTH * share * SEASONS.get(line, {}).get(month.month, 1.0)
            count = poisson(rng, rate * (1 + 0.05 * years) * span / days_in(month))
            for grid in rng.choices(grids, weights=weights, k=count):
                drawn.append((grid, line, rng.choice(grid.household_ids) if rng.random() < WITH_HOUSEHOLD else None))
        for grid in grids:
            for household_id, (line, _) in grid.frequent.items():
                if rng.random() < REPEATS_PER_MONTH * span / days_in(month):
                    drawn.append((grid, line, household_id))
        if not drawn and span < days_in(month):  # the as-of month always has something on the ledger
            drawn.append((grids[0], "livelihood", None))
        for grid, line, household_id in drawn:
            reported = datetime(month.year, month.month, rng.randint(1, span), rng.randint(7, 20), rng.randrange(60))
            if grid.silent and reported.date() > as_of - timedelta(days=30) or reported > cutoff(as_of):
                continue
            _issue(rng, town, grid, line, household_id, reported, years, as_of, complained, ids, ledger)


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        product *= rng.random()
        count += 1
    return count


class _History:
    """Writes one issue's events (案卷流转) into the township's issue_events rows."""

    def __init__(self, town: Township, issue_id: int, ids: Ids) -> None:
        self.rows, self.issue_id, self.ids = town.rows["issue_events"], issue_id, ids

    def add(self, kind: str, at: datetime, actor: str, *, level: int | None = None, department: str | None = None,
            due_date: date | None = None) -> None:
        self.rows.append(dict(id=self.ids.take("issue_events"), issue_id=self.issue_id, kind=kind, at=at,
                              actor_name=actor, level=level, department=department, due_date=due_date))


def later(moment: datetime, days: float) -> datetime:
    """`moment` plus `days`, in whole minutes (so the order survives any dialect's DATETIME)."""
    return moment + timedelta(minutes=int(days * 1440))


def _issue(
    rng: random.Random, town: Township, grid: Grid, line: str, household_id: int | None, reported: datetime,
    years: float, as_of: date, complained: set[int], ids: Ids, ledger: Ledger,
) -> None:
    point = town.service_points[grid.service_point_id]
    village = town.villages[grid.village_index]
    title = _title(rng, town, grid, line, household_id, point.place, complained)
    level = rng.choices(range(4), weights=LEVELS.get(line, OTHER_LEVELS))[0]
    stamps, first_due, due, rework = _loop(rng, line, level, village.quality, years, reported, cutoff(as_of))
    filed, dispatched, handled, fed_back, closed = stamps
    if dispatched is None:
        level, due = 0, first_due
    owner = (grid.owner_name, village.cadre_name, point.instructor_name, point.instructor_name)[level]
    source = pick(rng, SOURCES)
    department = _department(rng, line, level, village.name)
    issue_id = ids.take("issues")
    town.rows["issues"].append(dict(
        id=issue_id, grid_id=grid.id, household_id=household_id, service_line=line, source=source,
        title=title, reported_at=reported, filed_at=filed, dispatched_at=dispatched, handled_at=handled,
        fed_back_at=fed_back, closed_at=closed, due_date=due if filed else None,
        first_due_date=first_due if filed else None, owner_name=owner if filed else None, escalation_level=level,
        target_department=department, reopen_count=int(rework is not None),
    ))
    history = _History(town, issue_id, ids)
    history.add("reported", reported, grid.owner_name)
    if filed:
        history.add("filed", filed, point.leader_name, due_date=first_due)
    if dispatched:
        history.add("dispatched", dispatched, point.leader_name)
    if level:  # decided on dispatching, and the escalation moves the due date
        history.add("escalated", dispatched, point.leader_name, level=level, department=department)
        history.add("extended", dispatched, point.leader_name, due_date=due)
    if rework:
        first_handled, first_fed_back, first_closed, reopened = rework
        history.add("handled", first_handled, owner)
        history.add("fed_back", first_fed_back, grid.owner_name)
        history.add("closed", first_closed, point.leader_name)
        history.add("reopened", reopened, point.leader_name)
    if handled and (rework is None or handled > rework[3]):
        history.add("handled", handled, owner)
    if fed_back and (rework is None or fed_back > rework[3]):
        history.add("fed_back", fed_back, grid.owner_name)
    if closed:
        history.add("closed", closed, point.leader_name)
    if closed is None:
        return
    member_id = town.households[household_id].member_on(closed.date()) if household_id else None
    if member_id:
        ledger.add(member_id, closed.date(), "issue", 1.0)
    _callback(rng, issue_id, closed.date(), due, village.quality, int(rework is not None), as_of, member_id,
              town, ids, ledger)


def _title(
    rng: random.Random, town: Township, grid: Grid, line: str, household_id: int | None, place: str,
    complained: set[int],
) -> str:
    """A title from the line's templates; a frequent household repeats its own topic, marked as a repeat."""
    if household_id in grid.frequent and grid.frequent[household_id][0] == line:
        template = grid.frequent[household_id][1]
        repeat = household_id in complained
        complained.add(household_id)
    else:
        template, repeat = rng.choice(ISSUE_TITLES[line]), False
    surname = town.households[household_id].surname if household_id else "村民"
    return template.format(place=place, surname=surname) + (REPEAT_SUFFIX if repeat else "")


def _department(rng: random.Random, line: str, level: int, village_name: str) -> str | None:
    if level == 0:
        return None
    if level == 1:
        return f"{village_name}村委会"
    return rng.choice(TOWNSHIP_OFFICES if level == 2 else COUNTY_DEPARTMENTS[line])


def _loop(
    rng: random.Random, line: str, level: int, quality: float, years: float, reported: datetime, cutoff: datetime,
) -> tuple[list[datetime | None], date, date, Rework | None]:
    """Stamps filed → dispatched → handled → fed back → closed as known at `cutoff`, due dates and the rework.

    Better villages and later years close faster; escalation moves the due date and takes longer; a few issues
    are reopened after closing (the first round and the reopening are returned), and a few recent ones stall open
    past their due date.
    """
    filed = later(reported, rng.uniform(0.05, 3) if rng.random() < 0.85 else rng.uniform(3, 10))
    first_due = filed.date() + timedelta(days=rng.choice(DUE_DAYS[line]))
    due = first_due + timedelta(days=rng.randint(7, 30)) if level else first_due
    pace = math.exp(-0.45 * quality) * (1 - 0.06 * years) * (1 + 0.2 * level)
    total = max(0.3, (due - filed.date()).days * rng.lognormvariate(math.log(0.55 * pace), 0.45))
    dispatched = later(filed, min(total * 0.1, rng.uniform(0.05, 1.5)))
    rounds = [_finish(rng, filed, total)]
    rework = None
    if rng.random() < 0.035 - 0.02 * quality:
        reopened = later(rounds[0][2], rng.uniform(2, 15))
        if reopened <= cutoff:
            rework = (*rounds[0], reopened)
            rounds.append(_finish(rng, reopened, rng.uniform(3, 15) * pace))
    handled, fed_back, closed = rounds[-1]
    if len(rounds) == 2 and closed > cutoff:  # reopened and not yet closed again
        handled, fed_back, closed = rounds[0][0], rounds[0][1], None
    stalls = 0.05 + 0.12 * (level == 3) + 0.04 * (quality < 0)
    if (cutoff - filed).days < STALL_WINDOW_DAYS and rng.random() < stalls:
        handled = fed_back = closed = None
    stamps: list[datetime | None] = [filed, dispatched, handled, fed_back, closed]
    for k, stamp in enumerate(stamps):
        if stamp is not None and stamp > cutoff:
            stamps[k:] = [None] * (len(stamps) - k)
            break
    return stamps, first_due, due, rework


def _finish(rng: random.Random, start: datetime, days: float) -> tuple[datetime, datetime, datetime]:
    """Handled, fed back and closed times of a round that starts at `start` and closes `days` later."""
    closed = later(start, days)
    wrap = min(days * 0.25, rng.uniform(0.2, 4))
    handled = later(start, days - wrap)
    return handled, later(handled, wrap * rng.uniform(0.2, 0.8)), closed


def _callback(
    rng: random.Random, issue_id: int, closed: date, due: date, quality: float, reopens: int, as_of: date,
    member_id: int | None, town: Township, ids: Ids, ledger: Ledger,
) -> None:
    """Most closed issues get a callback in the month after closing, once that day has come."""
    if rng.random() > CALLBACK_SHARE:
        return
    called_on = add_months(closed, 1).replace(day=rng.randint(3, 20))
    if called_on > as_of:
        return
    late = closed > due
    solved = rng.random() < 0.93 + 0.04 * quality - 0.2 * reopens - 0.1 * late
    base = 4.3 + 0.5 * quality - 0.6 * late - 1.5 * (not solved) - 0.4 * reopens
    effect, duration, attitude = (
        min(5, max(1, round(rng.gauss(base + shift, 0.7)))) for shift in (0.0, -0.3 - 0.6 * late, 0.3)
    )
    satisfied = (effect + duration + attitude) / 3 + rng.gauss(0, 0.4) >= 3.2
    town.rows["callbacks"].append(dict(
        id=ids.take("callbacks"), issue_id=issue_id, called_on=called_on, solved=solved, satisfied=satisfied,
        effect_score=effect, duration_score=duration, attitude_score=attitude,
    ))
    if member_id:
        ledger.add(member_id, called_on, "evaluation", 1.0 if satisfied else -1.0)
