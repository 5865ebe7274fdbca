"""What a viewer does in the cockpit, for the browser tests: read a KPI card, pick a filter, change page."""
import pandas as pd
from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import Watched


def metric(app: Watched, label: str) -> Locator:
    """The value of the KPI card whose label is exactly `label`."""
    label_element = app.page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stMetric"]', has=label_element).locator('[data-testid="stMetricValue"]')


def metric_count(app: Watched, label: str) -> Locator:
    """The grey line under the value of the KPI card labelled `label`: the count behind a rate (Kpi.count)."""
    label_element = app.page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stMetric"]', has=label_element).locator('[data-testid="stMetricDelta"]')


def download_csv(app: Watched, button: Locator) -> tuple[str, pd.DataFrame]:
    """Click an export button ("导出 CSV"); the file's suggested name and its rows."""
    with app.page.expect_download() as download:
        button.click()
    return download.value.suggested_filename, pd.read_csv(download.value.path(), encoding="utf-8-sig")


def picker(app: Watched, label: str) -> Locator:
    label_element = app.page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has=label_element)


def selected(app: Watched, label: str) -> Locator:
    """The input showing a sidebar selectbox's current choice (use to_have_value)."""
    return picker(app, label).get_by_role("combobox")


def open_picker(app: Watched, label: str, option: int = 0) -> Locator:
    """Open a sidebar selectbox's list; returns its option-th entry (0 is 全部)."""
    choice = app.page.get_by_role("option").nth(option)
    for _ in range(3):  # a rerun that lands just after the click closes the list again: open it anew
        picker(app, label).click()
        try:
            choice.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            app.settle()
    return choice


def choose(app: Watched, label: str, option: int) -> str:
    """Pick the option-th entry (0 is 全部) of a sidebar selectbox; returns its text."""
    choice = open_picker(app, label, option)
    text = choice.inner_text()
    choice.click()
    app.settle()
    return text


def go_to(app: Watched, title: str) -> None:
    app.page.locator('[data-testid="stSidebarNavLink"]', has_text=title).click()
    app.settle()


def scroll_to(app: Watched, heading: str) -> None:
    """Bring the page's heading with this text to the top of the view (before a screenshot)."""
    app.page.get_by_role("heading", name=heading).first.evaluate("element => element.scrollIntoView()")
    app.page.wait_for_timeout(300)


def look_at(app: Watched, url: str, headings: dict[str, str]) -> None:
    """Open the page; screenshot its top, then each heading (label → heading text) scrolled to the top."""
    app.goto(url)
    app.screenshot("top")
    for label, heading in headings.items():
        scroll_to(app, heading)
        app.screenshot(label)
