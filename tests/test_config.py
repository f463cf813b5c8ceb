"""The authority configuration: the demo reproduces the published KPI definitions exactly, every
setting is checked with an error naming its key, and a second authority builds its own store."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import config
from analytics.kpi import tolerance_band
from data import build

ROOT = Path(__file__).resolve().parent.parent
LINCOLNSHIRE = config.PACKS_DIR / "lincolnshire"
NORTHSHIRE = config.PACKS_DIR / "northshire"


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT * FROM kpi_definitions ORDER BY rowid").fetchall()


def test_store_holds_the_packs_kpi_definitions_exactly(store: Path) -> None:
    # Load the pack's definitions into an empty schema and compare every cell with the built store.
    with duckdb.connect() as mem:
        mem.execute(build.SCHEMA.read_text())
        mem.register("incoming", config.load(LINCOLNSHIRE).kpi_frame())
        mem.execute("INSERT INTO kpi_definitions BY NAME SELECT * FROM incoming")
        expected = _rows(mem)
    with duckdb.connect(str(store), read_only=True) as con:
        assert _rows(con) == expected
    # Commissioning Plan 2.4 Table 2 has eight KPIs.
    assert len(expected) == 8


def test_demo_config_matches_the_commissioning_plan() -> None:
    cfg = config.load(LINCOLNSHIRE)
    assert cfg.name == "Lincolnshire County Council"
    # Commissioning Plan 2.1 footnote 1: £114/day in-county, £143/day NTS (under 18), £270/week 18-21.
    assert (cfg.grant_rates.under_18_in_county_per_day, cfg.grant_rates.under_18_nts_per_day, cfg.grant_rates.aged_18_21_per_week) == (
        114, 143, 270)
    # Table 1: 26.6 FTE LCWs; Table 12 Scenario 1: caseloads 20 (16-20) and 75 (21+); 4.5: benchmark 23.2.
    assert cfg.workforce.lcw_in_post_fte == 26.6
    assert dict(cfg.workforce.caseloads) == {"16-20": 20, "21+": 75}
    assert cfg.workforce.benchmark_caseload == 23.2
    assert cfg.costs.uasc_contribution == 0.30  # Table 16
    assert [b.label for b in cfg.age_bands] == ["16-17", "18-20", "21-24", "25 (Other)"]
    assert cfg.ingest.max_file_mb == 50


def test_demo_config_agrees_with_the_published_reference_figures() -> None:
    cfg = config.load(LINCOLNSHIRE)
    with open(LINCOLNSHIRE / "reference_figures.csv", encoding="utf-8") as handle:
        figures = {row["figure_id"]: float(row["value"]) for row in csv.DictReader(handle)}
    assert figures["grant_under_18_in_county"] == cfg.grant_rates.under_18_in_county_per_day
    assert figures["grant_under_18_nts"] == cfg.grant_rates.under_18_nts_per_day
    assert figures["grant_18_21"] == cfg.grant_rates.aged_18_21_per_week
    assert figures["current_lcw_fte"] == cfg.workforce.lcw_in_post_fte
    assert figures["caseload_benchmark_average"] == cfg.workforce.benchmark_caseload


def test_lci_config_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.CONFIG_ENV, str(NORTHSHIRE))
    assert config.config_path() == NORTHSHIRE / "authority.toml"
    assert config.load().name == "Northshire County Council"
    monkeypatch.delenv(config.CONFIG_ENV)
    assert config.load().name == "Lincolnshire County Council"


def test_northshire_has_its_own_kpis_and_tolerance_forms() -> None:
    cfg = config.load(NORTHSHIRE)
    kit = cfg.kpi("kit")
    # "5% below and 2% above target", relative: 92 x 0.95 = 87.4 to 92 x 1.02 = 93.84.
    band = tolerance_band(kit.target, kit.tolerance_form, kit.tolerance_below, kit.tolerance_above)
    assert (round(band.lower, 2), round(band.upper, 2)) == (87.4, 93.84)
    neet = cfg.kpi("neet_19_21")
    assert (neet.polarity, neet.measure) == ("lower", "neet")
    assert {k.tolerance_form for k in cfg.kpis} == {"percent", "points", "bounds", "bands"}
    # NEET is graded by the pack's four bands; achieved from 32% down, the top of Good.
    assert (neet.grading, neet.target) == ("four_band", 32.0)
    assert [b.name for b in cfg.grading("four_band").bands] == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    assert cfg.evidence("kpi_values") == NORTHSHIRE / "kpi_values.csv"
    with pytest.raises(KeyError, match="no KPI 'nope'"):
        cfg.kpi("nope")
    with pytest.raises(KeyError, match="did you mean 'kit'"):
        cfg.kpi("kitt")


def test_a_second_authority_builds_its_own_store(tmp_path: Path) -> None:
    out = tmp_path / "northshire.duckdb"
    report = build.build(out, config=config.load(NORTHSHIRE))
    # Ten KPIs, each returned monthly from Mar-21 to Mar-24 less Aug-22 and Sep-22: 10 x 35 values.
    assert report.row_counts["kpi_definitions"] == 10 and report.row_counts["kpi_values"] == 350
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT authority FROM build_info").fetchall() == [("Northshire County Council",)]
        assert con.execute("SELECT value FROM kpi_values WHERE kpi_id = 'neet_19_21' AND period = 'Sep-23'").fetchall()[0][0] == 33.5
        assert con.execute("SELECT tolerance_form, tolerance_below, tolerance_above FROM kpi_definitions WHERE kpi_id = 'kit'").fetchall() == [
            ("percent", 5, 2)]


def test_build_command_line_takes_a_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "n.duckdb"
    assert build.main(["--config", str(NORTHSHIRE), "--out", str(out)]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM kpi_definitions").fetchall()[0][0] == 10
    bad = tmp_path / "bad.toml"
    bad.write_text("[authority\n")
    assert build.main(["--config", str(bad), "--out", str(tmp_path / "x.duckdb")]) == 1
    assert "not valid TOML" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_kpi_values_for_an_undefined_kpi_fail_the_build(tmp_path: Path) -> None:
    # Northshire's values name neet_19_21, which the reference pack does not define.
    pack = tmp_path / "pack"
    shutil.copytree(LINCOLNSHIRE, pack)
    shutil.copy(NORTHSHIRE / "kpi_values.csv", pack / "kpi_values.csv")
    store = tmp_path / "s.duckdb"
    with pytest.raises(build.BuildError, match="kpi_values.csv"):
        build.build(store, config=config.load(pack))
    assert not store.exists()


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the Northshire pack with one edit to its settings; returns the settings file."""
    pack = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, pack)
    path = pack / "authority.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('name = "Northshire County Council"\n', "", r"authority\.name: missing"),
        ('polarity = "lower"', 'polarity = "smaller"', r"kpis\[4\]\.polarity: 'smaller' is not one of higher, lower, plan"),
        ('tolerance_form = "bounds"', 'tolerance_form = "band"', r"kpis\[2\]\.tolerance_form: 'band' is not one of"),
        ("tolerance_below = 55.0", "tolerance_below = 75.0", r"kpis\[2\]\.tolerance_below: lower bound 75 is above upper bound 70"),
        ("tolerance_below = 8.0", "tolerance_below = -8.0", r"kpis\[1\]\.tolerance_below: tolerance offsets must not be negative"),
        ("target = 92.0", 'target = "92"', r"kpis\[0\]\.target: must be a number, got '92'"),
        ('kpi_id = "eet_19"\n', 'kpi_id = "kit"\n', r"kpi_id 'kit' is defined twice"),
        ("age_min = 19\nage_max = 19", "age_min = 19\nage_max = 15", r"ages 19 to 15 must lie within 16 to 25"),
        ('measure = "neet"', 'measure = "nightlife"', r"kpis\[4\]\.measure: 'nightlife' is not one of"),
        ("uasc_contribution = 0.25", "uasc_contribution = 25", r"costs\.uasc_contribution: must be at most 1"),
        ('"21+" = 60.0', '"21+" = 0', r"workforce\.caseloads\.21\+: must be at least 1"),
        ("national_comparator = false", 'national_comparator = "no"', r"national_comparator: must be true or false"),
        ("[authority]", 'statistical_neighbours = ["Eastmoor"]\n\n[authority]', r"statistical_neighbours: not a setting: the ten statistical neighbours come from the DfE's list"),
        # Misspelled or unknown keys are refused, never silently ignored.
        ("[costs]", "[cost]", r"cost: unknown setting \(did you mean 'costs'\?\)"),
        ("lcw_in_post_fte = 14.0", "lcw_in_post = 14.0", r"workforce\.lcw_in_post_fte: missing"),
        ("benchmark_caseload = 22.0", "benchmark_caseload = 22.0\nbenchmark_caseloads = 2", r"workforce\.benchmark_caseloads: unknown setting \(did you mean 'benchmark_caseload'\?\)"),
        ('short_name = "Northshire"', 'short_name = "Northshire"\nla_cod = 1', r"authority\.la_cod: unknown setting \(did you mean 'la_code'\?\)"),
    ],
)
def test_config_errors_name_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _edited(tmp_path, old, new)
    with pytest.raises(config.ConfigError, match=message) as caught:
        config.load(path)
    assert str(path) in str(caught.value)


def test_missing_config_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="set AUTHORITY to one of: .*lincolnshire"):
        config.load(tmp_path / "none.toml")


def test_an_unknown_pack_name_suggests_the_nearest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.CONFIG_ENV, raising=False)
    monkeypatch.setenv(config.PACK_ENV, "northshir")
    with pytest.raises(config.ConfigError, match="no authority pack 'northshir'.*did you mean 'northshire'"):
        config.load()


def test_a_misspelled_evidence_file_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(NORTHSHIRE, pack)
    (pack / "kpi_values.csv").rename(pack / "kpi_valeus.csv")
    with pytest.raises(build.BuildError, match=r"kpi_valeus.csv: not an evidence file .*did you mean 'kpi_values'"):
        build.build(tmp_path / "s.duckdb", config=config.load(pack))


def test_config_is_reread_when_the_file_changes(tmp_path: Path) -> None:
    path = _edited(tmp_path, "lcw_in_post_fte = 14.0", "lcw_in_post_fte = 15.0")
    assert config.load(path).workforce.lcw_in_post_fte == 15.0
    text = path.read_text(encoding="utf-8").replace("lcw_in_post_fte = 15.0", "lcw_in_post_fte = 16.5")
    path.write_text(text, encoding="utf-8")
    assert config.load(path).workforce.lcw_in_post_fte == 16.5
