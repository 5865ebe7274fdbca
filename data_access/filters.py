"""The one filter object every query takes: place (township → village → 片区 → grid), period and the viewer's scope."""
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from sqlalchemy import Select, select

from schema import Grid, ServicePoint, Village

PeriodKind = Literal["month", "quarter", "year"]
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year: from `start` (inclusive) to `end` (exclusive)."""

    kind: PeriodKind
    start: date

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> "Period":
        first_month = (day.month - 1) // MONTHS_IN[kind] * MONTHS_IN[kind] + 1
        return cls(kind, date(day.year, first_month, 1))

    @property
    def end(self) -> date:
        return add_months(self.start, MONTHS_IN[self.kind])

    def previous(self) -> "Period":
        return Period(self.kind, add_months(self.start, -MONTHS_IN[self.kind]))

    @property
    def label(self) -> str:
        """2026-11, 2026Q4 or 2026: also used in export file names."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)


@dataclass(frozen=True)
class Viewer:
    """Which personal data the viewer may read in full; the default masks every name (data_access/privacy.py)."""

    members_named: bool = False  # party members' and cadres' names (public in a 表彰 list)
    residents_named: bool = False  # residents' names, phones and ID numbers: an explicit, recorded unmask
    people_rows: bool = True  # row-level lists of people (an observer sees aggregates only)


@dataclass(frozen=True)
class Filter:
    """What the viewer looks at. None means "all"; `scope` (village ids) and `area_scope` (片区 ids) restrict every
    query when set; `viewer` says which names come back unmasked."""

    period: Period
    village_id: int | None = None
    service_point_id: int | None = None
    grid_id: int | None = None
    township_id: int | None = None
    scope: frozenset[int] | None = field(default=None)
    area_scope: frozenset[int] | None = field(default=None)
    viewer: Viewer = field(default=Viewer())


def township_wide(f: Filter) -> Filter:
    """The filter's period, township, scope and viewer, without its village, 片区 or grid."""
    return replace(f, village_id=None, service_point_id=None, grid_id=None)


def whole_district(f: Filter) -> bool:
    """Whether the filter takes everything: no township, village, 片区 or grid chosen, and no scope."""
    return all(value is None for value in (f.township_id, f.village_id, f.service_point_id, f.grid_id, f.scope,
                                           f.area_scope))


def below_village(f: Filter) -> bool:
    """Whether the filter or the viewer's scope stops below the village: a 片区 or grid chosen, or a 片区长's 片区
    (then only what is assigned to those grids counts, not what the village holds as a whole)."""
    return f.service_point_id is not None or f.grid_id is not None or f.area_scope is not None


def _in_township(f: Filter) -> Select[tuple[int]]:
    """Ids of the villages of the filter's township."""
    return select(Village.id).where(Village.township_id == f.township_id)


def grid_ids(f: Filter) -> Select[tuple[int]]:
    """Ids of the grids inside the filter's place and scope."""
    query = select(Grid.id).join(ServicePoint, ServicePoint.id == Grid.service_point_id)
    if f.grid_id is not None:
        query = query.where(Grid.id == f.grid_id)
    if f.service_point_id is not None:
        query = query.where(Grid.service_point_id == f.service_point_id)
    if f.village_id is not None:
        query = query.where(ServicePoint.village_id == f.village_id)
    if f.township_id is not None:
        query = query.where(ServicePoint.village_id.in_(_in_township(f)))
    return _in_scope(f, query)


def _in_scope(f: Filter, query: Select[tuple[int]]) -> Select[tuple[int]]:
    """The query (over service_points) restricted to the viewer's villages and 片区."""
    if f.scope is not None:
        query = query.where(ServicePoint.village_id.in_(sorted(f.scope)))
    if f.area_scope is not None:
        query = query.where(ServicePoint.id.in_(sorted(f.area_scope)))
    return query


def service_point_ids(f: Filter) -> Select[tuple[int]]:
    """Ids of the 片区 inside the filter (the 片区 of the chosen grid when a grid is chosen)."""
    query = select(ServicePoint.id)
    if f.grid_id is not None:
        query = query.where(
            ServicePoint.id == select(Grid.service_point_id).where(Grid.id == f.grid_id).scalar_subquery()
        )
    if f.service_point_id is not None:
        query = query.where(ServicePoint.id == f.service_point_id)
    if f.village_id is not None:
        query = query.where(ServicePoint.village_id == f.village_id)
    if f.township_id is not None:
        query = query.where(ServicePoint.village_id.in_(_in_township(f)))
    return _in_scope(f, query)


def village_ids(f: Filter) -> Select[tuple[int]]:
    """Ids of the villages inside the filter (the village holding the chosen 片区 or grid)."""
    if f.grid_id is not None or f.service_point_id is not None:
        return select(ServicePoint.village_id).where(ServicePoint.id.in_(service_point_ids(f)))
    query = select(Village.id)
    if f.village_id is not None:
        query = query.where(Village.id == f.village_id)
    if f.township_id is not None:
        query = query.where(Village.township_id == f.township_id)
    if f.scope is not None:
        query = query.where(Village.id.in_(sorted(f.scope)))
    if f.area_scope is not None:
        areas = select(ServicePoint.village_id).where(ServicePoint.id.in_(sorted(f.area_scope)))
        query = query.where(Village.id.in_(areas))
    return query


def township_ids(f: Filter) -> Select[tuple[int]]:
    """Ids of the townships holding a village inside the filter."""
    return select(Village.township_id).where(Village.id.in_(village_ids(f)))
