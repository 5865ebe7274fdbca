"""The one writer of every download (a table as CSV or Excel, and the cells of the brief's workbook), so that no
text ever reaches a spreadsheet as a formula (OWASP "CSV Injection").

A text starting with =, +, -, @, a tab, a carriage return or a line feed is, or can start, a formula in Excel and
LibreOffice. Only text is touched: numbers, dates and booleans keep their type, so -5 stays the number -5.
- CSV: such a text gets a leading apostrophe, which the spreadsheet shows (the price OWASP accepts); every text is
  in double quotes with inner quotes doubled (RFC 4180), numbers are not. A text "-5" or "+86 138…" is text and
  gets the apostrophe too: unquoted, a spreadsheet would read "+86" as the number 86.
- Excel: every text is written as a string cell, which a spreadsheet shows as written, so it needs no apostrophe
  (openpyxl on its own makes "=…" a formula and "#N/A" an error). Characters an xlsx file cannot hold (control
  characters other than tab, CR and LF) become U+FFFD instead of failing the download.
Every download's bytes are built when the viewer clicks, through `recorded`, which writes the export (file, page
and filter) to the audit trail first.
"""
import csv
from collections.abc import Callable, Iterable
from io import BytesIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ui.signin import export_recorder

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def recorded(build: Callable[[], bytes], file_name: str) -> Callable[[], bytes]:
    """For st.download_button's data: the bytes built on the click, the export recorded before they are sent."""
    note = export_recorder(file_name)  # now: the click's call runs outside the page's script

    def build_recorded() -> bytes:
        note()
        return build()

    return build_recorded


def csv_text(value: object) -> object:
    """A text a spreadsheet would read as a formula, with an apostrophe before it; anything else as it is."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with a BOM (so Excel reads the Chinese), headers included, no index."""
    safe = frame.map(csv_text)
    safe.columns = [csv_text(str(column)) for column in frame.columns]
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def excel_value(value: object) -> object:
    """What openpyxl can store: missing → empty, pandas and numpy scalars → Python ones, text without the
    characters xlsx cannot hold."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def excel_row(sheet: Worksheet, values: Iterable[object]) -> list[Cell]:
    """Cells for sheet.append: each text a string cell, never a formula or an error value."""
    cells = []
    for value in values:
        cell = Cell(sheet, value=excel_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def write_frame(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """The frame's headers, then its rows, appended to the sheet."""
    sheet.append(excel_row(sheet, [str(column) for column in frame.columns]))
    for row in frame.itertuples(index=False):
        sheet.append(excel_row(sheet, row))


def excel_bytes(frame: pd.DataFrame) -> bytes:
    """The table as a one-sheet workbook, headers in bold."""
    book = Workbook()
    write_frame(book.active, frame)
    for cell in book.active[1]:
        cell.font = Font(bold=True)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
