"""python -m ingest: templates into a folder, a dry run that writes nothing, an import, and a rejected file's
reasons printed and its rejected rows written beside it."""
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import create_engine, func, select

from ingest.__main__ import main
from ingest.ledgers import BOOKS
from schema import ImportLog, Township
from schema.migrate import upgrade
from tests.ingest.files import examples, workbook


def count(url: str, model: type) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(select(func.count()).select_from(model)).scalar()
    engine.dispose()
    return found


def test_templates_dry_run_import_and_rejection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", str(tmp_path / "templates")]) == 0
    assert sorted(path.stem for path in (tmp_path / "templates").iterdir()) == sorted(BOOKS)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(create_engine(url))
    ledgers = tmp_path / "台账.xlsx"
    ledgers.write_bytes(workbook(examples()))
    assert main(["--database-url", url, "--dry-run", str(ledgers)]) == 0
    assert "新增 24，更新 0，未变 0" in capsys.readouterr().out
    assert count(url, Township) == 0 and count(url, ImportLog) == 0
    assert main(["--database-url", url, str(ledgers)]) == 0
    assert count(url, Township) == 1 and count(url, ImportLog) == 1
    bad = tmp_path / "住户.xlsx"
    bad.write_bytes(workbook({"住户": examples(住户={"家庭人口": "三口"})["住户"]}))
    assert main(["--database-url", url, "--lang", "en", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "住户.xlsx / 住户 / row 2 / 家庭人口: should be a number, not “三口”" in out
    rejected = CalamineWorkbook.from_path(str(tmp_path / "住户_未通过.xlsx")).get_sheet_by_name("住户").to_python()
    assert rejected[1][-2:] == [2.0, "家庭人口：should be a number, not “三口”"]
    assert count(url, ImportLog) == 1
