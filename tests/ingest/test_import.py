"""The write path on SQLite, PostgreSQL and MariaDB: the templates' examples make a township, a second import
changes nothing, a rejected file or a dry run leaves every table as it was, a corrected status becomes events and
the loop summaries of the ended period it lands in are written again, and those of the running periods."""
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access import issues, loop, summaries
from data_access.db import data_version
from data_access.filters import Filter, Period
from ingest import load
from ingest.ledgers import LEDGERS
from schema import ImportLog, Issue, IssueEvent
from tests.ingest.files import dump, examples, workbook

NOW = datetime(2026, 11, 20, 9, 0)


def run(engine: Engine, sheets: dict[str, list[list]], name: str = "台账.xlsx", **options: object) -> load.Report:
    return load.run(engine, [(name, workbook(sheets, title="罗水乡台账"))], now=NOW, **options)


def history(engine: Engine) -> list[tuple[str, datetime]]:
    with engine.connect() as conn:
        return conn.execute(select(IssueEvent.kind, IssueEvent.at).order_by(IssueEvent.id)).all()


def test_the_examples_make_a_township_once(engine: Engine) -> None:
    version = data_version(engine)
    report = run(engine, examples())
    assert report.rejections == []
    assert report.written
    assert {sheet: counts.added for (_, sheet), counts in report.counts.items()} == {
        ledger.sheet: 1 for ledger in LEDGERS}
    assert data_version(engine) != version  # the app's cache follows the write
    before = dump(engine)
    again = run(engine, examples())
    assert again.written and again.total() == load.Counts(0, 0, len(LEDGERS))
    after = dump(engine)
    assert {name: rows for name, rows in after.items() if name not in ("import_log", "data_version")} == {
        name: rows for name, rows in before.items() if name not in ("import_log", "data_version")}
    with engine.connect() as conn:
        assert conn.execute(select(ImportLog.added, ImportLog.updated, ImportLog.unchanged)
                            .order_by(ImportLog.id)).all() == [(24, 0, 0), (0, 0, 24)]
    assert history(engine) == [("filed", datetime(2024, 3, 6, 9, 0))]  # the 案卷流转 sheet's, not made up


def test_a_rejected_file_and_a_dry_run_change_nothing(engine: Engine) -> None:
    before = dump(engine)
    bad = examples(住户={"户主身份证号": "430802197110021128"}, 回访记录={"回访日期": "2024-3-9"},
                   民情台账={"事项": "改过的标题"})
    report = run(engine, bad)
    assert not report.written
    assert [(r.sheet, r.row, r.column, r.key) for r in report.rejections] == [
        ("住户", 3, "户主身份证号", "id_check"), ("回访记录", 3, "回访日期", "callback_early")]
    assert dump(engine) == before
    dry = run(engine, examples(民情台账={"事项": "改过的标题"}), dry_run=True)
    assert dry.rejections == [] and not dry.written
    assert dry.counts[("台账.xlsx", "民情台账")] == load.Counts(0, 1, 0)
    assert dump(engine) == before


def test_a_corrected_status_is_recorded_as_events(engine: Engine) -> None:
    reopened = {"处置时间": None, "反馈时间": None, "结案时间": None, "返工次数": 1}
    report = run(engine, {"民情台账": examples(民情台账=reopened)["民情台账"]})
    assert report.written and report.counts[("台账.xlsx", "民情台账")] == load.Counts(0, 1, 0)
    assert history(engine)[1:] == [("reopened", NOW)]
    closed = {"处置时间": "2024-4-1", "反馈时间": "2024-4-2 10:00", "结案时间": "2024-4-2 16:30", "返工次数": 1, "办结期限": "2024-4-5", "升级层级": "乡镇", "承办部门": "乡农业服务中心"}
    report = run(engine, {"民情台账": examples(民情台账=closed)["民情台账"]})
    assert report.written
    assert history(engine)[2:] == [("handled", datetime(2024, 4, 1)), ("fed_back", datetime(2024, 4, 2, 10, 0)),
                                   ("closed", datetime(2024, 4, 2, 16, 30)), ("escalated", NOW), ("extended", NOW)]
    with engine.connect() as conn:
        issue = conn.execute(select(Issue.closed_at, Issue.reopen_count, Issue.escalation_level)).one()
        assert issue == (datetime(2024, 4, 2, 16, 30), 1, 2)
        assert conn.execute(select(func.count()).select_from(Issue)).scalar() == 1


def test_an_import_writes_the_summaries_it_changes_again(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issues, "now", lambda: datetime(2026, 12, 7, 12))
    with engine.begin() as conn:
        summaries.write_ended(conn)  # every month up to November 2026, as the app writes them
    november = Filter(Period("month", date(2026, 11, 1)))
    assert loop.summarised(november.period, engine)
    before = loop.loop_figures(november, engine)
    reopened = {"处置时间": None, "反馈时间": None, "结案时间": None, "返工次数": 2}
    assert run(engine, {"民情台账": examples(民情台账=reopened)["民情台账"]}).written  # reopened at NOW, 20 November
    after = loop.loop_figures(november, engine)
    assert after.iloc[0]["reopened"] > before.iloc[0]["reopened"]
    december = Filter(Period("month", date(2026, 12, 1)))
    assert loop.summarised(december.period, engine)  # the running month's, written with the import
    running = loop.loop_figures(december, engine)
    monkeypatch.setattr(loop, "summarised", lambda *_: False)
    pd.testing.assert_frame_equal(after, loop.loop_figures(november, engine))  # as the case history counts it
    pd.testing.assert_frame_equal(running, loop.loop_figures(december, engine))
