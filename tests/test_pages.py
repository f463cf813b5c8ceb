"""AppTest renders of each page: no exception, and the content a reader needs is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def run(script: str) -> AppTest:
    return open_page(script)


def test_overview_renders_cohort_tiles_and_chart() -> None:
    at = run("app.py")
    assert at.title[0].value == "Leaving Care Insight"
    metric = at.metric[0]
    # Commissioning Plan 4.1: 936 care leavers at October 2023, the snapshot that closes 2023-24 Q2, the
    # latest KPI period; the first snapshot (1 April 2020) held 721.
    assert (metric.label, metric.value, metric.proto.delta) == (
        "Care leavers as at 1 October 2023", "936", "+215 (+29.8%) since 1 April 2020",
    )
    assert any("Later snapshots, to 1 January 2024, are on the Cohort page." in c.value for c in at.caption)
    assert any(c.value.startswith("Values as at 30 September 2023") for c in at.caption)
    # One tile per Table 2 KPI, each with its status label and arrow (never colour alone).
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 8
    assert sum("Outside tolerance" in b for b in badges) == 4
    assert sum("Within tolerance" in b for b in badges) == 2
    assert sum("On target" in b for b in badges) == 2
    assert any("synthetic" in i.value.lower() for i in at.info)
    chart = at.get("plotly_chart")
    assert len(chart) == 1
    # Its finding is its accessible name, and its data a table beside it (a text alternative).
    assert chart[0].proto.alt.startswith("50% of care leavers (467 of 936) are aged 21 or over")
    assert [e.label for e in at.expander] == ["The chart's data as a table"]


def test_overview_menu_links_every_page() -> None:
    at = run("app.py")
    # A page link carries the page's URL name: the file name without its number prefix.
    links = {link.proto.page.strip("/") for link in at.get("page_link")}
    pages = {re.sub(r"^\d+_", "", p.stem) for p in (ROOT / "pages").glob("*.py")}
    assert pages <= links, pages - links
    assert "" in links or "." in links  # the Overview


def test_sources_page_shows_a_published_table_with_its_source() -> None:
    at = run("pages/90_Sources.py")
    assert at.title[0].value == "Sources and definitions"
    table = at.dataframe[0].value
    assert "Source" in table.columns and len(table) > 0
    at.selectbox(key="sources_table").set_value("kpi_values").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 32
