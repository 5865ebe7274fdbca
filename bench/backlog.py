"""The 民情办理 page's queries, one page run after another, on an existing database (e.g. the county at scale 100):

    .venv/bin/python -m bench.backlog --database-url postgresql+psycopg://postgres@127.0.0.1/county \
        [--repeat 4] [--baseline 210ea27]

Prints the median wall time of each query and of the whole set, for the whole county and for one village, over
the latest month with data. With --baseline, the same page's queries of that commit (the row-based ones before
the case history: issue 12 asks the history to stay within 1.5× of them) run on the same database from a copy
of that commit's code, taking turns with today's page by page and going first every other round (so a change in
the machine's load, or the other's county just before, hits both alike), and both are printed with the ratio of
their totals.
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
PLACES = ("county", "village 1")
REPO = Path(__file__).resolve().parent.parent


class Page:
    """One version's page queries on one database: `run(place)` times each query once (milliseconds)."""

    def __init__(self, database_url: str, page: dict[str, tuple[str, ...]]) -> None:
        from data_access.db import engine_for  # the app's own engine, as each version made it
        try:
            self.engine = engine_for(database_url, 600)  # with a time limit long enough for the county
        except TypeError:  # a version before the time limits
            self.engine = engine_for(database_url)
        last = pd.Timestamp(organisation.data_months(self.engine)["last_month"].iloc[0]).date()
        self.places = dict(zip(PLACES, (Filter(Period("month", last)), Filter(Period("month", last), village_id=1))))
        self.queries = {name: (getattr(importlib.import_module(f"data_access.{name.rsplit('.', 1)[0]}"),
                                       name.rsplit(".", 1)[1]), extra) for name, extra in page.items()}

    def run(self, place: str) -> dict[str, float]:
        f = self.places[place]
        result = {}
        for name, (query, extra) in self.queries.items():
            args = ["village" if f.village_id is None else "service_point" for _ in extra]
            start = time.perf_counter()
            query(f, *args, engine=self.engine)
            result[name] = (time.perf_counter() - start) * 1000
        return result


class BaselinePage:
    """BASELINE_PAGE run by this file in a subprocess on a copy of `commit`'s code (git archive), one place per
    request, so that both versions can take turns on a machine whose load changes."""

    def __init__(self, commit: str, database_url: str) -> None:
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True, capture_output=True).stdout
        self.folder = tempfile.TemporaryDirectory()
        tarfile.open(fileobj=BytesIO(archive)).extractall(self.folder.name, filter="data")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--database-url", database_url, "--serve-baseline"],
            cwd=self.folder.name, env={"PYTHONPATH": self.folder.name}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )

    def run(self, place: str) -> dict[str, float]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(place + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()
        self.folder.cleanup()


def serve(page: Page) -> None:
    """Answers each place read from stdin with one line of JSON timings."""
    for line in sys.stdin:
        print(json.dumps(page.run(line.strip())), flush=True)


def table(title: str, runs: list[dict[str, dict[str, float]]]) -> dict[str, float]:
    """Prints the median of each query per place and of the page's total; returns the total per place."""
    places = list(runs[0])
    names = list(runs[0][places[0]])
    width = max(map(len, names)) + 2
    print(f"{title:{width}}" + "".join(f"{where:>12}" for where in places))
    for name in names:
        cells = [statistics.median(run[where][name] for run in runs) for where in places]
        print(f"{name:{width}}" + "".join(f"{f'{ms:,.0f} ms':>12}" for ms in cells))
    totals = {where: statistics.median(sum(run[where].values()) for run in runs) for where in places}
    print(f"{'the page, all of them':{width}}" + "".join(f"{f'{ms:,.0f} ms':>12}" for ms in totals.values()))
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--baseline", metavar="COMMIT", help="also time that commit's page (e.g. 210ea27)")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve(Page(args.database_url, BASELINE_PAGE))
        return
    versions: dict[str, Page | BaselinePage] = {"now (the case history)": Page(args.database_url, PAGE)}
    if args.baseline:
        versions[f"baseline {args.baseline} (the issue rows)"] = BaselinePage(args.baseline, args.database_url)
    runs: dict[str, list[dict[str, dict[str, float]]]] = {title: [] for title in versions}
    for turn in range(args.repeat):  # the versions take turns, place by place, each going first as often
        timed: dict[str, dict[str, dict[str, float]]] = {title: {} for title in versions}
        order = list(versions.items())[::-1 if turn % 2 else 1]
        for where in PLACES:
            for title, page in order:
                timed[title][where] = page.run(where)
        for title in versions:
            runs[title].append(timed[title])
    totals = {title: table(title, version_runs) for title, version_runs in runs.items()}
    for page in versions.values():
        if isinstance(page, BaselinePage):
            page.close()
    if args.baseline:
        now, before = totals.values()
        print("\nnow ÷ baseline (page totals): " + ", ".join(f"{where} {now[where] / before[where]:.2f}×"
                                                          for where in now))


if __name__ == "__main__":
    main()
