"""Cached reads for the Scenarios page (the ``ui.data`` pattern: keys are small values and the
store's version token). The published evidence is read once per store; each scenario's result,
simulation included, is cached on its query string, so the same scenario shared by two people or
revisited after a change is computed once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import streamlit as st

from analytics import scenarios
from analytics.scenarios import Evidence, Scenario, ScenarioResult
from ui.data import version

_CACHE = dict(max_entries=8, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _evidence(version: str) -> Evidence:
    return scenarios.load_evidence()


def evidence() -> Evidence:
    return _evidence(version())


@st.cache_data(**_CACHE)
def _published(version: str) -> Scenario:
    return Scenario.published(_evidence(version))


def published() -> Scenario:
    """The published plan's own assumptions, with the pack's settings as defaults."""
    return _published(version())


def query(scenario: Scenario) -> dict[str, str]:
    """The scenario as URL parameters: only what differs from the published scenario."""
    return scenarios.to_query(scenario, published())


@st.cache_data(max_entries=128, ttl=3600, show_spinner="Projecting the cohort…")
def _result(query_string: str, version: str) -> ScenarioResult:
    ev = _evidence(version)
    scenario = scenarios.from_query(dict(parse_qsl(query_string)), Scenario.published(ev))
    return scenarios.evaluate(scenario, ev)


def result(scenario: Scenario) -> ScenarioResult:
    return _result(urlencode(query(scenario)), version())
