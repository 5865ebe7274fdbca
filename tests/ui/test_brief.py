"""The meeting brief's builders: the workbook opens with openpyxl and holds the figures and rows handed in; the
PDF is A4, embeds its CJK font and its text (pdftotext) holds the figures in Chinese, a very long cell cut short
and emoji (drawn, or a visible box without the emoji font)."""
import os
import shutil
import subprocess
from datetime import date
from io import BytesIO

import altair as alt
import pandas as pd
import pytest
from openpyxl import load_workbook

from ui import brief as brief_module
from ui.brief import EMOJI_FONT, Brief, Figure, Section, pdf_bytes, sheet_name, text_width, workbook_bytes

OVERDUE = pd.DataFrame({"片区": ["高坡片区", "下坳片区"], "责任人": ["彭*华", None], "超期": [3, 12],
                        "办理期限": [date(2026, 11, 1), date(2026, 10, 9)]})
BRIEF = Brief(
    title="罗水乡 · 调度会简报",
    subtitle="范围：全乡 · 上次会议 2026-11-12 · 数据截至 2026-11-19",
    figures=[Figure("新增民情", "33", "", "自上次会议当天起上报的民情件数。"),
             Figure("按期结案率", "75.8 %", "737 / 972", "按期结案数 ÷ 应结案数。")],
    sections=[Section("超期与升级", OVERDUE, "期末仍未结案且已过办理期限，或已升级办理的问题。"),
              Section("上次会议事项", pd.DataFrame({"问题": [], "进展": []}))],
    charts=[alt.Chart(pd.DataFrame({"片区": ["高坡片区", "下坳片区"], "件数": [3, 12]}), title="超期件数")
            .mark_bar().encode(x="件数:Q", y="片区:N").properties(width=400)],
)
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                                     reason="pdftotext (poppler-utils) is not installed; .ci/run and test.sh "
                                            "install it")


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("超期/升级: [本周]", taken) == "超期升级 本周"
    assert sheet_name("超期/升级: [本周]", taken) == "超期升级 本周2"
    assert len(sheet_name("长" * 40, taken)) <= 31
    assert text_width("高坡 1") == 6


def test_the_workbook_holds_the_figures_and_every_section() -> None:
    book = load_workbook(BytesIO(workbook_bytes(BRIEF)))
    assert book.sheetnames == ["指标", "超期与升级", "上次会议事项"]
    summary = book["指标"]
    assert summary["A1"].value == BRIEF.title
    assert [[c.value for c in row] for row in summary.iter_rows(min_row=3, max_row=5, max_col=3)] == [
        ["指标", "数值", "计数"], ["新增民情", "33", None], ["按期结案率", "75.8 %", "737 / 972"]]
    sheet = book["超期与升级"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width >= text_width("高坡片区")
    rows = pd.read_excel(BytesIO(workbook_bytes(BRIEF)), sheet_name="超期与升级", nrows=2)
    assert rows["超期"].tolist() == [3, 12]
    assert rows["责任人"].isna().tolist() == [False, True]
    assert sheet.max_row == 3  # the headers and the two rows, nothing under them
    assert [c.value for c in summary[7]] == ["超期与升级", None, None, BRIEF.sections[0].rule]
    assert [c.value for c in book["上次会议事项"][1]] == ["问题", "进展"]


@needs_pdftotext
def test_the_pdf_is_a4_with_the_figures_in_chinese(tmp_path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf_bytes(BRIEF))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts or "WenQuanYi" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # the "emb" column: embedded
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    for expected in ["罗水乡 · 调度会简报", "新增民情", "33", "按期结案率", "75.8 %", "737 / 972", "高坡片区", "彭*华"]:
        assert expected in text


LONG_TITLE = "东坡组路灯" + "".join(f"第{n}段说明文字，" for n in range(300))  # about 2,000 characters
ODD_ROWS = pd.DataFrame({"问题": [LONG_TITLE, "会议😀结束"], "件数": [1, 2], "备注": ["x" * 2000, "✅ 已办"]})
ODD_BRIEF = Brief(title="罗水乡 · 调度会简报 🚀", subtitle="范围：全乡", figures=[Figure("新增民情", "33")],
                  sections=[Section("超期与升级", ODD_ROWS, "规则 👍")])


def pdf_text(brief: Brief, tmp_path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf_bytes(brief))
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


@needs_pdftotext
def test_a_long_cell_wraps_and_is_cut_with_an_ellipsis(tmp_path) -> None:
    text = pdf_text(ODD_BRIEF, tmp_path)
    flat = "".join(text.split())
    assert "东坡组路灯第0段说明文字，第1段说明文字" in flat
    assert "第299段" not in flat and "…" in flat
    assert text.count("第") < 300 * 0.2  # a few lines of the 2,000 characters, not all of them
    assert "x" * 40 in flat and "x" * 2000 not in flat
    assert "会议" in flat and "已办" in flat and "规则" in flat  # the rows and the rule after the long one


@needs_pdftotext
@pytest.mark.skipif(not EMOJI_FONT.exists() and not os.environ.get("CI"),
                    reason="fonts-noto-color-emoji is not installed; scripts/setup.sh installs it")
def test_emoji_are_drawn_with_the_emoji_font(tmp_path) -> None:
    text = pdf_text(ODD_BRIEF, tmp_path)  # an emoji's own font puts it elsewhere in the order of pdftotext
    assert all(emoji in text for emoji in "🚀😀✅👍") and "□" not in text
    fonts = subprocess.run(["pdffonts", tmp_path / "brief.pdf"], capture_output=True, text=True, check=True).stdout
    assert "Type 3" in fonts  # the colour emoji


@needs_pdftotext
def test_without_the_emoji_font_an_emoji_is_a_visible_box(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(brief_module, "EMOJI_FONT", tmp_path / "no-such-font.ttf")
    text = "".join(pdf_text(ODD_BRIEF, tmp_path).split())
    for expected in ("调度会简报□", "会议□结束", "规则□"):
        assert expected in text
