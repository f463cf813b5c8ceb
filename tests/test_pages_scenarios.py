"""AppTest renders of the Scenarios page: the published reproduction, widgets moving the figures,
the scenario in the URL, reset, and comparing saved scenarios."""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

PAGE = "pages/40_Scenarios.py"


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def plain(text: str) -> str:
    """Text as the reader sees it: the page escapes punctuation so generated text cannot format (ui.safe.md)."""
    return re.sub(r"\\(.)", r"\1", text)


def text_of(at: AppTest) -> str:
    return plain(" ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption))


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def act(at: AppTest, widget: object) -> AppTest:
    widget.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_published_scenario_reproduces_tables_12_and_16() -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Scenarios: cohort, workers, budget"
    assert at.query_params == {}
    reproduction = plain(at.success[0].value)
    # Table 12: 29.7 / 32.7 (Scenario 1) and 40.3 / 43.2 (Scenario 2); Table 16: −£370,266 and −£236,477.
    for figure in ("29.7", "32.7", "40.3", "43.2", "−£370,266", "−£236,477"):
        assert figure in reproduction
    assert metric(at, "Projected cohort") == "1,003"  # Table 6, Corporate Performance, Apr-25
    assert metric(at, "LCWs needed") == "33.0 FTE"  # 5.2.1: costed at 33.0 FTE
    assert metric(at, "Variance, Option 1") == "−£370,266"  # Table 16
    assert metric(at, "Variance, Option 2") == "−£236,477"  # Table 16
    table_12 = frame_with(at, "LCWs needed")  # beside the pack's Table 12, in its "Published" column
    assert list(table_12["LCWs needed"]) == list(table_12["Published"])
    assert "32.7 FTE" in table_12["LCWs needed"].tolist()
    table_16 = frame_with(at, "Item")
    assert "£1,441,743" in table_16.iloc[0].tolist()
    assert "−£370,266" in table_16.iloc[-1].tolist() and "−£236,477" in table_16.iloc[-1].tolist()
    # Cohort, workers and one waterfall per option; each with a CSV of the aggregate shown.
    keys = [c.key for c in at.get("plotly_chart")]
    assert keys[:4] == ["scn_cohort_chart", "scn_lcw_chart", "scn_waterfall_outsourced", "scn_waterfall_insourced"]
    assert len(at.get("download_button")) >= 3
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]
    assert titles[0].startswith("The cohort is projected to reach 1,003 care leavers by Apr 2025")
    assert "£370,266 short of the budget" in titles[2]
    # The method not in use cannot be changed by mistake.
    assert at.slider(key="scn_growth_16_20_percent").disabled
    assert not at.slider(key="scn_arrivals_at_16").disabled


def test_moving_a_caseload_slider_changes_the_workers_and_the_url() -> None:
    at = open_page(PAGE)
    act(at, at.slider(key="scn_caseload_16_20").set_value(18.0))
    # 528 / 18 + 475 / 75 = 35.67 → 35.7 FTE, costed as 36 whole posts.
    assert metric(at, "LCWs needed") == "36.0 FTE"
    assert "needs 35.7 FTE" in text_of(at)
    assert metric(at, "Variance, Option 1") == "−£464,766"  # 1,441,743 + 0.3 × 2,813,930 + 63,242 − 2,813,930
    assert at.query_params == {"caseload_16_20": "18"}
    assert not at.success and any("1 assumption differs" in plain(i.value) for i in at.info)


def test_the_url_sets_the_widgets_and_a_change_writes_it_back() -> None:
    query = {"method": "growth-rate", "years": "2.5", "caseload_all": "25", "whole_posts": "0"}
    at = open_page(PAGE, query_params=query)
    assert at.selectbox(key="scn_method").value == "growth-rate"
    assert at.select_slider(key="scn_years").value == 2.5
    assert at.slider(key="scn_caseload_all").value == 25.0
    assert at.toggle(key="scn_whole_posts").value is False
    assert at.query_params == query
    assert metric(at, "Projected cohort") != "1,003"
    # The LAIT preset explains itself: Table 6's 1,491 (+59.2%) and the shares that sum to 90%.
    lait = text_of(at)
    assert "1,491" in lait and "+59.2%" in lait and "sum to 90%" in lait and "39.5%" in lait
    act(at, at.slider(key="scn_caseload_all").set_value(23.2))
    assert at.query_params == {"method": "growth-rate", "years": "2.5", "whole_posts": "0"}


def test_garbage_in_the_url_is_reported_and_the_plan_used() -> None:
    at = open_page(PAGE, query_params={"years": "soon", "caseload_16_20": "-3", "colour": "red", "caseload_21_plus": "80"})
    warning = plain(at.warning[0].value)
    for item in ("years=soon", "caseload_16_20=-3", "colour=red"):
        assert item in warning
    assert at.select_slider(key="scn_years").value == 1.5
    assert at.slider(key="scn_caseload_16_20").value == 20.0
    assert at.slider(key="scn_caseload_21_plus").value == 80.0
    assert at.query_params == {"caseload_21_plus": "80"}


def test_reset_returns_to_the_published_scenario() -> None:
    at = open_page(PAGE, query_params={"caseload_16_20": "15", "inflation_percent": "3"})
    assert metric(at, "LCWs needed") != "33.0 FTE"
    act(at, at.button(key="scn_reset").click())
    assert at.query_params == {}
    assert at.slider(key="scn_caseload_16_20").value == 20.0
    assert at.slider(key="scn_inflation_percent").value == 0.0
    assert metric(at, "LCWs needed") == "33.0 FTE"
    assert metric(at, "Variance, Option 2") == "−£236,477"
    assert "reproduces its figures exactly" in plain(at.success[0].value)


def test_two_saved_scenarios_are_compared_side_by_side() -> None:
    at = open_page(PAGE)
    assert not at.button(key="scn_save_A").value
    act(at, at.button(key="scn_save_A").click())
    act(at, at.slider(key="scn_caseload_16_20").set_value(18.0))
    act(at, at.button(key="scn_save_B").click())
    compared = frame_with(at, "Measure").set_index("Measure")
    assert list(compared.columns) == ["Commissioning Plan", "A", "B", "This scenario"]
    assert compared.loc["LCWs needed, Scenario 1", "A"] == "32.7 FTE"
    assert compared.loc["LCWs needed, Scenario 1", "B"] == "35.7 FTE"
    assert compared.loc["Option 1 Outsourced: variance to budget", "A"] == "−£370,266"
    assert compared.loc["Option 1 Outsourced: variance to budget", "B"] == "−£464,766"
    differing = next(d.value for d in at.dataframe if {"Assumption", "A", "B"} <= set(d.value.columns))
    assert "18 per LCW" in differing["B"].tolist()
    # Opening A makes it the page's scenario again.
    act(at, at.button(key="scn_open_A").click())
    assert at.slider(key="scn_caseload_16_20").value == 20.0
    assert at.query_params == {}
