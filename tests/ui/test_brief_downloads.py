"""The brief's buttons in Streamlit's AppTest: a click builds the files and offers them; a file that cannot be built
is named in an error in the viewer's language, the other language under it, and its traceback is in the log, not on
the page."""
import logging

import pytest
from streamlit.testing.v1 import AppTest


def page(broken: bool) -> None:
    import pandas as pd

    from ui.brief import Brief, Figure, Section
    from ui.brief_downloads import brief_downloads

    def brief() -> Brief:
        charts = [object()] if broken else []  # not a chart: the PDF cannot draw it, the workbook has no charts
        return Brief("罗水乡 · 调度会简报", "范围：全乡", [Figure("新增民情", "33")],
                     [Section("超期与升级", pd.DataFrame({"片区": ["高坡片区"], "超期": [3]}))], charts)

    brief_downloads(brief, "调度会简报_全部_2026-11_1112-1119")


def clicked(broken: bool, lang: str = "zh") -> AppTest:
    app = AppTest.from_function(page, args=(broken,), default_timeout=60)
    app.session_state["lang"] = lang
    app.run()
    assert not app.download_button and not app.error
    app.button[0].click().run()
    assert not app.exception
    return app


def test_a_click_builds_both_files() -> None:
    app = clicked(broken=False)
    assert [button.label for button in app.button] == ["生成会议简报"]
    assert [button.label for button in app.download_button] == ["下载简报 Excel", "下载简报 PDF"]
    assert not app.error
    app.run()  # still offered on the next run, without building again
    assert len(app.download_button) == 2


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("zh", "会议简报的PDF 文件未能生成", "The brief's PDF file could not be built"),
    ("en", "The brief's PDF file could not be built", "会议简报的PDF 文件未能生成"),
])
def test_a_file_that_fails_is_named_in_an_error(caplog, lang: str, first: str, second: str) -> None:
    with caplog.at_level(logging.ERROR, logger="ui.brief_downloads"):
        app = clicked(broken=True, lang=lang)
    assert [button.label for button in app.download_button] == [("下载简报 Excel", "Brief as Excel")[lang == "en"]]
    [error] = app.error
    assert error.value.startswith(first)
    assert app.caption[0].value.startswith(second)
    assert "Traceback" not in error.value and "object" not in error.value
    [record] = caplog.records
    assert record.exc_info and "调度会简报_全部_2026-11_1112-1119.pdf" in record.getMessage()
