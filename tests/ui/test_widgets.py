"""The static table's HTML: data stays text, numbers and times read as on the rest of the page."""
from html.parser import HTMLParser

import pandas as pd
import streamlit as st

from ui.widgets import cell_texts, html_table

HOSTILE = '**粗体** [通知](http://evil.example/) <img src=x onerror=alert(1)> :red[红] $x^2$ & "引号"'


class Cells(HTMLParser):
    """The text of every th and td, and every tag met (to see that no markup came from the data)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: set[str] = set()
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag in ("th", "td"):
            self.cells.append("")
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.cells[-1] += data


def parsed(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def test_names_and_headers_are_text_never_markup() -> None:
    frame = pd.DataFrame({HOSTILE: [HOSTILE], "户数": [432]})
    cells = parsed(html_table(frame))
    assert cells.cells == [HOSTILE, "户数", HOSTILE, "432"]
    assert cells.tags == {"style", "div", "table", "thead", "tbody", "tr", "th", "td"}  # no img, a, script


def test_numbers_keep_at_most_two_decimals_and_a_missing_one_is_a_dash() -> None:
    assert cell_texts(pd.Series([1234567, 2])) == ["1,234,567", "2"]
    assert cell_texts(pd.Series([97.1, 3.456, 2.0, float("nan")])) == ["97.1", "3.46", "2", "—"]
    assert cell_texts(pd.Series([1, None], dtype="Int64")) == ["1", "—"]  # an unranked row


def test_a_columns_printf_format_is_the_tables_too() -> None:
    frame = pd.DataFrame({"较上月": [2.5, -1.0, 0.0]})
    html = html_table(frame, {"较上月": st.column_config.NumberColumn(format="%+.1f")})
    assert parsed(html).cells == ["较上月", "+2.5", "-1.0", "+0.0"]


def test_times_read_to_the_minute_or_the_day_yes_no_as_marks_and_missing_cells_are_blank() -> None:
    assert cell_texts(pd.Series(pd.to_datetime(["2026-11-13 08:05:09", None]))) == ["2026-11-13 08:05", ""]
    assert cell_texts(pd.Series(pd.to_datetime(["2026-11-13", "2026-11-20"]))) == ["2026-11-13", "2026-11-20"]
    assert cell_texts(pd.Series(["青岩村", None, float("nan")], dtype=object)) == ["青岩村", "", ""]
    assert cell_texts(pd.Series([True, False])) == ["✓", "✗"]


def test_numbers_are_right_aligned_and_text_may_wrap() -> None:
    html = html_table(pd.DataFrame({"名称": ["青岩村"], "户数": [432]}))
    assert '<th>名称</th><th class="number">户数</th>' in html
    assert '<td><div>青岩村</div></td><td class="number">432</td>' in html
