"""Check a set of files and load them into the store, all or nothing.

1. Every file is read and checked, and then the files against each other and against what the store
   already holds (KPIs defined, periods complete, once DIED always DIED, and within a collection
   year every OC3 and UASC child has a Header record with the same date of birth). Every problem
   found is returned at once; if there is any, nothing is written. Warnings (extra columns, files
   skipped in a folder) are reported and do not stop a load.
2. Otherwise, under a lock, the store is copied to a temporary file beside it, the records are
   pseudonymised and loaded into the copy, the copy is checked again (foreign keys, KPI periods
   complete, DIED rules, and a scan of every text and date column for the raw IDs and dates of birth
   of this load), and only then renamed over the store with ``os.replace``. A failure or an
   interruption at any step leaves the store byte for byte as it was; the app's read-only
   connection (``analytics.db``) reopens when it sees the new file.

Example::

    >>> result = load([Source.from_path("tests/fixtures/ssda903/oc3_2023.csv")], dry_run=True)  # doctest: +SKIP
    >>> result.ok, result.loaded, result.files[0].records                                         # doctest: +SKIP
    (True, False, 14)
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import config, db
from analytics import periods as reporting_periods
from analytics.ingest import privacy, ssda903, staging, templates
from analytics.ingest.checks import MAX_LISTED
from analytics.ingest.checks import long_date, year_label
from analytics.ingest.issues import Issue, issues_frame, sort_key, summary_frame
from analytics.ingest.kinds import (
    BUDGET_LINES,
    COHORT_SNAPSHOTS,
    HEADER,
    KPI_RETURNS,
    OC3,
    UASC,
    Kind,
    extra_columns,
    recognise,
    unrecognised_reason,
    years_in_path,
)
from analytics.ingest.reading import Source, Table, read_table

INGEST_SCHEMA = config.ROOT / "data" / "ingest_schema.sql"
FIRST_COLLECTION_YEAR = 2015


class LoadError(RuntimeError):
    """The loaded copy failed its final checks; the store was left unchanged."""


@dataclass(frozen=True)
class FileReport:
    name: str
    kind: str | None
    collection_year: int | None
    records: int
    sha256: str | None
    year_from: str | None = None  # where the collection year came from, in words


@dataclass(frozen=True)
class LoadResult:
    """What was found and done. ``loaded`` is False for a dry run and whenever there are issues."""

    store: Path
    files: tuple[FileReport, ...]
    issues: tuple[Issue, ...]
    loaded: bool
    load_id: int | None
    warnings: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> pd.DataFrame:
        return summary_frame(self.issues)

    def errors(self, *, redacted: bool = False) -> pd.DataFrame:
        """Every error; ``redacted`` masks IDs and dates for sharing (``analytics.ingest.issues``)."""
        return issues_frame(self.issues, redacted=redacted)

    def warnings_frame(self) -> pd.DataFrame:
        return issues_frame(self.warnings)

    def files_frame(self) -> pd.DataFrame:
        """Which file was taken for which table and year. Columns: file, kind, collection_year,
        year_from, records."""
        return pd.DataFrame(
            [(f.name, f.kind or "not recognised", f.collection_year, f.year_from or "", f.records) for f in self.files],
            columns=["file", "kind", "collection_year", "year_from", "records"],
        ).astype({"collection_year": "Int64"})


@dataclass
class _Parsed:
    kind: Kind
    table: Table
    year: int | None
    # Template records; an SSDA903 file's are in the stage (``staged``), not held here.
    records: list[dict[str, Any]]
    staged: staging.StagedFile | None = None
    # The staged records as they are stored (keyed hash, months), taken before the stage closes.
    to_store: pa.Table | None = None


@dataclass
class _Context:
    """What the checks need from the store as it is (its SSDA903 keys are copied into the stage)."""

    kpi_units: dict[str, str]
    kpis_by_period: dict[str, set[str]]
    stage: staging.Stage
    stored_header_years: frozenset[int] = frozenset()


def _read_context(store: Path, stage: staging.Stage) -> _Context:
    found = stage.read_store(store, ("ingest_context_kpi_values", "ingest_context_kpis"))
    by_period: dict[str, set[str]] = defaultdict(set)
    for period, kpi_id in found["ingest_context_kpi_values"]:
        by_period[period].add(kpi_id)
    years = frozenset(int(y) for (y,) in stage.rows("ingest_stage_stored_header_years"))
    return _Context(dict(found["ingest_context_kpis"]), dict(by_period), stage, years)


def _collection_year(table: Table, given: int | None) -> tuple[int | None, str | None, list[Issue]]:
    """The file's collection year and where it came from: its name, its folder or the year given
    for the load, which must agree wherever more than one gives it."""
    in_name, folder, in_folder = years_in_path(table.name)
    ways = [(y, how) for y, how in ((in_name, "the file name"), (in_folder, f"the folder {folder}/"),
                                    (given, "the year given for the load")) if y is not None]
    latest = dt.date.today().year + 1
    if not ways:
        return None, None, [Issue(table.name, None, None, None, "file_year",
                                  "the collection year is in neither the file name nor its folder: name it like "
                                  "oc3_2023.csv (2022-23), put it in a folder 2023/ or 2022-23/, or give the year")]
    if len({y for y, _ in ways}) > 1:
        said = " but ".join(f"{how} says {year_label(y)}" for y, how in ways)
        return None, None, [Issue(table.name, None, None, None, "file_year",
                                  f"the collection year is given two ways that disagree: {said}; correct one of them")]
    year, how = ways[0]
    if not FIRST_COLLECTION_YEAR <= year <= latest:
        return None, None, [Issue(table.name, None, None, str(year), "file_year",
                                  f"collection year {year} is outside {FIRST_COLLECTION_YEAR} to {latest}")]
    return year, " and ".join(h for _, h in ways), []


def _parse(source: Source, *, year: int | None, max_bytes: int, ctx: _Context) -> tuple[_Parsed | None, FileReport, list[Issue]]:
    table, issues = read_table(source, max_bytes=max_bytes)
    if table is None:
        return None, FileReport(source.name, None, None, 0, None), issues
    kind = recognise(table.columns)
    report = FileReport(source.name, kind.label if kind else None, None, len(table.rows), table.sha256)
    if kind is None:
        return None, report, [Issue(source.name, 1, None, None, "file_unrecognised", unrecognised_reason(table.columns))]
    extra = extra_columns(kind, table.columns)
    notes = [Issue(source.name, 1, None, ", ".join(extra), "extra_columns",
                   f"{'column' if len(extra) == 1 else 'columns'} {', '.join(extra)} {'is' if len(extra) == 1 else 'are'} "
                   f"not part of the {kind.label} file: ignored and not stored")] if extra else []
    if kind.ssda903:
        file_year, year_from, issues = _collection_year(table, year)
        if file_year is None:
            return None, report, notes + issues
        report = FileReport(source.name, kind.label, file_year, len(table.rows), table.sha256, year_from)
        staged = ctx.stage.file(source.name, kind.key, file_year)
        issues = ssda903.validate(table, kind, file_year, staged)
        return _Parsed(kind, table, file_year, [], staged), report, notes + issues
    records, issues = templates.validate(table, kind, ctx.kpi_units)
    return _Parsed(kind, table, None, records), report, notes + issues


def _check_repeated(parsed: list[_Parsed]) -> list[Issue]:
    seen: dict[tuple[str, int | None], str] = {}
    issues = []
    for p in parsed:
        if not p.kind.ssda903:
            continue
        key = (p.kind.key, p.year)
        if key in seen:
            issues.append(Issue(p.table.name, None, None, None, "file_repeated",
                                f"{seen[key]} is also the {p.kind.label} file for {year_label(p.year or 0)}; load one of them"))
        else:
            seen[key] = p.table.name
    return issues


def _not_listed(file: str, rule: str, more: int) -> list[Issue]:
    """The line standing for the errors of a rule across files past the first ``MAX_LISTED``."""
    if more <= 0:
        return []
    return [Issue(file, None, None, None, rule, f"{more:,} more errors of this kind are not listed (a load lists its first "
                                                 f"{MAX_LISTED:,}); fix those and check again")]


def _check_header_present(parsed: list[_Parsed], ctx: _Context, *, all_read: bool) -> list[Issue]:
    """Within a collection year, every OC3 and UASC child has a Header record (DfE INT06, INT09):
    in the Header loaded with it, else in the one already stored for the year; with neither, a
    warning."""
    # The last Header of a year is the one compared with (two are an error of their own).
    loaded = {p.year: p for p in parsed if p.kind is HEADER}
    issues = []
    for p in parsed:
        if p.kind not in (OC3, UASC) or p.year is None or p.staged is None:
            continue
        table = "OC3" if p.kind is OC3 else "UASC"
        header = loaded.get(p.year)
        if header is not None and header.staged is not None:
            where = header.table.name
            missing, total = ctx.stage.listed("ingest_stage_missing_in_file",
                                              {"file_no": p.staged.file_no, "header_no": header.staged.file_no})
        elif p.year in ctx.stored_header_years:
            where = f"the Header already stored for {year_label(p.year)}"
            missing, total = ctx.stage.listed("ingest_stage_missing_in_stored", {"file_no": p.staged.file_no, "year": p.year})
        else:
            # As the DfE's validator does, the rule needs a Header to check against; without one
            # the load says so rather than refusing an OC3 file checked on its own. A file that
            # could not be read may be this year's Header: its own error says so.
            if all_read:
                issues.append(Issue(p.table.name, None, None, None, "header_absent",
                                    f"there is no Header for {year_label(p.year)}, in this load or stored, so no check "
                                    f"that every {table} child has a Header record; load the year's Header with it"))
            continue
        for row, child in missing:
            issues.append(Issue(p.table.name, row, "CHILD", child, "header_missing",
                                f"this child has no Header record in {where}", child=child))
        issues += _not_listed(p.table.name, "header_missing", total - len(missing))
    # A Header replaces the stored one for its year: the OC3 and UASC records stored for that year,
    # and not loaded again now, must still find theirs.
    reloaded = {(p.kind.key, p.year) for p in parsed}
    for year, header in loaded.items():
        if year is None or header.staged is None:
            continue
        for kind in (OC3, UASC):
            if (kind.key, year) in reloaded:
                continue
            [(orphans,)] = ctx.stage.rows("ingest_stage_orphans", {"kind": kind.key, "year": year, "header_no": header.staged.file_no})
            if not orphans:
                continue
            label = "OC3" if kind is OC3 else "UASC"
            who = "1 child" if orphans == 1 else f"{orphans:,} children"
            issues.append(Issue(header.table.name, None, None, None, "header_missing",
                                f"{who} of the {label} already stored for {year_label(year)} {'has' if orphans == 1 else 'have'} "
                                f"no record in this Header, which replaces the stored one; load the year's {label} with it"))
    return issues


def _check_dob_agrees(parsed: list[_Parsed], ctx: _Context) -> list[Issue]:
    """The same child's DOB is the same in the year's Header, OC3 and UASC (DfE INT15, INT18; OC3
    against UASC too). Checked against the first table giving one, Header first; against a stored
    Header to the month, which is all the store keeps (``ingest_stage_dob_disagrees.sql``)."""
    if not any(p.staged is not None for p in parsed):
        return []
    found, total = ctx.stage.listed("ingest_stage_dob_disagrees")
    issues = []
    for file, row, year, child, dob_text, first_file, first_row, first_text in found:
        if first_file is None:
            message = f"DOB is not in the month of birth of the Header already stored for {year_label(year)}"
        else:
            message = f"DOB differs from {first_file} row {first_row}, which gives {first_text}"
        issues.append(Issue(file, row, "DOB", dob_text, "dob_mismatch", message, child=child))
    return issues + (_not_listed(found[-1][0], "dob_mismatch", total - len(found)) if found else [])


def _check_once_died(parsed: list[_Parsed], ctx: _Context) -> list[Issue]:
    """Once DIED, always DIED: across the loaded OC3 years and the years already stored
    (``ingest_stage_once_died.sql``)."""
    if not any(p.kind is OC3 for p in parsed):
        return []
    found, total = ctx.stage.listed("ingest_stage_once_died")
    issues = []
    for file, row, child, status, year, died_year, died_file, died_row, died_child in found:
        if file is not None:
            issues.append(Issue(file, row, "IN_TOUCH", status, "once_died",
                                f"IN_TOUCH is {status} but the same child is DIED in {year_label(died_year)}; once DIED, always DIED",
                                child=child))
        else:
            issues.append(Issue(died_file, died_row, "IN_TOUCH", "DIED", "once_died",
                                f"the same child is {status} in {year_label(year)} (already loaded); once DIED, always DIED",
                                child=died_child))
    last = found[-1] if found else None
    return issues + (_not_listed(last[0] or last[6], "once_died", total - len(found)) if last else [])


def _check_cohort_across_files(parsed: list[_Parsed]) -> list[Issue]:
    first_seen: dict[tuple[dt.date, str], str] = {}
    issues = []
    for p in parsed:
        if p.kind.key != COHORT_SNAPSHOTS.key:
            continue
        here: set[tuple[dt.date, str]] = set()
        for r in p.records:
            if r["snapshot_date"] is None or r["child"] is None:
                continue
            k = (r["snapshot_date"], r["child"])
            if k in first_seen and k not in here:
                issues.append(Issue(p.table.name, r["row"], "child", r["child"], "duplicate_child",
                                    f"this child is also in {first_seen[k]} for the snapshot of {long_date(k[0])}",
                                    child=r["child"]))
            here.add(k)
        for k in here:
            first_seen.setdefault(k, p.table.name)
    return issues


def _check_keys_across_files(parsed: list[_Parsed], kind: Kind, fields: tuple[str, str]) -> list[Issue]:
    first_seen: dict[tuple[Any, Any], str] = {}
    issues = []
    for p in parsed:
        if p.kind.key != kind.key:
            continue
        here = set()
        for r in p.records:
            k = (r[fields[0]], r[fields[1]])
            # A budget line's option may be None (common to both options); a KPI's period may not.
            if k[0] is None or (k[1] is None and kind is KPI_RETURNS):
                continue
            if k in first_seen:
                issues.append(Issue(p.table.name, r["row"], fields[0], str(k[0]), "duplicate_key",
                                    f"{k[0]} ({k[1] or 'common'}) is also in {first_seen[k]}"))
            here.add(k)
        for k in here:
            first_seen.setdefault(k, p.table.name)
    return issues


def _check_periods_complete(parsed: list[_Parsed], ctx: _Context) -> list[Issue]:
    given: dict[str, set[str]] = defaultdict(set)
    file_of: dict[str, str] = {}
    for p in parsed:
        if p.kind.key == KPI_RETURNS.key:
            for r in p.records:
                if r["period"] and r["kpi_id"]:
                    given[r["period"]].add(r["kpi_id"])
                    file_of.setdefault(r["period"], p.table.name)
    issues = []
    for period, kpis in sorted(given.items()):
        missing = [k for k in ctx.kpi_units if k not in kpis | ctx.kpis_by_period.get(period, set())]
        if missing:
            issues.append(Issue(file_of[period], None, "kpi_id", None, "period_incomplete",
                                f"{period} is a new period, so every KPI needs a value; missing: {', '.join(missing)}"))
    return issues


def _check_sources(
    sources: Sequence[Source], ctx: _Context, *, year: int | None, max_bytes: int, all_gathered: bool = True
) -> tuple[list[_Parsed], list[FileReport], list[Issue]]:
    parsed, reports, issues = [], [], []
    for source in sources:
        p, report, found = _parse(source, year=year, max_bytes=max_bytes, ctx=ctx)
        reports.append(report)
        issues.extend(found)
        if p is not None:
            parsed.append(p)
    issues += _check_repeated(parsed)
    issues += _check_header_present(parsed, ctx, all_read=all_gathered and len(parsed) == len(sources))
    issues += _check_dob_agrees(parsed, ctx)
    issues += _check_once_died(parsed, ctx)
    issues += _check_cohort_across_files(parsed)
    issues += _check_keys_across_files(parsed, KPI_RETURNS, ("kpi_id", "period"))
    issues += _check_keys_across_files(parsed, BUDGET_LINES, ("line_id", "option"))
    issues += _check_periods_complete(parsed, ctx)
    return parsed, reports, sorted(issues, key=sort_key)


# --- writing -------------------------------------------------------------------------------------


# The copy being loaded into: one thread and a memory limit keep DuckDB's share of a load within the
# worker's budget (it spills to a directory beside the copy, which holds no raw ID).
WRITE_SETTINGS = {"threads": 1, "memory_limit": "128MB"}


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None,
         frame: pd.DataFrame | pa.Table | None = None) -> None:
    if frame is not None:
        con.register("incoming", frame)
    try:
        con.execute(db.sql_text(name), params or {})
    finally:
        if frame is not None:
            con.unregister("incoming")


def _write_903(con: duckdb.DuckDBPyConnection, p: _Parsed, load_id: int, key: bytes) -> None:
    """The staged file's pseudonymised columns (``ingest_stage_<kind>_rows.sql``), as Arrow columns:
    the file is never whole as Python objects."""
    assert p.to_store is not None
    _run(con, f"ingest_{p.kind.key}_delete_year", {"collection_year": p.year})
    rows = p.to_store.append_column("load_id", pa.array([load_id] * p.to_store.num_rows, pa.int32()))
    _run(con, f"ingest_{p.kind.key}_insert", frame=rows)


def _write_kpi_returns(con: duckdb.DuckDBPyConnection, p: _Parsed, load_id: int, key: bytes) -> None:
    source = f"Provider return {p.table.name} (load {load_id})"
    values = pd.DataFrame([{"kpi_id": r["kpi_id"], "period": r["period"], "value": r["value"], "source": source} for r in p.records])
    periods = reporting_periods.frame(
        values["period"], year=templates.period_year(), data_source="Provider KPI return", source=source,
    )
    _run(con, "ingest_kpi_periods_insert", frame=periods)
    _run(con, "ingest_kpi_values_delete", frame=values)
    _run(con, "ingest_kpi_values_insert", frame=values)


def _write_budget_lines(con: duckdb.DuckDBPyConnection, p: _Parsed, load_id: int, key: bytes) -> None:
    source = f"Budget lines {p.table.name} (load {load_id})"
    lines = pd.DataFrame([{"line_id": r["line_id"], "option": r["option"], "item": r["item"], "amount": r["amount"], "source": source}
                          for r in p.records])
    _run(con, "ingest_budget_lines_delete", frame=lines)
    _run(con, "ingest_budget_lines_insert", frame=lines)


def _write_cohort_snapshots(con: duckdb.DuckDBPyConnection, p: _Parsed, load_id: int, key: bytes) -> None:
    snapshots, people = [], {}
    for r in sorted(p.records, key=lambda r: r["snapshot_date"]):
        person = privacy.child_key(r["child"], key)
        snapshots.append({
            "snapshot_date": r["snapshot_date"], "person_id": person, "age": r["age"], "legal_status": r["legal_status"],
            "location": r["location"], "in_custody": r["in_custody"], "at_university": r["at_university"],
            "in_touch": r["in_touch"], "activ": r["activ"], "accom": r["accom"],
            "pathway_plan_up_to_date": r["pathway_plan_up_to_date"],
        })
        # Sorted by date, so each person keeps the details of their latest snapshot.
        people[person] = {
            "person_id": person, "birth_month": privacy.birth_month(r["dob"]), "sex": r["sex"], "disability": r["disabled"],
            "ethnicity_group": r["ethnicity_group"], "uasc": r["uasc"], "entry_date": privacy.birth_month(r["care_start"]),
            "qualifying": r["legal_status"] == "Qualifying",
        }
    snapshot_frame, people_frame = pd.DataFrame(snapshots), pd.DataFrame(list(people.values()))
    _run(con, "ingest_snapshots_delete", frame=snapshot_frame)
    _run(con, "ingest_care_leavers_prune")
    _run(con, "ingest_care_leavers_update", frame=people_frame)
    _run(con, "ingest_care_leavers_insert", frame=people_frame)
    _run(con, "ingest_snapshots_insert", frame=snapshot_frame)
    _run(con, "ingest_mark_not_synthetic")
    # Pages read the aggregates, so they must move with the records they count.
    _run(con, "build_snapshot_aggregates")


Writer = Callable[[duckdb.DuckDBPyConnection, _Parsed, int, bytes], None]
WRITERS: dict[str, Writer] = {
    "header": _write_903,
    "oc3": _write_903,
    "uasc": _write_903,
    KPI_RETURNS.key: _write_kpi_returns,
    BUDGET_LINES.key: _write_budget_lines,
    COHORT_SNAPSHOTS.key: _write_cohort_snapshots,
}


def _raw_values(parsed: list[_Parsed], stage: staging.Stage) -> tuple[pa.Table, pa.Table]:
    """This load's raw IDs, dates of birth and UASC end dates: as text (both ways they are written)
    for text columns, and as ISO dates for date and timestamp columns, for the privacy scan. The
    staged SSDA903 records' come from the stage as Arrow columns, the templates' from their records."""
    texts: set[str] = set()
    dates: set[str] = set()
    for p in parsed:
        for r in p.records:
            if r.get("child"):
                texts.add(r["child"])
            # DUC (UASC status ceased) is the 18th birthday for most, so it is as telling as the DOB.
            for known in ("dob", "duc"):
                day = r.get(known)
                if isinstance(day, dt.date):
                    texts.update((day.strftime("%d/%m/%Y"), day.isoformat()))
                    # A date on the 1st is its own month, which may be stored.
                    if day.day != 1:
                        dates.add(day.isoformat())
    staged_text, staged_dates = stage.arrow("ingest_stage_raw_text"), stage.arrow("ingest_stage_raw_dates")
    return (pa.concat_tables([staged_text, pa.table({"value": pa.array(sorted(texts), pa.string())})]),
            pa.concat_tables([staged_dates, pa.table({"value": pa.array(sorted(dates), pa.string())})]))


def _verify(con: duckdb.DuckDBPyConnection, raw: tuple[pa.Table, pa.Table]) -> None:
    """The final checks on the loaded copy; raise LoadError if any fails."""
    gaps = con.execute(db.sql_text("ingest_check_periods")).fetchall()
    if gaps:
        raise LoadError(f"KPI periods without every KPI after the load: {gaps[:5]}")
    died = con.execute(db.sql_text("ingest_check_once_died")).fetchall()
    if died:
        raise LoadError(f"{len(died)} children are DIED in one year and not in a later one")
    raw_text, raw_dates = raw
    con.register("raw_text", raw_text)
    con.register("raw_dates", raw_dates)
    try:
        for schema, table, column, data_type in con.execute(db.sql_text("ingest_stored_columns")).fetchall():
            params = {"table_name": f"{schema}.{table}", "column_name": column,
                      "raw": "raw_text" if data_type == "VARCHAR" else "raw_dates"}
            if con.execute(db.sql_text("ingest_privacy_hits"), params).fetchall()[0][0]:
                raise LoadError(f"privacy check failed: {schema}.{table}.{column} holds a raw ID or date of birth")
    finally:
        con.unregister("raw_text")
        con.unregister("raw_dates")


@contextmanager
def _locked(store: Path) -> Iterator[int]:
    """Hold an exclusive lock on the store file for the whole load, and yield its inode.

    The lock is on the file itself, so it goes with the file we copy; a second load that was waiting
    finds the store replaced, and locks the new file instead."""
    while True:
        fd = os.open(store, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            inode = os.fstat(fd).st_ino
            if inode == os.stat(store).st_ino:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield inode
    finally:
        os.close(fd)


def _write(store: Path, parsed: list[_Parsed], reports: list[FileReport], key: bytes, raw: tuple[pa.Table, pa.Table],
           loaded_by: str | None = None) -> int:
    """Load into a copy of the store and rename it over the store. ``raw`` is what the privacy scan
    looks for (``_raw_values``)."""
    tmp = store.with_name(store.name + ".ingest.tmp")
    wal = store.with_name(store.name + ".wal")
    with _locked(store) as inode:
        if wal.exists():
            raise LoadError(f"{wal} exists: the store has unsaved changes; rebuild it before loading")
        tmp.unlink(missing_ok=True)
        try:
            shutil.copyfile(store, tmp)
            con = duckdb.connect(str(tmp), config=WRITE_SETTINGS)
            try:
                con.execute(INGEST_SCHEMA.read_text())
                load_id = int(con.execute(db.sql_text("ingest_next_load_id")).fetchall()[0][0])
                loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
                for p in parsed:
                    WRITERS[p.kind.key](con, p, load_id, key)
                for report, p in zip(reports, parsed):
                    _run(con, "ingest_log_file", {
                        "load_id": load_id, "loaded_at": loaded_at, "file_name": report.name, "kind": p.kind.key,
                        "collection_year": p.year, "records": report.records, "sha256": report.sha256,
                        "loaded_by": loaded_by,
                    })
                _verify(con, raw)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            if os.stat(store).st_ino != inode:
                raise LoadError("the store was replaced while loading (a rebuild?); nothing was written, load again")
            os.replace(tmp, store)
        except BaseException:
            # DuckDB's own journal beside the copy goes too: a full disk must leave nothing behind.
            for stray in (tmp, tmp.with_name(tmp.name + ".wal")):
                stray.unlink(missing_ok=True)
            raise
    return load_id


def load(
    sources: Sequence[Source],
    store: Path | str | None = None,
    *,
    year: int | None = None,
    key_path: Path | str | None = None,
    max_mb: float | None = None,
    dry_run: bool = False,
    gathered: Sequence[Issue] = (),
    loaded_by: str | None = None,
) -> LoadResult:
    """Check ``sources`` and, if every check passes and this is not a dry run, load them all.

    ``year`` is the collection year of every SSDA903 file, for files whose name and folder carry
    none (a file whose name or folder gives another year is refused); ``max_mb`` defaults to the
    configuration's ``[ingest] max_file_mb``; ``gathered`` are the problems met while gathering the
    files (``analytics.ingest.folders``), reported with the rest. Raises
    ``analytics.db.StoreMissingError`` without a store and ``LoadError`` if the loaded copy fails
    its final checks (the store is unchanged). ``loaded_by`` (the signed-in user, or the command
    line's account) is written to the load log.
    """
    store = Path(store) if store is not None else db.store_path()
    if not store.exists():
        raise db.StoreMissingError(f"no evidence store at {store}: build it first with `python -m data.build`")
    limit = max_mb if max_mb is not None else config.load().ingest.max_file_mb
    key = privacy.load_key(key_path)
    with staging.Stage(key=key) as stage:
        ctx = _read_context(store, stage)
        errors_gathering = [i for i in gathered if not i.is_warning]
        parsed, reports, found = _check_sources(sources, ctx, year=year, max_bytes=int(limit * 1e6),
                                                all_gathered=not errors_gathering)
        everything = sorted([*gathered, *found], key=sort_key)
        issues = tuple(i for i in everything if not i.is_warning)
        warnings = tuple(i for i in everything if i.is_warning)
        if issues or dry_run or not parsed:
            return LoadResult(store, tuple(reports), issues, False, None, warnings)
        for p in parsed:
            if p.staged is not None:
                p.to_store = stage.arrow(f"ingest_stage_{p.kind.key}_rows", {"file_no": p.staged.file_no})
        raw = _raw_values(parsed, stage)
    # The stage is closed (its raw IDs gone) before the copy is opened: one DuckDB at a time.
    # Without errors every source was read and recognised, so reports and parsed files pair up.
    load_id = _write(store, parsed, reports, key, raw, loaded_by)
    return LoadResult(store, tuple(reports), (), True, load_id, warnings)
