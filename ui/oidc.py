"""Sign-in through the organisation's OpenID Connect provider with Streamlit's st.login, when secrets.toml has an
[auth] section: who is signed in and the cockpit role their claims give (accounts.oidc, mapped by [oidc])."""
import logging

import streamlit as st

from accounts.oidc import ROLE_CLAIM, VILLAGE_CLAIM, Refused, role_from_claims
from accounts.roles import Role
from data_access import organisation
from ui.filter_bar import ALL_PLACES
from ui.i18n import Strings
from ui.text import plain

log = logging.getLogger(__name__)
S = Strings({
    "sign_in": ("用单位账号登录", "Sign in with your organisation account"),
    "sign_out": ("退出登录", "Sign out"),
    "refused": ("单位账号“{name}”没有驾驶舱角色或所属村，不能查看数据。请联系管理员（原因已记入服务器日志）。",
                "The organisation account “{name}” has no cockpit role or village, so it cannot see the data. Ask "
                "the administrator (the reason is in the server log)."),
})


def oidc_configured() -> bool:
    """Whether secrets.toml configures st.login (an [auth] section)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all
        return False


def organisation_sign_in() -> tuple[str, Role, int | None] | None:
    """With [auth]: a button to sign in through the organisation's provider until signed in there, then the
    account name it gives ("oidc:" + the subject), the role and the village id its claims map to; None otherwise.
    Claims that give no role, or a village not in the database, stop the page with a notice. Without [auth]
    nothing is shown."""
    if not oidc_configured():
        return None
    if not st.user.is_logged_in:
        if st.button(S("sign_in"), icon=":material/login:"):
            st.login()
        return None
    name = str(st.user.get("name") or st.user.get("sub") or "")
    settings = st.secrets.get("oidc", {})
    try:
        role, village_id = role_from_claims(st.user.to_dict(), settings.get("roles", {}),
                                            role_claim=settings.get("role_claim", ROLE_CLAIM),
                                            village_claim=settings.get("village_claim", VILLAGE_CLAIM))
        if role == Role.AREA_LEADER:
            raise Refused("a 片区长 needs a 片区, which the claims do not name")
        if village_id is not None and village_id not in set(organisation.villages(ALL_PLACES)["id"]):
            raise Refused(f"village {village_id} is not in the database")
    except Refused as refusal:
        log.warning("Sign-in of %r through the OIDC provider refused: %s", st.user.get("sub"), refusal)
        st.error(S("refused", name=plain(name)), icon="🔒")
        if st.button(S("sign_out")):
            st.logout()
        st.stop()
    return f"oidc:{st.user.get('sub')}", Role(role), village_id
