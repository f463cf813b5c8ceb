"""The Former UASC page's charts (pure Plotly): the former-UASC share by age beside the published
``uasc_share_by_age``, their number and share over time beside the report's growth and outlook
(``reference_figures``), the National Transfer Scheme threshold, and EET beside other care leavers.

Counts and shares come in already suppressed (``analytics.uasc``): a suppressed cell is a gap
labelled c, never a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import formatting
from viz.cohort import date_axis, laid_out, people_axis
from viz.theme import PALETTE, PUBLISHED_COLOUR, styled


def _visible(values: pd.Series, hidden: pd.Series) -> list[float | None]:
    """Suppressed cells become gaps in a chart."""
    return [None if h else float(v) for v, h in zip(values, hidden)]


def _published_bars(x: Sequence[object], y: Sequence[float], name: str, hovertemplate: str) -> go.Bar:
    """Published figures as outlined bars beside the computed ones."""
    return go.Bar(
        x=list(x), y=list(y), name=name, marker=dict(color="white", line=dict(color=PUBLISHED_COLOUR, width=1.5)),
        text=[f"{v:g}%" for v in y], textposition="outside", cliponaxis=False, hovertemplate=hovertemplate,
    )


def share_by_age(shown_age: pd.DataFrame, published: pd.DataFrame, *, title: str, snapshot: dt.date, source: str) -> go.Figure:
    """The former-UASC share at each age (``analytics.uasc.suppressed_share_by_age``) as bars, the
    published share (rows of ``share_by_age`` with a published_percent) as outlined bars beside them."""
    fig = go.Figure(
        go.Bar(
            x=list(shown_age["age"]), y=_visible(shown_age["percent"], shown_age["suppressed"]),
            name=f"Snapshot {formatting.month(snapshot)}", marker_color=PALETTE[0], cliponaxis=False, textposition="outside",
            text=["c" if h else formatting.percent(p, 0) for p, h in zip(shown_age["percent"], shown_age["suppressed"])],
            hovertemplate="Age %{x}: %{y:.1f}% former UASC<extra></extra>",
        )
    )
    if not published.empty:
        fig.add_trace(
            _published_bars(published["age"], published["published_percent"].astype(float), "Published",
                            "Published, age %{x}: %{y}%<extra></extra>")
        )
    styled(fig, title=title, x_title="Age at the snapshot (years)", y_title="Former UASC (% of the age)",
           source=source, as_at=formatting.day(snapshot))
    fig.update_xaxes(dtick=1)
    shares = [p for p, h in zip(shown_age["percent"], shown_age["suppressed"]) if not h] + list(published["published_percent"].astype(float))
    fig.update_yaxes(range=[0, min(100, max(shares, default=10) * 1.25)], ticksuffix="%")
    fig.update_layout(barmode="group", bargap=0.2)
    return laid_out(fig, 300, legend_rows=1)


def count_trend(
    points: pd.DataFrame, growth_points: tuple[tuple[dt.date, int], tuple[dt.date, int]] | None, *,
    growth_name: str, growth_label: str, title: str, source: str, as_at: dt.date,
) -> go.Figure:
    """Former-UASC care leavers at each snapshot (``points``: snapshot_date, former_uasc, suppressed
    snapshots left out), with the two snapshots growth is measured between marked."""
    fig = go.Figure(
        go.Scatter(
            x=list(points["snapshot_date"]), y=list(points["former_uasc"].astype(int)), mode="lines+markers",
            name="Former-UASC care leavers", line=dict(color=PALETTE[0], width=3), hovertemplate="%{x|%b %Y}: %{y:,}<extra></extra>",
        )
    )
    if growth_points:
        (start, before), (end, after) = growth_points
        fig.add_trace(
            go.Scatter(
                x=[start, end], y=[before, after], mode="markers+text", name=growth_name,
                marker=dict(size=13, color=PALETTE[1], symbol="circle"),
                text=[formatting.count(before), f"{formatting.count(after)} ({growth_label})"], textposition=["top center", "middle left"],
                hoverinfo="skip",
            )
        )
    styled(fig, title=title, x_title="Quarterly snapshot", y_title="Former-UASC care leavers (count)",
           source=source, as_at=formatting.day(as_at))
    date_axis(fig, points["snapshot_date"])
    people_axis(fig, float(points["former_uasc"].astype(int).max()))
    return laid_out(fig, 300, legend_rows=2)


def share_trend(
    points: pd.DataFrame, *, now: tuple[dt.date, float], expected: tuple[dt.date, float], first: dt.date,
    title: str, source: str, as_at: dt.date,
) -> go.Figure:
    """The former-UASC share of the cohort at each snapshot, with the report's share now and expected."""
    (now_at, now_percent), (expected_by, expected_percent) = now, expected
    fig = go.Figure(
        go.Scatter(
            x=list(points["snapshot_date"]), y=list(points["percent"].astype(float)), mode="lines+markers",
            name="Former-UASC share of the cohort", line=dict(color=PALETTE[0], width=3),
            hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[now_at, expected_by], y=[now_percent, expected_percent], mode="markers+text",
            name=f"Published: c.{now_percent:g}% now, {expected_percent:g}%+ expected",
            marker=dict(symbol="diamond", size=13, color=PUBLISHED_COLOUR),
            text=[f"c.{now_percent:g}%", f"{expected_percent:g}%+ ({formatting.month(expected_by)})"],
            textposition=["bottom center", "bottom left"], hovertemplate="Published, %{x|%b %Y}: %{y}%<extra></extra>",
        )
    )
    styled(fig, title=title, x_title="Quarterly snapshot", y_title="Former UASC (% of all care leavers)",
           source=source, as_at=formatting.day(as_at))
    top = max([now_percent, expected_percent, *points["percent"].astype(float)])
    fig.update_yaxes(range=[0, min(100, top * 1.25)], ticksuffix="%")
    fig.update_xaxes(tickformat="%Y", dtick="M12", tickangle=0, range=[pd.Timestamp(first) - pd.Timedelta(days=60), pd.Timestamp(expected_by) + pd.Timedelta(days=200)])
    return laid_out(fig, 300, legend_rows=2)


def nts_gauge(uasc_in_care: int, threshold: float, percent_of_threshold: float, *, title: str, source: str, as_at: str) -> go.Figure:
    """UASC in care as one bar against the dashed NTS threshold."""
    fig = go.Figure(
        go.Bar(
            y=["UASC in care"], x=[uasc_in_care], orientation="h", marker_color=PALETTE[0], name="UASC in care",
            # The count alone, so the label never runs across the threshold line on a phone; the share
            # of the threshold is in the hover text and the data table.
            text=[formatting.count(uasc_in_care)], textposition="outside", cliponaxis=False,
            hovertemplate=f"%{{x:,}} UASC in care, {formatting.percent(percent_of_threshold, 0)} of the threshold<extra></extra>",
        )
    )
    fig.add_vline(
        x=threshold, line=dict(color=PUBLISHED_COLOUR, width=3, dash="dash"),
        annotation_text=f"NTS threshold {formatting.count(threshold)}", annotation_position="top",
    )
    styled(fig, title=title, x_title="Children (count)", y_title="", source=source, as_at=as_at)
    fig.update_xaxes(range=[0, max(threshold, uasc_in_care, 1) * 1.35], tickformat=",d")
    fig.update_layout(showlegend=False)
    laid_out(fig, 110)
    fig.update_layout(margin=dict(t=fig.layout.margin.t + 30))
    return fig


def eet_bars(shown_eet: pd.DataFrame, *, title: str, source: str, as_at: dt.date) -> go.Figure:
    """EET of former UASC and other care leavers by age group (``analytics.uasc.suppressed_eet``), with
    the report's former-UASC figure as an outlined bar where it is for the same age group."""
    fig = go.Figure()
    for colour, (group, rows) in zip((PALETTE[0], PALETTE[1]), shown_eet.groupby("cohort", sort=False)):
        fig.add_trace(
            go.Bar(
                x=list(rows["age_group"]), y=_visible(rows["percent"], rows["suppressed"]), name=group, marker_color=colour,
                text=["c" if h else formatting.percent(p, 0) for p, h in zip(rows["percent"], rows["suppressed"])],
                textposition="outside", cliponaxis=False, hovertemplate=f"{group}, " + "aged %{x}: %{y:.1f}% in EET<extra></extra>",
            )
        )
        published = rows.dropna(subset=["published_percent"])
        if group == "Former UASC" and not published.empty:
            fig.add_trace(
                _published_bars(published["age_group"], published["published_percent"].astype(float), "Published, former UASC",
                                "Published, former UASC aged %{x}: %{y}%<extra></extra>")
            )
    styled(fig, title=title, x_title="Age group (years)", y_title="In EET (% of the group)",
           source=source, as_at=formatting.day(as_at))
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="group")
    return laid_out(fig, 300, legend_rows=1)
