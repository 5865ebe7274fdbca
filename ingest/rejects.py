"""The workbook of rejected rows handed back after a failed import: each sheet's header, its rejected rows as they
were sent, and beside each the row number and the reasons, ready to be fixed and sent again. Written through
ui.export's cells, so no text becomes a formula."""
from collections import defaultdict
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ingest.load import Rejection, Report
from ingest.messages import Lang
from ui.export import excel_row

HEADS = {"zh": ("原行号", "错误原因", "文件", "表", "行", "列", "原因"), "en": ("Row", "Reasons", "File", "Sheet", "Row",
                                                                          "Column", "Reason")}
MARK = PatternFill("solid", fgColor="FFC7CE")


def reason(rejection: Rejection, lang: Lang) -> str:
    return f"{rejection.column}：{rejection.reason(lang)}" if rejection.column else rejection.reason(lang)


def workbook(report: Report, lang: Lang = "zh") -> bytes:
    """One sheet per sheet with rejected rows (the rows as sent), and a last sheet listing every reason."""
    book = Workbook()
    book.remove(book.active)
    by_sheet: dict[tuple[str, str], dict[int, list[Rejection]]] = defaultdict(lambda: defaultdict(list))
    for rejection in report.rejections:
        by_sheet[(rejection.file, rejection.sheet)][rejection.row].append(rejection)
    heads = HEADS[lang]
    for source in report.sheets:
        rows = by_sheet.get((source.file, source.name))
        if not rows:
            continue
        sheet = book.create_sheet(f"{source.name}"[:28] + ("" if source.name not in book.sheetnames else "_2"))
        sheet.append(excel_row(sheet, [*source.headers, heads[0], heads[1]]))
        width = len(source.headers)
        for number, cells in source.rows:
            if number in rows:
                padded = [*cells[:width], *[None] * (width - len(cells))]
                sheet.append(excel_row(sheet, [*padded, number, "；".join(reason(r, lang) for r in rows[number])]))
                for rejection in rows[number]:
                    if rejection.column in source.columns:
                        sheet.cell(sheet.max_row, source.columns[rejection.column] + 1).fill = MARK
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    listing = book.create_sheet("全部原因" if lang == "zh" else "All reasons")
    listing.append(excel_row(listing, heads[2:]))
    for rejection in report.rejections:
        listing.append(excel_row(listing, [rejection.file, rejection.sheet, rejection.row or None, rejection.column,
                                           rejection.reason(lang)]))
    for cell in listing[1]:
        cell.font = Font(bold=True)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
