"""审计日志: the audit trail (sign-ins and failures, exports, unmasks, account changes), for the administrator."""
from datetime import datetime, time, timedelta

import streamlit as st

from accounts.audit import ACTIONS, events
from accounts.db import accounts_engine
from accounts.roles import Role
from accounts.signin import utcnow
from ui.filter_bar import export_stem
from ui.i18n import Strings
from ui.signin import current_account
from ui.widgets import data_table, headed

S = Strings({
    "title": ("审计日志", "Audit trail"),
    "admins_only": ("审计日志仅管理员可见。", "The audit trail is for the administrator only."),
    "caption": ("登录与失败、退出、导出（文件、页面和筛选）、居民信息显示（及原因）、账号变更；时间为 UTC，最新在前，"
                "最多 {n} 条。", "Sign-ins and failures, sign-outs, exports (file, page and filter), unmasks (with the "
                "reason), account changes; times in UTC, latest first, at most {n}."),
    "from": ("自", "From"),
    "to": ("至", "To"),
    "actor": ("账号", "Account"),
    "action": ("操作", "Action"),
    "any": ("全部", "Any"),
    "none": ("没有符合条件的记录。", "No event matches."),
    "export": ("审计日志", "audit-trail"),
    "col.at": ("时间 (UTC)", "Time (UTC)"),
    "col.actor": ("账号", "Account"),
    "col.action": ("操作", "Action"),
    "col.resource": ("对象", "What"),
    "col.detail": ("详情", "Detail"),
    "action.sign_in": ("登录", "sign-in"),
    "action.sign_in_failed": ("登录失败", "failed sign-in"),
    "action.sign_out": ("退出", "sign-out"),
    "action.session_expired": ("会话过期", "session expired"),
    "action.export": ("导出", "export"),
    "action.unmask": ("显示居民信息", "unmask"),
    "action.account_added": ("新建账号", "account added"),
    "action.role_set": ("设置角色", "role set"),
    "action.password_reset": ("重置密码", "password reset"),
    "action.account_unlocked": ("解锁账号", "account unlocked"),
})
LIMIT = 1000

st.title(S("title"))
account = current_account()
if account is None or account.role is not Role.ADMIN:  # the menu hides the page; this refuses a direct link too
    st.error(S("admins_only"), icon=":material/block:")
    st.stop()

today = utcnow().date()
left, middle, right, last = st.columns(4)
first_day = left.date_input(S("from"), today - timedelta(days=30), max_value=today)
last_day = middle.date_input(S("to"), today, max_value=today)
actor = right.text_input(S("actor"), max_chars=60).strip() or None
action = last.selectbox(S("action"), [None, *ACTIONS], format_func=lambda a: S(f"action.{a}") if a else S("any"))

found = events(accounts_engine(), datetime.combine(first_day, time()), datetime.combine(last_day + timedelta(days=1),
               time()), actor, action, LIMIT)
st.caption(S("caption", n=LIMIT))
if found.empty:
    st.info(S("none"))
else:
    found["action"] = found["action"].map(lambda a: S(f"action.{a}") if f"action.{a}" in S.table else a)
    data_table(headed(found, ["at", "actor", "action", "resource", "detail"], S), export_stem(S("export")))
