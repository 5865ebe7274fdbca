"""Sign-in through a real OpenID Connect provider (the npm package oidc-provider, tests/oidc/provider.mjs) with
Streamlit's own st.login: chromium follows the real redirects, signs in on the provider's page, and the cockpit
shows who is signed in and the role their claims give; claims that give no role are refused; without [auth] in
secrets.toml nothing changes."""
import re
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine, select

from schema import Village
from tests.browser.actions import selected
from tests.browser.conftest import ROOT, Watched, free_port, streamlit_app, wait_for, watched_page

OIDC = ROOT / "tests" / "oidc"
SIGN_IN, SIGN_OUT = "用单位账号登录", "退出登录"
ROLES = """
[oidc]
role_claim = "cockpit_role"
village_claim = "village"

[oidc.roles]
"township-leader" = "leader"
"village-secretary" = "village_secretary"
"""


@dataclass(frozen=True)
class OidcApp:
    base: str  # the app's URL (localhost: the redirect URI's host)
    issuer: str  # the provider's URL (127.0.0.1: its cookies stay apart from the app's)
    log: Path  # the app server's log


@contextmanager
def oidc_provider(redirect_uri: str, client_secret: str, log: Path) -> Iterator[str]:
    """tests/oidc/provider.mjs on a free port, with one client for `redirect_uri`; yields its issuer URL."""
    if not (OIDC / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("tests/oidc/node_modules is missing: ./test.sh installs it (npm ci --prefix tests/oidc)")
    issuer = f"http://127.0.0.1:{free_port()}"
    with log.open("w") as output:
        provider = subprocess.Popen(["node", "provider.mjs", issuer.rsplit(":", 1)[1], redirect_uri, client_secret],
                                    cwd=OIDC, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", None, provider, log, 30)
        yield issuer
    finally:
        provider.terminate()
        provider.wait(timeout=10)


@pytest.fixture(scope="module")
def oidc_app(demo_database: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcApp]:
    """The app on the demo database with [auth] pointing at the local provider."""
    folder = tmp_path_factory.mktemp("oidc")
    port, client_secret = free_port(), secrets.token_urlsafe(24)
    base = f"http://localhost:{port}"
    with oidc_provider(f"{base}/oauth2callback", client_secret, folder / "provider.log") as issuer:
        settings = folder / "secrets.toml"
        settings.write_text(f"""
[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "cockpit"
client_secret = "{client_secret}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
client_kwargs = {{ scope = "openid profile cockpit", prompt = "login" }}
{ROLES}""", encoding="utf-8")
        log = folder / "streamlit.log"
        with streamlit_app(demo_database.url.render_as_string(hide_password=False), log, port=port,
                           options=["--secrets.files", str(settings)]):
            yield OidcApp(base, issuer, log)


PASSWORDS = {"wang.secretary": "wang-pw", "li.leader": "li-pw", "zhao.guest": "zhao-pw"}  # tests/oidc/provider.mjs


def sign_in(app: Watched, oidc_app: OidcApp, login: str) -> None:
    """From the cockpit through the provider's login page (a wrong password first) and back."""
    base, issuer = oidc_app.base, oidc_app.issuer
    app.account = None  # not through the password form
    app.goto(base)
    app.page.get_by_role("button", name=SIGN_IN).click()
    app.page.wait_for_url(re.compile(rf"^{re.escape(issuer)}/interaction/"))
    app.page.locator('input[name="login"]').fill(login)
    app.page.locator('input[name="password"]').fill("wrong")
    app.page.locator('button[type="submit"]').click()
    expect(app.page.get_by_text("Wrong login or password.")).to_be_visible()
    app.page.locator('input[name="login"]').fill(login)
    app.page.locator('input[name="password"]').fill(PASSWORDS[login])
    app.page.locator('button[type="submit"]').click()
    app.page.wait_for_url(re.compile(rf"^{re.escape(base)}/?$"))
    app.settle()


def test_a_village_secretary_signs_in_sees_their_role_and_village_and_signs_out(
        browser: Browser, oidc_app: OidcApp, demo_database: Engine) -> None:
    base, issuer = oidc_app.base, oidc_app.issuer
    with demo_database.connect() as conn:
        village = conn.execute(select(Village.name).where(Village.id == 2)).scalar_one()
    with watched_page(browser, "oidc-village-secretary") as app:
        sign_in(app, oidc_app, "wang.secretary")
        sidebar = app.page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(re.compile(r"wang\.secretary · 村书记"))).to_be_visible()
        expect(selected(app, "行政村")).to_have_value(village)  # their village, from the claim
        app.screenshot("signed-in")
        sidebar.get_by_role("button", name=SIGN_OUT).click()
        app.page.wait_for_url(re.compile(rf"^{re.escape(issuer)}/session/end"))
        app.page.get_by_role("button", name="Sign out").click()  # the provider's page
        app.page.wait_for_url(re.compile(rf"^{re.escape(base)}/?$"))
        app.settle()
        expect(app.page.get_by_role("button", name=SIGN_IN)).to_be_visible()
        expect(app.page.get_by_text("已登录")).to_have_count(0)


def test_a_township_leader_gets_the_whole_township(browser: Browser, oidc_app: OidcApp) -> None:
    with watched_page(browser, "oidc-leader") as app:
        sign_in(app, oidc_app, "li.leader")
        expect(app.page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"li\.leader · 乡镇领导"))
               ).to_be_visible()


def test_claims_that_give_no_role_are_refused_and_see_no_data(browser: Browser, oidc_app: OidcApp) -> None:
    with watched_page(browser, "oidc-refused") as app:
        sign_in(app, oidc_app, "zhao.guest")
        expect(app.page.get_by_text("单位账号“赵访客”没有驾驶舱角色或所属村")).to_be_visible()
        app.screenshot("refused")
        expect(app.page.locator('[data-testid="stMetric"]')).to_have_count(0)
        expect(app.page.get_by_text("已登录")).to_have_count(0)
        expect(app.page.get_by_role("button", name=SIGN_OUT)).to_be_visible()
        assert "cockpit_role" not in app.page.locator('[data-testid="stMain"]').inner_text()
    refusal = "'zhao.guest' through the OIDC provider refused: the claim cockpit_role='visitor' gives no cockpit role"
    assert refusal in oidc_app.log.read_text()


def test_without_auth_in_secrets_there_is_no_sign_in(app: Watched, app_url: str) -> None:
    app.goto(app_url)
    expect(app.page.locator('[data-testid="stMetric"]').first).to_be_visible()
    expect(app.page.get_by_role("button", name=SIGN_IN)).to_have_count(0)
