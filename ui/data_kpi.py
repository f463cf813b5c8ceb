"""Cached reads for the Exceptions, KPI performance and KPI cards pages (the ``ui.data`` pattern:
keys are small values and the store's version token, never DataFrames)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import performance
from analytics.kpi import BandScheme, Grade
from ui.data import version

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _periods(version: str) -> list[str]:
    return performance.periods()


def periods() -> list[str]:
    """Published KPI periods, oldest first."""
    return _periods(version())


@st.cache_data(**_CACHE)
def _kpi_options(version: str) -> pd.DataFrame:
    return performance.kpi_options()


def kpi_options() -> pd.DataFrame:
    return _kpi_options(version())


@st.cache_data(**_CACHE)
def _exceptions(period: str, version: str) -> pd.DataFrame:
    return performance.exceptions(period)


def exceptions(period: str) -> pd.DataFrame:
    return _exceptions(period, version())


@st.cache_data(**_CACHE)
def _table2(period: str, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return performance.table2(period), performance.table2_cells(period)


def table2(period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``performance.table2`` and ``performance.table2_cells`` for ``period``."""
    return _table2(period, version())


@st.cache_data(**_CACHE)
def _kpi_trend(kpi_id: str, period: str, version: str) -> performance.KpiTrend:
    return performance.kpi_trend(kpi_id, period)


def kpi_trend(kpi_id: str, period: str) -> performance.KpiTrend:
    return _kpi_trend(kpi_id, period, version())


@st.cache_data(**_CACHE)
def _spc_view(kpi_id: str, period: str, version: str) -> performance.SpcView:
    return performance.spc_view(kpi_id, period)


def spc_view(kpi_id: str, period: str) -> performance.SpcView:
    return _spc_view(kpi_id, period, version())


@st.cache_data(**_CACHE)
def _kpi_card(kpi_id: str, period: str, version: str) -> performance.KpiCard:
    return performance.kpi_card(kpi_id, period)


def kpi_card(kpi_id: str, period: str) -> performance.KpiCard:
    return _kpi_card(kpi_id, period, version())


@st.cache_data(**_CACHE)
def _source_note(version: str) -> str:
    return performance.source_note()


def source_note() -> str:
    """Where this store's KPI values come from, in the pack's own words."""
    return _source_note(version())


@st.cache_data(**_CACHE)
def _missing_values_text(version: str) -> str:
    return performance.missing_values_text()


def missing_values_text() -> str:
    return _missing_values_text(version())


@st.cache_data(**_CACHE)
def _unloaded_kpis(version: str) -> list[str]:
    return performance.unloaded_kpis()


def unloaded_kpis() -> list[str]:
    return _unloaded_kpis(version())


@st.cache_data(**_CACHE)
def _gradings(version: str) -> dict[str, BandScheme]:
    return performance.gradings()


def gradings() -> dict[str, BandScheme]:
    return _gradings(version())


@st.cache_data(**_CACHE)
def _gap_note(version: str) -> str | None:
    return performance.gap_note()


def gap_note() -> str | None:
    return _gap_note(version())


@st.cache_data(**_CACHE)
def _basis_comparison(kpi_id: str, period: str, other: str, version: str) -> performance.BasisComparison | None:
    return performance.basis_comparison(kpi_id, period, other)


def basis_comparison(kpi_id: str, period: str, other: str) -> performance.BasisComparison | None:
    return _basis_comparison(kpi_id, period, other, version())


# Streamlit badge colours for a grade: the tolerance colours by name, a band by whether it is met.
BADGE_COLOURS = {"green": "green", "amber": "orange", "red": "red"}


def badge_colour(grade: Grade) -> str:
    if grade.rag in BADGE_COLOURS and not grade.banded:
        return BADGE_COLOURS[grade.rag]
    if grade.achieved is None:
        return "gray"
    return "blue" if grade.achieved else "orange"
