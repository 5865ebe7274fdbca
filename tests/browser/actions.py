"""What a viewer does in the cockpit, for the browser tests: read a KPI card, pick a filter, change page."""
from playwright.sync_api import Locator

from tests.browser.conftest import Watched


def metric(app: Watched, label: str) -> Locator:
    """The value of the KPI card whose label is exactly `label`."""
    label_element = app.page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stMetric"]', has=label_element).locator('[data-testid="stMetricValue"]')


def picker(app: Watched, label: str) -> Locator:
    label_element = app.page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    return app.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has=label_element)


def selected(app: Watched, label: str) -> Locator:
    """The input showing a sidebar selectbox's current choice (use to_have_value)."""
    return picker(app, label).get_by_role("combobox")


def choose(app: Watched, label: str, option: int) -> str:
    """Pick the option-th entry (0 is 全部) of a sidebar selectbox; returns its text."""
    picker(app, label).click()
    choice = app.page.get_by_role("option").nth(option)
    text = choice.inner_text()
    choice.click()
    app.settle()
    return text


def go_to(app: Watched, title: str) -> None:
    app.page.locator('[data-testid="stSidebarNavLink"]', has_text=title).click()
    app.settle()
