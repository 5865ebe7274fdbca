"""bench.pages' server part on the demo township: every page of the leader's navigation gets its cold and warm run."""
import re

import pytest

from bench.pages import main
from ui.navigation import PAGES


def test_every_page_of_the_navigation_has_its_server_time(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--scales", "1", "--repeat", "1", "--places", "village", "--no-browser"])
    printed = capsys.readouterr().out
    for spec in PAGES:
        assert re.search(rf"^{spec.title_zh} {re.escape(spec.title_en)} +[\d,]+ / [\d,]+$", printed, re.MULTILINE), (
            f"{spec.title_en} has no time:\n{printed}")
    assert "went wrong" not in printed and "Chromium" not in printed
