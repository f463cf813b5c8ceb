"""The Benchmark page (pages/60_Benchmark.py) renders for the demo pack, for an authority picked only
by its DfE LA code, for a boundary-changed authority with a short series, and says what to set when
a pack has no LA code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import config, db
from data import build
from tests.apptest import open_page

PAGE = "pages/60_Benchmark.py"
NORTHSHIRE = config.PACKS_DIR / "northshire"
ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def _charts(at: AppTest) -> list[object]:
    return at.get("plotly_chart")


def _downloads(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _pack(tmp_path: Path, la_code: int | None, name: str) -> Path:
    """A copy of the fictional Northshire pack, renamed, with only ``la_code`` added."""
    folder = tmp_path / "pack"
    shutil.copytree(NORTHSHIRE, folder)
    settings = folder / "authority.toml"
    text = settings.read_text()
    text = text.replace('name = "Northshire County Council"\nshort_name = "Northshire"\n', f'name = "{name}"\nshort_name = "{name}"\n', 1)
    if la_code is not None:
        text = text.replace(f'short_name = "{name}"\n', f'short_name = "{name}"\nla_code = {la_code}\n', 1)
    settings.write_text(text)
    return folder


def test_demo_pack_shows_lincolnshire_against_its_neighbours() -> None:
    at = open_page(PAGE)
    assert not at.exception
    # ees_la_care_leavers_activity.csv 2024: Lincolnshire 19-21 EET 50%, its ten neighbours average 51.6%, England 54%.
    finding = at.header[0].value
    assert finding.startswith("Lincolnshire: 50% of care leavers aged 19 to 21 in education, employment or training in 2024")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Lincolnshire"] == "50%" and metrics["Neighbour average"] == "51.6%" and metrics["England"] == "54%"
    assert len(_charts(at)) == 5
    assert _downloads(at) == ["Download this comparison (CSV)", "Download the spend comparison (CSV)"]
    assert any("Method." in m.value for m in at.markdown)


def test_choosing_a_measure_with_a_suppressed_neighbour_says_so() -> None:
    at = open_page(PAGE)
    at.selectbox(key="bench_measure").set_value("neet_17_18").run()
    at.selectbox(key="bench_year_neet_17_18").set_value(2024).run()
    assert not at.exception
    neighbours = next(m for m in at.metric if m.label == "Neighbour average")
    # 296 / 9 = 32.9: North Lincolnshire is c in 2024 (hand-worked in tests/test_national.py).
    assert neighbours.value == "32.9%"
    assert any("1 suppressed (c)" in c.value for c in at.caption)


def test_an_authority_picked_only_by_its_la_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.CONFIG_ENV, str(_pack(tmp_path, 888, "Test Authority")))
    at = open_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    # Its name and region come from the DfE statistics for LA 888, Lancashire in the North West.
    assert any("**Lancashire** (DfE LA code 888, North West)" in m.value for m in at.markdown)
    assert at.header[0].value.startswith("Lancashire:")
    assert len(_charts(at)) == 5


def test_a_boundary_changed_authority_shows_its_short_series(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.CONFIG_ENV, str(_pack(tmp_path, 942, "Cumberland Council")))
    at = open_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    # Cumberland (942), created April 2023: its first figures are for the year ending March 2024.
    assert at.header[0].value.startswith("Cumberland: 60% of care leavers aged 19 to 21")
    assert any("has figures for 1 of the 5 years" in c.value for c in at.caption)
    for code in ("staying_put_19_20", "in_touch_17_18", "spend_per_care_leaver"):
        at.selectbox(key="bench_measure").set_value(code).run()
        assert not at.exception, (code, [e.message for e in at.exception])


def test_a_pack_without_an_la_code_says_what_is_missing_and_how_to_set_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.CONFIG_ENV, str(_pack(tmp_path, None, "Codeless Council")))
    at = open_page(PAGE)
    assert not at.exception
    warning = at.warning[0].value
    assert "No DfE LA code" in warning and "la_code = 925" in warning and "authority.toml" in warning
    assert not _charts(at)
    assert len(at.dataframe) == 1


@pytest.fixture(scope="module")
def lancashire_like(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A pack that names only its LA code (888) beyond the fictional Northshire's KPIs, and its store."""
    folder = _pack(tmp_path_factory.mktemp("code_only"), 888, "Code Only Council")
    store = folder.parent / "store.duckdb"
    build.build(store, config=config.load(folder))
    return folder, store


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_renders_for_an_authority_picked_by_its_la_code(
    script: str, lancashire_like: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    folder, store = lancashire_like
    monkeypatch.setenv(config.CONFIG_ENV, str(folder))
    monkeypatch.setenv(db.STORE_ENV, str(store))
    monkeypatch.setenv("LCI_INGEST_KEY", str(tmp_path / "key"))
    at = open_page(script)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{script} has no title"


def test_an_la_code_and_kpi_targets_alone_give_a_meaningful_overview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A pack with a name, LA code 888 and one KPI target, nothing else: no values, no evidence, no records.
    folder = tmp_path / "code_and_targets"
    folder.mkdir()
    settings = (config.PACKS_DIR.parent.parent / "tests" / "fixtures" / "packs" / "minimal" / "authority.toml").read_text()
    (folder / "authority.toml").write_text(settings.replace('short_name = "Testborough"\n', 'short_name = "Testborough"\nla_code = 888\n'))
    store = build.build(tmp_path / "store.duckdb", config=config.load(folder)).path
    monkeypatch.setenv(config.CONFIG_ENV, str(folder))
    monkeypatch.setenv(db.STORE_ENV, str(store))
    at = open_page("app.py")
    assert [s.value for s in at.header][0] == "How Lancashire compares nationally"
    captions = [c.value for c in at.caption]
    # ees_la_care_leavers_activity.csv, 2024, Lancashire (888), aged 19 to 21, total in EET: 295 of 636, 46%;
    # England 54%.
    assert any(c.startswith("In 2024, 46% (England 54%; neighbours' average") for c in captions)
