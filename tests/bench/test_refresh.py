"""bench.refresh on the demo township: the refresh after a write and the warm start after a restart run the
remembered calls, and every page has its times for both."""
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
    warmed = re.search(r"after the restart, the warm start ran the (\d+) saved calls", printed)
    assert warmed and warmed[1] == calls[1], printed  # every call, saved and run again
    for spec in PAGES:  # after the write, and after the restart
        times = re.findall(rf"^{spec.title_zh} {re.escape(spec.title_en)} +[\d,]+ → [\d,]+$", printed, re.MULTILINE)
        assert len(times) == 2, f"{spec.title_en} has not both times:\n{printed}"
