"""python -m seed [--database-url URL] [--as-of YYYY-MM-DD] [--scale N] [--replace]"""
import argparse
import sys
from datetime import date
from time import perf_counter

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from accounts.signin import utcnow
from data_access.db import database_url
from schema.migrate import upgrade
from seed.accounts import add_demo_accounts, print_accounts
from seed.load import build, drop_everything, holds_township

REFUSAL = (
    "数据库中已有乡镇数据，未写入任何内容；如需重建请加 --replace。 / "
    "The database already holds a township; nothing was written. Add --replace to rebuild it."
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m seed", description="Write the 罗水乡 demo governance database.")
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL, secrets.toml or cockpit.db")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="last day with data")
    parser.add_argument("--scale", type=int, default=1, help="townships to write (a county, for benchmarks)")
    parser.add_argument("--replace", action="store_true", help="drop every table first and rebuild")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    engine = create_engine(args.database_url or database_url())
    where = engine.url.render_as_string(hide_password=True)
    started = perf_counter()
    try:
        if args.replace:
            drop_everything(engine)
        elif holds_township(engine):
            sys.exit(REFUSAL)
        upgrade(engine)
        counts = build(engine, args.as_of, args.scale)
        made = add_demo_accounts(engine, utcnow())
    except SQLAlchemyError as exc:
        first_line = str(exc).splitlines()[0]
        sys.exit(f"无法写入演示数据 / Could not write the demo data ({where}): {first_line}")
    width = max(map(len, counts))
    for table, count in counts.items():
        print(f"{table:<{width}}  {count:>10,}")
    print(f"{'total':<{width}}  {sum(counts.values()):>10,}")
    print(f"{args.scale} township(s) up to {args.as_of} into {where} in {perf_counter() - started:.1f} s")
    print_accounts(made)


if __name__ == "__main__":
    main()
