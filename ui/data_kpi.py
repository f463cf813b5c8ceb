"""Cached reads and built charts for the Exceptions, KPI performance and KPI cards pages (the
``ui.data`` pattern: keys are small values and the store's version token, never DataFrames).

Everything a page places on a rerun comes from here ready-made: each chart (a ``viz.chart.Chart``
with its finding and data table) and each status table (HTML) is built once per distinct input in a
``cache_resource`` wrapper and shared, read-only, by every session, so a rerun only places them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import performance
from analytics.export import user_columns
from analytics.kpi import BandScheme, Grade
from ui import charts
from ui.data import kpi_tiles, version
from viz import kpi_charts
from viz.chart import Chart
from viz.theme import NEUTRAL_COLOUR

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _periods(version: str) -> list[str]:
    return performance.periods()


def periods() -> list[str]:
    """Published KPI periods, oldest first."""
    return _periods(version())


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


def trend_download(kpi_id: str, period: str, name: str) -> pd.DataFrame:
    """A KPI's trend (``KpiTrend.to_frame``) for its CSV, in a reader's words: "KPI", "Series", "Date",
    "Value (%)", "Status", the value's unit taken from the KPI."""
    trend = kpi_trend(kpi_id, period)
    frame = user_columns(trend.to_frame()).rename(columns={"Value": f"Value ({trend.unit})" if trend.unit else "Value"})
    return frame.assign(KPI=name)


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


# --- Built once per input: names, charts and tables ----------------------------------------------


@st.cache_resource(**charts.FIGURE_CACHE)
def _kpi_names(version: str) -> dict[str, str]:
    options = performance.kpi_options()
    return dict(zip(options["kpi_id"], options["short_name"]))


def kpi_names() -> dict[str, str]:
    """KPI id -> the one name every KPI page calls it by (the pack's short name), in the pack's order."""
    return _kpi_names(version())


def trend_source() -> str:
    return f"{source_note()}; synthetic snapshots where the pack has records; comparators as labelled"


@st.cache_resource(**charts.FIGURE_CACHE)
def _trend_chart(kpi_id: str, period: str, version: str) -> Chart:
    trend = performance.kpi_trend(kpi_id, period)
    figure = kpi_charts.trend_chart(trend, source=trend_source())
    return charts.chart(kpi_charts.plain_arrays(figure), alt=trend.finding, table=trend.to_table())


def trend_chart(kpi_id: str, period: str) -> Chart:
    """The KPI over time against its target or bands. Raises ``performance.NoKpiValues`` when it has
    no value up to ``period``."""
    return _trend_chart(kpi_id, period, version())


SPC_SOURCE = "NHS Making Data Count XmR rules"


@dataclass(frozen=True)
class SpcPanel:
    """What the page shows beside a KPI with SPC on: the chart (None with ``reason``), the two
    verdicts, and notes on rebased or trial limits."""

    chart: Chart | None
    variation: str
    assurance: str
    notes: tuple[str, ...]
    reason: str | None = None


@st.cache_resource(**charts.FIGURE_CACHE)
def _spc_panel(kpi_id: str, period: str, rebase: str, version: str) -> SpcPanel:
    view = performance.spc_view(kpi_id, period, rebase)
    if view.result is None:
        return SpcPanel(None, "", "", (), view.reason)
    figure = kpi_charts.spc_chart(view, source=SPC_SOURCE)
    notes = tuple(n for n in (view.rebase_note, view.trial_note) if n)
    return SpcPanel(charts.chart(kpi_charts.plain_arrays(figure), alt=view.finding, table=view.to_table()), view.variation_text, view.assurance_text, notes)


def spc_panel(kpi_id: str, period: str, rebase: str = performance.REBASE_NEVER) -> SpcPanel:
    return _spc_panel(kpi_id, period, rebase, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _rebase_dates(period: str, version: str) -> tuple:
    return tuple(performance.spc_rebase_dates(period))


def rebase_dates(period: str) -> tuple:
    """The dates SPC limits may be recalculated from, up to ``period``."""
    return _rebase_dates(period, version())


@dataclass(frozen=True)
class Table2Panel:
    headline: str
    html: str
    periods_shown: int
    periods_all: int


@st.cache_resource(**charts.FIGURE_CACHE)
def _table2_panel(period: str, recent: int, version: str) -> Table2Panel:
    table, cells = performance.table2(period), performance.table2_cells(period)
    shown_table, shown_cells = performance.recent_columns(table, cells, recent)
    caption = (
        f"KPIs at {period}: each KPI's status, direction and change at {period}, its target and tolerance or bands, and its "
        "value, arrow and status in each period."
    )
    html = kpi_charts.table2_grid(shown_table.drop(columns=["Achieved"]), shown_cells, caption=caption)
    return Table2Panel(
        performance.status_headline(kpi_tiles(period)), html, shown_cells["period"].nunique(), cells["period"].nunique(),
    )


def table2_panel(period: str, recent: int) -> Table2Panel:
    """Table 2 at ``period`` as an HTML grid of its latest ``recent`` periods, and its headline."""
    return _table2_panel(period, recent, version())


@dataclass(frozen=True)
class ExceptionGroupRows:
    heading: str
    html: str | None  # None: no KPI in the group


@dataclass(frozen=True)
class ExceptionsPanel:
    headline: str
    metrics: tuple[tuple[str, int], ...]
    groups: tuple[ExceptionGroupRows, ...]
    chart: Chart
    absent: tuple[str, ...]


# In the two-word vocabulary a grade's own colour would say more than the words: achieved shows
# green, not achieved red, ungraded grey.
ACHIEVED_COLOURS = {"Achieved": charts.STATUS_COLOURS["green"], "Not achieved": charts.STATUS_COLOURS["red"], "Ungraded": NEUTRAL_COLOUR}
ACHIEVED_RAGS = {"Achieved": "green", "Not achieved": "red"}


@st.cache_resource(**charts.FIGURE_CACHE)
def _exception_words(period: str, version: str) -> dict[str, str]:
    return performance.vocabularies(performance.exceptions(period))


def exception_words(period: str) -> dict[str, str]:
    """The status vocabularies on offer at ``period``: key -> label."""
    return _exception_words(period, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _exceptions_panel(period: str, vocabulary: str, version: str) -> ExceptionsPanel:
    frame = performance.exceptions(period)
    table = performance.exceptions_table(frame, vocabulary)
    if vocabulary == "tolerance":
        colours, rags = list(frame["colour"]), list(frame["rag"])
    else:
        colours = list(frame["achieved_label"].map(ACHIEVED_COLOURS))
        rags = list(frame["achieved_label"].map(ACHIEVED_RAGS).fillna(""))
    groups = performance.exception_groups(frame)
    counts = frame["group_order"].value_counts()
    metrics = [(performance.failing_words(frame, vocabulary), int((frame["achieved_label"] == "Not achieved").sum()))]
    metrics += [(g.label(vocabulary), int(counts.get(g.order, 0))) for g in (groups[2], groups[3])]
    rows = []
    for group in groups:
        selected = (frame["group_order"] == group.order).to_numpy()
        heading = f"{group.label(vocabulary)} ({int(selected.sum())})"
        if not selected.any():
            rows.append(ExceptionGroupRows(heading, None))
            continue
        shown = table[selected].drop(columns=["Group"]).reset_index(drop=True)
        tints = pd.DataFrame("", index=shown.index, columns=shown.columns)
        tints["Status"] = [kpi_charts.tint(c, r) for c, r, keep in zip(colours, rags, selected) if keep]
        rows.append(ExceptionGroupRows(heading, kpi_charts.html_table(shown, tints, caption=f"{group.label(vocabulary)}, {period}")))
    labels = [
        f"{performance.status_words(s, a, vocabulary)} {arrow}".strip()
        for s, a, arrow in zip(frame["status_label"], frame["achieved_label"], frame["arrow"])
    ]
    title = performance.status_title(frame, vocabulary)
    figure = kpi_charts.kpi_against_standards(
        frame, labels, colours, gradings(), title=title, period=period, source=source_note(),
    )
    chart_table = table.drop(columns=["Group"])
    absent = tuple(sorted(set(performance.kpi_options()["short_name"]) - set(frame["short_name"])))
    return ExceptionsPanel(
        performance.exceptions_headline(frame, vocabulary), tuple(metrics), tuple(rows),
        charts.chart(kpi_charts.plain_arrays(figure), alt=title + ".", table=chart_table), absent,
    )


def exceptions_panel(period: str, vocabulary: str) -> ExceptionsPanel:
    """Everything the Exceptions page shows at ``period`` in the chosen words, built once."""
    return _exceptions_panel(period, vocabulary, version())
