"""Figures of the outcome pages (EET, Accommodation, Keeping in touch and Pathway Plans), pure Plotly.

Every builder takes frames that ``analytics.outcomes`` has already suppressed (``suppress_outcome``,
``suppress_mix``, ``suppress_pathway``), so a hidden count can never reach a chart: a suppressed
cell is drawn as nothing and labelled ``c``. Shares are drawn on axes that stop at 100%, counts of
people on whole-number axes. Published evidence behind them: Commissioning Plan Table 2 (the KPI
values drawn beside the computed ones) and the pack's comparators.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import plotly.graph_objects as go

from analytics import outcomes
from analytics.disclosure import SUPPRESSED
from analytics.formatting import count, percent
from viz.theme import AXIS_PX, BAND_EDGE, BAND_FILL, NARROW_PX, NEUTRAL_COLOUR, PALETTE, PUBLISHED_COLOUR, TEXT, TOOLBAR_PX, legend_rows_for, styled, wrap_text
from viz.theme import fit as theme_fit

SUITABILITY_COLOURS = {"Suitable": PALETTE[0], "Unsuitable": PALETTE[5], "Not recorded": NEUTRAL_COLOUR}
# Dash styles and markers tell the reference lines apart without relying on colour; they cycle, so
# any number of comparators is drawn.
COMPARATOR_DASHES = ["dot", "dash", "dashdot", "longdash", "longdashdot", "solid"]
COMPARATOR_SYMBOLS = ["square-open", "triangle-up-open", "circle-open", "x", "diamond-open", "star-open", "cross-open"]
PERCENT_TICKS = [0, 20, 40, 60, 80, 100]


LABEL_CHARS = 22  # a category label's line: about 165 px, under half a phone's width
TOP_PAD_PX = 14  # between the title's last line and the top tick label
FIRST_LINE_PX = 18  # from the figure's top to the title's first line, which plotly.js anchors


def _legend_rows(fig: go.Figure, width_px: int) -> int:
    """Rows the legend takes on a phone, counting the reference lines (shapes) that carry a legend
    entry, as ``viz.theme.legend_rows_at`` counts traces."""
    names = [fig.layout.legend.title.text] if fig.layout.legend.title.text else []
    names += [t.name for t in fig.data if t.showlegend is not False and t.name]
    names += [sh.name for sh in fig.layout.shapes if sh.showlegend and sh.name]
    return legend_rows_for(dict.fromkeys(names), width_px)


def fit(fig: go.Figure, plot_px: int, axis_px: int = AXIS_PX) -> go.Figure:
    """``viz.theme.fit`` with every legend entry counted, a little air under the title, the title hung
    from the top (plotly.js anchors a title of several lines by its first, so a centred one runs
    into the plot), and the legend placed against the plot (placed against the container, plotly.js
    stands a legend on end and widens the left margin)."""
    left = fig.layout.margin.l or 60
    theme_fit(fig, plot_px, legend_rows=_legend_rows(fig, NARROW_PX - left - TOOLBAR_PX), axis_px=axis_px)
    top, height = fig.layout.margin.t, fig.layout.height
    return fig.update_layout(
        legend_xref="paper", margin_t=top + TOP_PAD_PX, height=height + TOP_PAD_PX, title_y=1 - FIRST_LINE_PX / (height + TOP_PAD_PX),
        title_yanchor="top",
    )


def _label(name: str, figure: str) -> str:
    """A category's tick label: its name wrapped to fit a phone, its figure in bold under it."""
    return f"{wrap_text(name, LABEL_CHARS)}<br><b>{wrap_text(figure, LABEL_CHARS + 4)}</b>"


def _categories(fig: go.Figure, labels: list[str]) -> int:
    """Categories on the y axis in the given order, labelled in full; returns the plot height they need."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    widest = max((len(line) for label in labels for line in re.sub(r"</?b>", "", label).split("<br>")), default=0)
    fig.update_yaxes(
        tickvals=[str(i) for i in range(len(labels))], ticktext=labels, autorange="reversed", type="category",
    )
    fig.update_layout(margin_l=int(7.2 * widest) + 20)
    return len(labels) * (17 * lines + 14)


def _lower_under_axis(fig: go.Figure, plot_px: int, extra_px: int) -> go.Figure:
    """After ``fit``: move the legend and source line ``extra_px`` further down, for tick labels of
    two lines (an age group and its status)."""
    fig.update_layout(
        legend_y=fig.layout.legend.y - extra_px / plot_px, margin_b=fig.layout.margin.b + extra_px, height=fig.layout.height + extra_px,
    )
    note = fig.layout.annotations[-1]
    note.y = note.y - extra_px / plot_px
    return fig


def _number(value: object) -> str:
    return SUPPRESSED if value == SUPPRESSED else count(int(value))


def _value(value: object) -> str:
    return SUPPRESSED if value == SUPPRESSED else percent(float(value))


def _heights(shown: pd.DataFrame) -> list[float]:
    return [0.0 if r.suppressed else float(r.percent) for r in shown.itertuples()]


def _value_text(shown: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Values inside their bars, clear of target marks and reference lines; a suppressed cell has no
    bar, so its c sits on the axis."""
    return [_value(r.percent) for r in shown.itertuples()], ["outside" if r.suppressed else "inside" for r in shown.itertuples()]


def _comparator_lines(fig: go.Figure, comps: pd.DataFrame) -> None:
    """The latest benchmark for each area as a labelled horizontal reference line."""
    latest = comps.sort_values("year").groupby("area", sort=False).tail(1)
    order = list(dict.fromkeys(comps["area"]))
    for row in latest.set_index("area").loc[order].reset_index().itertuples():
        dash = COMPARATOR_DASHES[order.index(row.area) % len(COMPARATOR_DASHES)]
        fig.add_hline(y=row.value, line=dict(color=TEXT, width=1.5, dash=dash), name=row.label, showlegend=True, layer="below")


def _percent_axis(fig: go.Figure, axis: str = "y", ticks: list[int] = PERCENT_TICKS) -> None:
    # Ticks given as values take their text from ticktext: plotly.js leaves ticksuffix off them.
    getattr(fig, f"update_{axis}axes")(range=[0, 100], tickvals=ticks, ticktext=[f"{t}%" for t in ticks], ticksuffix="%")


def group_figure(shown: pd.DataFrame, comps: pd.DataFrame, *, measure: str, title: str, as_at: str, source: str) -> go.Figure:
    """Each KPI's value at the snapshot as a bar coloured and labelled by its status (words and
    arrow in the tick label, never colour alone), over its tolerance band, with the target marked,
    any published value as a diamond and any benchmarks as reference lines."""
    x = [
        outcomes.ages_label(r.age_min, r.age_max)
        + ("" if r.suppressed or not r.colour else "<br><b>" + wrap_text(f"{r.status} {r.arrow}".strip(), 9).replace("<br>", "</b><br><b>") + "</b>")
        for r in shown.itertuples()
    ]
    tick_lines = max(label.count("<br>") + 1 for label in x)
    banded = [i for i, lower in enumerate(shown["lower"]) if not math.isnan(lower)]
    fig = go.Figure()
    if banded:
        fig.add_trace(
            go.Bar(
                x=[x[i] for i in banded], y=[shown["upper"].iloc[i] - shown["lower"].iloc[i] for i in banded],
                base=[shown["lower"].iloc[i] for i in banded], width=0.8, name="Tolerance band",
                marker=dict(color=BAND_FILL, line=dict(color=BAND_EDGE, width=1)),
                customdata=[[shown["lower"].iloc[i], shown["upper"].iloc[i]] for i in banded],
                hovertemplate="Tolerance band %{customdata[0]}–%{customdata[1]}%<extra></extra>",
            )
        )
    text, where = _value_text(shown)
    fig.add_trace(
        go.Bar(
            x=x, y=_heights(shown), width=0.5, marker_color=[r.colour or NEUTRAL_COLOUR for r in shown.itertuples()],
            name="Computed from the snapshots (colour: status)", text=text, textposition=where, insidetextanchor="middle",
            textfont=dict(size=16), cliponaxis=False,
            customdata=[[_number(r.numerator), _number(r.denominator)] for r in shown.itertuples()],
            hovertemplate="%{x}: %{text} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x, y=shown["target"], mode="markers", name="Target",
            marker=dict(symbol="line-ew", size=80, line=dict(width=3, color=TEXT)), hovertemplate="Target %{y}%<extra></extra>",
        )
    )
    published = shown.dropna(subset=["published"]) if "published" in shown.columns else shown.iloc[0:0]
    if not published.empty:
        fig.add_trace(
            go.Scatter(
                x=[x[i] for i in published.index], y=published["published"], mode="markers", name=f"Published, {published['period'].iloc[0]}",
                marker=dict(symbol="diamond", size=13, color=PUBLISHED_COLOUR, line=dict(width=1, color="white")),
                hovertemplate="Published: %{y}%<extra></extra>",
            )
        )
    if not comps.empty:
        _comparator_lines(fig, comps)
    styled(
        fig, title=title, x_title="Age group (years) and its status",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)",
        source=source + ("" if comps.empty else "; comparators: " + "; ".join(dict.fromkeys(comps["source"]))), as_at=as_at,
    )
    _percent_axis(fig)
    fig.update_xaxes(tickangle=0, tickfont_size=12)
    fig.update_layout(barmode="overlay", bargap=0.2, uniformtext=dict(minsize=12, mode="show"))
    return _lower_under_axis(fit(fig, 340), 340, 17 * (tick_lines - 1))


def breakdown_figure(shown: pd.DataFrame, *, measure: str, title: str, as_at: str, source: str, legend_title: str, narrow: bool = False) -> go.Figure:
    """Each KPI's value for each category of a breakdown, side by side, with the target marked;
    suppressed cells are labelled c and drawn as nothing. ``narrow``: laid out for half the page."""
    fig = go.Figure()

    def ages(frame: pd.DataFrame) -> list[str]:
        # "Aged<br>16–18": on one line the three groups' names run together on a phone.
        return [outcomes.ages_label(a, b).replace(" ", "<br>", 1) for a, b in zip(frame["age_min"], frame["age_max"])]

    for colour, (category, rows) in zip(PALETTE * 3, shown.groupby("category", sort=False)):
        text, where = _value_text(rows)
        fig.add_trace(
            go.Bar(
                x=ages(rows), y=_heights(rows),
                name=str(category), marker_color=colour, text=text, textposition=where, insidetextanchor="middle", cliponaxis=False,
                customdata=[[_number(r.numerator), _number(r.denominator)] for r in rows.itertuples()],
                hovertemplate=f"{category}, " + "%{x}: %{text} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
            )
        )
    targets = shown.drop_duplicates("kpi_id")
    fig.add_trace(
        go.Scatter(
            x=ages(targets), y=targets["target"],
            mode="markers", name="Target", marker=dict(symbol="line-ew", size=90, line=dict(width=3, color=TEXT)),
            hovertemplate="Target %{y}%<extra></extra>",
        )
    )
    styled(
        fig, title=title, x_title="Age group at the snapshot (years)",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)", source=source, as_at=as_at,
    )
    _percent_axis(fig)
    fig.update_xaxes(tickangle=0)
    fig.update_layout(
        barmode="group", bargap=0.25, legend=dict(title=dict(text=legend_title + ": ")), uniformtext=dict(minsize=11, mode="show"),
    )
    return fit(fig, 300 if narrow else 320, axis_px=AXIS_PX + 18)


def trend_figure(shown: pd.DataFrame, comps: pd.DataFrame, *, measure: str, snapshot: dt.date, title: str, source: str) -> go.Figure:
    """One KPI over every snapshot: computed from the snapshots as a line, the published values as
    labelled black diamonds, the target as a line over the shaded tolerance band, the chosen
    snapshot marked, and any benchmarks by year (DfE years end on 31 March)."""
    kpi = shown.iloc[0]
    visible = shown[~shown["suppressed"]]
    published = shown.dropna(subset=["published"])
    fig = go.Figure()
    if not math.isnan(kpi["lower"]):
        fig.add_hrect(
            y0=kpi["lower"], y1=kpi["upper"], fillcolor=BAND_FILL, line=dict(color=BAND_EDGE, width=1), layer="below",
            name=f"Tolerance band {kpi['lower']:g}–{kpi['upper']:g}%", showlegend=True,
        )
    fig.add_hline(y=kpi["target"], line=dict(color=TEXT, width=2, dash="dash"), name=f"Target {kpi['target']:g}%", showlegend=True)
    fig.add_trace(
        go.Scatter(
            x=visible["snapshot_date"], y=visible["percent"].astype(float), mode="lines+markers",
            name="Computed from the snapshots", line=dict(color=PALETTE[0], width=3), marker=dict(size=7),
            customdata=[[_number(n), _number(d), _value(p)] for n, d, p in zip(visible["numerator"], visible["denominator"], visible["percent"])],
            hovertemplate="%{x|%d %b %Y}: %{customdata[2]} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
        )
    )
    if not published.empty:
        fig.add_trace(
            go.Scatter(
                x=published["snapshot_date"], y=published["published"], mode="markers+text", name="Published",
                marker=dict(symbol="diamond", size=13, color=PUBLISHED_COLOUR, line=dict(width=1, color="white")),
                text=[percent(v) for v in published["published"]], textposition="top center", cliponaxis=False,
                customdata=published["period"], hovertemplate="Published for %{customdata}: %{text}<extra></extra>",
            )
        )
    for i, ((area, basis), rows) in enumerate(comps.groupby(["area", "basis"], sort=False)):
        name = f"{area}, {basis}" if basis else str(area)
        fig.add_trace(
            go.Scatter(
                x=list(rows["date"]), y=rows["value"], mode="lines+markers" if len(rows) > 1 else "markers",
                name=name, line=dict(color=TEXT, width=1, dash=COMPARATOR_DASHES[i % len(COMPARATOR_DASHES)]),
                marker=dict(symbol=COMPARATOR_SYMBOLS[i % len(COMPARATOR_SYMBOLS)], size=10, color=TEXT),
                customdata=rows["year"], hovertemplate=f"{name}, " + "%{customdata}: %{y}%<extra></extra>",
            )
        )
    fig.add_vline(x=snapshot, line=dict(color="#6b6b6b", width=1, dash="dot"))
    values = [*visible["percent"].astype(float), *published["published"], *comps["value"], kpi["target"]]
    if not math.isnan(kpi["lower"]):
        values += [kpi["lower"], kpi["upper"]]
    low, high = max(0.0, min(values) - 8), min(100.0, max(values) + 6)
    styled(
        fig, title=title, x_title="Snapshot (dotted line: the one chosen)",
        y_title=f"{outcomes.MEASURES[measure].numerator} (%)",
        source=source + ("" if comps.empty else "; comparators: " + "; ".join(dict.fromkeys(comps["source"]))),
        as_at=f"{shown['snapshot_date'].iloc[-1]:%d %b %Y}",
    )
    fig.update_yaxes(range=[low, high], ticksuffix="%")
    fig.update_xaxes(type="date")
    return fit(fig, 300)


def _share_figure(shown: pd.DataFrame, *, label_col: str, group_col: str, groups: tuple, title: str, x_title: str, as_at: str, source: str) -> go.Figure:
    """Shares of everyone counted as horizontal bars, one colour per group (``groups``: (value of
    ``group_col``, legend name, colour)); each category's count and share, or c, in its label, so
    no figure sits outside the plot or is lost on a phone."""
    labels = [_label(str(r[label_col]), SUPPRESSED if r["suppressed"] else f"{count(r['care_leavers'])} ({percent(r['percent'])})") for _, r in shown.iterrows()]
    keys = [str(i) for i in range(len(shown))]
    fig = go.Figure()
    for value, name, colour in groups:
        at = [i for i, v in enumerate(shown[group_col]) if v == value]
        fig.add_trace(
            go.Bar(
                y=[keys[i] for i in at], x=[0.0 if shown["suppressed"].iloc[i] else float(shown["percent"].iloc[i]) for i in at],
                orientation="h", name=name, marker_color=colour,
                customdata=[re.sub(r"<[^>]+>", " ", labels[i]) for i in at], hovertemplate="%{customdata}<extra></extra>",
            )
        )
    styled(fig, title=title, x_title=x_title, y_title="", source=source, as_at=as_at)
    # Three ticks: the bars share the width with their labels, which on a phone leaves little.
    _percent_axis(fig, "x", [0, 50, 100])
    plot_px = _categories(fig, labels)
    fig.update_layout(legend=dict(traceorder="normal"))
    return fit(fig, plot_px)


def activity_figure(shown: pd.DataFrame, *, title: str, x_title: str, as_at: str, source: str) -> go.Figure:
    """Main activity in the DfE's groups, EET groups first, as shares of everyone counted."""
    groups = ((True, "In EET", PALETTE[0]), (False, "Not in EET or not known", PALETTE[1]))
    return _share_figure(shown, label_col="activity", group_col="eet", groups=groups, title=title, x_title=x_title, as_at=as_at, source=source)


def contact_figure(shown: pd.DataFrame, *, title: str, x_title: str, as_at: str, source: str) -> go.Figure:
    """Contact with everyone in the age range, the statuses the KPI leaves out in grey."""
    groups = ((True, "Counted in the measure", PALETTE[0]), (False, "Left out of the measure", NEUTRAL_COLOUR))
    return _share_figure(
        shown, label_col="description", group_col="in_denominator", groups=groups, title=title, x_title=x_title, as_at=as_at, source=source,
    )


def accommodation_figure(shown: pd.DataFrame, *, title: str, x_title: str, as_at: str, source: str) -> go.Figure:
    """People by type of accommodation, stacked by suitability, each type's counts in words in its
    label (a suppressed segment has no length to show). Whole people on the axis."""
    shown = shown.assign(
        type=[n if counted else f"{n} (outside the measure)" for n, counted in zip(shown["accommodation"], shown["in_suitability_denominator"])],
        length=[0 if r.suppressed else int(r.care_leavers) for r in shown.itertuples()],
    )
    ends = pd.DataFrame(
        [
            {"type": name, "length": rows["length"].sum(),
             "text": ", ".join(f"{_number(c)} {s.lower()}" for c, s in zip(rows["care_leavers"], rows["suitability"]))}
            for name, rows in shown.groupby("type", sort=False)
        ],
        columns=["type", "length", "text"],
    ).sort_values("length", ascending=False, kind="stable").reset_index(drop=True)
    key = {name: str(i) for i, name in enumerate(ends["type"])}
    fig = go.Figure()
    for suitability, colour in SUITABILITY_COLOURS.items():
        rows = shown[shown["suitability"] == suitability]
        if not rows.empty:
            fig.add_trace(
                go.Bar(
                    y=[key[t] for t in rows["type"]], x=rows["length"], orientation="h", name=suitability, marker_color=colour,
                    customdata=rows["type"], hovertemplate=f"%{{customdata}}, {suitability.lower()}: %{{x:,}}<extra></extra>",
                )
            )
    styled(fig, title=title, x_title=x_title, y_title="", source=source, as_at=as_at)
    plot_px = _categories(fig, [_label(t, text) for t, text in zip(ends["type"], ends["text"])])
    longest = max(1, int(ends["length"].max()) if len(ends) else 0)
    fig.update_xaxes(range=[0, longest * 1.05], tickformat=",d", dtick=None if longest > 10 else 1)
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    return fit(fig, plot_px)


def pathway_figure(shown: pd.DataFrame, *, title: str, as_at: str, source: str) -> go.Figure:
    """Plans up to date for each legal status that needs one, per Pathway Plan KPI, targets dashed."""
    fig = go.Figure()
    for colour, (_, rows) in zip(PALETTE, shown.groupby("kpi_id", sort=False)):
        text, where = _value_text(rows)
        fig.add_trace(
            go.Bar(
                x=rows["category"], y=_heights(rows), marker_color=colour, name=f"{rows['short_name'].iloc[0]}, computed from the snapshots",
                cliponaxis=False, text=text, textposition=where, insidetextanchor="middle",
                customdata=[[_number(n), _number(d)] for n, d in zip(rows["numerator"], rows["denominator"])],
                hovertemplate="%{x}: %{text} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
            )
        )
    for target in shown.drop_duplicates("kpi_id")["target"]:
        fig.add_hline(y=target, line=dict(color=TEXT, width=2, dash="dash"), name=f"Target {target:g}%", showlegend=True)
    styled(fig, title=title, x_title="Legal status at the snapshot", y_title="Plan up to date (%)", source=source, as_at=as_at)
    _percent_axis(fig)
    fig.update_layout(barmode="group")
    return fit(fig, 300)
