"""Benchmark charts: an authority among its statistical neighbours, region, England and every LA
(pure Plotly; the numbers come from ``analytics.national``).

Colours are Okabe-Ito and every role also has its own symbol, so no comparison rests on colour alone:
the authority a large vermillion circle, neighbours blue dots, their average an orange diamond, the
region a green square and England a black cross.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics.national import Benchmark, Measure, SpendPlacement, fmt, gap_change, year_label
from viz.figures import fit, wrap_source, wrap_title
from viz.theme import PALETTE, PUBLISHED_COLOUR, TEXT, styled

AUTHORITY_COLOUR = PALETTE[5]
ROLE_STYLE = {
    "authority": ("This authority", AUTHORITY_COLOUR, "circle", 18),
    "neighbour": ("Statistical neighbours", PALETTE[0], "circle", 11),
    "neighbour average": ("Neighbour average", PALETTE[1], "diamond", 15),
    "region": ("Region", PALETTE[2], "square", 13),
    "england": ("England", PUBLISHED_COLOUR, "x", 14),
}
OTHER_LAS = "#8c8c8c"
KEY = (
    "Large vermillion circle: the authority; blue dots: its statistical neighbours; orange diamond: their average; "
    "green square: its region; black cross: England."
)


def _axis_title(m: Measure) -> str:
    if m.unit == "%":
        return f"Care leavers (%){'; lower is better' if m.polarity == 'lower' else ''}"
    if m.unit == "£":
        return "£ per care leaver a year"
    return "Care leavers (count)"


def _tick(m: Measure) -> dict[str, object]:
    if m.unit == "%":
        return dict(ticksuffix="%")
    if m.unit == "£":
        # "£20k": whole-pound ticks turn sideways on a phone and run into the axis title.
        return dict(tickprefix="£", tickformat="~s")
    return dict(tickformat=",.0f")


def _range(values: list[float], m: Measure) -> list[float]:
    shown = [v for v in values if v is not None and not math.isnan(v)]
    low, high = (min(shown), max(shown)) if shown else (0.0, 100.0)
    if m.unit == "%":
        return [max(0.0, low - 8), min(105.0, high + 12)]
    return [0.0, high * 1.25 if high else 1.0]


def _finish(fig: go.Figure, plot_px: int, width_px: int, legend_rows: int) -> go.Figure:
    wrap_title(fig, max(30, int(width_px / 10)))
    fit(fig, plot_px, legend_rows=legend_rows)
    fig.update_layout(margin_t=fig.layout.margin.t + 16, height=fig.layout.height + 16)
    return wrap_source(fig, max(40, int(width_px / 9.5)))


def ranked_dots(b: Benchmark, *, source: str, as_at: str, width_px: int = 470) -> go.Figure:
    """The authority, its neighbours, their average, the region and England, best first, each dot
    labelled with its value and named on the axis (so no legend: ``KEY`` says which symbol is which);
    a neighbour with no published figure is listed with its DfE symbol."""
    m, ranked = b.measure, b.ranked
    order = list(ranked["area"])
    fig = go.Figure()
    for role, (name, colour, symbol, size) in ROLE_STYLE.items():
        rows = ranked[(ranked["role"] == role) & ranked["value"].notna()]
        if rows.empty:
            continue
        bold = role == "authority"
        fig.add_trace(go.Scatter(
            x=rows["value"], y=rows["area"], mode="markers+text", name=name if role != "authority" else b.authority.name, showlegend=False,
            marker=dict(color=colour, symbol=symbol, size=size, line=dict(width=1.5 if role != "england" else 0, color="white" if role != "england" else colour)),
            text=[f"<b>{fmt(v, m.unit)}</b>" if bold else fmt(v, m.unit) for v in rows["value"]],
            textposition="middle right", cliponaxis=False, textfont=dict(size=13 if bold else 12),
            hovertemplate="%{y}: %{text}<extra></extra>",
        ))
    missing = ranked[ranked["value"].isna()]
    low, high = _range(list(ranked["value"].astype(float)), m)
    if not missing.empty:
        fig.add_trace(go.Scatter(
            x=[low] * len(missing), y=missing["area"], mode="text", showlegend=False, textposition="middle right",
            text=[f"no figure ({mk or 'x'})" for mk in missing["marker"]], hoverinfo="skip", textfont=dict(color="#4d4d4d"),
        ))
    styled(fig, title=b.neighbour_finding, x_title=_axis_title(m), y_title="", source=source, as_at=as_at)
    fig.update_xaxes(range=[low, high], showgrid=True, gridcolor="#e5e5e5", **_tick(m))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True, showgrid=False,
                     tickfont=dict(size=13))
    # The authority's name in bold on the axis too.
    fig.update_yaxes(ticktext=[f"<b>{a}</b>" if a == b.authority.name else a for a in order[::-1]], tickvals=order[::-1])
    return _finish(fig, 28 * len(order) + 40, width_px, legend_rows=0)


def quartile_strip(b: Benchmark, *, source: str, as_at: str, width_px: int = 470) -> go.Figure:
    """Every LA's figure as a grey dot, the quartile boundaries as dashed lines, the authority in vermillion."""
    m, las = b.measure, b.all_las
    fig = go.Figure()
    others = las[las["area_code"] != b.authority.la_code]
    # A fixed spread over five rows so equal whole-number values stay visible.
    jitter = [(i % 5) * 0.18 - 0.36 for i in range(len(others))]
    fig.add_trace(go.Scatter(
        x=others["value"], y=jitter, mode="markers", name=f"Other LAs ({len(others)})",
        marker=dict(color=OTHER_LAS, size=7, opacity=0.75), customdata=others["area_name"],
        hovertemplate="%{customdata}: %{x}<extra></extra>",
    ))
    shapes = []
    if b.rank is not None and len(las):
        ordered = las["value"].sort_values(ascending=m.polarity == "lower").tolist()
        n = len(ordered)
        for q in (1, 2, 3):
            cut = ordered[max(0, math.floor(n * q / 4) - 1)]
            shapes.append(cut)
            fig.add_vline(x=cut, line=dict(color="#4d4d4d", width=1, dash="dash"))
        fig.add_trace(go.Scatter(
            x=[b.own_value], y=[0], mode="markers", name=b.authority.name,
            marker=dict(color=AUTHORITY_COLOUR, size=20, line=dict(width=2, color="white")),
            hovertemplate=f"{b.authority.name}: " + "%{x}<extra></extra>",
        ))
        # Labelled above the cloud of other LAs, with an arrow down to its dot.
        fig.add_annotation(
            x=b.own_value, y=0, ax=0, ay=-58, text=f"<b>{b.authority.name} {fmt(b.own_value, m.unit)}</b>", showarrow=True,
            arrowhead=2, arrowcolor=AUTHORITY_COLOUR, font=dict(color=AUTHORITY_COLOUR, size=13), bgcolor="rgba(255,255,255,0.85)",
        )
        title = f"{b.authority.name} ranks {b.rank} of {b.of} LAs with a figure in {year_label(m, b.year)}: the {b.quartile_name}"
    else:
        title = f"{b.authority.name} has no figure in {year_label(m, b.year)}, so no quartile position"
    if m.polarity != "neutral":
        title += f" ({'higher' if m.polarity == 'higher' else 'lower'} is better)"
    styled(fig, title=title, x_title=_axis_title(m), y_title="", source=source, as_at=as_at)
    fig.update_yaxes(visible=False, range=[-0.6, 1.3])
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", **_tick(m))
    return _finish(fig, 190, width_px, legend_rows=1)


def gap_trend(b: Benchmark, *, source: str, as_at: str, width_px: int = 470) -> go.Figure:
    """The authority's gap to its neighbour average and to England each year (authority minus comparator)."""
    m, gaps = b.measure, b.gaps
    unit = "points" if m.unit == "%" else m.unit
    fig = go.Figure()
    fig.add_hline(y=0, line=dict(color="#6b6b6b", width=1))
    # Only the latest year is labelled, the higher line's above its point and the lower's below, so
    # close values never overprint; every year's gap is in the hover and the data table.
    latest = gaps.dropna(subset=["gap_neighbours", "gap_england"]).tail(1)
    neighbours_higher = latest.empty or bool(latest["gap_neighbours"].iloc[0] >= latest["gap_england"].iloc[0])
    for col, name, colour, symbol, dash, higher in (
        ("gap_neighbours", "Gap to the neighbour average", PALETTE[1], "diamond", "dash", neighbours_higher),
        ("gap_england", "Gap to England", PUBLISHED_COLOUR, "x", "solid", not neighbours_higher),
    ):
        rows = gaps.dropna(subset=[col])
        if rows.empty:
            continue
        place = "top center" if higher else "bottom center"
        labels = [f"{v:+.1f}" if m.unit == "%" else _signed(v, m) for v in rows[col]]
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows[col], mode="lines+markers+text", name=name,
            line=dict(color=colour, width=2, dash=dash), marker=dict(symbol=symbol, size=11, color=colour),
            text=["" for _ in labels[:-1]] + labels[-1:], customdata=labels,
            textposition=place, cliponaxis=False, textfont=dict(size=12, color=TEXT),
            hovertemplate=f"{name}, " + "%{x}: %{customdata}<extra></extra>",
        ))
    # A headcount has no gap to England (a national total): its trend is told against the neighbours.
    col, against = ("gap_neighbours", "the neighbour average") if m.is_count else ("gap_england", "England")
    told = gaps.dropna(subset=[col])
    if len(told) >= 2:
        first, last = told.iloc[0], told.iloc[-1]
        title = (
            f"{b.authority.name}'s gap to {against} {gap_change(first[col], last[col])}: {_signed(first[col], m)} in "
            f"{year_label(m, int(first['year']))}, {_signed(last[col], m)} in {year_label(m, int(last['year']))}"
        )
    elif len(told) == 1:
        row = told.iloc[0]
        title = f"One year of figures so far: {b.authority.name} {_signed(row[col], m)} on {against} in {year_label(m, int(row['year']))}"
    else:
        title = f"No year in which both {b.authority.name} and {against} have a figure"
    styled(fig, title=title, x_title="Year ending 31 March" if m.unit != "£" else "Financial year ending 31 March",
           y_title=f"Gap ({unit})", source=source, as_at=as_at)
    span = gaps[["gap_neighbours", "gap_england"]].abs().max().max()
    span = 1.0 if pd.isna(span) or span == 0 else span
    fig.update_yaxes(range=[-span * 1.5, span * 1.5], automargin=True, **({} if m.unit == "%" else dict(tickprefix="£" if m.unit == "£" else "", tickformat=",.0f")))
    years = gaps["year"].tolist()
    _year_axis(fig, m, years)
    fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5] if years else None)
    return _finish(fig, 260, width_px, legend_rows=1)


def _year_axis(fig: go.Figure, m: Measure, years: list) -> None:
    """A tick for every year, labelled level and, past six years, every other one counting back from
    the latest, so "2016-17" to "2024-25" fit a phone instead of turning sideways into the axis title."""
    step = 2 if len(years) > 6 else 1
    labels = [year_label(m, int(y)) if (len(years) - 1 - i) % step == 0 else "" for i, y in enumerate(years)]
    fig.update_xaxes(tickvals=years, ticktext=labels, tickangle=0)


def _signed(value: float, m: Measure) -> str:
    if m.unit == "%":
        return f"{value:+.1f} points"
    sign = "+" if value >= 0 else "−"
    return f"{sign}£{abs(value):,.0f}" if m.unit == "£" else f"{sign}{abs(value):,.0f}"


def series_chart(series: pd.DataFrame, m: Measure, *, title: str, source: str, as_at: str, width_px: int = 470) -> go.Figure:
    """The authority, neighbour average, region and England over the years (``comparator_series`` rows)."""
    fig = go.Figure()
    styles = {
        "la": (AUTHORITY_COLOUR, "circle", "solid", 4),
        "neighbours": (PALETTE[1], "diamond", "dash", 2),
        "region": (PALETTE[2], "square", "dot", 2),
        "england": (PUBLISHED_COLOUR, "x", "dashdot", 2),
    }
    for kind, (colour, symbol, dash, width) in styles.items():
        rows = series[(series["area_type"] == kind) & series["value"].notna()]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"], mode="lines+markers", name=str(rows["area"].iloc[0]),
            line=dict(color=colour, width=width, dash=dash), marker=dict(symbol=symbol, size=10, color=colour),
            text=[fmt(v, m.unit) for v in rows["value"]], hovertemplate="%{x}: %{text}<extra>" + str(rows["area"].iloc[0]) + "</extra>",
        ))
    styled(fig, title=title, x_title="Financial year ending 31 March" if m.unit == "£" else "Year ending 31 March",
           y_title=_axis_title(m), source=source, as_at=as_at)
    years = sorted(set(series["year"]))
    _year_axis(fig, m, years)
    fig.update_yaxes(rangemode="tozero", automargin=True, **_tick(m))
    return _finish(fig, 280, width_px, legend_rows=2)


def cost_placement(placed: list[tuple[str, SpendPlacement]], *, source: str, as_at: str, width_px: int = 470) -> go.Figure:
    """Each delivery option's cost per care leaver as a diamond among every LA's leaving care spend per
    care leaver (grey dots), with England and the neighbour average marked. ``placed`` is (option label,
    ``analytics.national.place_cost`` result), all for the same year."""
    first = placed[0][1]
    dist = first.distribution
    fig = go.Figure()
    jitter = [(i % 5) * 0.18 - 0.36 for i in range(len(dist))]
    fig.add_trace(go.Scatter(
        x=dist["value"], y=jitter, mode="markers", name=f"Each LA's spend per care leaver ({len(dist)} LAs)",
        marker=dict(color=OTHER_LAS, size=7, opacity=0.75), customdata=dist["area_name"],
        hovertemplate="%{customdata}: £%{x:,.0f}<extra></extra>",
    ))
    for value, name, colour, symbol in ((first.england, "England", PUBLISHED_COLOUR, "x"), (first.neighbours, "Neighbour average", PALETTE[1], "diamond")):
        if value is None:
            continue
        fig.add_trace(go.Scatter(
            x=[value], y=[-0.6], mode="markers", name=f"{name} £{value:,.0f}", marker=dict(symbol=symbol, size=14, color=colour),
            hovertemplate=f"{name}: £{value:,.0f}<extra></extra>",
        ))
    for i, (label, p) in enumerate(placed):
        colour, symbol = ((AUTHORITY_COLOUR, "diamond"), (PALETTE[3], "star-diamond"))[i % 2]
        fig.add_trace(go.Scatter(
            x=[p.value], y=[0.55 + 0.3 * i], mode="markers+text", name=f"{label} £{p.value:,.0f}",
            marker=dict(symbol=symbol, size=18, color=colour, line=dict(width=1.5, color="white")),
            text=[f"<b>£{p.value:,.0f}</b>"], textposition="middle right", cliponaxis=False,
            hovertemplate=f"{label}: £{p.value:,.0f} per care leaver<extra></extra>",
        ))
    shares = " and ".join(f"{p.share_below:.0f}%" for _, p in placed)
    title = (
        f"Per care leaver, the options cost more than {shares} of LAs spent on all leaving care support in "
        f"{first.year - 1}-{first.year % 100:02d}"
        if len(placed) > 1 else
        f"{placed[0][0]}: £{first.value:,.0f} per care leaver, more than {first.share_below:.0f}% of LAs spent on all leaving care "
        f"support in {first.year - 1}-{first.year % 100:02d}"
    )
    styled(fig, title=title, x_title="£ a year per care leaver aged 19 to 21 (DfE count)", y_title="", source=source, as_at=as_at)
    fig.update_yaxes(visible=False, range=[-1.0, 0.9 + 0.3 * len(placed)])
    fig.update_xaxes(tickprefix="£", tickformat=",.0f", showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    return _finish(fig, 200, width_px, legend_rows=3)
