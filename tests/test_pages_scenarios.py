"""AppTest renders of the Scenarios page: the answers before the assumptions, the published
reproduction, widgets moving the figures, money typed with £ and separators, the scenario in the
URL, reset, comparing saved scenarios, and the pack's own bands."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import config, db
from tests.apptest import open_page

PAGE = "pages/40_Scenarios.py"


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def metric_delta(at: AppTest, label_start: str) -> str:
    return next(m.proto.delta for m in at.metric if m.label.startswith(label_start))


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


def show(at: AppTest, group: str) -> AppTest:
    """Open one group of assumptions: only the group being changed is drawn."""
    return act(at, at.radio(key="scn_group").set_value(group))


def in_order(node: object) -> Iterator[object]:
    """Every element of the page in the order a reader meets it."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for key in sorted(children):
        yield from in_order(children[key])


def test_the_answers_come_before_the_assumptions() -> None:
    at = open_page(PAGE)
    kinds = [getattr(e, "type", "") for e in in_order(at.main)]
    first_input = min(kinds.index(kind) for kind in ("slider", "selectbox", "text_input", "toggle") if kind in kinds)
    answers = [i for i, kind in enumerate(kinds) if kind == "metric"][:4]
    assert len(answers) == 4 and max(answers) < first_input
    # The three answers, the options named as the pack names them and how each is delivered.
    labels = [m.label for m in at.metric][:4]
    assert labels == ["Projected cohort, Apr 2025", "LCWs needed, Apr 2025", "Option 1 Outsourced", "Option 2 In-sourced"]


def test_published_scenario_reproduces_tables_12_and_16() -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Scenarios: cohort, workers, budget"
    assert at.query_params == {}
    reproduction = plain(at.success[0].value)
    # Table 12: 29.7 / 32.7 (Scenario 1) and 40.3 / 43.2 (Scenario 2); Table 16: −£370,266 and −£236,477.
    for figure in ("29.7", "32.7", "40.3", "43.2", "−£370,266", "−£236,477"):
        assert figure in reproduction
    assert metric(at, "Projected cohort") == "1,003"  # Table 6, Corporate Performance, Apr-25
    # Table 12: 32.7 FTE needed; 5.2.1: costed at 33.0 FTE (whole posts).
    assert metric(at, "LCWs needed") == "32.7 FTE"
    assert metric_delta(at, "LCWs needed") == "Costed as 33.0 FTE"
    assert metric(at, "Option 1 Outsourced") == "−£370,266"  # Table 16
    assert metric(at, "Option 2 In-sourced") == "−£236,477"  # Table 16
    table_12 = frame_with(at, "LCWs needed")  # the LCW chart's table, beside the pack's Table 12
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
    # Every chart carries its finding as its accessible name.
    assert all(c.proto.alt for c in at.get("plotly_chart") if hasattr(c.proto, "alt"))
    # Only the inputs of the method in use are offered; the other method's appear when it is chosen.
    keys = {s.key for s in at.slider}
    assert "scn_arrivals_at_16" in keys and "scn_growth_16_20_percent" not in keys
    act(at, at.selectbox(key="scn_method").set_value("growth-rate"))
    keys = {s.key for s in at.slider}
    assert "scn_growth_16_20_percent" in keys and "scn_arrivals_at_16" not in keys


def test_money_is_shown_and_typed_in_pounds() -> None:
    at = show(open_page(PAGE), "Costs and funding")
    cost = at.text_input(key="scn_lcw_cost_per_fte_text")
    assert cost.value == "£45,000"  # the pack's lcw_cost_per_fte
    assert at.text_input(key="scn_additional_per_lcw_fte_text").value == "£0"
    act(at, cost.input("52000"))
    assert at.text_input(key="scn_lcw_cost_per_fte_text").value == "£52,000"
    assert at.query_params == {"lcw_cost_per_fte": "52000"}
    # A figure that is not an amount leaves the scenario as it was and says why.
    act(at, at.text_input(key="scn_lcw_cost_per_fte_text").input("52,00"))
    assert any("“52,00” is not an amount in whole pounds" in plain(e.value) and "still uses £52,000" in plain(e.value) for e in at.error)
    assert at.query_params == {"lcw_cost_per_fte": "52000"}
    act(at, at.text_input(key="scn_lcw_cost_per_fte_text").input("£60,000"))
    assert not at.error and at.query_params == {"lcw_cost_per_fte": "60000"}


def test_the_cost_of_one_lcw_says_what_it_moves() -> None:
    # The plan's own scenario costs the 33.0 FTE already in the published option costs: the cost of one
    # LCW prices nothing there, and the page says so with the figure typed.
    at = show(open_page(PAGE, query_params={"lcw_cost_per_fte": "52000"}), "Costs and funding")
    assert metric(at, "Option 1 Outsourced") == "−£370,266"
    assert metric(at, "LCWs priced beyond") == "0.0 FTE"
    pricing = text_of(at)
    assert "already include 33.0 FTE" in pricing and "the cost of one LCW (£52,000) changes nothing here" in pricing
    assert "changes nothing" in at.text_input(key="scn_lcw_cost_per_fte_text").help
    # 528 / 18 + 475 / 75 = 35.67 FTE, costed as 36 whole posts: 3.0 FTE more than published, at £52,000 each.
    act(at, show(at, "Caseloads and workers").slider(key="scn_caseload_16_20").set_value(18.0))
    show(at, "Costs and funding")
    assert at.text_input(key="scn_lcw_cost_per_fte_text").value == "£52,000"
    assert metric(at, "LCWs priced beyond") == "+3.0 FTE"
    assert metric_delta(at, "LCWs priced beyond") == "+£156,000 a year on each option"
    # 1,441,743 + 0.3 × 2,834,930 + 63,242 − 2,834,930 (Table 16's option cost + 3 × £52,000).
    assert metric(at, "Option 1 Outsourced") == "−£479,466"
    assert "adds £156,000 a year to each option" in text_of(at)


def test_moving_a_caseload_slider_changes_the_workers_and_the_url() -> None:
    at = show(open_page(PAGE), "Caseloads and workers")
    act(at, at.slider(key="scn_caseload_16_20").set_value(18.0))
    # 528 / 18 + 475 / 75 = 35.67 → 35.7 FTE, costed as 36 whole posts.
    assert metric(at, "LCWs needed") == "35.7 FTE"
    assert metric_delta(at, "LCWs needed") == "Costed as 36.0 FTE"
    assert "needs 35.7 FTE" in text_of(at)
    assert metric(at, "Option 1 Outsourced") == "−£464,766"  # 1,441,743 + 0.3 × 2,813,930 + 63,242 − 2,813,930
    assert at.query_params == {"caseload_16_20": "18"}
    assert not at.success and any("1 assumption differs" in plain(i.value) for i in at.info)


def test_the_url_sets_the_widgets_and_a_change_writes_it_back() -> None:
    query = {"method": "growth-rate", "years": "2.5", "caseload_all": "25", "whole_posts": "0"}
    at = open_page(PAGE, query_params=query)
    assert at.selectbox(key="scn_method").value == "growth-rate"
    assert at.select_slider(key="scn_years").value == 2.5
    show(at, "Caseloads and workers")
    assert at.slider(key="scn_caseload_all").value == 25.0
    assert at.toggle(key="scn_whole_posts").value is False
    assert at.query_params == query
    assert metric(at, "Projected cohort") != "1,003"
    # The LAIT preset explains itself: Table 6's 1,491 (+59.2%) and the shares that sum to 90%.
    lait = text_of(at)
    assert "1,491" in lait and "+59.2%" in lait and "sum to 90.0%" in lait and "39.5%" in lait
    act(at, at.slider(key="scn_caseload_all").set_value(23.2))
    assert at.query_params == {"method": "growth-rate", "years": "2.5", "whole_posts": "0"}


def test_garbage_in_the_url_is_reported_and_the_plan_used() -> None:
    at = open_page(PAGE, query_params={"years": "soon", "caseload_16_20": "-3", "colour": "red", "caseload_21_plus": "80", "lcw_cost_per_fte": "lots"})
    warning = plain(at.warning[0].value)
    for item in ("years=soon", "caseload_16_20=-3", "colour=red", "lcw_cost_per_fte=lots"):
        assert item in warning
    assert at.select_slider(key="scn_years").value == 1.5
    show(at, "Caseloads and workers")
    assert at.slider(key="scn_caseload_16_20").value == 20.0
    assert at.slider(key="scn_caseload_21_plus").value == 80.0
    assert show(at, "Costs and funding").text_input(key="scn_lcw_cost_per_fte_text").value == "£45,000"
    assert at.query_params == {"caseload_21_plus": "80"}


def test_reset_returns_to_the_published_scenario() -> None:
    at = open_page(PAGE, query_params={"caseload_16_20": "15", "inflation_percent": "3", "lcw_cost_per_fte": "50000"})
    assert metric(at, "LCWs needed") != "32.7 FTE"
    show(at, "Costs and funding")
    act(at, at.button(key="scn_reset").click())
    assert at.query_params == {}
    assert at.slider(key="scn_inflation_percent").value == 0.0
    assert at.text_input(key="scn_lcw_cost_per_fte_text").value == "£45,000"
    assert show(at, "Caseloads and workers").slider(key="scn_caseload_16_20").value == 20.0
    assert metric(at, "LCWs needed") == "32.7 FTE"
    assert metric(at, "Option 2 In-sourced") == "−£236,477"
    assert "reproduces its figures exactly" in plain(at.success[0].value)


def test_two_saved_scenarios_are_compared_side_by_side() -> None:
    at = open_page(PAGE)
    assert not at.button(key="scn_save_A").value
    act(at, at.button(key="scn_save_A").click())
    act(at, show(at, "Caseloads and workers").slider(key="scn_caseload_16_20").set_value(18.0))
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


def test_no_analysts_notes_on_the_page() -> None:
    at = open_page(PAGE, query_params={"method": "growth-rate"})
    words = text_of(at) + " ".join(plain(i.value) for i in at.info)
    for note in ("analytics.", "lait_preset", "cohort_forward_projection", "reference figure", " / 616 / ", "by hand"):
        assert note not in words


@pytest.fixture
def pack_split_at_18(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reference pack with its caseloads by age and growth rates split at 18 instead of 21,
    reading the same store."""
    pack = tmp_path / "lincolnshire"
    shutil.copytree(config.PACKS_DIR / "lincolnshire", pack)
    settings = pack / "authority.toml"
    settings.write_text(settings.read_text().replace("older_from_age = 21", "older_from_age = 18"))
    monkeypatch.setenv(db.STORE_ENV, str(db.store_path()))
    monkeypatch.setenv(config.CONFIG_ENV, str(pack))
    return pack


def test_the_packs_groups_label_the_inputs_and_the_workers(pack_split_at_18: Path) -> None:
    at = show(open_page(PAGE), "Caseloads and workers")
    assert at.slider(key="scn_caseload_16_20").label == "Scenario 1: caseload per LCW, aged 16-17"
    assert at.slider(key="scn_caseload_21_plus").label == "Scenario 1: caseload per LCW, aged 18+"
    groups = frame_with(at, "Cohort group")["Cohort group"].tolist()
    assert "Aged 16-17" in groups and "Aged 18+" in groups and "Aged 16-20" not in groups
    # Table 12's groups are not this pack's, so the page no longer claims to reproduce it.
    assert not at.success


def test_bands_the_published_projections_lack_are_named(pack_split_at_18: Path) -> None:
    settings = pack_split_at_18 / "authority.toml"
    settings.write_text(settings.read_text().replace('label = "21+"\nage_min = 21\nage_max = 25', 'label = "21-25"\nage_min = 21\nage_max = 25'))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert "declare the published table's bands under [[projections.bands]]" in plain(at.error[0].value)
