"""Hostile and huge files are read within bounds (issue 18): a spreadsheet claiming A1:XFD1048576
for one cell, a million-row OC3 file of bad records, and a file just under the cell cap all check
within 300 MB more than the process held before, measured by running the check in a child process
whose address space is capped (RLIMIT_AS): over the cap it would die with MemoryError. A check in
the Data page's worker process leaves the server's own memory as it was."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from analytics.ingest import isolated, privacy
from analytics.ingest.checks import MAX_LISTED
from analytics.ingest.reading import MAX_CELLS, Source, read_table

ROOT = Path(__file__).resolve().parent.parent
EXTRA_MB = 300
OC3_HEADER = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"

# Runs in the child: warm up (imports, configuration, the store opened once), then cap the address
# space at what it holds plus EXTRA_MB, check the file, and report what was found.
CHILD = """
import json, resource, sys
from analytics.ingest import Source, load
load([Source("oc3_2023.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\\nA1,14/06/2004,YES,F2,D1\\n")], dry_run=True)
size = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmSize"))
resource.setrlimit(resource.RLIMIT_AS, (size + int(sys.argv[2]) * 2**20, resource.RLIM_INFINITY))
result = load([Source.from_path(sys.argv[1])], dry_run=True)
print(json.dumps({"listed": sum(i.row is not None for i in result.issues), "rules": sorted({i.rule for i in result.issues}),
                  "messages": [i.message for i in result.issues][:5],
                  "unlisted": [i.message for i in result.issues if "more errors of this kind" in i.message], "records": result.files[0].records}))
"""


def check_in_capped_child(path: Path, store: Path, tmp_path: Path) -> dict:
    env = {**os.environ, "LCI_STORE": str(store), privacy.KEY_ENV: str(tmp_path / "key"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(EXTRA_MB)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def dimension_bomb() -> bytes:
    """An .xlsx of OC3 column names and one record in the sheet's last row, whose dimension claims
    the whole grid: a reader that trusts the claim pads 1,048,576 rows to 16,384 cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(OC3_HEADER.strip().split(","))
    for column, value in enumerate(["A1", "14/06/2004", "YES", "F2", "D1"], start=1):
        sheet.cell(row=1_048_576, column=column, value=value)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', data)
                assert n == 1
            dst.writestr(item, data)
    return out.getvalue()


def test_a_dimension_bomb_is_read_by_its_real_cells() -> None:
    bomb = dimension_bomb()
    assert len(bomb) < 10_000
    claimed = openpyxl.load_workbook(io.BytesIO(bomb), read_only=True).worksheets[0].calculate_dimension()
    assert claimed == "A1:XFD1048576"
    table, issues = read_table(Source("oc3_2023.xlsx", bomb), max_bytes=50_000_000)
    assert issues == []
    assert table is not None and table.columns == ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
    # One record, in the row a spreadsheet shows it in, no wider than its real cells.
    assert list(table.rows) == [(1_048_576, ["A1", "14/06/2004", "YES", "F2", "D1"])]


def test_a_dimension_bomb_checks_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "oc3_2023.xlsx"
    path.write_bytes(dimension_bomb())
    found = check_in_capped_child(path, store, tmp_path)
    assert found["records"] == 1


def test_a_million_bad_oc3_records_are_refused_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "oc3_2023.csv"
    with open(path, "w") as out:  # about 29 MB, under the 50 MB limit
        out.write(OC3_HEADER)
        out.writelines(f"K{i:07d},31/02/2005,XX,F9,Q9\n" for i in range(1_000_000))
    found = check_in_capped_child(path, store, tmp_path)
    assert found["rules"] == ["file_too_large"]
    assert f"more than {MAX_CELLS:,} values" in found["messages"][0]


def test_a_file_of_errors_under_the_cell_cap_lists_the_first_and_counts_the_rest(store: Path, tmp_path: Path) -> None:
    records = MAX_CELLS // 5 - 1  # 5 columns: the most records the cap allows with the column names
    path = tmp_path / "oc3_2023.csv"
    with open(path, "w") as out:
        out.write(OC3_HEADER)
        out.writelines(f"K{i:07d},31/02/2005,XX,F9,Q9\n" for i in range(records))
    found = check_in_capped_child(path, store, tmp_path)
    assert found["records"] == records
    # Four errors a record (DOB; IN_TOUCH, ACTIV, ACCOM codes): the first MAX_LISTED listed, then
    # one line a rule counting the rest.
    assert found["listed"] == MAX_LISTED
    assert len(found["unlisted"]) == 2
    assert sum(int(m.split(" more")[0].replace(",", "")) for m in found["unlisted"]) == records * 4 - MAX_LISTED


def test_past_the_cap_each_rule_counts_what_it_does_not_list() -> None:
    from analytics.ingest.checks import FileChecks

    f = FileChecks("oc3_2023.csv")
    for row in range(MAX_LISTED + 7):
        f.add(row + 2, "ACCOM", "Q9", "code", "ACCOM 'Q9' is not an ACCOM code")
    for row in range(3):
        f.add(row + 2, "DOB", "x", "date_format", "DOB is not a date written dd/mm/yyyy")
    assert len(f.issues) == MAX_LISTED + 2
    assert [i.message.split(" more")[0] for i in f.issues[MAX_LISTED:]] == ["7", "3"]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def test_a_check_in_the_worker_leaves_the_server_s_memory_as_it_was(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    path = tmp_path / "oc3_2023.csv"
    with open(path, "w") as out:
        out.write(OC3_HEADER)
        out.writelines(f"K{i:07d},31/02/2005,XX,F9,Q9\n" for i in range(50_000))
    source = Source.from_path(path)
    before = _rss_mb()
    result = isolated.run([source], dry_run=True)
    # The worker read 50,000 bad records (200,000 errors); what comes back is the listed errors and counts.
    assert sum(i.row is not None for i in result.issues) == MAX_LISTED
    assert _rss_mb() - before < 60


# The same, for a load that writes, every record valid, into a copy of the store: the records are
# staged into DuckDB a chunk at a time and checked across files in SQL (analytics.ingest.staging), so
# the largest files the cell cap allows load within the cap.
LOAD_CHILD = CHILD.replace(
    "result = load([Source.from_path(sys.argv[1])], dry_run=True)",
    "result = load([Source.from_path(p) for p in sys.argv[1].split(',')], loaded_by='test')",
).replace('"records": result.files[0].records', '"records": [f.records for f in result.files], "ok": result.ok')


def load_in_capped_child(paths: list[Path], store: Path, tmp_path: Path) -> dict:
    import shutil

    copy = tmp_path / "store.duckdb"
    shutil.copy(store, copy)
    env = {**os.environ, "LCI_STORE": str(copy), privacy.KEY_ENV: str(tmp_path / "key"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", LOAD_CHILD, ",".join(map(str, paths)), str(EXTRA_MB)], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    con = duckdb.connect(str(copy), read_only=True)
    try:
        found["stored"] = dict(con.execute(
            "SELECT 'header', count(*) FROM ingest.ssda903_header UNION ALL SELECT 'oc3', count(*) FROM ingest.ssda903_oc3 "
            "UNION ALL SELECT 'uasc', count(*) FROM ingest.ssda903_uasc").fetchall())
    finally:
        con.close()
    return found


def test_an_oc3_file_at_the_cell_cap_of_valid_records_loads_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    records = MAX_CELLS // 5 - 1  # 199,999: every care leaver of a collection year in England, four times over
    # Born 2004-05: 18 at their birthday in 2022-23 (OC3 ages 17-21), in touch, in education, suitable.
    path = tmp_path / "oc3_2023.csv"
    path.write_text(OC3_HEADER + "".join(f"L{i:07d},14/06/2004,YES,F2,D1\n" for i in range(records)))
    found = load_in_capped_child([path], store, tmp_path)
    assert found["ok"] and found["records"] == [records] and found["listed"] == 0
    assert found["stored"]["oc3"] == records


def test_a_year_of_header_oc3_and_uasc_each_at_the_cell_cap_loads_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    # Every table at the cap at once, the same children in each: the rules across files (a Header
    # record for every child, the same date of birth) run over all of them.
    records = MAX_CELLS // 7 - 1  # 142,856: the Header has seven columns
    files = {
        "header_2023.csv": ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", "L{i:07d},1,14/06/2004,WBRI,A{i:011d}1,0,\n"),
        "oc3_2023.csv": (OC3_HEADER, "L{i:07d},14/06/2004,YES,F2,D1\n"),
        "uasc_2023.csv": ("CHILD,SEX,DOB,DUC\n", "L{i:07d},1,14/06/2004,14/06/2022\n"),
    }
    paths = []
    for name, (columns, record) in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(columns + "".join(record.format(i=i) for i in range(records)))
    found = load_in_capped_child(paths, store, tmp_path)
    assert found["ok"] and found["records"] == [records] * 3 and found["listed"] == 0
    assert found["stored"] == {"header": records, "oc3": records, "uasc": records}


def test_zips_are_opened_in_the_worker_and_a_zip_bomb_is_refused_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analytics.ingest import folders
    from tests.test_ingest_folders import deflate_bomb, two_years, zipped

    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip was opened in the server process")

    # The worker is a fresh interpreter: what this process does to folders does not reach it.
    monkeypatch.setattr(folders, "from_uploads", not_here)
    result = isolated.run_uploads([("903.zip", zipped(two_years()))], dry_run=True)
    assert [f.name for f in result.files][:2] == ["903.zip/2023-24/Header.csv", "903.zip/2023-24/OC3.csv"]
    assert result.ok, result.errors().to_string()
    bomb = deflate_bomb(500)  # 500 MB of zeros in about half a megabyte
    before = _rss_mb()
    refused = isolated.run_uploads([("bomb.zip", bomb), ("oc3_2023.csv", OC3_HEADER.encode() + b"A1,14/06/2004,YES,F2,D1\n")],
                                   dry_run=True)
    assert [(i.file, i.rule) for i in refused.issues] == [("bomb.zip", "file_too_large")]
    assert _rss_mb() - before < 30


# The templates at the cell cap. Their records are checked and written as Python records, not staged,
# so these measure that path; each is bounded by the cell cap alone. Measured peaks (address space
# over the warmed-up child): cohort snapshot load 232 MB, budget lines load 228 MB, KPI return check
# 176 MB.
COHORT_COLUMNS = ("snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,"
                  "at_university,in_touch,activ,accom,pathway_plan_up_to_date\n")


def _count(store: Path, query: str) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(query).fetchall()[0][0]
    finally:
        con.close()


def test_a_cohort_snapshot_at_the_cell_cap_loads_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    records = MAX_CELLS // 16 - 1  # 62,499 care leavers on one date: 16 columns
    # Born June 2004: 19 on 1 April 2024, Former Relevant, in touch, in education, suitably housed.
    path = tmp_path / "cohort_snapshot.csv"
    path.write_text(COHORT_COLUMNS + "".join(
        f"01/04/2024,C{i:07d},14/06/2004,1,WBRI,N,N,01/05/2015,Former Relevant,In county,N,N,YES,F2,D1,Y\n" for i in range(records)))
    found = load_in_capped_child([path], store, tmp_path)
    assert found["ok"] and found["records"] == [records] and found["listed"] == 0
    copy = tmp_path / "store.duckdb"
    assert _count(copy, "SELECT count(*) FROM snapshots WHERE snapshot_date = DATE '2024-04-01'") == records


def test_budget_lines_at_the_cell_cap_load_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    records = MAX_CELLS // 4 - 1  # 249,999 lines: 4 columns
    path = tmp_path / "budget_lines.csv"
    path.write_text("line_id,option,item,amount\n" + "".join(f"line_{i},,Item {i},100.50\n" for i in range(records)))
    found = load_in_capped_child([path], store, tmp_path)
    assert found["ok"] and found["records"] == [records] and found["listed"] == 0
    assert _count(tmp_path / "store.duckdb", "SELECT count(*) FROM budget_lines WHERE line_id LIKE 'line_%'") == records


def test_a_kpi_return_at_the_cell_cap_of_one_repeated_key_is_refused_within_the_memory_cap(store: Path, tmp_path: Path) -> None:
    # A KPI return has one record per KPI per ended quarter, so a file at the cap repeats its keys:
    # every record is then an error, each naming the rows that share its key.
    records = MAX_CELLS // 3 - 1  # 333,332 records: 3 columns
    path = tmp_path / "kpi_return.csv"
    path.write_text("kpi_id,period,value\n" + "kit,2023-24 Q1,50\n" * records)
    found = check_in_capped_child(path, store, tmp_path)
    # 2023-24 Q1 is not in the reference store, so the one KPI given also leaves the period incomplete.
    assert found["records"] == records and found["rules"] == ["duplicate_key", "period_incomplete"]
    assert found["listed"] == MAX_LISTED
    assert found["unlisted"] == [f"{records - MAX_LISTED:,} more errors of this kind are not listed (a file lists its first "
                                 f"{MAX_LISTED:,}); fix those and check again"]
    # The first rows sharing the key are named and the rest counted, not every row in every message.
    assert f"kit for 2023-24 Q1 is given in rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and {records - 10:,} more" in found["messages"]
