"""The cockpit tried as a careless user, a curious insider and an unlucky operator would (issue 15): edited and
hostile links, Markdown and HTML in the database's names, pages with nothing to list, random URL values on every
page, what a viewer sees of an exception, and the dialog shown while the server restarts."""
import random
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine, create_engine, select, update

from data_access import meetings
from data_access.alerts import data_as_of
from data_access.filters import Filter, Period
from data_access.organisation import data_months
from schema import Grid, ServicePoint, Township, Village
from tests.browser.actions import metric, selected
from tests.browser.conftest import SMALL, TRACEBACK, Watched, streamlit_app, watched_page
from ui.navigation import PAGES
from ui.text import WORD_JOINER

NOVEMBER = Filter(Period("month", date(2026, 11, 1)))
HOSTILE = {
    "township": "**粗体**乡",
    "village": "青岩村 [官方通知](http://evil.example/) ![x](http://evil.example/x.png)",
    "service_point": "<b>高坡</b>片区 :red[红] $x^2$ -> www.evil.example",
}


def shown_text(app: Watched, selector: str) -> str:
    return app.page.locator(selector).first.inner_text().replace(WORD_JOINER, "")


def expect_no_outside_link(app: Watched) -> None:
    """No link or image pointing off the machine (an image request would also fail the page's check)."""
    outside = app.page.eval_on_selector_all(
        "a[href], img[src]", "elements => elements.map(e => new URL(e.href || e.src, location.href))"
                             ".filter(url => url.protocol.startsWith('http') && url.host !== location.host)"
                             ".map(url => url.href)")
    assert outside == []


def warnings(app: Watched) -> list[str]:
    texts = app.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    return [text.replace(WORD_JOINER, "") for text in texts]


def grid_outside(engine: Engine, village_id: int) -> int:
    """A grid of another village than `village_id`."""
    query = (select(Grid.id).join(ServicePoint, ServicePoint.id == Grid.service_point_id)
             .where(ServicePoint.village_id != village_id).order_by(Grid.id).limit(1))
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


# ---- 1. pages with nothing new to list

@pytest.mark.parametrize("query", ["service_point=1", "grid=50", "since=AS_OF", "village=1&since=AS_OF"])
def test_the_agenda_with_nothing_new_since_the_last_meeting(
        app_url: str, app: Watched, demo_database: Engine, query: str) -> None:
    """The new-issues list is empty below the village level and when the last meeting is the data's own day."""
    as_of = data_as_of(NOVEMBER, demo_database)["as_of"].iloc[0]
    params = dict(pair.split("=") for pair in query.replace("AS_OF", f"{as_of:%Y-%m-%d}").split("&"))
    app.goto(f"{app_url}/agenda?" + "&".join(f"{k}={v}" for k, v in params.items()))
    expect(app.page.locator("h1").first).to_have_text("调度会议程")
    assert warnings(app) == []
    f = Filter(NOVEMBER.period, *(int(params[k]) if k in params else None for k in ("village", "service_point", "grid")))
    since = date.fromisoformat(params["since"]) if "since" in params else as_of - timedelta(days=7)
    fresh = meetings.new_issues(f, since, as_of, demo_database)
    expect(metric(app, "新增民情")).to_have_text(f"{len(fresh):,}")
    expect(app.page.get_by_role("heading", name=f"新增民情（{len(fresh)} 件）")).to_be_visible()
    app.screenshot("agenda")


# ---- 2–4. edited and malformed links

def test_a_grid_of_another_village_falls_back_to_the_village_on_every_page(
        app_url: str, app: Watched, demo_database: Engine) -> None:
    grid = grid_outside(demo_database, 1)
    with demo_database.connect() as conn:
        village = conn.execute(select(Village.name).where(Village.id == 1)).scalar_one()
    for spec in PAGES:
        path = "" if spec is PAGES[0] else spec.url_path
        app.goto(f"{app_url}/{path}?village=1&grid={grid}")
        assert warnings(app) == [f"link_off\n\n链接中的网格“{grid}”格式有误、不存在或不属于所选村和片区，已显示全部。"]
        expect(selected(app, "行政村")).to_have_value(village)
        expect(selected(app, "网格")).to_have_value("全部")
    app.page.goto(f"{app_url}/?village=1&grid={grid}")
    app.settle()
    app.sign_in_if_asked()
    app.screenshot("edited-link")


@pytest.mark.parametrize(("query", "param", "value"), [
    ("?village=%C2%B2", "行政村", "²"),
    ("?grid=%C2%B3", "网格", "³"),
    ("?village=%EF%BC%91", "行政村", "１"),
    ("?service_point=%D9%A3", "片区", "٣"),
    ("?village=" + "9" * 5000, "行政村", "9" * 59 + "…"),
])
def test_digits_that_are_not_ascii_or_too_many_are_refused(
        app_url: str, app: Watched, query: str, param: str, value: str) -> None:
    app.goto(f"{app_url}/{query}")
    [notice] = warnings(app)
    assert f"链接中的{param}“{value}”" in notice
    expect(metric(app, "行政村")).to_have_text("6")


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31", "2026-11-21", "2026-02-30", "٢٠٢٦-١١-١٣"])
def test_a_meeting_day_outside_the_data_falls_back(
        app_url: str, app: Watched, demo_database: Engine, since: str) -> None:
    first = data_months(demo_database)["first_month"].iloc[0]
    fallback = data_as_of(NOVEMBER, demo_database)["as_of"].iloc[0] - timedelta(days=7)
    app.goto(f"{app_url}/agenda?since={quote(since)}")
    [notice] = warnings(app)
    assert f"链接中的会议日期“{since}”格式有误，或不在 {first:%Y-%m-%d} 至数据日期之间，已使用 {fallback:%Y-%m-%d}。" in notice


# ---- 6. Markdown from the link

@pytest.mark.parametrize(("path", "value"), [
    ("/?village=", "[点此重新登录](http://evil.example/login)"),
    ("/agenda?since=", "[会议材料下载](http://evil.example/brief.xlsx)"),
    ("/?village=", "![x](http://evil.example/x.png)"),
    ("/?period=", "<img src=http://evil.example/y.png> **粗** www.evil.example"),
])
def test_markdown_in_a_link_is_shown_as_text(app_url: str, app: Watched, path: str, value: str) -> None:
    app.goto(app_url + path + quote(value))
    [notice] = warnings(app)
    assert f"“{value}”" in notice
    expect_no_outside_link(app)
    app.screenshot("notice")


# ---- 7. Markdown and HTML in the database's names

@pytest.fixture(scope="module")
def hostile_app(demo_database: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the demo database whose township, village 1 and its first 片区 have hostile names."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.db"
    shutil.copy(demo_database.url.database, path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(update(Township).values(name=HOSTILE["township"]))
        conn.execute(update(Village).where(Village.id == 1).values(name=HOSTILE["village"]))
        conn.execute(update(ServicePoint).where(ServicePoint.id == 1).values(name=HOSTILE["service_point"]))
    engine.dispose()
    with streamlit_app(f"sqlite:///{path}", folder / "streamlit.log") as base:
        yield base


def test_names_are_shown_as_text(hostile_app: str, app: Watched) -> None:
    app.goto(hostile_app + "/?village=1&service_point=1")
    assert shown_text(app, "h1") == f"{HOSTILE['township']} · 今日概览"
    place = f"{HOSTILE['village']} › {HOSTILE['service_point']}"
    assert shown_text(app, '[data-testid="stCaptionContainer"]') == f"范围：{place} · 时段：2026年11月"
    expect_no_outside_link(app)
    app.screenshot("home")
    for spec in PAGES[1:]:
        app.goto(f"{hostile_app}/{spec.url_path}?village=1&service_point=1")
        expect_no_outside_link(app)
        assert app.page.locator('[data-testid="stMarkdownContainer"] :is(strong, em, .katex)').filter(
            has_text="高坡").count() == 0
        for caption in app.page.locator('[data-testid="stCaptionContainer"]').filter(has_text="范围：").all():
            assert place in caption.inner_text().replace(WORD_JOINER, "")
    app.goto(hostile_app + "/map?village=1")
    assert shown_text(app, '[data-testid="stMain"] h3') == f"{HOSTILE['village']}各片区"
    app.screenshot("map")
    app.goto(hostile_app + "/organisation")  # a static table: every cell is text
    assert app.page.locator(".cockpit-table td").filter(has_text="青岩村").first.inner_text() == HOSTILE["village"]
    expect_no_outside_link(app)
    app.screenshot("table")


# ---- random values in every URL parameter, on every page

def random_links(count: int, seed: int = 15) -> list[str]:
    """Query strings with random text, numbers and look-alike digits in the parameters the app reads."""
    pick = random.Random(seed)
    pieces = ["1", "2", "50", "0", "-1", "²", "１", "٣", "9" * 30, "2026-11", "2026Q4", "2026", "2026-11-13",
              "en", "projector", " ", "%", "'", '"', "<", "**", "[x](y)", "Ω", "🏘", "\u2060", "NaN", "e9"]
    links = []
    for _ in range(count):
        params = pick.sample(["village", "service_point", "grid", "period", "lang", "since", "mode"], pick.randint(1, 4))
        links.append("&".join(f"{name}={quote(''.join(pick.choices(pieces, k=pick.randint(1, 3))))}" for name in params))
    return links


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_random_links_on_every_page(app_url: str, app: Watched, spec) -> None:
    path = "" if spec is PAGES[0] else spec.url_path
    for query in random_links(2, seed=PAGES.index(spec)):
        app.goto(f"{app_url}/{path}?{query}")
        expect(app.page.locator("h1").first).to_be_visible()


# ---- 13. an exception, as a viewer sees it with the shipped configuration

def test_a_viewer_sees_no_error_details_and_the_server_logs_them(browser: Browser, tmp_path: Path) -> None:
    log = tmp_path / "streamlit.log"
    script = str(Path(__file__).with_name("scripts") / "failing_page.py")
    context = browser.new_context(viewport=SMALL)
    try:
        with streamlit_app("sqlite://", log, script, checked=False, error_details=False) as base:
            app = Watched(context.new_page(), "hardening-error-details")
            app.page.goto(base)
            expect(app.page.locator("h1")).to_have_text("failing page")
            notice = app.page.locator('[data-testid="stException"]')
            expect(notice).to_be_visible()
            app.screenshot("error")
            assert "secret_path" not in notice.inner_text() and "RuntimeError" not in notice.inner_text()
            assert app.page.get_by_role("link").filter(has_text="Ask").count() == 0
    finally:
        context.close()
    assert "secret_path" in log.read_text() and TRACEBACK in log.read_text()


# ---- 14. the server restarts

@pytest.mark.parametrize(("lang", "title"), [("zh", "与服务器的连接中断"), ("en", "Connection to the server lost")])
def test_the_connection_dialog_speaks_the_viewers_language(
        browser: Browser, demo_database: Engine, tmp_path: Path, lang: str, title: str) -> None:
    url = demo_database.url.render_as_string(hide_password=False)
    with watched_page(browser, f"hardening-connection-{lang}") as app:
        with streamlit_app(url, tmp_path / "streamlit.log") as base:
            app.goto(f"{base}/?lang={lang}")
        dialog = app.page.get_by_role("dialog")
        expect(dialog.get_by_role("heading")).to_have_text(title, timeout=30_000)
        expect(dialog).not_to_contain_text("internet")
        app.screenshot("dialog")
        app.console_errors.clear()  # the browser reports the lost connection as console errors
