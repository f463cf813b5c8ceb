"""Command line: check and load the authority's own files into the store.

    python -m analytics.ingest data/903/header_2023.csv data/903/oc3_2023.csv   # check, then load
    python -m analytics.ingest --check returns/*.csv                          # check only
    python -m analytics.ingest --year 2024 oc3.csv --store /tmp/store.duckdb  # year for unnamed files
    python -m analytics.ingest --errors /tmp/errors.csv oc3_2023.csv          # every error to a CSV
    python -m analytics.ingest --templates /tmp/templates                     # write blank templates

Exit status: 0 loaded (or checked clean), 1 the files have errors (nothing written), 2 the store
refused the load or there is no store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

from analytics import config, db
from analytics.export import to_csv_bytes
from analytics.ingest import templates
from analytics.ingest.checks import year_label
from analytics.ingest.loader import LoadError, load
from analytics.ingest.reading import XLSX_AVAILABLE, Source

SHOWN_ERRORS = 50


def _kpi_ids(store: Path) -> list[str]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return [row[0] for row in con.execute(db.sql_text("ingest_context_kpis")).fetchall()]
    finally:
        con.close()


def _write_templates(folder: Path, store: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    kpi_ids, period = _kpi_ids(store), templates.latest_quarter(dt.date.today())
    for key in templates.DOCS:
        for fmt in ("csv", "xlsx") if XLSX_AVAILABLE else ("csv",):
            path = folder / f"{key}.{fmt}"
            path.write_bytes(templates.template_bytes(key, fmt, kpi_ids=kpi_ids, period=period))
            print(f"wrote {path}")


def _max_bytes(max_mb: float | None) -> int:
    return int((max_mb if max_mb is not None else config.load().ingest.max_file_mb) * 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="SSDA903 Header/OC3/UASC CSVs and filled-in templates (CSV or XLSX)")
    parser.add_argument("--store", type=Path, default=None, help=f"the store to load into (default: ${db.STORE_ENV} or {db.DEFAULT_STORE})")
    parser.add_argument("--year", type=int, help="collection year, by the March it ends in (2023 = 2022-23), for 903 files whose names carry none")
    parser.add_argument("--key", type=Path, help="pseudonymisation key file (default: $LCI_INGEST_KEY or data/.ingest_key)")
    parser.add_argument("--max-mb", type=float, help="largest file accepted, in MB (default: the configuration's, 50)")
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    parser.add_argument("--errors", type=Path, help="write every error (file, row, column, value, rule, reason) to this CSV")
    parser.add_argument("--templates", type=Path, metavar="DIR", help="write the blank templates into DIR and stop")
    args = parser.parse_args(argv)
    store = args.store or db.store_path()
    if not store.exists():
        print(f"no evidence store at {store}: build it first with `python -m data.build`", file=sys.stderr)
        return 2
    if args.templates:
        _write_templates(args.templates, store)
        return 0
    if not args.paths:
        parser.error("give the files to load, or --templates DIR")
    missing = [p for p in args.paths if not p.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(map(str, missing))}")
    limit = _max_bytes(args.max_mb)
    sources = [Source.from_path(p, max_bytes=limit) for p in args.paths]
    try:
        result = load(sources, store, year=args.year, key_path=args.key, max_mb=limit / 1e6, dry_run=args.check)
    except LoadError as exc:
        print(f"load refused, store unchanged: {exc}", file=sys.stderr)
        return 2
    issues = result.issues
    for report in result.files:
        year = f", {year_label(report.collection_year)}" if report.collection_year else ""
        print(f"{report.name}: {report.kind or 'not recognised'}{year}, {report.records} records")
    if issues:
        print(f"\n{len(issues)} errors; nothing was loaded. Rows are spreadsheet rows (row 1 is the column names).", file=sys.stderr)
        print(result.summary().to_string(index=False), file=sys.stderr)
        print("", file=sys.stderr)
        for issue in issues[:SHOWN_ERRORS]:
            where = f"row {issue.row}" if issue.row else "file"
            column = f", {issue.column}" if issue.column else ""
            print(f"{issue.file} {where}{column}: {issue.message}", file=sys.stderr)
        if len(issues) > SHOWN_ERRORS:
            print(f"... and {len(issues) - SHOWN_ERRORS} more; --errors FILE writes them all", file=sys.stderr)
        if args.errors:
            args.errors.write_bytes(to_csv_bytes(result.errors()))
            print(f"wrote {args.errors}", file=sys.stderr)
        return 1
    if result.loaded:
        print(f"loaded {len(result.files)} files into {result.store} (load {result.load_id})")
    else:
        print("every check passed; nothing written (--check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
