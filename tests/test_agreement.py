"""One figure, one reading (issue 15): every page rendered with AppTest and the printed briefing for
the demo authority (Lincolnshire), checked that each headline figure reads identically wherever it
appears — the cohort at the headline date and its change, each KPI's value at the latest period and
its name, the Leaving Care Workers needed, and each option's variance to the budget.

The figures come from the one function behind each (``analytics.headlines``, ``performance.kpi_tiles``,
``scenarios.evaluate``) written by ``analytics.formatting``; the published numbers they reproduce
are named beside each check."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import findings, formatting, headlines, performance, scenarios
from report import briefing_html
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
# Pages that show the provider's published KPI values at the latest period by default.
KPI_PAGES = ["app.py", "pages/10_Exceptions.py", "pages/11_Performance.py", "pages/12_KPI_cards.py", "pages/50_Briefing.py"]


def _unescape(text: str) -> str:
    # Pages escape punctuation in generated text so it cannot format (ui.safe.md).
    return re.sub(r"\\(.)", r"\1", text)


def page_text(at: AppTest) -> str:
    """Everything a reader of the page can read: text, metrics, tables, and each chart's title and text alternative."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        parts += [f"{m.label}: {m.value}", str(m.proto.delta)]
    for choice in (*at.selectbox, *at.radio):  # a KPI card names its KPI among the choices
        parts += [str(o) for o in choice.options]
    for table in (*at.table, *at.dataframe):
        parts.append(table.value.to_string())
    for block in at.get("html"):  # static HTML tables (status tables), read as their text
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", block.proto.body)))
    for chart in at.get("plotly_chart"):
        parts.append(chart.proto.alt)
        parts.append(str(json.loads(chart.proto.spec).get("layout", {}).get("title", {}).get("text", "")).replace("<br>", " "))
    return _unescape("\n".join(parts))


@pytest.fixture(scope="module")
def rendered() -> dict[str, AppTest]:
    st.cache_data.clear()
    st.cache_resource.clear()
    return {page: open_page(page) for page in PAGES}


@pytest.fixture(scope="module")
def texts(rendered: dict[str, AppTest]) -> dict[str, str]:
    return {page: page_text(at) for page, at in rendered.items()}


@pytest.fixture(scope="module")
def pack() -> str:
    """The printed pack for the latest period as a reader sees it: text without tags."""
    return html.unescape(re.sub(r"<[^>]+>", " ", briefing_html.build_pack(static=False)))


@pytest.fixture(scope="module")
def published() -> scenarios.ScenarioResult:
    return scenarios.evaluate(scenarios.Scenario.published())


def test_every_page_renders(rendered: dict[str, AppTest]) -> None:
    assert len(rendered) == 14
    for page, at in rendered.items():
        assert not at.exception, (page, [e.message for e in at.exception])


def test_the_cohort_reads_the_same_on_the_overview_and_in_the_briefing(rendered: dict[str, AppTest], texts: dict[str, str], pack: str) -> None:
    as_at = headlines.headline_snapshot()
    cohort = headlines.cohort(as_at)
    # Commissioning Plan 4.1: 936 care leavers in October 2023, the snapshot closing 2023-24 Q2 (the latest period).
    assert (cohort.value_text, formatting.day(cohort.as_at)) == ("936", "1 October 2023")
    assert cohort.change_text == "+215 (+29.8%) since 1 April 2020"
    metric = rendered["app.py"].metric[0]
    assert (metric.label, metric.value, metric.proto.delta) == (
        f"Care leavers {formatting.as_at(cohort.as_at)}", cohort.value_text, cohort.change_text,
    )
    for where, text in (("Overview", texts["app.py"]), ("Briefing page", texts["pages/50_Briefing.py"]), ("briefing pack", pack)):
        assert cohort.finding() in text, where
    # The Scenarios page starts its projection from the same cohort at the same date.
    assert f"the {cohort.value_text} of {formatting.month(cohort.as_at)}" in texts["pages/40_Scenarios.py"]


def test_the_cohort_page_at_its_own_date_reads_the_same_function(rendered: dict[str, AppTest]) -> None:
    metric = next(m for m in rendered["pages/30_Cohort.py"].metric if m.label.startswith("Care leavers"))
    shown = rendered["pages/30_Cohort.py"].selectbox(key="cohort_snapshot").value
    assert metric.value == headlines.cohort(shown).value_text


@pytest.mark.parametrize("page", KPI_PAGES)
def test_each_kpi_has_one_name_and_one_value_at_the_latest_period(page: str, texts: dict[str, str]) -> None:
    text = texts[page]
    tiles = performance.kpi_tiles()
    assert tiles[0].period == "2023-24 Q2"
    for tile in tiles:
        value = findings.kpi_value(tile.value, tile.unit)
        assert tile.short_name in text, (page, tile.short_name)
        # Wherever a sentence states the KPI's value now ("is"; "was" belongs to an earlier period), it is
        # this value, so written: a figure on another basis must not read as the KPI itself.
        stated = set(re.findall(rf"(?<![\w-]){re.escape(tile.short_name)} is (\d[\d.]*%)", text))
        assert stated <= {value}, (page, tile.short_name, stated, value)
        # One name: the longer title, where it differs, is not used in its place.
        # (A KPI card's definition gives the title once, labelled "In full".)
        if tile.name != tile.short_name:
            assert tile.name not in text.replace(f"**In full:** {tile.name}", ""), (page, tile.name)


def test_the_overview_tiles_and_the_pack_show_each_kpi_value(rendered: dict[str, AppTest], pack: str) -> None:
    markdown = [_unescape(m.value) for m in rendered["app.py"].markdown]
    for tile in performance.kpi_tiles():
        value = findings.kpi_value(tile.value, tile.unit)
        # Commissioning Plan Table 2, 2023-24 Q2: e.g. EET 16-18 44%, Keeping in touch 94.5%.
        at = markdown.index(f"**{tile.short_name}**")
        assert f">{value}<" in markdown[at + 1], (tile.short_name, markdown[at + 1])
        assert f"{tile.short_name} is {value}," in pack


def test_lcws_needed_read_the_same_on_scenarios_and_in_the_briefing(
    rendered: dict[str, AppTest], pack: str, texts: dict[str, str], published: scenarios.ScenarioResult,
) -> None:
    needed = formatting.fte(published.lcw_total(published.scenario.costed_on))
    costed = formatting.fte(published.costed_fte)
    # Commissioning Plan Table 12: 32.7 FTE under scenario 1 at April 2025; Table 16 prices 33.0 whole posts.
    assert (needed, costed) == ("32.7 FTE", "33.0 FTE")
    metric = next(m for m in rendered["pages/40_Scenarios.py"].metric if m.label.startswith("LCWs needed"))
    assert metric.value == needed and costed in metric.proto.delta
    for where, text in (("Briefing page", texts["pages/50_Briefing.py"]), ("briefing pack", pack)):
        assert f"needing {needed} of Leaving Care Workers under scenario 1, costed as {costed} of whole posts" in text, where


def test_each_option_variance_reads_the_same_on_scenarios_and_in_the_briefing(
    rendered: dict[str, AppTest], pack: str, texts: dict[str, str], published: scenarios.ScenarioResult,
) -> None:
    metrics = {m.label: m.value for m in rendered["pages/40_Scenarios.py"].metric}
    options = list(published.options.itertuples())
    assert len(options) == 2
    for option in options:
        variance = formatting.money(option.variance)
        # Commissioning Plan Table 16: −£370,266 outsourced, −£236,477 in-sourced.
        assert variance in ("−£370,266", "−£236,477")
        scenario_tile = [value for label, value in metrics.items() if option.label in label]
        assert scenario_tile == [variance], (option.label, metrics)
        for where, text in (("Briefing page", texts["pages/50_Briefing.py"]), ("briefing pack", pack)):
            assert f"{option.label} leaves a shortfall of {findings.money(option.variance)}" in text, where
            assert variance in text, where
