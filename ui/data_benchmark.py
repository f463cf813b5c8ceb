"""Cached reads for the Benchmark page and the Scenarios page's spend placement (the ``ui.data``
pattern: keys are small values and the store's version token, never DataFrames)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import national
from ui.data import version

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _authority(la_code: int, version: str) -> national.Authority:
    return national.authority(la_code)


def authority(la_code: int) -> national.Authority:
    """The LA with this DfE code; ``national.NationalError`` if there is none."""
    return _authority(la_code, version())


@st.cache_data(**_CACHE)
def _years(measure_code: str, version: str) -> list[int]:
    return national.years(measure_code)


def years(measure_code: str) -> list[int]:
    return _years(measure_code, version())


@st.cache_data(**_CACHE)
def _benchmark(la_code: int, measure_code: str, year: int | None, version: str) -> national.Benchmark:
    return national.benchmark(la_code, measure_code, year)


def benchmark(la_code: int, measure_code: str, year: int | None = None) -> national.Benchmark:
    return _benchmark(la_code, measure_code, year, version())


@st.cache_data(**_CACHE)
def _series(la_code: int, measure_code: str, version: str) -> pd.DataFrame:
    return national.comparator_series(la_code, measure_code)


def series(la_code: int, measure_code: str) -> pd.DataFrame:
    return _series(la_code, measure_code, version())


@st.cache_data(**_CACHE)
def _release(version: str) -> dict[str, object]:
    return national.release()


def release() -> dict[str, object]:
    return _release(version())


@st.cache_data(**_CACHE)
def _authorities(version: str) -> pd.DataFrame:
    return national.authorities()


def authorities() -> pd.DataFrame:
    return _authorities(version())


@st.cache_data(**_CACHE)
def _place_cost(la_code: int, annual_cost: float, version: str) -> national.SpendPlacement | None:
    return national.place_cost(la_code, annual_cost)


def place_cost(la_code: int, annual_cost: float) -> national.SpendPlacement | None:
    return _place_cost(la_code, round(float(annual_cost), 2), version())
