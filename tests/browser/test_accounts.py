"""Sign-in and roles in chromium on the demo data: nothing before signing in, one message for every failure, a
village secretary kept to their village, names by role, an observer's WebSocket frames free of personal data,
exports and unmasks in the audit trail, and the administrator's audit page."""
import re
from datetime import date

import pandas as pd
import pytest
from playwright.sync_api import WebSocket, expect
from sqlalchemy import Engine, select

from accounts.models import AuditEvent
from data_access.filters import Filter, Period, Viewer
from data_access.rankings import ranking
from schema import Grid, Household, Issue, PartyMember, ServicePoint, Village
from tests.browser.actions import download_csv, metric, selected
from tests.browser.conftest import PASSWORD, SIGN_IN_FORM, TABLES, Watched
from tests.browser.test_hardening import grid_outside

NOVEMBER = Filter(Period("month", date(2026, 11, 1)))
FAILED = "用户名或密码不正确，或尝试次数过多、账号已暂时锁定。"
PAGES_WITH_PEOPLE = ["", "coverage", "rankings", "backlog", "agenda", "volunteers", "map"]


def village_name(engine: Engine, village_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(Village.name).where(Village.id == village_id)).scalar_one()


def audit_rows(engine: Engine, actor: str, action: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(
            select(AuditEvent.resource, AuditEvent.detail).where(AuditEvent.actor == actor, AuditEvent.action == action)
            .order_by(AuditEvent.id))]


def test_before_signing_in_there_is_the_form_and_no_data(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.account = None
    app.goto(f"{app_url}/rankings?village=1")
    expect(app.page.locator(SIGN_IN_FORM)).to_be_visible()
    expect(app.page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect(app.page.locator('[data-testid="stSidebarNavLink"]')).to_have_count(0)
    expect(app.page.locator(TABLES)).to_have_count(0)
    app.screenshot("form")
    app.sign_in("leader")  # the link's page and place open once signed in
    expect(app.page.get_by_role("heading", name=re.compile("积分排名"))).to_be_visible()
    expect(selected(app, "行政村")).to_have_value(village_name(demo_database, 1))


@pytest.mark.parametrize(("name", "password"), [("leader", "wrong password"), ("nobody", PASSWORD)])
def test_a_wrong_password_and_an_unknown_name_get_the_same_message(
        app_url: str, app: Watched, demo_database: Engine, name: str, password: str) -> None:
    app.account = None
    app.goto(app_url)
    app.sign_in(name, password)
    expect(app.page.locator('[data-testid="stAlertContentError"]')).to_contain_text(FAILED)
    expect(app.page.locator('[data-testid="stMetric"]')).to_have_count(0)
    assert audit_rows(demo_database, name, "sign_in_failed")


@pytest.mark.parametrize("param", ["village", "grid"])
def test_a_village_secretary_who_opens_another_village_gets_a_notice_and_their_own(
        app_url: str, app: Watched, demo_database: Engine, param: str) -> None:
    app.account = "secretary2"
    value = 3 if param == "village" else grid_outside(demo_database, 2)
    app.goto(f"{app_url}/?{param}={value}")
    expect(app.page.locator('[data-testid="stAlertContentWarning"]')).to_contain_text(
        f"链接中的地点“{param}={value}”不存在或不在您的查看范围内，已显示您负责的范围。")
    expect(selected(app, "行政村")).to_have_value(village_name(demo_database, 2))
    expect(metric(app, "行政村")).to_have_text("1")
    expect(app.page).to_have_url(re.compile(r"[?&]village=2(&|$)"))
    app.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    expect(app.page.get_by_role("option")).to_have_count(2)  # 全部 and village 2: no other village is offered
    app.page.keyboard.press("Escape")
    app.screenshot("own-village")


def test_a_village_secretary_exports_only_their_village(app_url: str, app: Watched, demo_database: Engine) -> None:
    app.account = "secretary2"
    app.goto(f"{app_url}/rankings?period=2026-11")
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").first)
    assert set(rows["行政村"]) == {village_name(demo_database, 2)}
    expected = ranking(Filter(NOVEMBER.period, scope=frozenset({2}), viewer=Viewer(members_named=True)), "member",
                       demo_database)
    assert rows["名称"].tolist() == expected["unit"].tolist()  # names in full, as in a 表彰 list
    resource, detail = audit_rows(demo_database, "secretary2", "export")[-1]
    assert resource == name and detail == "rankings?period=2026-11&village=2"


def test_a_leader_sees_members_names_in_full_an_observer_no_list_of_them(
        app_url: str, app: Watched, demo_database: Engine) -> None:
    full = ranking(Filter(NOVEMBER.period, viewer=Viewer(members_named=True)), "member", demo_database)["unit"]
    app.account = "leader"
    app.goto(f"{app_url}/rankings?period=2026-11")
    _, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV").first)
    assert rows["名称"].tolist() == full.tolist() and "*" not in "".join(full)
    app.account = "observer"
    app.goto(f"{app_url}/rankings?period=2026-11")
    expect(app.page.get_by_text("观察员只能查看汇总数据，此处不显示人员名单。")).to_be_visible()
    expect(app.page.get_by_role("radio", name="党员")).to_have_count(0)
    app.screenshot("observer")


def alert_lines(app: Watched) -> list[str]:
    """The home page's alerts as their closed lines read: how many of what."""
    return app.page.locator('[data-testid="stExpander"] summary').all_inner_texts()


def test_an_observer_reads_each_alerts_count_and_no_people_behind_it(app_url: str, app: Watched) -> None:
    app.account = "leader"
    app.goto(f"{app_url}/?period=2026-11")
    leader = alert_lines(app)
    app.account = "observer"
    app.goto(f"{app_url}/?period=2026-11")
    assert alert_lines(app) == leader and any(re.search(r"[1-9]\d* 户防返贫监测户", line) for line in leader)
    app.page.locator('[data-testid="stExpander"] summary', has_text="户防返贫监测户").click()
    app.settle()
    expect(app.page.get_by_text("观察员只能查看汇总数据，此处不显示人员名单。")).to_be_visible()
    expect(app.page.locator(TABLES)).to_have_count(0)


CAPTIONED = {"": "党员姓名", "coverage": "党员姓名", "agenda": "责任人姓名", "volunteers": "党员志愿者姓名"}


@pytest.mark.parametrize(("account", "said", "not_said"), [("leader", "完整显示", "已脱敏"),
                                                           ("observer", "已脱敏", "完整显示")])
def test_the_captions_say_members_names_are_masked_only_where_they_are(
        app_url: str, app: Watched, account: str, said: str, not_said: str) -> None:
    app.account = account
    for path, names in CAPTIONED.items():
        app.goto(f"{app_url}/{path}?period=2026-11")
        captions = app.page.locator('[data-testid="stCaptionContainer"]')
        expect(captions.filter(has_text=re.compile(f"{said}：[^。]*{names}"))).not_to_have_count(0)
        expect(captions.filter(has_text=re.compile(f"{not_said}：[^。]*{names}"))).to_have_count(0)


def personal_data(engine: Engine) -> tuple[set[str], set[str]]:
    """Residents' names, phones and ID numbers; party members' and cadres' names (3 characters or more, so that a
    name cannot stand inside other text by chance)."""
    with engine.connect() as conn:
        residents = {value for row in conn.execute(select(Household.head_name, Household.head_phone,
                                                          Household.head_id_number)) for value in row}
        members = set(conn.execute(select(PartyMember.name)).scalars())
        members |= set(conn.execute(select(ServicePoint.leader_name)).scalars())
        members |= set(conn.execute(select(ServicePoint.instructor_name)).scalars())
        members |= set(conn.execute(select(Grid.worker_name)).scalars())
        members |= set(conn.execute(select(Issue.owner_name)).scalars())
    return ({value for value in residents if value and len(value) >= 3},
            {name for name in members if name and len(name) >= 3})


def frames_of(app: Watched, app_url: str, period: str) -> bytes:
    """Every WebSocket frame the browser receives while the pages with lists of people are opened."""
    received: list[bytes] = []

    def listen(socket: WebSocket) -> None:
        socket.on("framereceived", lambda frame: received.append(frame if isinstance(frame, bytes) else
                                                                  frame.encode()))

    app.page.on("websocket", listen)
    for path in PAGES_WITH_PEOPLE:
        app.goto(f"{app_url}/{path}?period={period}")
    return b"".join(received)


def found_in(frames: bytes, values: set[str]) -> list[str]:
    return sorted(value for value in values if value.encode() in frames)


def test_an_observers_websocket_frames_hold_no_personal_data(app_url: str, app: Watched,
                                                              demo_database: Engine) -> None:
    residents, members = personal_data(demo_database)
    app.account = "observer"
    frames = frames_of(app, app_url, "2026-11")
    assert len(frames) > 100_000  # the pages did arrive
    assert found_in(frames, residents) == []
    assert found_in(frames, members) == []


def test_a_leaders_frames_do_hold_members_names_and_no_residents_data(app_url: str, app: Watched,
                                                                       demo_database: Engine) -> None:
    """The check above can fail: the same pages give a leader members' names in full."""
    residents, members = personal_data(demo_database)
    app.account = "leader"
    frames = frames_of(app, app_url, "2026-11")
    assert len(found_in(frames, members)) > 20
    assert found_in(frames, residents - members) == []  # a member heading a household is named as a member


def unlinked_households(app: Watched) -> tuple[str, pd.DataFrame]:
    """The coverage page's export of unlinked households (the list with residents' phones)."""
    for button in app.page.get_by_role("button", name="导出 CSV").all():
        name, rows = download_csv(app, button)
        if name.startswith("党员联系户_未联系户"):
            return name, rows
    raise AssertionError("no export of unlinked households")


def test_a_leader_unmasks_a_list_with_a_reason_and_it_is_recorded(app_url: str, app: Watched,
                                                                   demo_database: Engine) -> None:
    app.account = "leader"
    app.goto(f"{app_url}/coverage?period=2026-11")
    _, masked = unlinked_households(app)
    assert masked["电话"].str.fullmatch(r"1[0-9]{2}\*{4}[0-9]{4}").all()
    app.page.get_by_role("button", name="显示本页居民信息").click()
    dialog = app.page.get_by_role("dialog")
    dialog.get_by_role("button", name="确认显示").click()
    expect(dialog.get_by_text("请填写至少 4 个字的原因。")).to_be_visible()
    dialog.locator("textarea").fill("走访核实联系户名单")
    dialog.locator("textarea").press("Tab")
    dialog.get_by_role("button", name="确认显示").click()
    app.settle()
    expect(app.page.get_by_text("本页居民信息已显示（已记录）。换页或改筛选后恢复脱敏。")).to_be_visible()
    _, shown = unlinked_households(app)
    assert shown["电话"].astype(str).str.fullmatch(r"1[0-9]{10}").all() and len(shown) == len(masked)
    assert audit_rows(demo_database, "leader", "unmask")[-1] == ("coverage?period=2026-11", "走访核实联系户名单")
    app.screenshot("unmasked")


def test_the_administrator_reads_the_audit_trail_and_a_leader_has_no_such_page(
        app_url: str, app: Watched) -> None:
    app.account = "leader"
    app.goto(app_url)
    expect(app.page.locator('[data-testid="stSidebarNavLink"]', has_text="审计日志")).to_have_count(0)
    app.account = "admin"
    app.goto(f"{app_url}/audit")
    expect(app.page.get_by_role("heading", name="审计日志")).to_be_visible()
    expect(app.page.locator(TABLES)).to_have_count(1)
    name, rows = download_csv(app, app.page.get_by_role("button", name="导出 CSV"))
    assert {"登录", "登录失败"} <= set(rows["操作"])
    assert "admin" in set(rows["账号"])
    app.screenshot("audit")
