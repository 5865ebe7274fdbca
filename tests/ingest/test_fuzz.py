"""Malformed ledgers never write: hypothesis mutates the templates' examples (wrong types, missing columns, unknown
places, duplicated rows, formulas, GBK or UTF-8 CSV, truncated and empty files) and every rejected import leaves
the SQLite file byte for byte as it was, with every reason naming its file, sheet, row and column."""
import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import create_engine

from ingest import load
from ingest.ledgers import BY_SHEET, LEDGERS
from schema.migrate import upgrade
from tests.ingest.files import examples, with_empty_rows, workbook

SHEETS = [ledger.sheet for ledger in LEDGERS]
NONSENSE = st.text(alphabet="甲乙丙丁xz#@!？", min_size=1, max_size=12)
TYPED = ("int", "decimal", "float", "date", "datetime", "month", "phone", "id_number", "choice", "bool")
FILE_LEVEL = {"empty_file", "unreadable", "unknown_sheet", "no_rows"}


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the examples' township."""
    path = tmp_path_factory.mktemp("fuzz") / "base.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    assert load.run(engine, [("examples.xlsx", workbook(examples()))]).written
    engine.dispose()
    return path


def as_csv(rows: list[list], sheet: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in BY_SHEET[sheet].columns])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def with_formula(data: bytes, sheet: str, column: int) -> bytes:
    """The workbook with a real formula (no cached value) in the first data row's cell."""
    book = load_workbook(io.BytesIO(data))
    book[sheet].cell(2, column + 1).value = "=1/0+SUM(A1:A2)"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def malformed(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """(file name, content, what was done to it): a file that must be rejected."""
    sheets = examples()
    kind = draw(st.sampled_from(["wrong_type", "missing_column", "unknown_place", "duplicate", "formula", "empty",
                                 "truncated"]))
    typed = [s for s in SHEETS if any(c.kind in TYPED for c in BY_SHEET[s].columns)]
    sheet = draw(st.sampled_from(typed if kind == "wrong_type" else SHEETS))
    columns = BY_SHEET[sheet].columns
    if kind == "wrong_type":
        index = draw(st.sampled_from([i for i, c in enumerate(columns) if c.kind in TYPED]))
        sheets[sheet][0][index] = draw(NONSENSE)
    elif kind == "missing_column":
        index = draw(st.sampled_from([i for i, c in enumerate(columns) if c.required]))
        sheets = {sheet: [[v for i, v in enumerate(row) if i != index] for row in sheets[sheet]]}
        headers = [c.header for i, c in enumerate(columns) if i != index]
        return f"{sheet}.csv", "\n".join([",".join(headers), *(",".join("" if v is None else str(v) for v in row)
                                                            for row in sheets[sheet])]).encode(), kind
    elif kind == "unknown_place":
        sheet = draw(st.sampled_from([s for s in SHEETS if "行政村" in [c.header for c in BY_SHEET[s].columns]
                                      and s not in ("行政村", "志愿队伍")]))
        index = [c.header for c in BY_SHEET[sheet].columns].index("行政村")
        sheets[sheet][0][index] = draw(NONSENSE)
    elif kind == "duplicate":
        sheets[sheet] = sheets[sheet] * 2
    elif kind == "empty":
        return draw(st.sampled_from(["台账.xlsx", "台账.csv", "台账.xls"])), b"", kind
    form = draw(st.sampled_from(["xlsx", "utf-8", "gbk"]))
    if kind == "formula":
        index = draw(st.sampled_from([i for i, c in enumerate(BY_SHEET[sheet].columns) if c.required]))
        if form != "xlsx":
            sheets[sheet][0][index] = "=1+1"
        else:
            return "台账.xlsx", with_formula(workbook({sheet: sheets[sheet]}), sheet, index), kind
    if form == "xlsx":
        data = workbook(sheets if kind != "duplicate" else {sheet: sheets[sheet]})
        if kind == "truncated":
            data = data[:draw(st.integers(10, len(data) - 10))]
        return "台账.xlsx", data, kind
    data = as_csv(sheets[sheet], sheet, form)
    if kind == "truncated":
        return f"{sheet}.xlsx", b"PK\x03\x04" + data[:draw(st.integers(0, len(data)))], kind
    return f"{sheet}.csv", data, kind


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(malformed())
def test_a_malformed_file_writes_nothing_and_says_where(township: Path, tmp_path: Path,
                                                        case: tuple[str, bytes, str]) -> None:
    name, data, kind = case
    path = tmp_path / "fuzz.db"
    shutil.copyfile(township, path)
    before = digest(path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        report = load.run(engine, [(name, data)])
    finally:
        engine.dispose()
    assert not report.written, kind
    assert report.rejections, kind
    assert digest(path) == before
    for rejection in report.rejections:
        assert rejection.file == name
        for lang in ("zh", "en"):
            assert rejection.reason(lang)
        if rejection.key not in FILE_LEVEL:
            assert rejection.sheet and rejection.row > 0 and rejection.column, rejection


def test_a_million_empty_rows_under_a_bad_row_write_nothing(township: Path, tmp_path: Path) -> None:
    path = tmp_path / "rows.db"
    shutil.copyfile(township, path)
    before = digest(path)
    data = with_empty_rows(workbook({"民情台账": examples(民情台账={"受理时间": "昨天"})["民情台账"]}))
    engine = create_engine(f"sqlite:///{path}")
    report = load.run(engine, [("民情台账.xlsx", data)])
    engine.dispose()
    assert [(r.sheet, r.row, r.column, r.key) for r in report.rejections] == [("民情台账", 2, "受理时间", "date")]
    assert digest(path) == before
