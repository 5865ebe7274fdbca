"""bench.refresh on the demo township: the refresh after a write runs the remembered calls, and every page has both
of its times."""
import re
from collections import OrderedDict
from pathlib import Path

import pytest

from bench.refresh import main
from tests.browser.conftest import demo_database_at
from ui import cache
from ui.navigation import PAGES


def test_every_page_has_the_first_and_the_next_viewers_time(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_recent", OrderedDict())  # none of other tests' calls
    engine = demo_database_at(tmp_path / "demo.db")
    main(["--database-url", engine.url.render_as_string(hide_password=False), "--places", "village"])
    engine.dispose()
    printed = capsys.readouterr().out
    calls = re.search(r"the refresh after the write ran (\d+) remembered calls", printed)
    assert calls and int(calls[1]) >= 50, printed  # the ten pages' queries
    for spec in PAGES:
        assert re.search(rf"^{spec.title_zh} {re.escape(spec.title_en)} +[\d,]+ → [\d,]+$", printed, re.MULTILINE), (
            f"{spec.title_en} has no times:\n{printed}")
