"""AppTest renders of the Briefing page: the preview follows the sections and period chosen, the pack
downloads, and charts export as PNG only where a browser can draw them."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import briefing
from tests.apptest import open_page
from viz import figures

PAGE = "pages/50_Briefing.py"


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def findings_text(at: AppTest) -> str:
    # As the reader sees it: the page escapes punctuation so generated text cannot format (ui.safe.md).
    return re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in at.markdown))


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_page_previews_every_section_and_offers_the_pack() -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Scrutiny briefing pack"
    assert any("synthetic" in i.value.lower() for i in at.info)
    assert subheaders(at) == [t for s, t in briefing.SECTION_TITLES.items() if s != "cover"]
    assert labels(at)[0] == "Download the briefing pack (HTML)"
    # Commissioning Plan Table 2, 2023-24 Q2: EET 19-21 is 50% against a 65% target.
    assert "EET 19-21 is 50%, 15 points below the 65% target and outside tolerance" in findings_text(at)
    # ChAT October 2023 (Commissioning Plan 4.1): 936 care leavers at the period's snapshot.
    assert "to 936 care leavers as at 1 October 2023." in findings_text(at)
    assert len(at.get("plotly_chart")) == 6
    # Each chart is named by its finding and has its data as a table (a text alternative, WCAG 1.1.1).
    assert all(c.proto.alt for c in at.get("plotly_chart"))
    assert sum(e.label == "The chart's data as a table" for e in at.expander) == 6
    # Every chart and table has a CSV of the aggregate it shows: 6 charts, 7 tables (the last, the words used).
    csv = [label for label in labels(at) if "(CSV)" in label]
    assert len(csv) == 6 + 7
    assert any(c.value == "Scenario: the Commissioning Plan's own assumptions." for c in at.caption)


def test_choosing_sections_changes_the_preview() -> None:
    at = open_page(PAGE)
    set_and_run(at, "multiselect", "briefing_sections", ["findings", "uasc"])
    assert subheaders(at) == ["Headline findings", "Former UASC", "Words used"]
    assert len(at.get("plotly_chart")) == 2
    assert "KPI performance against target" not in findings_text(at)
    set_and_run(at, "multiselect", "briefing_sections", [])
    assert at.warning and "Choose at least one section" in at.warning[0].value
    assert not at.get("download_button")


def test_choosing_a_period_changes_the_preview() -> None:
    at = open_page(PAGE)
    set_and_run(at, "multiselect", "briefing_sections", ["findings"])
    set_and_run(at, "selectbox", "briefing_period", "2021-22 Q4")
    text = findings_text(at)
    # Table 2 at 2021-22 Q4: EET 19-21 was 59%; the cohort is read at the 1 April 2022 snapshot.
    assert "EET 19-21 is 59%" in text and "as at 1 April 2022." in text
    assert "EET 19-21 is 50%" not in text


def test_with_a_browser_each_chart_offers_a_png(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "image_browser", lambda: "/usr/bin/chromium")
    at = open_page(PAGE)
    assert sum("(PNG)" in label for label in labels(at)) == len(at.get("plotly_chart")) == 6
    assert any("can also be downloaded as a PNG image" in c.value for c in at.caption)


def test_without_a_browser_the_page_says_so_and_offers_html_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "image_browser", lambda: None)
    at = open_page(PAGE)
    assert not any("(PNG)" in label for label in labels(at))
    assert any("no Chrome or Chromium" in c.value for c in at.caption)
    assert "Download the briefing pack (HTML)" in labels(at)


def test_a_scenario_link_from_the_scenarios_page_is_carried_into_the_pack() -> None:
    # The Scenarios page writes its assumptions as query parameters.
    at = open_page(PAGE, query_params={"caseload_16_20": "18", "method": "growth-rate"})
    assert at.text_input(key="briefing_scenario").value == "caseload_16_20=18&method=growth-rate"
    assert any(c.value.startswith("Scenario: 2 assumptions differ") and "18 per LCW" in c.value for c in at.caption)
    text = findings_text(at)
    # LAIT rates to April 2025 give 1,158 (Table 6 footnote 25, compounded); at 18 per LCW for 16-20s.
    assert "The chosen scenario has 1,158 care leavers by April 2025 (+23.7%)" in text
    # The page's own address now carries the scenario in one parameter.
    assert dict(at.query_params) == {"scenario": "method=growth-rate&caseload_16_20=18"}
    set_and_run(at, "text_input", "briefing_scenario", "")
    assert dict(at.query_params) == {} and "The chosen scenario" not in findings_text(at)


def test_pasting_a_scenario_link_changes_the_scenario_sections() -> None:
    at = open_page(PAGE)
    set_and_run(at, "multiselect", "briefing_sections", ["scenario"])
    set_and_run(at, "text_input", "briefing_scenario", "http://localhost:8501/Scenarios?caseload_16_20=18&nonsense=2")
    # 528 aged 16-20 at 18 per LCW (29.33) and 475 aged 21+ at 75 (6.33): 35.7 FTE (hand calculation).
    assert "35.7 FTE" in findings_text(at)
    assert at.warning and "nonsense=2" in re.sub(r"\\(.)", r"\1", at.warning[0].value)
    set_and_run(at, "text_input", "briefing_scenario", "")
    assert "32.7 FTE" in findings_text(at) and "35.7 FTE" not in findings_text(at)  # Table 12, Scenario 1, April 2025
    assert "scenario" not in at.query_params
