"""Streamlit's own "Connection error" dialog (shown when the server stops answering, e.g. while it restarts) says
"Are you connected to the internet?" in English only; this puts the cockpit's words there, in the viewer's language."""
import json

import streamlit as st

from ui.i18n import Strings

S = Strings({
    "title": ("与服务器的连接中断", "Connection to the server lost"),
    "message": ("驾驶舱服务器暂时没有响应（可能正在重启）。页面会自动重新连接，请稍候；长时间未恢复请联系管理员。",
                "The cockpit's server is not answering for now (it may be restarting). The page reconnects by itself; "
                "if it does not for a long while, tell the administrator."),
})
# Streamlit's messages of that dialog (frontend, v1.67): a server that stops answering, on this machine or another
ENGLISH = ("Streamlit server is not responding", "Is Streamlit still running?")
SCRIPT = """
<script>
window.cockpitConnection = %s;
if (!window.cockpitConnectionWatch) {
  const english = %s;
  const translate = () => {
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      const body = [...dialog.querySelectorAll("p, div")].find(
        element => element.children.length === 0 && english.some(text => element.textContent.includes(text)));
      if (!body) continue;
      body.textContent = window.cockpitConnection.message;
      dialog.querySelectorAll("pre, code").forEach(code => code.remove());  // "streamlit run yourscript.py"
      const heading = dialog.querySelector("h1, h2, h3");
      if (heading) heading.textContent = window.cockpitConnection.title;
    }
  };
  window.cockpitConnectionWatch = new MutationObserver(translate);
  window.cockpitConnectionWatch.observe(document.body, {childList: true, subtree: true});
}
</script>
"""


def connection_notice() -> None:
    """Install the translation of the connection dialog (an invisible element at the foot of the sidebar)."""
    texts = {"title": S("title"), "message": S("message")}
    st.sidebar.html(SCRIPT % (json.dumps(texts, ensure_ascii=False), json.dumps(ENGLISH)), unsafe_allow_javascript=True)
