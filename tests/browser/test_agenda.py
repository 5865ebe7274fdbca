"""调度会议程 in chromium on the demo data: the cards and lists are the meeting queries', ?since= sets the last
meeting, and the brief's workbook and PDF hold the same figures as the page."""
import os
import shutil
import subprocess
from datetime import date, timedelta
from io import BytesIO

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import issues, loop, meetings, organisation
from data_access.alerts import data_as_of
from data_access.filters import Filter, Period
from tests.browser.actions import look_at, metric, metric_count
from tests.browser.conftest import Watched
from ui import metrics
from ui.numbers import percent

NOVEMBER = Filter(Period("month", date(2026, 11, 1)))
DOWNLOAD_MS = 120_000  # preparing the brief renders its charts and subsets the CJK font


def figures(f: Filter, since: date, engine: Engine) -> dict[str, str]:
    """What the cards should read: card label → value, from the queries."""
    as_of = data_as_of(f, engine)["as_of"].iloc[0]
    owners = meetings.overdue_and_escalated_by_owner(f, as_of, engine)
    moved = meetings.last_meeting_movement(f, since, as_of, engine).set_index("movement")["issues"]
    return {
        "新增民情": f"{len(meetings.new_issues(f, since, as_of, engine)):,}",
        "超期未结": f"{owners['overdue'].sum():,}",
        "升级在办": f"{owners['escalated'].sum():,}",
        "上次事项有进展": percent((moved["closed"] + moved["progressed"]) / moved.sum()),
        "count": f"{moved['closed'] + moved['progressed']:,} / {moved.sum():,}",
    }


def expect_meeting_date(app: Watched, day: date) -> None:
    """The date picker's year, month and day fields read `day`."""
    for part, value in (("year", day.year), ("month", day.month), ("day", day.day)):
        expect(app.page.get_by_role("spinbutton", name=f"{part}, 上次会议日期")).to_have_attribute(
            "aria-valuenow", str(value))


def download(app: Watched, name: str) -> tuple[str, bytes]:
    """Prepare the brief, then download the file of the button named `name`."""
    app.page.get_by_role("button", name="生成会议简报").click()
    button = app.page.get_by_role("button", name=name)
    expect(button).to_be_visible(timeout=DOWNLOAD_MS)
    with app.page.expect_download() as answer:
        button.click()
    return answer.value.suggested_filename, answer.value.path().read_bytes()


def test_the_cards_are_the_meeting_queries(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/agenda")
    as_of = data_as_of(NOVEMBER, demo_database)["as_of"].iloc[0]
    assert as_of == date(2026, 11, 19)
    since = as_of - timedelta(days=7)
    expect_meeting_date(app, since)
    assert f"since={since.isoformat()}" in app.page.url
    expected = figures(NOVEMBER, since, demo_database)
    for label in ("新增民情", "超期未结", "升级在办", "上次事项有进展"):
        expect(metric(app, label)).to_have_text(expected[label])
    expect(metric_count(app, "上次事项有进展")).to_have_text(expected["count"])
    expect(app.page.get_by_role("heading", name=f"新增民情（{expected['新增民情']} 件）")).to_be_visible()


def test_the_workbook_holds_the_page_for_a_village(app_url: str, demo_database: Engine, app: Watched) -> None:
    since, village = date(2026, 11, 13), Filter(NOVEMBER.period, village_id=1)
    app.goto(f"{app_url}/agenda?since={since.isoformat()}&village=1")
    name = organisation.villages(village, demo_database)["name"].iloc[0]
    expect_meeting_date(app, since)
    expected = figures(village, since, demo_database)
    expect(metric(app, "新增民情")).to_have_text(expected["新增民情"])

    filename, data = download(app, "下载简报 Excel")
    assert filename == f"调度会简报_{name}_2026-11_1113-1119.xlsx"
    book = load_workbook(BytesIO(data))
    summary = {row[0]: row[1:3] for row in book["指标"].iter_rows(min_row=4, values_only=True)}
    for label in ("新增民情", "超期未结", "升级在办"):
        assert summary[label][0] == expected[label]
    assert summary["上次事项有进展"] == (expected["上次事项有进展"], expected["count"])
    assert book["指标"]["A1"].value == f"{name} · 调度会简报"
    rules = {row[0]: row[3] for row in book["指标"].iter_rows(min_row=4, values_only=True)}
    period = {**loop.loop_figures(village, demo_database).iloc[0],
              **issues.callback_figures(village, demo_database).iloc[0]}
    for key in metrics.STANDARD:  # the period's standard indicators with the one definition's labels and rules
        label = f"{metrics.label(key, 'zh')}（本期 2026年11月）"
        assert tuple(cell or "" for cell in summary[label]) == metrics.shown(key, period), key
        assert rules[label] == metrics.rule(key, "zh", "2026年11月")

    as_of = date(2026, 11, 19)
    sheets = {sheet.split("（")[0]: sheet for sheet in book.sheetnames}
    fresh = pd.read_excel(BytesIO(data), sheet_name=sheets["新增民情"])
    new_issues = meetings.new_issues(village, since, as_of, demo_database)
    assert fresh["问题"].tolist() == new_issues["title"].tolist()
    assert set(fresh["行政村"]) <= {name}
    owners = pd.read_excel(BytesIO(data), sheet_name=sheets["超期与升级：按片区和责任人"])
    by_owner = meetings.overdue_and_escalated_by_owner(village, as_of, demo_database)
    assert owners["件数"].tolist() == by_owner["issues"].tolist()
    assert owners["其中超期"].tolist() == by_owner["overdue"].tolist()
    items = pd.read_excel(BytesIO(data), sheet_name=sheets["上次会议事项进展"])
    last = meetings.last_meeting_items(village, since, as_of, demo_database)
    assert items["上次会议时超期天数"].tolist() == last["days_overdue_then"].tolist()
    assert book[sheets["新增民情"]].freeze_panes == "A2"


@pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                    reason="pdftotext (poppler-utils) is not installed; .ci/run and test.sh install it")
def test_the_pdf_brief_has_the_figures_in_chinese(app_url: str, demo_database: Engine, app: Watched,
                                                   tmp_path) -> None:
    app.goto(f"{app_url}/agenda")
    filename, data = download(app, "下载简报 PDF")
    assert filename == "调度会简报_全部_2026-11_1112-1119.pdf"
    path = tmp_path / filename
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    expected = figures(NOVEMBER, date(2026, 11, 12), demo_database)
    assert "全乡 · 调度会简报" in text
    for label in ("新增民情", "超期未结", "升级在办", "上次事项有进展"):
        assert label in text and expected[label] in text
    assert expected["count"] in text
    for heading in ("超期与升级：按片区和责任人", "上次会议事项进展", "本周服务时长前 5 名志愿者"):
        assert heading in text


def test_a_malformed_meeting_date_falls_back(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/agenda?since=2026-13-40")
    expect(app.page.get_by_text("链接中的会议日期“2026-13-40”格式有误")).to_be_visible()
    expect_meeting_date(app, date(2026, 11, 12))
    assert "since=2026-11-12" in app.page.url


@pytest.mark.parametrize("query", ["village=1", "mode=projector"])
def test_the_page_at_both_sizes(app_url: str, sized_app: Watched, query: str) -> None:
    headings = {"owners": "超期与升级", "last": "上次会议事项进展", "week": "本周志愿服务与积分"}
    look_at(sized_app, f"{app_url}/agenda?{query}", headings)
