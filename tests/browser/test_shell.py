"""The shell in chromium: counts of the article, filters in the URL, fallbacks, language, pages."""
import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from ui.navigation import PAGES
from data_access.db import DatabaseUnavailable
from tests.browser.actions import choose, go_to, metric, picker, selected
from tests.browser.conftest import Watched


def test_home_shows_the_article_counts(app_url: str, app: Watched) -> None:
    app.goto(app_url)
    expected = {"行政村": "6", "片区服务点": "34", "村民小组": "102", "人才库": "117", "回乡人才": "18"}
    for label, value in expected.items():
        expect(metric(app, label)).to_have_text(value)
    expect(app.page.get_by_text("演示数据：")).to_be_visible()
    assert app.page.url.endswith("?period=2026-11")  # the latest month with data in the demo database
    expect(picker(app, "乡镇")).to_have_count(0)  # one township: no township to choose


def test_a_village_changes_the_counts_and_the_url_and_a_reload_restores_it(app_url: str, app: Watched) -> None:
    app.goto(app_url)
    village = choose(app, "行政村", 1)
    expect(app.page).to_have_url(re.compile(r"[?&]village=\d+"))
    expect(metric(app, "行政村")).to_have_text("1")
    points = int(metric(app, "片区服务点").inner_text())
    assert 4 <= points <= 7  # the article's villages have 4–7 片区 each
    point = choose(app, "片区", 2)
    expect(app.page).to_have_url(re.compile(r"[?&]village=\d+&service_point=\d+"))
    expect(metric(app, "片区服务点")).to_have_text("1")
    households = metric(app, "户数").inner_text()
    link = app.page.url

    app.reload()
    assert app.page.url == link
    expect(selected(app, "行政村")).to_have_value(village)
    expect(selected(app, "片区")).to_have_value(point)
    expect(metric(app, "户数")).to_have_text(households)
    app.screenshot("reloaded")


@pytest.mark.parametrize(
    ("query", "notices"),
    [
        ("?village=abc&period=2026-13", ["“abc”", "“2026-13”"]),
        ("?village=999", ["“999”"]),
        ("?grid=12x&lang=de", ["“12x”", "“de”"]),
    ],
)
def test_a_malformed_link_falls_back_with_a_notice(app_url: str, app: Watched, query: str, notices: list[str]) -> None:
    app.goto(app_url + "/" + query)
    warnings = app.page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings).to_have_count(len(notices))
    for notice in notices:
        expect(warnings.filter(has_text=notice)).to_have_count(1)
    expect(metric(app, "行政村")).to_have_text("6")
    expect(app.page).to_have_url(re.compile(r"/\?period=2026-11$"))
    app.screenshot("notices")
    choose(app, "行政村", 1)  # changing a filter dismisses the notices
    expect(warnings).to_have_count(0)


def test_a_malformed_link_in_english_says_so_in_english(app_url: str, app: Watched) -> None:
    app.goto(app_url + "/?lang=en&period=2026-13")
    expect(app.page.locator('[data-testid="stAlertContentWarning"]')).to_contain_text(
        'The period "2026-13" in the link is malformed or has no data; showing Nov 2026.')


def test_the_english_switch_changes_the_labels_and_the_url(app_url: str, app: Watched) -> None:
    app.goto(app_url)
    app.page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    app.settle()
    expect(metric(app, "Villages")).to_have_text("6")
    expect(app.page.get_by_text("Demo data:")).to_be_visible()
    expect(selected(app, "Village")).to_have_value("All")
    expect(app.page).to_have_url(re.compile(r"[?&]lang=en"))
    app.reload()
    expect(metric(app, "Returned home")).to_have_text("18")
    expect(app.page.get_by_role("link", name=PAGES[0].title_en)).to_be_visible()


def test_the_selection_survives_going_to_another_page_and_back(app_url: str, app: Watched) -> None:
    app.goto(app_url)
    village = choose(app, "行政村", 2)
    choose(app, "时段", 3)
    link = app.page.url
    households = metric(app, "户数").inner_text()
    go_to(app, PAGES[1].title_zh)
    expect(selected(app, "行政村")).to_have_value(village)
    assert app.page.url.split("?")[1] == link.split("?")[1]
    go_to(app, PAGES[0].title_zh)
    assert app.page.url == link
    expect(metric(app, "户数")).to_have_text(households)


def test_the_export_follows_the_filters(app_url: str, app: Watched) -> None:
    app.goto(app_url + "/" + PAGES[1].url_path)
    village = choose(app, "行政村", 3)
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").click()
    assert download.value.suggested_filename == f"组织体系_{village}_2026-11.csv"
    rows = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    assert rows.columns[0] == "名称" and 4 <= len(rows) <= 7  # the village's 片区
    go_to(app, PAGES[0].title_zh)
    expect(metric(app, "户数")).to_have_text(f"{rows['户数'].sum():,}")


def test_every_page_renders(app_url: str, sized_app: Watched) -> None:
    sized_app.goto(app_url + "/?village=1")
    for spec in PAGES:
        go_to(sized_app, spec.title_zh)
        expect(sized_app.page.locator("h1").first).to_be_visible()
        sized_app.screenshot(spec.url_path)


def test_an_empty_database_shows_a_message_on_every_page(
    empty_app: tuple[str, DatabaseUnavailable], app: Watched
) -> None:
    base, error = empty_app
    app.account = None  # nobody can sign in to an empty database: the message shows above the form
    for path in ["", *(spec.url_path for spec in PAGES[1:])]:
        app.goto(f"{base}/{path}")
        expect(app.page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
            error.message_zh.replace("`", ""))
        expect(app.page.get_by_text(error.message_en.replace("`", ""))).to_be_visible()
    app.screenshot("empty")
