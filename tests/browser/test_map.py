"""The map page in chromium with no internet: it draws (bench/map_page.py times it), and a click filters."""
import re
from datetime import date

from playwright.sync_api import FrameLocator, Locator, expect
from sqlalchemy import Engine

from data_access import loop
from data_access.filters import Filter, Period
from tests.browser.actions import download_csv, go_to, metric
from tests.browser.conftest import Watched
from ui import metrics
from ui.navigation import PAGES
from ui.numbers import fixed, percent, share

MAP = next(spec for spec in PAGES if spec.path == "pages/map.py")
NOVEMBER = Period("month", date(2026, 11, 1))
FIND_OPEN_SPOT = """path => {  // a point of the path that a click reaches (not under a marker), relative to its box
    const box = path.getBoundingClientRect();
    for (let y = 0.2; y < 1; y += 0.1) for (let x = 0.2; x < 1; x += 0.1) {
        const at = [box.left + box.width * x, box.top + box.height * y];
        if (document.elementFromPoint(...at) === path) return {x: at[0] - box.left, y: at[1] - box.top};
    }
    return null;
}"""


def the_map(app: Watched) -> FrameLocator:
    return app.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def expect_drawn(app: Watched) -> None:
    """The 6 village areas and the 41 markers: 1 centre, 6 village stations, 34 片区 service points."""
    frame = the_map(app)
    expect(frame.locator("path.map-village")).to_have_count(6, timeout=30_000)
    expect(frame.locator(".map-centre")).to_have_count(1)
    expect(frame.locator(".map-station")).to_have_count(6)
    expect(frame.locator("path.map-service-point")).to_have_count(34)
    expect(frame.locator(".map-label")).to_have_count(6)


def click_open_spot(path: Locator) -> None:
    spot = path.evaluate(FIND_OPEN_SPOT)
    assert spot is not None, "no point of the area is free of markers"
    path.click(position=spot)


def test_the_map_draws_offline(app_url: str, sized_app: Watched) -> None:
    sized_app.goto(f"{app_url}/{MAP.url_path}")
    expect_drawn(sized_app)
    leaflet = the_map(sized_app).locator('script[src*="app/static/node_modules/leaflet/dist/leaflet.js"]')
    expect(leaflet).to_have_count(1)  # served by the app itself; the fixture fails any request off the machine
    sized_app.screenshot("map")


def test_clicking_a_village_filters_every_page(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/{MAP.url_path}")
    expect_drawn(app)
    village = the_map(app).locator("path.map-village").nth(1)
    click_open_spot(village)
    expect(app.page).to_have_url(re.compile(r"[?&]village=2(&|$)"))
    app.settle()
    frame = the_map(app)
    expect(frame.locator("path.map-chosen")).to_have_count(1)  # the chosen village outlined
    expect(frame.locator("path.map-grid").first).to_be_visible()  # its grids and households drawn
    assert frame.locator("path.map-household").count() > 50
    expect(frame.locator("path.map-village")).to_have_count(6)  # the other villages stay on the map
    app.screenshot("village")
    go_to(app, PAGES[0].title_zh)
    expect(metric(app, "行政村")).to_have_text("1")
    expect(app.page).to_have_url(re.compile(r"[?&]village=2(&|$)"))


def test_clicking_a_service_point_chooses_it_and_its_village(app_url: str, app: Watched) -> None:
    app.goto(f"{app_url}/{MAP.url_path}?lang=en")
    expect_drawn(app)
    point = the_map(app).locator("path.map-service-point").first
    point.click()
    expect(app.page).to_have_url(re.compile(r"[?&]village=1&service_point=1(&|$)"))
    app.settle()
    expect(the_map(app).locator(".leaflet-popup-content")).to_contain_text("「六有」")  # the popup stays open
    expect(the_map(app).locator("path.map-chosen")).to_have_count(1)
    app.screenshot("service-point")


def test_a_loop_measure_lists_loop_figures_with_the_one_rule(app_url: str, app: Watched,
                                                            demo_database: Engine) -> None:
    app.goto(f"{app_url}/{MAP.url_path}")
    expect_drawn(app)
    app.page.get_by_role("radiogroup").get_by_text("立案率", exact=True).click()
    app.settle()
    sample = "受理数少于 5 时不着色（样本不足）。"
    expect(app.page.get_by_text(metrics.help_text("filing_rate", "zh", "2026年11月", sample), exact=True)) \
        .to_be_visible()
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV"))
    assert name == "地图指标_全部_2026-11.csv"
    villages = loop.loop_figures_by(Filter(NOVEMBER), "village", demo_database)
    assert rows["名称"].tolist() == villages["village"].tolist()
    assert rows["立案率"].tolist() == [
        f"{percent(share(row.filed, row.reported))} ({row.filed:,} / {row.reported:,})" for row in villages.itertuples()]
    app.page.get_by_role("radiogroup").get_by_text("平均派遣天数", exact=True).click()
    app.settle()
    _, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV"))
    assert rows["平均派遣天数"].tolist() == [
        f"{fixed(row.avg_days_to_dispatch, 1)} 天（派遣数 {row.dispatched:,} 件）" for row in villages.itertuples()]
