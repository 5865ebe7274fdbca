"""With the shipped XSRF protection on, the browser's uploads still arrive, and a request without the token does
not (the downloads and every other page are exercised by the other browser tests under the same config)."""
import hashlib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Watched, streamlit_app

SCRIPT = str(Path(__file__).with_name("scripts") / "upload.py")


def test_an_upload_passes_xsrf_protection_and_a_forged_one_does_not(browser: Browser, tmp_path: Path) -> None:
    content = "村名,户数\n=1+1,3\n".encode()
    ledger = tmp_path / "台账.csv"
    ledger.write_bytes(content)
    context = browser.new_context()
    try:
        with streamlit_app("sqlite://", tmp_path / "streamlit.log", SCRIPT) as base:
            app = Watched(context.new_page(), "xsrf-upload")
            app.goto(base)
            assert any(cookie["name"] == "_streamlit_xsrf" for cookie in context.cookies())
            app.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(ledger)
            received = f"received 台账.csv sha256 {hashlib.sha256(content).hexdigest()}"
            expect(app.page.get_by_text(received)).to_be_visible()
            app.check()
            forged = urllib.request.Request(f"{base}/_stcore/upload_file/forged-session/forged-file", method="PUT",
                                            data=b"--x--\r\n",
                                            headers={"Content-Type": "multipart/form-data; boundary=x"})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(forged, timeout=10)
            assert refused.value.code == 403
    finally:
        context.close()
