"""党员联系户 in chromium: the cards and lists are the people queries' for the same filter, on the demo township."""
import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import Engine

from data_access import people
from data_access.filters import Filter, Period
from tests.browser.actions import choose, download_csv, look_at, metric, metric_count
from tests.browser.conftest import AS_OF, Watched
from ui.navigation import PAGES
from ui.numbers import percent
from ui.widgets import STATIC_ROWS

PAGE = next(spec for spec in PAGES if spec.path == "pages/coverage.py")
NOVEMBER = Period("month", date(AS_OF.year, AS_OF.month, 1))  # the period the page opens on


def expect_the_cards(app: Watched, f: Filter, engine: Engine) -> None:
    coverage = people.household_coverage(f, None, engine).to_dict("records")[0]
    members = people.member_figures(f, None, engine).to_dict("records")[0]
    for label, numerator, denominator, frame in (
        ("联系户覆盖率", "linked_households", "households", coverage),
        ("5–10户党员", "members_in_norm", "members", members),
        ("监测户走访率", "watch_visited", "watch_households", coverage),
    ):
        expect(metric(app, label)).to_have_text(percent(frame[numerator] / frame[denominator]))
        expect(metric_count(app, label)).to_have_text(f"{frame[numerator]:,} / {frame[denominator]:,}")
    expect(metric(app, "未联系户")).to_have_text(f"{coverage['unlinked_households']:,}")
    expect(metric_count(app, "未联系户")).to_have_text(f"共 {coverage['households']:,} 户")
    expect(metric(app, "人均月走访")).to_have_text(f"{members['visits_per_member_month']:.1f}")
    expect(metric_count(app, "人均月走访")).to_have_text(f"{members['visits']:,} / {members['member_months']:,}")


def test_the_township_figures_are_the_queries(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    f = Filter(NOVEMBER)
    expect_the_cards(app, f, demo_database)
    expect(app.page.get_by_role("heading", name="各行政村联系户覆盖")).to_be_visible()
    unlinked = people.unlinked_households(f, demo_database)
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").nth(2))
    assert name == "党员联系户_未联系户_全部_2026-11.csv"
    assert rows["户主"].tolist() == unlinked["head_name"].tolist()
    assert rows["户主"].str.contains(r"\*").all() and rows["电话"].str.contains(r"\*\*\*\*").all()


def test_a_village_shows_its_片区_and_its_watch_list(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    village = choose(app, "行政村", 2)
    f = Filter(NOVEMBER, village_id=int(re.search(r"village=(\d+)", app.page.url).group(1)))
    expect_the_cards(app, f, demo_database)
    expect(app.page.get_by_role("heading", name="各片区联系户覆盖")).to_be_visible()
    watch = people.poverty_watch_households(f, demo_database)
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").last)
    assert name == f"党员联系户_防返贫监测户_{village}_2026-11.csv"
    assert sorted(rows["户主"]) == sorted(watch["head_name"])
    assert (rows["本期走访次数"] == 0).sum() == (~watch["visited_in_period"]).sum()
    assert rows["本期走访次数"].is_monotonic_increasing or rows["本期走访次数"].iloc[0] == 0  # unvisited first


def test_a_long_list_is_read_whole_only_for_its_grid_and_downloads(app_url: str, app: Watched,
                                                                   demo_database: Engine) -> None:
    """The members' visits are read for the page from their first rows; the switch and the downloads read every
    member's, headed in the viewer's language (a download is built outside the page's script)."""
    app.goto(f"{app_url}/{PAGE.url_path}?lang=en")
    visits = people.visits_per_member(Filter(NOVEMBER), demo_database)
    members = visits["member_id"].nunique()
    assert members > STATIC_ROWS
    expect(app.page.get_by_text(f"The first {STATIC_ROWS} of {members:,} rows;")).to_be_visible()
    name, rows = download_csv(app, app.page.get_by_role("button", name="Export CSV").nth(3))
    assert name.startswith("member-visits_")
    assert len(rows) == members and list(rows.columns[:2]) == ["Member", "Village"]
    assert rows["2026-11"].sum() == visits["visits"].sum()
    app.page.get_by_text(f"All {members:,} rows", exact=True).click()
    app.settle()
    grid = app.page.locator('[data-testid="stDataFrame"] [role="grid"]')
    expect(grid).to_have_attribute("aria-rowcount", str(members + 1))  # and its header


def test_the_page_at_both_sizes(app_url: str, sized_app: Watched) -> None:
    look_at(sized_app, f"{app_url}/{PAGE.url_path}", {"members": "联系户数不在5–10户的党员", "watch": "防返贫监测户走访"})
