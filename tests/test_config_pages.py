"""A second authority's configuration renders every page: Northshire (config/examples/northshire.toml)
has nine KPIs, a relative asymmetric tolerance, explicit bounds and a lower-is-better NEET KPI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from analytics import config, db
from data import build
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
NORTHSHIRE = ROOT / "config" / "examples" / "northshire.toml"
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture(scope="module")
def northshire_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("northshire") / "northshire.duckdb"
    build.build(path, config=config.load(NORTHSHIRE))
    return path


@pytest.fixture(autouse=True)
def northshire(northshire_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(db.STORE_ENV, str(northshire_store))
    monkeypatch.setenv(config.CONFIG_ENV, str(NORTHSHIRE))
    monkeypatch.setenv("LCI_INGEST_KEY", str(tmp_path / "key"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_renders_for_a_second_authority(script: str) -> None:
    at = open_page(script)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{script} has no title"


def test_overview_shows_the_second_authoritys_kpis() -> None:
    at = open_page("app.py")
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 9
    # NEET 19-21 (lower is better): 33.5 against a target of 30, band up to 36, so within tolerance;
    # down from 31 is a rise of 2.5 points, which is worsening for a lower-is-better KPI.
    texts = [m.value for m in at.markdown]
    neet = texts.index("**NEET 19-21**")
    assert "Within tolerance ↑" in texts[neet + 2]


def test_sources_and_data_pages_name_the_second_authority() -> None:
    sources = open_page("pages/90_Sources.py")
    assert any("Northshire County Council" in m.value for m in sources.markdown)
    data_page = open_page("pages/80_Data.py")
    assert any("Northshire County Council" in m.value for m in data_page.markdown)
