"""python -m ingest FILE… [--dry-run] [--database-url URL] | template DIR | --export DIR

Imports ledger files (xlsx, xls, csv) all or nothing; prints what was (or, with --dry-run, would be) added,
updated and left unchanged, or each rejected row with its sheet, row, column and reason, and writes the rejected
rows with their reasons to a workbook beside the first file.
"""
import argparse
import sys
from pathlib import Path

from sqlalchemy import create_engine

from data_access.db import database_url
from ingest import load, rejects, template

ENOUGH = 50  # rejections printed


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="导入台账 / Import ledgers.")
    parser.add_argument("files", nargs="*", type=Path, help="xlsx, xls or csv ledger files; or: template DIR")
    parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    parser.add_argument("--export", type=Path, metavar="DIR", help="write the database into filled templates")
    parser.add_argument("--database-url", default=None, help="default: DATABASE_URL, secrets.toml or cockpit.db")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)
    if not args.files and not args.export:
        parser.error("name the files to import, `template DIR` or --export DIR")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    url = args.database_url or database_url()
    if args.files and args.files[0].name == "template" and not args.files[0].exists():
        if len(args.files) != 2:
            sys.exit("python -m ingest template DIR")
        engine = create_engine(url) if args.database_url else None
        for path in template.save(template.templates(engine), args.files[1]):
            print(path)
        return 0
    engine = create_engine(url)
    if args.export:
        for path in template.save(template.export(engine), args.export):
            print(path)
        return 0
    files = [(path.name, path.read_bytes()) for path in args.files]
    report = load.run(engine, files, dry_run=args.dry_run)
    print(summary(report, args.lang))
    if report.rejections:
        for rejection in report.rejections[:ENOUGH]:
            print(f"{rejection.where(args.lang)}: {rejection.reason(args.lang)}")
        if len(report.rejections) > ENOUGH:
            print(f"… {len(report.rejections) - ENOUGH}")
        out = args.files[0].with_name(args.files[0].stem + "_未通过.xlsx")
        out.write_bytes(rejects.workbook(report, args.lang))
        print(out)
        return 1
    return 0


def summary(report: load.Report, lang: str) -> str:
    total = report.total()
    for (file, sheet), counts in report.counts.items():
        print(f"{file} / {sheet}: +{counts.added} ~{counts.updated} ={counts.unchanged}")
    if lang == "zh":
        verdict = ("未写入：有 {n} 处错误" if report.rejections else "试导入，未写入" if report.dry_run else "已写入").format(
            n=len(report.rejections))
        return f"新增 {total.added}，更新 {total.updated}，未变 {total.unchanged}，记录流转 {report.events} 条。{verdict}"
    verdict = (f"nothing written: {len(report.rejections)} problems" if report.rejections
               else "dry run, nothing written" if report.dry_run else "written")
    return (f"added {total.added}, updated {total.updated}, unchanged {total.unchanged}, "
            f"{report.events} history events. {verdict}")


if __name__ == "__main__":
    sys.exit(main())
