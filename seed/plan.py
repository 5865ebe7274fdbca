"""The in-memory plan of one township: the rows to write, and what the monthly generators need to know."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

Rows = defaultdict[str, list[dict]]  # table name → rows as dicts of column values


class Ids:
    """Primary keys handed out per table, continuing across the townships of one build."""

    def __init__(self) -> None:
        self.last: defaultdict[str, int] = defaultdict(int)

    def take(self, table: str) -> int:
        self.last[table] += 1
        return self.last[table]


@dataclass(slots=True)
class Household:
    id: int
    grid_id: int  # where it lives now
    surname: str
    poverty_watch: bool
    member_id: int | None = None  # its member now
    neglected: bool = False  # a member's household that has not been visited for the last three months
    links: list[tuple[date, int | None]] = field(default_factory=list)  # (from, member or None: unlinked)
    moves: list[tuple[date, int]] = field(default_factory=list)  # (from, grid): where it moved, oldest first
    first_grid: int = 0  # where it lived before the first move

    def member_on(self, day: date) -> int | None:
        """The member linked to the household on `day`, None if none."""
        return next((member for start, member in reversed(self.links) if start <= day), None)

    def grid_on(self, day: date) -> int:
        """The grid the household lived on on `day`."""
        return next((grid for start, grid in reversed(self.moves) if start <= day), self.first_grid or self.grid_id)


@dataclass(slots=True)
class Member:
    id: int
    grid_id: int
    service_point_id: int
    diligence: float  # 0–1: drives visits, attendance and volunteering
    household_ids: list[int] = field(default_factory=list)  # linked now
    arrived_on: date | None = None  # None: before the records
    left_on: date | None = None

    def here_on(self, day: date) -> bool:
        return (self.arrived_on is None or self.arrived_on <= day) and (self.left_on is None or day < self.left_on)


@dataclass(slots=True)
class Grid:
    id: int
    service_point_id: int
    village_index: int
    owner_name: str  # the grid worker, who owns the grid's level-0 issues
    household_ids: list[int] = field(default_factory=list)
    frequent: dict[int, tuple[str, str]] = field(default_factory=dict)  # household → (service line, title) it repeats
    silent: bool = False  # nothing recorded in the last 30 days


@dataclass(slots=True)
class ServicePoint:
    id: int
    village_index: int
    place: str  # the 片区 name without 片区, used in titles
    leader_name: str
    instructor_name: str
    grid_ids: list[int] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Village:
    id: int
    name: str
    quality: float  # −1 (struggling) … 1 (exemplary): speed of closing, ratings, attendance
    cadre_name: str  # 村"两委" member who owns level-1 issues
    grid_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Team:
    id: int
    village_index: int | None
    kinds: tuple[str, ...]
    volunteers: list[tuple[int, int | None]] = field(default_factory=list)  # (volunteer id, member id)


@dataclass
class Township:
    index: int
    rows: Rows
    villages: list[Village] = field(default_factory=list)
    service_points: dict[int, ServicePoint] = field(default_factory=dict)
    grids: dict[int, Grid] = field(default_factory=dict)
    households: dict[int, Household] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    teams: list[Team] = field(default_factory=list)
