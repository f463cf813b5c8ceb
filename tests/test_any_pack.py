"""Any authority: every page (all of them, KPI pages included) renders for every shipped pack, the
minimal test pack (tests/fixtures/packs/minimal) and generated packs, and shows nothing that
belongs to another pack. tests/test_packs.py checks what each pack's evidence puts on the pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from analytics import config, db
from data import build

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "packs" / "minimal"
PACKS = {"lincolnshire": config.PACKS_DIR / "lincolnshire", "northshire": config.PACKS_DIR / "northshire", "minimal": MINIMAL}
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def _names(pack: Path) -> set[str]:
    cfg = config.load(pack)
    return {cfg.name, cfg.short_name}


def foreign_names(pack: Path, script: str = "") -> set[str]:
    """The names of every other pack, which must never appear on this pack's pages. The Benchmark page
    lists every English authority by its DfE name ("Lincolnshire") for a pack to find its LA code, so
    there only a pack's full name ("Lincolnshire County Council") would be out of place."""
    own = _names(pack)
    others = {n for other in PACKS.values() if other != pack for n in _names(other)} - own
    if script.endswith("_Benchmark.py"):
        others = {config.load(other).name for other in PACKS.values() if other != pack} - own
    return others


def page_text(at: AppTest) -> str:
    """Every element's content (text, tables, chart specs), so a name in a chart or table counts too."""
    parts: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else children or ()):
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def render(script: str, store: Path, pack: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(db.STORE_ENV, str(store))
    monkeypatch.setenv(config.CONFIG_ENV, str(pack))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if script != "app.py":
        at.switch_page(script)
        at.run()
    return at


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("packs")
    return {name: build.build(folder / f"{name}.duckdb", config=config.load(pack)).path for name, pack in PACKS.items()}


@pytest.fixture(autouse=True)
def _ingest_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LCI_INGEST_KEY", str(tmp_path / "key"))
    yield
    st.cache_data.clear()


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("pack", sorted(PACKS))
def test_every_page_renders_for_every_pack_with_no_foreign_name(
    pack: str, script: str, stores: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = render(script, stores[pack], PACKS[pack], monkeypatch)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{script} has no title for {pack}"
    text = page_text(at)
    for name in foreign_names(PACKS[pack], script):
        assert name not in text, f"{script} for {pack} shows {name!r}"


def test_the_minimal_pack_has_no_evidence_beyond_its_one_kpi(stores: dict[str, Path]) -> None:
    tables = ("kpi_definitions", "kpi_values", "snapshots", "budget_lines", "cohort_published")
    with duckdb.connect(str(stores["minimal"]), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    assert counts == {"kpi_definitions": 1, "kpi_values": 1, "snapshots": 0, "budget_lines": 0, "cohort_published": 0}


# --- generated packs -------------------------------------------------------------------------------

# Invented place names; none is an English authority or a shipped pack.
PLACES = ("Fenmoor", "Dalebury", "Hollowmere", "Quarrington", "Sedgecombe", "Wyndale")
MEASURES = {"kit": (16, 21), "eet": (19, 21), "accommodation": (19, 21), "neet": (19, 21), "pathway_plan": (16, 21)}


@hs.composite
def generated_packs(draw: hs.DrawFn) -> dict:
    place = draw(hs.sampled_from(PLACES))
    measures = draw(hs.lists(hs.sampled_from(sorted(MEASURES)), min_size=1, max_size=3, unique=True))
    first_year = draw(hs.integers(2014, 2024))
    # Quarter offsets from Q1 of the first year; unique and sorted, so gaps between them are common.
    quarters = sorted(draw(hs.lists(hs.integers(0, 11), min_size=1, max_size=6, unique=True)))
    kpis = []
    for i, measure in enumerate(measures):
        form = draw(hs.sampled_from(["points", "percent", "bounds"]))
        target = draw(hs.integers(40, 95))
        below, above = (float(target - 5), float(target + 5)) if form == "bounds" else (5.0, 5.0)
        kpis.append({
            "kpi_id": f"{measure}_{i}", "measure": measure, "target": float(target), "form": form,
            "below": below, "above": above, "polarity": "lower" if measure == "neet" else "higher",
            "values": [draw(hs.integers(0, 100)) for _ in quarters],
        })
    return {"place": place, "first_year": first_year, "quarters": quarters, "kpis": kpis}


def _quarter(first_year: int, offset: int) -> tuple[str, dt.date]:
    """Financial-year quarter label and its last day: Q1 of 2024-25 is April to June 2024."""
    year, quarter = first_year + offset // 4, offset % 4 + 1
    month_after = quarter * 3 + 4  # April = month 4 starts Q1, so Q1 ends before July (month 7)
    end = dt.date(year + (month_after - 1) // 12, (month_after - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return f"{year}-{str(year + 1)[2:]} Q{quarter}", end


def write_pack(folder: Path, spec: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'[authority]\nname = "{spec["place"]} Council"\nshort_name = "{spec["place"]}"\n']
    for k in spec["kpis"]:
        lo, hi = MEASURES[k["measure"]]
        lines.append(
            f'[[kpis]]\nkpi_id = "{k["kpi_id"]}"\nname = "{k["measure"]} measure {k["kpi_id"]}"\n'
            f'short_name = "{k["kpi_id"]}"\nmeasure = "{k["measure"]}"\nage_group = "{lo}-{hi}"\nage_min = {lo}\n'
            f'age_max = {hi}\nunit = "%"\npolarity = "{k["polarity"]}"\ntarget = {k["target"]}\n'
            f'tolerance_form = "{k["form"]}"\ntolerance_below = {k["below"]}\ntolerance_above = {k["above"]}\n'
            'published_direction = "↔"\nnumerator = "n"\ndenominator = "d"\nbasis = "Quarter-end snapshot"\n'
            'data_source = "Provider return"\nlag = "One month"\nnational_comparator = false\nsource = "generated"\n'
        )
    (folder / "authority.toml").write_text("\n".join(lines), encoding="utf-8")
    periods, values = ["period,period_end,snapshot_date,data_source,source"], ["kpi_id,period,value,source"]
    for q in spec["quarters"]:
        label, end = _quarter(spec["first_year"], q)
        periods.append(f"{label},{end},{end + dt.timedelta(days=1)},Provider return,generated")
    for k in spec["kpis"]:
        for q, value in zip(spec["quarters"], k["values"]):
            values.append(f"{k['kpi_id']},{_quarter(spec['first_year'], q)[0]},{value},generated")
    (folder / "kpi_periods.csv").write_text("\n".join(periods) + "\n", encoding="utf-8")
    (folder / "kpi_values.csv").write_text("\n".join(values) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("offset", "label", "end"), [
    (0, "2024-25 Q1", dt.date(2024, 6, 30)),
    (2, "2024-25 Q3", dt.date(2024, 12, 31)),
    (3, "2024-25 Q4", dt.date(2025, 3, 31)),
    (4, "2025-26 Q1", dt.date(2025, 6, 30)),
])
def test_generated_quarters_follow_the_financial_year(offset: int, label: str, end: dt.date) -> None:
    assert _quarter(2024, offset) == (label, end)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=generated_packs())
def test_any_valid_generated_pack_renders_every_page(spec: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("generated")
    pack = write_pack(folder / "pack", spec)
    store = build.build(folder / "store.duckdb", config=config.load(pack)).path
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("LCI_INGEST_KEY", str(folder / "key"))
        for script in SCRIPTS:
            others = {n for p in PACKS.values() if p != pack for n in _names(p)} - _names(pack)
            if script.endswith("_Benchmark.py"):
                others = {config.load(p).name for p in PACKS.values()}
            at = render(script, store, pack, monkeypatch)
            assert not at.exception, (script, [e.message for e in at.exception])
            text = page_text(at)
            leaked = [n for n in others if re.search(rf"\b{re.escape(n)}\b", text)]
            assert not leaked, (script, leaked)
    st.cache_data.clear()
