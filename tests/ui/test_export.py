"""The export writer: a text that a spreadsheet would run as a formula reaches it as text (OWASP "CSV Injection"),
in the CSV and Excel downloads of every table and in the brief's workbook; numbers stay numbers. LibreOffice Calc
opens each file and saves what it computed as CSV: the formula-like cells come out as their text."""
import csv
import os
import shutil
import subprocess
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ui.brief import Brief, Figure, Section, workbook_bytes
from ui.export import FORMULA_STARTS, csv_bytes, csv_text, excel_bytes

HYPERLINK = '=HYPERLINK("http://evil","x")'
ROWS = pd.DataFrame({
    "问题": [HYPERLINK, "=1+1", "@SUM(A1)", "+1+2", "-3+4", "路灯不亮"],
    "责任人": ["=**梅", "彭*华", None, "-", "@", "+86 138****0000"],
    "件数": [1, -2, 3, 4, 5, 6],
    "比率": [0.5, float("nan"), -1.25, 0.0, 2.0, 1.0],
})
TEXTS = [*ROWS["问题"], *ROWS["责任人"].dropna()]
BRIEF = Brief(title=HYPERLINK, subtitle="-范围：全乡", figures=[Figure("=1+1", "33", "@SUM(A1)", "+规则")],
              sections=[Section("民情", ROWS, "=规则")])


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_text_starting_like_a_formula_gets_an_apostrophe(start: str) -> None:
    assert csv_text(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["1+1", "高坡片区", "", " =1+1", "彭*华", "a=b", "'=1+1"])
def test_other_text_is_left_alone(value: str) -> None:
    assert csv_text(value) == value


@pytest.mark.parametrize("value", [-5, -1.5, 0, None, float("nan"), date(2026, 11, 1), True])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    assert csv_text(value) is value


def test_the_csv_quotes_and_defuses_text_and_keeps_numbers() -> None:
    data = csv_bytes(ROWS)
    assert data.startswith("\ufeff".encode())  # the BOM: Excel then reads the UTF-8 Chinese
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == '"问题","责任人","件数","比率"'
    assert lines[1] == '"\'=HYPERLINK(""http://evil"",""x"")","\'=**梅",1,0.5'
    assert lines[2] == '"\'=1+1","彭*华",-2,""'
    assert lines[3] == '"\'@SUM(A1)","",3,-1.25'
    assert lines[6] == '"路灯不亮","\'+86 138****0000",6,1.0'
    rows = list(csv.reader(StringIO(data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [csv_text(text) for text in ROWS["问题"]]


def test_a_header_starting_like_a_formula_is_defused_too() -> None:
    data = csv_bytes(pd.DataFrame({"=标题": ["a"], "-": [1]}))
    assert data.decode("utf-8-sig").splitlines()[0] == '"\'=标题","\'-"'


def test_the_workbook_has_text_cells_and_numbers() -> None:
    frame = ROWS.assign(日期=[date(2026, 11, n) for n in range(1, 7)],
                        备注=["#N/A", "a\x00b", "\t=1", "-1", "\n=1", "=A1"])
    sheet = load_workbook(BytesIO(excel_bytes(frame))).active
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet["A"][1:]] == ROWS["问题"].tolist()
    assert [c.value for c in sheet["B"][1:]] == ["=**梅", "彭*华", None, "-", "@", "+86 138****0000"]
    assert [c.value for c in sheet["C"][1:]] == [1, -2, 3, 4, 5, 6]
    assert [c.value for c in sheet["D"][1:]] == [0.5, None, -1.25, 0, 2, 1]
    assert sheet["E2"].value.date() == date(2026, 11, 1)
    assert [c.value for c in sheet["F"][1:]] == ["#N/A", "a\ufffdb", "\t=1", "-1", "\n=1", "=A1"]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.data_type for c in texts} == {"s"}


def test_the_brief_workbook_has_text_cells() -> None:
    book = load_workbook(BytesIO(workbook_bytes(BRIEF)))
    summary, rows = book["指标"], book["民情"]
    assert (summary["A1"].value, summary["A2"].value) == (HYPERLINK, "-范围：全乡")
    assert [c.value for c in summary[4]] == ["=1+1", "33", "@SUM(A1)", "+规则"]
    assert [c.value for c in summary[6]] == ["民情", None, None, "=规则"]
    assert [c.value for c in rows["A"][1:]] == ROWS["问题"].tolist()
    texts = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.data_type for c in texts} == {"s"}


needs_calc = pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                                reason="LibreOffice (libreoffice-calc-nogui) is not installed; .ci/run and test.sh "
                                       "install it")


@pytest.fixture
def calc(tmp_path: Path):
    """Open a file in LibreOffice Calc (headless, with a throwaway profile) and save each sheet as CSV: sheet name →
    rows of cells as Calc computed them."""
    def open_in_calc(name: str, data: bytes) -> dict[str, list[list[str]]]:
        path, out = tmp_path / name, tmp_path / "calc"
        path.write_bytes(data)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
             "--infilter=CSV:44,34,76,1", "--convert-to",
             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",  # -1: every sheet
             "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
        return {sheet.stem.removeprefix(f"{path.stem}-"): list(csv.reader(sheet.open(encoding="utf-8-sig")))
                for sheet in out.glob(f"{path.stem}-*.csv")}

    return open_in_calc


@needs_calc
def test_calc_reads_the_csv_formulas_as_text(calc) -> None:
    [rows] = calc("rows.csv", csv_bytes(ROWS)).values()
    assert rows[0] == list(ROWS.columns)
    assert [row[0] for row in rows[1:]] == [csv_text(text) for text in ROWS["问题"]]  # not "x", "2", …
    assert rows[1][:2] == ["'" + HYPERLINK, "'=**梅"]
    assert [row[2] for row in rows[1:]] == ["1", "-2", "3", "4", "5", "6"]
    assert [row[3] for row in rows[1:]] == ["0.5", "", "-1.25", "0", "2", "1"]


@needs_calc
def test_calc_reads_the_excel_formulas_as_text(calc) -> None:
    [rows] = calc("rows.xlsx", excel_bytes(ROWS)).values()
    assert [row[0] for row in rows[1:]] == ROWS["问题"].tolist()
    assert [row[1] for row in rows[1:]] == ROWS["责任人"].fillna("").tolist()
    assert [row[2] for row in rows[1:]] == ["1", "-2", "3", "4", "5", "6"]


@needs_calc
def test_calc_reads_the_brief_workbook_formulas_as_text(calc) -> None:
    sheets = calc("brief.xlsx", workbook_bytes(BRIEF))
    assert sheets["指标"][0][0] == HYPERLINK
    assert sheets["指标"][3][:3] == ["=1+1", "33", "@SUM(A1)"]
    assert [row[0] for row in sheets["民情"][1:]] == ROWS["问题"].tolist()
    assert [row[1] for row in sheets["民情"][1:]] == ROWS["责任人"].fillna("").tolist()
