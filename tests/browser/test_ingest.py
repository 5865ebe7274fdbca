"""导入台账 in chromium: a 民情台账 with 3 bad rows lists the 3 reasons and writes nothing; fixed, it is imported and
the home page's 未结问题 grows by the issues it added."""
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook
from sqlalchemy import Engine, func, select

from data_access import running
from data_access.db import data_version
from data_access.filters import Period
from schema import Grid, ImportLog, Issue, ServicePoint, Village
from tests.browser.actions import metric
from tests.browser.conftest import Watched, demo_database_at, streamlit_app
from tests.ingest.files import issue_row, workbook
from ui.navigation import IMPORT_PAGE

NEW = 5


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = demo_database_at(tmp_path_factory.mktemp("ingest") / "demo.db")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def import_app(database: Engine) -> Iterator[str]:
    """The app on its own demo database (the harness signs in as the administrator, whose page it is)."""
    url = database.url.render_as_string(hide_password=False)
    with streamlit_app(url, Path(database.url.database).with_name("streamlit.log")) as base:
        yield base


def first_grid(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        return conn.execute(select(Village.name, Grid.name).join(ServicePoint, Grid.service_point_id == ServicePoint.id)
                            .join(Village, ServicePoint.village_id == Village.id).order_by(Grid.id).limit(1)).one()


def ledger(engine: Engine, fixed: bool) -> bytes:
    """Five new issues reported and filed in November 2026, still open; unless fixed, three of them are bad."""
    grid = first_grid(engine)
    rows = [issue_row(f"T2026-{n}", grid, f"2026-11-1{n}", filed=f"2026-11-1{n} 10:00", due="2026-12-31")
            for n in range(NEW)]
    if not fixed:
        rows[1][2] = "不存在的网格"  # an unknown grid
        rows[2][12] = "2026-11-01"  # closed before it was filed
        rows[3][4] = "修路"  # not a service line
    return workbook({"民情台账": rows}, title="罗水乡民情台账（2026年11月）")


def running_summaries_written(engine: Engine, seconds: float = 60) -> None:
    """Wait until the app's own thread has written the running periods' summaries on its start (ui.cache
    .summarise_running: a write that moves the data version on, not the import's)."""
    deadline = time.monotonic() + seconds
    while not all(running.summarised(Period.containing(kind, date.today()), engine)
                  for kind in ("month", "quarter", "year")):
        assert time.monotonic() < deadline, "the app did not write the running summaries"
        time.sleep(0.2)


def upload(app: Watched, tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    app.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    app.settle()


def test_three_bad_rows_write_nothing_and_the_fixed_file_changes_the_home_page(
        import_app: str, app: Watched, database: Engine, tmp_path: Path) -> None:
    app.goto(import_app)
    before = int(metric(app, "未结问题").inner_text().replace(",", ""))
    running_summaries_written(database)
    version = data_version(database)
    app.goto(f"{import_app}/{IMPORT_PAGE.url_path}")
    expect(app.page.get_by_text("1. 下载模板")).to_be_visible()
    upload(app, tmp_path, ledger(database, fixed=False), "民情台账.xlsx")
    expect(app.page.get_by_text("有 3 处错误，未写入任何数据")).to_be_visible()
    table = app.page.locator('[data-testid="stDataFrame"]').last
    expect(table).to_be_visible()
    app.page.get_by_text("3. 试导入结果（未写入）").scroll_into_view_if_needed()
    app.page.mouse.wheel(0, 300)
    app.screenshot("rejected")
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="下载错误行清单（Excel）").click()
    reasons = CalamineWorkbook.from_path(str(download.value.path())).get_sheet_by_name("全部原因").to_python()[1:]
    assert [(row[2], row[3]) for row in reasons] == [(4.0, "网格"), (5.0, "结案时间"), (6.0, "服务类别")]
    assert data_version(database) == version
    with database.connect() as conn:
        assert conn.execute(select(func.count()).where(Issue.ledger_no.like("T2026-%"))).scalar() == 0

    app.page.locator('[data-testid="stFileChipDeleteBtn"]').click()
    app.settle()
    upload(app, tmp_path, ledger(database, fixed=True), "民情台账_已修改.xlsx")
    expect(app.page.get_by_text(f"全部 {NEW} 行通过检查：将新增 {NEW}")).to_be_visible()
    app.page.get_by_text("3. 试导入结果（未写入）").scroll_into_view_if_needed()
    app.page.mouse.wheel(0, 300)
    app.screenshot("passed")
    app.page.get_by_role("button", name="4. 确认导入").click()
    app.settle()
    expect(app.page.get_by_text(f"已导入：新增 {NEW}")).to_be_visible()
    with database.connect() as conn:
        assert conn.execute(select(func.count()).where(Issue.ledger_no.like("T2026-%"))).scalar() == NEW
        assert conn.execute(select(ImportLog.file_name, ImportLog.added)).all() == [("民情台账_已修改.xlsx", NEW)]
    app.screenshot("imported")
    app.goto(import_app)
    expect(metric(app, "未结问题")).to_have_text(f"{before + NEW:,}")
    app.screenshot("home-after")
