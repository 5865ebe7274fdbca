"""Ledger files for the import tests, written as people send them."""
import io
import re
import zipfile
from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import Engine, select

from ingest.ledgers import BY_SHEET, LEDGERS
from schema import Base
from schema.data_version import DATA_VERSION
from ui.export import excel_row


def workbook(sheets: dict[str, list[list]], title: str | None = None) -> bytes:
    """A workbook with a sheet per ledger: an optional merged title row, the headers, then the rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        headers = [column.header for column in BY_SHEET[name].columns]
        if title:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(excel_row(sheet, headers))
        for row in rows:
            sheet.append(excel_row(sheet, row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def issue_row(number: str, grid: tuple[str, str], reported: str, *, filed: str | None = None,
              closed: str | None = None, line: str = "民生事项服务", due: str | None = None) -> list:
    """A 民情台账 row: 编号, village, grid, no household, service line, source, title, the stamps, due date …"""
    village, grid_name = grid
    return [number, village, grid_name, None, line, "电话反映", f"测试事项 {number}", reported, filed, filed, None, None,
            closed, due, due, "测试责任人", "片区", None, 0]


def examples(**changes: dict[str, object]) -> dict[str, list[list]]:
    """Every ledger's example row (together a small township), with `changes` by sheet: header → value."""
    sheets = {}
    for ledger in LEDGERS:
        row = list(ledger.example)
        for header, value in changes.get(ledger.sheet, {}).items():
            row[[column.header for column in ledger.columns].index(header)] = value
        sheets[ledger.sheet] = [row]
    return sheets


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table (the data version included), in a fixed order."""
    with engine.connect() as conn:
        tables = [*Base.metadata.sorted_tables, DATA_VERSION]
        return {table.name: sorted(map(tuple, conn.execute(select(table))), key=repr) for table in tables}


def with_empty_rows(data: bytes, last: int = 1_048_576) -> bytes:
    """The workbook with formatted but empty rows down to Excel's last row, as a sheet formatted to the bottom."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(10, last + 1))
                body = body.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
                body = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:S{last}"/>'.encode(), body)
            target.writestr(item, body)
    return out.getvalue()
