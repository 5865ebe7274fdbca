"""Benchmark: a 民情台账 of 100,000 issue rows checked (dry run) and imported on SQLite and PostgreSQL, over the demo
township (scale 1), each run in its own process so that its peak memory is its own.

    .venv/bin/python -m bench.ingest [--rows 100000] [--dialects sqlite,postgresql]

Prints per database the wall seconds (and the CPU seconds of the importing process: on a busy machine they tell
what the import itself costs) and peak resident memory of the dry run and of the import (targets: import
under 60 s, dry run under 30 s, under 500 MB), and the rows added and history events recorded.
"""
import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import create_engine, select

import seed
from bench.run import AS_OF, database
from ingest import load
from ingest.ledgers import BY_SHEET
from schema import Grid, ServicePoint, Village
from schema.migrate import upgrade

START = datetime(2024, 1, 1, 8, 0)


def ledger(path: Path, rows: int, grids: list[tuple[str, str]]) -> None:
    """A 民情台账 workbook of `rows` closed issues spread over the grids, one every 7 minutes from 2024."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("民情台账")
    sheet.append([column.header for column in BY_SHEET["民情台账"].columns])
    for n in range(rows):
        village, grid = grids[n % len(grids)]
        reported = START + timedelta(minutes=7 * n)
        sheet.append([f"B{n:07d}", village, grid, None, "民生事项服务", "电话反映", f"压力测试事项 {n}", reported,
                      reported + timedelta(hours=1), reported + timedelta(hours=2), reported + timedelta(days=1),
                      reported + timedelta(days=1, hours=2), reported + timedelta(days=2),
                      (reported + timedelta(days=7)).date(), (reported + timedelta(days=7)).date(), "测试责任人", "片区",
                      None, 0])
    book.save(path)


def grid_names(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(select(Village.name, Grid.name).join(ServicePoint, Grid.service_point_id == ServicePoint.id)
                             .join(Village, ServicePoint.village_id == Village.id).order_by(Grid.id)).all()
    engine.dispose()
    return [tuple(row) for row in found]


def measure(url: str, path: Path, dry_run: bool) -> dict[str, float]:
    """One import in a child process: its seconds, peak memory and counts."""
    command = [sys.executable, "-m", "bench.ingest", "--child", url, str(path)] + (["--dry-run"] if dry_run else [])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def child(url: str, path: Path, dry_run: bool) -> None:
    engine = create_engine(url)
    data = path.read_bytes()
    start = time.perf_counter()
    report = load.run(engine, [(path.name, data)], dry_run=dry_run)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
                      "added": report.total().added,
                      "events": report.events, "rejections": len(report.rejections), "written": report.written}))


@contextmanager
def demo(dialect: str) -> Iterator[str]:
    """The demo township (scale 1) on a throwaway SQLite file or PostgreSQL database; yields its URL."""
    with database(1 if dialect == "sqlite" else 2) as engine:
        upgrade(engine)
        seed.build(engine, as_of=AS_OF, scale=1)
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dialects", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.dry_run)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "民情台账.xlsx"
        for dialect in args.dialects.split(","):
            with demo(dialect) as url:
                if not path.exists():
                    start = time.perf_counter()
                    ledger(path, args.rows, grid_names(url))
                    print(f"{args.rows:,} issue rows written to {path.name} ({path.stat().st_size / 2**20:.1f} MB) in "
                          f"{time.perf_counter() - start:.0f} s")
                for dry_run in (True, False):
                    result = measure(url, path, dry_run)
                    print(f"{dialect:<10} {'dry run' if dry_run else 'import':<8} {result['seconds']:6.1f} s  "
                          f"(this process's CPU {result['cpu']:5.1f} s)  "
                          f"peak {result['peak_mb']:5.0f} MB  added {result['added']:,}  events {result['events']:,}  "
                          f"rejected {result['rejections']}  written {result['written']}")


if __name__ == "__main__":
    main()
