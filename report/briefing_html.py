"""The scrutiny briefing pack as one self-contained HTML file, laid out for A4 printing.

``analytics.briefing`` gives the pack's sections as data; this module draws their charts (with
``viz.figures``, as the Briefing page does) and prints them. Each chart is a static SVG drawn once by
headless Chromium (through kaleido, as the PNG downloads are), set inline beside its text
alternative and the table behind it: the file is a few hundred kilobytes, opens at once with no
network, and prints crisply. Where the server has no Chrome or Chromium, the charts are interactive
instead, with plotly.js embedded once (about 5 MB, slower to open); the page says so.

    python -m report.briefing_html --out briefing.html [--period "2023-24 Q2"] [--sections cover,findings,...]
        [--scenario "caseload_16_20=18&method=growth-rate"]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import concurrent.futures
import html
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from analytics import briefing
from analytics.briefing import Block, Chart, Context, Findings, Section, Table
from viz import figures
from viz import scenarios as scenario_figures
from viz.plain_text import plain_links

# A4 less 14 mm margins each side is 182 mm, about 688 CSS pixels.
PRINT_WIDTH_PX = 680
# A 12 px source line beside the widest axis labels.
PRINT_SOURCE_CHARS = 80
# Each KPI's row on the dot plot in print, its words beside its band: a third of a row on a page.
PRINT_KPI_ROW_PX = 28
# Plot heights in print, smaller than on a page so that each section fits one A4 page at full width.
PRINT_PLOT_PX = {"cohort_by_age": 200, "uasc_share_by_age": 130, "count_trend": 110, "stacked_projection": 180}
PRINT_BAR_PX = 50


def figure(chart: Chart, *, printed: bool = False) -> go.Figure:
    """The chart drawn with the ``viz.figures`` or ``viz.scenarios`` function it names, as the Briefing
    page shows it or, ``printed``, as an A4 page has room for (the KPI dot plot's words beside its bands)."""
    draw = getattr(scenario_figures, chart.kind, None) or getattr(figures, chart.kind)
    extra = {"printed": True} if printed and chart.kind == "kpi_against_targets" else {}
    return plain_links(draw(*chart.args, **chart.kwargs, **extra))


def _print_plot_px(chart: Chart) -> int:
    if chart.kind == "kpi_against_targets":
        return PRINT_KPI_ROW_PX * len(chart.args[0])
    if chart.kind == "variance_bars":
        return 30 + PRINT_BAR_PX * len(chart.args[0])
    return PRINT_PLOT_PX.get(chart.kind, 200)


def title(chart: Chart) -> str:
    """The chart's title, the finding it shows, in one line of text."""
    return str(chart.kwargs.get("title", ""))


def print_figure(chart: Chart) -> go.Figure:
    """The chart at print width and print height, laid out again around a shorter plot
    (``viz.figures.fit``). Its title is set above it as HTML (``figure_html``), where it wraps to the
    page like any text: the plot keeps the width, and no title line is clipped at the edge."""
    fig = figures.wrap_source(figure(chart, printed=True), PRINT_SOURCE_CHARS)
    # A legend placed against the container is pushed into the plot's margin by the plotly.js that
    # draws the SVG (the plot shrank to half the width): against the plot it sits where intended.
    fig.update_layout(title_text="", width=PRINT_WIDTH_PX, legend_xref="paper")
    return figures.fit(fig, _print_plot_px(chart))


async def _draw_svgs(figs: Sequence[go.Figure], browser: str) -> list[str]:
    # Imported here: kaleido takes a fifth of a second to import and only the file needs it.
    import kaleido

    out = []
    # One browser for every chart: starting Chromium costs more than drawing a chart.
    async with kaleido.Kaleido(n=1, path=browser, mathjax=False) as k:
        for fig in figs:
            opts = dict(format="svg", width=PRINT_WIDTH_PX, height=fig.layout.height or figures.PLOTLY_DEFAULT_HEIGHT_PX)
            out.append((await k.calc_fig(fig.to_dict(), opts=opts)).decode("utf-8"))
    return out


def svgs(figs: Sequence[go.Figure]) -> list[str] | None:
    """Each figure as an SVG document drawn by headless Chromium, or None without a browser."""
    browser = figures.image_browser()
    if browser is None or not figs:
        return None if browser is None else []
    # On a thread of its own, so it runs the same from a command, a test or Streamlit's download callback.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _draw_svgs(figs, browser)).result()


def _esc(text: object) -> str:
    return html.escape(str(text))


def _caption(div_id: str, alt: str) -> str:
    return f'<figcaption id="{div_id}-alt"><span class="alt-label">Text alternative:</span> {_esc(alt)}</figcaption>'


def _figure(plot: str, *, div_id: str, title: str, alt: str) -> str:
    heading = f'<p class="chart-title" id="{div_id}-title">{_esc(title)}</p>' if title else ""
    return (
        f'<figure class="chart" role="group" aria-labelledby="{div_id}-title {div_id}-alt">'
        f"{heading}{plot}{_caption(div_id, alt)}</figure>"
    )


def svg_figure_html(svg: str, *, div_id: str, title: str, alt: str) -> str:
    """A static chart: its title (the finding) above it, the SVG inline (its labels stay text a reader
    can find and copy) named by its text alternative, scaled down on a narrow screen."""
    svg = re.sub(r"^\s*<\?xml[^>]*>", "", svg)
    svg = svg.replace("<svg ", f'<svg id="{div_id}" role="img" aria-labelledby="{div_id}-alt" preserveAspectRatio="xMinYMin meet" ', 1)
    return _figure(svg, div_id=div_id, title=title, alt=alt)


def interactive_figure_html(fig: go.Figure, *, div_id: str, title: str, alt: str) -> str:
    """An interactive chart drawn by the embedded plotly.js: fixed width so it prints inside A4
    margins, and no tool bar (it would print)."""
    plot = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displayModeBar": False, "responsive": False})
    return _figure(plot, div_id=div_id, title=title, alt=alt)


def _table_html(table: Table) -> str:
    columns = list(table.frame.columns)
    head = "".join(f"<th scope='col'>{_esc(c)}</th>" for c in columns)
    rows = []
    for i, record in enumerate(table.frame.itertuples(index=False)):
        cells = [f"<th scope='row'>{_esc(record[0])}</th>"]
        for col, value in zip(columns[1:], record[1:]):
            if col == "Status" and table.rag:
                cells.append(f"<td class='rag rag-{table.rag[i]}'>{_esc(value)}</td>")
            elif col == "Direction" and table.rag:
                arrow, _, words = str(value).partition(" ")
                cells.append(f"<td class='arrow'><span aria-hidden='true'>{_esc(arrow)}</span> {_esc(words)}</td>")
            else:
                cls = " class='num'" if col in table.numeric else ""
                cells.append(f"<td{cls}>{_esc(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    # A wide table scrolls inside its own box on a phone rather than widening the page.
    return (
        f"<div class='table-wrap'><table><caption>{_esc(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def block_html(block: Block, drawn: dict[str, str]) -> str:
    """One block; ``drawn`` maps a chart's id to its figure's HTML."""
    if isinstance(block, Findings):
        return "<ol class='findings'>" + "".join(f"<li>{_esc(i)}</li>" for i in block.items) + "</ol>"
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, Chart):
        return drawn[block.chart_id]
    lead = f"<strong>{_esc(block.lead)}</strong> " if block.lead else ""
    if block.style == "title":
        return f"<h1>{_esc(block.text)}</h1>"
    return f"<p class='{block.style}'>{lead}{_esc(block.text)}</p>"


# Status shading behind a label that names the status: pale enough for body text to keep AA contrast.
RAG_BACKGROUND = {"green": "#d6f0e5", "amber": "#fde9c4", "red": "#f9d3c4"}

# Sized so each section prints on one A4 page: 10 pt body, 8.5 pt tables, charts drawn at print
# height (``print_figure``); an SVG scales down whole on a narrow screen.
CSS = """
@page { size: A4; margin: 12mm 14mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #1f1f1f; background: #ffffff; font-size: 10pt; line-height: 1.4; max-width: 680px; margin: 0 auto; padding: 0 8px; }
h1 { font-size: 22pt; margin: 0.2em 0; } h2 { font-size: 14pt; border-bottom: 2px solid #0072B2; padding-bottom: 3px; margin: 0 0 6px; }
section { page-break-after: always; break-after: page; padding: 6px 0; }
section:last-of-type { page-break-after: auto; break-after: auto; }
.cover { padding-top: 30mm; } .cover .note { margin-top: 24mm; } .authority { font-size: 14pt; color: #3a3a3a; } .meta { color: #3a3a3a; }
.notice { border-left: 5px solid #0072B2; background: #eef5fb; padding: 8px 12px; }
.note { font-size: 9pt; color: #3a3a3a; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 8.5pt; line-height: 1.25; }
thead { display: table-header-group; } tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #8c8c8c; padding: 2px 5px; text-align: left; vertical-align: top; }
caption { text-align: left; font-style: italic; margin-bottom: 3px; color: #3a3a3a; }
td.num { text-align: right; }
.table-wrap { overflow-x: auto; } @media print { .table-wrap { overflow: visible; } }
.rag { font-weight: bold; color: #1f1f1f; }
figure { margin: 6px 0 10px; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
.chart-title { font-weight: bold; font-size: 11pt; margin: 0 0 2px; }
figcaption { font-size: 8.5pt; color: #3a3a3a; margin-top: 2px; line-height: 1.3; }
.alt-label { font-weight: bold; }
ol.findings { padding-left: 1.6em; margin: 4px 0 8px; } ol.findings li { margin-bottom: 4px; }
@media print { a { color: inherit; } }
""" + "".join(f".rag-{rag} {{ background: {colour}; }} " for rag, colour in RAG_BACKGROUND.items())


def render_html(ctx: Context, built: Sequence[Section], *, static: bool | None = None) -> str:
    """The pack as one HTML document: the cover is labelled by its title, every other section by its
    heading. Charts are static SVG (``static`` None: whenever a browser can draw them), else
    interactive with plotly.js embedded once."""
    charts = [c for s in built for c in s.charts]
    printed = [print_figure(c) for c in charts]
    drawn_svgs = None
    if static is not False:
        try:
            drawn_svgs = svgs(printed)
        except Exception:
            # A browser that fails to draw (killed, out of memory) must not cost the reader the pack:
            # without static=True, the charts are drawn in the reader's browser instead.
            if static:
                raise
    if static and drawn_svgs is None:
        raise figures.NoBrowserError("no Chrome or Chromium found (set BROWSER_PATH) to draw the charts as SVG")
    if drawn_svgs is not None:
        drawn = {c.chart_id: svg_figure_html(svg, div_id=c.chart_id, title=title(c), alt=c.alt) for c, svg in zip(charts, drawn_svgs)}
        script = ""
    else:
        from plotly.offline import get_plotlyjs

        drawn = {c.chart_id: interactive_figure_html(fig, div_id=c.chart_id, title=title(c), alt=c.alt) for c, fig in zip(charts, printed)}
        script = f"<script>{get_plotlyjs()}</script>" if charts else ""
    body = "".join(
        (
            f"<section id='{s.section_id}' class='{s.section_id}' aria-label='{_esc(s.title)}'>"
            if s.section_id == "cover"
            else f"<section id='{s.section_id}' class='{s.section_id}' aria-labelledby='h-{s.section_id}'><h2 id='h-{s.section_id}'>{_esc(s.title)}</h2>"
        )
        + "".join(block_html(b, drawn) for b in s.blocks) + "</section>"
        for s in built
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(ctx.authority)}: Leaving Care Service scrutiny briefing, {_esc(ctx.period)}</title><style>{CSS}</style>"
        f"{script}</head><body>{body}</body></html>"
    )


def build_pack(
    *, period: str | None = None, sections: Sequence[str] = briefing.SECTIONS, generated: dt.date | None = None,
    scenario_query: str | None = None,
    static: bool | None = None,
) -> str:
    ctx = briefing.context(period, generated, scenario_query)
    return render_html(ctx, briefing.build_sections(ctx, sections), static=static)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the scrutiny briefing pack as one self-contained HTML file.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--period", default=None, help="KPI period, e.g. '2023-24 Q2' (default: latest)")
    parser.add_argument("--sections", default=",".join(briefing.CHOOSABLE),
                        help=f"comma-separated, from: {', '.join(briefing.CHOOSABLE)} (the words used end every pack)")
    parser.add_argument(
        "--scenario", default=None,
        help="the Scenarios page's query string, e.g. 'caseload_16_20=18&method=growth-rate' (default: the published plan's)",
    )
    args = parser.parse_args(argv)
    try:
        ctx = briefing.context(args.period, None, args.scenario)
        pack = render_html(ctx, briefing.build_sections(ctx, [s.strip() for s in args.sections.split(",") if s.strip()]))
    except (ValueError, FileNotFoundError) as exc:
        # ConfigError is a ValueError and a missing store a FileNotFoundError: both are the user's to fix.
        print(f"briefing: {exc}", file=sys.stderr)
        return 2
    for parameter in ctx.ignored:
        print(f"briefing: ignored scenario parameter {parameter} (unknown name or not a valid value)", file=sys.stderr)
    args.out.write_text(pack, encoding="utf-8")
    print(f"wrote {args.out} ({len(pack.encode('utf-8')) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
