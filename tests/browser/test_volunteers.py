"""志愿服务 in chromium on the demo data: the cards and exports show what the volunteer queries return."""
import re
from datetime import date

import pandas as pd
from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access.filters import Filter, Period
from data_access.volunteers import idle_grids, monthly_activity_matrix, team_summary, volunteer_totals
from tests.browser.actions import metric
from tests.browser.conftest import Watched
from ui.numbers import difference

NOVEMBER = Filter(Period("month", date(2026, 11, 1)))
Q4_VILLAGE_1 = Filter(Period("quarter", date(2026, 10, 1)), village_id=1)


def expect_cards(app: Watched, f: Filter, engine: Engine) -> None:
    totals = volunteer_totals(f, engine).iloc[0]
    expect(metric(app, "志愿活动")).to_have_text(f"{int(totals['activities']):,}")
    expect(metric(app, "服务人次")).to_have_text(f"{int(totals['participants']):,}")
    expect(metric(app, "服务时长")).to_have_text(f"{totals['hours']:,.1f}")
    expect(metric(app, "无活动网格")).to_have_text(f"{len(idle_grids(f, engine)):,}")


def test_volunteering_of_the_township_in_the_latest_month(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/volunteers")
    expect(app.page.locator("h1")).to_have_text("志愿罗水 · 志愿服务")
    expect_cards(app, NOVEMBER, demo_database)
    missed = int((~monthly_activity_matrix(NOVEMBER, engine=demo_database)["held"]).sum())
    expect(app.page.get_by_text(re.compile(f"截至2026-11的12个月.*共缺办 {missed} 个村·月"))).to_be_visible()
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").first.click()
    assert download.value.suggested_filename == "志愿服务队_全部_2026-11.csv"
    teams = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    expected = team_summary(NOVEMBER, demo_database)
    assert teams["服务队"].tolist() == expected["team"].tolist()  # two township teams and six village teams
    assert teams["服务时长"].tolist() == expected["hours"].tolist()
    assert teams["上期时长"].tolist() == expected["previous_hours"].tolist()
    assert teams["时长较上期"].tolist() == [float(difference(now, before, 1))  # numbers, not "+3.5" texts
                                       for now, before in zip(expected["hours"], expected["previous_hours"])]


def test_volunteering_of_one_village_in_one_quarter(app_url: str, demo_database: Engine, app: Watched) -> None:
    app.goto(f"{app_url}/volunteers?period=2026Q4&village=1")
    expect_cards(app, Q4_VILLAGE_1, demo_database)
    expect(app.page.get_by_role("heading", name="按片区")).to_be_visible()
    expect(app.page.get_by_text("截至2026-11的12个月")).to_be_visible()  # Q4's December has not come yet
    teams = team_summary(Q4_VILLAGE_1, demo_database)
    assert len(teams) == 1  # the village team only
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").first.click()
    assert pd.read_csv(download.value.path(), encoding="utf-8-sig")["服务队"].tolist() == teams["team"].tolist()


def test_the_page_at_both_sizes(app_url: str, sized_app: Watched) -> None:
    sized_app.goto(f"{app_url}/volunteers?period=2026Q4&village=1")
    expect(sized_app.page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(5)
    sized_app.screenshot("village-quarter")
