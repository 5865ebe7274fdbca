"""The 民情办理 page's queries, one page run after another, on an existing database (e.g. the county at scale 100):

    .venv/bin/python -m bench.backlog --database-url postgresql+psycopg://postgres@127.0.0.1/county \
        [--repeat 3] [--baseline 210ea27]

Prints the median wall time of each query and of the whole set, for the whole county and for one village, over
the latest month with data. With --baseline, the same page's queries of that commit (the row-based ones before
the case history: issue 12 asks the history to stay within 1.5× of them) run on the same database from a copy
of that commit's code, and both totals are printed with their ratio.
"""
import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine

from data_access import organisation
from data_access.filters import Filter, Period

# module.function → how it is called after the filter: "level" is the page's breakdown (village for the county,
# 片区 inside a village). Names, so that the baseline's code can be called the same way from its own copy.
PAGE = {
    "loop.loop_figures": (),
    "issues.callback_figures": (),
    "issue_lists.overdue_issues": (),
    "issue_lists.escalations": (),
    "issue_lists.loop_stage_counts": (),
    "issue_lists.open_issue_ageing": (),
    "loop.loop_by_month": (),
    "loop.loop_figures_by": ("level",),
    "issues.callback_scores": ("level",),
    "issue_lists.repeat_complaint_households": (),
    "issue_lists.issue_list": (),
}
BASELINE_PAGE = {  # the page at 210ea27: its loop figures and lists read the issue rows
    "issues.issue_indicators": (),
    "issues.overdue_issues": (),
    "issues.escalations": (),
    "issues.loop_stage_counts": (),
    "issues.open_issue_ageing": (),
    "issues.monthly_issue_flow": (),
    "issues.issue_indicators_by": ("level",),
    "issues.callback_scores": ("level",),
    "issues.repeat_complaint_households": (),
    "issues.issue_list": (),
}
REPO = Path(__file__).resolve().parent.parent


def timings(database_url: str, page: dict[str, tuple[str, ...]], repeat: int) -> dict[str, dict[str, float]]:
    """Median milliseconds per query (module.function) and place ("county", "village 1")."""
    try:  # the app's own engine (time limits, planner settings); the baseline's code may predate it
        from data_access.db import engine_for
        engine = engine_for(database_url, 600)
    except ImportError:
        engine = create_engine(database_url)
    last = pd.Timestamp(organisation.data_months(engine)["last_month"].iloc[0]).date()
    places = {"county": Filter(Period("month", last)), "village 1": Filter(Period("month", last), village_id=1)}
    result: dict[str, dict[str, float]] = {}
    for name, extra in page.items():
        module, function = name.rsplit(".", 1)
        query = getattr(importlib.import_module(f"data_access.{module}"), function)
        for where, f in places.items():
            args = ["village" if f.village_id is None else "service_point" for _ in extra]
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                query(f, *args, engine=engine)
                runs.append(time.perf_counter() - start)
            result.setdefault(name, {})[where] = statistics.median(runs) * 1000
    return result


def baseline_timings(commit: str, database_url: str, repeat: int) -> dict[str, dict[str, float]]:
    """timings() of BASELINE_PAGE run by this file on a copy of `commit`'s code (git archive) in a subprocess."""
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        tarfile.open(fileobj=BytesIO(archive)).extractall(folder, filter="data")
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--database-url", database_url, "--repeat", str(repeat),
             "--json-baseline"],
            cwd=folder, env={"PYTHONPATH": folder}, check=True, capture_output=True, text=True,
        ).stdout
    return json.loads(out)


def table(result: dict[str, dict[str, float]]) -> dict[str, float]:
    """Prints one row per query and the total; returns the totals per place."""
    width = max(map(len, result)) + 2
    places = list(next(iter(result.values())))
    print(f"{'':{width}}" + "".join(f"{where:>12}" for where in places))
    for name, cells in result.items():
        print(f"{name:{width}}" + "".join(f"{f'{ms:,.0f} ms':>12}" for ms in cells.values()))
    totals = {where: sum(cells[where] for cells in result.values()) for where in places}
    print(f"{'the page, all of them':{width}}" + "".join(f"{f'{ms:,.0f} ms':>12}" for ms in totals.values()))
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", metavar="COMMIT", help="also time that commit's page (e.g. 210ea27)")
    parser.add_argument("--json-baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json_baseline:
        print(json.dumps(timings(args.database_url, BASELINE_PAGE, args.repeat)))
        return
    print("now (the case history)")
    now = table(timings(args.database_url, PAGE, args.repeat))
    if args.baseline:
        print(f"\nbaseline ({args.baseline}, the issue rows)")
        before = table(baseline_timings(args.baseline, args.database_url, args.repeat))
        print("\nnow ÷ baseline: " + ", ".join(f"{where} {now[where] / before[where]:.2f}×" for where in now))


if __name__ == "__main__":
    main()
