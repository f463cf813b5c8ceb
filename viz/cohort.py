"""The Cohort page's charts (pure Plotly): the cohort's make-up at one snapshot beside its published
cohort (``cohort_published``, ``cohort_shares``), and its size by age band over time beside the
published open allocated cases (``reference_figures``).

Counts come in already suppressed (``analytics.cohort``): a suppressed cell is drawn as an empty bar
labelled c, never as a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import formatting
from analytics.disclosure import SUPPRESSED, SUPPRESSION_NOTE
from viz.theme import PALETTE, PUBLISHED_COLOUR, TEXT, fit, styled

TOP_TICK_PX = 12


def laid_out(fig: go.Figure, plot_px: int, legend_rows: int = 0) -> go.Figure:
    """``viz.theme.fit``, with the legend placed against the plot rather than the container (Plotly
    widens the left margin by the whole width of a legend placed against the container, which
    squeezed a half-width plot to a third of its column), and room between the title and the top
    tick label, which stands half above the plot."""
    fit(fig, plot_px, legend_rows)
    fig.update_layout(legend_xref="paper", margin_t=fig.layout.margin.t + TOP_TICK_PX, height=fig.layout.height + TOP_TICK_PX)
    return fig


def people_axis(fig: go.Figure, top: float) -> None:
    """A count axis in whole people: from zero, never a tick at half a person."""
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    if top < 10:
        fig.update_yaxes(dtick=1 if top < 6 else 2, range=[0, max(top, 1) * 1.15])


def date_axis(fig: go.Figure, dates: pd.Series) -> None:
    """Snapshot dates on a time axis marked once a year, level, as years so they fit a phone; with one
    snapshot, its month alone, a quarter either side (Plotly would otherwise spread a lone date over
    milliseconds)."""
    fig.update_xaxes(tickformat="%Y", dtick="M12", tickangle=0)
    unique = sorted(set(dates))
    if len(unique) == 1:
        day = pd.Timestamp(unique[0])
        fig.update_xaxes(
            range=[day - pd.Timedelta(days=75), day + pd.Timedelta(days=75)], tickvals=[day], ticktext=[formatting.month(day)],
        )


def share_bars(rows: pd.DataFrame, *, title: str, snapshot: dt.date, source: str) -> go.Figure:
    """Computed shares as solid bars, published shares as outlined bars beside them; suppressed
    cells are labelled c, and the source line says what c means. ``rows`` are one dimension of
    ``analytics.cohort.suppressed_profile``."""
    labels = []
    for r in rows.itertuples():
        if r.suppressed:
            labels.append(SUPPRESSED)
            continue
        note = (
            f" · published {formatting.count(r.published_count)} in {formatting.month(r.published_as_at)}"
            if pd.notna(r.published_count) and pd.isna(r.published_percent) else ""
        )
        labels.append(f"{formatting.count(int(r.care_leavers))} ({formatting.percent(float(r.percent))}){note}")
    fig = go.Figure(
        go.Bar(
            y=list(rows["category"]), x=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], orientation="h",
            marker_color=PALETTE[0], name=f"Snapshot {formatting.month(snapshot)}", cliponaxis=False, textposition="outside",
            # The label, not the bar's length: a hidden share is drawn as nothing, and may be large.
            text=labels, hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    marked = rows[rows["published_percent"].notna()]
    if not marked.empty:
        fig.add_trace(
            go.Bar(
                y=list(marked["category"]), x=list(marked["published_percent"].astype(float)), orientation="h",
                name=f"Published, {formatting.month(marked['published_as_at'].iloc[0])}",
                marker=dict(color="white", line=dict(color=PUBLISHED_COLOUR, width=1.5)),
                text=[
                    formatting.percent(p, 0) + (f" ({formatting.count(n)})" if pd.notna(n) else "")
                    for p, n in zip(marked["published_percent"], marked["published_count"])
                ],
                textposition="outside", cliponaxis=False, hovertemplate="Published %{y}: %{x:.1f}%<extra></extra>",
            )
        )
    if rows["suppressed"].any():
        source = f"{source}; {SUPPRESSION_NOTE}"
    styled(fig, title=title, x_title="Share of the care leavers shown (%)", y_title="", source=source,
           as_at=formatting.day(snapshot))
    fig.update_xaxes(range=[0, 125], tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="group", bargap=0.25, showlegend=not marked.empty)
    return laid_out(fig, 110 + 46 * len(rows), legend_rows=2 if not marked.empty else 0)


def trend_bars(
    shown_trend: pd.DataFrame, basis: pd.DataFrame, published: Sequence[tuple[dt.date, float]] | None, *,
    published_name: str, title: str, source: str, as_at: dt.date,
) -> go.Figure:
    """Care leavers by age band at each snapshot, stacked (suppressed bands left out), the open-cases
    basis as a dotted line, and the published open allocated cases as diamonds where given.
    ``shown_trend`` is ``analytics.cohort.suppressed_trend``; ``basis`` has snapshot_date and
    open_cases_basis (int) for the snapshots where it may be shown."""
    fig = go.Figure()
    top = 0.0
    visible_all = shown_trend[~shown_trend["suppressed"]]
    if not visible_all.empty:
        top = float(visible_all.groupby("snapshot_date")["care_leavers"].apply(lambda s: s.astype(int).sum()).max())
    for colour, (band, rows) in zip(PALETTE, shown_trend.groupby("age_band", sort=False)):
        visible = rows[~rows["suppressed"]]
        fig.add_trace(
            go.Bar(
                x=list(visible["snapshot_date"]), y=list(visible["care_leavers"].astype(int)), name=f"Aged {band}", marker_color=colour,
                hovertemplate=f"Aged {band}, " + "%{x|%b %Y}: %{y:,}<extra></extra>",
            )
        )
    if not basis.empty:
        top = max(top, float(basis["open_cases_basis"].max()))
        fig.add_trace(
            go.Scatter(
                x=list(basis["snapshot_date"]), y=list(basis["open_cases_basis"].astype(int)), mode="lines+markers",
                name="16-20, not Qualifying (open cases basis)", line=dict(color=TEXT, dash="dot"),
                marker=dict(symbol="circle-open", size=8), hovertemplate="16-20 not Qualifying, %{x|%b %Y}: %{y:,}<extra></extra>",
            )
        )
    if published:
        dates, values = zip(*published)
        top = max(top, *values)
        fig.add_trace(
            go.Scatter(
                x=list(dates), y=list(values), mode="markers+text", name=published_name,
                marker=dict(symbol="diamond", size=13, color=PUBLISHED_COLOUR),
                text=[formatting.count(v) for v in values], textposition="top center",
                hovertemplate="Published open allocated cases, %{x|%b %Y}: %{y:,}<extra></extra>",
            )
        )
    styled(fig, title=title, x_title="Quarterly snapshot (1st of Jan, Apr, Jul, Oct)",
           y_title="Care leavers (count)", source=source, as_at=formatting.day(as_at))
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    date_axis(fig, shown_trend["snapshot_date"])
    people_axis(fig, top)
    return laid_out(fig, 360, legend_rows=3)
