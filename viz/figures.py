"""Figures drawn the same way on a page and in the printed briefing pack (pure Plotly)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from viz.theme import PALETTE, STATUS_COLOURS, styled


def cohort_by_age(frame: pd.DataFrame, *, title: str, as_at: dt.date) -> go.Figure:
    """Bar per age band; ``frame`` is ``analytics.cohort.cohort_by_age_band`` output."""
    fig = go.Figure(
        go.Bar(
            x=frame["age_band"], y=frame["care_leavers"], marker_color=PALETTE[0],
            text=[f"{n:,} ({p:.0f}%)" for n, p in zip(frame["care_leavers"], frame["percent"])], textposition="outside",
            hovertemplate="%{x}: %{y:,} care leavers<extra></extra>", cliponaxis=False,
        )
    )
    styled(
        fig, title=title, x_title="Age band (years)", y_title="Care leavers (count)",
        source="synthetic record-level snapshots calibrated to ChAT October 2023", as_at=f"{as_at:%d %b %Y}",
    )
    fig.update_yaxes(rangemode="tozero")
    return fig


def kpi_against_targets(
    names: Sequence[str], values: Sequence[float], targets: Sequence[float], lowers: Sequence[float],
    uppers: Sequence[float], rags: Sequence[str], labels: Sequence[str], *, title: str, period: str,
) -> go.Figure:
    """Each KPI's value as a labelled dot on its tolerance band, target marked."""
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=list(names), x=[u - lo for lo, u in zip(lowers, uppers)], base=list(lowers), orientation="h",
        marker_color="#dcdcdc", name="Tolerance band", hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(
        y=list(names), x=list(targets), mode="markers", marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#1f1f1f")),
        name="Target", hovertemplate="Target %{x}%<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        y=list(names), x=list(values), mode="markers+text", name="Value",
        marker=dict(size=14, color=[STATUS_COLOURS[r] for r in rags], line=dict(width=1, color="#1f1f1f")),
        text=[f"{v:g}% {lab}" for v, lab in zip(values, labels)], textposition="middle right",
        hovertemplate="%{y}: %{x}%<extra></extra>",
    ))
    styled(fig, title=title, x_title="Per cent of care leavers (%)", y_title="", source="Commissioning Plan Table 2 (provider JET data)", as_at=period)
    fig.update_xaxes(range=[0, 130], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=120 + 45 * len(names), barmode="overlay")
    return fig
