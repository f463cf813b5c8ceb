"""AppTest renders of the Exceptions, KPI performance and KPI cards pages: the Table 2 figures shown,
and the widgets changing them."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"].replace("<br>", " ") for spec in specs(at)]


def ys(trace: dict) -> list[float]:
    """A trace's y values; plotly sends numeric arrays as base64 typed arrays."""
    y = trace["y"]
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"])).tolist()
    return list(y)


def trace_names(spec: dict) -> list[str]:
    return [trace.get("name", "") for trace in spec["data"]]


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def downloads(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


# --- Exceptions -----------------------------------------------------------------------------------


def test_exceptions_page_answers_which_kpis_are_not_achieved() -> None:
    at = open_page("pages/10_Exceptions.py")
    assert at.title[0].value == "Exceptions"
    assert any("synthetic" in i.value.lower() for i in at.info)
    # Commissioning Plan Table 2, 2023-24 Q2: EET 16-18, EET at 19, EET 19-21 and suitable
    # accommodation 16-18 are outside tolerance and all fell; KIT, accommodation at 19 and
    # Pathway Plans are within tolerance or better but fell; accommodation 19-21 held at 92.
    assert "**At 2023-24 Q2, 4 of 8 KPIs are not achieved and all 4 are worsening; none is improving. 4 are achieved, 3 of them worsening.**" in texts(at)
    assert [(m.label, m.value) for m in at.metric] == [("Not achieved", "4"), ("Not achieved but improving", "0"), ("Achieved but worsening", "3")]
    headings = [h.value for h in at.subheader]
    assert headings[:5] == [
        "Not achieved and worsening (4)", "Not achieved, no clear direction (0)", "Not achieved but improving (0)",
        "Achieved but worsening (3)", "Achieved and improving or steady (1)",
    ]
    worst = at.dataframe[0].value
    assert worst["KPI"].tolist() == ["EET 16-18", "EET at 19", "EET 19-21", "Suitable accommodation 16-18"]
    assert worst["Value (%)"].tolist() == [44, 44, 50, 88]
    assert worst["Direction"].tolist() == ["↓ worsening"] * 4
    assert at.dataframe[2].value["KPI"].tolist() == ["Suitable accommodation 19-21"]
    assert titles(at) == ["4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are achieved"]
    assert downloads(at) == ["Download the exceptions and this chart's data (CSV)"]


def test_exceptions_period_select_changes_the_groups() -> None:
    at = set_and_run(open_page("pages/10_Exceptions.py"), "selectbox", "exceptions_period", "2022-23 Q4")
    # Table 2, 2022-23 Q4: suitable accommodation 16-18 rose 86 -> 89 but is still below 90.
    headings = [h.value for h in at.subheader]
    assert "Not achieved but improving (1)" in headings
    improving = at.dataframe[1].value
    assert improving["KPI"].tolist() == ["Suitable accommodation 16-18"]
    assert improving["Value (%)"].tolist() == [89]
    assert improving["Direction"].tolist() == ["↑ improving"]


def test_exceptions_vocabulary_toggle_switches_the_words() -> None:
    at = set_and_run(open_page("pages/10_Exceptions.py"), "radio", "exceptions_vocabulary", "tolerance")
    assert at.subheader[0].value == "Outside tolerance and worsening (4)"
    assert set(at.dataframe[0].value["Status"]) == {"Outside tolerance"}
    # Table 2: KIT 94.5 and Pathway Plans 92 are on target, accommodation at 19 (91) within tolerance.
    assert at.dataframe[1].value["Status"].tolist() == ["On target", "Within tolerance", "On target"]
    assert titles(at) == ["4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target"]


# --- KPI performance ------------------------------------------------------------------------------


def test_performance_page_shows_table_2_with_status_and_arrow() -> None:
    at = open_page("pages/11_Performance.py")
    assert at.title[0].value == "KPI performance"
    table = at.table[0].value.set_index("KPI")
    # Commissioning Plan Table 2, every cell: value, arrow and status.
    assert table.loc["Keeping in touch", "2023-24 Q2"] == "94.5% ↓ On target"
    assert table.loc["EET 16-18", "2020-21 Q4"] == "65% Outside"
    assert table.loc["EET 19-21", "2021-22 Q4"] == "59% ↑ Outside"
    assert table.loc["Suitable accommodation 19-21", "2023-24 Q2"] == "92% ↔ Within"
    assert table.loc["Pathway Plans", "2022-23 Q4"] == "96% ↑ On target"
    assert table["Status"].value_counts().to_dict() == {"Outside tolerance": 4, "On target": 2, "Within tolerance": 2}
    assert table.loc["EET 16-18", "Direction"] == "↓ worsening"
    assert table.loc["EET 16-18", "Target (tolerance)"] == "85% (80–90)"
    assert "**4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target.**" in texts(at)
    assert len(at.get("plotly_chart")) == 8
    assert titles(at)[1] == "EET 16-18 is 44%, 41 points below the 85% target and outside tolerance; it has fallen in each of the last three periods."
    assert "Download this table (CSV)" in downloads(at)
    assert len(downloads(at)) == 9


def test_performance_trend_charts_draw_target_band_status_points_synthetic_and_benchmarks() -> None:
    at = open_page("pages/11_Performance.py")
    kit, eet_16_18 = specs(at)[0], specs(at)[1]
    assert trace_names(kit) == ["Tolerance 85–95%", "Target 90%", "From synthetic snapshots (quarterly)", "Published, by status"]
    # Commissioning Plan 2.4 footnote 8 and 4.1 (LAIT): all-ages comparators on the EET charts only.
    assert trace_names(eet_16_18)[3:6] == [
        "England, all ages (LAIT)", "Statistical neighbours, all ages (LAIT)", "Lincolnshire, all ages (LAIT)",
    ]
    england = eet_16_18["data"][3]
    assert ys(england) == [53, 52, 55, 56]
    published = eet_16_18["data"][-1]
    assert ys(published) == [65, 60, 55, 44]
    assert published["text"][-1] == "<b>44%</b><br>Outside tolerance ↓"
    # Status is never colour alone: every point carries its label, and the colours differ by status.
    assert len(set(specs(at)[6]["data"][-1]["marker"]["color"])) == 2  # accommodation 19-21: within, on target


def test_performance_period_select_changes_the_table() -> None:
    at = set_and_run(open_page("pages/11_Performance.py"), "selectbox", "performance_period", "2021-22 Q4")
    table = at.table[0].value.set_index("KPI")
    assert [c for c in table.columns if "Q" in c] == ["2020-21 Q4", "2021-22 Q4"]
    # Table 2, 2021-22 Q4 (hand calculation): KIT 96.5 ↔ on target; EET 19-21 59 ↑ still outside.
    assert table.loc["Keeping in touch", "Direction"] == "↔ no change"
    assert table.loc["EET 19-21", "Status"] == "Outside tolerance"
    assert table.loc["EET 19-21", "Direction"] == "↑ improving"
    assert table.loc["Suitable accommodation 19-21", "Status"] == "On target"
    assert ys(specs(at)[1]["data"][-1]) == [65, 60]


def test_performance_spc_toggle_shows_the_spc_charts_with_verdicts() -> None:
    at = open_page("pages/11_Performance.py")
    assert not any("synthetic quarterly series" in t for t in titles(at))
    set_and_run(at, "toggle", "performance_spc", True)
    assert len(at.get("plotly_chart")) == 16
    spc_titles = [t for t in titles(at) if "synthetic quarterly series" in t]
    assert len(spc_titles) == 8
    assert spc_titles[1].startswith("EET 16-18, synthetic quarterly series: ")
    assert spc_titles[1].endswith("consistently failing the 85% target")
    verdicts = [t for t in texts(at) if t.startswith("**Variation.**")]
    assert len(verdicts) == 8 and all("**Assurance.**" in v for v in verdicts)
    assert sum(label.startswith("Download the SPC chart's data") for label in downloads(at)) == 8
    assert not any(t.startswith("Trial limits") for t in texts(at))


def test_performance_spc_at_the_first_period_has_trial_limits() -> None:
    at = open_page("pages/11_Performance.py")
    set_and_run(at, "toggle", "performance_spc", True)
    set_and_run(at, "selectbox", "performance_period", "2020-21 Q4")
    # Snapshots from 1 April 2020 to 1 April 2021: 5 quarters, fewer than 13.
    notes = [t for t in texts(at) if t.startswith("Trial limits")]
    assert len(notes) == 8 and "only 5 quarters" in notes[0]


# --- KPI cards ------------------------------------------------------------------------------------


def test_kpi_card_shows_definition_status_tiles_and_notes() -> None:
    at = open_page("pages/12_KPI_cards.py")
    assert at.title[0].value == "KPI cards"
    assert at.header[0].value == "Care leavers have positive relationships and transition to adulthood (keeping in touch)"
    shown = texts(at)
    assert any(t.startswith("**Higher is better.** Keeping in touch is 94.5%") for t in shown)
    definition = next(t for t in shown if t.startswith("- **Counts (numerator):**"))
    assert "IN_TOUCH = YES" in definition and "Quarter-end snapshot" in definition and "six weeks" in definition
    # Table 2, KIT: 94.5% at 2023-24 Q2, 95.5% before, target 90% ± 5.
    assert [(m.label, m.value, m.delta) for m in at.metric] == [
        ("Actual, 2023-24 Q2", "94.5%", "-1 point since 2022-23 Q4 (was 95.5%)"), ("Target", "90%", ""),
    ]
    assert ":green-badge[On target ↓]" in shown
    assert any(t.startswith("The target is 90%, with a tolerance of 90 ± 5 points (85 to 95).") for t in shown)
    assert any("no national version of this KPI" in t for t in shown)
    assert len(at.get("plotly_chart")) == 1
    assert downloads(at) == ["Download this KPI's definition (CSV)", "Download this chart's data (CSV)"]


def test_kpi_card_for_eet_at_19_shows_the_benchmarks() -> None:
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_kpi", "eet_19")
    shown = texts(at)
    assert any(t.startswith("**Higher is better.** EET at 19 is 44%, 26 points below the 70% target") for t in shown)
    # Hand calculation, LAIT 2023 against Table 2's 2022-23 Q4 EET at 19 (50%): 50 - 56 = -6.
    assert any("6 points below England (56%)" in t and "8.5 points below Statistical neighbours (58.5%)" in t for t in shown)
    bench = at.dataframe[0].value
    assert bench.set_index("Area").loc["Statistical neighbours", "Value"] == 58.5
    assert "Download the benchmarks (CSV)" in downloads(at)
    assert ":red-badge[Outside tolerance ↓]" in shown


def test_kpi_card_period_select_shows_the_first_period_without_a_previous_value() -> None:
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_period", "2020-21 Q4")
    # Table 2, KIT 2020-21 Q4: 96.5%, the first period.
    assert [(m.label, m.value) for m in at.metric][0] == ("Actual, 2020-21 Q4", "96.5%")
    assert "The first published period: there is no previous value." in texts(at)
    assert ys(specs(at)[0]["data"][-1]) == [96.5]
