"""A district of two townships (`seed --scale 2`) in chromium: the township level above the village, the district
view ranking the townships, and the map's township outlines, drawn offline, filtering on a click."""
import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import alerts, geo, meetings, organisation, people, rankings
from data_access.filters import Filter, Period
from tests.browser.actions import choose, download_csv, go_to, metric, open_picker, selected
from tests.browser.conftest import Watched, demo_database_at, streamlit_app
from tests.browser.test_agenda import download
from tests.browser.test_rankings import assert_same_ranking, exported
from tests.browser.test_map import MAP, click_open_spot, the_map
from ui.navigation import PAGES

NOVEMBER = Period("month", date(2026, 11, 1))


@pytest.fixture(scope="module")
def district_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo data for two townships (seed --scale 2), as of 2026-11-20."""
    engine = demo_database_at(tmp_path_factory.mktemp("district") / "district.db", scale=2)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def district_url(district_database: Engine) -> Iterator[str]:
    log = Path(district_database.url.database).with_name("streamlit.log")
    with streamlit_app(district_database.url.render_as_string(hide_password=False), log) as base:
        yield base


def test_choose_a_township_then_a_village(district_url: str, app: Watched, district_database: Engine) -> None:
    app.goto(district_url)
    townships = organisation.townships(district_database)
    villages = organisation.villages(Filter(NOVEMBER), district_database)
    expect(metric(app, "行政村")).to_have_text(str(len(villages)))  # the whole district: 12 villages
    second = choose(app, "乡镇", 2)
    assert second == townships["name"].iloc[1]
    expect(app.page).to_have_url(re.compile(r"[?&]township=2(&|$)"))
    expect(metric(app, "行政村")).to_have_text(str((villages["township_id"] == 2).sum()))
    expect(app.page.get_by_text("各乡镇对比")).to_have_count(0)  # a township chosen: no district view
    open_picker(app, "行政村")
    offered = app.page.get_by_role("option").all_inner_texts()
    assert offered[1:] == villages.loc[villages["township_id"] == 2, "name"].tolist()  # its villages only
    app.page.keyboard.press("Escape")
    village = choose(app, "行政村", 1)
    first = villages[villages["township_id"] == 2].iloc[0]
    assert village == first["name"]
    expect(app.page).to_have_url(re.compile(rf"[?&]village={first['id']}(&|$)"))
    assert "township=" not in app.page.url  # the village names its township
    expect(metric(app, "行政村")).to_have_text("1")
    expect(selected(app, "乡镇")).to_have_value(second)
    app.screenshot("village")

    app.reload()  # the link alone restores the township and the village
    expect(selected(app, "乡镇")).to_have_value(second)
    expect(selected(app, "行政村")).to_have_value(village)


def test_a_village_of_another_township_falls_back_with_a_notice(district_url: str, app: Watched) -> None:
    app.goto(f"{district_url}/?township=1&village=7")  # village 7 lies in the second township
    expect(app.page.get_by_text("链接中的行政村“7”格式有误、不存在或不属于所选乡镇，已显示全部。")).to_be_visible()
    expect(app.page).to_have_url(re.compile(r"[?&]township=1(&|$)"))
    assert "village=" not in app.page.url


def test_the_district_view_ranks_the_townships(district_url: str, app: Watched, district_database: Engine) -> None:
    app.goto(district_url)
    expect(app.page.get_by_role("heading", name="全区 2 个乡镇 · 今日概览")).to_be_visible()
    expect(app.page.get_by_role("heading", name="各乡镇对比")).to_be_visible()
    app.screenshot("district")
    export = app.page.get_by_role("button", name="导出 CSV").first
    name, rows = download_csv(app, export)
    assert name == "各乡镇对比_全部_2026-11.csv"
    figures = geo.map_figures(Filter(NOVEMBER), "township", district_database)
    ranked = figures.sort_values(["on_time_rank", "township_id"], na_position="last")
    assert rows["乡镇"].tolist() == ranked["township"].tolist()
    assert rows["按期结案率排名"].tolist() == ranked["on_time_rank"].tolist()
    assert rows["按期结案率"].tolist() == [f"{r.closed_on_time / r.due * 100:.1f} % ({r.closed_on_time:,} / {r.due:,})"
                                      for r in ranked.itertuples()]
    assert rows["积分排名"].tolist() == ranked["rank"].tolist()
    assert rows["人均积分"].tolist() == ranked["per_member"].tolist()
    assert rows["未结问题"].tolist() == ranked["open_at_end"].tolist()


def test_the_districts_lists_of_people_name_each_ones_township(district_url: str, app: Watched,
                                                                district_database: Engine) -> None:
    """Villages of two townships may share a name: at the district a list of households or members says the township."""
    app.goto(f"{district_url}/coverage")
    expect(app.page.locator(".cockpit-table").nth(2).locator("th").nth(2)).to_have_text("乡镇")
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").nth(2))
    assert name == "党员联系户_未联系户_全部_2026-11.csv"
    unlinked = people.unlinked_households(Filter(NOVEMBER), district_database)
    assert rows["乡镇"].tolist() == unlinked["township"].tolist() and rows["乡镇"].nunique() == 2


def test_the_map_draws_township_outlines_offline_and_a_click_filters(district_url: str, app: Watched,
                                                                       district_database: Engine) -> None:
    app.goto(f"{district_url}/{MAP.url_path}")
    frame = the_map(app)
    expect(frame.locator("path.map-township")).to_have_count(2, timeout=30_000)
    expect(frame.locator(".map-centre")).to_have_count(2)
    expect(frame.locator(".map-label")).to_have_count(2)
    expect(frame.locator("path.map-village")).to_have_count(0)  # no village drawn in the district view
    expect(frame.locator("path.map-household")).to_have_count(0)
    leaflet = frame.locator('script[src*="app/static/node_modules/leaflet/dist/leaflet.js"]')
    expect(leaflet).to_have_count(1)  # served by the app itself; the fixture fails any request off the machine
    app.screenshot("map-district")

    click_open_spot(frame.locator("path.map-township").nth(1))
    expect(app.page).to_have_url(re.compile(r"[?&]township=2(&|$)"))
    app.settle()
    frame = the_map(app)
    villages = organisation.villages(Filter(NOVEMBER), district_database)
    expect(frame.locator("path.map-village")).to_have_count(int((villages["township_id"] == 2).sum()),
                                                            timeout=30_000)
    expect(frame.locator("path.map-township")).to_have_count(1)  # the chosen township's outline
    expect(frame.locator("path.map-household")).to_have_count(0)  # households once a village is chosen
    app.screenshot("map-township")
    go_to(app, PAGES[0].title_zh)
    expect(app.page).to_have_url(re.compile(r"[?&]township=2(&|$)"))
    expect(metric(app, "行政村")).to_have_text(str((villages["township_id"] == 2).sum()))


def test_the_meeting_brief_compares_the_townships(district_url: str, app: Watched,
                                                   district_database: Engine) -> None:
    app.goto(f"{district_url}/agenda?since=2026-11-13")
    expect(app.page.get_by_role("heading", name="各乡镇对比")).to_be_visible(timeout=60_000)  # a long page run
    as_of = alerts.data_as_of(Filter(NOVEMBER), district_database)["as_of"].iloc[0]
    filename, data = download(app, "下载简报 Excel")
    assert filename == f"调度会简报_全部_2026-11_1113-{as_of:%m%d}.xlsx"
    sheets = {sheet.split("（")[0]: sheet for sheet in load_workbook(BytesIO(data)).sheetnames}
    townships = pd.read_excel(BytesIO(data), sheet_name=sheets["各乡镇对比"])
    figures = geo.map_figures(Filter(NOVEMBER), "township", district_database)
    assert sorted(townships["乡镇"]) == sorted(figures["township"])
    assert townships["按期结案率排名"].tolist() == figures["on_time_rank"].sort_values().tolist()
    fresh = pd.read_excel(BytesIO(data), sheet_name=sheets["新增民情"])
    issues = meetings.new_issues(Filter(NOVEMBER), date(2026, 11, 13), as_of, district_database)
    assert fresh["乡镇"].tolist() == issues["township"].tolist()
    assert set(fresh["乡镇"]) == set(figures["township"])  # a week of a district's issues: both townships


def test_the_rankings_rank_the_townships(district_url: str, app: Watched, district_database: Engine) -> None:
    app.goto(f"{district_url}/rankings")  # the district's own comparison first, not its thousands of members
    name, rows = exported(app)
    assert name == "积分排名_乡镇_全部_2026-11.csv"
    assert_same_ranking(rows, rankings.ranking(Filter(NOVEMBER), "township", district_database))
    app.screenshot("townships")
    choose(app, "乡镇", 2)  # a township chosen: its rank among the district's, and no township level to pick
    second = rankings.ranking(Filter(NOVEMBER), "township", district_database).set_index("unit_id").loc[2]
    expect(metric(app, f"{second['unit']}排名")).to_have_text(f"{second['rank']} / {second['ranked_units']}")
    expect(app.page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text(
        "乡镇", exact=True)).to_have_count(0)
