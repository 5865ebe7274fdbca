"""阵地建设 in chromium: the 「六有」 cards, village table and point × item matrix are the service-point queries'."""
import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import service_points
from data_access.filters import Filter, Period
from schema import SIX_HAVES
from tests.browser.actions import choose, download_csv, look_at, metric, metric_count
from tests.browser.conftest import AS_OF, Watched
from ui.navigation import PAGES
from ui.numbers import percent

PAGE = next(spec for spec in PAGES if spec.path == "pages/service_points.py")
NOVEMBER = Period("month", date(AS_OF.year, AS_OF.month, 1))
ITEMS = ["文化广场", "议事大厅", "宣传专栏", "办公设施", "制度上墙", "工作台账"]  # SIX_HAVES in the article's order


def expect_the_matrix(app: Watched, f: Filter, engine: Engine, place: str) -> None:
    """The cards and the exported matrix: one row per point, ✓ / ✗ as the checklist has it."""
    total = service_points.six_haves_compliance(f, engine).to_dict("records")[0]
    expect(metric(app, "片区服务点")).to_have_text(f"{total['points']:,}")
    expect(metric(app, "「六有」全部达标")).to_have_text(percent(total["share_meeting_all"]))
    expect(metric_count(app, "「六有」全部达标")).to_have_text(f"{total['points_meeting_all']} / {total['points']}")
    expect(metric(app, "尚缺项目的服务点")).to_have_text(str(total["points"] - total["points_meeting_all"]))
    points = service_points.six_haves(f, engine)
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").last)
    assert name == f"阵地建设_六有对照表_{place}_2026-11.csv"
    assert rows["片区"].tolist() == points["service_point"].tolist()
    assert (rows[ITEMS] == "✓").values.tolist() == points[list(SIX_HAVES)].values.tolist()
    assert rows["具备项数"].tolist() == [f"{n}/6" for n in points["items_met"]]


def test_the_township_has_34_points_in_the_matrix(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    expect(metric(app, "片区服务点")).to_have_text("34")  # the article's 34 片区 service points
    expect_the_matrix(app, Filter(NOVEMBER), demo_database, "全部")
    by_village = service_points.six_haves_by_village(Filter(NOVEMBER), demo_database)
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").first)
    assert name == "阵地建设_各村达标_全部_2026-11.csv"
    assert rows[["服务点", "全部达标"]].values.tolist() == by_village[["points", "points_meeting_all"]].values.tolist()
    assert rows["服务点"].sum() == 34


def test_a_village_shows_its_own_points(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    village = choose(app, "行政村", 4)
    f = Filter(NOVEMBER, village_id=int(re.search(r"village=(\d+)", app.page.url).group(1)))
    expect_the_matrix(app, f, demo_database, village)


def test_the_page_at_both_sizes(app_url: str, sized_app: Watched) -> None:
    look_at(sized_app, f"{app_url}/{PAGE.url_path}", {"matrix": "服务点 ×「六有」对照表"})
