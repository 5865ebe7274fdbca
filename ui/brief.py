"""The meeting brief as files: an Excel workbook (a summary sheet, then one sheet per section) and a printable A4
PDF with a CJK font embedded. No queries here: a page hands in the frames and charts it shows."""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from unicodedata import category, east_asian_width

import altair as alt
import pandas as pd
import vl_convert
from fpdf import FPDF, FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ui.export import excel_row, write_frame

# (file, face index in the collection): Debian's fonts-noto-cjk (OpenType/CFF), then fonts-wqy-microhei (TrueType)
CJK_FONTS = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),  # face 2: Noto Sans CJK SC
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
)
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")  # fonts-noto-color-emoji, optional
MISSING_GLYPH = "□"  # in place of a character no embedded font has, which fpdf2 would leave out
CELL_LINES = 6  # a table cell holds at most this many lines; a longer text is cut with "…"
CELL_LINE_HEIGHT, CELL_PADDING = 4.5, 0.8  # mm
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_COLUMN_WIDTH = 60  # characters
CHART_WIDTH = 560  # px of the plot; with axes and legend the PNG is a little wider
PNG_WIDTH_MM = 170  # on A4 less its margins (186 mm)


@dataclass(frozen=True)
class Figure:
    """A headline figure: label, value as shown, the count behind it (e.g. "911 / 972") and its rule."""

    label: str
    value: str
    count: str = ""
    rule: str = ""


@dataclass(frozen=True)
class Section:
    """A table of the brief: its title (also the sheet's name), the rows as shown on the page, and its rule."""

    title: str
    frame: pd.DataFrame
    rule: str = ""


@dataclass(frozen=True)
class Brief:
    title: str
    subtitle: str  # place, period, meeting dates
    figures: list[Figure]
    sections: list[Section]
    charts: list[alt.TopLevelMixin] = field(default_factory=list)  # each with its title in the spec
    labels: tuple[str, str, str, str] = ("指标", "数值", "计数", "口径")  # the summary sheet's headers


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\) from a section title."""
    base = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "Sheet"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def text_width(value: object) -> int:
    """Display width in characters: a CJK (wide) character counts two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in str(value))


def _format_sheet(sheet: Worksheet, frame: pd.DataFrame, header_row: int = 1) -> None:
    """Bold white-on-navy headers, panes frozen under them, columns as wide as their longest value."""
    for cell in sheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for n, column in enumerate(frame.columns, 1):
        longest = max([text_width(column), *(text_width(v) for v in frame[column] if pd.notna(v))], default=8)
        sheet.column_dimensions[get_column_letter(n)].width = min(longest + 2, MAX_COLUMN_WIDTH)


def workbook_bytes(brief: Brief) -> bytes:
    """The summary sheet (title, subtitle, the figures with their counts and rules, then each section's title and
    rule), then a sheet per section holding just its rows under its headers."""
    book = Workbook()
    summary = book.active
    taken: set[str] = set()
    summary.title = sheet_name(brief.labels[0], taken)
    summary.append(excel_row(summary, [brief.title]))
    summary.append(excel_row(summary, [brief.subtitle]))
    summary["A1"].font = Font(bold=True, size=14)
    figures = pd.DataFrame([(f.label, f.value, f.count, f.rule) for f in brief.figures], columns=list(brief.labels))
    write_frame(summary, figures)
    _format_sheet(summary, figures.drop(columns=brief.labels[3]), header_row=3)
    summary.column_dimensions["D"].width = MAX_COLUMN_WIDTH
    summary.append([])
    for section in brief.sections:
        summary.append(excel_row(summary, [section.title, None, None, section.rule or None]))
    for section in brief.sections:
        sheet = book.create_sheet(sheet_name(section.title, taken))
        write_frame(sheet, section.frame)
        _format_sheet(sheet, section.frame)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def cjk_font() -> tuple[Path, int]:
    """The first CJK font installed (CJK_FONTS); the setup command installs fonts-noto-cjk when none is."""
    for path, index in CJK_FONTS:
        if path.exists():
            return path, index
    raise FileNotFoundError("No CJK font for the PDF brief: apt-get install fonts-noto-cjk (or fonts-wqy-microhei)")


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """The Altair chart CHART_WIDTH pixels wide as a PNG at twice that size, rendered offline by vl-convert."""
    return vl_convert.vegalite_to_png(chart.properties(width=CHART_WIDTH).to_dict(), scale=2)


class _BriefPdf(FPDF):
    covered: frozenset[int] = frozenset()  # the code points of the fonts added

    def normalize_text(self, text: str) -> str:
        """Each character that no added font has becomes MISSING_GLYPH; invisible ones (variation selectors,
        joiners) are dropped, and line breaks kept."""
        return "".join(ch if ord(ch) in self.covered or category(ch) == "Cc" else
                       "" if category(ch) in ("Mn", "Cf") else MISSING_GLYPH for ch in text)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(90)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")


def pdf_bytes(brief: Brief) -> bytes:
    """A4 portrait: title and subtitle, the figures in boxes four to a row, the charts, then each section's table
    (repeating its headers on a new page) with its rule below."""
    path, index = cjk_font()
    pdf = _BriefPdf(format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font("cjk", "", str(path), collection_font_number=index)
    if EMOJI_FONT.exists():
        pdf.add_font("emoji", "", str(EMOJI_FONT))
        pdf.set_fallback_fonts(["emoji"])
    pdf.covered = frozenset(code for font in ("cjk", "emoji") if font in pdf.fonts for code in pdf.fonts[font].cmap)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("cjk", size=18)
    pdf.multi_cell(width, 9, brief.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.set_text_color(60)
    pdf.multi_cell(width, 6, brief.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _figure_boxes(pdf, brief.figures)
    for chart in brief.charts:
        pdf.image(BytesIO(chart_png(chart)), w=PNG_WIDTH_MM)  # its size at 96 dpi
        pdf.ln(2)
    for section in brief.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _figure_boxes(pdf: FPDF, figures: list[Figure], per_row: int = 4) -> None:
    gap = 3
    box = (pdf.epw - gap * (per_row - 1)) / per_row
    for start in range(0, len(figures), per_row):
        top, left = pdf.get_y(), pdf.l_margin
        for n, figure in enumerate(figures[start:start + per_row]):
            x = left + n * (box + gap)
            pdf.set_draw_color(120)
            pdf.rect(x, top, box, 22)
            pdf.set_xy(x + 2, top + 1.5)
            pdf.set_text_color(60)
            pdf.set_font("cjk", size=9)
            pdf.cell(box - 4, 5, figure.label)
            pdf.set_xy(x + 2, top + 7)
            pdf.set_text_color(0)
            pdf.set_font("cjk", size=15)
            pdf.cell(box - 4, 8, figure.value)
            pdf.set_xy(x + 2, top + 15.5)
            pdf.set_text_color(60)
            pdf.set_font("cjk", size=8)
            pdf.cell(box - 4, 5, figure.count)
        pdf.set_xy(left, top + 22 + gap)
    pdf.set_text_color(0)
    pdf.ln(2)


def _section(pdf: FPDF, section: Section) -> None:
    if pdf.get_y() > pdf.eph - 30:  # a title with no room for its first rows goes to the next page with them
        pdf.add_page()
    pdf.set_font("cjk", size=13)
    pdf.set_text_color(0)
    pdf.multi_cell(pdf.epw, 8, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=8)
    if section.frame.empty:
        pdf.multi_cell(pdf.epw, 5, "—", new_x="LMARGIN", new_y="NEXT")
    else:
        widths = [min(max(text_width(c), *(text_width(v) for v in section.frame[c].head(50))), 30) + 2
                  for c in section.frame]
        columns_mm = [pdf.epw * width / sum(widths) for width in widths]
        headings = FontFace(color=255, fill_color=(31, 56, 100))
        with pdf.table(col_widths=widths, headings_style=headings, line_height=CELL_LINE_HEIGHT, padding=CELL_PADDING,
                       first_row_as_headings=True) as table:
            table.row([str(c) for c in section.frame.columns])
            for row in section.frame.itertuples(index=False):
                table.row([_fitted(pdf, _text(v), mm) for v, mm in zip(row, columns_mm)])
    if section.rule:
        pdf.set_text_color(70)
        pdf.multi_cell(pdf.epw, 4.5, section.rule, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _fitted(pdf: FPDF, text: str, width: float) -> str:
    """The text as it fits in CELL_LINES lines of a table cell `width` mm wide in the current font: whole, or cut
    with "…" (a row taller than a page would stop the PDF)."""
    def fits(candidate: str) -> bool:
        lines = pdf.multi_cell(width - pdf.line_width, CELL_LINE_HEIGHT, candidate, padding=CELL_PADDING,
                               dry_run=True, output="LINES")
        return len(lines) <= CELL_LINES

    if fits(text):
        return text
    kept, too_many = 0, len(text)  # text[:kept] + "…" fits, text[:too_many] + "…" does not
    while too_many - kept > 1:
        middle = (kept + too_many) // 2
        kept, too_many = (middle, too_many) if fits(text[:middle].rstrip() + "…") else (kept, middle)
    return text[:kept].rstrip() + "…"
