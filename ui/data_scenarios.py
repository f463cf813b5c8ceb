"""Cached reads and figures for the Scenarios page (the ``ui.data`` pattern: keys are small values and
the store's version token). The published evidence is read once per store; each scenario's result,
simulation included, and each of its charts are built once per scenario, keyed on the scenario's
query string, so the same scenario shared by two people, revisited, or rerun by a click elsewhere
on the page costs nothing to compute or draw again."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import streamlit as st

from analytics import formatting, scenarios
from analytics.scenarios import Evidence, Scenario, ScenarioResult
from ui import charts, data_benchmark
from ui.data import evidence_sources, version
from viz import benchmark as benchmark_viz
from viz import scenarios as scenario_viz
from viz.chart import Chart, chart

_CACHE = dict(max_entries=8, ttl=3600, show_spinner=False)


# Evidence and the published scenario are read-only and shared: handing out the one object saves
# unpickling them at every rerun.
@st.cache_resource(**_CACHE)
def _evidence(version: str) -> Evidence:
    return scenarios.load_evidence()


def evidence() -> Evidence:
    return _evidence(version())


@st.cache_resource(**_CACHE)
def _published(version: str) -> Scenario:
    return Scenario.published(_evidence(version))


def published() -> Scenario:
    """The published plan's own assumptions, with the pack's settings as defaults."""
    return _published(version())


def query(scenario: Scenario) -> dict[str, str]:
    """The scenario as URL parameters: only what differs from the published scenario."""
    return scenarios.to_query(scenario, published())


@dataclass(frozen=True)
class Key:
    """A scenario as the caches know it: its query string and the store's version, worked out once
    per run and handed to every figure."""

    query_string: str
    version: str


def key(scenario: Scenario) -> Key:
    v = version()
    return Key(urlencode(scenarios.to_query(scenario, _published(v))), v)


@st.cache_resource(max_entries=128, ttl=3600, show_spinner="Projecting the cohort…")
def _result(query_string: str, version: str) -> ScenarioResult:
    ev = _evidence(version)
    scenario = scenarios.from_query(dict(parse_qsl(query_string)), Scenario.published(ev))
    return scenarios.evaluate(scenario, ev)


def result(k: Key) -> ScenarioResult:
    """The scenario's cohort, workers and budget (shared between sessions: read, never change)."""
    return _result(k.query_string, k.version)


@st.cache_resource(**charts.FIGURE_CACHE)
def _cohort_chart(query_string: str, version: str) -> Chart:
    r, ev = _result(query_string, version), _evidence(version)
    cited = evidence_sources()
    fig = scenario_viz.cohort_projection(
        r, ev, title=r.findings.titles["cohort"], source=f"{cited['projections_published']}; our rebuild of the projection models",
    )
    return chart(fig, alt=r.findings.cohort, table=scenario_viz.cohort_table(r))


def cohort_chart(k: Key) -> Chart:
    return _cohort_chart(k.query_string, k.version)


@st.cache_resource(**charts.FIGURE_CACHE)
def _workers_chart(query_string: str, version: str, in_post_source: str) -> Chart:
    r, ev = _result(query_string, version), _evidence(version)
    cited = evidence_sources()
    fig = scenario_viz.workers(
        r, title=r.findings.titles["workforce"], recommended_from=formatting.month(ev.published_date),
        source=f"{cited['lcw_scenarios']}; {cited['caseload_current']}; in post: {in_post_source}",
    )
    return chart(fig, alt=r.findings.workforce, table=scenario_viz.workers_table(r))


def workers_chart(k: Key, in_post_source: str) -> Chart:
    return _workers_chart(k.query_string, k.version, in_post_source)


@st.cache_resource(**charts.FIGURE_CACHE)
def _budget_charts(query_string: str, version: str) -> dict[str, Chart]:
    r = _result(query_string, version)
    source = evidence_sources()["budget_lines"]
    return {
        name: chart(
            scenario_viz.budget_waterfall(steps, title=r.findings.titles[name], source=source, as_at=formatting.month(r.end_date)),
            alt=r.findings.options[name], table=scenario_viz.budget_table(steps),
        )
        for name, steps in r.waterfalls.items()
    }


def budget_charts(k: Key) -> dict[str, Chart]:
    """Option → its budget waterfall."""
    return _budget_charts(k.query_string, k.version)


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _budget_table(query_string: str, version: str) -> pd.DataFrame:
    return scenario_viz.budget_lines(_result(query_string, version))


def budget_table(k: Key) -> pd.DataFrame:
    """The budget table beside the published one."""
    return _budget_table(k.query_string, k.version)


@st.cache_resource(**charts.FIGURE_CACHE)
def _spend_chart(query_string: str, version: str, la_code: int) -> Chart | None:
    r = _result(query_string, version)
    placed = [(scenarios.option_name(r, str(row.option)), data_benchmark.place_cost(la_code, float(row.cost))) for row in r.options.itertuples()]
    placed = [(label, p) for label, p in placed if p is not None]
    if not placed:
        return None
    spend = placed[0][1]
    fig = benchmark_viz.cost_placement(
        placed, as_at=f"{spend.year - 1}-{spend.year % 100:02d}",
        source="this scenario's option costs; DfE LAIT leaving care support expenditure (S251 outturn) and care leavers aged 19 to 21",
    )
    table = [{"Option": label, "Cost per care leaver (£ a year)": formatting.money(p.value)} for label, p in placed]
    alt = "; ".join(
        f"{label} costs {formatting.money(p.value)} a year per care leaver aged 19 to 21, more than {formatting.percent(p.share_below, 0)} of authorities spent"
        for label, p in placed
    ) + "."
    return chart(fig, alt=alt, table=pd.DataFrame(table))


def spend_chart(k: Key, la_code: int) -> Chart | None:
    """Each option's cost per care leaver among every authority's leaving care spend (None when DfE
    has no spend for the authority)."""
    return _spend_chart(k.query_string, k.version, la_code)
