"""Loading into the store: the DfE measures from the hand-made sample, all-or-nothing loads,
pseudonymisation, the load log, the templates landing in the tables the pages read, and the CLI.

Each test loads into its own copy of a store built once for this file, never the session store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from analytics import db, performance
from analytics.ingest import LoadError, Source, load, privacy
from analytics.ingest import loader as load_module
from analytics.ingest import stored
from analytics.ingest.__main__ import main as cli
from data import build
from tests.apptest import open_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"
RAW_IDS = [f"KX{n:04d}" for n in range(1, 16)]
KPI_IDS = ["kit", "eet_16_18", "eet_19", "eet_19_21", "accom_16_18", "accom_19", "accom_19_21", "pathway_plans"]


def fixture_sources() -> list[Source]:
    return [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))]


def fixture_dobs() -> set[str]:
    dobs = set()
    for path in FIXTURES.glob("*.csv"):
        for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
            cells = [c.strip('"') for c in line.split(",")]
            dobs.add(cells[2] if path.name.startswith(("header", "uasc")) else cells[1])
    return dobs


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ingest") / "built.duckdb"
    build.build(path)
    return path


@pytest.fixture
def store(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "leaving_care.duckdb"
    shutil.copyfile(built, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "keys" / "ingest_key"))
    st.cache_data.clear()
    yield path
    st.cache_data.clear()


def query(store: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# --- the DfE measures, worked by hand ------------------------------------------------------------

def test_measures_from_the_hand_made_sample(store: Path) -> None:
    assert load(fixture_sources()).loaded
    measures = stored.oc3_measures()
    short = {"In education, employment or training": "eet", "In suitable accommodation": "suitable"}
    got = {(r.collection_year, short[r.measure], r.age_group): (r.numerator, r.denominator) for r in measures.itertuples()}
    # oc3_2023.csv, collection year 2022-23: age = age at the birthday between 1 Apr 2022 and 31 Mar 2023.
    #   17 to 18: KX0001 17 YES F2 D1, KX0002 17 YES G5 E1, KX0003 18 YES P4 U1, KX0004 18 NO 0 0,
    #             KX0005 18 DIED (out), KX0014 18 YES F4 T1                               -> 5 counted
    #     EET: KX0001 F2, KX0003 P4, KX0014 F4 = 3 of 5 (60%)
    #     suitable: D1, E1, U1, T1 = 4 of 5 (80%); KX0004's 0 (not known) stays in the denominator
    #   19 to 21: KX0006 19 YES F5 Z1, KX0007 20 YES G4 G1, KX0008 21 REFU 0 0, KX0009 20 YES F1 U1,
    #             KX0010 21 RHOM (out), KX0011 20 YES G6 R2, KX0012 19 NREQ 0 0, KX0013 19 YES F2 V2 -> 7 counted
    #     EET: KX0006 F5, KX0009 F1, KX0013 F2 = 3 of 7 (42.9%)
    #     suitable: KX0007 (G, abroad) and KX0011 (R, not known) leave the denominator, so 5: Z1 and U1
    #               are suitable = 2 of 5 (40%). G1 ends in 1 but is not counted as suitable.
    assert got[(2023, "eet", "17 to 18")] == (3, 5)
    assert got[(2023, "suitable", "17 to 18")] == (4, 5)
    assert got[(2023, "eet", "19 to 21")] == (3, 7)
    assert got[(2023, "suitable", "19 to 21")] == (2, 5)
    # oc3_2023-24.csv, 2023-24: KX0001 18 YES F2 D1; KX0005 19 DIED (out); KX0010 22 (collected from
    # 2023-24 but in neither DfE group); KX0015 21 YES G5 K2.
    assert got[(2024, "eet", "17 to 18")] == (1, 1)
    assert got[(2024, "suitable", "17 to 18")] == (1, 1)
    assert got[(2024, "eet", "19 to 21")] == (0, 1)
    assert got[(2024, "suitable", "19 to 21")] == (0, 1)
    assert len(got) == 8
    percent = {(r.collection_year, short[r.measure], r.age_group): round(r.percent, 1) for r in measures.itertuples()}
    assert percent[(2023, "eet", "19 to 21")] == 42.9 and percent[(2023, "suitable", "17 to 18")] == 80


def test_measures_are_suppressed_for_display(store: Path) -> None:
    load(fixture_sources())
    shown = stored.suppress_measures(stored.oc3_measures())
    first = shown.iloc[0]
    # 3 of 5 in EET at 17-18: both 3 and the 2 outside it are below 5, so the count and rate are hidden;
    # the denominator of 5 is shown.
    assert (first["numerator"], first["denominator"], first["percent"]) == ("c", "5", "c")
    assert set(shown.loc[shown["collection_year"] == 2024, "denominator"]) == {"c"}


# --- privacy -------------------------------------------------------------------------------------

def test_no_raw_id_or_date_of_birth_is_stored(store: Path) -> None:
    assert load(fixture_sources()).loaded
    dobs = fixture_dobs()
    assert len(dobs) == 15 and all(not d.startswith("01/") for d in dobs)
    dob_dates = [dt.datetime.strptime(d, "%d/%m/%Y").date() for d in dobs]
    secrets = [*RAW_IDS, *dobs, *(d.isoformat() for d in dob_dates), "K00000000001A", "02/12/2022"]  # plus a UPN and an MC_DOB
    columns = query(store, "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
                           "WHERE data_type IN ('VARCHAR', 'DATE') AND database_name = current_database()")
    assert any(schema == "ingest" for schema, *_ in columns)
    with duckdb.connect(str(store), read_only=True) as con:
        for schema, table, column, data_type in columns:
            if data_type == "VARCHAR":
                for secret in secrets:
                    hits = con.execute(f'SELECT count(*) FROM "{schema}"."{table}" WHERE contains("{column}", ?)', [secret]).fetchall()
                    assert hits[0][0] == 0, (schema, table, column, secret)
            else:
                hits = con.execute(f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}" IN (SELECT unnest(?::DATE[]))',
                                   [dob_dates]).fetchall()
                assert hits[0][0] == 0, (schema, table, column)
    # What is kept instead: the month of birth and a 64-character keyed hash.
    month, key = query(store, "SELECT birth_month, child_key FROM ingest.ssda903_oc3 WHERE collection_year = 2023 ORDER BY age, birth_month LIMIT 1")[0]
    assert month.day == 1 and len(key) == 64


def test_the_keyed_hash_links_tables_and_years_and_the_key_is_private(store: Path, tmp_path: Path) -> None:
    load(fixture_sources())
    key_file = tmp_path / "keys" / "ingest_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = privacy.load_key()
    assert key == bytes.fromhex(key_file.read_text().strip())
    expected = privacy.child_key("KX0001", key)
    assert query(store, "SELECT DISTINCT collection_year FROM ingest.ssda903_oc3 WHERE child_key = ? ORDER BY 1", [expected]) == [(2023,), (2024,)]
    # KX0001 has a Header record in both years.
    assert query(store, "SELECT collection_year FROM ingest.ssda903_header WHERE child_key = ? ORDER BY 1", [expected]) == [(2023,), (2024,)]
    # Under another key the same child is someone else: the store alone cannot confirm a guess.
    assert privacy.child_key("KX0001", b"another key") != expected


# --- the load log --------------------------------------------------------------------------------

def test_load_log_records_every_file_with_its_checksum(store: Path) -> None:
    first = load(fixture_sources())
    again = load([Source.from_path(FIXTURES / "oc3_2023.csv")])
    assert (first.load_id, again.load_id) == (1, 2)
    log = stored.load_log()
    assert log["load_id"].tolist() == [2, 1, 1, 1, 1, 1]
    row = log[(log["load_id"] == 2)].iloc[0]
    assert (row["file_name"], row["kind"], row["collection_year"], row["records"]) == ("oc3_2023.csv", "oc3", 2023, 14)
    assert row["sha256"] == hashlib.sha256((FIXTURES / "oc3_2023.csv").read_bytes()).hexdigest()
    # A year loaded again replaces that year's records.
    assert query(store, "SELECT count(*) FROM ingest.ssda903_oc3 WHERE collection_year = 2023") == [(14,)]
    counts = stored.ssda903_counts()
    assert counts.to_dict("records") == [
        {"table": "Header", "collection_year": 2023, "records": 14},
        {"table": "OC3", "collection_year": 2023, "records": 14},
        {"table": "UASC", "collection_year": 2023, "records": 2},
        {"table": "Header", "collection_year": 2024, "records": 4},
        {"table": "OC3", "collection_year": 2024, "records": 4},
    ]


def test_loaded_tables_are_not_offered_as_published_evidence(store: Path) -> None:
    # The Sources page lists published tables for display and download; loaded records (schema
    # `ingest`) must never be among them.
    from analytics import sources

    load(fixture_sources())
    listed = set(sources.published_tables()["table_name"])
    assert not listed & {"load_log", "ssda903_header", "ssda903_oc3", "ssda903_uasc"}


def test_nothing_loaded_reads_as_empty(store: Path) -> None:
    assert stored.load_log().empty and stored.oc3_measures().empty and stored.ssda903_counts().empty


# --- all or nothing ------------------------------------------------------------------------------

def test_one_bad_file_means_nothing_is_loaded(store: Path) -> None:
    before = digest(store)
    bad = Source("uasc_2023.csv", b"CHILD,SEX,DOB,DUC\nKX0007,1,07/03/2003,08/03/2021\n")
    result = load([*fixture_sources()[:3], bad])
    assert not result.loaded and [i.rule for i in result.issues] == ["duc_after_18"]
    assert digest(store) == before
    assert not list(store.parent.glob("*.tmp"))


def test_a_dry_run_writes_nothing(store: Path) -> None:
    before = digest(store)
    result = load(fixture_sources(), dry_run=True)
    assert result.ok and not result.loaded and result.load_id is None
    assert digest(store) == before


# Exception types, raised fresh in each test: an instance made at collection would keep the
# traceback of its raise, and with it the load's frames and DuckDB connections, to the end of the run.
@pytest.mark.parametrize("kind", [RuntimeError, KeyboardInterrupt])
def test_an_exception_mid_load_leaves_the_store_byte_identical(store: Path, monkeypatch: pytest.MonkeyPatch, kind: type[BaseException]) -> None:
    failure = kind("disk on fire")
    load([Source.from_path(FIXTURES / "oc3_2023.csv")])
    before = digest(store)
    real = load_module.WRITERS["oc3"]

    def write_then_fail(*args: object) -> None:
        real(*args)  # the copy has half the load in it when the failure comes
        raise failure

    monkeypatch.setitem(load_module.WRITERS, "oc3", write_then_fail)
    with pytest.raises(type(failure)):
        load(fixture_sources())
    assert digest(store) == before
    assert not list(store.parent.glob("*.tmp"))
    monkeypatch.setitem(load_module.WRITERS, "oc3", real)
    assert load(fixture_sources()).loaded  # and the store still takes a good load


def test_the_privacy_scan_refuses_a_load_that_would_store_a_raw_id(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = digest(store)
    monkeypatch.setattr(load_module.privacy, "child_key", lambda child, key: child)
    with pytest.raises(LoadError, match="privacy check failed: ingest.ssda903_header.child_key"):
        load(fixture_sources())
    assert digest(store) == before
    assert not list(store.parent.glob("*.tmp"))


def test_once_died_is_checked_against_stored_years(store: Path) -> None:
    load([Source.from_path(FIXTURES / "oc3_2023.csv")])
    later = Source("oc3_2024.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0005,30/07/2004,YES,F2,D1\n")
    result = load([later])
    assert [i.message for i in result.issues] == ["IN_TOUCH is YES but the same child is DIED in 2022-23; once DIED, always DIED"]
    earlier = Source("oc3_2022.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0003,22/09/2004,DIED,0,0\n")
    assert [i.message for i in load([earlier]).issues] == [
        "the same child is YES in 2022-23 (already loaded); once DIED, always DIED"]


def test_a_missing_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(db.StoreMissingError, match="build it first"):
        load(fixture_sources(), tmp_path / "none.duckdb")


def test_a_store_with_unsaved_changes_is_refused(store: Path) -> None:
    wal = store.with_name(store.name + ".wal")
    wal.write_bytes(b"")
    before = digest(store)
    with pytest.raises(LoadError, match="unsaved changes"):
        load(fixture_sources())
    assert digest(store) == before
    wal.unlink()


# --- templates into the tables the pages read ----------------------------------------------------

def test_a_provider_return_for_a_new_quarter_becomes_the_latest_period(store: Path) -> None:
    lines = ["kpi_id,period,value", *(f"{k},2023-24 Q3,{60 + i}" for i, k in enumerate(KPI_IDS)), "kit,2023-24 Q2,93.5"]
    result = load([Source("jet_q3.csv", "\n".join(lines).encode())])
    assert result.loaded, result.errors().to_string()
    tiles = performance.kpi_tiles()
    assert tiles[0].period == "2023-24 Q3" and tiles[0].value == 60 and tiles[0].previous_value == 93.5
    assert query(store, "SELECT period_end, snapshot_date FROM kpi_periods WHERE period = '2023-24 Q3'") == [
        (dt.date(2023, 12, 31), dt.date(2024, 1, 1))]
    assert query(store, "SELECT source FROM kpi_values WHERE kpi_id = 'kit' AND period = '2023-24 Q2'") == [
        ("Provider return jet_q3.csv (load 1)",)]
    assert query(store, "SELECT count(*) FROM kpi_values") == [(32 + 8,)]


def test_budget_lines_replace_the_same_line(store: Path) -> None:
    text = 'line_id,option,item,amount\nbase_budget,,Base Budget 2025-26,"£1,300,000"\nstaffing,outsourced,Staffing,2400000\n'
    assert load([Source("budget.csv", text.encode())]).loaded
    assert query(store, "SELECT item, amount FROM budget_lines WHERE line_id = 'base_budget'") == [("Base Budget 2025-26", 1300000)]
    assert query(store, "SELECT count(*) FROM budget_lines WHERE line_id = 'staffing'") == [(2,)]
    assert query(store, "SELECT count(*) FROM budget_lines") == [(19,)]


COHORT = """snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,at_university,in_touch,activ,accom,pathway_plan_up_to_date
01/04/2024,KX0101,14/06/2006,2,WBRI,N,N,03/03/2019,Eligible,In county,N,N,YES,F2,D1,Y
01/04/2024,KX0102,14/06/2005,1,BAFR,N,Y,11/10/2021,Former Relevant,Out of county,N,N,YES,G5,E1,N
01/04/2024,KX0103,02/02/2003,M,MWBC,Y,N,05/05/2015,Former Relevant,In county,N,Y,YES,F1,U1,Y
01/04/2024,KX0104,30/09/2001,F,CHNE,N,N,01/01/2017,Qualifying,Unknown,N,N,NO,0,0,N
01/04/2024,KX0105,12/12/2000,1,WBRI,N,N,09/09/2014,Former Relevant,In county,Y,N,YES,G4,X2,Y
01/07/2024,KX0101,14/06/2006,2,WBRI,N,N,03/03/2019,Former Relevant,In county,N,N,YES,F2,D1,Y
"""


def test_a_cohort_snapshot_replaces_the_synthetic_records(store: Path) -> None:
    assert query(store, "SELECT synthetic FROM build_info") == [(True,)]
    result = load([Source("cohort.csv", COHORT.encode())])
    assert result.loaded, result.errors().to_string()
    assert query(store, "SELECT synthetic FROM build_info") == [(False,)]
    assert query(store, "SELECT snapshot_date, count(*) FROM snapshots GROUP BY 1 ORDER BY 1") == [
        (dt.date(2024, 4, 1), 5), (dt.date(2024, 7, 1), 1)]
    assert query(store, "SELECT count(*) FROM care_leavers") == [(5,)]
    person = privacy.child_key("KX0101", privacy.load_key())
    # KX0101, born 14/06/2006, is 17 and Eligible in April, then 18 and Former Relevant in July.
    assert query(store, "SELECT age, legal_status FROM snapshots WHERE person_id = ? ORDER BY snapshot_date", [person]) == [
        (17, "Eligible"), (18, "Former Relevant")]
    assert query(store, "SELECT sex, ethnicity_group, birth_month, entry_date FROM care_leavers WHERE person_id = ?", [person]) == [
        ("Female", "White", dt.date(2006, 6, 1), dt.date(2019, 3, 1))]
    # A second load of the April snapshot replaces it and keeps July.
    april_again = "\n".join(COHORT.splitlines()[:2]) + "\n"
    assert load([Source("cohort_april.csv", april_again.encode())]).loaded
    assert query(store, "SELECT snapshot_date, count(*) FROM snapshots GROUP BY 1 ORDER BY 1") == [
        (dt.date(2024, 4, 1), 1), (dt.date(2024, 7, 1), 1)]
    assert query(store, "SELECT count(*) FROM care_leavers") == [(1,)]


def test_the_overview_and_data_pages_render_the_authoritys_own_cohort(store: Path) -> None:
    assert load([Source("cohort.csv", COHORT.encode()), *fixture_sources()]).loaded
    overview = open_page("app.py")
    assert not any("synthetic" in i.value.lower() for i in overview.info)
    page = open_page("pages/80_Data.py")
    columns = [set(d.value.columns) for d in page.dataframe]
    assert any("sha256" in c for c in columns) and any("Per cent" in c for c in columns)
    # The cohort snapshot is logged like any file, without a collection year.
    log = next(d.value for d in page.dataframe if "sha256" in d.value.columns)
    assert log.loc[log["file_name"] == "cohort.csv", "collection_year"].tolist() == [""]


# --- the command line ----------------------------------------------------------------------------

def test_cli_loads_and_reports(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli([*map(str, sorted(FIXTURES.glob("*.csv"))), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "oc3_2023.csv: SSDA903 OC3 (care leavers), 2022-23 (from the file name), 14 records" in out
    assert f"loaded 5 files into {store} (load 1)" in out


def test_cli_reports_errors_and_writes_them(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "oc3.csv"
    bad.write_text("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0001,14/06/2005,YES,F2,Q1\n")
    errors = tmp_path / "errors.csv"
    before = digest(store)
    assert cli([str(bad), "--year", "2023", "--errors", str(errors)]) == 1
    err = capsys.readouterr().err
    assert "1 errors; nothing was loaded. Rows are spreadsheet rows (row 1 is the column names)." in err
    assert "\n       1  code: Value is not in the code list\n" in err  # the count by rule first
    assert "\ncode: Value is not in the code list (1)\n  oc3.csv row 2, CHILD KX0001, ACCOM 'Q1': ACCOM 'Q1' is not an ACCOM code" in err
    assert errors.read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "file,row,child,column,value,rule,reason",
        'oc3.csv,2,KX0001,ACCOM,Q1,code,"ACCOM \'Q1\' is not an ACCOM code: a letter (B C D E G H K R S T U V W X Y Z) then 1 '
        '(suitable) or 2 (unsuitable), or 0 (not known)"']
    assert digest(store) == before


def test_cli_check_only_and_templates(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(store)
    assert cli([str(FIXTURES / "oc3_2023.csv"), "--check"]) == 0
    assert "every check passed; nothing written (--check)" in capsys.readouterr().out
    assert digest(store) == before
    assert cli(["--templates", str(tmp_path / "t")]) == 0
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert "kpi_returns.csv" in names and "cohort_snapshots.csv" in names and "budget_lines.csv" in names
    assert (tmp_path / "t" / "kpi_returns.csv").read_text().splitlines()[1].startswith("kit,")


def test_cli_without_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli([str(FIXTURES / "oc3_2023.csv"), "--store", str(tmp_path / "none.duckdb")]) == 2
    assert "build it first" in capsys.readouterr().err


def test_a_second_load_waits_for_the_first(store: Path) -> None:
    # The lock is on the store file itself: while one load holds it, another cannot start writing.
    with load_module._locked(store):
        fd = os.open(store, os.O_RDONLY)
        try:
            import fcntl

            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert load(fixture_sources()).loaded
