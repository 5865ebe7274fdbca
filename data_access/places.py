"""Grouping by place: the township / village / 片区 / grid columns a per-place query selects and groups by."""
from typing import Literal

from sqlalchemy import ColumnElement, Label, Select, select

from data_access.filters import Filter, grid_ids
from schema import Grid, ServicePoint, Township, Village

Level = Literal["township", "village", "service_point", "grid"]
LEVELS: tuple[Level, ...] = ("township", "village", "service_point", "grid")


def level_below(f: Filter) -> Level:
    """The units one level below the filter's place: villages (none chosen), 片区 of a village, grids of a 片区
    (and the chosen grid itself)."""
    if f.grid_id is not None or f.service_point_id is not None:
        return "grid"
    return "service_point" if f.village_id is not None else "village"


def place_columns(level: Level) -> list[Label]:
    """village_id, village, then service_point_id, service_point down to grid_id, grid, as deep as `level`;
    township_id, township alone for the township level (the district view's units)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if level == "township":
        return [Township.id.label("township_id"), Township.name.label("township")]
    columns = [Village.id.label("village_id"), Village.name.label("village")]
    if level != "village":
        columns += [ServicePoint.id.label("service_point_id"), ServicePoint.name.label("service_point")]
    if level == "grid":
        columns += [Grid.id.label("grid_id"), Grid.name.label("grid")]
    return columns


def listed_place() -> list[Label]:
    """Where a row of a list of people is, in full: its township (villages of two townships may share a name),
    then place_columns("grid")."""
    return [Township.name.label("township"), *place_columns("grid")]


def grids_by_place(f: Filter, *columns: ColumnElement) -> Select:
    """SELECT columns FROM the filter's grids joined up to their 片区, village and township (add outer joins to it).

    The filter's grids are joined, not tested with IN: PostgreSQL then narrows to them before the outer joins
    (with IN it joined every household of the district first: 100 townships, household coverage of one village
    470–590 → 36 ms).
    """
    chosen = grid_ids(f).subquery()
    return (
        select(*columns)
        .select_from(chosen)
        .join(Grid, Grid.id == chosen.c.id)
        .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
        .join(Village, Village.id == ServicePoint.village_id)
        .join(Township, Township.id == Village.township_id)
    )


def grouped(query: Select, level: Level) -> Select:
    """Group and order a grids_by_place query by the level's columns."""
    keys = [column.element for column in place_columns(level)]
    return query.group_by(*keys).order_by(*keys[::2])
