"""民情办理 in chromium: the figures on screen are the issue queries' for the same filter, on the demo township."""
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Locator, expect
from sqlalchemy import Engine

from data_access import issue_lists, issues, loop, organisation
from data_access.filters import Filter, Period
from tests.browser.actions import choose, metric
from tests.browser.conftest import AS_OF, LARGE, Watched, watched_page
from ui import metrics
from ui.navigation import PAGES
from ui.numbers import difference, fixed, percent, rounded
from ui.widgets import STATIC_ROWS

PAGE = next(spec for spec in PAGES if spec.path == "pages/backlog.py")
NOVEMBER = Period("month", AS_OF.replace(day=1))  # the latest month with data: the period the page opens on


def card(app: Watched, label: str) -> Locator:
    """The whole KPI card (value and change) whose label is exactly `label`."""
    label_element = app.page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stMetric"]', has=label_element)


def expect_the_cards(app: Watched, f: Filter, engine: Engine) -> pd.Series:
    """The KPI cards show loop_figures for `f` (and callback_figures' callbacks), each with its change against the
    previous period."""
    frame = loop.loop_figures(f, engine).set_index("period")
    now, before = frame.loc["current"], frame.loc["previous"]
    for label, key in (("受理数", "reported"), ("立案数", "filed"), ("结案数", "closed"), ("超期未结", "overdue_open")):
        expect(metric(app, label)).to_have_text(f"{now[key]:,}")
        expect(card(app, label).locator('[data-testid="stMetricDelta"]')).to_have_text(
            f"{now[key] - before[key]:+,}" if now[key] != before[key] else "0")
    callbacks = issues.callback_figures(f, engine).set_index("period")
    for label, rate, numerator, denominator, figures in (
        ("立案率", "filing_rate", "filed", "reported", frame),
        ("派遣率", "dispatch_rate", "dispatched", "filed", frame),
        ("结案率", "closure_rate", "closed", "due", frame),
        ("按期结案率", "on_time_rate", "closed_on_time", "due", frame),
        ("返工率", "rework_rate", "reopened", "due", frame),
        ("延期率", "extension_rate", "extended", "due", frame),
        ("满意率", "satisfaction_rate", "satisfied", "callbacks", callbacks),
    ):
        rates = figures[rate]
        expect(metric(app, label)).to_contain_text(percent(rates["current"]))
        counts = figures.loc["current"]
        expect(metric(app, label)).to_contain_text(f"{counts[numerator]:,} / {counts[denominator]:,}")
        change = difference(rates["current"], rates["previous"], 1, 100)
        expect(card(app, label).locator('[data-testid="stMetricDelta"]')).to_have_text(
            "0" if change == 0 else f"{change:+} 百分点")
    expect(metric(app, "平均办结天数")).to_contain_text(fixed(now["avg_days_to_close"], 1))
    expect(metric(app, "平均派遣天数")).to_contain_text(fixed(now["avg_days_to_dispatch"], 1))
    return now


def expect_the_rule(app: Watched, label: str, rule: str) -> None:
    """The (?) of the card labelled `label` opens `rule` and nothing else."""
    card(app, label).locator('[data-testid="stTooltipIcon"]').hover()
    expect(app.page.locator('[data-testid="stTooltipContent"]')).to_have_text(rule)
    app.page.mouse.move(0, 0)


def expect_the_breakdown(app: Watched, f: Filter, engine: Engine) -> None:
    """The breakdown's export (by service line) holds loop_figures_by's counts and rates, as the cards round them."""
    exports = {}
    for button in app.page.get_by_role("button", name="导出 CSV").all():
        with app.page.expect_download() as download:
            button.click()
        exports[download.value.suggested_filename.split("_")[0]] = download.value.path()
    rows = pd.read_csv(exports["民情办理分布-服务类别"], encoding="utf-8-sig")
    by = loop.loop_figures_by(f, "service_line", engine)
    for key in ("reported", "filed", "dispatched", "due", "closed", "closed_on_time", "overdue_open"):
        assert rows[metrics.label(key, "zh")].tolist() == by[key].tolist(), key
    for key in ("filing_rate", "on_time_rate", "extension_rate"):
        assert rows[f"{metrics.label(key, 'zh')} (%)"].tolist() == pytest.approx(
            rounded(by[key], 1, scale=100).tolist(), nan_ok=True), key


def expect_the_agenda_fits(app: Watched, f: Filter, cards: pd.Series, engine: Engine) -> None:
    """The overdue list is headed by the count on the 超期未结 card, holds that many issues and, at 1280×720, needs
    no sideways scrolling (screenshot)."""
    assert len(issue_lists.overdue_issues(f, engine)) == cards["overdue_open"]
    heading = app.page.get_by_role("heading", name=f"超期未结清单（{cards['overdue_open']:,} 件）")
    heading.evaluate("el => el.scrollIntoView()")  # the list from the top of the screen, as at the meeting
    app.settle()
    scroller = app.page.locator(".cockpit-table").first
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the agenda scrolls sideways"
    app.screenshot("agenda")


def test_the_township_figures_are_the_queries(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    expect(app.page.locator("h1").first).to_have_text(PAGE.title_zh)
    now = expect_the_cards(app, Filter(NOVEMBER), demo_database)
    assert now["filed"] > 0 and now["overdue_open"] > 0  # real figures, not an empty month
    rule = metrics.rule("extension_rate", "zh", "2026年11月")  # the one definition the card's (?) shows
    assert rule.startswith("延期率 = 延期数 ÷ 应结案数（2026年11月）。延期数：2026年11月内办理期限被延后的次数")
    for label, key in (("延期率", "extension_rate"), ("满意率", "satisfaction_rate"), ("超期未结", "overdue_open")):
        expect_the_rule(app, label, metrics.help_text(key, "zh", "2026年11月", "箭头为与2026年10月相比的变化。"))
    expect_the_breakdown(app, Filter(NOVEMBER), demo_database)
    expect_the_agenda_fits(app, Filter(NOVEMBER), now, demo_database)
    breakdown = app.page.get_by_role("heading", name="分类与分布")
    breakdown.evaluate("el => el.scrollIntoView()")
    app.settle()
    app.screenshot("breakdown")


def test_one_village_shows_its_own_figures_and_overdue_list(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    name = choose(app, "行政村", 1)
    villages = organisation.villages(Filter(NOVEMBER), demo_database)
    village_id = int(villages.loc[villages["name"] == name, "id"].iloc[0])
    f = Filter(NOVEMBER, village_id=village_id)
    cards = expect_the_cards(app, f, demo_database)
    expect_the_agenda_fits(app, f, cards, demo_database)
    overdue = issue_lists.overdue_issues(f, demo_database)

    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").first.click()
    assert download.value.suggested_filename == f"超期未结清单_{name}_{NOVEMBER.label}.csv"
    agenda = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    # the village column goes once a village is chosen: the agenda keeps to what a projector can show
    assert agenda.columns.tolist() == ["超期天数", "问题", "片区", "网格", "责任人", "服务类别", "办理层级"]
    assert agenda["超期天数"].tolist() == overdue["days_overdue"].tolist()
    assert agenda["责任人"].str.contains(r"\*").all()  # masked


def test_a_closed_months_overdue_list_is_its_card(app_url: str, app: Watched, demo_database: Engine) -> None:
    """July 2026, a closed month: its list holds the issues its 超期未结 card counts, whatever was recorded since (on
    the demo, the issue rows' current state would list one more)."""
    july = Filter(Period("month", date(2026, 7, 1)))
    app.goto(f"{app_url}/{PAGE.url_path}?period={july.period.label}")
    cards = expect_the_cards(app, july, demo_database)
    expect_the_agenda_fits(app, july, cards, demo_database)


def test_a_rank_is_a_number_with_too_few_beside_an_unranked_group(app_url: str, app_log: Path, app: Watched,
                                                                 demo_database: Engine) -> None:
    logged = len(app_log.read_text())
    app.goto(f"{app_url}/{PAGE.url_path}?village=2")
    scores = issues.callback_scores(Filter(NOVEMBER, village_id=2), "service_point", demo_database)
    assert scores["small_sample"].any() and scores["rank"].notna().any()
    exports = {}
    for button in app.page.get_by_role("button", name="导出 CSV").all():
        with app.page.expect_download() as download:
            button.click()
        exports[download.value.suggested_filename.split("_")[0]] = download.value.path()
    rows = pd.read_csv(exports["回访评价"], encoding="utf-8-sig", dtype={"排名": "Int64", "备注": str})
    assert rows["名称"].tolist() == scores["service_point"].tolist()
    assert rows["排名"].tolist() == scores["rank"].tolist()
    assert rows["备注"].fillna("").tolist() == ["样本不足" if small else "" for small in scores["small_sample"]]
    log = app_log.read_text()[logged:]  # st.dataframe turned the tables into Arrow without a fallback
    assert "Traceback" not in log and "ArrowInvalid" not in log, log


def test_the_search_narrows_the_issue_list_and_its_export(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.goto(f"{app_url}/{PAGE.url_path}")
    word = "纠纷"
    search = app.page.get_by_label("按问题标题搜索")
    search.fill(word)
    search.press("Enter")
    app.settle()
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").last.click()
    listed = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    expected = issue_lists.issue_list(Filter(NOVEMBER), word, demo_database)
    assert len(listed) == len(expected) > 0
    assert listed["问题"].str.contains(word).all()
    assert download.value.suggested_filename == f"问题明细_全部_{NOVEMBER.label}.csv"


def test_the_issue_list_shows_its_first_rows_and_all_of_them_on_request(app_url: str, app: Watched,
                                                                      demo_database: Engine) -> None:
    """A long table is drawn as a static table of its first STATIC_ROWS rows, saying how many there are; the switch
    beside its downloads shows every row in a grid that sorts and scrolls."""
    app.goto(f"{app_url}/{PAGE.url_path}")
    total = len(issue_lists.issue_list(Filter(NOVEMBER), None, demo_database))
    assert total > STATIC_ROWS
    listed = app.page.locator(".cockpit-table").last
    expect(listed.locator("tbody tr")).to_have_count(STATIC_ROWS)
    expect(app.page.get_by_text(f"显示前 {STATIC_ROWS} 行，共 {total:,} 行；打开“全部”可排序浏览，导出含全部。")).to_be_visible()
    expect(app.page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    tables = app.page.locator(".cockpit-table").count()
    app.page.get_by_text(f"全部 {total:,} 行", exact=True).click()
    app.settle()
    grid = app.page.locator('[data-testid="stDataFrame"]')
    expect(grid).to_have_count(1)
    expect(grid.locator('[role="grid"]')).to_have_attribute("aria-rowcount", str(total + 1))  # and its header
    expect(app.page.locator(".cockpit-table")).to_have_count(tables - 1)
    app.screenshot("all-issues")


def test_the_page_at_full_hd_and_in_english(app_url: str, browser: Browser, demo_database: Engine) -> None:
    with watched_page(browser, "backlog-1920x1080", LARGE) as app:
        app.goto(f"{app_url}/{PAGE.url_path}?lang=en")
        figures = loop.loop_figures(Filter(NOVEMBER), demo_database).loc[0]
        expect(metric(app, "Filed")).to_have_text(f"{figures['filed']:,}")
        expect(metric(app, "Extension rate")).to_contain_text(f"{figures['extended']:,} / {figures['due']:,}")
        expect(app.page.get_by_role("heading", name=re.compile(r"^Overdue and open \(\d+\)"))).to_be_visible()
        app.screenshot("top")
        app.page.get_by_role("heading", name="The last 24 months").scroll_into_view_if_needed()
        app.settle()
        app.screenshot("trend")
