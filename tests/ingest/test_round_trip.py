"""The round trip: the demo database exported to filled templates (python -m ingest --export) and imported into an
empty database gives every page's data_access results unchanged, and importing the export again changes nothing."""
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine

from bench.run import queries
from data_access.filters import Filter, Period
from ingest import load
from ingest.__main__ import main
from schema.migrate import upgrade
from tests.browser.conftest import AS_OF, demo_database_at

FILTERS = [Filter(Period.containing(kind, day), village_id=village)
           for kind in ("month", "quarter", "year") for day, village in ((AS_OF, None), (date(2025, 5, 20), 2))]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[tuple[str, bytes]]]]:
    folder = tmp_path_factory.mktemp("round_trip")
    demo = demo_database_at(folder / "demo.db")
    assert main(["--database-url", demo.url.render_as_string(), "--export", str(folder / "ledgers")]) == 0
    files = [(path.name, path.read_bytes()) for path in sorted((folder / "ledgers").glob("*.xlsx"))]
    yield demo, files
    demo.dispose()


def same(left: object, right: object) -> bool:
    if isinstance(left, pd.DataFrame):
        return left.equals(right)
    return repr(left) == repr(right)


def test_every_page_query_gives_the_same_results_after_the_round_trip(
        exported: tuple[Engine, list[tuple[str, bytes]]], tmp_path: Path) -> None:
    demo, files = exported
    assert [name for name, _ in files] == ["人才库.xlsx", "党员联系户名册.xlsx", "志愿服务登记.xlsx", "民情台账.xlsx",
                                           "积分认定表.xlsx", "网格台账.xlsx"]
    empty = create_engine(f"sqlite:///{tmp_path / 'imported.db'}")
    upgrade(empty)
    report = load.run(empty, files)
    assert report.rejections == [] and report.written
    assert report.events == 0  # the 案卷流转 sheet carries every issue's history
    checked = 0
    for f in FILTERS:
        for name, query in queries():
            assert same(query(f, engine=demo), query(f, engine=empty)), (name, f)
            checked += 1
    assert checked > 300
    again = load.run(demo, files, dry_run=True)
    assert again.rejections == [] and again.total().added == again.total().updated == 0
    empty.dispose()
