"""Cached reads for the Cohort and Former UASC pages (the ``ui.data`` pattern: keys are small values
and the store's version token, never DataFrames)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import cohort, config, uasc
from ui.data import version

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _filter_options(version: str) -> cohort.FilterOptions:
    return cohort.filter_options()


def filter_options() -> cohort.FilterOptions:
    return _filter_options(version())


@st.cache_data(**_CACHE)
def _cohort_profile(snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str) -> pd.DataFrame:
    return cohort.cohort_profile(cohort.CohortFilters(snapshot_date, age_band, is_uasc, location))


def cohort_profile(filters: cohort.CohortFilters) -> pd.DataFrame:
    return _cohort_profile(filters.snapshot_date, filters.age_band, filters.uasc, filters.location, version())


@st.cache_data(**_CACHE)
def _cohort_trend_by_age_band(
    snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str
) -> pd.DataFrame:
    return cohort.cohort_trend_by_age_band(cohort.CohortFilters(snapshot_date, age_band, is_uasc, location))


def cohort_trend_by_age_band(filters: cohort.CohortFilters) -> pd.DataFrame:
    return _cohort_trend_by_age_band(filters.snapshot_date, filters.age_band, filters.uasc, filters.location, version())


@st.cache_data(**_CACHE)
def _published_profile(version: str) -> pd.DataFrame:
    return cohort.published_profile()


def published_profile() -> pd.DataFrame:
    return _published_profile(version())


@st.cache_data(**_CACHE)
def _published_changes(version: str) -> tuple[cohort.PublishedChange, cohort.PublishedChange, float]:
    return cohort.open_cases_change(), cohort.children_in_care_change(), cohort.national_children_in_care_growth()


def published_changes() -> tuple[cohort.PublishedChange, cohort.PublishedChange, float]:
    """Open allocated cases, children in care, and England's growth in children in care."""
    return _published_changes(version())


@st.cache_data(**_CACHE)
def _uasc_share_by_age(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.share_by_age(snapshot_date)


def uasc_share_by_age(snapshot_date: dt.date) -> pd.DataFrame:
    return _uasc_share_by_age(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_trend(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.uasc_trend(snapshot_date)


def uasc_trend(snapshot_date: dt.date) -> pd.DataFrame:
    return _uasc_trend(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_growth(snapshot_date: dt.date, version: str) -> uasc.UascGrowth:
    return uasc.uasc_growth(uasc.uasc_trend(snapshot_date))


def uasc_growth(snapshot_date: dt.date) -> uasc.UascGrowth:
    return _uasc_growth(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_published(version: str) -> tuple[uasc.ShareOutlook, uasc.NtsDefaults]:
    return uasc.share_outlook(), uasc.nts_defaults()


def uasc_published() -> tuple[uasc.ShareOutlook, uasc.NtsDefaults]:
    """The published share outlook and NTS inputs."""
    return _uasc_published(version())


@st.cache_data(**_CACHE)
def _uasc_settings(version: str, pack: str) -> tuple[uasc.GrantRates | None, float | None]:
    try:
        rates = uasc.published_grant_rates()
    except KeyError:
        rates = None
    try:
        share = uasc.contribution_share_percent()
    except KeyError:
        share = None
    return rates, share


def uasc_settings() -> tuple[uasc.GrantRates | None, float | None]:
    """The grant rates and UASC contribution share (the pack's settings, else its reference figures;
    None where it has neither)."""
    return _uasc_settings(version(), str(config.config_path()))


@st.cache_data(**_CACHE)
def _uasc_eet(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.eet_by_uasc(snapshot_date)


def uasc_eet(snapshot_date: dt.date) -> pd.DataFrame:
    return _uasc_eet(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_grant_cohort(snapshot_date: dt.date, version: str) -> dict[str, int]:
    return uasc.grant_cohort(snapshot_date)


def uasc_grant_cohort(snapshot_date: dt.date) -> dict[str, int]:
    return _uasc_grant_cohort(snapshot_date, version())
