"""The 民情办理 page's queries, one page run after another, on an existing database (e.g. the county at scale 100):

    .venv/bin/python -m bench.backlog --database-url postgresql+psycopg://postgres@127.0.0.1/county [--repeat 3]

Prints the median wall time of each query and of the whole set, for the whole county and for one village, over
the latest month with data (the history's benchmark: issue 12 asks these to stay within 1.5× of the row-based
queries they replaced).
"""
import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

import pandas as pd
from sqlalchemy import Engine, create_engine

from data_access import issue_lists, issues, loop, organisation
from data_access.filters import Filter, Period

QUERIES: dict[str, Callable[[Filter, Engine], pd.DataFrame]] = {
    "loop.loop_figures": lambda f, e: loop.loop_figures(f, e),
    "issues.callback_figures": lambda f, e: issues.callback_figures(f, e),
    "issue_lists.overdue_issues": lambda f, e: issue_lists.overdue_issues(f, e),
    "issue_lists.escalations": lambda f, e: issue_lists.escalations(f, e),
    "issue_lists.loop_stage_counts": lambda f, e: issue_lists.loop_stage_counts(f, e),
    "issue_lists.open_issue_ageing": lambda f, e: issue_lists.open_issue_ageing(f, e),
    "loop.loop_by_month": lambda f, e: loop.loop_by_month(f, engine=e),
    "loop.loop_figures_by": lambda f, e: loop.loop_figures_by(f, "village" if f.village_id is None else "service_point", e),
    "issues.callback_scores": lambda f, e: issues.callback_scores(f, "village" if f.village_id is None else "service_point", e),
    "issue_lists.repeat_complaint_households": lambda f, e: issue_lists.repeat_complaint_households(f, e),
    "issue_lists.issue_list": lambda f, e: issue_lists.issue_list(f, engine=e),
}


def median_ms(call: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = create_engine(args.database_url)
    last = pd.Timestamp(organisation.data_months(engine)["last_month"].iloc[0]).date()
    filters = {"county": Filter(Period("month", last)), "village 1": Filter(Period("month", last), village_id=1)}
    width = max(map(len, QUERIES))
    print(f"{'':{width}}" + "".join(f"{where:>12}" for where in filters))
    totals = dict.fromkeys(filters, 0.0)
    for name, query in QUERIES.items():
        cells = []
        for where, f in filters.items():
            ms = median_ms(lambda: query(f, engine), args.repeat)
            totals[where] += ms
            cells.append(f"{ms:,.0f} ms")
        print(f"{name:{width}}" + "".join(f"{cell:>12}" for cell in cells))
    print(f"{'the page, all of them':{width}}" + "".join(f"{f'{ms:,.0f} ms':>12}" for ms in totals.values()))


if __name__ == "__main__":
    main()
