"""The harness itself: a request that would leave the machine is caught, and the page is failed for it."""
import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Watched


def test_a_request_off_the_machine_is_recorded_aborted_and_fails_the_check(browser: Browser, app_url: str) -> None:
    context = browser.new_context()
    try:
        watched = Watched(context.new_page(), "harness")
        watched.page.goto(app_url + "/_stcore/health")
        watched.page.set_content('<img src="http://tiles.example.com/1/1/1.png"><p>x</p>')
        watched.page.wait_for_timeout(500)
        assert watched.foreign_requests == ["http://tiles.example.com/1/1/1.png"]
        with pytest.raises(AssertionError):  # the failed load is a console error too
            watched.check()
    finally:
        context.close()
