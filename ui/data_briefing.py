"""Cached reads and figures for the Briefing page (the ``ui.data`` pattern: keys are small values and
the store's version token, never DataFrames). Figures are built once per distinct input and shared
(``ui.charts.FIGURE_CACHE``); the pack's HTML is made only when its button is pressed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import briefing, performance, scenarios
from report import briefing_html
from ui import charts
from ui.data import version
from viz import figures, kpi_charts
from viz.chart import Chart

_CACHE = dict(max_entries=16, ttl=3600, show_spinner=False)
# A chart title line at the page's width.
TITLE_CHARS = 80


@st.cache_data(**_CACHE)
def _periods(version: str) -> list[str]:
    return performance.periods()


def periods() -> list[str]:
    return _periods(version())


# Shared, not copied (cache_resource): the preview reads every section at every rerun, and unpickling
# a copy of them all cost more than drawing the page. Nothing changes a built section.
@st.cache_resource(**_CACHE)
def _sections(
    period: str, chosen: tuple[str, ...], scenario_link: str, generated: dt.date, version: str,
) -> tuple[briefing.Context, list[briefing.Section]]:
    ctx = briefing.context(period, generated, scenario_link)
    return ctx, briefing.build_sections(ctx, chosen)


def sections(period: str, chosen: tuple[str, ...], scenario_link: str = "") -> tuple[briefing.Context, list[briefing.Section]]:
    """The pack's context and its chosen sections for a scenario link (blank: the published plan's
    scenario), dated today (a new day makes a new cache entry)."""
    return _sections(period, chosen, scenario_link.strip(), dt.date.today(), version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _chart(period: str, chosen: tuple[str, ...], scenario_link: str, generated: dt.date, chart_id: str, version: str) -> Chart:
    _, built = _sections(period, chosen, scenario_link, generated, version)
    block = next(c for s in built for c in s.charts if c.chart_id == chart_id)
    fig = figures.wrap_title(briefing_html.figure(block), TITLE_CHARS)
    return charts.chart(fig, alt=block.alt, table=block.data)


def chart(period: str, chosen: tuple[str, ...], scenario_link: str, chart_id: str) -> Chart:
    """A pack chart as the page shows it: its finding as the accessible name, its data as the table."""
    return _chart(period, chosen, scenario_link.strip(), dt.date.today(), chart_id, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _status_table(period: str, chosen: tuple[str, ...], scenario_link: str, generated: dt.date, section_id: str, index: int, version: str) -> str:
    _, built = _sections(period, chosen, scenario_link, generated, version)
    table = next(s for s in built if s.section_id == section_id).blocks[index]
    tints = pd.DataFrame("", index=table.frame.index, columns=table.frame.columns)
    tints["Status"] = [briefing_html.RAG_BACKGROUND[rag] for rag in table.rag]
    return kpi_charts.html_table(table.frame, tints, caption=table.caption, row_header=str(table.frame.columns[0]))


def status_table(period: str, chosen: tuple[str, ...], scenario_link: str, section_id: str, index: int) -> str:
    """A table with a Status column as it prints: a static HTML table, each status cell shaded, its
    first column heading each row. Made once: a styled table costs more than the rest of the page at
    every rerun."""
    return _status_table(period, chosen, scenario_link.strip(), dt.date.today(), section_id, index, version())


@st.cache_data(**_CACHE)
def _changes(scenario_query: str, version: str) -> tuple[scenarios.Change, ...]:
    return scenarios.changes(briefing.parse_scenario(scenario_query).scenario)


def changes(ctx: briefing.Context) -> tuple[scenarios.Change, ...]:
    """The pack scenario's assumptions that differ from the published plan's (none without scenario evidence)."""
    return _changes(ctx.scenario_query, version()) if ctx.scenario is not None else ()
