"""Benchmark: build the demo database at scale 1 (SQLite) and scale 100 (PostgreSQL), time every data_access query.

    .venv/bin/python -m bench.run [--scales 1,100] [--repeat 3] [--only issues.,loop.]

Prints one table: load time per database, then the median wall time of each query for the whole county
(no place chosen) and for one village, over the latest month.
"""
import argparse
import importlib
import inspect
import pkgutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

import data_access
import seed
from data_access.filters import Filter, Period
from schema.migrate import upgrade

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
AS_OF = date(2026, 11, 20)


def queries(only: tuple[str, ...] = ("",)) -> Iterator[tuple[str, Callable]]:
    """Every public data_access query (whose module.name starts with one of `only`): first parameter a Filter, an
    `engine` parameter, the others defaulted."""
    for info in pkgutil.iter_modules(data_access.__path__):
        module = importlib.import_module(f"data_access.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_") or not f"{info.name}.{name}".startswith(only):
                continue
            params = list(inspect.signature(func).parameters.values())
            if params and params[0].annotation in (Filter, "Filter") and "engine" in {p.name for p in params} and all(
                p.default is not inspect.Parameter.empty for p in params[1:]
            ):
                yield f"{info.name}.{name}", func


@contextmanager
def database(scale: int) -> Iterator[Engine]:
    """A throwaway database: SQLite for scale 1, PostgreSQL above."""
    if scale == 1:
        with tempfile.TemporaryDirectory() as folder:
            engine = create_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            yield engine
            engine.dispose()
        return
    name = f"cockpit_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine = create_engine(admin.url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name}"))


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def measure(scale: int, repeat: int, only: tuple[str, ...]) -> dict[str, list[str]]:
    """Load the demo county at `scale`, then time each query for all villages and for village 1."""
    period = Period.containing("month", AS_OF)
    with database(scale) as engine:
        upgrade(engine)
        start = time.perf_counter()
        counts = seed.build(engine, as_of=AS_OF, scale=scale)
        cells = {"load": [f"{time.perf_counter() - start:.1f} s", ""], "rows loaded": [f"{sum(counts.values()):,}", ""]}
        for name, func in queries(only):
            cells[name] = [
                f"{median_seconds(lambda: func(f, engine=engine), repeat) * 1000:.0f} ms"
                for f in (Filter(period), Filter(period, village_id=1))
            ]
        cells["dialect"] = [engine.dialect.name, ""]
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100", help="comma-separated scales (1 = SQLite, more = PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated prefixes of the queries to time, e.g. issues.")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    only = tuple(args.only.split(","))
    results = {scale: measure(scale, args.repeat, only) for scale in scales}
    header = [f"{results[s]['dialect'][0]} ×{s} {where}" for s in scales for where in ("all", "village 1")]
    names = list(dict.fromkeys(name for cells in results.values() for name in cells if name != "dialect"))
    width, cell = max(map(len, names)), max(map(len, header)) + 2
    print(f"{'':{width}}" + "".join(f"{h:>{cell}}" for h in header))
    for name in names:
        row = [value for s in scales for value in results[s].get(name, ["", ""])]
        print(f"{name:{width}}" + "".join(f"{value:>{cell}}" for value in row))


if __name__ == "__main__":
    main()
