"""KPI charts and the Table 2 grid, drawn the same way on every performance page (pure Plotly and
pandas Styler, no Streamlit).

The trend chart puts a KPI's published values (Commissioning Plan Table 2) on its target line and
shaded tolerance band, each point coloured AND labelled with its status and arrow, beside the same
KPI recomputed from the synthetic snapshots and any benchmarks; the SPC chart draws an
``analytics.spc`` XmR result with the Making Data Count colours, one legend entry per kind of point.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from analytics import spc
from analytics.performance import SYNTHETIC_LABEL, KpiTrend, SpcView
from viz.figures import fit, wrap_source, wrap_title
from viz.theme import PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, styled

# Light tints of the status colours behind table cells, dark enough text on all three (WCAG AA).
STATUS_TINTS = {"green": "#cdeee3", "amber": "#fbe6bd", "red": "#f8d3bf"}
SHORT_STATUS = {"green": "On target", "amber": "Within", "red": "Outside"}
BAND_FILL = "rgba(110, 110, 110, 0.16)"
SYNTHETIC_COLOUR = PALETTE[4]
# Benchmark lines: blues, pink and black stay clear of the three status colours on the points.
BENCHMARK_STYLES = [
    (PALETTE[0], "diamond", "dash"),
    (PALETTE[3], "square", "dot"),
    (PUBLISHED_COLOUR, "x", "dashdot"),
]
SPC_SYMBOLS = {"common cause": "circle", "improvement": "diamond", "concern": "square", "neutral": "triangle-up"}
SPC_NAMES = {
    "common cause": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neutral": "Special cause: neutral",
}
SPC_TARGET_COLOUR = "#c00000"
PLOT_PX = 300


def _legend_rows(fig: go.Figure, width_px: int) -> int:
    """Rows a horizontal legend wraps to: plotly lays its entries on a grid as wide as the widest
    entry (symbol and text)."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if not names:
        return 0
    per_row = max(1, int(width_px // (50 + 7.5 * max(len(n) for n in names))))
    return -(-len(names) // per_row)


def _span(dates: list[dt.date], before_days: int = 40, after_days: int = 40) -> tuple[dt.date, dt.date]:
    return min(dates) - dt.timedelta(days=before_days), max(dates) + dt.timedelta(days=after_days)


def _finish(fig: go.Figure, width_px: int) -> go.Figure:
    """Wrap the title and source to the chart's width, and leave room for the legend's rows."""
    start, end = (dt.date.fromisoformat(str(x)[:10]) for x in fig.layout.xaxis.range)
    # Years alone on a long series; quarters when there are too few years to read the time by.
    if (end - start).days > 2 * 365:
        fig.update_xaxes(dtick="M12", tickformat="%Y", tickangle=0)
    else:
        fig.update_xaxes(dtick="M3", tickformat="%b %Y", tickangle=0)
    wrap_title(fig, int(width_px / 10))
    fit(fig, PLOT_PX, legend_rows=_legend_rows(fig, width_px - 80))
    # The title's last line otherwise touches the top tick label.
    fig.update_layout(margin_t=fig.layout.margin.t + 16, height=fig.layout.height + 16)
    return wrap_source(fig, int(width_px / 8))


def trend_chart(trend: KpiTrend, *, source: str, width_px: int = 560) -> go.Figure:
    """Published values on the target and tolerance band, synthetic recomputation and benchmarks.
    ``width_px`` is about how wide the chart will be drawn, for wrapping its title and legend."""
    published, synthetic, bench = trend.published, trend.synthetic, trend.benchmarks
    shown_synthetic = synthetic[~synthetic["suppressed"]]
    dates = [*published["period_end"], *shown_synthetic["quarter_end"], *bench["year_end"]]
    # Room after the last point for its label.
    start, end = _span(dates, after_days=150)
    u = trend.unit
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[start, end, end, start, start], y=[trend.lower, trend.lower, trend.upper, trend.upper, trend.lower],
        fill="toself", fillcolor=BAND_FILL, line=dict(width=0), mode="lines", hoverinfo="skip",
        name=f"Tolerance {trend.lower:g}–{trend.upper:g}{u}",
    ))
    fig.add_trace(go.Scatter(
        x=[start, end], y=[trend.target, trend.target], mode="lines", line=dict(color=TEXT, width=2, dash="dash"),
        name=f"Target {trend.target:g}{u}", hoverinfo="skip",
    ))
    if not shown_synthetic.empty:
        fig.add_trace(go.Scatter(
            x=shown_synthetic["quarter_end"], y=shown_synthetic["value"], mode="lines+markers",
            line=dict(color=SYNTHETIC_COLOUR, width=2), marker=dict(size=5), name=SYNTHETIC_LABEL,
            hovertemplate="Synthetic, quarter to %{x|%d %b %Y}: %{y:.1f}" + u + "<extra></extra>",
        ))
    for (label, rows), (colour, symbol, dash) in zip(bench.groupby("label", sort=False), BENCHMARK_STYLES):
        fig.add_trace(go.Scatter(
            x=rows["year_end"], y=rows["value"], mode="lines+markers" if len(rows) > 1 else "markers",
            line=dict(color=colour, width=2, dash=dash), marker=dict(symbol=symbol, size=10, color=colour),
            name=label, hovertemplate=f"{label}, " + "year to %{x|%b %Y}: %{y:g}" + u + "<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=published["period_end"], y=published["value"], mode="lines+markers+text", name="Published, by status",
        line=dict(color=PUBLISHED_COLOUR, width=2),
        marker=dict(size=14, color=[STATUS_COLOURS[r] for r in published["rag"]], line=dict(width=1.5, color=PUBLISHED_COLOUR)),
        text=[f"<b>{v:g}{u}</b><br>{s} {a}".rstrip() for v, s, a in zip(published["value"], published["status_label"], published["arrow"])],
        textposition="top center", cliponaxis=False, textfont=dict(size=12),
        customdata=published[["period", "status_label", "judgement"]].to_numpy(),
        hovertemplate="%{customdata[0]}: %{y:g}" + u + ", %{customdata[1]} (%{customdata[2]})<extra></extra>",
    ))
    styled(fig, title=trend.finding, x_title="Quarter end", y_title=f"Care leavers ({u})", source=source, as_at=trend.period)
    values = [*published["value"], *shown_synthetic["value"], *bench["value"], trend.lower, trend.upper, trend.target]
    low, high = min(values), max(values)
    # Room above the highest point for its two-line label.
    fig.update_yaxes(range=[max(0, low - 6), min(110, high + 12)], ticksuffix=u)
    fig.update_xaxes(range=[start, end])
    return _finish(fig, width_px)


def spc_chart(view: SpcView, *, source: str, width_px: int = 560) -> go.Figure:
    """The XmR chart: points by Making Data Count kind, mean, process limits and the target."""
    result, frame = view.result, view.frame
    if result is None:
        raise ValueError(f"no SPC chart for {view.kpi_id}: {view.reason}")
    u = view.unit
    start, end = _span(list(frame["quarter_end"]), before_days=20, after_days=20)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=frame["quarter_end"], y=frame["value"], mode="lines", line=dict(color="#7f7f7f", width=1.5), showlegend=False, hoverinfo="skip",
    ))
    for kind, rows in frame.groupby("kind", sort=False):
        fig.add_trace(go.Scatter(
            x=rows["quarter_end"], y=rows["value"], mode="markers", name=SPC_NAMES[kind],
            marker=dict(size=11, color=spc.COLOURS[kind], symbol=SPC_SYMBOLS[kind], line=dict(width=1, color=PUBLISHED_COLOUR)),
            hovertemplate=f"{SPC_NAMES[kind]}, " + "quarter to %{x|%d %b %Y}: %{y:.1f}" + u + "<extra></extra>",
        ))
    lines = [
        (result.mean, f"Mean {result.mean:.1f}{u}", TEXT, "solid"),
        (result.upper_limit, f"Process limits {result.lower_limit:.1f}–{result.upper_limit:.1f}{u}", "#6b6b6b", "dash"),
        (result.lower_limit, None, "#6b6b6b", "dash"),
    ]
    if result.target is not None:
        lines.append((result.target, f"Target {result.target:g}{u}", SPC_TARGET_COLOUR, "dot"))
    for y, name, colour, dash in lines:
        fig.add_trace(go.Scatter(
            x=[start, end], y=[y, y], mode="lines", line=dict(color=colour, width=2, dash=dash), name=name or "",
            showlegend=name is not None, hoverinfo="skip",
        ))
    limits = "trial limits, fewer than 13 quarters" if result.trial_limits else "limits from every quarter shown"
    styled(fig, title=view.title, x_title="Quarter end", y_title=f"Care leavers ({u})", source=f"{source}; {limits}", as_at=view.period)
    fig.update_xaxes(range=[start, end])
    fig.update_yaxes(ticksuffix=u)
    return _finish(fig, width_px)


def status_cell(value: float, rag: str, arrow: str, unit: str = "%") -> str:
    """'44% ↓ Outside': the value, its arrow and its status in words, so colour is never alone."""
    return " ".join(part for part in (f"{value:g}{unit}", arrow, SHORT_STATUS[rag]) if part)


def table2_grid(table: pd.DataFrame, cells: pd.DataFrame, *, status_column: str = "Status") -> Styler:
    """Table 2 with each period cell written as ``status_cell`` and tinted by its status, and the
    status column tinted for the chosen period. ``table`` is ``performance.table2``, ``cells`` is
    ``performance.table2_cells`` for the same period."""
    periods = list(dict.fromkeys(cells["period"]))
    by_cell = cells.set_index(["kpi_id", "period"])
    shown = table.drop(columns=["kpi_id"]).astype({period: object for period in periods})
    tints = pd.DataFrame("", index=shown.index, columns=shown.columns)
    for i, kpi_id in enumerate(table["kpi_id"]):
        for period in periods:
            cell = by_cell.loc[(kpi_id, period)]
            shown.loc[i, period] = status_cell(float(cell["value"]), str(cell["rag"]), str(cell["arrow"]), str(cell["unit"]))
            tints.loc[i, period] = f"background-color: {STATUS_TINTS[str(cell['rag'])]}"
        tints.loc[i, status_column] = f"background-color: {STATUS_TINTS[str(by_cell.loc[(kpi_id, periods[-1]), 'rag'])]}"
    return shown.style.apply(lambda _: tints, axis=None)
