"""AppTest renders of the Cohort and Former UASC pages: the numbers shown, and the widgets changing them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import cohort, uasc
from tests.apptest import open_page

OCT_2023 = dt.date(2023, 10, 1)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def chart_titles(at: AppTest) -> list[str]:
    """Titles as read, with the line breaks that fit them to a chart taken out."""
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for chart in at.get("plotly_chart")]


def chart_trace_names(at: AppTest, index: int) -> list[str]:
    return [trace.get("name", "") for trace in json.loads(at.get("plotly_chart")[index].proto.spec)["data"]]


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def count(value: str) -> int:
    return int(value.replace(",", ""))


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def cohort_page() -> AppTest:
    return open_page("pages/30_Cohort.py")


@pytest.fixture
def uasc_page() -> AppTest:
    return open_page("pages/31_UASC.py")


def test_cohort_page_shows_the_latest_cohort_with_every_chart_and_download(cohort_page: AppTest) -> None:
    at = cohort_page
    assert at.title[0].value == "Cohort"
    assert any("synthetic" in i.value.lower() for i in at.info)
    summary = cohort.cohort_summary()
    # The same total as the Overview.
    assert count(metric(at, "Care leavers shown")) == summary.latest_count
    assert len(at.get("plotly_chart")) == 7
    assert len(at.get("download_button")) == 8
    titles = chart_titles(at)
    assert any("of care leavers are aged" in t for t in titles)
    assert titles[-1].startswith(f"The number of care leavers rose from {summary.first_count:,} in {summary.first_date:%b %Y}")
    assert any("Published: 936 care leavers in October 2023" in c.value for c in at.caption)


def test_cohort_page_at_october_2023_reproduces_the_published_cohort(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    # Commissioning Plan 4.1: 936 care leavers; 753 Former Relevant including 145 Qualifying.
    assert metric(at, "Care leavers shown") == "936"
    assert any("608 Former Relevant and 145 Qualifying, 753 together" in c.value for c in at.caption)
    assert "42% of care leavers are aged 21-24 (published 42% in Oct 2023)" in chart_titles(at)[0]
    table = at.expander[0].dataframe[0].value
    assert table.set_index(["Dimension", "Category"]).loc[("Custody", "In custody"), "Care leavers"] == "5"


def test_cohort_filters_change_every_number(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    whole = count(metric(at, "Care leavers shown"))
    assert "Published open allocated cases (+21.3%)" in chart_trace_names(at, 6)
    set_and_run(at, "selectbox", "cohort_uasc", "Former UASC only")
    uasc_total = count(metric(at, "Care leavers shown"))
    assert any(c.value == "Former-UASC care leavers" for c in at.caption)
    assert uasc_total == int(uasc.share_by_age(OCT_2023)["former_uasc"].sum())
    assert uasc_total < whole
    # Published figures describe the whole cohort: hidden under a filter, and the chart titles follow the filter.
    assert "Published open allocated cases (+21.3%)" not in chart_trace_names(at, 6)
    assert any("shown only when no filter is set" in c.value for c in at.caption)
    assert all("former-UASC care leavers" in t or t.startswith("Filtered") for t in chart_titles(at))


def test_location_filters_add_up_to_the_whole_cohort(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    parts = []
    for location in ("In county", "Out of county", "Unknown"):
        set_and_run(at, "selectbox", "cohort_location", location)
        parts.append(count(at.metric[0].value))
    # In county + out of county + unknown = 936 (Commissioning Plan 4.1: 58% / 41% / 1%).
    assert sum(parts) == 936
    assert [round(100 * p / 936) for p in parts] == [58, 41, 1]


def test_small_cells_read_c_on_the_page(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_uasc", "Former UASC only")
    set_and_run(at, "selectbox", "cohort_age_band", "25 (Other)")
    table = at.expander[0].dataframe[0].value
    assert (table["Care leavers"] == "c").any()
    assert not any(v.isdigit() and 0 < int(v) < 5 for v in table["Care leavers"])


def test_uasc_page_shows_share_growth_nts_eet_and_grant(uasc_page: AppTest) -> None:
    at = uasc_page
    assert at.title[0].value == "Former unaccompanied asylum-seeking children"
    assert len(at.get("plotly_chart")) == 5
    assert len(at.get("download_button")) == 6
    titles = " | ".join(chart_titles(at))
    # Footnote 19 and Commissioning Plan 4.1: 89 UASC in care against a threshold of 144.
    assert "89 UASC in care is 55 below the NTS threshold of 144" in titles
    assert "report: +40%" in titles
    groups = at.dataframe[0].value.set_index("Cohort group")
    # Table 5 as printed beside its recomputation from the printed ages.
    assert groups.loc["18-20", "Published (%)"] == "24.6" and groups.loc["18-20", "Published ages' mean (%)"] == "24.67"
    assert groups.loc["16-17", "Published (%)"] == "30.25"


def test_uasc_page_at_october_2023(uasc_page: AppTest) -> None:
    at = set_and_run(uasc_page, "selectbox", "uasc_snapshot", OCT_2023)
    growth = uasc.uasc_growth(uasc.uasc_trend(OCT_2023))
    assert metric(at, "Former-UASC care leavers at") == str(growth.count_to)
    assert metric(at, "Growth since Jan 2022") == f"{growth.growth:+.0f}%"
    # Commissioning Plan 4.1: c.25% of the cohort.
    assert metric(at, "Share of all care leavers") == "25%"
    assert chart_titles(at)[0].startswith("At Oct 2023, ")


def test_nts_population_input_moves_the_threshold(uasc_page: AppTest) -> None:
    at = set_and_run(uasc_page, "number_input", "uasc_population", 200_000)
    nts_title = next(t for t in chart_titles(at) if "NTS threshold" in t)
    # 0.1% x 200,000 = 200.
    assert "111 below the NTS threshold of 200" in nts_title
    set_and_run(at, "number_input", "uasc_in_care", 250)
    assert "has reached the NTS threshold of 200" in " ".join(chart_titles(at))


def grant(at: AppTest) -> float:
    return float(metric(at, "Estimated Home Office grant").removeprefix("£").removesuffix(" a year").replace(",", ""))


def test_grant_inputs_change_the_estimate_by_hand_calculation(uasc_page: AppTest) -> None:
    at = uasc_page
    under_18 = uasc.grant_cohort(cohort.cohort_summary().latest_date)["under_18"]
    set_and_run(at, "number_input", "uasc_nts_share", 0.0)
    all_in_county = grant(at)
    set_and_run(at, "number_input", "uasc_nts_share", 100.0)
    # Moving every under-18 from £114 to £143 a day adds £29 x 365 each.
    assert grant(at) - all_in_county == under_18 * (143 - 114) * 365
    before = grant(at)
    set_and_run(at, "number_input", "uasc_rate_nts", 153.0)
    assert grant(at) - before == under_18 * 10 * 365
    assert any("100% of them at the National Transfer Scheme rate (£153 a day)" in m.value for m in at.markdown)
