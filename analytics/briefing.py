"""The scrutiny briefing pack: one self-contained HTML file, laid out for A4 printing.

It opens with no network (plotly.js is embedded once), states each finding in plain English from
the same analytics the dashboard uses, shows the chart behind it with a text alternative, and lists
the source of every figure. Status is never colour alone: every RAG cell carries its label and arrow.

    python -m analytics.briefing --out briefing.html [--period "2023-24 Q2"] [--sections cover,findings,...]

Example::

    >>> html = build_pack(sections=("cover", "findings"))
    >>> "Headline findings" in html
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from analytics import cohort, findings, performance, sources
from viz import figures

PRINT_WIDTH_PX = 700


@dataclass(frozen=True)
class Context:
    period: str
    authority: str
    synthetic: bool
    generated: dt.date


@dataclass(frozen=True)
class Section:
    section_id: str
    title: str
    body: str


def _esc(text: object) -> str:
    return html.escape(str(text))


def figure_html(fig: go.Figure, *, div_id: str, alt: str) -> str:
    """A chart with its text alternative; fixed width so it prints inside A4 margins."""
    fig = go.Figure(fig)
    fig.update_layout(width=PRINT_WIDTH_PX)
    plot = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False, "responsive": False})
    return (
        f'<figure role="group" aria-labelledby="{div_id}-alt">{plot}'
        f'<figcaption id="{div_id}-alt"><span class="alt-label">Text alternative:</span> {_esc(alt)}</figcaption></figure>'
    )


def kpi_findings(period: str) -> list[str]:
    frame = performance.published_kpis()
    periods = list(dict.fromkeys(frame["period"]))
    upto = periods[: periods.index(period) + 1]
    tiles = {t.kpi_id: t for t in performance.kpi_tiles(period)}
    out = []
    for kpi_id, rows in frame.groupby("kpi_id", sort=False):
        values = rows.set_index("period").loc[upto, "value"].astype(float).tolist()
        tile = tiles[str(kpi_id)]
        out.append(findings.kpi_finding(tile.short_name, values, target=tile.target, status_label=tile.status.label, polarity=str(rows["polarity"].iloc[0])))
    return out


def _cover(ctx: Context) -> Section:
    notice = (
        '<p class="notice"><strong>Synthetic record-level data.</strong> Published figures come from the 2024 '
        "Commissioning Plan; breakdowns of individual care leavers are generated to match them and describe no real young person.</p>"
        if ctx.synthetic else ""
    )
    body = (
        f"<p class='authority'>{_esc(ctx.authority)}</p><h1>Leaving Care Service: scrutiny briefing</h1>"
        f"<p class='meta'>KPI period: <strong>{_esc(ctx.period)}</strong> · Prepared {ctx.generated:%d %B %Y}</p>{notice}"
    )
    return Section("cover", "Cover", body)


def _findings(ctx: Context) -> Section:
    summary = cohort.cohort_summary()
    items = [
        findings.change_finding("The care-leaver cohort", summary.first_count, summary.latest_count, f"{summary.first_date:%b %Y}")
        + f" It stood at {summary.latest_count:,} at {summary.latest_date:%b %Y}.",
        *kpi_findings(ctx.period),
    ]
    body = "<ol class='findings'>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ol>"
    return Section("findings", "Headline findings", body)


def _rag_table(ctx: Context) -> Section:
    table = performance.table2_rows(ctx.period)
    head = "".join(f"<th scope='col'>{_esc(c)}</th>" for c in ["KPI", "Target (tolerance)", *table.periods, "Status", "Direction"])
    rows = []
    for row in table.rows:
        cells = "".join(f"<td class='num'>{v:g}%</td>" for v in row.values)
        rows.append(
            f"<tr><th scope='row'>{_esc(row.name)}</th><td>{row.target:g}% ({row.lower:g}–{row.upper:g})</td>{cells}"
            f"<td class='rag rag-{row.rag}'>{_esc(row.status_label)}</td>"
            f"<td class='arrow'><span aria-hidden='true'>{row.arrow}</span> {_esc(row.judgement)}</td></tr>"
        )
    tiles = performance.kpi_tiles(ctx.period)
    fig = figures.kpi_against_targets(
        [t.short_name for t in tiles], [t.value for t in tiles], [t.target for t in tiles],
        [t.band.lower for t in tiles], [t.band.upper for t in tiles], [t.status.rag for t in tiles],
        [f"{t.status.label} {t.direction.arrow}" for t in tiles],
        title=performance.status_headline(tiles), period=ctx.period,
    )
    alt = "; ".join(f"{t.short_name} {t.value:g}% against a target of {t.target:g}%: {t.status.label.lower()}" for t in tiles)
    body = (
        "<table class='rag-table'><caption>Provider KPIs in the shape of Commissioning Plan Table 2. "
        "Status compares the latest value with the target and its tolerance band.</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + figure_html(fig, div_id="fig-kpi", alt=alt)
    )
    return Section("rag_table", "KPI performance against target", body)


def _cohort(ctx: Context) -> Section:
    summary = cohort.cohort_summary()
    ages = cohort.cohort_by_age_band(summary.latest_date)
    fig = figures.cohort_by_age(ages, title=cohort.age_band_finding(ages), as_at=summary.latest_date)
    alt = "Bar chart of care leavers by age band: " + "; ".join(
        f"{r.age_band}: {r.care_leavers:,} ({r.percent:.0f}%)" for r in ages.itertuples()
    )
    return Section("cohort", "Who the service supports", f"<p>{_esc(cohort.age_band_finding(ages))}.</p>" + figure_html(fig, div_id="fig-cohort", alt=alt))


def _sources(ctx: Context) -> Section:
    cites = sources.citations()
    rows = "".join(f"<tr><td>{_esc(r.evidence)}</td><td>{_esc(r.source)}</td></tr>" for r in cites.itertuples())
    body = (
        "<p>Published figures: <em>Re-commissioning of the Lincolnshire Leaving Care Service</em>, Executive "
        "Councillor report and Commissioning Plan (March–April 2024). Record-level breakdowns: "
        + ("synthetic data calibrated to those figures." if ctx.synthetic else "the authority's SSDA903 and provider returns.")
        + "</p><table class='sources'><thead><tr><th scope='col'>Evidence</th><th scope='col'>Source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return Section("sources", "Sources of every figure", body)


SECTION_BUILDERS: dict[str, Callable[[Context], Section]] = {
    "cover": _cover,
    "findings": _findings,
    "rag_table": _rag_table,
    "cohort": _cohort,
    "sources": _sources,
}
SECTIONS: tuple[str, ...] = tuple(SECTION_BUILDERS)

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #1f1f1f; font-size: 11pt; line-height: 1.45; max-width: 760px; margin: 0 auto; }
h1 { font-size: 22pt; margin: 0.2em 0; } h2 { font-size: 15pt; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }
section { page-break-after: always; break-after: page; padding: 8px 0; }
section:last-of-type { page-break-after: auto; break-after: auto; }
.cover { padding-top: 30mm; } .authority { font-size: 14pt; color: #3a3a3a; } .meta { color: #3a3a3a; }
.notice { border-left: 5px solid #0072B2; background: #eef5fb; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 9.5pt; }
th, td { border: 1px solid #8c8c8c; padding: 4px 6px; text-align: left; vertical-align: top; }
caption { text-align: left; font-style: italic; margin-bottom: 4px; }
td.num { text-align: right; }
.rag-green { background: #d6f0e5; } .rag-amber { background: #fde9c4; } .rag-red { background: #f9d3c4; }
.rag { font-weight: bold; }
figure { margin: 8px 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #3a3a3a; margin-top: 4px; }
.alt-label { font-weight: bold; }
ol.findings li { margin-bottom: 6px; }
@media print { a { color: inherit; } }
"""


def build_pack(*, period: str | None = None, sections: Sequence[str] = SECTIONS, generated: dt.date | None = None) -> str:
    unknown = [s for s in sections if s not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}; choose from {', '.join(SECTIONS)}")
    periods = performance.periods()
    period = period or periods[-1]
    if period not in periods:
        raise ValueError(f"unknown period {period!r}; choose from {', '.join(periods)}")
    info = sources.build_info()
    ctx = Context(period, info.authority, info.synthetic, generated or dt.date.today())
    built = [SECTION_BUILDERS[s](ctx) for s in SECTIONS if s in sections]
    body = "".join(
        f"<section id='{s.section_id}' class='{s.section_id}' aria-labelledby='h-{s.section_id}'>"
        + ("" if s.section_id == "cover" else f"<h2 id='h-{s.section_id}'>{_esc(s.title)}</h2>")
        + s.body + "</section>"
        for s in built
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Leaving Care Service scrutiny briefing, {_esc(period)}</title><style>{CSS}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>{body}</body></html>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the scrutiny briefing pack as one self-contained HTML file.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--period", default=None, help="KPI period, e.g. '2023-24 Q2' (default: latest)")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, from: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    try:
        pack = build_pack(period=args.period, sections=[s.strip() for s in args.sections.split(",") if s.strip()])
    except ValueError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(pack, encoding="utf-8")
    print(f"wrote {args.out} ({len(pack) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
