"""人才与产业 in chromium: the cards and lists are the talent queries' for the same filter, on the demo township."""
import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import organisation, talent
from data_access.filters import Filter, Period
from tests.browser.actions import choose, download_csv, look_at, metric, metric_count
from tests.browser.conftest import AS_OF, Watched
from ui.navigation import PAGES
from ui.numbers import percent

PAGE = next(spec for spec in PAGES if spec.path == "pages/talent.py")
NOVEMBER = Period("month", date(AS_OF.year, AS_OF.month, 1))


def expect_the_cards(app: Watched, f: Filter, engine: Engine) -> None:
    counts = organisation.headline_counts(f, engine).iloc[0]
    rules = talent.grid_rules(f, engine).iloc[0]
    expect(metric(app, "人才库")).to_have_text(f"{counts['talents']:,}")
    expect(metric(app, "回乡人才")).to_have_text(f"{counts['returned_talents']:,}")
    expect(metric_count(app, "回乡人才")).to_have_text(f"共 {counts['talents']:,} 人")
    expect(metric_count(app, "人才库")).to_have_text(f"已配到网格 {rules['talents']:,}")
    for label, numerator in (("配1–3名人才", "grids_within_norm"), ("有龙头的网格", "grids_with_leading")):
        expect(metric(app, label)).to_have_text(percent(rules[numerator] / rules["grids"]))
        expect(metric_count(app, label)).to_have_text(f"{rules[numerator]:,} / {rules['grids']:,}")
    expect(metric(app, "龙头带动农户")).to_have_text(f"{rules['households']:,}")


def test_the_township_has_the_article_talents(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    expect(metric(app, "人才库")).to_have_text("117")  # the article: 117 talents contacted, 18 brought home
    expect(metric(app, "回乡人才")).to_have_text("18")
    f = Filter(NOVEMBER)
    expect_the_cards(app, f, demo_database)
    name, pool = download_csv(app, app.page.get_by_role("button", name="导出 CSV").first)
    assert name == "人才库_按类别_全部_2026-11.csv"
    assert pool["类别"].tolist() == ["产业人才", "科技人才", "管理人才", "党政人才"]
    assert pool["人才"].sum() == 117 and pool["已回乡"].sum() == 18
    without = talent.enterprises_per_grid(f, demo_database).query("not has_leading")
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").last)
    assert name == "人才与产业_无龙头网格_全部_2026-11.csv"
    assert rows["网格"].tolist() == without["grid"].tolist()


def test_a_village_shows_its_own_pool_and_grids(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    village = choose(app, "行政村", 3)
    f = Filter(NOVEMBER, village_id=int(re.search(r"village=(\d+)", app.page.url).group(1)))
    expect_the_cards(app, f, demo_database)
    firms = talent.enterprises_per_grid(f, demo_database).query("has_leading")
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").nth(-2))
    assert name == f"人才与产业_网格龙头_{village}_2026-11.csv"
    assert rows["龙头企业/合作社"].tolist() == firms["enterprise"].tolist()
    assert rows["吸纳就业户"].tolist() == firms["employed_households"].tolist()
    assert set(rows["行政村"]) == {village}


def test_the_page_at_both_sizes(app_url: str, sized_app: Watched) -> None:
    look_at(sized_app, f"{app_url}/{PAGE.url_path}", {"kinds": "功能型网格", "firms": "一网格一龙头"})
