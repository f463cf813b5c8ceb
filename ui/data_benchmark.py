"""Cached reads for the Benchmark page and the Scenarios page's spend placement (the ``ui.data``
pattern: keys are small values and the store's version token, never DataFrames)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import national
from ui import charts
from ui.data import version
from viz import benchmark as viz
from viz.chart import Chart

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


# Authorities and benchmarks are shared, not copied (cache_resource): the Overview reads three at every
# rerun and unpickling each copy cost about a millisecond. Nothing changes them once built.
@st.cache_resource(**_CACHE)
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


@st.cache_resource(**_CACHE)
def _benchmark(la_code: int, measure_code: str, year: int | None, version: str) -> national.Benchmark:
    return national.benchmark(la_code, measure_code, year)


def benchmark(la_code: int, measure_code: str, year: int | None = None) -> national.Benchmark:
    return _benchmark(la_code, measure_code, year, version())


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


# --------------------------------------------------------------------------- figures, built once per input


def _gaps_table(b: national.Benchmark) -> pd.DataFrame:
    unit = "points" if b.measure.unit == "%" else b.measure.unit
    columns = {
        "Year ending 31 March": b.gaps["year"],
        f"{b.authority.name} ({b.measure.unit})": b.gaps["authority"].round(2),
        f"Gap to neighbour average ({unit})": b.gaps["gap_neighbours"].round(2),
    }
    if not b.measure.is_count:  # a headcount has no gap to England's total
        columns[f"Gap to England ({unit})"] = b.gaps["gap_england"].round(2)
    return pd.DataFrame(columns)


@st.cache_resource(**charts.FIGURE_CACHE)
def _comparison_charts(la_code: int, measure_code: str, year: int | None, source: str, as_at: str, version: str) -> tuple[Chart, Chart, Chart]:
    b = national.benchmark(la_code, measure_code, year)
    ranked = national.download_frame(b).drop(columns=["Measure", "Basis", "Source"])
    return (
        charts.chart(viz.ranked_dots(b, source=source, as_at=as_at), alt=b.finding, table=ranked),
        charts.chart(viz.quartile_strip(b, source=source, as_at=as_at), alt=f"{b.finding} ({b.quartile_name})." if b.quartile_name else b.finding, table=ranked),
        charts.chart(viz.gap_trend(b, source=source, as_at=as_at), alt=b.neighbour_finding or b.finding, table=_gaps_table(b)),
    )


def comparison_charts(la_code: int, measure_code: str, year: int | None, *, source: str, as_at: str) -> tuple[Chart, Chart, Chart]:
    """The ranked dots, the quartile strip and the gap over time for one measure and year."""
    return _comparison_charts(la_code, measure_code, year, source, as_at, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _spend_charts(la_code: int, source: str, as_at: str, version: str) -> tuple[Chart, Chart]:
    code = national.SPEND_MEASURE
    m, spend, series_ = national.MEASURES[code], national.benchmark(la_code, code), national.comparator_series(la_code, code)
    title = national.series_finding(series_, m)
    trend = series_[["area", "year", "value"]].rename(columns={"area": "Area", "year": "Year", "value": f"Value ({m.unit})"})
    return (
        charts.chart(viz.ranked_dots(spend, source=source, as_at=as_at), alt=spend.finding,
                     table=national.download_frame(spend).drop(columns=["Measure", "Basis", "Source"])),
        charts.chart(viz.series_chart(series_, m, title=title, source=source, as_at=as_at), alt=title, table=trend),
    )


def spend_charts(la_code: int, *, source: str, as_at: str) -> tuple[Chart, Chart]:
    """Spend per care leaver: every LA ranked, and the authority's spend over time beside its comparators."""
    return _spend_charts(la_code, source, as_at, version())
