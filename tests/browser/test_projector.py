"""Projector mode in chromium: ?mode=projector collapses the sidebar, shows the data's day and a clock, cuts the
tables to static ones in large type with no scrolling inside any figure, keeps the mode in the URL, and rotates
the chosen pages keeping the filter."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.actions import scroll_to
from tests.browser.conftest import Watched
from ui.projector import TABLE_ROWS

DATA_DAY = date(2026, 11, 19)  # the demo's last recorded day in November 2026
FIGURES = ('[data-testid="stMain"] [data-testid="stDataFrame"], [data-testid="stMain"] .cockpit-table, '
           '[data-testid="stMain"] [data-testid="stVegaLiteChart"]')
SCROLLING = """figures => figures.flatMap(figure => [figure, ...figure.querySelectorAll("*")])
  .filter(e => e instanceof HTMLElement && e.scrollHeight > e.clientHeight)
  .map(e => `${e.tagName}.${e.className}: ${e.scrollHeight} > ${e.clientHeight}`)"""
PAGES_AND_HEADINGS = {
    "backlog": ["超期未结清单", "升级办理", "办理进度", "近 24 个月趋势", "分类与分布", "回访评价", "问题明细"],
    "rankings": ["积分构成", "党员排名"],
}


def expect_the_projector(app: Watched) -> None:
    """Sidebar collapsed, the corner's day and clock, static tables of at most TABLE_ROWS rows, nothing scrolling
    inside a table or chart."""
    expect(app.page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    corner = app.page.locator(".st-key-projector_corner")
    expect(corner).to_contain_text(f"数据截至 {DATA_DAY.isoformat()}")
    expect(corner.locator(".projector-clock")).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
    expect(app.page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')).to_have_count(0)
    tables = app.page.locator('[data-testid="stMain"] .cockpit-table')
    assert tables.count() > 0
    for n in range(tables.count()):
        assert tables.nth(n).locator("tbody tr").count() <= TABLE_ROWS
    assert app.page.locator(FIGURES).evaluate_all(SCROLLING) == []


@pytest.mark.parametrize("page", list(PAGES_AND_HEADINGS))
def test_backlog_and_rankings_on_the_projector(app_url: str, sized_app: Watched, page: str) -> None:
    sized_app.goto(f"{app_url}/{page}?mode=projector")
    expect_the_projector(sized_app)
    assert "mode=projector" in sized_app.page.url and "period=2026-11" in sized_app.page.url
    sized_app.screenshot("top")
    for n, heading in enumerate(PAGES_AND_HEADINGS[page]):
        scroll_to(sized_app, heading)  # a heading whose name holds this text
        sized_app.screenshot(f"{n + 1}")


def test_the_sidebar_toggle_keeps_the_mode_across_pages(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/backlog?village=2")
    assert app.page.locator(".st-key-projector_corner").count() == 0
    app.page.locator('[data-testid="stSidebar"]').get_by_text("投影模式").click()
    app.settle()
    expect(app.page).to_have_url(re.compile(r"mode=projector"))
    expect(app.page.locator(".st-key-projector_corner")).to_be_visible()
    expect(app.page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    app.page.locator('[data-testid="stExpandSidebarButton"]').click()
    app.page.locator('[data-testid="stSidebarNavLink"]', has_text="积分排名").click()
    app.settle()
    expect(app.page).to_have_url(re.compile(r"/rankings\?.*mode=projector"))
    assert "village=2" in app.page.url
    expect(app.page.locator('[data-testid="stMain"] .cockpit-table').first).to_be_visible()


def test_pages_rotate_keeping_the_filter_until_paused(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/agenda?mode=projector&village=1&since=2026-11-10")
    app.page.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    seconds = sidebar.get_by_label("每页停留（秒）")
    seconds.fill("5")
    seconds.press("Enter")
    app.settle()
    sidebar.get_by_text("自动轮播").click()
    app.settle()
    rotation = app.page.locator(".st-key-projector_rotation")
    expect(rotation).to_contain_text("民情办理")
    expect(app.page).to_have_url(re.compile(r"/backlog\?"), timeout=20_000)
    app.settle()
    for part in ("village=1", "mode=projector", "period=2026-11"):
        assert part in app.page.url
    expect(app.page.get_by_role("heading", name="民情办理")).to_be_visible()
    expect(rotation).to_contain_text("积分排名")
    rotation.get_by_role("button", name="暂停轮播").click()
    app.settle()
    expect(rotation).to_have_count(0)
    app.page.wait_for_timeout(7_000)
    expect(app.page).to_have_url(re.compile(r"/backlog\?"))
