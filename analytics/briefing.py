"""The scrutiny briefing pack's content: its findings, tables and the numbers behind each chart.

Each finding is stated in plain English from the same analytics the dashboard uses, each chart comes
with a text alternative and the data it shows, and the source of every figure is listed. Status is
never colour alone: every status cell carries its label and arrow.

A pack is a list of :class:`Section`, each an ordered list of blocks (:class:`Text`,
:class:`Findings`, :class:`Table`, :class:`Chart`). :func:`build_sections` makes them as data; this
module draws nothing. ``report.briefing_html`` draws the charts and prints the sections as one
self-contained HTML file for A4, and the Briefing page draws the same sections natively, so the
preview and the download cannot disagree.

The cohort and former-UASC sections are read at the snapshot that closes the KPI period (a period
ending 30 September is read at the 1 October snapshot), so one pack describes one moment. A section
whose evidence the authority's pack lacks says so, naming the files that would fill it, and shows
no other authority's figures.

    python -m report.briefing_html --out briefing.html [--period "2023-24 Q2"] [--sections cover,findings,...]
        [--scenario "caseload_16_20=18&method=growth-rate"]

(``python -m analytics.briefing`` runs the same command.)

The commissioning scenario (``analytics.scenarios``) is the authority's published plan's own unless a
scenario link's query string says otherwise; the projection comparison always sets it beside the
report's two projections.

Example::

    >>> [s.title for s in build_sections(context(), ("cover", "findings"))]
    ['Cover', 'Headline findings']
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analytics import cohort, config, findings, formatting, glossary, headlines, performance, scenarios, sources, uasc
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_frame, suppress_mask
from analytics.projections import TOTAL

SNAPSHOT_SOURCE = "synthetic record-level snapshots calibrated to the published cohort"


@dataclass(frozen=True)
class Context:
    """What one pack describes. ``scenario`` is the commissioning scenario (the published plan's own
    unless a scenario link says otherwise; None when the pack has no scenario evidence); ``ignored``
    lists link parameters that were not valid, as 'name=value'. ``missing`` maps each evidence need
    ('records', 'scenario', 'uasc') to what the pack lacks for it; ``pack`` is the pack's folder name;
    ``scenario_query`` is the scenario as the Scenarios page writes it in its address ('' for the published one)."""

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
    scenario_query: str = ""

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
    """A chart as data: ``kind`` names the ``viz.figures`` drawing and ``args``/``kwargs`` are what it
    is drawn from (plain values, already suppressed); ``alt`` is its text alternative and ``data`` the
    aggregate it shows (suppressed, user-facing column names) for its table and CSV download."""

    chart_id: str
    kind: str
    args: tuple[object, ...]
    kwargs: Mapping[str, object]
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

long_date = formatting.day


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
    "glossary": "Words used",
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


def cohort_finding(snapshot_date: dt.date) -> str:
    """The cohort headline (``analytics.headlines.cohort``, as the Overview shows it) in a sentence."""
    return headlines.cohort(snapshot_date).finding()


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
        "arrow for the direction of travel, so the pack reads the same in black and white. Abbreviations such as EET and "
        "UASC are explained in the last section, Words used.", "note",
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
    tiles = performance.kpi_tiles(ctx.period)
    # One name per KPI wherever it appears: the short name the Overview's tiles use.
    names = {t.kpi_id: t.short_name for t in tiles}
    value = findings.kpi_value
    frame = pd.DataFrame(
        [
            # Status first after the name, so a narrow screen shows it without scrolling sideways.
            {"KPI": names.get(row.kpi_id, row.name), "Status": row.status_label, "Direction": f"{row.arrow} {row.judgement}",
             "Target (tolerance)": f"{value(row.target)} ({row.lower:g}–{row.upper:g})"}
            | {p: value(v) for p, v in zip(table.periods, row.values)}
            for row in table.rows
        ]
    )
    alt = "; ".join(
        f"{t.short_name} {value(t.value, t.unit)} against a target of {value(t.target, t.unit)}: {t.status.label.lower()}, {t.direction.judgement}"
        for t in tiles
    )
    data = pd.DataFrame(
        [
            {"KPI": t.short_name, "Period": t.period, "Value (%)": t.value, "Target (%)": t.target,
             "Tolerance from (%)": t.band.lower, "Tolerance to (%)": t.band.upper, "Status": t.status.label,
             "Direction": f"{t.direction.arrow} {t.direction.judgement}"}
            for t in tiles
        ]
    )
    chart = Chart(
        "fig-kpi", "kpi_against_targets",
        ([t.short_name for t in tiles], [t.value for t in tiles], [t.target for t in tiles],
         [t.band.lower for t in tiles], [t.band.upper for t in tiles], [t.status.rag for t in tiles],
         [f"{t.status.label} {t.direction.arrow}" for t in tiles]),
        dict(title=performance.status_headline(tiles), period=ctx.period,
             source=sources.kpi_value_sources(ctx.period) or "provider KPI returns"),
        alt, data,
    )
    return Section("rag_table", SECTION_TITLES["rag_table"], (
        Findings((performance.status_headline(tiles) + ".",)),
        Table(
            f"kpis_{ctx.period}",
            "Provider KPIs by period. Status compares the latest value with the target "
            "and its tolerance band; the arrow shows the movement since the previous period.",
            frame, rag=tuple(row.rag for row in table.rows), numeric=tuple(table.periods),
        ),
        chart,
    ))


def _cohort(ctx: Context) -> Section:
    note = _missing_note(ctx, ("records",))
    if note:
        return Section("cohort", SECTION_TITLES["cohort"], (note,))
    ages = cohort.cohort_by_age_band(ctx.snapshot_date)
    finding = cohort.age_band_finding(ages)
    shown = suppress_frame(ages, "care_leavers", share_cols=["percent"])
    alt = f"Bar chart of care leavers by age band at {long_date(ctx.snapshot_date)}: " + "; ".join(
        f"{r.age_band}: {r.care_leavers}" + ("" if r.suppressed else f" ({r.percent:.0f}%)") for r in shown.itertuples()
    )
    data = shown.drop(columns="suppressed").rename(
        columns={"age_band": "Age band", "care_leavers": "Care leavers", "percent": "Share of the cohort (%)"},
    ).assign(Snapshot=long_date(ctx.snapshot_date))
    return Section("cohort", SECTION_TITLES["cohort"], (
        Findings((cohort_finding(ctx.snapshot_date), finding + ".")),
        Chart("fig-cohort", "cohort_by_age", (ages,), dict(
            title=finding, as_at=ctx.snapshot_date, source=SNAPSHOT_SOURCE if ctx.synthetic else "record-level snapshots",
        ), alt, data),
    ))


UASC_COLUMNS = {
    "age": "Age (years)", "snapshot_date": "Snapshot", "care_leavers": "Care leavers", "former_uasc": "Former UASC",
    "percent": "Former UASC (%)", "published_percent": "Published former UASC (%)",
}


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
    share_chart = (
        "uasc_share_by_age",
        (shown_age["age"].tolist(), _visible(shown_age["percent"], shown_age["suppressed"]),
         published["age"].tolist(), published["published_percent"].astype(float).tolist()),
        dict(title=share_finding, snapshot=snapshot, published_label="Published",
             source=f"{SNAPSHOT_SOURCE}; published: {cited['uasc_share_by_age']}"),
    )
    published_at = dict(zip(published["age"], published["published_percent"]))
    share_alt = f"Bar chart of the former-UASC share of care leavers at each age at {long_date(snapshot)}, beside the published shares: " + "; ".join(
        f"age {r.age}: " + (SUPPRESSED if r.suppressed else f"{r.percent:.0f}%")
        + (f" (published {published_at[r.age]:g}%)" if r.age in published_at else "")
        for r in shown_age.itertuples()
    )

    points = shown_trend[~shown_trend["suppressed"]]
    trend_chart = (
        "count_trend",
        (points["snapshot_date"].tolist(), points["former_uasc"].astype(int).tolist()),
        dict(name="Former-UASC care leavers", title=growth.title(), y_title="Former-UASC care leavers (count)",
             source=f"{SNAPSHOT_SOURCE}; published: {ctx.wording.evidence_short}", as_at=snapshot),
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
        Chart("fig-uasc-age", *share_chart, share_alt,
              shown_age[["age", "care_leavers", "former_uasc", "percent", "published_percent"]].rename(columns=UASC_COLUMNS)
              .assign(Snapshot=long_date(snapshot))),
        Chart("fig-uasc-trend", *trend_chart, trend_alt,
              shown_trend[["snapshot_date", "care_leavers", "former_uasc", "percent"]].rename(columns=UASC_COLUMNS)),
        Table("uasc_nts_threshold", "The National Transfer Scheme (NTS): a council may refuse NTS referrals once the UASC "
              "in its care reach the threshold.", nts_table, numeric=("Value",)),
    ))


def _count(value: float) -> str:
    """A projected count, or c below the suppression threshold."""
    return SUPPRESSED if round(value) < THRESHOLD else f"{value:,.0f}"


def _shown_bands(counts: pd.Series, bands: Sequence[str]) -> dict[str, float | None]:
    """Band → count, None where suppressed: below 5, and the next smallest with it since the total is shown."""
    values = [float(counts[band]) for band in bands]
    return {band: None if hide else value for band, value, hide in zip(bands, values, suppress_mask([round(v) for v in values]))}


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
    total = result.cohort.set_index("band").loc[TOTAL]
    costed_on = result.scenario.costed_on
    subject = "The chosen scenario" if name == THIS_SCENARIO else f"The {name} projection"
    needed = result.lcw_total(costed_on)
    # The options are priced on whole posts (33.0 for 32.7 needed): say so where the two differ.
    workforce = f"scenario {costed_on}" + (
        f", costed as {formatting.fte(result.costed_fte)} of whole posts" if formatting.fte(result.costed_fte) != formatting.fte(needed) else ""
    )
    return findings.projection_finding(
        subject, total["projected"], scenarios.truncated_percent(total["change_percent"]), f"{result.end_date:%B %Y}",
        needed, workforce, [(r.label, r.variance) for r in result.options.itertuples()],
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
    alt = "Bar chart of each option's variance to the budget after the UASC contribution: " + "; ".join(
        f"{r.label}: {findings.variance_clause('', r.variance).strip()}"
        + ("" if pd.isna(r.published_variance) else f" (published: {scenarios.money(r.published_variance)})")
        for r in options.itertuples()
    )
    blocks.append(Chart(
        "fig-scenario-variance", "variance_bars",
        (options["label"].tolist(), options["variance"].astype(float).tolist(), published_variance),
        dict(title=variance_title(options),
             source=f"{sources.evidence_sources()['budget_lines']}; LCW cost not published (an assumption)", as_at=f"{result.end_date:%b %Y}"),
        alt,
        options[["label", "lcw_fte", "cost", "uasc_contribution", "offsets", "variance", "published_variance"]].rename(columns={
            "label": "Option", "lcw_fte": "LCWs costed (FTE)", "cost": "Cost (£ a year)", "uasc_contribution": "UASC contribution (£ a year)",
            "offsets": "Offsets (£ a year)", "variance": "Variance to budget (£ a year)", "published_variance": "Published variance (£ a year)",
        }),
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
    printed = f"The published LAIT column, {printed_lait[TOTAL]:,} care leavers by {evidence.published_date:%B %Y}" + (
        f" (+{lait_change:g}%)" if lait_change is not None else "")
    if lait.projected_total == printed_lait[TOTAL]:
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
    bands = evidence.bands.labels
    shown = {name: _shown_bands(col, bands) for name, col in columns.items()}
    totals = [float(sum(col[b] for b in bands)) for col in columns.values()]
    drawn = (
        "stacked_projection",
        ([n.replace(" (", "<br>(") for n in columns],
         {f"Aged {band}": [shown[name][band] for name in columns] for band in bands}, totals),
        dict(
            title=(
                f"By {corporate.end_date:%b %Y}: {formatting.count(corporate.projected_total)} care leavers on the "
                f"{scenarios.STORE_METHOD[scenarios.CORPORATE]} projection, {formatting.count(lait.projected_total)} on the LAIT growth rates"
            ),
            y_title="Care leavers (count)",
            source=f"{sources.evidence_sources()['projections_published']}; projections rebuilt from the published assumptions",
            as_at=f"{corporate.start_date:%b %Y}",
        ),
    )
    alt = "Stacked bar chart of care leavers by age band: " + "; ".join(
        f"{name}: " + ", ".join(f"{band} {_shown_text(shown[name][band])}" for band in bands) + f", total {_count(total)}"
        for name, total in zip(columns, totals)
    )
    data = pd.DataFrame(
        [{"Projection": name, "Age band": band, "Care leavers": _shown_text(shown[name][band])} for name in columns for band in bands]
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
        Chart("fig-projections", *drawn, alt, data),
        Table("projection_comparison", f"Each projection carried through to Leaving Care Workers and the budget, at {corporate.end_date:%B %Y}.",
              table, numeric=tuple(results)),
    ))


def _sources(ctx: Context) -> Section:
    cites = sources.citations()
    # One row per kind of evidence, its sources in the order cited, so the list prints on one page.
    frame = (
        pd.DataFrame({"Evidence": cites["evidence"].astype(str), "Sources": cites["source"].astype(str)})
        .groupby("Evidence", sort=False)["Sources"].agg(lambda s: "; ".join(dict.fromkeys(v for v in s if v.strip())))
        .reset_index()
    )
    return Section("sources", SECTION_TITLES["sources"], (
        Text(
            f"Published figures: {ctx.wording.evidence_document}. Record-level breakdowns: "
            + ("synthetic data calibrated to those figures." if ctx.synthetic else "the authority's SSDA903 and provider returns.")
        ),
        Table("sources", "Where each published figure in this pack comes from.", frame),
    ))


def _glossary(ctx: Context) -> Section:
    # Councillors are not analysts: every abbreviation and term of art in the pack is explained.
    return Section("glossary", SECTION_TITLES["glossary"], (
        Table("glossary", "What the abbreviations and terms in this pack mean.", glossary.words(config.load().glossary)),
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
    "glossary": _glossary,
}
SECTIONS: tuple[str, ...] = tuple(SECTION_TITLES)
# What a reader picks: every section but the words used, which end every pack (the cover says so).
CHOOSABLE: tuple[str, ...] = tuple(s for s in SECTIONS if s != "glossary")


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
    # The cohort sections read the snapshot that closes the period, as the Overview does.
    snapshot = headlines.period_snapshot(period)
    info = sources.build_info()
    missing = {need: sources.missing_evidence(tables, ids) for need, (tables, ids) in NEEDS.items()}
    scenario, ignored = None, ()
    if not missing["scenario"]:
        parsed = parse_scenario(scenario_query)
        scenario, ignored = parsed.scenario, parsed.ignored
    cfg = config.load()
    # Worked out once here: it reads the published plan from the store, and the page asks for it at every rerun.
    query = urllib.parse.urlencode(scenarios.to_query(scenario)) if scenario is not None else ""
    return Context(
        period, snapshot, info.authority, info.synthetic, generated or dt.date.today(), scenario, ignored,
        wording=cfg.wording, pack=info.pack or cfg.slug, missing=missing, scenario_query=query,
    )


def build_sections(ctx: Context, sections: Sequence[str] = SECTIONS) -> list[Section]:
    """The chosen sections, always in pack order, and the words used after them."""
    unknown = [s for s in sections if s not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}; choose from {', '.join(CHOOSABLE)}")
    wanted = set(sections) | ({"glossary"} if sections else set())
    return [SECTION_BUILDERS[s](ctx) for s in SECTIONS if s in wanted]


def file_name(authority: str, period: str, suffix: str = "html") -> str:
    """'northshire-county-council-leaving-care-briefing-2023-24-q2.html'."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{authority} leaving care briefing {period}".lower()).strip("-")
    return f"{slug}.{suffix}"


def main(argv: list[str] | None = None) -> int:
    """``python -m analytics.briefing``, kept for scripts that call it: the pack is drawn and written by
    ``report.briefing_html``, which is imported only when the command runs, so analytics draws nothing."""
    from report import briefing_html

    return briefing_html.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
