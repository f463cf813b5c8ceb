"""Cached reads for the Briefing page (the ``ui.data`` pattern: keys are small values and the
store's version token, never DataFrames)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import briefing, performance, scenarios
from ui.data import version

_CACHE = dict(max_entries=16, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _periods(version: str) -> list[str]:
    return performance.periods()


def periods() -> list[str]:
    return _periods(version())


@st.cache_data(**_CACHE)
def _sections(
    period: str, chosen: tuple[str, ...], scenario_link: str, generated: dt.date, version: str,
) -> tuple[briefing.Context, list[briefing.Section]]:
    ctx = briefing.context(period, generated, scenario_link)
    return ctx, briefing.build_sections(ctx, chosen)


def sections(period: str, chosen: tuple[str, ...], scenario_link: str = "") -> tuple[briefing.Context, list[briefing.Section]]:
    """The pack's context and its chosen sections for a scenario link (blank: the published plan's
    scenario), dated today (a new day makes a new cache entry)."""
    return _sections(period, chosen, scenario_link.strip(), dt.date.today(), version())


@st.cache_data(**_CACHE)
def _changes(scenario_query: str, version: str) -> tuple[scenarios.Change, ...]:
    return scenarios.changes(briefing.parse_scenario(scenario_query).scenario)


def changes(ctx: briefing.Context) -> tuple[scenarios.Change, ...]:
    """The pack scenario's assumptions that differ from the published plan's (none without scenario evidence)."""
    return _changes(ctx.scenario_query, version()) if ctx.scenario is not None else ()
