"""One import: read the files, check every row against the ledgers and the database, and write them all in one
transaction, or nothing when any row is rejected (or on a dry run, which rolls the same work back).

Rows are matched by each ledger's key: a new key is added, a known one with other values updated, the same values
left unchanged; a corrected 民情台账 row records its change of status as issue events.
"""
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from data_access import summaries
from ingest import history
from ingest.ledgers import LEDGERS, LOOKUPS, TARGET_NAMES, Ledger, Ref, issue_number
from ingest.messages import Lang, message
from ingest.read import Sheet, read
from ingest.validate import validate
from schema import Grid, Household, HouseholdResidence, ImportLog, Issue, IssueEvent, ServicePoint, Village
from seed.load import write

CHUNK = 2000
TARGET_OF = {"townships": "township", "villages": "village", "villager_groups": "villager_group",
             "service_points": "service_point", "grids": "grid", "households": "household", "party_members": "member",
             "issues": "issue", "volunteer_teams": "team", "volunteers": "volunteer",
             "volunteer_activities": "activity", "study_sessions": "session", "enterprises": "enterprise"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rejection:
    """Why a row (or a whole file or sheet, row 0) cannot be imported."""

    file: str
    sheet: str
    row: int
    column: str
    key: str
    values: dict = field(default_factory=dict, compare=False)

    def reason(self, lang: Lang) -> str:
        return message(self.key, lang, **self.values)

    def where(self, lang: Lang) -> str:
        parts = [self.file, self.sheet] + ([f"第 {self.row} 行" if lang == "zh" else f"row {self.row}"]
                                           if self.row else []) + ([self.column] if self.column else [])
        return " / ".join(part for part in parts if part)


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Report:
    """What an import did, or would do (dry run): counts per file and sheet, the events recorded, the rejections."""

    dry_run: bool
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    written: bool = False

    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total.added += counts.added
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        return total


class Lookups:
    """Reference targets as the ledgers name them (parts → id), read from the database when first needed and
    again after the import wrote to their table."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.maps = conn, {}

    def get(self, target: str) -> dict[tuple, int]:
        if target not in self.maps:
            rows = self.conn.execute(LOOKUPS[target]())
            if target == "issue":
                self.maps[target] = {(issue_number(row[0], row[1]),): row[0] for row in rows}
            else:
                self.maps[target] = {tuple(row[1:]): row[0] for row in rows}
        return self.maps[target]

    def forget(self, target: str) -> None:
        self.maps.pop(target, None)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(engine: Engine, files: list[tuple[str, bytes]], *, dry_run: bool = False, user: str | None = None,
        progress: Progress | None = None, now: datetime | None = None) -> Report:
    """Import the files (name, content): everything or nothing; a dry run checks and counts, and writes nothing."""
    report = Report(dry_run)
    for name, data in files:
        sheets, problems = read(name, data)
        report.sheets.extend(sheets)
        report.rejections.extend(Rejection(p.file, p.sheet, p.row, p.column, p.key) for p in problems)
    now = (now or datetime.now()).replace(microsecond=0)
    total = sum(len(sheet.rows) for sheet in report.sheets)
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            last_event = conn.scalar(select(func.coalesce(func.max(IssueEvent.id), 0)))
            job = Job(conn, report, now, progress, total)
            for ledger in LEDGERS:
                sheets = [sheet for sheet in report.sheets if sheet.ledger is ledger]
                if sheets:
                    job.ledger(ledger, sheets)
            if not report.rejections and not dry_run:
                log_files(conn, files, report, now, user)
                job.summarise_again(last_event)
                summaries.write_running(conn)
                transaction.commit()
                report.written = True
        finally:
            if transaction.is_active:
                transaction.rollback()
    return report


def log_files(conn: Connection, files: list[tuple[str, bytes]], report: Report, now: datetime,
              user: str | None) -> None:
    for name, data in files:
        counts = [c for (file, _), c in report.counts.items() if file == name]
        conn.execute(insert(ImportLog).values(
            imported_at=now, file_name=name[:255], sha256=sha256(data), added=sum(c.added for c in counts),
            updated=sum(c.updated for c in counts), unchanged=sum(c.unchanged for c in counts), user_name=user))


def key_header(ledger: Ledger) -> str:
    """The column a duplicate is reported in: the ledger's first key column as the sheet names it."""
    attr = ledger.key[0]
    for column in ledger.columns:
        if column.attr == attr:
            return column.header
    return next(ref.headers[-1] for ref in ledger.refs if ref.attr == attr)


class Job:
    """The work of one import inside its transaction."""

    def __init__(self, conn: Connection, report: Report, now: datetime, progress: Progress | None,
                 total: int) -> None:
        self.conn, self.report, self.now, self.progress, self.total = conn, report, now, progress, total
        self.lookups = Lookups(conn)
        self.done = 0
        self.failed = False
        self.moved_grids: set[int] = set()  # grids an updated issue left or joined (its history moved with it)
        self.issues_with_history: set[str] = set()  # 编号 of issues whose events the import carries

    def summarise_again(self, last_event: int) -> None:
        """Write again the loop summaries of ended periods that the import changed: those of the villages holding
        an issue with a new event (after `last_event`), from the earliest new event's period on, and of the grids an
        issue moved between, all of them."""
        place = IssueEvent.__table__.join(Issue, Issue.id == IssueEvent.issue_id).join(Grid, Grid.id == Issue.grid_id) \
            .join(ServicePoint, ServicePoint.id == Grid.service_point_id)
        changed = self.conn.execute(select(ServicePoint.village_id, func.min(IssueEvent.at)).select_from(place)
                                    .where(IssueEvent.id > last_event).group_by(ServicePoint.village_id)).all()
        villages = {village for village, _ in changed}
        since = min((moment.date() for _, moment in changed), default=None)
        if self.moved_grids:
            villages |= set(self.conn.scalars(select(ServicePoint.village_id).join(Grid)
                                              .where(Grid.id.in_(self.moved_grids))))
            since = summaries.first_day(self.conn)
        if villages and since:
            summaries.rewrite(self.conn, frozenset(villages), since)

    def reject(self, sheet: Sheet, row: int, column: str, key: str, **values: object) -> None:
        self.report.rejections.append(Rejection(sheet.file, sheet.name, row, column, key, values))

    def ledger(self, ledger: Ledger, sheets: list[Sheet]) -> None:
        if self.failed:
            return
        table = ledger.table
        existing = self.existing(ledger)
        seen: dict[tuple, int] = {}
        added, updates = [], []
        if ledger.sheet == "民情台账":
            self.issues_with_history = self.named_in("案卷流转", "编号")
        for sheet in sheets:
            counts = self.report.counts.setdefault((sheet.file, sheet.name), Counts())
            if not self.columns_present(ledger, sheet):
                self.step(len(sheet.rows))
                continue
            for number, cells in sheet.rows:
                self.step(1)
                record = self.record(ledger, sheet, number, cells)
                if record is None:
                    continue
                key = tuple(record[attr] for attr in ledger.key)
                if key in seen:
                    self.reject(sheet, number, key_header(ledger), "duplicate", first=seen[key],
                                same=" / ".join(str(part) for part in key))
                    continue
                seen[key] = number
                if key not in existing:
                    added.append(record)
                    counts.added += 1
                elif self.differs(existing[key], record):
                    updates.append((existing[key], record))
                    counts.updated += 1
                else:
                    counts.unchanged += 1
        try:
            self.write(ledger, added, updates)
        except SQLAlchemyError as exc:
            self.failed = True
            first = sheets[0]
            self.reject(first, 0, "", "database", value=str(exc.orig if hasattr(exc, "orig") else exc)[:200])

    def step(self, rows: int) -> None:
        self.done += rows
        if self.progress and (self.done % 1000 < rows or self.done == self.total):
            self.progress(self.done, self.total)

    def named_in(self, sheet_name: str, header: str) -> set[str]:
        """The values of one column of a ledger's sheets in this import, as typed (trimmed)."""
        named = set()
        for sheet in self.report.sheets:
            if sheet.ledger.sheet == sheet_name and header in sheet.columns:
                position = sheet.columns[header]
                named.update(str(cells[position]).strip() for _, cells in sheet.rows
                             if position < len(cells) and cells[position] is not None)
        return named

    def columns_present(self, ledger: Ledger, sheet: Sheet) -> bool:
        needed = [column.header for column in ledger.columns if column.required]
        needed += [header for ref in ledger.refs if ref.required for header in ref.headers]
        missing = [header for header in dict.fromkeys(needed) if header not in sheet.columns]
        for header in missing:
            self.reject(sheet, sheet.header_row, header, "missing_column")
        return not missing

    def existing(self, ledger: Ledger) -> dict[tuple, dict]:
        """The table's rows by key, each with its where-clause values (id) and its column values."""
        table = self.conn.execute(select(func.count()).select_from(ledger.table)).scalar()
        if not table:
            return {}
        rows = {}
        for row in self.conn.execute(select(ledger.table)).mappings():
            values = dict(row)
            if ledger.table.name == "issues":
                values["ledger_no"] = issue_number(values["id"], values["ledger_no"])
            rows[tuple(values[attr] for attr in ledger.key)] = values
        return rows

    def record(self, ledger: Ledger, sheet: Sheet, number: int, cells: tuple) -> dict | None:
        """The row's table values (references resolved, defaults filled), or None after rejecting it."""
        by_header = {header: cells[position] if position < len(cells) else None
                     for header, position in sheet.columns.items()}
        parsed, problems = validate(ledger, by_header)
        for header, key, values in problems:
            self.reject(sheet, number, header, key, **values)
        if problems:
            return None
        record: dict[str, object] = {column.attr: parsed[column.header] for column in ledger.columns if column.attr}
        ok, out_of_order = True, set()
        for ref in ledger.refs:
            found = self.resolve(ledger, ref, parsed, sheet, number)
            ok = ok and found is not False
            record[ref.attr] = None if found is False else found
        for earlier, later, strict in [(*pair, False) for pair in ledger.orders] + [
                (*pair, True) for pair in ledger.strict_orders]:
            first, second = parsed[earlier], parsed[later]
            if first is not None and second is not None and (second <= first if strict else second < first):
                if later not in out_of_order:  # the first rule a cell breaks is enough
                    self.reject(sheet, number, later, "order", earlier=earlier, later=later)
                out_of_order.add(later)
                ok = False
        ok = self.check(ledger, sheet, number, parsed, record) and ok
        if not ok:
            return None
        for column in ledger.table.columns:
            if record.get(column.name) is None and column.name in record and column.default is not None:
                record[column.name] = column.default.arg
        return record

    def resolve(self, ledger: Ledger, ref: Ref, parsed: dict, sheet: Sheet, number: int) -> int | None | bool:
        """The id the columns name; None when they are empty and may be; False after rejecting the row.
        An optional reference is empty when its own columns are (行政村 may name the row's village, not its 网格)."""
        parts = tuple(parsed[header] for header in ref.headers)
        shared = {header for other in ledger.refs if other is not ref for header in other.headers}
        own = [parsed[header] for header in ref.headers if header not in shared] or parts
        if all(part is None for part in parts) or (not ref.required and all(part is None for part in own)):
            if ref.required:
                self.reject(sheet, number, ref.headers[0], "required")
                return False
            return None
        zh, en = TARGET_NAMES[ref.target]
        if any(part is None for part in parts):
            self.reject(sheet, number, ref.headers[parts.index(None)], "partial_ref", target=zh, target_en=en,
                        headers="、".join(ref.headers))
            return False
        found = self.lookups.get(ref.target).get(parts)
        if found is None:
            shown = " / ".join(f"{part:%Y-%m-%d}" if isinstance(part, date) else str(part) for part in parts)
            self.reject(sheet, number, ref.headers[-1], "unknown_ref", target=zh, target_en=en, value=shown)
            return False
        return found

    def check(self, ledger: Ledger, sheet: Sheet, number: int, parsed: dict, record: dict) -> bool:
        """The rules that read more than one column or the database."""
        if ledger.sheet == "党员" and record["left_reason"] is not None and record["left_on"] is None:
            self.reject(sheet, number, "离开原因", "leave_reason")
            return False
        if ledger.sheet == "民情台账" and record["household_id"] is not None:
            village = self.household_villages().get(record["household_id"])
            if village != parsed["行政村"]:
                self.reject(sheet, number, "户主身份证号", "other_village", value=parsed["户主身份证号"],
                            village=parsed["行政村"])
                return False
        if ledger.sheet == "回访记录":
            closed = self.first_closings().get(record["issue_id"])
            if closed is None:
                self.reject(sheet, number, "编号", "callback_open")
                return False
            if record["called_on"] < closed.date():
                self.reject(sheet, number, "回访日期", "callback_early", closed=f"{closed:%Y-%m-%d}")
                return False
        return True

    def household_villages(self) -> dict[int, str]:
        if "household_village" not in self.lookups.maps:
            rows = self.conn.execute(select(Household.id, Village.name).join(Grid, Household.grid_id == Grid.id)
                                     .join(ServicePoint, Grid.service_point_id == ServicePoint.id)
                                     .join(Village, ServicePoint.village_id == Village.id))
            self.lookups.maps["household_village"] = dict(rows.all())
        return self.lookups.maps["household_village"]

    def first_closings(self) -> dict[int, datetime]:
        """Each issue's first closing: its earliest closed event, else the row's closing."""
        if "closing" not in self.lookups.maps:
            closings = dict(self.conn.execute(select(Issue.id, Issue.closed_at).where(Issue.closed_at.is_not(None)))
                            .all())
            events = select(IssueEvent.issue_id, func.min(IssueEvent.at)).where(IssueEvent.kind == "closed")
            closings.update(self.conn.execute(events.group_by(IssueEvent.issue_id)).all())
            self.lookups.maps["closing"] = closings
        return self.lookups.maps["closing"]

    @staticmethod
    def differs(old: dict, new: dict) -> bool:
        return any(old.get(attr) != value for attr, value in new.items())

    def write(self, ledger: Ledger, added: list[dict], updates: list[tuple[dict, dict]]) -> None:
        table = ledger.table
        write(self.conn, table, added)  # COPY on PostgreSQL: one statement, one data-version bump
        if updates:
            where = ["id"] if "id" in table.c else list(ledger.key)
            changing = [attr for attr in updates[0][1] if attr not in where]
            statement = update(table).where(and_(*(table.c[attr] == bindparam(f"w_{attr}") for attr in where))) \
                .values({attr: bindparam(f"v_{attr}") for attr in changing})
            rows = [{**{f"w_{attr}": old[attr] for attr in where}, **{f"v_{attr}": new[attr] for attr in changing}}
                    for old, new in updates]
            for start in range(0, len(rows), CHUNK):
                self.conn.execute(statement, rows[start:start + CHUNK])
        if target := TARGET_OF.get(table.name):
            self.lookups.forget(target)
        if table.name == "issues":
            self.issue_history(added, updates)
            moved = [(old["grid_id"], new["grid_id"]) for old, new in updates
                     if "grid_id" in new and new["grid_id"] != old["grid_id"]]
            self.moved_grids.update(grid for pair in moved for grid in pair)
        if table.name == "households":
            self.residences(added, updates)
        if table.name in ("issues", "issue_events"):
            self.lookups.maps.pop("closing", None)
        if table.name in ("households", "grids"):
            self.lookups.maps.pop("household_village", None)

    def issue_history(self, added: list[dict], updates: list[tuple[dict, dict]]) -> None:
        """Events for new issues whose history the import does not carry, and for every change of status."""
        ids = self.lookups.get("issue")
        events: list[dict] = []
        for row in added:
            if row["ledger_no"] not in self.issues_with_history:
                events.extend(history.new_issue_events(ids[(row["ledger_no"],)], row))
            if len(events) >= CHUNK:  # written as they come: 100,000 issues make 600,000 events
                self.events(events)
        for old, new in updates:
            events.extend(history.changed_issue_events(old["id"], old, new, self.now))
        self.events(events)

    def events(self, events: list[dict]) -> None:
        """Write the events (a dry run only counts them: no row of the import can depend on them) and empty the
        list."""
        if events:
            if not self.report.dry_run:
                write(self.conn, IssueEvent.__table__, events)
            self.report.events += len(events)
            events.clear()

    def residences(self, added: list[dict], updates: list[tuple[dict, dict]]) -> None:
        """A new household lives on its grid since before the records; one on another grid moved today (unless
        the import's 居住记录 says where it lived)."""
        given = self.named_in("居住记录", "户主身份证号")
        ids = self.lookups.get("household")
        rows = [{"household_id": ids[(row["head_id_number"],)], "grid_id": row["grid_id"], "started_on": None,
                 "ended_on": None} for row in added if row["head_id_number"] not in given]
        today = self.now.date()
        moved = [(old, new) for old, new in updates if old["grid_id"] != new["grid_id"]
                 and new["head_id_number"] not in given]
        for old, new in moved:
            self.conn.execute(update(HouseholdResidence).where(HouseholdResidence.household_id == old["id"],
                                                               HouseholdResidence.ended_on.is_(None))
                              .values(ended_on=today))
            rows.append({"household_id": old["id"], "grid_id": new["grid_id"], "started_on": today, "ended_on": None})
        if rows:
            self.conn.execute(insert(HouseholdResidence), rows)
