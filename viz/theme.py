"""The one Plotly template: colour-blind-safe colours with enough contrast, readable type, a layout
that holds from a 390 px phone to a wide screen, and the source line under each chart.

Pure Plotly (no Streamlit), so the pages and the command-line briefing pack draw the same charts.

Contrast (WCAG 2.2 AA, tested in tests/test_accessibility.py): every colour that draws data is at
least 3:1 against the white background; text on a filled shape is white or near-black, whichever
reaches 4.5:1 (``readable_labels`` sets it on every bar); the three statuses are each at least 3:1
against white and amber is at least 3:1 against both its neighbours on the scale (green and red are
never adjacent on it, and differ on the blue-yellow axis that colour-blind readers keep).

Layout: Plotly does not wrap text, so titles and source lines are broken into lines short enough
for a 390 px phone; the toolbar stands vertically on the right, clear of the title; the legend sits
under the plot with the source line under the legend, placed in pixels by ``fit``.

    >>> fig = styled(go.Figure(go.Bar(x=["a"], y=[1])), title="A finding", x_title="", y_title="", source="x", as_at="1 Apr 2024")
    >>> fit(fig, 300).layout.height > 300
    True
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito hues (blue, orange, bluish green, reddish purple, sky blue, vermillion, black), the
# light ones darkened to reach 3:1 on white and vermillion to carry white text (4.5:1).
PALETTE = ["#0072B2", "#C28600", "#009E73", "#BE709B", "#4491BC", "#BD5300", "#000000"]
# Amber is the light one, green and red dark, so amber stands 3:1 from either neighbour.
STATUS_COLOURS = {"green": "#004A36", "amber": "#C28600", "red": "#7A1F00"}
PUBLISHED_COLOUR = "#000000"
# Ungraded, not recorded, no figure: a grey that still reaches 4.5:1 on white.
NEUTRAL_COLOUR = "#767676"
# A tolerance band: a light fill (decoration) whose extent is drawn by edge lines at 3:1 or more.
BAND_FILL = "#e6e6e6"
BAND_EDGE = "#767676"
TEXT = "#1f1f1f"
SOURCE_TEXT = "#4d4d4d"
WHITE = "#ffffff"

FONT = "Source Sans Pro, Arial, sans-serif"
TITLE_SIZE = 16
SOURCE_SIZE = 12
# Characters a line holds on a 390 px phone: about 8 px a character at 16 px with the right-hand
# 40 px left to the toolbar, and about 6 px at 12 px across the whole width.
TITLE_CHARS = 40
SOURCE_CHARS = 54
# The narrowest figure the legend is laid out for (a 390 px phone less the page's padding).
NARROW_PX = 350
TOOLBAR_PX = 40
TITLE_LINE_PX = 22
AXIS_PX = 62
LEGEND_ROW_PX = 22
SOURCE_LINE_PX = 16
LEFT_PX = 60
DEFAULT_PLOT_PX = 300

pio.templates["lci"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=14, color=TEXT),
        colorway=PALETTE,
        paper_bgcolor=WHITE,
        plot_bgcolor=WHITE,
        # From the figure's left edge, 8 px under the top: plotly.js 4 centres a title's first line on
        # its anchor and runs the other lines downwards whatever the yanchor, so ``fit`` anchors the
        # first line and sizes the top margin to the lines.
        title=dict(font=dict(size=TITLE_SIZE), x=0, xref="container", xanchor="left", yref="container", yanchor="middle",
                   pad=dict(l=4)),
        xaxis=dict(showgrid=False, linecolor="#6b6b6b", ticks="outside", title=dict(standoff=8)),
        yaxis=dict(gridcolor="#e5e5e5", linecolor="#6b6b6b", zeroline=False, title=dict(standoff=8)),
        legend=dict(orientation="h", x=0, xanchor="left", yanchor="top", y=-0.25, title=None),
        margin=dict(l=LEFT_PX, r=TOOLBAR_PX, t=70, b=120),
        hoverlabel=dict(font=dict(size=14)),
        # One button (download as PNG), upright in the right margin kept for it, so it never covers
        # the title and meets the 24 px target size (a column of 22 px buttons does not); zooming is
        # by dragging and double-clicking, as before.
        modebar=dict(orientation="v", bgcolor="rgba(255,255,255,0.9)",
                     remove=["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"]),
    ),
    # A white edge between bars, so two stacked or adjacent colours are always told apart.
    data=dict(bar=[go.Bar(marker=dict(line=dict(color=WHITE, width=1)))]),
)


# --- Contrast -------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.2 contrast ratio of two '#rrggbb' colours, 1 to 21 (AA: text 4.5, graphics 3)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """White or near-black text, whichever contrasts more with ``background``."""
    return max((WHITE, TEXT), key=lambda text: contrast_ratio(text, background))


def _hex(colour: object) -> str | None:
    """'#rrggbb' for a hex colour (3 or 6 digits), else None (named and rgba colours are left alone)."""
    if not isinstance(colour, str) or not colour.startswith("#") or len(colour) not in (4, 7):
        return None
    return colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])


def readable_labels(fig: go.Figure) -> go.Figure:
    """Labels written inside bars in white or near-black, whichever reads on each bar's colour.

    Plotly picks white on any darkish bar, which fails on mid colours (white on green is 3.4:1); a
    colour a page set is kept where it already reaches 4.5:1."""
    colorway = list(fig.layout.colorway or PALETTE)
    for i, trace in enumerate(fig.data):
        if trace.type != "bar" or trace.text is None or trace.textposition == "outside":
            continue
        fills = trace.marker.color if trace.marker.color is not None else colorway[i % len(colorway)]
        n = len(trace.text) if isinstance(trace.text, (list, tuple)) else 1
        per_bar = list(fills) if isinstance(fills, (list, tuple)) else [fills] * n
        given = trace.insidetextfont.color or trace.textfont.color
        colours = []
        for fill, chosen in zip(per_bar, given if isinstance(given, (list, tuple)) else [given] * len(per_bar)):
            fill_hex, chosen_hex = _hex(fill), _hex(chosen)
            if fill_hex is None:
                colours.append(chosen or TEXT)
            elif chosen_hex is not None and contrast_ratio(chosen_hex, fill_hex) >= 4.5:
                colours.append(chosen_hex)
            else:
                colours.append(readable_on(fill_hex))
        trace.insidetextfont.color = colours[0] if len(set(colours)) == 1 else colours
    return fig


# --- Layout that holds at any width ------------------------------------------------------------------


def wrap_text(text: str, chars: int) -> str:
    """``text`` broken at spaces into lines of at most ``chars`` characters, joined by <br>."""
    return "<br>".join(textwrap.wrap(text.replace("<br>", " "), chars)) if text else text


def wrap_title(fig: go.Figure, chars: int = TITLE_CHARS) -> go.Figure:
    """Plotly does not wrap titles: break a long one into lines that fit a phone (never longer than
    ``TITLE_CHARS``) and make the figure taller by the lines added, so the plot keeps its size."""
    text = fig.layout.title.text or ""
    wrapped = wrap_text(text, min(chars, TITLE_CHARS))
    added = wrapped.count("<br>") - text.count("<br>")
    fig.update_layout(title_text=wrapped)
    if added > 0:
        fig.update_layout(margin_t=(fig.layout.margin.t or 70) + TITLE_LINE_PX * added, height=(fig.layout.height or 450) + TITLE_LINE_PX * added)
    return fig


def _source(fig: go.Figure) -> go.layout.Annotation | None:
    notes = [a for a in fig.layout.annotations if (a.name or "") == "source"]
    return notes[-1] if notes else (fig.layout.annotations[-1] if fig.layout.annotations else None)


def wrap_source(fig: go.Figure, chars: int = SOURCE_CHARS) -> go.Figure:
    """Break the source line under the chart into lines that fit a phone (never longer than
    ``SOURCE_CHARS``), growing the bottom margin by the lines added."""
    note = _source(fig)
    if note is None:
        return fig
    text = note.text or ""
    note.text = wrap_text(text, min(chars, SOURCE_CHARS))
    added = note.text.count("<br>") - text.count("<br>")
    if added > 0:
        fig.update_layout(margin_b=(fig.layout.margin.b or 120) + SOURCE_LINE_PX * added, height=(fig.layout.height or 450) + SOURCE_LINE_PX * added)
    return fig


def legend_entries(fig: go.Figure) -> list[str]:
    """The names the legend shows (Plotly shows none for a lone trace unless asked)."""
    named = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if fig.layout.showlegend is False:
        return []
    if fig.layout.showlegend is None and len(named) < 2 and not any(t.showlegend for t in fig.data):
        return []
    return list(dict.fromkeys(named))


def legend_rows_at(fig: go.Figure, width_px: int = NARROW_PX) -> int:
    """Rows the horizontal legend takes at ``width_px``. An entry is its symbol and name, about 7 px
    a character at 14 px. A legend that does not fit on one row gives every entry the width of the
    widest (plotly.js, legend/draw.js), so three short names beside one long one take three rows.

    >>> fig = go.Figure([go.Scatter(name="Tolerance band"), go.Scatter(name="Target"), go.Scatter(name="Value")])
    >>> legend_rows_at(fig, 400), legend_rows_at(fig, 270)
    (1, 3)
    """
    return legend_rows_for(legend_entries(fig), width_px)


def legend_rows_for(names: Iterable[str], width_px: int) -> int:
    """Rows a horizontal legend of ``names`` takes at ``width_px`` (``legend_rows_at``)."""
    widths = [46 + 7 * len(name.replace("<br>", " ")) for name in names]
    if not widths:
        return 0
    if sum(widths) <= width_px:
        return 1
    return math.ceil(len(widths) / max(1, width_px // max(widths)))


def left_margin(fig: go.Figure) -> int:
    """The left margin the y-axis labels need: category names (about 7.5 px a character at 14 px)
    or numbers, and the axis title. Set in pixels rather than left to Plotly's automargin, so the
    source line can start at the figure's left edge at any width."""
    names = [re.sub(r"<[^>]+>", "", v) for t in fig.data if t.y is not None and t.type in ("bar", "scatter", "box")
             for v in t.y if isinstance(v, str)]
    title = 26 if fig.layout.yaxis.title.text else 0
    return max(LEFT_PX, int(7.5 * max(map(len, names), default=0)) + 16 + title)


def fit(fig: go.Figure, plot_px: int = DEFAULT_PLOT_PX, legend_rows: int = 0, axis_px: int = AXIS_PX) -> go.Figure:
    """Lay the figure out in pixels around a plot ``plot_px`` high: the title above it, then under
    it the axis (``axis_px`` for its tick labels and title: more for labels on two lines or two
    levels), the legend (as many rows as it takes on a phone, or ``legend_rows`` if more) and the
    source line, each at a fixed distance whatever the height, so none overlaps another at any width."""
    title_lines = (fig.layout.title.text or "").count("<br>") + 1 if fig.layout.title.text else 0
    top = 16 + TITLE_LINE_PX * title_lines
    left = max(fig.layout.margin.l or 0, left_margin(fig))
    # The legend wraps within the plot's width (a legend reaching into the margins makes Plotly
    # push the left margin until the plot vanishes).
    rows = max(legend_rows, legend_rows_at(fig, NARROW_PX - left - TOOLBAR_PX))
    legend_px = LEGEND_ROW_PX * rows + (8 if rows else 0)
    note = _source(fig)
    source_lines = (note.text or "").count("<br>") + 1 if note is not None else 0
    bottom = axis_px + legend_px + SOURCE_LINE_PX * source_lines + 14
    height = plot_px + top + bottom
    fig.update_layout(
        legend=dict(y=-axis_px / plot_px, yanchor="top"), margin=dict(t=top, b=bottom, l=left), height=height,
        title=dict(y=1 - (8 + TITLE_LINE_PX / 2) / height),
    )
    if note is not None:
        note.update(y=-(axis_px + legend_px) / plot_px, yanchor="top", x=0, xanchor="left", xshift=4 - left)
    return fig


def styled(fig: go.Figure, *, title: str, x_title: str, y_title: str, source: str, as_at: str) -> go.Figure:
    """Apply the template, a title that states the finding (wrapped to fit a phone), axis titles with
    units and the source line, laid out for the figure's height (call ``fit`` after changing it)."""
    fig.update_layout(
        template="lci",
        title=dict(text=wrap_text(title, TITLE_CHARS)),
        xaxis_title=x_title,
        yaxis_title=y_title,
        annotations=[
            *fig.layout.annotations,
            go.layout.Annotation(
                name="source", text=wrap_text(f"Source: {source}. Data as at {as_at}.", SOURCE_CHARS),
                xref="paper", yref="paper", x=0, y=-0.3, xanchor="left", yanchor="top",
                showarrow=False, font=dict(size=SOURCE_SIZE, color=SOURCE_TEXT), align="left",
            ),
        ],
    )
    readable_labels(fig)
    height = fig.layout.height or 450
    margin = fig.layout.margin
    if fig.layout.height is None:
        return fit(fig, DEFAULT_PLOT_PX)
    return fit(fig, max(80, height - (margin.t or 70) - (margin.b or 120)))
