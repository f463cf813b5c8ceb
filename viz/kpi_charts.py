"""KPI charts and the Table 2 grid, drawn the same way on every performance page (pure Plotly and
HTML, no Streamlit).

The trend chart puts a KPI's published values on its target line and shaded tolerance band (or,
for a KPI graded by threshold bands, each band shaded in its own colour with gaps left blank), each
point coloured by its grade and the latest labelled with its value, grade and arrow (the rest say
theirs on hover and in the chart's table), beside the same KPI recomputed from the
synthetic snapshots and every comparator the pack or the DfE gives (any number: each gets its own
colour, marker and dash, and the legend grows to hold them); the SPC chart draws an ``analytics.spc``
XmR result with the Making Data Count colours, one legend entry per kind of point.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from analytics import formatting, spc
from analytics.kpi import BandScheme
from analytics.performance import SYNTHETIC_LABEL, KpiTrend, SpcView, published_value
from viz.theme import BAND_EDGE, PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, fit, styled
from viz.theme import BAND_FILL as THEME_BAND_FILL

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
# Legend names longer than this wrap to a second line.
LEGEND_CHARS = 42
# Between the title's last line and the plot's top tick label.
TITLE_GAP_PX = 24


def _span(dates: list[dt.date], before_days: int = 40, after_days: int = 40) -> tuple[dt.date, dt.date]:
    return min(dates) - dt.timedelta(days=before_days), max(dates) + dt.timedelta(days=after_days)


def _finish(fig: go.Figure, legend_lines: int = 0) -> go.Figure:
    """Time ticks to suit the span, the template's pixel layout (title, legend and source wrapped for
    a phone), and a gap under the title so its last line never sits on the top tick label."""
    start, end = (dt.date.fromisoformat(str(x)[:10]) for x in fig.layout.xaxis.range)
    # Years alone on a long series; quarters when there are too few years to read the time by.
    if (end - start).days > 2 * 365:
        fig.update_xaxes(dtick="M12", tickformat="%Y", tickangle=0)
    else:
        fig.update_xaxes(dtick="M3", tickformat="%b %Y", tickangle=0)
    # A legend of long names stacks one to a line on a phone: room for every line.
    fit(fig, PLOT_PX, legend_rows=legend_lines)
    # The gap goes under the title: it keeps its distance from the top edge.
    height = fig.layout.height
    from_top = (1 - (fig.layout.title.y if fig.layout.title.y is not None else 1)) * height
    fig.update_layout(margin_t=fig.layout.margin.t + TITLE_GAP_PX, height=height + TITLE_GAP_PX)
    if fig.layout.title.y is not None:
        fig.update_layout(title_y=1 - from_top / (height + TITLE_GAP_PX))
    return fig


def _lists(value: object) -> object:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if hasattr(value, "tolist") and hasattr(value, "dtype"):
        return value.tolist()
    return value


def plain_arrays(fig: go.Figure) -> go.Figure:
    """The same figure holding plain lists, not numpy arrays. Placing a figure encodes each array
    (a dataframe library is consulted for every one: about 1 ms an array, 15 for a trend chart);
    lists go straight to JSON. Done once, where the figure is built and cached."""
    return go.Figure(_lists(fig.to_dict()))


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


def _y_range(low: float, high: float, unit: str) -> list[float]:
    """Room above and below the data (below for the latest point's label when it falls); a
    percentage axis never goes past 100 (a point at 100 keeps its marker and label, drawn over the
    axis edge)."""
    span = max(high - low, 1.0)
    if unit == "%":
        return [max(0.0, low - 0.25 * span - 2), min(100.0, high + 0.2 * span + 2)]
    return [low - 0.1 * abs(low) - 1, high + 0.15 * abs(high) + 1]


def _label_placement(values: list[float], y_range: list[float]) -> dict[str, object]:
    """Where the latest point's two-line label goes, as annotation settings: to its left (it is the
    rightmost point), on the side away from the line arriving from the previous point, unless that
    side has no room in the plot; above or below a lone point."""
    bottom, top = y_range
    room = 0.22 * (top - bottom)
    falling = len(values) > 1 and values[-1] < values[-2]
    side = "bottom" if falling else "top"
    if side == "top" and top - values[-1] < room:
        side = "bottom"
    elif side == "bottom" and values[-1] - bottom < room:
        side = "top"
    vertical = dict(yanchor="top", yshift=-8) if side == "bottom" else dict(yanchor="bottom", yshift=8)
    across = dict(xanchor="right", xshift=-8, align="right") if len(values) > 1 else dict(xanchor="center", xshift=0, align="center")
    return vertical | across


def trend_chart(trend: KpiTrend, *, source: str) -> go.Figure:
    """Published values on the target and tolerance band (or threshold bands), synthetic
    recomputation and every comparator."""
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
    y_range = _y_range(low, high, u)
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
    # A legend entry takes its trace's first colour only, so each status present has an entry of its own (no
    # legend group: plotly would then gap every entry and push the legend onto the source line).
    for status, colour in published[["status_label", "colour"]].drop_duplicates("status_label").itertuples(index=False):
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="lines+markers", name=f"Published: {status}", hoverinfo="skip",
            line=dict(color=PUBLISHED_COLOUR, width=2), marker=dict(size=12, color=colour, line=dict(width=1.5, color=PUBLISHED_COLOUR)),
        ))
    fig.add_trace(go.Scatter(
        x=published["period_end"], y=published["value"], mode="lines+markers", name="Published, by status",
        line=dict(color=PUBLISHED_COLOUR, width=2),
        marker=dict(size=14 if len(published) <= 12 else 8, color=list(published["colour"]), line=dict(width=1.5, color=PUBLISHED_COLOUR)),
        cliponaxis=False, customdata=published[["period", "status_label", "judgement"]].to_numpy(),
        hovertemplate="%{customdata[0]}: %{y:g}" + u + ", %{customdata[1]} (%{customdata[2]})<extra></extra>",
        showlegend=False,
    ))
    # Only the latest point carries its label (two labels side by side collide); every point says
    # its value, grade and arrow on hover and in the chart's table. On a white ground, so the lines
    # and comparator marks it may sit over never strike through its words.
    last = published.iloc[-1]
    fig.add_annotation(
        x=last["period_end"], y=last["value"], text=f"<b>{published_value(last['value'], u)}</b><br>{last['status_label']} {last['arrow']}".rstrip(),
        showarrow=False, bgcolor="rgba(255,255,255,0.9)", font=dict(size=12, color=TEXT), name="latest",
        **_label_placement(published["value"].tolist(), y_range),
    )
    # A long comparator name would run past the figure's edge on a phone: two lines instead.
    for trace in fig.data:
        if trace.name and len(trace.name) > LEGEND_CHARS:
            trace.name = "<br>".join(textwrap.wrap(trace.name, LEGEND_CHARS))
    if trend.gap_note:
        source = f"{source}. {trend.gap_note.rstrip('.')}"
    styled(fig, title=trend.finding, x_title="Period end", y_title=f"Care leavers ({u})", source=source, as_at=trend.period)
    fig.update_yaxes(range=y_range, ticksuffix=u if u == "%" else "")
    fig.update_xaxes(range=[start, end])
    return _finish(fig, legend_lines=sum(1 + (t.name or "").count("<br>") for t in fig.data if t.showlegend is not False and t.name))


def _segment_line(frame: pd.DataFrame, column: str, start: dt.date, end: dt.date) -> tuple[list, list]:
    """A horizontal line per segment of limits, broken between segments (None splits a trace)."""
    xs, ys = [], []
    segments = list(frame.groupby("segment", sort=True))
    for number, (_, rows) in enumerate(segments):
        left = start if number == 0 else rows["quarter_end"].iloc[0] - dt.timedelta(days=20)
        right = end if number == len(segments) - 1 else rows["quarter_end"].iloc[-1] + dt.timedelta(days=20)
        xs += [left, right, None]
        ys += [rows[column].iloc[0]] * 2 + [None]
    return xs[:-1], ys[:-1]


def spc_chart(view: SpcView, *, source: str) -> go.Figure:
    """The XmR chart: points by Making Data Count kind, mean, process limits (one set per segment
    after a rebase) and the target. A series too short for limits is drawn as a run chart: the
    points, their median and the target, no limits and no special-cause colours."""
    result, frame = view.result, view.frame
    if result is None:
        raise ValueError(f"no SPC chart for {view.kpi_id}: {view.reason}")
    u = view.unit
    start, end = _span(list(frame["quarter_end"]), before_days=20, after_days=20)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=frame["quarter_end"], y=frame["value"], mode="lines", line=dict(color="#7f7f7f", width=1.5), showlegend=False, hoverinfo="skip",
    ))
    if view.limits:
        for kind, rows in frame.groupby("kind", sort=False):
            fig.add_trace(go.Scatter(
                x=rows["quarter_end"], y=rows["value"], mode="markers", name=SPC_NAMES[kind],
                marker=dict(size=11, color=spc.COLOURS[kind], symbol=SPC_SYMBOLS[kind], line=dict(width=1, color=PUBLISHED_COLOUR)),
                hovertemplate=f"{SPC_NAMES[kind]}, " + "period to %{x|%d %b %Y}: %{y:.1f}" + u + "<extra></extra>",
            ))
        rebased = len(result.segments) > 1
        latest = result.segments[-1]
        limits_name = (
            f"Process limits (latest {_number(latest.lower_limit, u)}–{_number(latest.upper_limit, u)})" if rebased
            else f"Process limits {_number(result.lower_limit, u)}–{_number(result.upper_limit, u)}"
        )
        lines = [
            ("mean", f"Mean{' of each segment' if rebased else ' ' + _number(result.mean, u)}", TEXT, "solid", True),
            ("upper_limit", limits_name, "#6b6b6b", "dash", True),
            ("lower_limit", limits_name, "#6b6b6b", "dash", False),
        ]
        for column, name, colour, dash, legend in lines:
            xs, ys = _segment_line(frame, column, start, end)
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", line=dict(color=colour, width=2, dash=dash), name=name, legendgroup=column[-5:],
                showlegend=legend, hoverinfo="skip",
            ))
    else:
        median = float(frame["value"].median())
        fig.add_trace(go.Scatter(
            x=frame["quarter_end"], y=frame["value"], mode="markers", name="Value",
            marker=dict(size=10, color=spc.COLOURS["common cause"], line=dict(width=1, color=PUBLISHED_COLOUR)),
            hovertemplate="Period to %{x|%d %b %Y}: %{y:.1f}" + u + "<extra></extra>",
        ))
        fig.add_trace(go.Scatter(
            x=[start, end], y=[median, median], mode="lines", line=dict(color=TEXT, width=2), name=f"Median {_number(median, u)}",
            hoverinfo="skip",
        ))
    if result.target is not None:
        fig.add_trace(go.Scatter(
            x=[start, end], y=[result.target] * 2, mode="lines", line=dict(color=SPC_TARGET_COLOUR, width=2, dash="dot"),
            name=f"Target {result.target:g}{u}", hoverinfo="skip",
        ))
    if not view.limits:
        limits = f"no process limits: fewer than {spc.MIN_POINTS_FOR_LIMITS} {view.points_word}"
    elif result.trial_limits or any(s.trial_limits for s in result.segments):
        limits = f"trial limits, fewer than {spc.MIN_POINTS_FOR_FIRM_LIMITS} {view.points_word} in a segment"
    elif len(result.segments) > 1:
        limits = "limits recalculated at the change point"
    else:
        limits = f"limits from every {view.point_word} shown"
    styled(fig, title=view.title, x_title="Period end", y_title=f"Care leavers ({u})", source=f"{source}; {limits}", as_at=view.period)
    values = [*frame["value"], *([result.target] if result.target is not None else [])]
    if view.limits:
        values += [*frame["upper_limit"], *frame["lower_limit"]]
    fig.update_xaxes(range=[start, end])
    fig.update_yaxes(ticksuffix=u, range=_y_range(min(values), max(values), u))
    return _finish(fig)


def _number(value: float, unit: str) -> str:
    return formatting.percent(value) if unit == "%" else f"{formatting.half_up(value, 1):g}{unit}"


# A row of the band chart: its name line above a band and its dot.
ROW_PX = 62
# Room for the first x tick label, half of which sits left of the plot.
LEFT_PX = 20
TOLERANCE_LABELS = ("On target", "Within tolerance", "Outside tolerance")


def status_cell(value: float, rag: str, arrow: str, unit: str = "%", label: str = "") -> str:
    """'44% ↓ Outside': the value, its arrow and its status in words (a band's own name for a
    banded KPI, given as ``label``), so colour is never alone."""
    words = SHORT_STATUS[rag] if not label or label in TOLERANCE_LABELS else label
    return " ".join(part for part in (published_value(value, unit), arrow, words) if part)


def tint(colour: str, rag: str = "") -> str:
    """A light background for a cell: the tolerance tints for the tolerance colours, else the
    colour (a band's) mixed with white."""
    by_colour = {c.lower(): STATUS_TINTS[r] for r, c in STATUS_COLOURS.items()}
    if colour.lower() in by_colour:
        return by_colour[colour.lower()]
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * 0.72):02x}" for c in (r, g, b))


def html_table(frame: pd.DataFrame, tints: pd.DataFrame | None = None, *, caption: str, row_header: str | None = "KPI") -> str:
    """A static, wrapping HTML table (read by screen readers as a table: named by ``caption``,
    column headers, and ``row_header``'s cells as row headers), each cell tinted by ``tints`` (a CSS colour or "").
    It scrolls sideways inside its own box on a narrow screen, so the columns on its left stay put."""
    cell = "padding:4px 8px;border-bottom:1px solid #d6d6d6;text-align:left;vertical-align:top;color:#1f1f1f"
    head = "".join(f'<th scope="col" style="{cell};border-bottom:2px solid #6b6b6b">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for i in range(len(frame)):
        cells = []
        for j, column in enumerate(frame.columns):
            value = frame.iat[i, j]
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else html.escape(str(value))
            background = "" if tints is None else tints.iat[i, j]
            style = cell + (f";background-color:{background}" if background else "")
            tag = "th" if column == row_header else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f'<{tag}{scope} style="{style};font-weight:{600 if tag == "th" else 400}">{text}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # The caption names the table for screen readers; it is written above the scrolling box (a
    # <caption> inside it would be as wide as the table and cut off on a phone).
    label = "kpi-table-" + hashlib.sha1(caption.encode()).hexdigest()[:10]
    return (
        f'<p id="{label}" style="color:#4d4d4d;font-size:0.85rem;margin:0 0 4px 0">{html.escape(caption)}</p>'
        # A box that scrolls must take the keyboard's focus, or a keyboard user cannot scroll it.
        f'<div tabindex="0" role="region" aria-labelledby="{label}" style="overflow-x:auto;max-width:100%">'
        f'<table aria-labelledby="{label}" style="border-collapse:collapse;font-size:0.9rem;line-height:1.35;width:100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def table2_grid(table: pd.DataFrame, cells: pd.DataFrame, *, caption: str, status_column: str = "Status") -> str:
    """Table 2 as an HTML table: KPI, then its status, direction and change (so they stay in view on
    a phone), its target, and each period cell written as ``status_cell`` and tinted by its status.
    ``table`` is ``performance.table2``, ``cells`` is ``performance.table2_cells`` for the same period."""
    periods = list(dict.fromkeys(cells["period"]))
    by_cell = cells.set_index(["kpi_id", "period"])
    first = ["KPI", status_column, "Direction", "Change"]
    order = first + [c for c in table.columns if c not in first and c != "kpi_id"]
    shown = table[order].astype(object).reset_index(drop=True)
    tints = pd.DataFrame("", index=shown.index, columns=shown.columns)
    for i, kpi_id in enumerate(table["kpi_id"]):
        for period in periods:
            if (kpi_id, period) not in by_cell.index:
                shown.loc[i, period] = "no value"
                continue
            cell = by_cell.loc[(kpi_id, period)]
            shown.loc[i, period] = status_cell(float(cell["value"]), str(cell["rag"]), str(cell["arrow"]), str(cell["unit"]), str(cell["status_label"]))
            tints.loc[i, period] = tint(str(cell["colour"]), str(cell["rag"]))
        if (kpi_id, periods[-1]) in by_cell.index:
            last = by_cell.loc[(kpi_id, periods[-1])]
            tints.loc[i, status_column] = tint(str(last["colour"]), str(last["rag"]))
    return html_table(shown, tints, caption=caption)


def kpi_against_standards(
    frame: pd.DataFrame, labels: list[str], colours: list[str], schemes: dict[str, BandScheme], *, title: str, period: str, source: str,
) -> go.Figure:
    """Each KPI's value at the period as a dot on its tolerance band (grey) or its threshold bands
    (each in its colour), target or achieved-from line marked. Each row's name, value and grade are
    written above its band, not beside the axis, so the plot keeps the chart's full width on a
    phone. ``frame`` is ``performance.exceptions`` rows; ``labels`` and ``colours`` say each point's
    grade in the chosen words; ``schemes`` is ``performance.gradings()``."""
    names = list(frame["short_name"])
    # Rows by position, not by name: the names are written above the bands, so no axis labels
    # (and no left margin) are needed for them.
    row = {name: i for i, name in enumerate(names)}
    rows = list(range(len(names)))
    percent_only = set(frame["unit"]) <= {"%"}
    top = 100.0 if percent_only else max([*frame["value"], *frame["target"]]) * 1.15
    fig = go.Figure()
    tolerance = frame[[not math.isnan(lo) for lo in frame["lower"]]]
    fig.add_trace(go.Bar(
        y=[row[n] for n in tolerance["short_name"]], x=list(tolerance["upper"] - tolerance["lower"]), base=list(tolerance["lower"]),
        orientation="h", marker=dict(color=THEME_BAND_FILL, line=dict(color=BAND_EDGE, width=1)), name="Tolerance band", hoverinfo="skip", width=0.4,
    ))
    seen: set[str] = set()
    for kpi in frame[frame["grading"].notna()].itertuples():
        for band in schemes[kpi.grading].bands:
            lo = 0.0 if band.minimum is None else band.minimum
            hi = top if band.maximum is None else band.maximum
            fig.add_trace(go.Bar(
                y=[row[kpi.short_name]], x=[hi - lo], base=[lo], orientation="h", marker_color=_rgba(band.colour, 0.35), width=0.4,
                name=band.name, legendgroup=band.name, showlegend=band.name not in seen,
                hovertemplate=f"{band.name}: {band.range_text}<extra></extra>",
            ))
            seen.add(band.name)
    fig.add_trace(go.Scatter(
        y=rows, x=list(frame["target"]), mode="markers", marker=dict(symbol="line-ns", size=18, line=dict(width=3, color=TEXT)),
        name="Target (or where achieved starts)", customdata=names, hovertemplate="%{customdata}: target %{x}<extra></extra>",
        cliponaxis=False,
    ))
    fig.add_trace(go.Scatter(
        y=rows, x=list(frame["value"]), mode="markers", name="Value", cliponaxis=False, customdata=names,
        marker=dict(size=13, color=colours, line=dict(width=1, color=TEXT)), hovertemplate="%{customdata}: %{x}<extra></extra>",
    ))
    for name, value, unit, label in zip(names, frame["value"], frame["unit"], labels):
        fig.add_annotation(
            x=0, xref="paper", y=row[name], yref="y", yshift=17, xanchor="left", yanchor="bottom", showarrow=False, align="left",
            text=f"<b>{html.escape(name)}</b>: {published_value(value, unit)} {html.escape(label)}", font=dict(size=13),
        )
    styled(fig, title=title, x_title="Value (%)" if percent_only else "Value", y_title="", source=source, as_at=period)
    fig.update_xaxes(range=[0, top], ticksuffix="%" if percent_only else "", tickvals=[0, 20, 40, 60, 80, 100] if percent_only else None)
    fig.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False, range=None)
    fig.update_layout(barmode="overlay")
    fit(fig, ROW_PX * len(names))
    # No axis labels on the left: the plot starts near the edge, and the source line with it.
    fig.update_layout(margin_l=LEFT_PX)
    for note in fig.layout.annotations:
        if note.name == "source":
            note.xshift = 4 - LEFT_PX
    return fig
