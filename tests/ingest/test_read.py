"""Reading what people type: date spellings and Excel serials, full-width digits, ID check digits, phones; CSV in
UTF-8 and GBK, header aliases and stray spaces, merged title rows, the templates' notes and example rows, .xls,
and a sheet of 1,048,576 empty rows."""
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from ingest import values
from ingest.ledgers import BY_SHEET, LEDGERS
from ingest.read import read
from ingest.template import templates
from tests.ingest.files import examples, with_empty_rows, workbook

MARCH_5 = datetime(2024, 3, 5)


@pytest.mark.parametrize("typed", ["2024-3-5", "2024/03/05", "2024年3月5日", "20240305", 45356, 45356.0, "45356",
                                   "２０２４年３月５日", " 2024-03-05 ", date(2024, 3, 5), "2024.3.5"])
def test_a_date_in_every_spelling(typed: object) -> None:
    assert values.moment(typed) == MARCH_5


@pytest.mark.parametrize("typed", ["2024-2-30", "5/3/2024", "昨天", "2024-03-05 25:00", 0, "20241305"])
def test_a_date_that_is_not_one(typed: object) -> None:
    with pytest.raises(values.Invalid):
        values.moment(typed)


def test_times_months_and_numbers() -> None:
    assert values.moment("2024-3-5 08:30") == datetime(2024, 3, 5, 8, 30)
    assert values.moment(45356.5) == datetime(2024, 3, 5, 12, 0)
    assert values.month("2024-03") == values.month("2024年3月") == values.month("2024-3-17") == date(2024, 3, 1)
    assert values.integer("１２") == 12 and values.integer(12.0) == 12
    with pytest.raises(values.Invalid):
        values.integer("1.5")


def test_id_numbers_and_phones() -> None:
    assert values.id_number("43080219711002112７") == "430802197110021127"
    assert values.id_number("11010519491231002x") == "11010519491231002X"  # the published example
    for bad, key in (("430802197110021128", "id_check"), ("4308021971100211", "id_format")):
        with pytest.raises(values.Invalid) as error:
            values.id_number(bad)
        assert error.value.key == key
    assert values.phone("138 0013 8000") == "13800138000" and values.phone("0744-8221234") == "0744-8221234"
    with pytest.raises(values.Invalid):
        values.phone("1234567")


def grids_csv() -> str:
    return ("罗水乡网格台账（2024年）\n"
            " 行政村 ,片区, 网格名称 ,网格类型,网格长,网格员,联系电话\n"
            "青岩村,彭家垭片区,第一网格,产业型,李婷,覃磊,13800138000\n" + ",,,,,,\n" * 3)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_or_gbk_with_aliases_spaces_and_a_title_row(encoding: str) -> None:
    sheets, problems = read("网格.csv", grids_csv().encode(encoding))
    assert problems == []
    [sheet] = sheets
    assert sheet.ledger is BY_SHEET["网格"] and sheet.header_row == 2
    assert sheet.columns == {"行政村": 0, "片区": 1, "网格": 2, "网格类型": 3, "网格长": 4, "网格员": 5, "网格员电话": 6}
    assert sheet.rows == [(3, ("青岩村", "彭家垭片区", "第一网格", "产业型", "李婷", "覃磊", "13800138000"))]


def test_a_csv_is_recognised_by_its_headers_whatever_its_name() -> None:
    [sheet], _ = read("export (3).csv", grids_csv().encode())
    assert sheet.ledger is BY_SHEET["网格"]


def test_every_template_reads_back_as_its_ledgers_without_the_notes_and_example_rows() -> None:
    found = []
    for name, data in templates().items():
        sheets, problems = read(name, data)
        assert problems == []
        assert all(sheet.rows == [] and len(sheet.columns) == len(sheet.ledger.columns) for sheet in sheets)
        found += [sheet.ledger for sheet in sheets]
    assert found == list(LEDGERS)


def test_a_merged_title_row_and_rows_far_below() -> None:
    data = workbook({"党员": examples()["党员"] * 2}, title="青岩村党员名册")
    [sheet], _ = read("党员.xlsx", data)
    assert sheet.header_row == 2 and [number for number, _ in sheet.rows] == [3, 4]


def test_a_sheet_of_a_million_empty_rows_reads_its_one_row() -> None:
    data = with_empty_rows(workbook({"民情台账": examples()["民情台账"]}))
    [sheet], problems = read("民情台账.xlsx", data)
    assert problems == [] and [number for number, _ in sheet.rows] == [2]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice converts the workbook to .xls")
def test_an_xls_workbook(tmp_path: Path) -> None:
    (tmp_path / "积分.xlsx").write_bytes(workbook({"积分": examples()["积分"]}))
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path),
                    str(tmp_path / "积分.xlsx")], check=True, capture_output=True, timeout=120)
    [sheet], problems = read("积分.xls", (tmp_path / "积分.xls").read_bytes())
    assert problems == [] and sheet.ledger is BY_SHEET["积分"]
    [(number, cells)] = sheet.rows
    assert number == 2 and cells[0] == "胡勇" and values.day(cells[2]) == date(2024, 3, 5)


@pytest.mark.parametrize("data, key", [(b"", "empty_file"), (b"PK\x03\x04broken", "unreadable"),
                                       ("无关的表,内容\n1,2\n".encode(), "unknown_sheet")])
def test_files_that_are_not_ledgers(data: bytes, key: str) -> None:
    sheets, problems = read("x.xlsx" if data.startswith(b"PK") else "x.csv", data)
    assert sheets == [] and [problem.key for problem in problems] == [key]
