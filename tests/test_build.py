"""The store: every table built, the published evidence stored exactly, and an atomic build."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from analytics import config, national_release
from data import build

EXPECTED_TABLES = {
    *build.PUBLISHED_TABLES,
    "care_leavers",
    "snapshots",
    "snapshot_counts",
    "build_info",
    "kpi_grading_bands",
    *national_release.STORE_TABLES,
}


def _con(store: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(store), read_only=True)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_creates_every_table_with_comments(store: Path) -> None:
    with _con(store) as con:
        rows = con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall()
        undocumented_columns = con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name IN ('kpi_definitions', 'snapshots') "
            "AND comment IS NOT NULL"
        ).fetchone()[0]
    assert {name for name, _ in rows} == EXPECTED_TABLES
    assert all(comment for _, comment in rows), "every table carries a comment"
    assert undocumented_columns >= 8


def test_published_age_bands_reconcile_to_936(store: Path) -> None:
    # Commissioning Plan 4.1: 183 + 286 + 394 + 73 = 936 care leavers in October 2023.
    with _con(store) as con:
        bands = dict(con.execute("SELECT category, count FROM cohort_published WHERE dimension = 'age_band'").fetchall())
    assert bands == {"16-17": 183, "18-20": 286, "21-24": 394, "25 (Other)": 73}
    assert sum(bands.values()) == 936


def test_published_legal_status_reconciles_to_936(store: Path) -> None:
    # Commissioning Plan 4.1: 173 Eligible + 10 Relevant + 753 Former Relevant (incl. 145 Qualifying).
    with _con(store) as con:
        status = dict(con.execute("SELECT category, count FROM cohort_published WHERE dimension LIKE 'legal_status%'").fetchall())
    assert status["Eligible"] + status["Relevant"] + status["Former Relevant"] == 936
    assert status["Qualifying"] == 145 and status["Qualifying"] < status["Former Relevant"]


def test_table_6_groups_21_plus_as_467(store: Path) -> None:
    # Commissioning Plan Table 6: 394 aged 21-24 and 73 'Other' are published together as 467 aged 21+.
    with _con(store) as con:
        published = dict(con.execute("SELECT band, count FROM projections_published WHERE method = 'ChAT (actual)'").fetchall())
    assert published == {"16-17": 183, "18-20": 286, "21+": 467, "Total": 936}


TABLE_2 = {
    # Commissioning Plan 2.4, Table 2, exactly as printed.
    "kit": ["96.5", "96.5", "95.5", "94.5"],
    "eet_16_18": ["65", "60", "55", "44"],
    "eet_19": ["62", "60", "50", "44"],
    "eet_19_21": ["54", "59", "56", "50"],
    "accom_16_18": ["94", "86", "89", "88"],
    "accom_19": ["94", "94", "92", "91"],
    "accom_19_21": ["94", "95", "92", "92"],
    "pathway_plans": ["88", "94", "96", "92"],
}
PERIODS = ["2020-21 Q4", "2021-22 Q4", "2022-23 Q4", "2023-24 Q2"]


@pytest.mark.parametrize(
    ("kpi_id", "period", "published"),
    [(k, p, v) for k, values in TABLE_2.items() for p, v in zip(PERIODS, values)],
)
def test_every_table_2_value_is_stored_exactly(store: Path, kpi_id: str, period: str, published: str) -> None:
    with _con(store) as con:
        value = con.execute("SELECT value FROM kpi_values WHERE kpi_id = ? AND period = ?", [kpi_id, period]).fetchone()[0]
    assert value == Decimal(published)


def test_table_2_targets_and_tolerance(store: Path) -> None:
    # Table 2: targets 90, 85, 70, 65, 95, 95, 95, 90, each with a tolerance of +/- 5.
    with _con(store) as con:
        rows = con.execute("SELECT kpi_id, target, tolerance_below, tolerance_above, polarity FROM kpi_definitions ORDER BY rowid").fetchall()
    assert [(k, int(t)) for k, t, *_ in rows] == [
        ("kit", 90), ("eet_16_18", 85), ("eet_19", 70), ("eet_19_21", 65),
        ("accom_16_18", 95), ("accom_19", 95), ("accom_19_21", 95), ("pathway_plans", 90),
    ]
    assert all(below == 5 and above == 5 and pol == "higher" for _, _, below, above, pol in rows)


def test_budget_total_reconciles(store: Path) -> None:
    # Table 16: 1,218,932 + 117,811 + 105,000 = 1,441,743.
    with _con(store) as con:
        lines = dict(con.execute("SELECT line_id, amount FROM budget_lines WHERE option IS NULL").fetchall())
    assert lines["base_budget"] + lines["s31_pa_contribution"] + lines["contract_pressures_funding"] == lines["total_budget"]
    assert lines["total_budget"] == Decimal("1441743.00")


def test_every_published_row_names_its_source(store: Path) -> None:
    with _con(store) as con:
        for table in build.PUBLISHED_TABLES:
            missing = con.execute(f"SELECT count(*) FROM {table} WHERE source IS NULL OR source = ''").fetchone()[0]
            assert missing == 0, table


# --- synthetic aggregates, within the bounds the Foundation issue sets ---

def test_synthetic_cohort_equals_published_at_oct_2023(store: Path) -> None:
    # Commissioning Plan 4.1 (ChAT Oct-2023): 183 / 286 / 394 / 73.
    with _con(store) as con:
        rows = dict(con.execute(
            "SELECT CASE WHEN age <= 17 THEN '16-17' WHEN age <= 20 THEN '18-20' WHEN age <= 24 THEN '21-24' ELSE '25' END, "
            "count(*) FROM snapshots WHERE snapshot_date = DATE '2023-10-01' GROUP BY ALL"
        ).fetchall())
        status = dict(con.execute(
            "SELECT legal_status, count(*) FROM snapshots WHERE snapshot_date = DATE '2023-10-01' GROUP BY ALL"
        ).fetchall())
        synthetic = con.execute("SELECT synthetic FROM build_info").fetchone()[0]
    assert rows == {"16-17": 183, "18-20": 286, "21-24": 394, "25": 73}
    # 753 Former Relevant includes the 145 Qualifying.
    assert status == {"Eligible": 173, "Relevant": 10, "Former Relevant": 608, "Qualifying": 145}
    assert synthetic is True


@pytest.mark.parametrize(("age", "published"), [(16, 23.5), (17, 37), (18, 36), (19, 22), (20, 16), (21, 20)])
def test_synthetic_uasc_share_by_age_within_one_point(store: Path, age: int, published: float) -> None:
    # Commissioning Plan Table 5 (Oct-2023).
    with _con(store) as con:
        share = con.execute(
            "SELECT 100 * avg(c.uasc::INT) FROM snapshots s JOIN care_leavers c USING (person_id) "
            "WHERE s.snapshot_date = DATE '2023-10-01' AND s.age = ?", [age]
        ).fetchone()[0]
    assert abs(share - published) <= 1


# --- atomic build ---

def test_failed_build_leaves_previous_store_untouched(tmp_path: Path) -> None:
    store = tmp_path / "leaving_care.duckdb"
    build.build(store)
    before = _digest(store)
    sources = tmp_path / "pack"
    shutil.copytree(config.PACKS_DIR / "lincolnshire", sources)
    values = sources / "kpi_values.csv"
    values.write_text(values.read_text().replace("eet_19,2023-24 Q2,44,", "eet_19,2023-24 Q2,forty-four,"))
    with pytest.raises(build.BuildError, match="kpi_values.csv"):
        build.build(store, config=config.load(sources))
    assert _digest(store) == before
    assert not (tmp_path / "leaving_care.duckdb.tmp").exists()


def test_build_interrupted_midway_leaves_previous_store_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "leaving_care.duckdb"
    build.build(store)
    before = _digest(store)

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build.synthetic, "generate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build(store)
    assert _digest(store) == before
    assert not (tmp_path / "leaving_care.duckdb.tmp").exists()


def test_a_pack_without_an_evidence_file_builds_with_that_table_empty(tmp_path: Path) -> None:
    sources = tmp_path / "pack"
    shutil.copytree(config.PACKS_DIR / "lincolnshire", sources)
    (sources / "staffing.csv").unlink()
    report = build.build(tmp_path / "store.duckdb", config=config.load(sources))
    assert report.row_counts["staffing"] == 0 and report.row_counts["budget_lines"] > 0


def test_every_table_2_cell_is_reproduced_from_the_snapshots_within_one_point() -> None:
    from analytics.performance import reconciliation

    table = reconciliation()
    # Commissioning Plan Table 2 has 8 KPIs x 4 periods.
    assert len(table) == 32
    worst = table.loc[table["difference"].abs().idxmax()]
    assert table["difference"].abs().max() <= 1.0, worst.to_dict()
