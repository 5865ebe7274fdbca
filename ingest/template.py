"""The ledger workbooks generated from the ledger specs: empty templates (headers, a notes row, drop-down lists
of allowed values and places, an example row, frozen header) and the database exported into the same workbooks."""
import itertools
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection, Engine, select

from ingest.ledgers import BOOKS, LEDGERS, LOOKUPS, Column, Ledger, issue_number
from ingest.read import EXAMPLE, NOTE
from schema import Grid, ServicePoint, Village
from ui.export import excel_row

LISTS = "选项"  # the hidden sheet holding the long drop-down lists
VALIDATED_ROWS = 5000  # rows below the header that get the drop-downs
KINDS = {"text": "文字", "int": "整数", "decimal": "数字", "float": "数字", "date": "日期，如 2024-3-5",
         "datetime": "日期时间，如 2024-3-5 08:30", "month": "月份，如 2024-03", "bool": "是/否", "choice": "从下拉列表选",
         "phone": "手机或座机", "id_number": "18 位身份证号"}
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "month": "yyyy-mm"}
REQUIRED = PatternFill("solid", fgColor="FDE9D9")
OPTIONAL = PatternFill("solid", fgColor="EEF3F8")


def note(column: Column) -> str:
    parts = ["必填" if column.required else "选填", KINDS[column.kind]]
    if column.choices:
        parts.append("可选：" + "、".join(column.choices))
    if column.low is not None and column.kind != "choice":
        parts.append(f"{column.low}–{column.high}")
    if column.note:
        parts.append(column.note)
    return "；".join(parts)


def places(conn: Connection | None) -> dict[str, list[str]]:
    """The place names the drop-downs offer (none without a database)."""
    if conn is None:
        return {}
    return {
        "village": list(conn.execute(select(Village.name).order_by(Village.id)).scalars()),
        "service_point": list(dict.fromkeys(conn.execute(select(ServicePoint.name).order_by(ServicePoint.id)).scalars())),
        "grid": list(dict.fromkeys(conn.execute(select(Grid.name).order_by(Grid.id)).scalars())),
    }


class Lists:
    """The drop-down lists too long to write inline, kept for a hidden sheet written last (one column each)."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str]] = {}

    def formula(self, name: str, items: list[str]) -> str:
        joined = ",".join(items)
        if len(joined) <= 250 and '"' not in joined and name not in self.columns:
            return f'"{joined}"'
        self.columns.setdefault(name, items)
        letter = get_column_letter(list(self.columns).index(name) + 1)
        return f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${max(len(items), 1)}"

    def write(self, book: Workbook) -> None:
        if self.columns:
            sheet = book.create_sheet(LISTS)
            sheet.sheet_state = "hidden"
            for row in itertools.zip_longest(*self.columns.values()):
                sheet.append(cells(sheet, row))


def cells(sheet: Worksheet, values: Iterable[object]) -> list:
    """ui.export's safe cells, placed at a provisional A1 (a write-only sheet moves each to its place as it is
    appended, but first prints it, which needs a position)."""
    row = excel_row(sheet, values)
    for cell in row:
        cell.row, cell.column = 1, 1
    return row


def header(sheet: Worksheet, ledger: Ledger, lists: Lists, names: dict[str, list[str]]) -> None:
    """Widths, frozen panes, the drop-downs of each column, then the header and notes rows."""
    sheet.freeze_panes = "A3"
    sheet.row_dimensions[2].height = 48  # the notes wrap
    for index, column in enumerate(ledger.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, 2.2 * len(column.header) + 4))
        if column.choices or column.kind == "bool":
            items = list(column.choices) if column.choices else ["是", "否"]
            validation = DataValidation(type="list", formula1=lists.formula(column.header, items), allow_blank=True,
                                        showErrorMessage=True, errorTitle="不在可选值中",
                                        error="请从下拉列表中选择：" + "、".join(items)[:200])
        elif column.places and names.get(column.places):
            validation = DataValidation(type="list", formula1=lists.formula(column.places, names[column.places]),
                                        allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                        errorTitle="不在已有地名中", error="数据库中还没有这个地名；同一批导入中新建的可以继续。")
        else:
            continue
        validation.add(f"{letter}3:{letter}{VALIDATED_ROWS + 2}")
        sheet.data_validations.append(validation)
    top = cells(sheet, [column.header for column in ledger.columns])
    notes = cells(sheet, [(NOTE if index == 0 else "") + note(column)
                              for index, column in enumerate(ledger.columns)])
    for column, cell, note_cell in zip(ledger.columns, top, notes):
        cell.font = Font(bold=True, color="9C0006" if column.required else "1F3864")
        cell.fill = REQUIRED if column.required else OPTIONAL
        note_cell.font = Font(size=9, color="595959")
        note_cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append(top)
    sheet.append(notes)


def append(sheet: Worksheet, ledger: Ledger, values: Iterable[object], font: Font | None = None) -> None:
    """A data row, dates shown as dates."""
    row = cells(sheet, values)
    for column, cell in zip(ledger.columns, row):
        if column.kind in FORMATS:
            cell.number_format = FORMATS[column.kind]
        if font is not None:
            cell.font = font
    sheet.append(row)


def workbook(book: str, rows: dict[str, Iterable[list]] | None, conn: Connection | None) -> bytes:
    """The workbook `book` with its ledgers' sheets: the example row when `rows` is None, else those rows.
    Written in openpyxl's write-only mode: a filled ledger of many thousand rows streams to the file."""
    workbook_ = Workbook(write_only=True)
    lists, names = Lists(), places(conn)
    for ledger in LEDGERS:
        if ledger.book != book:
            continue
        sheet = workbook_.create_sheet(ledger.sheet)
        header(sheet, ledger, lists, names)
        if rows is None:
            example = list(ledger.example)
            example[0] = f"{EXAMPLE}{example[0] if example[0] is not None else ''}"
            append(sheet, ledger, example, Font(italic=True, color="7F7F7F"))
        else:
            for values in rows[ledger.sheet]:
                append(sheet, ledger, values)
    lists.write(workbook_)
    buffer = BytesIO()
    workbook_.save(buffer)
    return buffer.getvalue()


def templates(engine: Engine | None = None) -> dict[str, bytes]:
    """File name → the empty template of each ledger workbook (with the database's places in the drop-downs)."""
    if engine is None:
        return {f"{book}.xlsx": workbook(book, None, None) for book in BOOKS}
    with engine.connect() as conn:
        return {f"{book}.xlsx": workbook(book, None, conn) for book in BOOKS}


def ledger_rows(conn: Connection, ledger: Ledger, names: dict[str, dict[int, tuple]]) -> Iterable[list]:
    """The table's rows as the ledger writes them: labels for stored values, names for ids."""
    table = ledger.table
    order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
    labels = {column.header: {stored: label for label, stored in column.choices.items()}
              for column in ledger.columns if column.choices}
    for row in conn.execute(select(table).order_by(*order)).mappings():
        cells: dict[str, object] = {}
        for ref in ledger.refs:
            if row[ref.attr] is not None:
                for header_, part in zip(ref.headers, names[ref.target][row[ref.attr]]):
                    cells.setdefault(header_, part)
        for column in ledger.columns:
            if column.attr is None:
                continue
            value = row[column.attr]
            if column.attr == "ledger_no":
                value = issue_number(row["id"], value)
            if column.header in labels and value is not None:
                value = labels[column.header][value]
            elif column.kind == "bool" and value is not None:
                value = "是" if value else "否"
            cells[column.header] = value
        yield [cells.get(column.header) for column in ledger.columns]


def export(engine: Engine) -> dict[str, bytes]:
    """File name → each ledger workbook filled with the database's rows (re-importable as it is)."""
    with engine.connect() as conn:
        names = {}
        for target, query in LOOKUPS.items():
            found = conn.execute(query()).all()
            names[target] = ({row[0]: (issue_number(row[0], row[1]),) for row in found} if target == "issue"
                             else {row[0]: tuple(row[1:]) for row in found})
        files = {}
        for book in BOOKS:
            rows = {ledger.sheet: ledger_rows(conn, ledger, names) for ledger in LEDGERS if ledger.book == book}
            files[f"{book}.xlsx"] = workbook(book, rows, conn)
    return files


def save(files: dict[str, bytes], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        (path := folder / name).write_bytes(data)
        paths.append(path)
    return paths
