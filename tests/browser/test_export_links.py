"""A direct export link never widens the scope: a download is built in the clicking session, within its account's
place, and the link it was served from gives nothing to anyone once that account has signed out."""
import urllib.request
from urllib.error import HTTPError

import pandas as pd
from playwright.sync_api import expect
from sqlalchemy import Engine

from tests.browser.actions import download_csv
from tests.browser.conftest import SIGN_IN_FORM, Watched
from tests.browser.test_accounts import village_name


def fetched(url: str) -> tuple[int, bytes]:
    """What a client that never signed in gets at the URL: its status and body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except HTTPError as error:
        return error.code, b""


def export_of(app: Watched, stem: str) -> pd.DataFrame:
    """The rows of the page's CSV export whose file name starts with `stem`."""
    for button in app.page.get_by_role("button", name="导出 CSV").all():
        name, rows = download_csv(app, button)
        if name.startswith(stem):
            return rows
    raise AssertionError(f"no export {stem}…")


def test_a_village_secretary_who_opens_another_village_exports_their_own(
        app_url: str, app: Watched, demo_database: Engine) -> None:
    app.account = "secretary2"
    for page, stem, village in (("rankings", "积分排名_党员", "行政村"), ("backlog", "问题明细", "村")):
        app.goto(f"{app_url}/{page}?village=3&period=2026-11")
        rows = export_of(app, stem)
        assert len(rows) and set(rows[village]) == {village_name(demo_database, 2)}, page


def test_an_export_link_gives_nothing_once_its_account_has_signed_out(app_url: str, app: Watched) -> None:
    app.account = "leader"
    app.goto(f"{app_url}/rankings?period=2026-11")
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="导出 CSV").first.click()
    url = download.value.url
    status, body = fetched(url)  # the link is the file while the leader is signed in
    assert status == 200 and len(pd.read_csv(download.value.path(), encoding="utf-8-sig")) > 1
    assert body == download.value.path().read_bytes()
    app.page.get_by_role("button", name="退出登录").click()
    expect(app.page.locator(SIGN_IN_FORM)).to_be_visible()
    app.settle()
    assert fetched(url) == (404, b"")
