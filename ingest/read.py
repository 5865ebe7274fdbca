"""Reading ledger files as people send them: .xlsx and .xls (calamine: fast, and a sheet of a million empty
rows costs nothing) and CSV in UTF-8 or GBK, with title
rows above the header, a notes row and an example row under it, header aliases, stray spaces and empty rows."""
import csv
import itertools
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from ingest.ledgers import BY_SHEET, LEDGERS, Ledger

HEADER_SCAN = 30  # rows looked at for the header
NOTE, EXAMPLE = "【说明】", "【示例】"  # the templates' second row and example row start so
XLSX_MAGIC, XLS_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass
class Sheet:
    """A sheet (or CSV file) recognised as a ledger: where its columns are and its non-empty data rows."""

    file: str
    name: str
    ledger: Ledger
    header_row: int
    headers: list[str]  # as written in the file
    columns: dict[str, int]  # ledger header → position in a row
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (row number as the spreadsheet shows it, cells)


@dataclass
class Problem:
    """Something wrong with a whole file or sheet (not one row): `key` names the message."""

    file: str
    sheet: str
    key: str
    row: int = 0
    column: str = ""


class Unreadable(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def normal(value: object) -> str:
    """A header as compared: NFKC, no spaces, no required-marks (*, 必填)."""
    cleaned = unicodedata.normalize("NFKC", str(value or ""))
    cleaned = re.sub(r"\s+", "", cleaned).replace("*", "").replace("(必填)", "")
    return cleaned


def _names(ledger: Ledger) -> dict[str, str]:
    """Every spelling of the ledger's headers (normalised) → the header."""
    names = {}
    for column in ledger.columns:
        for spelling in (*column.aliases, column.header):
            names[normal(spelling)] = column.header
    return names


NAMES = {ledger.sheet: _names(ledger) for ledger in LEDGERS}


def _match(ledger: Ledger, cells: Iterable[object]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        header = NAMES[ledger.sheet].get(normal(cell))
        if header and header not in columns:
            columns[header] = position
    return columns


def recognise(file: str, name: str, rows: Iterator[tuple[int, tuple]]) -> Sheet | None:
    """Find the header among the first rows (by the sheet's name, else the best-matching ledger) and read on."""
    named = BY_SHEET.get(normal(name)) or next(
        (BY_SHEET[sheet] for sheet in sorted(BY_SHEET, key=len, reverse=True) if sheet in normal(name)), None)
    best: tuple[int, Ledger, int, tuple, dict[str, int]] | None = None
    scanned = []
    for number, cells in rows:
        scanned.append((number, cells))
        for ledger in [named] if named else LEDGERS:
            columns = _match(ledger, cells)
            score = len(columns)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, ledger, number, cells, columns)
        if best and best[0] == len(best[1].columns) or number >= HEADER_SCAN:
            break
    if best is None:
        return None
    _, ledger, number, cells, columns = best
    sheet = Sheet(file, name, ledger, number, [str(cell or "").strip() for cell in cells], columns)
    for number, cells in itertools.chain(scanned, rows):
        if number <= sheet.header_row:
            continue
        first = next((str(cell).strip() for cell in cells if cell is not None and str(cell).strip()), None)
        if first is None or first.startswith((NOTE, EXAMPLE)):
            continue
        sheet.rows.append((number, cells))
    return sheet


def _numbered(rows: Iterable[Iterable[object]], first: int = 1) -> Iterator[tuple[int, tuple]]:
    """Rows with their spreadsheet numbers; empty cells as None; empty rows skipped, never kept."""
    for number, cells in enumerate(rows, start=first):
        values = tuple(None if isinstance(cell, str) and not cell.strip() else cell for cell in cells)
        if any(value is not None for value in values):
            yield number, values


def _excel(data: bytes) -> Iterator[tuple[str, Iterator[tuple[int, tuple]]]]:
    """The visible sheets of an .xlsx or .xls workbook, read by calamine (formulas as the value Excel shows)."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise Unreadable("unreadable") from exc
    try:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            yield meta.name, _numbered(sheet.iter_rows(), first=sheet.start[0] + 1 if sheet.start else 1)
    except (CalamineError, ValueError) as exc:
        raise Unreadable("unreadable") from exc
    finally:
        book.close()


def decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without BOM), else GBK (GB 18030, its superset), as WPS and Excel save it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("unreadable")


def _csv(name: str, data: bytes) -> Iterator[tuple[str, Iterator[tuple[int, tuple]]]]:
    text = decode(data)
    if "\x00" in text:
        raise Unreadable("unreadable")
    yield PurePath(name).stem, _numbered(csv.reader(io.StringIO(text, newline="")))


def read(name: str, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    """The ledger sheets in a file, and what could not be read."""
    if not data:
        return [], [Problem(name, "", "empty_file")]
    if data.startswith((XLSX_MAGIC, XLS_MAGIC)):
        found = _excel(data)
    else:
        found = _csv(name, data)
    sheets, problems = [], []
    try:
        for sheet_name, rows in found:
            sheet = recognise(name, sheet_name, rows)
            if sheet is None:
                if sheet_name not in ("选项", "说明"):
                    problems.append(Problem(name, sheet_name, "unknown_sheet"))
            else:
                sheets.append(sheet)
    except Unreadable as exc:
        return [], [Problem(name, "", exc.key)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, CalamineError, csv.Error):
        return [], [Problem(name, "", "unreadable")]
    if not sheets and not problems:
        problems.append(Problem(name, "", "no_rows"))
    return sheets, problems
