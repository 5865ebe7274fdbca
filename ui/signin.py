"""The sign-in gate: nothing of the data shows until a password (or the organisation's sign-in, ui.oidc) has
opened a session; each page run resumes that session from the database, so the role and place a viewer may see
come from the account and never from anything the browser sent. Also the sidebar's account box (who is signed in,
sign-out, and for a role allowed to, the recorded unmask of residents' data on the page in view)."""
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st
from streamlit import runtime

from accounts.audit import record
from accounts.db import accounts_engine
from accounts.roles import ROLE_NAMES, UNMASKING_ROLES, viewer_for
from accounts.roles import Role
from accounts.signin import SignedIn, resume, sign_in, sign_out, start_organisation_session, utcnow
from data_access.filters import Filter
from ui.i18n import Strings, current_lang
from ui.selection import Selection
from ui.text import plain

TOKEN, ACCOUNT, UNMASKED, PAGE = "session_token", "signed_in_account", "unmasked_for", "page_in_view"
MIN_REASON = 4
S = Strings({
    "title": ("网格治理驾驶舱 · 登录", "Grid-governance cockpit · Sign in"),
    "name": ("用户名 · Name", "Name · 用户名"),
    "password": ("密码 · Password", "Password · 密码"),
    "submit": ("登录 · Sign in", "Sign in · 登录"),
    "failed": ("用户名或密码不正确，或尝试次数过多、账号已暂时锁定。请稍后再试，或请管理员重置。",
               "Wrong name or password, or too many attempts and the account is locked for a while. Try again "
               "later, or ask the administrator to reset it."),
    "expired": ("登录已过期，请重新登录。", "Your session has ended; please sign in again."),
    "note": ("登录后才显示数据；范围和可见的姓名取决于账号的角色。",
             "Data shows only after signing in; what you see depends on your account's role."),
    "sign_out": ("退出登录", "Sign out"),
    "unmask": ("显示本页居民信息", "Show residents' data on this page"),
    "unmask.help": ("居民姓名、电话、身份证号默认脱敏；显示须填写原因，并记入审计日志。",
                    "Residents' names, phones and ID numbers are masked; showing them asks a reason, which is "
                    "recorded in the audit trail."),
    "unmask.title": ("显示居民个人信息", "Show residents' personal data"),
    "unmask.reason": ("原因（将记入审计日志）", "Reason (recorded in the audit trail)"),
    "unmask.confirm": ("确认显示", "Show"),
    "unmask.short": ("请填写至少 {n} 个字的原因。", "Please give a reason of at least {n} characters."),
    "unmasked": ("本页居民信息已显示（已记录）。换页或改筛选后恢复脱敏。",
                 "Residents' data is shown on this page (recorded); it is masked again on another page or filter."),
    "mask": ("恢复脱敏", "Mask again"),
})


def current_account() -> SignedIn | None:
    """The account of this run's session, as resumed from the database by `gate`."""
    return st.session_state.get(ACCOUNT)


def gate() -> SignedIn | None:
    """Resume the session of this browser tab from the database; None when there is none, it ended or it expired
    (then show `sign_in_form` and nothing else)."""
    token = st.session_state.get(TOKEN)
    account = resume(accounts_engine(), token, utcnow()) if token else None
    st.session_state[ACCOUNT] = account
    if account is None and token:
        del st.session_state[TOKEN]
        st.session_state["signin_expired"] = True
    return account


def begin_organisation_session(name: str, role: Role, village_id: int | None) -> None:
    """Open the session of someone the organisation's provider has signed in (ui.oidc), with the role and village
    their claims give."""
    st.session_state[TOKEN] = start_organisation_session(accounts_engine(), name, role, village_id, utcnow())


def sign_in_form() -> None:
    st.title(S("title"))
    if st.session_state.pop("signin_expired", False):
        st.info(S("expired"), icon=":material/timer_off:")
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(S("name"), max_chars=60, autocomplete="username")
        password = st.text_input(S("password"), type="password", max_chars=200, autocomplete="current-password")
        submitted = st.form_submit_button(S("submit"), type="primary", icon=":material/login:")
    st.caption(S("note"))
    if submitted:
        token = sign_in(accounts_engine(), name.strip(), password, utcnow())
        if token is None:
            st.error(S("failed"), icon=":material/lock:")
        else:
            st.session_state[TOKEN] = token
            st.rerun()


def account_box(page_path: str, selection: Selection) -> None:
    """Who is signed in, the sign-out button and, for a role allowed to, the unmask of this page's list."""
    account = current_account()
    st.session_state[PAGE] = (page_path, selection)
    zh, en = ROLE_NAMES[account.role]
    box = st.sidebar.container(border=True)
    box.markdown(f"{plain(account.name)} · {zh if current_lang() == 'zh' else en}")
    if account.role in UNMASKING_ROLES:
        if residents_unmasked():
            box.caption(S("unmasked"))
            box.button(S("mask"), icon=":material/visibility_off:", on_click=st.session_state.pop, args=(UNMASKED,))
        else:
            if box.button(S("unmask"), help=S("unmask.help"), icon=":material/visibility:"):
                _ask_reason()
    box.button(S("sign_out"), icon=":material/logout:", on_click=_sign_out)


def residents_unmasked() -> bool:
    """Whether the viewer has unmasked residents' data for the page and filter now in view."""
    return UNMASKED in st.session_state and st.session_state[UNMASKED] == st.session_state.get(PAGE)


def scoped(f: Filter) -> Filter:
    """The filter within the signed-in account's villages or 片区, reading names as its role may."""
    account = current_account()
    if account is None:  # never reached past the gate; nothing at all otherwise
        return replace(f, scope=frozenset())
    return replace(f, scope=account.scope, area_scope=account.area_scope,
                   viewer=viewer_for(account.role, residents_unmasked()))


def filter_text(page_path: str, selection: Selection) -> str:
    """A page and filter as the audit trail records them: "rankings?period=2026-11&village=2"."""
    return f"{page_path or 'home'}?{urlencode(selection.to_params())}"


def audit(action: str, resource: str, detail: str = "") -> None:
    """Record an act of the signed-in account."""
    export_recorder(resource, action)(detail)


def export_recorder(resource: str, action: str = "export") -> Callable[..., None]:
    """A function that records, when called (also outside the page's script), the act of the account signed in
    now on the page and filter in view now."""
    account = current_account()
    actor = account.name if account else "?"
    page_path, selection = st.session_state.get(PAGE, ("", None))
    where = filter_text(page_path, selection) if selection is not None else ""

    def write(detail: str = where) -> None:
        with accounts_engine().begin() as conn:
            record(conn, utcnow(), actor, action, resource, detail)

    return write


@st.dialog(S.text("unmask.title", "zh") + " · " + S.text("unmask.title", "en"))
def _ask_reason() -> None:
    st.caption(S("unmask.help"))
    reason = st.text_area(S("unmask.reason"), max_chars=300)
    if st.button(S("unmask.confirm"), type="primary"):
        if len(reason.strip()) < MIN_REASON:
            st.error(S("unmask.short", n=MIN_REASON))
            return
        page_path, selection = st.session_state[PAGE]
        audit("unmask", filter_text(page_path, selection), reason.strip())
        st.session_state[UNMASKED] = (page_path, selection)
        st.rerun()


def _sign_out() -> None:
    if token := st.session_state.get(TOKEN):
        sign_out(accounts_engine(), token, utcnow())
    for key in list(st.session_state):
        del st.session_state[key]
    _drop_downloads()
    if st.user.get("is_logged_in"):  # signed in through the organisation's provider: there too
        st.logout()


def _drop_downloads() -> None:
    """Delete the files built for downloads, so that no link to one (/media/…, served to whoever asks) outlives the
    sign-out. Streamlit keeps a download's file until two sweeps of the files no session shows, normally at the ends
    of the next two script runs anywhere: the one after this sign-out would only mark it. Files of other sessions'
    downloads go too, as those sweeps would take them; each click builds its download anew."""
    files = runtime.get_instance().media_file_mgr
    for _ in range(2):  # the first sweep marks a file that no session shows, the second deletes it
        files.remove_orphaned_files()
