"""Any authority pack drives the Overview, Cohort, Former UASC, Scenarios, Briefing and Sources pages:
the reference pack (config/authorities/lincolnshire), the fictional second authority
(config/authorities/northshire, complete with its own evidence and synthetic cohort) and a minimal
pack written here (one KPI, one period, no published tables, no [synthetic]). Each page renders with
no exception and shows no other pack's name; a page whose evidence the pack lacks says which file
is missing; the pack's age bands, workforce, costs and grant settings reach the pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import briefing, config, db
from data import build, synthetic
from tests.apptest import minimal_pack, open_page

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["app.py", "pages/30_Cohort.py", "pages/31_UASC.py", "pages/40_Scenarios.py", "pages/50_Briefing.py", "pages/90_Sources.py"]
PACKS = ("lincolnshire", "northshire", "minimal")
# Words that belong to one pack only: none may appear on another pack's pages.
OWN_WORDS = {
    "lincolnshire": ("Lincoln", "Commissioning Plan", "Peterborough", "ChAT"),
    "northshire": ("Northshire", "Sufficiency Review"),
    "minimal": ("Minimal Borough",),
}

def write_minimal_pack(folder: Path) -> Path:
    return minimal_pack(
        folder, name="Minimal Borough",
        periods="period,period_end,snapshot_date,data_source,source\n2024-25 Q1,2024-06-30,2024-07-01,Q1 return,Minimal return (test pack)\n",
    )


@pytest.fixture(scope="module")
def pack_stores(tmp_path_factory: pytest.TempPathFactory, store: Path) -> dict[str, tuple[Path, Path]]:
    """Pack name → (pack folder, its store). The reference pack's store is the session's."""
    root = tmp_path_factory.mktemp("packs")
    minimal = write_minimal_pack(root / "minimal")
    northshire = config.PACKS_DIR / "northshire"
    out = {"lincolnshire": (config.PACKS_DIR / "lincolnshire", store)}
    for name, folder in (("northshire", northshire), ("minimal", minimal)):
        path = root / f"{name}.duckdb"
        build.build(path, config=config.load(folder))
        out[name] = (folder, path)
    return out


@pytest.fixture()
def use_pack(pack_stores: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator:
    def choose(name: str) -> None:
        folder, path = pack_stores[name]
        monkeypatch.setenv(db.STORE_ENV, str(path))
        monkeypatch.setenv(config.CONFIG_ENV, str(folder))
        monkeypatch.setenv("LCI_INGEST_KEY", str(tmp_path / "key"))
        st.cache_data.clear()
        st.cache_resource.clear()

    yield choose
    st.cache_data.clear()


def page_text(at: AppTest) -> str:
    """Every word a reader can see: text elements, metrics, widget options, tables and chart JSON."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        parts += [str(metric.label), str(metric.value), str(metric.proto.delta)]
    for box in at.selectbox:
        parts += [str(o) for o in box.options]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for table in at.table:
        parts.append(table.value.to_csv())
    for chart in at.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec)["layout"]) + json.dumps(json.loads(chart.proto.spec)["data"]))
    return "\n".join(parts)


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_renders_for_every_pack_with_no_other_packs_words(use_pack, pack: str, script: str) -> None:
    use_pack(pack)
    at = open_page(script)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{script} has no title for {pack}"
    text = page_text(at)
    for other, words in OWN_WORDS.items():
        if other != pack:
            for word in words:
                assert word not in text, f"{script} for {pack} shows {word!r}, which belongs to {other}"


@pytest.mark.parametrize(("script", "needed"), [
    ("app.py", "a record-level cohort"),
    ("pages/30_Cohort.py", "a record-level cohort"),
    ("pages/31_UASC.py", "a record-level cohort"),
    ("pages/40_Scenarios.py", "projections_published.csv"),
])
def test_a_page_says_which_evidence_the_minimal_pack_lacks_and_how_to_load_it(use_pack, pack_stores, script: str, needed: str) -> None:
    use_pack("minimal")
    at = open_page(script)
    warning = " ".join(w.value for w in at.warning)
    assert needed in warning
    assert str(pack_stores["minimal"][0]) in warning, "the message names the pack's folder"
    assert "Data page" in warning or "rebuild" in warning


def test_sources_page_lists_the_minimal_packs_missing_files(use_pack) -> None:
    use_pack("minimal")
    at = open_page("pages/90_Sources.py")
    note = " ".join(i.value for i in at.info)
    for table in ("cohort_published", "projections_published", "budget_lines", "staffing"):
        assert f"{table}.csv" in note


def test_the_briefing_pack_for_the_minimal_pack_says_what_is_missing(use_pack, tmp_path: Path) -> None:
    use_pack("minimal")
    out = tmp_path / "pack.html"
    assert briefing.main(["--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Minimal Borough Council" in html
    assert "Not available." in html and "projections_published.csv" in html
    assert "Lincoln" not in html and "Northshire" not in html


def test_northshire_age_bands_drive_the_cohort_page(use_pack) -> None:
    use_pack("northshire")
    at = open_page("pages/30_Cohort.py")
    assert tuple(at.selectbox(key="cohort_age_band").options) == ("All", "16-17", "18-20", "21-25")
    # Sufficiency Review s3.1 (fictional): 78 + 124 + 196 = 398 care leavers at October 2023.
    at.selectbox(key="cohort_snapshot").set_value(next(o for o in at.selectbox(key="cohort_snapshot").options if o.startswith("01 Oct 2023")))
    at.run()
    assert at.metric[0].value == "398"


def test_northshire_workforce_and_costs_are_the_scenario_defaults(use_pack) -> None:
    use_pack("northshire")
    at = open_page("pages/40_Scenarios.py")
    assert any("against 14.0 FTE in post today" in m.proto.help for m in at.metric)  # [workforce] lcw_in_post_fte
    # Its own published budget (Cabinet report Table 3, fictional) is reproduced to the pound.
    assert any("−£85,400" in str(m.value) for m in at.metric)
    assert any("−£60,650" in str(m.value) for m in at.metric)
    at.radio(key="scn_group").set_value("Caseloads and workers").run()
    assert at.slider(key="scn_caseload_16_20").value == 18.0  # [workforce.caseloads] "16-20"
    assert at.slider(key="scn_caseload_21_plus").value == 60.0  # [workforce.caseloads] "21+"
    assert at.slider(key="scn_caseload_all").value == 22.0  # [workforce] benchmark_caseload
    at.radio(key="scn_group").set_value("Costs and funding").run()
    assert at.slider(key="scn_uasc_share_percent").value == 25.0  # [costs] uasc_contribution = 0.25


def test_northshire_grant_rates_are_the_uasc_page_defaults(use_pack) -> None:
    use_pack("northshire")
    at = open_page("pages/31_UASC.py")
    assert at.number_input(key="uasc_rate_in_county").value == 117.0  # [grant_rates]
    assert at.number_input(key="uasc_rate_nts").value == 147.0
    assert at.number_input(key="uasc_rate_weekly").value == 285.0


def test_the_reference_pack_keeps_its_own_settings(use_pack) -> None:
    use_pack("lincolnshire")
    uasc_page = open_page("pages/31_UASC.py")
    assert uasc_page.number_input(key="uasc_rate_in_county").value == 114.0  # Commissioning Plan 2.1 footnote 1
    scenarios_page = open_page("pages/40_Scenarios.py")
    assert any("against 26.6 FTE in post today" in m.proto.help for m in scenarios_page.metric)  # Table 1: 26.6 FTE
    scenarios_page.radio(key="scn_group").set_value("Costs and funding").run()
    assert scenarios_page.slider(key="scn_uasc_share_percent").value == 30.0  # Table 16: 30%
    cohort_page = open_page("pages/30_Cohort.py")
    assert tuple(cohort_page.selectbox(key="cohort_age_band").options) == ("All", "16-17", "18-20", "21-24", "25 (Other)")


def test_a_bad_pack_gives_a_clean_message_on_every_page(use_pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_pack("minimal")
    bad = write_minimal_pack(tmp_path / "bad")
    text = (bad / "authority.toml").read_text(encoding="utf-8").replace('short_name = "Minimal Borough"', 'short_name = "Minimal Borough"\nshortname = "M"', 1)
    (bad / "authority.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(bad))
    for script in SCRIPTS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if script != "app.py":
            at.switch_page(script)
            at.run()
        assert not at.exception, (script, [e.message for e in at.exception])
        errors = " ".join(e.value for e in at.error)
        assert "authority pack cannot be read" in errors and "shortname" in errors and "did you mean 'short_name'" in errors, script


CODE = sorted(
    [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "viz").rglob("*.py"),
     *(ROOT / "analytics").rglob("*.py"), *(ROOT / "analytics").rglob("*.sql"), *(ROOT / "data").glob("*.py"), *(ROOT / "data").glob("*.sql")]
)


@pytest.mark.parametrize("path", CODE, ids=[str(p.relative_to(ROOT)) for p in CODE])
def test_no_code_file_names_the_reference_authority(path: Path) -> None:
    """What belongs to an authority lives in its pack (config/authorities/<name>/), not in code."""
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if re.search("Lincoln", line)]
    assert not hits, hits


def test_northshire_synthetic_cohort_is_calibrated_to_its_own_evidence() -> None:
    """data.synthetic on the fictional pack: its Sufficiency Review s3.1 counts exactly, Table 3's
    former-UASC shares by age within a point, and its +35% former-UASC growth from April 2022."""
    data = synthetic.generate(config.load(config.PACKS_DIR / "northshire"))
    oct23 = data.snapshots[data.snapshots["snapshot_date"] == dt.date(2023, 10, 1)]
    assert len(oct23) == 398  # 78 + 124 + 196
    assert oct23["legal_status"].value_counts().to_dict() == {"Former Relevant": 268, "Eligible": 70, "Qualifying": 52, "Relevant": 8}
    people = data.care_leavers.set_index("person_id")
    uasc = oct23.assign(uasc=oct23["person_id"].map(people["uasc"]))
    by_age = uasc.groupby("age")["uasc"].mean() * 100
    for age, published in {16: 18, 17: 28, 18: 26, 19: 17, 20: 12, 21: 14}.items():
        assert abs(by_age[age] - published) <= 1.0, age
    assert round(100 * uasc["uasc"].mean()) == 19  # former_uasc_share_of_cohort
    apr22 = data.snapshots[data.snapshots["snapshot_date"] == dt.date(2022, 4, 1)]
    before = int(apr22["person_id"].map(people["uasc"]).sum())
    assert abs(100 * (uasc["uasc"].sum() / before - 1) - 35) <= 2  # former_uasc_growth, +35%


def test_a_misspelled_wording_key_is_refused(tmp_path: Path) -> None:
    pack = write_minimal_pack(tmp_path / "pack")
    with (pack / "authority.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[wording]\nplan = "Sufficiency Plan"\nevidence_shrot = "our plan"\n')
    with pytest.raises(config.ConfigError, match=r"wording\.evidence_shrot: unknown setting \(did you mean 'evidence_short'\?\)"):
        config.load(pack)
    (pack / "authority.toml").write_text((pack / "authority.toml").read_text(encoding="utf-8").replace("evidence_shrot", "evidence_short"), encoding="utf-8")
    words = config.load(pack).wording
    assert (words.plan, words.evidence_short, words.cohort_source) == ("Sufficiency Plan", "our plan", config.Wording().cohort_source)
