"""Cached reads for the outcome pages (EET, Accommodation, Keeping in touch and Pathway Plans), and the
charts and furniture those three pages share.

Cached reads follow the ``ui.data`` pattern: keys are small values (a measure, a date, a breakdown)
and the store's version token, never DataFrames. The figure builders are pure Plotly over frames
that ``analytics.outcomes`` has already suppressed, so a hidden count can never reach a chart.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import outcomes
from analytics.disclosure import SUPPRESSED
from analytics.export import to_csv_bytes
from ui import charts
from ui.data import version
from ui.downloads import CSV, deferred_download
from viz.figures import wrap_source

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)

SNAPSHOT_SOURCE = "synthetic record-level snapshots (SSDA903 codes) calibrated to the published KPI values"
BAND_COLOUR = "#dcdcdc"
NO_STATUS_COLOUR = "#9a9a9a"
# Dash styles and markers tell the reference lines apart without relying on colour; they cycle, so
# any number of comparators is drawn.
COMPARATOR_DASHES = ["dot", "dash", "dashdot", "longdash", "longdashdot", "solid"]
COMPARATOR_SYMBOLS = ["square-open", "triangle-up-open", "circle-open", "x", "diamond-open", "star-open", "cross-open"]


def published_source() -> str:
    """'published: <the pack's sources for its KPI values>'."""
    from ui import data_kpi

    return f"published: {data_kpi.source_note()}"


# --- Cached reads -----------------------------------------------------------------------------------


@st.cache_data(**_CACHE)
def _snapshot_options(version: str) -> pd.DataFrame:
    return outcomes.snapshot_options()


def snapshot_options() -> pd.DataFrame:
    return _snapshot_options(version())


@st.cache_data(**_CACHE)
def _no_records_text(version: str) -> str:
    return outcomes.no_records_text()


def no_records_text() -> str:
    return _no_records_text(version())


@st.cache_data(**_CACHE)
def _outcome_kpis(measure: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_kpis(measure)


def outcome_kpis(measure: str) -> pd.DataFrame:
    return _outcome_kpis(measure, version())


@st.cache_data(**_CACHE)
def _outcome_summary(measure: str, snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return outcomes.outcome_summary(measure, snapshot_date)


def outcome_summary(measure: str, snapshot_date: dt.date) -> pd.DataFrame:
    return _outcome_summary(measure, snapshot_date, version())


@st.cache_data(**_CACHE)
def _outcome_by_group(measure: str, snapshot_date: dt.date, breakdown: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_by_group(measure, snapshot_date, breakdown)


def outcome_by_group(measure: str, snapshot_date: dt.date, breakdown: str) -> pd.DataFrame:
    return _outcome_by_group(measure, snapshot_date, breakdown, version())


@st.cache_data(**_CACHE)
def _outcome_trend(measure: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_trend(measure)


def outcome_trend(measure: str) -> pd.DataFrame:
    return _outcome_trend(measure, version())


@st.cache_data(**_CACHE)
def _comparators(measure: str, version: str) -> pd.DataFrame:
    return outcomes.comparators(measure)


def comparators(measure: str) -> pd.DataFrame:
    return _comparators(measure, version())


@st.cache_data(**_CACHE)
def _activity_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.activity_mix(snapshot_date, age_min, age_max)


def activity_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _activity_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _accommodation_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.accommodation_mix(snapshot_date, age_min, age_max)


def accommodation_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _accommodation_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _kit_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.kit_mix(snapshot_date, age_min, age_max)


def kit_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _kit_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _pathway_by_status(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return outcomes.pathway_by_status(snapshot_date)


def pathway_by_status(snapshot_date: dt.date) -> pd.DataFrame:
    return _pathway_by_status(snapshot_date, version())


# --- Shared furniture -------------------------------------------------------------------------------


def wrapped(title: str, width: int = 85) -> str:
    """Plotly does not wrap titles."""
    return "<br>".join(textwrap.wrap(title, width))


def download(frame: pd.DataFrame, name: str, key: str, label: str = "Download these figures (CSV)") -> None:
    deferred_download(label, lambda: to_csv_bytes(frame), f"{name}.csv", CSV, key=key)


def _number(value: object) -> str:
    return SUPPRESSED if value == SUPPRESSED else f"{int(value):,}"


def summary_tiles(shown: pd.DataFrame) -> None:
    """One tile per KPI: the value, its status in words with the arrow (never colour alone), the
    numerator and denominator, and the published value when the snapshot stands for a published period."""
    if shown.empty:
        st.caption("No one is counted in these measures at this snapshot.")
        return
    for col, row in zip(st.columns(len(shown)), shown.itertuples()):
        with col.container(border=True):
            st.markdown(f"**{row.short_name}**")
            value = SUPPRESSED if row.suppressed else f"{row.percent:.1f}%"
            st.markdown(f"<span style='font-size:2rem;font-weight:600'>{value}</span>", unsafe_allow_html=True)
            if row.colour and not row.suppressed:
                since = f" since {row.previous_date:%b %Y}" if row.previous_date else ""
                st.badge(f"{row.status} {row.arrow}".strip(), color=_badge(row.rag, row.achieved))
                st.caption(f"{row.judgement.capitalize()}{since}.")
            band = f" (graded by bands: {row.status})" if row.grading else "" if math.isnan(row.lower) else f" (tolerance {row.lower:g}–{row.upper:g})"
            published = f" Published for {row.period}: {row.published:g}%." if row.period else ""
            st.caption(
                f"{_number(row.numerator)} of {_number(row.denominator)} counted. Target {row.target:g}%{band}.{published}"
            )


def fit(fig: go.Figure, plot_px: int, legend_rows: int, axis_px: int = 62, source_chars: int = 140) -> go.Figure:
    """Room for the title above the plot, then the axis title, the legend and the source line at fixed
    distances under it whatever the plot's height (``viz.figures.fit`` with room for two-line ticks)."""
    top = 50 + 26 * (fig.layout.title.text or "").count("<br>")
    source_px = axis_px + 8 + 22 * legend_rows
    fig.update_layout(
        legend=dict(y=-axis_px / plot_px, yanchor="top"), margin=dict(t=top, b=source_px + 40),
        height=plot_px + top + source_px + 40,
    )
    fig.layout.annotations[-1].y = -source_px / plot_px
    return wrap_source(fig, source_chars)


def legend_rows(items: int, per_row: int = 3) -> int:
    return -(-items // per_row)


def _badge(rag: str, achieved: bool | None) -> str:
    if rag in ui.STATUS_BADGE:
        return ui.STATUS_BADGE[rag]
    return "gray" if achieved is None else "blue" if achieved else "orange"


def _status_colour(colour: str) -> str:
    return colour or NO_STATUS_COLOUR


def _comparator_lines(fig: go.Figure, comps: pd.DataFrame) -> None:
    """The latest benchmark for each area as a labelled horizontal reference line."""
    latest = comps.sort_values("year").groupby("area", sort=False).tail(1)
    order = list(dict.fromkeys(comps["area"]))
    for row in latest.set_index("area").loc[order].reset_index().itertuples():
        dash = COMPARATOR_DASHES[order.index(row.area) % len(COMPARATOR_DASHES)]
        fig.add_hline(
            y=row.value, line=dict(color=charts.TEXT, width=1.5, dash=dash), name=row.label, showlegend=True, layer="below",
        )


def _group_axis(shown: pd.DataFrame) -> list[str]:
    """Each age group's tick label carries its status in words and its arrow, so status never rests
    on the bar's colour alone."""
    return [
        outcomes.ages_label(r.age_min, r.age_max) + ("" if r.suppressed or not r.colour else f"<br><b>{r.status} {r.arrow}</b>")
        for r in shown.itertuples()
    ]


def _value_text(shown: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Values inside their bars, clear of target marks and reference lines; a suppressed cell has no
    bar, so its c sits on the axis."""
    text = ["c" if r.suppressed else f"{float(r.percent):.0f}%" for r in shown.itertuples()]
    return text, ["outside" if r.suppressed else "inside" for r in shown.itertuples()]


def group_figure(shown: pd.DataFrame, comps: pd.DataFrame, *, measure: str, title: str, as_at: str) -> go.Figure:
    """Each KPI's value at the snapshot as a bar coloured and labelled by its status, over its
    tolerance band, with the target marked and any benchmarks as reference lines."""
    x = _group_axis(shown)
    banded = [i for i, lower in enumerate(shown["lower"]) if not math.isnan(lower)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=[x[i] for i in banded], y=[shown["upper"].iloc[i] - shown["lower"].iloc[i] for i in banded],
            base=[shown["lower"].iloc[i] for i in banded], width=0.8, marker_color=BAND_COLOUR, name="Tolerance band",
            customdata=[[shown["lower"].iloc[i], shown["upper"].iloc[i]] for i in banded],
            hovertemplate="Tolerance band %{customdata[0]}–%{customdata[1]}%<extra></extra>",
        )
    )
    text, where = _value_text(shown)
    fig.add_trace(
        go.Bar(
            x=x, y=[0.0 if r.suppressed else float(r.percent) for r in shown.itertuples()], width=0.5,
            marker_color=[_status_colour(r.colour) for r in shown.itertuples()], name="Computed from the snapshots (colour: status)",
            text=text, textposition=where, insidetextanchor="middle", textfont=dict(size=16), cliponaxis=False,
            customdata=[[_number(r.numerator), _number(r.denominator)] for r in shown.itertuples()],
            hovertemplate="%{x}: %{y:.1f}% (%{customdata[0]} of %{customdata[1]})<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x, y=shown["target"], mode="markers", name="Target",
            marker=dict(symbol="line-ew", size=80, line=dict(width=3, color=charts.TEXT)),
            hovertemplate="Target %{y}%<extra></extra>",
        )
    )
    if not comps.empty:
        _comparator_lines(fig, comps)
    charts.styled(
        fig, title=wrapped(title), x_title="Age group at the snapshot (years), with its status against target",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)",
        source=SNAPSHOT_SOURCE + ("" if comps.empty else "; comparators: " + "; ".join(dict.fromkeys(comps["source"]))), as_at=as_at,
    )
    fig.update_yaxes(range=[0, 105], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_layout(barmode="overlay", bargap=0.2, uniformtext=dict(minsize=12, mode="show"))
    latest = comps.drop_duplicates("area") if not comps.empty else comps
    return fit(fig, 340, legend_rows=legend_rows(3 + len(latest), per_row=2), axis_px=84)


def breakdown_figure(
    shown: pd.DataFrame, *, measure: str, title: str, as_at: str, legend_title: str, narrow: bool = False
) -> go.Figure:
    """Each KPI's value for each category of a breakdown, side by side, with the target marked;
    suppressed cells are labelled c and drawn as nothing. ``narrow``: laid out for half the page."""
    fig = go.Figure()
    for colour, (category, rows) in zip(charts.PALETTE * 3, shown.groupby("category", sort=False)):
        text, where = _value_text(rows)
        fig.add_trace(
            go.Bar(
                x=[outcomes.ages_label(a, b) for a, b in zip(rows["age_min"], rows["age_max"])],
                y=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], name=str(category), marker_color=colour,
                text=text, textposition=where, insidetextanchor="middle", cliponaxis=False,
                customdata=[[_number(r.numerator), _number(r.denominator)] for r in rows.itertuples()],
                hovertemplate=f"{category}, " + "%{x}: %{text} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
            )
        )
    targets = shown.drop_duplicates("kpi_id")
    fig.add_trace(
        go.Scatter(
            x=[outcomes.ages_label(a, b) for a, b in zip(targets["age_min"], targets["age_max"])], y=targets["target"],
            mode="markers", name="Target", marker=dict(symbol="line-ew", size=90, line=dict(width=3, color=charts.TEXT)),
            hovertemplate="Target %{y}%<extra></extra>",
        )
    )
    charts.styled(
        fig, title=wrapped(title, 50 if narrow else 85), x_title="Age group at the snapshot (years)",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)", source=SNAPSHOT_SOURCE, as_at=as_at,
    )
    fig.update_yaxes(range=[0, 105], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_layout(
        barmode="group", bargap=0.25, legend=dict(title=dict(text=legend_title + ": ")), uniformtext=dict(minsize=11, mode="show"),
    )
    return fit(fig, 300 if narrow else 320, legend_rows=2 if narrow else 1, source_chars=70 if narrow else 140)


def trend_figure(shown: pd.DataFrame, comps: pd.DataFrame, *, measure: str, snapshot: dt.date, title: str) -> go.Figure:
    """One KPI over every snapshot: computed from the snapshots as a line, the published Table 2
    values as labelled black diamonds, the target as a line over the shaded tolerance band, the
    chosen snapshot marked, and any benchmarks by year (DfE years end on 31 March)."""
    kpi = shown.iloc[0]
    visible = shown[~shown["suppressed"]]
    published = shown.dropna(subset=["published"])
    fig = go.Figure()
    if not math.isnan(kpi["lower"]):
        fig.add_hrect(
            y0=kpi["lower"], y1=kpi["upper"], fillcolor=BAND_COLOUR, opacity=0.6, line_width=0, layer="below",
            name=f"Tolerance band {kpi['lower']:g}–{kpi['upper']:g}%", showlegend=True,
        )
    fig.add_hline(
        y=kpi["target"], line=dict(color=charts.TEXT, width=2, dash="dash"), name=f"Target {kpi['target']:g}%", showlegend=True,
    )
    fig.add_trace(
        go.Scatter(
            x=visible["snapshot_date"], y=visible["percent"].astype(float), mode="lines+markers",
            name="Computed from the snapshots", line=dict(color=charts.PALETTE[0], width=3), marker=dict(size=7),
            customdata=[[_number(n), _number(d)] for n, d in zip(visible["numerator"], visible["denominator"])],
            hovertemplate="%{x|%d %b %Y}: %{y:.1f}% (%{customdata[0]} of %{customdata[1]})<extra></extra>",
        )
    )
    if not published.empty:
        fig.add_trace(
            go.Scatter(
                x=published["snapshot_date"], y=published["published"], mode="markers+text", name="Published, Table 2",
                marker=dict(symbol="diamond", size=13, color=charts.PUBLISHED_COLOUR, line=dict(width=1, color="white")),
                text=[f"{v:g}%" for v in published["published"]], textposition="top center", cliponaxis=False,
                customdata=published["period"], hovertemplate="Published for %{customdata}: %{y}%<extra></extra>",
            )
        )
    for i, ((area, basis), rows) in enumerate(comps.groupby(["area", "basis"], sort=False)):
        name = f"{area}, {basis}" if basis else str(area)
        fig.add_trace(
            go.Scatter(
                x=list(rows["date"]), y=rows["value"], mode="lines+markers" if len(rows) > 1 else "markers",
                name=name, line=dict(color=charts.TEXT, width=1, dash=COMPARATOR_DASHES[i % len(COMPARATOR_DASHES)]),
                marker=dict(symbol=COMPARATOR_SYMBOLS[i % len(COMPARATOR_SYMBOLS)], size=10, color=charts.TEXT),
                customdata=rows["year"], hovertemplate=f"{name}, " + "%{customdata}: %{y}%<extra></extra>",
            )
        )
    fig.add_vline(x=snapshot, line=dict(color="#6b6b6b", width=1, dash="dot"))
    values = [*visible["percent"].astype(float), *published["published"], *comps["value"], kpi["target"]]
    if not math.isnan(kpi["lower"]):
        values += [kpi["lower"], kpi["upper"]]
    low, high = max(0.0, min(values) - 8), min(100.0, max(values) + 6)
    charts.styled(
        fig, title=wrapped(title), x_title="Quarterly snapshot (dotted line: the snapshot chosen above)",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)",
        source=SNAPSHOT_SOURCE + "; " + published_source() + ("" if comps.empty else "; comparators: " + "; ".join(dict.fromkeys(comps["source"]))),
        as_at=f"{shown['snapshot_date'].iloc[-1]:%d %b %Y}",
    )
    fig.update_yaxes(range=[low, high + 4], ticksuffix="%")
    items = 3 + (not published.empty) + (not math.isnan(kpi["lower"])) + len(comps.groupby(["area", "basis"]))
    return fit(fig, 300, legend_rows=legend_rows(items))
