"""KPI charts and the Table 2 grid, drawn the same way on every performance page (pure Plotly and
pandas Styler, no Streamlit).

The trend chart puts a KPI's published values on its target line and shaded tolerance band (or,
for a KPI graded by threshold bands, each band shaded in its own colour with gaps left blank), each
point coloured AND labelled with its grade and arrow, beside the same KPI recomputed from the
synthetic snapshots and every comparator the pack or the DfE gives (any number: each gets its own
colour, marker and dash, and the legend grows to hold them); the SPC chart draws an ``analytics.spc``
XmR result with the Making Data Count colours, one legend entry per kind of point.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from analytics import spc
from analytics.kpi import BandScheme
from analytics.performance import SYNTHETIC_LABEL, KpiTrend, SpcView
from viz.figures import fit, wrap_source, wrap_title
from viz.theme import PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, styled

# Light tints of the status colours behind table cells, dark enough text on all three (WCAG AA).
STATUS_TINTS = {"green": "#cdeee3", "amber": "#fbe6bd", "red": "#f8d3bf"}
SHORT_STATUS = {"green": "On target", "amber": "Within", "red": "Outside"}
BAND_FILL = "rgba(110, 110, 110, 0.16)"
SYNTHETIC_COLOUR = PALETTE[4]
# Benchmark lines: blues, pink, purple, grey and black stay clear of the three status colours on the
# points. Colours, markers and dashes cycle at different lengths, so any number of comparators each
# get a different combination and none is dropped.
BENCHMARK_COLOURS = [PALETTE[0], PALETTE[3], PUBLISHED_COLOUR, PALETTE[4], "#490092", "#6b6b6b"]
BENCHMARK_SYMBOLS = ["diamond", "square", "x", "triangle-up", "star", "cross", "hexagon"]
BENCHMARK_DASHES = ["dash", "dot", "dashdot", "longdash", "longdashdot"]


def benchmark_style(i: int) -> tuple[str, str, str]:
    """Colour, marker and dash of the ``i``-th comparator line."""
    return BENCHMARK_COLOURS[i % len(BENCHMARK_COLOURS)], BENCHMARK_SYMBOLS[i % len(BENCHMARK_SYMBOLS)], BENCHMARK_DASHES[i % len(BENCHMARK_DASHES)]


# For the first three, the styles the reference charts have always used.
BENCHMARK_STYLES = [benchmark_style(i) for i in range(3)]
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


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _band_edges(trend: KpiTrend, low: float, high: float) -> list[tuple[object, float, float]]:
    """Each threshold band clipped to the axis range: (band, bottom, top)."""
    out = []
    for band in trend.scheme.bands if trend.scheme else ():
        bottom = low if band.minimum is None else max(low, band.minimum)
        top = high if band.maximum is None else min(high, band.maximum)
        if top > bottom:
            out.append((band, bottom, top))
    return out


def trend_chart(trend: KpiTrend, *, source: str, width_px: int = 560) -> go.Figure:
    """Published values on the target and tolerance band (or threshold bands), synthetic
    recomputation and every comparator. ``width_px`` is about how wide the chart will be drawn, for
    wrapping its title and legend."""
    published, synthetic, bench = trend.published, trend.synthetic, trend.benchmarks
    shown_synthetic = synthetic[~synthetic["suppressed"]]
    dates = [*published["period_end"], *shown_synthetic["quarter_end"], *bench["year_end"]]
    # Room after the last point for its label.
    start, end = _span(dates, after_days=150 if len(published) < 20 else 60)
    u = trend.unit
    banded = trend.scheme is not None
    values = [*published["value"], *shown_synthetic["value"], *bench["value"], trend.target]
    if not banded:
        values += [trend.lower, trend.upper]
    low, high = min(values), max(values)
    y_range = [max(0, low - 6), min(110, high + 12)] if u == "%" else [low - 0.1 * abs(low) - 1, high + 0.15 * abs(high) + 1]
    fig = go.Figure()
    if banded:
        for band, bottom, top in _band_edges(trend, *y_range):
            fig.add_trace(go.Scatter(
                x=[start, end, end, start, start], y=[bottom, bottom, top, top, bottom], fill="toself",
                fillcolor=_rgba(band.colour, 0.18), line=dict(width=0), mode="lines", hoverinfo="skip",
                name=f"{band.name}: {band.range_text}{u}" + (" (achieved)" if band.achieved else ""),
            ))
    else:
        fig.add_trace(go.Scatter(
            x=[start, end, end, start, start], y=[trend.lower, trend.lower, trend.upper, trend.upper, trend.lower],
            fill="toself", fillcolor=BAND_FILL, line=dict(width=0), mode="lines", hoverinfo="skip",
            name=f"Tolerance {trend.lower:g}–{trend.upper:g}{u}",
        ))
    fig.add_trace(go.Scatter(
        x=[start, end], y=[trend.target, trend.target], mode="lines", line=dict(color=TEXT, width=2, dash="dash"),
        name=f"{'Achieved from' if banded else 'Target'} {trend.target:g}{u}", hoverinfo="skip",
    ))
    if not shown_synthetic.empty:
        fig.add_trace(go.Scatter(
            x=shown_synthetic["quarter_end"], y=shown_synthetic["value"], mode="lines+markers",
            line=dict(color=SYNTHETIC_COLOUR, width=2), marker=dict(size=5), name=SYNTHETIC_LABEL,
            hovertemplate="Synthetic, quarter to %{x|%d %b %Y}: %{y:.1f}" + u + "<extra></extra>",
        ))
    for i, (label, rows) in enumerate(bench.groupby("label", sort=False)):
        colour, symbol, dash = benchmark_style(i)
        fig.add_trace(go.Scatter(
            x=rows["year_end"], y=rows["value"], mode="lines+markers" if len(rows) > 1 else "markers",
            line=dict(color=colour, width=2, dash=dash), marker=dict(symbol=symbol, size=10, color=colour),
            name=label, hovertemplate=f"{label}, " + "year to %{x|%b %Y}: %{y:g}" + u + "<extra></extra>",
        ))
    # A long series labels only its latest point; the rest say their grade on hover and by colour.
    labelled = set(range(len(published))) if len(published) <= 8 else {len(published) - 1}
    fig.add_trace(go.Scatter(
        x=published["period_end"], y=published["value"], mode="lines+markers+text", name="Published, by status",
        line=dict(color=PUBLISHED_COLOUR, width=2),
        marker=dict(size=14 if len(published) <= 12 else 8, color=list(published["colour"]), line=dict(width=1.5, color=PUBLISHED_COLOUR)),
        text=[
            f"<b>{v:g}{u}</b><br>{s} {a}".rstrip() if i in labelled else ""
            for i, (v, s, a) in enumerate(zip(published["value"], published["status_label"], published["arrow"]))
        ],
        textposition="top center", cliponaxis=False, textfont=dict(size=12),
        customdata=published[["period", "status_label", "judgement"]].to_numpy(),
        hovertemplate="%{customdata[0]}: %{y:g}" + u + ", %{customdata[1]} (%{customdata[2]})<extra></extra>",
    ))
    if trend.gap_note:
        source = f"{source}. {trend.gap_note.rstrip('.')}"
    styled(fig, title=trend.finding, x_title="Period end", y_title=f"Care leavers ({u})", source=source, as_at=trend.period)
    # Room above the highest point for its two-line label.
    fig.update_yaxes(range=y_range, ticksuffix=u if u == "%" else "")
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
    limits = f"trial limits, fewer than 13 {view.points_word}" if result.trial_limits else f"limits from every {view.points_word[:-1]} shown"
    styled(fig, title=view.title, x_title="Period end", y_title=f"Care leavers ({u})", source=f"{source}; {limits}", as_at=view.period)
    fig.update_xaxes(range=[start, end])
    fig.update_yaxes(ticksuffix=u)
    return _finish(fig, width_px)


TOLERANCE_LABELS = ("On target", "Within tolerance", "Outside tolerance")


def status_cell(value: float, rag: str, arrow: str, unit: str = "%", label: str = "") -> str:
    """'44% ↓ Outside': the value, its arrow and its status in words (a band's own name for a
    banded KPI, given as ``label``), so colour is never alone."""
    words = SHORT_STATUS[rag] if not label or label in TOLERANCE_LABELS else label
    return " ".join(part for part in (f"{value:g}{unit}", arrow, words) if part)


def tint(colour: str, rag: str = "") -> str:
    """A light background for a cell: the tolerance tints for the tolerance colours, else the
    colour (a band's) mixed with white."""
    by_colour = {c.lower(): STATUS_TINTS[r] for r, c in STATUS_COLOURS.items()}
    if colour.lower() in by_colour:
        return by_colour[colour.lower()]
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * 0.72):02x}" for c in (r, g, b))


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
            if (kpi_id, period) not in by_cell.index:
                shown.loc[i, period] = "no value"
                continue
            cell = by_cell.loc[(kpi_id, period)]
            shown.loc[i, period] = status_cell(float(cell["value"]), str(cell["rag"]), str(cell["arrow"]), str(cell["unit"]), str(cell["status_label"]))
            tints.loc[i, period] = f"background-color: {tint(str(cell['colour']), str(cell['rag']))}"
        if (kpi_id, periods[-1]) in by_cell.index:
            last = by_cell.loc[(kpi_id, periods[-1])]
            tints.loc[i, status_column] = f"background-color: {tint(str(last['colour']), str(last['rag']))}"
    return shown.style.apply(lambda _: tints, axis=None)


def kpi_against_standards(
    frame: pd.DataFrame, labels: list[str], colours: list[str], schemes: dict[str, BandScheme], *, title: str, period: str, source: str,
) -> go.Figure:
    """Each KPI's value at the period as a labelled dot on its tolerance band (grey) or its threshold
    bands (each in its colour), target or achieved-from line marked. ``frame`` is
    ``performance.exceptions`` rows; ``labels`` and ``colours`` say each point's grade in the chosen
    words; ``schemes`` is ``performance.gradings()``."""
    names = list(frame["short_name"])
    fig = go.Figure()
    tolerance = frame[[not math.isnan(lo) for lo in frame["lower"]]]
    fig.add_trace(go.Bar(
        y=list(tolerance["short_name"]), x=list(tolerance["upper"] - tolerance["lower"]), base=list(tolerance["lower"]),
        orientation="h", marker_color="#dcdcdc", name="Tolerance band", hoverinfo="skip",
    ))
    seen: set[str] = set()
    for row in frame[frame["grading"].notna()].itertuples():
        for band in schemes[row.grading].bands:
            lo = 0.0 if band.minimum is None else band.minimum
            hi = (100.0 if row.unit == "%" else max(frame["value"]) * 1.2) if band.maximum is None else band.maximum
            fig.add_trace(go.Bar(
                y=[row.short_name], x=[hi - lo], base=[lo], orientation="h", marker_color=_rgba(band.colour, 0.35),
                name=band.name, legendgroup=band.name, showlegend=band.name not in seen,
                hovertemplate=f"{band.name}: {band.range_text}<extra></extra>",
            ))
            seen.add(band.name)
    fig.add_trace(go.Scatter(
        y=names, x=list(frame["target"]), mode="markers", marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=TEXT)),
        name="Target (or where achieved starts)", hovertemplate="%{x}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        y=names, x=list(frame["value"]), mode="markers", name="Value",
        marker=dict(size=14, color=colours, line=dict(width=1, color=TEXT)), hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    tops = [max(v, t, 0 if math.isnan(u) else u) for v, t, u in zip(frame["value"], frame["target"], frame["upper"])]
    fig.add_trace(go.Scatter(
        y=names, x=[t + 2 for t in tops], mode="text", showlegend=False,
        text=[f"{v:g}{u} {lab}" for v, u, lab in zip(frame["value"], frame["unit"], labels)], textposition="middle right", hoverinfo="skip",
    ))
    styled(fig, title=title, x_title="Value (%)", y_title="", source=source, as_at=period)
    fig.update_xaxes(range=[0, 165], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(height=120 + 45 * len(names), barmode="overlay")
    return fig
