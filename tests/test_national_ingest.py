"""Loading a newer DfE release (analytics/national_ingest.py, ``python -m analytics.ingest --national``):
the same files with the same columns replace the reference tables atomically, with the release year
logged; anything else is refused with a clear message and the store is left byte for byte as it was."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import national_ingest, national_release
from analytics.ingest.__main__ import main as ingest_main

RAW = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dfe"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store_copy(store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copyfile(store, path)
    return path


@pytest.fixture
def newer_release(tmp_path: Path) -> Path:
    """The shipped release plus a 2025 collection year in the activity file (2024's rows again, with
    Lincolnshire's 19-21 EET at 57%) and a 2026 LAIT year for Lincolnshire."""
    folder = tmp_path / "release"
    shutil.copytree(RAW, folder)
    activity = folder / "ees_la_care_leavers_activity.csv"
    with open(activity, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    extra = []
    for row in rows:
        if row["time_period"] == "2024":
            new = dict(row, time_period="2025")
            if new["old_la_code"] == "925" and new["age"] == "Aged 19 to 21" and new["activity"] == "Total in education, employment or training":
                new["percentage"] = "57"
            extra.append(new)
    with open(activity, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=list(rows[0])).writerows(extra)
    with open(folder / "lait_care_leaver_measures.csv", "a", encoding="utf-8") as handle:
        handle.write("CareLeaverEET,2026,Lincolnshire,925,East Midlands,58\n")
    return folder


def test_a_newer_release_replaces_the_tables_and_logs_its_year(store_copy: Path, newer_release: Path) -> None:
    result = national_ingest.load_release(newer_release, store_copy, la_code=925)
    assert result.release_year == 2026
    con = duckdb.connect(str(store_copy), read_only=True)
    try:
        value = con.execute(
            "SELECT value FROM national_outcomes WHERE dataset = 'activity' AND year = 2025 AND area_code = 925 "
            "AND age_group = '19 to 21' AND category = 'Total in education, employment or training' AND statistic = 'percentage'"
        ).fetchone()[0]
        assert value == 57
        latest = con.execute("SELECT release_year, origin, count(*) FROM national_load_log GROUP BY ALL ORDER BY max(loaded_at) DESC").fetchall()
        assert latest[0][:2] == (2026, "loaded: release") and latest[0][2] == len(national_release.FILES)
        # The earlier build's log rows stay: the log keeps every load.
        assert any(row[0] == 2025 for row in latest[1:])
        # Replaced, not appended: 2024 Lincolnshire appears once.
        assert con.execute(
            "SELECT count(*) FROM national_outcomes WHERE year = 2024 AND area_code = 925 AND statistic = 'percentage' "
            "AND category = 'Total in education, employment or training' AND age_group = '19 to 21'"
        ).fetchone()[0] == 1
    finally:
        con.close()


def test_the_command_line_loads_a_release(store_copy: Path, newer_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_main(["--national", str(newer_release), "--store", str(store_copy)]) == 0
    assert "DfE national release 2026 loaded" in capsys.readouterr().out


def test_check_only_writes_nothing(store_copy: Path, newer_release: Path) -> None:
    before = _sha(store_copy)
    assert ingest_main(["--national", str(newer_release), "--store", str(store_copy), "--check"]) == 0
    assert _sha(store_copy) == before


def test_changed_columns_are_refused_and_the_store_is_unchanged(store_copy: Path, newer_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intouch = newer_release / "ees_la_care_leavers_intouch.csv"
    text = intouch.read_text(encoding="utf-8")
    intouch.write_text(text.replace(",number,percentage\n", ",number,pct\n", 1), encoding="utf-8")
    before = _sha(store_copy)
    assert ingest_main(["--national", str(newer_release), "--store", str(store_copy)]) == 1
    err = capsys.readouterr().err
    assert "ees_la_care_leavers_intouch.csv: columns differ" in err
    assert "missing percentage" in err and "unexpected pct" in err and "store unchanged" in err
    assert _sha(store_copy) == before


def test_a_cell_that_is_neither_number_nor_symbol_is_refused_with_its_row(store_copy: Path, newer_release: Path) -> None:
    path = newer_release / "ees_la_care_leavers_accommodation_suitability.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Spreadsheet row 3 is the second record: its last cell (percentage) becomes 'n/a'.
    lines[2] = lines[2].rstrip("\n").rsplit(",", 1)[0] + ",n/a\n"
    path.write_text("".join(lines), encoding="utf-8")
    before = _sha(store_copy)
    with pytest.raises(national_release.ReleaseError, match=r"accommodation_suitability.csv, row 3, column percentage: 'n/a'"):
        national_ingest.load_release(newer_release, store_copy)
    assert _sha(store_copy) == before


def test_a_missing_file_is_refused(store_copy: Path, newer_release: Path) -> None:
    (newer_release / "statistical_neighbours_2025.csv").unlink()
    with pytest.raises(national_release.ReleaseError, match="statistical_neighbours_2025.csv: missing"):
        national_ingest.load_release(newer_release, store_copy)


def test_a_release_without_the_packs_authority_is_refused(store_copy: Path) -> None:
    with pytest.raises(national_release.ReleaseError, match="no LA with code 999"):
        national_ingest.load_release(RAW, store_copy, la_code=999)


def test_a_failure_half_way_leaves_the_store_as_it_was(store_copy: Path, newer_release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _sha(store_copy)

    def broken(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        raise national_ingest.NationalLoadError("injected failure after the tables were replaced")

    monkeypatch.setattr(national_ingest, "_verify", broken)
    with pytest.raises(national_ingest.NationalLoadError):
        national_ingest.load_release(newer_release, store_copy)
    assert _sha(store_copy) == before
    assert not store_copy.with_name(store_copy.name + ".national.tmp").exists()
