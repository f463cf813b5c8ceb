"""Figures drawn the same way on a page and in the printed briefing pack (pure Plotly)."""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics.disclosure import SUPPRESSION_NOTE
from viz.theme import BAND_EDGE, BAND_FILL, NEUTRAL_COLOUR, PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, styled
# The generic layout and contrast helpers live with the template; named here too for the pages that
# have always found them here.
from viz.theme import contrast_ratio, fit, readable_on, wrap_source, wrap_title  # noqa: F401

# A KPI's row on the dot plot: its two lines of words above its band and dot. The plot starts near
# the left edge, leaving room for half the first tick label.
KPI_ROW_PX = 74
KPI_LEFT_PX = 20


def cohort_by_age(frame: pd.DataFrame, *, title: str, as_at: dt.date, source: str = "record-level snapshots") -> go.Figure:
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
        source=source, as_at=f"{as_at:%d %b %Y}",
    )
    fig.update_yaxes(rangemode="tozero")
    return fig


def kpi_against_targets(
    names: Sequence[str], values: Sequence[float], targets: Sequence[float], lowers: Sequence[float],
    uppers: Sequence[float], rags: Sequence[str], labels: Sequence[str], *, title: str, period: str,
    source: str = "provider KPI returns", printed: bool = False,
) -> go.Figure:
    """Each KPI's value as a dot on its tolerance band, target marked, with its value and status in
    words. On a screen each row's name, and under it its value and status, are written above its band
    (``KPI_ROW_PX`` a row), so the plot keeps the chart's full width on a phone and no label is cut off.
    ``printed`` (an A4 page, wide and short of height): names beside the axis and the words to the right
    of each band, on rows a third as tall, as ``report.briefing_html`` fits them."""
    rows: list = list(names) if printed else list(range(len(names)))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=rows, x=[u - lo for lo, u in zip(lowers, uppers)], base=list(lowers), orientation="h", width=None if printed else 0.4,
        marker=dict(color=BAND_FILL, line=dict(color=BAND_EDGE, width=1)), name="Tolerance band", hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(
        y=rows, x=list(targets), mode="markers", marker=dict(symbol="line-ns", size=18, line=dict(width=3, color="#1f1f1f")),
        name="Target", customdata=list(names), hovertemplate="%{customdata}: target %{x}%<extra></extra>", cliponaxis=False,
    ))
    fig.add_trace(go.Scatter(
        y=rows, x=list(values), mode="markers", name="Value", customdata=list(names), cliponaxis=False,
        marker=dict(size=13, color=[STATUS_COLOURS.get(r, NEUTRAL_COLOUR) for r in rags], line=dict(width=1, color="#1f1f1f")),
        hovertemplate="%{customdata}: %{x}%<extra></extra>",
    ))
    styled(fig, title=title, x_title="Per cent of care leavers (%)", y_title="", source=source, as_at=period)
    fig.update_layout(barmode="overlay")
    if printed:
        # The words start beyond the band and the target, so no target mark strikes them through.
        fig.add_trace(go.Scatter(
            y=rows, x=[max(v, u, t) + 2 for v, u, t in zip(values, uppers, targets)], mode="text", showlegend=False,
            text=[f"{v:g}% {lab}" for v, lab in zip(values, labels)], textposition="middle right", hoverinfo="skip",
        ))
        fig.update_xaxes(range=[0, 165], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
        fig.update_yaxes(autorange="reversed", automargin=True)
        return fig
    for i, (name, value, label) in enumerate(zip(names, values, labels)):
        fig.add_annotation(
            x=0, xref="paper", y=i, yref="y", yshift=14, xanchor="left", yanchor="bottom", showarrow=False, align="left",
            text=f"<b>{html.escape(str(name))}</b><br>{value:g}% {html.escape(str(label))}", font=dict(size=13, color=TEXT), name="row",
        )
    fig.update_xaxes(range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False)
    fit(fig, KPI_ROW_PX * len(names), legend_rows=1)
    # No axis labels on the left: the plot starts near the edge, and the source line with it.
    fig.update_layout(margin_l=KPI_LEFT_PX)
    for note in fig.layout.annotations:
        if note.name == "source":
            note.xshift = 4 - KPI_LEFT_PX
    return fig


def uasc_share_by_age(
    ages: Sequence[int], percents: Sequence[float | None], published_ages: Sequence[int], published_percents: Sequence[float],
    *, title: str, snapshot: dt.date, published_label: str, source: str,
) -> go.Figure:
    """Former-UASC share at each age as labelled bars (None: suppressed, labelled c) with the
    published share as a black mark across each bar, so labels never collide at print width."""
    if any(p is None for p in percents):
        source = f"{source}; {SUPPRESSION_NOTE}"
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=list(ages), y=[0 if p is None else p for p in percents], name=f"Snapshot {snapshot:%b %Y}", marker_color=PALETTE[0],
        text=["c" if p is None else f"{p:.0f}%" for p in percents], textposition="outside", cliponaxis=False,
        hovertemplate="Age %{x}: %{text} former UASC<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=list(published_ages), y=list(published_percents), mode="markers", name=published_label,
        marker=dict(symbol="line-ew", size=34, line=dict(width=3, color=PUBLISHED_COLOUR)),
        hovertemplate="Published, age %{x}: %{y}%<extra></extra>",
    ))
    styled(fig, title=title, x_title="Age at the snapshot (years)", y_title="Former UASC (% of the age)", source=source, as_at=f"{snapshot:%d %b %Y}")
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(rangemode="tozero", ticksuffix="%")
    return fit(fig, 300, legend_rows=1)


def count_trend(dates: Sequence[dt.date], counts: Sequence[int], *, name: str, title: str, y_title: str, source: str, as_at: dt.date) -> go.Figure:
    """A count over quarterly snapshots, each point labelled (suppressed points left out by the caller)."""
    fig = go.Figure(go.Scatter(
        x=list(dates), y=list(counts), mode="lines+markers+text", name=name, line=dict(color=PALETTE[0], width=3),
        text=[f"{c:,}" for c in counts], textposition="top center", cliponaxis=False,
        hovertemplate="%{x|%b %Y}: %{y:,}<extra></extra>",
    ))
    styled(fig, title=title, x_title="Quarterly snapshot", y_title=y_title, source=source, as_at=f"{as_at:%d %b %Y}")
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fit(fig, 280, legend_rows=0)


def threshold_gauge(value: float, threshold: float, *, label: str, threshold_label: str, title: str, x_title: str, source: str, as_at: str) -> go.Figure:
    """One bar against a dashed threshold line, both labelled in words."""
    fig = go.Figure(go.Bar(
        y=[label], x=[value], orientation="h", marker_color=PALETTE[0], cliponaxis=False, textposition="outside",
        text=[f"{value:,.0f} ({100 * value / threshold:.0f}% of the threshold)"], hovertemplate="%{x:,}<extra></extra>",
    ))
    fig.add_vline(x=threshold, line=dict(color=PUBLISHED_COLOUR, width=3, dash="dash"),
                  annotation_text=f"{threshold_label} {threshold:,.0f}", annotation_position="top")
    styled(fig, title=title, x_title=x_title, y_title="", source=source, as_at=as_at)
    fig.update_xaxes(range=[0, max(threshold, value) * 1.45], rangemode="tozero")
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    fit(fig, 110, legend_rows=0)
    fig.update_layout(margin=dict(t=fig.layout.margin.t + 30))
    return fig


# --- Static images --------------------------------------------------------------------------------

PNG_WIDTH_PX = 1000
PLOTLY_DEFAULT_HEIGHT_PX = 450


class NoBrowserError(RuntimeError):
    """No Chrome or Chromium for kaleido to draw with: charts can be had as HTML only."""


def image_browser() -> str | None:
    """The Chrome or Chromium kaleido would drive (``BROWSER_PATH`` first, then the usual names on
    PATH, e.g. Debian's /usr/bin/chromium), or None. kaleido's own browser download is skipped: it
    cannot be fetched on every machine, and a half-present one would only fail later."""
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return None
    path = Chromium.find_browser(skip_local=True)
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def to_png(fig: go.Figure, *, width: int = PNG_WIDTH_PX, scale: float = 2) -> bytes:
    """The figure as a PNG, drawn by headless Chromium through kaleido from the plotly.js that ships
    with plotly (MathJax off, so nothing is fetched). Raises ``NoBrowserError`` without a browser."""
    browser = image_browser()
    if browser is None:
        raise NoBrowserError("no Chrome or Chromium found (set BROWSER_PATH): download the HTML instead")
    # Imported here: kaleido takes a fifth of a second to import and only this needs it.
    import kaleido

    opts = dict(format="png", width=width, height=fig.layout.height or PLOTLY_DEFAULT_HEIGHT_PX, scale=scale)
    return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, kopts={"path": browser, "mathjax": False})
