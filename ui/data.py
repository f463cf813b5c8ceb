"""Cached reads for the pages. Keys are small values (a date, a period, the store's version token),
never DataFrames or connections, so caches stay small and a rebuilt store is picked up at once."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import cohort, db, performance, sources

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


def version() -> str:
    return db.store_version()


@st.cache_data(**_CACHE)
def _cohort_trend(version: str) -> pd.DataFrame:
    return cohort.cohort_trend()


def cohort_trend() -> pd.DataFrame:
    return _cohort_trend(version())


@st.cache_data(**_CACHE)
def _cohort_summary(version: str) -> cohort.CohortSummary:
    return cohort.cohort_summary()


def cohort_summary() -> cohort.CohortSummary:
    return _cohort_summary(version())


@st.cache_data(**_CACHE)
def _cohort_by_age_band(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return cohort.cohort_by_age_band(snapshot_date)


def cohort_by_age_band(snapshot_date: dt.date) -> pd.DataFrame:
    return _cohort_by_age_band(snapshot_date, version())


@st.cache_data(**_CACHE)
def _kpi_tiles(period: str | None, version: str) -> list[performance.KpiTile]:
    return performance.kpi_tiles(period)


def kpi_tiles(period: str | None = None) -> list[performance.KpiTile]:
    return _kpi_tiles(period, version())


@st.cache_data(**_CACHE)
def _build_info(version: str) -> sources.BuildInfo:
    return sources.build_info()


def build_info() -> sources.BuildInfo:
    return _build_info(version())


@st.cache_data(**_CACHE)
def _published_tables(version: str) -> pd.DataFrame:
    return sources.published_tables()


def published_tables() -> pd.DataFrame:
    return _published_tables(version())


@st.cache_data(**_CACHE)
def _published_table(name: str, version: str) -> pd.DataFrame:
    return sources.published_table(name)


def published_table(name: str) -> pd.DataFrame:
    return _published_table(name, version())


@st.cache_data(**_CACHE)
def _missing_evidence(tables: tuple[str, ...], figure_ids: tuple[str, ...], version: str) -> sources.MissingEvidence:
    return sources.missing_evidence(tables, figure_ids)


def missing_evidence(tables: tuple[str, ...], figure_ids: tuple[str, ...] = ()) -> sources.MissingEvidence:
    return _missing_evidence(tables, figure_ids, version())


@st.cache_data(**_CACHE)
def _evidence_sources(version: str) -> dict[str, str]:
    return sources.evidence_sources()


def evidence_sources() -> dict[str, str]:
    """Table → its citation, for chart source lines."""
    return _evidence_sources(version())


@st.cache_data(**_CACHE)
def _kpi_value_sources(period: str, version: str) -> str:
    return sources.kpi_value_sources(period)


def kpi_value_sources(period: str) -> str:
    return _kpi_value_sources(period, version())
