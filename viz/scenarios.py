"""The Scenarios page's and the briefing's scenario charts (pure Plotly), each with the table behind it:
the projected cohort by band with its range of simulated futures, the Leaving Care Workers each
caseload scenario needs, each delivery option's budget gap as a waterfall, and the briefing's
projections side by side and variances to the budget.

Every figure is built once per distinct scenario (``ui.data_scenarios``) and never changed after.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics import formatting, scenarios
from analytics.disclosure import SUPPRESSED
from analytics.projections import TOTAL
from analytics.scenarios import CORPORATE, GROUP_ALL, LAIT, SCENARIO_LABELS, STORE_METHOD, Evidence, ScenarioResult
from viz.figures import fit, readable_on
from viz.theme import AXIS_PX, BAND_EDGE, BAND_FILL, NEUTRAL_COLOUR, PALETTE, PUBLISHED_COLOUR, TEXT, styled

def band_label(band: str) -> str:
    return "All care leavers" if band == TOTAL else f"Aged {band}"


def group_label(group: str) -> str:
    return {TOTAL: "Total", GROUP_ALL: "All care leavers"}.get(group, f"Aged {group}")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _values(values: object) -> list[object]:
    """Plain Python values for a trace: Plotly turns arrays into typed-array specs each time a figure
    is serialised, at every rerun, which for dates and floats costs ten times what lists do."""
    out: list[object] = []
    for v in values:
        if isinstance(v, (dt.date, pd.Timestamp)):
            out.append(v.isoformat())
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            out.append(None if math.isnan(float(v)) else float(v))
        else:
            out.append(v)
    return out


def _laid_out(fig: go.Figure, plot_px: int, legend_rows: int, axis_px: int = AXIS_PX) -> go.Figure:
    """``fit``, with the legend placed against the plot: one placed against the whole figure widens
    the left margin by its own width (Plotly keeps room for a legend outside the plot), which
    squeezes the plot into a sliver on a phone."""
    fit(fig, plot_px, legend_rows=legend_rows, axis_px=axis_px)
    fig.update_layout(legend_xref="paper", legend_x=0)
    return fig


def _short(band: str) -> str:
    """Panel titles short enough for two panels side by side on a phone."""
    return "All" if band == TOTAL else band


# --------------------------------------------------------------------------- cohort


def cohort_projection(result: ScenarioResult, evidence: Evidence, *, title: str, source: str) -> go.Figure:
    """One small panel per projection band and one for everyone: this scenario's path (with the range
    of 8 in 10 simulated futures where the method has one) and the published projections as marks."""
    panels = (*result.bands.labels, TOTAL)
    at_horizon = result.cohort.set_index("band")
    rows = math.ceil(len(panels) / 2)
    fig = make_subplots(rows=rows, cols=2, shared_xaxes=True, vertical_spacing=0.45 / rows, horizontal_spacing=0.18)
    path = result.path
    for i, band in enumerate(panels):
        position = dict(row=i // 2 + 1, col=i % 2 + 1)
        rows_of = path[path["band"] == band]
        shown = ~rows_of["suppressed"]
        dates = _values(rows_of["date"])
        first = i == 0
        if result.fan_available:
            # The band as one closed shape: along the 9-in-10 line and back along the 1-in-10 line.
            fig.add_trace(go.Scatter(
                x=dates + dates[::-1], y=_values(rows_of["p90"].where(shown)) + _values(rows_of["p10"].where(shown))[::-1],
                mode="lines", line=dict(width=0), fill="toself", fillcolor=_rgba(PALETTE[0], 0.2), name="8 in 10 simulated futures",
                legendgroup="fan", showlegend=first, hoverinfo="skip",
            ), **position)
        fig.add_trace(go.Scatter(
            x=dates, y=_values(rows_of["projected"].where(shown)), mode="lines+markers", line=dict(color=PALETTE[0], width=3),
            marker=dict(size=5), name="This scenario", legendgroup="line", showlegend=first,
            hovertemplate=f"{band_label(band)}, " + "%{x|%b %Y}: %{y:,.0f}<extra></extra>",
        ), **position)
        # Each panel names itself inside its top left, where no title line can run into it at any width.
        label = f"{_short(band)}: {SUPPRESSED if at_horizon.loc[band, 'suppressed'] else formatting.count(at_horizon.loc[band, 'projected'])}"
        axis = "" if i == 0 else str(i + 1)
        fig.add_annotation(
            text=f"<b>{label}</b>", xref=f"x{axis} domain", yref=f"y{axis} domain", x=0.02, y=1.0, xanchor="left", yanchor="top",
            showarrow=False, font=dict(size=13, color=TEXT), bgcolor="rgba(255,255,255,0.85)",
        )
        top = max(path.loc[path["band"] == band, "p90" if result.fan_available else "projected"].max(),
                  *(evidence.published_counts[STORE_METHOD[m]][band] for m in (CORPORATE, LAIT)))
        fig.update_yaxes(range=[0, top * 1.3], **position)
        for method, symbol, name in ((CORPORATE, "diamond", "Published: Corporate Performance"), (LAIT, "diamond-open", "Published: LAIT")):
            value = evidence.published_counts[STORE_METHOD[method]][band]
            fig.add_trace(go.Scatter(
                x=[evidence.published_date.isoformat()], y=[float(value)], mode="markers", name=name, legendgroup=name, showlegend=first,
                marker=dict(symbol=symbol, size=11, color=PUBLISHED_COLOUR, line=dict(width=2, color=PUBLISHED_COLOUR)),
                hovertemplate=f"{name}, {band_label(band)}: {formatting.count(value)}<extra></extra>",
            ), **position)
    styled(fig, title=title, x_title="", y_title="", source=source, as_at=formatting.month(result.start_date))
    end = max(pd.Timestamp(result.end_date), pd.Timestamp(evidence.published_date))
    # Two ticks, the start and the end, so the dates never turn on their side in a narrow panel.
    ticks = sorted({pd.Timestamp(result.start_date), pd.Timestamp(result.end_date)})
    fig.update_xaxes(range=[pd.Timestamp(result.start_date) - pd.Timedelta(days=45), end + pd.Timedelta(days=75)], showticklabels=True,
                     tickvals=[t.isoformat() for t in ticks], ticktext=[formatting.month(t) for t in ticks])
    fig.update_yaxes(tickformat=",d")
    fig.update_yaxes(title_text="Care leavers", col=1)
    return _laid_out(fig, 200 * rows, legend_rows=6)


def cohort_table(result: ScenarioResult) -> pd.DataFrame:
    c = result.cohort
    return pd.DataFrame({
        "Age band": [band_label(b) for b in c["band"]],
        f"{formatting.month(result.start_date)} (published)": [formatting.count(v) for v in c["start"]],
        f"Projected {formatting.month(result.end_date)}": [SUPPRESSED if h else formatting.count(v) for v, h in zip(c["projected"], c["suppressed"])],
        "8 in 10 futures": [
            "" if pd.isna(lo) or h else f"{formatting.count(lo)} to {formatting.count(hi)}" for lo, hi, h in zip(c["p10"], c["p90"], c["suppressed"])
        ],
        "Published: Corporate Performance": [formatting.count(v) for v in c["published_corporate"]],
        "Published: LAIT": [formatting.count(v) for v in c["published_lait"]],
    })


# --------------------------------------------------------------------------- workers


def workers(result: ScenarioResult, *, title: str, source: str, recommended_from: str) -> go.Figure:
    """Each caseload scenario's LCWs at the start and the horizon, the published figure as a mark,
    and the LCWs in post and recommended as lines."""
    lcw = result.lcw
    totals = lcw[lcw["group"].isin([TOTAL, GROUP_ALL])]
    # Each date on two short lines, level: on one line they turn sideways on a phone and the scenario
    # names under them are dropped.
    x = [[SCENARIO_LABELS[s].split(":")[0] for s in totals["scenario"]], [_two_lines(formatting.month(d)) for d in totals["as_at"]]]
    fig = go.Figure(go.Bar(
        x=x, y=_values(totals["fte_rounded"]), name="LCWs needed in this scenario",
        marker_color=[PALETTE[4] if d == result.start_date else PALETTE[0] for d in totals["as_at"]],
        text=[formatting.fte(v).removesuffix(" FTE") for v in totals["fte_rounded"]], textposition="inside", insidetextanchor="start",
        textfont=dict(color=[readable_on(PALETTE[4]) if d == result.start_date else readable_on(PALETTE[0]) for d in totals["as_at"]], size=14),
        hovertemplate="%{x}: %{y:.1f} FTE<extra></extra>",
    ))
    published = totals.dropna(subset=["published_fte"])
    if len(published):
        fig.add_trace(go.Scatter(
            x=[[SCENARIO_LABELS[s].split(":")[0] for s in published["scenario"]], [_two_lines(formatting.month(d)) for d in published["as_at"]]],
            y=_values(published["published_fte"]), mode="markers", name="Published",
            marker=dict(symbol="line-ew", size=30, line=dict(width=3, color=PUBLISHED_COLOUR)),
            hovertemplate="Published: %{y:.1f} FTE<extra></extra>",
        ))
    fig.add_hline(
        y=result.current_lcw_fte, line=dict(color=TEXT, width=2, dash="dot"),
        annotation_text=f"In post: {formatting.fte(result.current_lcw_fte)}", annotation_position="bottom left",
        annotation_bgcolor="rgba(255,255,255,0.9)",
    )
    fig.add_hline(
        y=result.recommended_lcw_fte, line=dict(color=PALETTE[3], width=2, dash="dash"),
        annotation_text=f"Recommended from {recommended_from}: {formatting.fte(result.recommended_lcw_fte)}", annotation_position="top left",
        annotation_bgcolor="rgba(255,255,255,0.9)",
    )
    styled(fig, title=title, x_title="Caseload scenario and date", y_title="LCWs needed (FTE)", source=source,
           as_at=formatting.month(result.end_date))
    fig.update_yaxes(rangemode="tozero", range=[0, max(totals["fte_rounded"].max(), result.recommended_lcw_fte) * 1.2])
    fig.update_xaxes(tickangle=0)
    # Two lines of dates, the scenario names under them, then the axis title.
    return _laid_out(fig, 320, legend_rows=1, axis_px=AXIS_PX + 40)


def _two_lines(month: str) -> str:
    return month.replace(" ", "<br>", 1)


def workers_table(result: ScenarioResult) -> pd.DataFrame:
    lcw = result.lcw
    return pd.DataFrame({
        "Scenario": [SCENARIO_LABELS[s] for s in lcw["scenario"]],
        "Date": [formatting.month(d) for d in lcw["as_at"]],
        "Cohort group": [group_label(g) for g in lcw["group"]],
        "Care leavers": [formatting.count(v) for v in lcw["cohort"]],
        "Caseload per LCW": ["" if pd.isna(c) else f"{c:g}" for c in lcw["caseload_per_fte"]],
        "LCWs needed": [formatting.fte(v) for v in lcw["fte_rounded"]],
        "Published": ["" if pd.isna(v) else formatting.fte(v) for v in lcw["published_fte"]],
    })


# --------------------------------------------------------------------------- budget


def _signed_money(amount: float, measure: str) -> str:
    return formatting.money(amount) if measure != "relative" or amount < 0 else "+" + formatting.money(amount)


def budget_waterfall(steps: pd.DataFrame, *, title: str, source: str, as_at: str) -> go.Figure:
    """The budget, plus the UASC contribution, less the option's cost and any change to it, to the
    variance (``ScenarioResult.waterfalls``)."""
    # Each step's amount is written under its name, beside the bars: labels at the bars' ends run
    # into the step names on a phone.
    amounts = [_signed_money(a, m) for a, m in zip(steps["amount"], steps["measure"])]
    fig = go.Figure(go.Waterfall(
        y=[f"{step}<br><b>{amount}</b>" for step, amount in zip(steps["step"], amounts)], x=_values(steps["amount"]),
        measure=_values(steps["measure"]), orientation="h", customdata=amounts,
        increasing=dict(marker=dict(color=PALETTE[2])), decreasing=dict(marker=dict(color=PALETTE[5])),
        totals=dict(marker=dict(color=PALETTE[0])), connector=dict(line=dict(color=NEUTRAL_COLOUR, width=1)),
        hovertemplate="%{customdata}<extra></extra>", showlegend=False,
    ))
    styled(fig, title=title, x_title="£ a year", y_title="", source=source, as_at=as_at)
    low, high = min(steps["running"].min(), 0), steps["running"].max()
    span = high - low
    fig.update_xaxes(tickformat="~s", tickprefix="£", range=[low - 0.08 * span, high + 0.08 * span], zeroline=True, zerolinecolor="#6b6b6b", nticks=4)
    # A fixed margin for the step names, so the source line (placed from the margin) starts at the left edge.
    fig.update_yaxes(autorange="reversed", automargin=False)
    fig.update_layout(margin_l=8 + 7 * max(len(str(step)) for step in steps["step"]))
    return _laid_out(fig, 52 * len(steps) + 30, legend_rows=0)


def budget_table(steps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Step": steps["step"],
        "Amount (£ a year)": [_signed_money(a, m) for a, m in zip(steps["amount"], steps["measure"])],
        "Running total (£ a year)": [formatting.money(v) for v in steps["running"]],
    })


# --------------------------------------------------------------------------- the briefing's scenario figures


def stacked_projection(
    columns: Sequence[str], bands: dict[str, Sequence[float | None]], totals: Sequence[float],
    *, title: str, y_title: str, source: str, as_at: str,
) -> go.Figure:
    """One stacked bar per projection (bands bottom to top, each labelled with its count) and the
    total written above the bar. A band given as None is suppressed: the suppressed bands of a bar
    are drawn together as one grey block labelled c, so the bar still reaches its total."""
    fig = go.Figure()
    for colour, (band, counts) in zip(PALETTE, bands.items()):
        fig.add_trace(go.Bar(
            x=list(columns), y=[c or 0 for c in counts], name=band, marker_color=colour,
            text=["" if c is None else f"{c:,.0f}" for c in counts],
            textposition="inside", insidetextanchor="middle", textfont=dict(color=readable_on(colour)),
            hovertemplate=f"{band}: " + "%{y:,.0f}<extra>%{x}</extra>",
        ))
    hidden = [total - sum(c for c in column if c is not None) for total, column in zip(totals, zip(*bands.values()))]
    if any(h > 0 for h in hidden):
        fig.add_trace(go.Bar(
            x=list(columns), y=hidden, name="Small numbers, not shown (c)", marker=dict(color=BAND_FILL, line=dict(color=BAND_EDGE, width=1)),
            text=["c" if h > 0 else "" for h in hidden], textposition="inside", textfont=dict(color="#1f1f1f"), hoverinfo="skip",
        ))
    fig.add_trace(go.Scatter(
        x=list(columns), y=list(totals), mode="text", text=[f"<b>{t:,.0f}</b>" for t in totals], textposition="top center",
        showlegend=False, hoverinfo="skip", cliponaxis=False,
    ))
    styled(fig, title=title, x_title="", y_title=y_title, source=source, as_at=as_at)
    fig.update_yaxes(rangemode="tozero", range=[0, max(totals) * 1.12])
    fig.update_layout(barmode="stack")
    return fit(fig, 320, legend_rows=1)


def variance_bars(labels: Sequence[str], variances: Sequence[float], published: Sequence[float | None], *, title: str, source: str, as_at: str) -> go.Figure:
    """Each option's variance to the budget as a bar (below zero: a shortfall), labelled in words,
    with the published variance as a black mark where there is one."""
    fig = go.Figure(go.Bar(
        y=list(labels), x=list(variances), orientation="h", name="This scenario",
        marker_color=[PALETTE[5] if v < 0 else PALETTE[2] for v in variances], cliponaxis=False,
        text=[f"{'shortfall' if v < 0 else 'surplus'} £{abs(v):,.0f}" for v in variances], textposition="outside",
        hovertemplate="%{y}: £%{x:,.0f}<extra></extra>",
    ))
    marked = [(lab, pub) for lab, pub in zip(labels, published) if pub is not None]
    if marked:
        fig.add_trace(go.Scatter(
            y=[lab for lab, _ in marked], x=[pub for _, pub in marked], mode="markers", name="Published",
            marker=dict(symbol="line-ns", size=30, line=dict(width=3, color=PUBLISHED_COLOUR)),
            hovertemplate="Published: £%{x:,.0f}<extra></extra>",
        ))
    styled(fig, title=title, x_title="Variance to budget after the UASC contribution (£ a year)", y_title="", source=source, as_at=as_at)
    reach = max([abs(v) for v in variances] + [abs(p) for _, p in marked]) * 1.6
    fig.update_xaxes(range=[-reach, reach / 2.5] if max(variances) < 0 else [-reach, reach], tickformat=",.0f",
                     zeroline=True, zerolinecolor="#1f1f1f")
    fig.update_yaxes(automargin=True)
    return fit(fig, 60 + 50 * len(labels), legend_rows=1)


def budget_lines(result: ScenarioResult) -> pd.DataFrame:
    """The budget table for this scenario beside the published one, as people read it."""
    names = scenarios.option_names(result)
    t = result.table_16
    view = pd.DataFrame({"Item": t["label"]})
    for option, name in names.items():
        view[name] = [formatting.money(v) for v in t[option]]
        view[f"Published: {name}"] = [formatting.money(v) for v in t[f"published_{option}"]]
    return view
