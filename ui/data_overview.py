"""Cached reads and figures for the Overview (the ``ui.data`` pattern: keys are small values and the
store's version token). Its headline figures come from ``analytics.headlines``, as the Briefing's do."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analytics import cohort, formatting, headlines
from analytics.disclosure import suppress_frame
from ui import charts
from ui.data import build_info, cohort_by_age_band, version
from viz import figures
from viz.chart import Chart

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _headline_snapshot(version: str) -> dt.date | None:
    return headlines.headline_snapshot()


def headline_snapshot() -> dt.date | None:
    """The snapshot that closes the latest KPI period (the latest snapshot without KPI values)."""
    return _headline_snapshot(version())


@st.cache_data(**_CACHE)
def _cohort(as_at: dt.date, version: str) -> headlines.CohortHeadline:
    return headlines.cohort(as_at)


def cohort_headline(as_at: dt.date) -> headlines.CohortHeadline:
    return _cohort(as_at, version())


@st.cache_data(**_CACHE)
def _period_end(period: str, version: str) -> dt.date:
    return headlines.period_end(period)


def period_end(period: str) -> dt.date:
    return _period_end(period, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _cohort_chart(as_at: dt.date, synthetic: bool, version: str) -> Chart:
    ages = cohort_by_age_band(as_at)
    finding = cohort.age_band_finding(ages)
    source = "synthetic record-level snapshots" if synthetic else "record-level snapshots"
    shown = suppress_frame(ages, "care_leavers", share_cols=["percent"]).drop(columns="suppressed")
    table = shown.rename(columns={"age_band": "Age band", "care_leavers": "Care leavers", "percent": "Share of the cohort (%)"})
    table["Share of the cohort (%)"] = [v if isinstance(v, str) else formatting.percent(v, 0) for v in table["Share of the cohort (%)"]]
    return charts.chart(
        figures.cohort_by_age(ages, title=finding, as_at=as_at, source=source),
        alt=f"{finding} ({formatting.as_at(as_at)}).", table=table.assign(Snapshot=formatting.day(as_at)),
    )


def cohort_chart(as_at: dt.date) -> Chart:
    """Care leavers by age band at ``as_at``, its finding as the title and the accessible name."""
    return _cohort_chart(as_at, build_info().synthetic, version())
