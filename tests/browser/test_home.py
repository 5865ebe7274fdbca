"""The morning view in chromium: its figures and alerts equal the queries, for the township and for a village."""
import re
from datetime import date

import pandas as pd
from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import alerts, issues, loop, organisation, people, points, volunteers
from data_access.filters import Filter, Period
from tests.browser.actions import metric
from tests.browser.conftest import Watched
from ui import metrics
from ui.numbers import fixed, percent

NOVEMBER = Period("month", date(2026, 11, 1))  # the latest month with data: the app's default period
ALERT_LINES = {  # the alert's query → its line on screen, with the count filled in
    alerts.growing_backlogs: "{n} 个村未结问题连续 3 个月增加",
    alerts.silent_grids: "{n} 个网格 30 天无走访、无民情、无活动",
    alerts.unvisited_watch_households: "{n} 户防返贫监测户2026年11月未走访",
    alerts.members_outside_link_norm: "{n} 名党员联系户数不在 5–10 户",
    alerts.failing_six_haves: "{n} 个片区服务点未达「六有」",
}


def expect_the_queries(app: Watched, f: Filter, engine: Engine) -> None:
    """The cards and alert lines on screen are the figures the queries give for the filter."""
    now = loop.loop_figures(f, engine).set_index("period").loc["current"]
    calls = issues.callback_figures(f, engine).set_index("period").loc["current"]
    totals = points.points_totals(f, engine).iloc[0]
    hours = volunteers.volunteer_totals(f, engine).iloc[0]
    visits = people.member_figures(f, None, engine).iloc[0]
    counts = organisation.headline_counts(f, engine).iloc[0]
    expect(metric(app, "未结问题")).to_have_text(f"{now['open_at_end']:,}")
    expect(metric(app, "超期未结")).to_have_text(f"{now['overdue_open']:,}")
    expect(metric(app, "按期结案率")).to_have_text(
        f"{percent(now['on_time_rate'])} {now['closed_on_time']:,} / {now['due']:,}")
    expect(metric(app, "满意率")).to_have_text(
        f"{percent(calls['satisfaction_rate'])} {calls['satisfied']:,} / {calls['callbacks']:,}")
    expect(metric(app, "志愿服务时长")).to_have_text(fixed(hours["hours"], 1))
    expect(metric(app, "党员走访")).to_have_text(
        f"{int(visits['visits']):,} 人均每月 {fixed(visits['visits_per_member_month'], 1)} 次")
    expect(metric(app, "认定积分")).to_contain_text(fixed(totals["points"], 1))
    expect(metric(app, "人才库")).to_have_text(f"{counts['talents']:,}")
    expect(metric(app, "回乡人才")).to_have_text(f"{counts['returned_talents']:,}")
    for query, line in ALERT_LINES.items():
        expect(app.page.get_by_text(line.format(n=len(query(f, engine=engine))), exact=True)).to_be_visible()


def test_the_township_morning_view_shows_the_queries_figures(app_url: str, app: Watched,
                                                             demo_database: Engine) -> None:
    app.goto(app_url)
    expect_the_queries(app, Filter(NOVEMBER), demo_database)
    expect(app.page.get_by_text("数据截至 2026-11-19", exact=False)).to_be_visible()
    change, trend = "变化：与上一时段相比。", "迷你图：近 12 个月各月末的数值。"
    for label, key, notes in (("按期结案率", "on_time_rate", [change]), ("满意率", "satisfaction_rate", [change]),
                              ("未结问题", "open_at_end", [change, trend])):
        card = app.page.locator('[data-testid="stMetric"]', has=app.page.locator(
            '[data-testid="stMetricLabel"]').get_by_text(label, exact=True))
        card.locator('[data-testid="stTooltipIcon"]').hover()
        expect(app.page.locator('[data-testid="stTooltipContent"]')).to_have_text(
            metrics.help_text(key, "zh", "2026年11月", *notes))  # the one definition's rule
        app.page.mouse.move(0, 0)


def test_an_alert_opens_on_the_rows_behind_it_and_links_to_their_page(app_url: str, app: Watched,
                                                                      demo_database: Engine) -> None:
    app.goto(app_url)
    failing = alerts.failing_six_haves(Filter(NOVEMBER), engine=demo_database)
    app.page.get_by_text(f"{len(failing)} 个片区服务点未达「六有」", exact=True).click()
    expander = app.page.locator('[data-testid="stExpander"]', has_text="「六有」")
    table = expander.locator(".cockpit-table")
    expect(table).to_be_visible()
    with app.page.expect_download() as download:
        expander.get_by_role("button", name="导出 CSV").click()
    assert download.value.suggested_filename == "提醒_六有未达标_全部_2026-11.csv"
    assert len(pd.read_csv(download.value.path(), encoding="utf-8-sig")) == len(failing)
    app.screenshot("six-haves")
    expander.locator('[data-testid="stPageLink"]').click()
    app.settle()
    expect(app.page).to_have_url(re.compile(r"/service_points\?period=2026-11$"))


def test_a_village_morning_view_shows_the_villages_figures(app_url: str, app: Watched,
                                                           demo_database: Engine) -> None:
    village = organisation.villages(Filter(NOVEMBER), demo_database).iloc[0]
    app.goto(f"{app_url}/?village={village['id']}")
    expect(app.page.get_by_text(f"范围：{village['name']}", exact=False)).to_be_visible()
    expect_the_queries(app, Filter(NOVEMBER, village_id=int(village["id"])), demo_database)


def test_a_card_links_to_its_page_keeping_the_selection(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/?village=2")
    card = app.page.locator('[data-testid="stColumn"]', has=metric(app, "志愿服务时长"))
    card.locator('[data-testid="stPageLink"]').click()
    app.settle()
    expect(app.page).to_have_url(re.compile(r"/volunteers\?(?=.*\bvillage=2\b)(?=.*\bperiod=2026-11\b)"))


def test_the_morning_view_at_projector_sizes(app_url: str, sized_app: Watched) -> None:
    sized_app.goto(app_url)
    sized_app.screenshot("top")
    sized_app.page.get_by_text("需要关注", exact=True).scroll_into_view_if_needed()
    sized_app.screenshot("alerts")
    sized_app.page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    sized_app.settle()
    expect(metric(sized_app, "Open issues")).to_be_visible()
    sized_app.screenshot("english")
