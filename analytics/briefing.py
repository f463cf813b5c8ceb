"""The scrutiny briefing pack: one self-contained HTML file, laid out for A4 printing.

It opens with no network (plotly.js is embedded once), states each finding in plain English from
the same analytics the dashboard uses, shows the chart behind it with a text alternative, and lists
the source of every figure. Status is never colour alone: every RAG cell carries its label and arrow.

A pack is a list of :class:`Section`, each an ordered list of blocks (:class:`Text`,
:class:`Findings`, :class:`Table`, :class:`Chart`). :func:`build_sections` makes them and
:func:`render_html` prints them; the Briefing page draws the same sections natively, so the preview
and the download cannot disagree.

The cohort and former-UASC sections are read at the snapshot that closes the KPI period (a period
ending 30 September is read at the 1 October snapshot), so one pack describes one moment. A section
whose evidence the authority's pack lacks says so, naming the files that would fill it, and shows
no other authority's figures.

    python -m analytics.briefing --out briefing.html [--period "2023-24 Q2"] [--sections cover,findings,...]
        [--scenario "caseload_16_20=18&method=growth-rate"]

The commissioning scenario (``analytics.scenarios``) is the authority's published plan's own unless a
scenario link's query string says otherwise; the projection comparison always sets it beside the
report's two projections.

Example::

    >>> html = build_pack(sections=("cover", "findings"))
    >>> "Headline findings" in html
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from analytics import cohort, config, findings, performance, scenarios, sources, uasc
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_frame, suppress_mask
from viz import figures
from viz.plain_text import plain_links

# A4 less 14 mm margins each side is 182 mm, about 688 CSS pixels.
PRINT_WIDTH_PX = 680
# An 18 px title line at that width.
PRINT_TITLE_CHARS = 70
# A 12 px source line beside the widest axis labels.
PRINT_SOURCE_CHARS = 80
SNAPSHOT_SOURCE = "synthetic record-level snapshots calibrated to the published cohort"


@dataclass(frozen=True)
class Context:
    """What one pack describes. ``scenario`` is the commissioning scenario (the published plan's own
    unless a scenario link says otherwise; None when the pack has no scenario evidence); ``ignored``
    lists link parameters that were not valid, as 'name=value'. ``missing`` maps each evidence need
    ('records', 'scenario', 'uasc') to what the pack lacks for it; ``pack`` is the pack's folder name."""

    period: str
    snapshot_date: dt.date
    authority: str
    synthetic: bool
    generated: dt.date
    scenario: scenarios.Scenario | None
    ignored: tuple[str, ...] = ()
    wording: config.Wording = config.Wording()
    pack: str = ""
    missing: dict[str, sources.MissingEvidence] = field(default_factory=dict)

    @property
    def scenario_query(self) -> str:
        """The scenario as the Scenarios page writes it in its address ('' for the published one)."""
        return urllib.parse.urlencode(scenarios.to_query(self.scenario)) if self.scenario is not None else ""

    def lacks(self, need: str) -> sources.MissingEvidence | None:
        gap = self.missing.get(need)
        return gap if gap else None


# What each kind of section needs from the store.
NEEDS = {
    "records": (("snapshots",), ()),
    "uasc": (("reference_figures", "uasc_share_by_age"), uasc.FIGURE_IDS),
    "scenario": (scenarios.REQUIRED_TABLES, scenarios.FIGURE_IDS),
}


@dataclass(frozen=True)
class Text:
    """A paragraph. ``style``: p, authority, title, meta, notice (boxed) or note (small print);
    ``lead`` is set in bold before the text."""

    text: str
    style: str = "p"
    lead: str = ""


@dataclass(frozen=True)
class Findings:
    """Numbered plain-English findings, each a sentence generated from the data."""

    items: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Table:
    """Display text in every cell; the first column heads each row. ``rag`` (one of green, amber,
    red per row) shades the Status column, whose text already says the status."""

    name: str
    caption: str
    frame: pd.DataFrame
    rag: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure, its text alternative, and the aggregate it shows (suppressed) for a CSV download."""

    chart_id: str
    figure: go.Figure
    alt: str
    data: pd.DataFrame


Block = Text | Findings | Table | Chart


@dataclass(frozen=True, eq=False)
class Section:
    section_id: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Chart))


# --- Sections -------------------------------------------------------------------------------------

def long_date(day: dt.date) -> str:
    """'1 October 2023', as a council writes a date."""
    return f"{day.day} {day:%B %Y}"


# In pack order.
SECTION_TITLES: dict[str, str] = {
    "cover": "Cover",
    "findings": "Headline findings",
    "rag_table": "KPI performance against target",
    "cohort": "Who the service supports",
    "uasc": "Former UASC",
    "scenario": "The commissioning scenario",
    "projections": "Projection comparison",
    "sources": "Sources of every figure",
}


def kpi_findings(period: str) -> list[str]:
    frame = performance.published_kpis()
    periods = list(dict.fromkeys(frame["period"]))
    upto = periods[: periods.index(period) + 1]
    tiles = {t.kpi_id: t for t in performance.kpi_tiles(period)}
    out = []
    for kpi_id, rows in frame.groupby("kpi_id", sort=False):
        # A KPI may miss periods the others have: its finding reads its own values up to the period.
        values = rows.set_index("period")["value"].reindex(upto).dropna().astype(float).tolist()
        tile = tiles.get(str(kpi_id))
        if tile is None or not values:
            continue
        banded = tile.scheme is not None
        out.append(findings.kpi_finding(
            tile.short_name, values, target=tile.target, polarity=str(rows["polarity"].iloc[0]),
            status_label=(
                tile.status.label if not banded else
                "ungraded (between two bands)" if tile.status.achieved is None else f"graded {tile.status.label}"
            ),
            standard="threshold of its achieved bands" if banded else "target",
        ))
    return out


def _cohort_to(snapshot_date: dt.date) -> pd.DataFrame:
    trend = cohort.cohort_trend()
    return trend[trend["snapshot_date"] <= snapshot_date]


def cohort_finding(snapshot_date: dt.date) -> str:
    trend = _cohort_to(snapshot_date)
    first, last = trend.iloc[0], trend.iloc[-1]
    return (
        findings.change_finding("The care-leaver cohort", int(first["care_leavers"]), int(last["care_leavers"]), f"{first['snapshot_date']:%b %Y}")
        + f" It stood at {findings.count_phrase(int(last['care_leavers']), 'care leavers')} at {last['snapshot_date']:%b %Y}."
    )


def _cover(ctx: Context) -> Section:
    blocks: list[Block] = [
        Text(ctx.authority, "authority"),
        Text("Leaving Care Service: scrutiny briefing", "title"),
        Text(f"KPI period: {ctx.period} · Cohort as at {long_date(ctx.snapshot_date)} · Prepared {long_date(ctx.generated)}", "meta"),
    ]
    if ctx.synthetic:
        blocks.append(Text(
            f"Published figures come from {ctx.wording.evidence_short}; breakdowns of individual care leavers are generated "
            "to match them and describe no real young person.", "notice", lead="Synthetic record-level data.",
        ))
    blocks.append(Text(
        "Each section opens with its findings in plain words; the chart or table behind them follows, with a text "
        "description of every chart. Status is written out (on target, within tolerance, outside tolerance) with an "
        "arrow for the direction of travel, so the pack reads the same in black and white.", "note",
    ))
    return Section("cover", SECTION_TITLES["cover"], tuple(blocks))


def _missing_note(ctx: Context, needs: Sequence[str]) -> Text | None:
    """A note naming the evidence a section lacks and the pack files that would fill it, or None."""
    gaps = [ctx.lacks(n) for n in needs if ctx.lacks(n)]
    if not gaps:
        return None
    tables = tuple(dict.fromkeys(t for g in gaps for t in g.tables))
    figures_ = tuple(dict.fromkeys(f for g in gaps for f in g.figures))
    text = sources.MissingEvidence(tables, figures_).message(config.load())
    return Text("This section needs evidence the authority's pack does not have. " + re.sub(r"[*`]", "", text).replace("\n", " "), "notice",
                lead="Not available.")


def _findings(ctx: Context) -> Section:
    items = []
    if not ctx.lacks("records"):
        items.append(cohort_finding(ctx.snapshot_date))
    items += kpi_findings(ctx.period)
    if not ctx.lacks("records") and not ctx.lacks("uasc"):
        by_age = uasc.share_by_age(ctx.snapshot_date)
        items.append(uasc.uasc_growth(uasc.uasc_trend(ctx.snapshot_date)).finding() + ".")
        items.append(uasc.share_by_age_finding(by_age, ctx.snapshot_date) + ".")
    if not ctx.lacks("scenario"):
        results = scenario_results(ctx.scenario)
        items.append(projection_headline(_scenario_name(ctx, results), results[_scenario_name(ctx, results)]))
    blocks: list[Block] = [Findings(tuple(items))]
    note = _missing_note(ctx, ("records", "uasc", "scenario"))
    if note:
        blocks.append(note)
    return Section("findings", SECTION_TITLES["findings"], tuple(blocks))


def _rag_table(ctx: Context) -> Section:
    table = performance.table2_rows(ctx.period)
    frame = pd.DataFrame(
        [
            {"KPI": row.name, "Target (tolerance)": f"{row.target:g}% ({row.lower:g}–{row.upper:g})"}
            | {p: f"{v:g}%" for p, v in zip(table.periods, row.values)}
            | {"Status": row.status_label, "Direction": f"{row.arrow} {row.judgement}"}
            for row in table.rows
        ]
    )
    tiles = performance.kpi_tiles(ctx.period)
    fig = figures.kpi_against_targets(
        [t.short_name for t in tiles], [t.value for t in tiles], [t.target for t in tiles],
        [t.band.lower for t in tiles], [t.band.upper for t in tiles], [t.status.rag for t in tiles],
        [f"{t.status.label} {t.direction.arrow}" for t in tiles],
        title=performance.status_headline(tiles), period=ctx.period, source=sources.kpi_value_sources(ctx.period) or "provider KPI returns",
    )
    figures.fit(fig, 45 * len(tiles), legend_rows=1)
    alt = "; ".join(f"{t.short_name} {t.value:g}% against a target of {t.target:g}%: {t.status.label.lower()}, {t.direction.judgement}" for t in tiles)
    data = pd.DataFrame(
        [
            {"kpi": t.short_name, "period": t.period, "value_percent": t.value, "target_percent": t.target,
             "tolerance_lower": t.band.lower, "tolerance_upper": t.band.upper, "status": t.status.label,
             "direction": f"{t.direction.arrow} {t.direction.judgement}"}
            for t in tiles
        ]
    )
    return Section("rag_table", SECTION_TITLES["rag_table"], (
        Findings((performance.status_headline(tiles) + ".",)),
        Table(
            f"kpis_{ctx.period}",
            "Provider KPIs by period. Status compares the latest value with the target "
            "and its tolerance band; the arrow shows the movement since the previous period.",
            frame, rag=tuple(row.rag for row in table.rows), numeric=tuple(table.periods),
        ),
        Chart("fig-kpi", fig, alt, data),
    ))


def _cohort(ctx: Context) -> Section:
    note = _missing_note(ctx, ("records",))
    if note:
        return Section("cohort", SECTION_TITLES["cohort"], (note,))
    ages = cohort.cohort_by_age_band(ctx.snapshot_date)
    finding = cohort.age_band_finding(ages)
    shown = suppress_frame(ages, "care_leavers", share_cols=["percent"])
    fig = figures.cohort_by_age(ages, title=finding, as_at=ctx.snapshot_date, source=SNAPSHOT_SOURCE if ctx.synthetic else "record-level snapshots")
    alt = f"Bar chart of care leavers by age band at {long_date(ctx.snapshot_date)}: " + "; ".join(
        f"{r.age_band}: {r.care_leavers}" + ("" if r.suppressed else f" ({r.percent:.0f}%)") for r in shown.itertuples()
    )
    return Section("cohort", SECTION_TITLES["cohort"], (
        Findings((cohort_finding(ctx.snapshot_date), finding + ".")),
        Chart("fig-cohort", fig, alt, shown.drop(columns="suppressed").assign(snapshot_date=ctx.snapshot_date)),
    ))


def _visible(values: pd.Series, hidden: pd.Series) -> list[float | None]:
    return [None if h else float(v) for v, h in zip(values, hidden)]


def _uasc(ctx: Context) -> Section:
    note = _missing_note(ctx, ("records", "uasc"))
    if note:
        return Section("uasc", SECTION_TITLES["uasc"], (note,))
    snapshot = ctx.snapshot_date
    cited = sources.evidence_sources()
    by_age = uasc.share_by_age(snapshot)
    shown_age = uasc.suppressed_share_by_age(by_age)
    trend = uasc.uasc_trend(snapshot)
    shown_trend = uasc.suppressed_trend(trend)
    growth = uasc.uasc_growth(trend)
    outlook, nts = uasc.share_outlook(), uasc.nts_defaults()
    gauge = uasc.NtsGauge(nts.uasc_in_care, nts.population_0_17, nts.rate_percent)
    share_finding = uasc.share_by_age_finding(by_age, snapshot)

    published = by_age.dropna(subset=["published_percent"])
    share_fig = figures.uasc_share_by_age(
        shown_age["age"].tolist(), _visible(shown_age["percent"], shown_age["suppressed"]),
        published["age"].tolist(), published["published_percent"].astype(float).tolist(),
        title=share_finding, snapshot=snapshot, published_label="Published",
        source=f"{SNAPSHOT_SOURCE}; published: {cited['uasc_share_by_age']}",
    )
    published_at = dict(zip(published["age"], published["published_percent"]))
    share_alt = f"Bar chart of the former-UASC share of care leavers at each age at {long_date(snapshot)}, beside the published shares: " + "; ".join(
        f"age {r.age}: " + (SUPPRESSED if r.suppressed else f"{r.percent:.0f}%")
        + (f" (published {published_at[r.age]:g}%)" if r.age in published_at else "")
        for r in shown_age.itertuples()
    )

    points = shown_trend[~shown_trend["suppressed"]]
    trend_fig = figures.count_trend(
        points["snapshot_date"].tolist(), points["former_uasc"].astype(int).tolist(), name="Former-UASC care leavers",
        title=growth.title(), y_title="Former-UASC care leavers (count)",
        source=f"{SNAPSHOT_SOURCE}; published: {ctx.wording.evidence_short}", as_at=snapshot,
    )
    trend_alt = "Line chart of former-UASC care leavers at each quarterly snapshot: " + "; ".join(
        f"{r.snapshot_date:%b %Y}: {r.former_uasc}" for r in shown_trend.itertuples()
    )

    nts_table = pd.DataFrame([
        {"Measure": "UASC in care", "Value": f"{gauge.uasc_in_care:,}", "Source": f"{ctx.wording.evidence_short} ({nts.uasc_in_care_as_at:%b %Y})"},
        {"Measure": f"NTS threshold ({nts.rate_percent:g}% of the 0-17 population)", "Value": f"{gauge.threshold:,.0f}", "Source": ctx.wording.evidence_short},
        {"Measure": "Headroom before the threshold", "Value": f"{gauge.headroom:,.0f}", "Source": "UASC in care less the threshold"},
        {"Measure": "UASC in care as a share of the threshold", "Value": f"{gauge.percent_of_threshold:.0f}%", "Source": "UASC in care ÷ threshold"},
    ])
    return Section("uasc", SECTION_TITLES["uasc"], (
        Findings((
            growth.finding() + ".",
            uasc.share_trend_finding(trend, outlook) + ".",
            share_finding + ".",
            gauge.finding() + ".",
        )),
        Chart("fig-uasc-age", share_fig, share_alt,
              shown_age[["age", "care_leavers", "former_uasc", "percent", "published_percent"]].assign(snapshot_date=snapshot)),
        Chart("fig-uasc-trend", trend_fig, trend_alt, shown_trend[["snapshot_date", "care_leavers", "former_uasc", "percent"]]),
        Table("uasc_nts_threshold", "The National Transfer Scheme (NTS): a council may refuse NTS referrals once the UASC "
              "in its care reach the threshold.", nts_table, numeric=("Value",)),
    ))


def _count(value: float) -> str:
    """A projected count, or c below the suppression threshold."""
    return SUPPRESSED if round(value) < THRESHOLD else f"{value:,.0f}"


def _shown_bands(counts: pd.Series) -> dict[str, float | None]:
    """Band → count, None where suppressed: below 5, and the next smallest with it since the total is shown."""
    values = [float(counts[band]) for band in scenarios.BANDS]
    return {band: None if hide else value for band, value, hide in zip(scenarios.BANDS, values, suppress_mask([round(v) for v in values]))}


def _shown_text(value: float | None) -> str:
    return SUPPRESSED if value is None else f"{value:,.0f}"


def _money(value: float) -> str:
    return "" if pd.isna(value) else scenarios.money(value)


def scenario_results(scenario: scenarios.Scenario) -> dict[str, scenarios.ScenarioResult]:
    """The report's two projections on its own assumptions, then ``scenario`` when it is neither,
    keyed by the name a reader knows them by."""
    evidence = scenarios.load_evidence()
    published = scenarios.Scenario.published(evidence)
    named = {
        scenarios.STORE_METHOD[scenarios.CORPORATE]: published,
        scenarios.STORE_METHOD[scenarios.LAIT]: replace(published, method=scenarios.LAIT),
    }
    if scenario not in named.values():
        named[THIS_SCENARIO] = scenario
    return {name: scenarios.evaluate(s, evidence) for name, s in named.items()}


THIS_SCENARIO = "This scenario"


def projection_headline(name: str, result: scenarios.ScenarioResult) -> str:
    """The issue's one-line summary of a projection: cohort, workers, and each option's gap."""
    total = result.cohort.set_index("band").loc[scenarios.TOTAL]
    costed_on = result.scenario.costed_on
    subject = "The chosen scenario" if name == THIS_SCENARIO else f"The {name} projection"
    return findings.projection_finding(
        subject, total["projected"], scenarios.truncated_percent(total["change_percent"]), f"{result.end_date:%B %Y}",
        result.lcw_total(costed_on), f"scenario {costed_on}", [(r.label, r.variance) for r in result.options.itertuples()],
    )


def variance_title(options: pd.DataFrame) -> str:
    """'Option B In-house is £60,650 short of the budget, Option A Outsourced £85,400 short':
    the options from the best variance to the worst (``ScenarioResult.options``)."""
    parts = []
    for i, r in enumerate(options.sort_values("variance", ascending=False).itertuples()):
        if i == 0:
            parts.append(f"{r.label} is {findings.money(r.variance)} {'short of' if r.variance < 0 else 'within'} the budget")
        else:
            parts.append(f"{r.label} {findings.money(r.variance)} {'short' if r.variance < 0 else 'within'}")
    return ", ".join(parts)


def _scenario_name(ctx: Context, results: dict[str, scenarios.ScenarioResult]) -> str:
    return THIS_SCENARIO if THIS_SCENARIO in results else next(n for n, r in results.items() if r.scenario == ctx.scenario)


def _scenario(ctx: Context) -> Section:
    note = _missing_note(ctx, ("scenario",))
    if note:
        return Section("scenario", SECTION_TITLES["scenario"], (note,))
    plan = ctx.wording.plan
    evidence = scenarios.load_evidence()
    result = scenarios.evaluate(ctx.scenario, evidence)
    s = result.scenario
    blocks: list[Block] = []
    if result.is_published:
        blocks.append(Text(
            f"This pack uses the {plan}'s own assumptions: the {scenarios.STORE_METHOD[s.method]} projection to "
            f"{result.end_date:%B %Y}; caseloads of {s.caseload_16_20:g} (aged 16-20) and {s.caseload_21_plus:g} (aged 21+) per "
            f"Leaving Care Worker, or {s.caseload_all:g} for everyone; both delivery options costed on scenario {s.costed_on}."
        ))
    else:
        blocks.append(Text(
            f"{len(result.changes)} assumption{'s differ' if len(result.changes) != 1 else ' differs'} from the {plan}'s; "
            "the published figures are shown beside this scenario's."
        ))
        blocks.append(Table(
            "scenario_assumptions", f"Assumptions that differ from the {plan}'s.",
            pd.DataFrame([{"Assumption": c.label, plan: c.published, "This scenario": c.scenario} for c in result.changes]),
        ))
    if ctx.ignored:
        blocks.append(Text("Left out of the scenario link as not valid: " + ", ".join(ctx.ignored) + ".", "note"))
    blocks.append(Findings((
        result.findings.cohort, result.findings.workforce, *result.findings.options.values(), result.findings.budget,
    )))

    at_horizon = result.lcw[result.lcw["as_at"] == result.end_date]
    lcw_table = pd.DataFrame({
        "Caseload scenario": [f"Scenario {r.scenario}: {r.group}" for r in at_horizon.itertuples()],
        "Care leavers": [_count(c) for c in at_horizon["cohort"]],
        "Caseload per LCW": ["" if pd.isna(c) else f"{c:g}" for c in at_horizon["caseload_per_fte"]],
        "LCWs needed (FTE)": [f"{f:.1f}" for f in at_horizon["fte_rounded"]],
        "Published (FTE)": ["" if pd.isna(f) else f"{f:.1f}" for f in at_horizon["published_fte"]],
    })
    blocks.append(Table(
        "scenario_lcws", f"Leaving Care Workers needed at {result.end_date:%B %Y}, beside the {plan}'s published figures "
        f"for {evidence.published_date:%B %Y}. The options are costed on {scenarios.fte(result.costed_fte)}.",
        lcw_table, numeric=("Care leavers", "Caseload per LCW", "LCWs needed (FTE)", "Published (FTE)"),
    ))

    options = result.options
    published_variance = [None if pd.isna(v) else float(v) for v in options["published_variance"]]
    fig = figures.variance_bars(
        options["label"].tolist(), options["variance"].astype(float).tolist(), published_variance,
        title=variance_title(options),
        source=f"{sources.evidence_sources()['budget_lines']}; LCW cost not published (an assumption)", as_at=f"{result.end_date:%b %Y}",
    )
    alt = "Bar chart of each option's variance to the budget after the UASC contribution: " + "; ".join(
        f"{r.label}: {findings.variance_clause('', r.variance).strip()}"
        + ("" if pd.isna(r.published_variance) else f" (published: {scenarios.money(r.published_variance)})")
        for r in options.itertuples()
    )
    blocks.append(Chart(
        "fig-scenario-variance", fig, alt,
        options[["label", "lcw_fte", "cost", "uasc_contribution", "offsets", "variance", "published_variance"]].rename(columns={"label": "option"}),
    ))
    names = options["option"].tolist()
    table_16 = pd.DataFrame(
        [
            {"Item": r["label"]}
            | {f"{result.option(n)['label']}": _money(r[n]) for n in names}
            | {f"Published, {result.option(n)['label']}": _money(r[f"published_{n}"]) for n in names}
            for _, r in result.table_16.iterrows()
        ]
    )
    blocks.append(Table(
        "scenario_budget", f"The budget, this scenario beside the {plan}'s published figures (£ a year).",
        table_16, numeric=tuple(table_16.columns[1:]),
    ))
    return Section("scenario", SECTION_TITLES["scenario"], tuple(blocks))


def _projections(ctx: Context) -> Section:
    note = _missing_note(ctx, ("scenario",))
    if note:
        return Section("projections", SECTION_TITLES["projections"], (note,))
    results = scenario_results(ctx.scenario)
    evidence = scenarios.load_evidence()
    corporate = results[scenarios.STORE_METHOD[scenarios.CORPORATE]]
    lait = results[scenarios.STORE_METHOD[scenarios.LAIT]]
    printed_lait = corporate.cohort.set_index("band")["published_lait"]
    lait_change = evidence.published_change_percent.get(scenarios.STORE_METHOD[scenarios.LAIT])
    items = [projection_headline(name, r) for name, r in results.items()]
    printed = f"The published LAIT column, {printed_lait[scenarios.TOTAL]:,} care leavers by {evidence.published_date:%B %Y}" + (
        f" (+{lait_change:g}%)" if lait_change is not None else "")
    if lait.projected_total == printed_lait[scenarios.TOTAL]:
        reading = f"{printed}, is what the growth rates it states give"
    else:
        reading = f"{printed}, cannot be rebuilt from the growth rates it states, which give {lait.projected_total:,}"
    items.append(f"{reading}; the options are costed on the {scenarios.STORE_METHOD[scenarios.CORPORATE]} projection.")
    if THIS_SCENARIO not in results:
        items.append(f"This pack's scenario is the {_scenario_name(ctx, results)} projection on the {ctx.wording.plan}'s own assumptions.")

    start = corporate.cohort.set_index("band")["start"]
    columns = {f"{corporate.start_date:%b %Y} (published)": start}
    columns |= {f"{name} ({r.end_date:%b %Y})": r.cohort.set_index("band")["projected"] for name, r in results.items()}
    columns[f"LAIT as printed ({evidence.published_date:%b %Y})"] = printed_lait
    shown = {name: _shown_bands(col) for name, col in columns.items()}
    totals = [float(sum(col[b] for b in scenarios.BANDS)) for col in columns.values()]
    fig = figures.stacked_projection(
        [n.replace(" (", "<br>(") for n in columns],
        {f"Aged {band}": [shown[name][band] for name in columns] for band in scenarios.BANDS}, totals,
        title=(
            f"By {corporate.end_date:%b %Y}: {corporate.projected_total:,} care leavers on the {scenarios.STORE_METHOD[scenarios.CORPORATE]} "
            f"projection, {lait.projected_total:,} on the LAIT growth rates"
        ),
        y_title="Care leavers (count)", source=f"{sources.evidence_sources()['projections_published']}; projections rebuilt by analytics.scenarios",
        as_at=f"{corporate.start_date:%b %Y}",
    )
    alt = "Stacked bar chart of care leavers by age band: " + "; ".join(
        f"{name}: " + ", ".join(f"{band} {_shown_text(shown[name][band])}" for band in scenarios.BANDS) + f", total {_count(total)}"
        for name, total in zip(columns, totals)
    )
    data = pd.DataFrame(
        [{"projection": name, "band": band, "care_leavers": _shown_text(shown[name][band])} for name in columns for band in scenarios.BANDS]
    )
    compared = scenarios.comparison(results)
    table = pd.DataFrame(
        {"Measure": compared["measure"]}
        | {
            name: [_count(v) if u == "care leavers" else scenarios.format_measure(v, u) for v, u in zip(compared[name], compared["unit"])]
            for name in results
        }
    )
    return Section("projections", SECTION_TITLES["projections"], (
        Findings(tuple(items)),
        Chart("fig-projections", fig, alt, data),
        Table("projection_comparison", f"Each projection carried through to Leaving Care Workers and the budget, at {corporate.end_date:%B %Y}.",
              table, numeric=tuple(results)),
    ))


def _sources(ctx: Context) -> Section:
    cites = sources.citations()
    frame = pd.DataFrame({"Evidence": cites["evidence"].astype(str), "Source": cites["source"].astype(str)})
    return Section("sources", SECTION_TITLES["sources"], (
        Text(
            f"Published figures: {ctx.wording.evidence_document}. Record-level breakdowns: "
            + ("synthetic data calibrated to those figures." if ctx.synthetic else "the authority's SSDA903 and provider returns.")
        ),
        Table("sources", "Where each published figure in this pack comes from.", frame),
    ))


SECTION_BUILDERS: dict[str, Callable[[Context], Section]] = {
    "cover": _cover,
    "findings": _findings,
    "rag_table": _rag_table,
    "cohort": _cohort,
    "uasc": _uasc,
    "scenario": _scenario,
    "projections": _projections,
    "sources": _sources,
}
SECTIONS: tuple[str, ...] = tuple(SECTION_TITLES)


def parse_scenario(query: str | None) -> scenarios.ParsedQuery:
    """A scenario from a link's query string: the Scenarios page's own parameters
    ('caseload_16_20=18&method=growth-rate'), a whole address holding them, or the Briefing page's
    'scenario=' parameter that wraps them. Blank gives the published plan's scenario."""
    text = (query or "").strip()
    text = text.split("?", 1)[1] if "?" in text else text
    params = urllib.parse.parse_qs(text, keep_blank_values=True)
    if "scenario" in params:
        params = urllib.parse.parse_qs(params["scenario"][-1], keep_blank_values=True)
    return scenarios.parse_query(params)


def context(period: str | None = None, generated: dt.date | None = None, scenario_query: str | None = None) -> Context:
    """The pack's period (default: the latest), the snapshot that closes it, the store's authority
    and the commissioning scenario."""
    frame = performance.published_kpis()
    periods = list(dict.fromkeys(frame["period"]))
    if not periods:
        raise ValueError(performance.missing_values_text())
    period = period or periods[-1]
    if period not in periods:
        raise ValueError(f"unknown period {period!r}; choose from {', '.join(periods)}")
    row = frame.loc[frame["period"] == period].iloc[0]
    closing = row["snapshot_date"] if pd.notna(row["snapshot_date"]) else pd.Timestamp(row["period_end"]) + pd.Timedelta(days=1)
    snapshot = pd.Timestamp(closing).date()
    # The cohort sections read the store's snapshot that closes the period, or the latest before it.
    held = cohort.snapshot_dates()
    if held and snapshot not in held:
        snapshot = max((d for d in held if d <= snapshot), default=held[0])
    info = sources.build_info()
    missing = {need: sources.missing_evidence(tables, ids) for need, (tables, ids) in NEEDS.items()}
    scenario, ignored = None, ()
    if not missing["scenario"]:
        parsed = parse_scenario(scenario_query)
        scenario, ignored = parsed.scenario, parsed.ignored
    cfg = config.load()
    return Context(
        period, snapshot, info.authority, info.synthetic, generated or dt.date.today(), scenario, ignored,
        wording=cfg.wording, pack=info.pack or cfg.slug, missing=missing,
    )


def build_sections(ctx: Context, sections: Sequence[str] = SECTIONS) -> list[Section]:
    """The chosen sections, always in pack order."""
    unknown = [s for s in sections if s not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}; choose from {', '.join(SECTIONS)}")
    return [SECTION_BUILDERS[s](ctx) for s in SECTIONS if s in sections]


def file_name(authority: str, period: str, suffix: str = "html") -> str:
    """'northshire-county-council-leaving-care-briefing-2023-24-q2.html'."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{authority} leaving care briefing {period}".lower()).strip("-")
    return f"{slug}.{suffix}"


# --- HTML -----------------------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text))


def figure_html(fig: go.Figure, *, div_id: str, alt: str) -> str:
    """A chart with its text alternative; fixed width so it prints inside A4 margins, and no tool bar
    (it would print)."""
    fig = plain_links(figures.wrap_source(figures.wrap_title(go.Figure(fig), PRINT_TITLE_CHARS), PRINT_SOURCE_CHARS))
    fig.update_layout(width=PRINT_WIDTH_PX)
    fig.update_yaxes(automargin=True)
    plot = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displayModeBar": False, "responsive": False})
    return (
        f'<figure role="group" aria-labelledby="{div_id}-alt">{plot}'
        f'<figcaption id="{div_id}-alt"><span class="alt-label">Text alternative:</span> {_esc(alt)}</figcaption></figure>'
    )


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
    return f"<table><caption>{_esc(table.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def block_html(block: Block) -> str:
    if isinstance(block, Findings):
        return "<ol class='findings'>" + "".join(f"<li>{_esc(i)}</li>" for i in block.items) + "</ol>"
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, Chart):
        return figure_html(block.figure, div_id=block.chart_id, alt=block.alt)
    lead = f"<strong>{_esc(block.lead)}</strong> " if block.lead else ""
    if block.style == "title":
        return f"<h1>{_esc(block.text)}</h1>"
    return f"<p class='{block.style}'>{lead}{_esc(block.text)}</p>"


# Status shading behind a label that names the status: pale enough for body text to keep AA contrast.
RAG_BACKGROUND = {"green": "#d6f0e5", "amber": "#fde9c4", "red": "#f9d3c4"}

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #1f1f1f; background: #ffffff; font-size: 11pt; line-height: 1.45; max-width: 680px; margin: 0 auto; }
h1 { font-size: 22pt; margin: 0.2em 0; } h2 { font-size: 15pt; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }
section { page-break-after: always; break-after: page; padding: 8px 0; }
section:last-of-type { page-break-after: auto; break-after: auto; }
.cover { padding-top: 30mm; } .cover .note { margin-top: 24mm; } .authority { font-size: 14pt; color: #3a3a3a; } .meta { color: #3a3a3a; }
.notice { border-left: 5px solid #0072B2; background: #eef5fb; padding: 8px 12px; }
.note { font-size: 9.5pt; color: #3a3a3a; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 9.5pt; }
thead { display: table-header-group; } tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #8c8c8c; padding: 4px 6px; text-align: left; vertical-align: top; }
caption { text-align: left; font-style: italic; margin-bottom: 4px; color: #3a3a3a; }
td.num { text-align: right; }
.rag { font-weight: bold; color: #1f1f1f; }
figure { margin: 8px 0 16px; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #3a3a3a; margin-top: 4px; }
.alt-label { font-weight: bold; }
ol.findings li { margin-bottom: 6px; }
@media print { a { color: inherit; } }
""" + "".join(f".rag-{rag} {{ background: {colour}; }} " for rag, colour in RAG_BACKGROUND.items())


def render_html(ctx: Context, built: Sequence[Section]) -> str:
    """The pack as one HTML document: the cover is labelled by its title, every other section by its heading."""
    body = "".join(
        (
            f"<section id='{s.section_id}' class='{s.section_id}' aria-label='{_esc(s.title)}'>"
            if s.section_id == "cover"
            else f"<section id='{s.section_id}' class='{s.section_id}' aria-labelledby='h-{s.section_id}'><h2 id='h-{s.section_id}'>{_esc(s.title)}</h2>"
        )
        + "".join(block_html(b) for b in s.blocks) + "</section>"
        for s in built
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(ctx.authority)}: Leaving Care Service scrutiny briefing, {_esc(ctx.period)}</title><style>{CSS}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>{body}</body></html>"
    )


def build_pack(
    *, period: str | None = None, sections: Sequence[str] = SECTIONS, generated: dt.date | None = None, scenario_query: str | None = None,
) -> str:
    ctx = context(period, generated, scenario_query)
    return render_html(ctx, build_sections(ctx, sections))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the scrutiny briefing pack as one self-contained HTML file.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--period", default=None, help="KPI period, e.g. '2023-24 Q2' (default: latest)")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, from: {', '.join(SECTIONS)}")
    parser.add_argument(
        "--scenario", default=None,
        help="the Scenarios page's query string, e.g. 'caseload_16_20=18&method=growth-rate' (default: the published plan's)",
    )
    args = parser.parse_args(argv)
    try:
        ctx = context(args.period, None, args.scenario)
        pack = render_html(ctx, build_sections(ctx, [s.strip() for s in args.sections.split(",") if s.strip()]))
    except (ValueError, FileNotFoundError) as exc:
        # ConfigError is a ValueError and a missing store a FileNotFoundError: both are the user's to fix.
        print(f"briefing: {exc}", file=sys.stderr)
        return 2
    for parameter in ctx.ignored:
        print(f"briefing: ignored scenario parameter {parameter} (unknown name or not a valid value)", file=sys.stderr)
    args.out.write_text(pack, encoding="utf-8")
    print(f"wrote {args.out} ({len(pack) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
