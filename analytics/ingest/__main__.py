"""Command line: check and load the authority's own files into the store.

    python -m analytics.ingest data/903/header_2023.csv data/903/oc3_2023.csv   # check, then load
    python -m analytics.ingest 903/                   # year folders: 903/2023/header.csv, 903/2023-24/oc3.csv
    python -m analytics.ingest 903.zip                # the same folders zipped
    python -m analytics.ingest --check returns/*.csv                          # check only
    python -m analytics.ingest --year 2024 oc3.csv --store /tmp/store.duckdb  # year for unnamed files
    python -m analytics.ingest --errors /tmp/errors.csv oc3_2023.csv          # every error to a CSV
    python -m analytics.ingest --redact --errors /tmp/share.csv 903/          # IDs and dates masked
    python -m analytics.ingest --templates /tmp/templates                     # write blank templates

Exit status: 0 loaded (or checked clean), 1 the files have errors (nothing written), 2 the store
refused the load, is corrupt or missing, or the disk is full (the store unchanged).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

import duckdb

from analytics import config, db, national_ingest
from analytics.export import to_csv_bytes
from analytics.ingest import folders, templates
from analytics.ingest.checks import year_label
from analytics.ingest.issues import RULES, Issue, redact
from analytics.ingest.loader import LoadError, LoadResult, load
from analytics.ingest.reading import XLSX_AVAILABLE

SHOWN_ERRORS = 200


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


def _line(issue: Issue) -> str:
    """file row N, CHILD x, COLUMN 'value': reason."""
    parts = [f"{issue.file} {f'row {issue.row}' if issue.row else '(whole file)'}"]
    if issue.child and issue.column != "CHILD":
        parts.append(f"CHILD {issue.child}")
    if issue.column:
        parts.append(f"{issue.column} {issue.value!r}" if issue.value is not None else issue.column)
    return f"{', '.join(parts)}: {issue.message}"


def _print_files(result: LoadResult) -> None:
    """Which file was taken for which table and year, by year."""
    for report in sorted(result.files, key=lambda r: (r.collection_year or 0, r.name)):
        year = f", {year_label(report.collection_year)} (from {report.year_from})" if report.collection_year else ""
        print(f"{report.name}: {report.kind or 'not recognised'}{year}, {report.records} records")
    for warning in result.warnings:
        print(f"warning: {_line(warning)}")


def _print_errors(issues: tuple[Issue, ...], shown: int) -> None:
    """The summary by rule, then each error under its rule, up to ``shown`` in all."""
    by_rule: dict[str, list[Issue]] = {}
    for issue in issues:
        by_rule.setdefault(issue.rule, []).append(issue)
    print(f"\n{len(issues)} errors; nothing was loaded. Rows are spreadsheet rows (row 1 is the column names).", file=sys.stderr)
    for rule, found in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), list(RULES).index(kv[0]))):
        print(f"  {len(found):>6}  {rule}: {RULES[rule]}", file=sys.stderr)
    left = shown
    for rule, found in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), list(RULES).index(kv[0]))):
        if left <= 0:
            break
        print(f"\n{rule}: {RULES[rule]} ({len(found)})", file=sys.stderr)
        for issue in found[:left]:
            print(f"  {_line(issue)}", file=sys.stderr)
        left -= len(found)
    if len(issues) > shown:
        print(f"\n... {len(issues) - shown} more not shown; --errors FILE writes them all", file=sys.stderr)


def _account() -> str:
    """Who ran the command, for the load log (a container may have no name for its user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _max_bytes(max_mb: float | None) -> int:
    return int((max_mb if max_mb is not None else config.load().ingest.max_file_mb) * 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        help="SSDA903 Header/OC3/UASC CSVs and filled-in templates (CSV or XLSX), folders of them "
                             "(a folder per collection year: 2023/ or 2022-23/) and zip archives of those folders")
    parser.add_argument("--store", type=Path, default=None, help=f"the store to load into (default: ${db.STORE_ENV} or data/<pack>.duckdb)")
    parser.add_argument("--year", type=int, help="collection year, by the March it ends in (2023 = 2022-23), for 903 files whose name and folder carry "
                             "none; a file whose name or folder says another year is refused")
    parser.add_argument("--key", type=Path, help="pseudonymisation key file (default: $LCI_INGEST_KEY or data/.ingest_key)")
    parser.add_argument("--max-mb", type=float, help="largest file accepted, in MB (default: the configuration's, 50)")
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    parser.add_argument("--errors", type=Path, help="write every error (file, row, child, column, value, rule, reason) to this CSV")
    parser.add_argument("--redact", action="store_true",
                        help="mask child IDs and dates in the errors shown and written, for a report to share")
    parser.add_argument("--templates", type=Path, metavar="DIR", help="write the blank templates into DIR and stop")
    parser.add_argument("--national", type=Path, metavar="DIR", help="load a newer DfE release of the national statistics from DIR (analytics/national_ingest.py)")
    args = parser.parse_args(argv)
    store = args.store or db.store_path()
    if not store.exists():
        print(f"no evidence store at {store}: build it first with `python -m data.build`", file=sys.stderr)
        return 2
    if args.national:
        return national_ingest.main(args.national, store, la_code=config.load().la_code, check_only=args.check)
    if args.templates:
        _write_templates(args.templates, store)
        return 0
    if not args.paths:
        parser.error("give the files to load, or --templates DIR")
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(map(str, missing))}")
    limit = _max_bytes(args.max_mb)
    found = folders.from_paths(args.paths, max_bytes=limit)
    if not found.sources and all(i.is_warning for i in found.issues):
        parser.error(f"no .csv, .xlsx or .zip files in {', '.join(map(str, args.paths))}")
    try:
        result = load(found.sources, store, year=args.year, key_path=args.key, max_mb=limit / 1e6, dry_run=args.check,
                      gathered=found.issues, loaded_by=f"cli:{_account()}")
    except LoadError as exc:
        print(f"load refused, store unchanged: {exc}", file=sys.stderr)
        return 2
    # A corrupt store or a full disk: DuckDB and the file system say so in their own words.
    except (duckdb.Error, OSError) as exc:
        print(f"the store could not be read or written, and is unchanged ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 2
    issues = tuple(map(redact, result.issues)) if args.redact else result.issues
    _print_files(result)
    if issues:
        _print_errors(issues, SHOWN_ERRORS)
        if args.errors:
            args.errors.write_bytes(to_csv_bytes(result.errors(redacted=args.redact)))
            print(f"wrote {args.errors}{' (IDs and dates masked)' if args.redact else ''}", file=sys.stderr)
        return 1
    if result.loaded:
        print(f"loaded {len(result.files)} files into {result.store} (load {result.load_id})")
    else:
        print("every check passed; nothing written (--check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
