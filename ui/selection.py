"""What the viewer has chosen (place, period, language), and its round trip through the URL query string."""
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from data_access.filters import Filter, Period, PeriodKind, add_months
from ui.i18n import LANGS, Lang

# ASCII digits only: str.isdigit() and \d also take "²", "１" and "٣"
PERIOD_FORMATS: dict[PeriodKind, re.Pattern[str]] = {
    "month": re.compile(r"([0-9]{4})-([0-9]{2})"),
    "quarter": re.compile(r"([0-9]{4})Q([1-4])"),
    "year": re.compile(r"([0-9]{4})"),
}
ID = re.compile(r"[0-9]{1,18}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PLACE_PARAMS = ("village", "service_point", "grid")


@dataclass(frozen=True)
class MonthRange:
    """The first and last months (first days) with data."""

    first: date
    last: date

    @classmethod
    def from_frame(cls, months: pd.DataFrame, today: date) -> "MonthRange":
        """From data_access.organisation.data_months; this month when there is no dated record yet."""
        row = months.iloc[0]
        if pd.isna(row["last_month"]):
            return cls(today.replace(day=1), today.replace(day=1))
        return cls(pd.Timestamp(row["first_month"]).date(), pd.Timestamp(row["last_month"]).date())

    def periods(self, kind: PeriodKind) -> list[Period]:
        """Every period of this kind that holds data, newest first."""
        period, found = Period.containing(kind, self.last), []
        while period.end > self.first:
            found.append(period)
            period = period.previous()
        return found


@dataclass(frozen=True)
class Places:
    """The organisation tree the filter bar offers: names and parents by id."""

    villages: dict[int, str]
    service_points: dict[int, tuple[int, str]]  # id → (village id, name)
    grids: dict[int, tuple[int, str]]  # id → (service point id, name)
    townships: dict[int, str] = field(default_factory=dict)
    village_townships: dict[int, int] = field(default_factory=dict)  # village id → township id

    @classmethod
    def from_frames(cls, villages: pd.DataFrame, service_points: pd.DataFrame, grids: pd.DataFrame,
                    townships: pd.DataFrame) -> "Places":
        """From the organisation lists villages(), service_points() and grids() with no place chosen, and
        townships() (those holding a village the viewer may choose)."""
        village_townships = dict(zip(villages["id"].tolist(), villages["township_id"].tolist()))
        return cls(
            dict(zip(villages["id"].tolist(), villages["name"])),
            {r.id: (r.village_id, r.name) for r in service_points.itertuples()},
            {r.id: (r.service_point_id, r.name) for r in grids.itertuples()},
            {r.id: r.name for r in townships.itertuples() if r.id in set(village_townships.values())},
            village_townships,
        )

    @property
    def is_district(self) -> bool:
        """More than one township to choose from: the township level is shown."""
        return len(self.townships) > 1


@dataclass(frozen=True)
class Notice:
    """A URL value that could not be used: which parameter, and what it said."""

    param: str
    value: str


@dataclass(frozen=True)
class Selection:
    """The filter bar's state; None means "all"."""

    period: Period
    village_id: int | None = None
    service_point_id: int | None = None
    grid_id: int | None = None
    township_id: int | None = None

    def to_filter(self) -> Filter:
        return Filter(self.period, self.village_id, self.service_point_id, self.grid_id, self.township_id)

    def to_params(self) -> dict[str, str]:
        """The query-string form: period always, places only when chosen; the township only when no village is
        (a village brings its township along)."""
        township = self.township_id if self.village_id is None else None
        places = {"township": township, "village": self.village_id, "service_point": self.service_point_id,
                  "grid": self.grid_id}
        return {"period": self.period.label} | {k: str(v) for k, v in places.items() if v is not None}

    def place_names(self, places: Places) -> list[str]:
        """The chosen township (in a district), village, 片区 and grid names, top down (empty when all are shown)."""
        names = [places.townships[self.township_id]] if places.is_district and self.township_id is not None else []
        if self.village_id is not None:
            names.append(places.villages[self.village_id])
        if self.service_point_id is not None:
            names.append(places.service_points[self.service_point_id][1])
        if self.grid_id is not None:
            names.append(places.grids[self.grid_id][1])
        return names

    def with_kind(self, kind: PeriodKind, months: MonthRange) -> "Selection":
        """Switch month / quarter / year, keeping the last month of the current period that has data."""
        day = min(add_months(self.period.end, -1), months.last)
        return replace(self, period=Period.containing(kind, day))


def parse_period(text: str) -> Period | None:
    """2026-11 → month, 2026Q4 → quarter, 2026 → year; None when malformed."""
    for kind, pattern in PERIOD_FORMATS.items():
        match = pattern.fullmatch(text)
        if match is None or int(match[1]) < 1:
            continue
        year = int(match[1])
        if kind == "year":
            return Period("year", date(year, 1, 1))
        first_month = int(match[2]) * 3 - 2 if kind == "quarter" else int(match[2])
        return Period(kind, date(year, first_month, 1)) if 1 <= first_month <= 12 else None
    return None


def parse_lang(params: Mapping[str, str]) -> tuple[Lang, list[Notice]]:
    """The ?lang= value, Chinese when absent or unknown."""
    value = params.get("lang", "zh")
    return (value, []) if value in LANGS else ("zh", [Notice("lang", value)])


def parse_params(params: Mapping[str, str], places: Places, months: MonthRange) -> tuple[Selection, list[Notice]]:
    """The selection a URL asks for; each malformed, unknown or inconsistent value falls back to all / the latest
    month with data and yields a Notice. A chosen grid, 片区 or village brings the places above it along; one that
    lies outside the place above it is dropped (the higher level wins, as when someone edits the village of a
    link)."""
    notices: list[Notice] = []

    def known_id(param: str, ids: Mapping[int, object]) -> int | None:
        value = params.get(param)
        if value is None:
            return None
        if ID.fullmatch(value) and int(value) in ids:
            return int(value)
        notices.append(Notice(param, value))
        return None

    township = known_id("township", places.townships)
    village, point, grid = (known_id("village", places.villages), known_id("service_point", places.service_points),
                            known_id("grid", places.grids))
    if village is not None and township is not None and places.village_townships[village] != township:
        notices.append(Notice("village", params["village"]))
        village = None
    if point is not None and village not in (None, places.service_points[point][0]):
        notices.append(Notice("service_point", params["service_point"]))
        point = None
    if grid is not None:
        grid_point = places.grids[grid][0]
        if point not in (None, grid_point) or village not in (None, places.service_points[grid_point][0]):
            notices.append(Notice("grid", params["grid"]))
            grid = None
        else:
            point = grid_point
    point_village = places.service_points[point][0] if point is not None else None
    if point_village is not None and township is not None and places.village_townships[point_village] != township:
        notices.extend(Notice(p, params[p]) for p, v in (("service_point", point), ("grid", grid))
                       if v is not None and p in params)
        point = grid = None
    if point is not None:
        village = places.service_points[point][0]
    if village is not None and places.is_district:  # one township: none to name
        township = places.village_townships[village]

    period = Period("month", months.last)
    if (value := params.get("period")) is not None:
        asked = parse_period(value)
        if asked is not None and asked in months.periods(asked.kind):
            period = asked
        else:
            notices.append(Notice("period", value))
    return Selection(period, village, point, grid, township), notices


def within_scope(selection: Selection, notices: list[Notice], places: Places,
                 limited: bool) -> tuple[Selection, list[Notice]]:
    """For a viewer who may see only part of the township (`places` holds that part): a place the URL names outside
    it is reported as such, and a viewer with one village or one 片区 starts there instead of at "all"."""
    if not limited:
        return selection, notices
    notices = [Notice("scope", f"{n.param}={n.value}") if n.param in PLACE_PARAMS else n for n in notices]
    if selection.village_id is None and len(places.villages) == 1:
        selection = replace(selection, village_id=next(iter(places.villages)))
    if selection.service_point_id is None and len(places.service_points) == 1:
        selection = replace(selection, service_point_id=next(iter(places.service_points)))
    return selection, notices


def parse_day(text: str, first: date, last: date) -> date | None:
    """2026-11-13 → that day when it lies from `first` to `last`; None when malformed or outside."""
    if DAY.fullmatch(text) is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None
    return day if first <= day <= last else None
