"""Cached reads, words and figures for the Cohort and Former UASC pages (the ``ui.data`` pattern: keys
are small values and the store's version token, never DataFrames). Figures are built once per
distinct input (``ui.charts.FIGURE_CACHE``), so a rerun only places them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import cohort, config, formatting, sources, uasc
from analytics.disclosure import SUPPRESSED
from analytics.sources import pack_location
from ui import charts
from ui.data import version
from viz import cohort as viz_cohort
from viz import uasc as viz_uasc
from viz.chart import Chart, chart

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _filter_options(version: str) -> cohort.FilterOptions:
    return cohort.filter_options()


def filter_options() -> cohort.FilterOptions:
    return _filter_options(version())


@st.cache_data(**_CACHE)
def _cohort_profile(snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str) -> pd.DataFrame:
    return cohort.cohort_profile(cohort.CohortFilters(snapshot_date, age_band, is_uasc, location))


@st.cache_data(**_CACHE)
def _cohort_trend_by_age_band(
    snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str
) -> pd.DataFrame:
    return cohort.cohort_trend_by_age_band(cohort.CohortFilters(snapshot_date, age_band, is_uasc, location))


@st.cache_data(**_CACHE)
def _published_profile(version: str) -> pd.DataFrame:
    return cohort.published_profile()


@st.cache_data(**_CACHE)
def _uasc_share_by_age(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.share_by_age(snapshot_date)


@st.cache_data(**_CACHE)
def _uasc_trend(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.uasc_trend(snapshot_date)


@st.cache_data(**_CACHE)
def _uasc_growth(snapshot_date: dt.date, version: str) -> uasc.UascGrowth:
    return uasc.uasc_growth(uasc.uasc_trend(snapshot_date))


@st.cache_data(**_CACHE)
def _uasc_published(version: str) -> tuple[uasc.ShareOutlook, uasc.NtsDefaults]:
    return uasc.share_outlook(), uasc.nts_defaults()


def uasc_published() -> tuple[uasc.ShareOutlook, uasc.NtsDefaults]:
    """The published share outlook and NTS inputs."""
    return _uasc_published(version())


@st.cache_data(**_CACHE)
def _uasc_settings(version: str, pack: str) -> tuple[uasc.GrantRates | None, float | None]:
    try:
        rates = uasc.published_grant_rates()
    except KeyError:
        rates = None
    try:
        share = uasc.contribution_share_percent()
    except KeyError:
        share = None
    return rates, share


def uasc_settings() -> tuple[uasc.GrantRates | None, float | None]:
    """The grant rates and UASC contribution share (the pack's settings, else its reference figures;
    None where it has neither)."""
    return _uasc_settings(version(), str(config.config_path()))


@st.cache_data(**_CACHE)
def _uasc_eet(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.eet_by_uasc(snapshot_date)


@st.cache_data(**_CACHE)
def _uasc_grant_cohort(snapshot_date: dt.date, version: str) -> dict[str, int]:
    return uasc.grant_cohort(snapshot_date)


# --- Figures and the words beside them: built once per distinct input (ui.charts.FIGURE_CACHE) ----
#
# A chart function returns a Chart, or the sentence to show instead when there is nothing to draw
# (nobody in the selection, or too few to show): a sentence, never an empty axis.

FLAGS = "flags"


def _key(filters: cohort.CohortFilters) -> tuple[dt.date, str | None, bool | None, str | None]:
    return filters.snapshot_date, filters.age_band, filters.uasc, filters.location


@st.cache_data(**_CACHE)
def _sources(version: str, pack: str) -> tuple[str, str, str]:
    """The records' name (synthetic or not), the published cohort's citation and the evidence's short name."""
    cfg = config.load()
    records = "synthetic record-level snapshots" if sources.build_info().synthetic else "record-level snapshots"
    return records, cfg.wording.cohort_source, cfg.wording.evidence_short


@dataclass(frozen=True)
class CohortWords:
    """Everything the Cohort page says about one selection."""

    total_text: str
    subject: str
    empty: str | None  # the sentence in place of the breakdowns, when there is nobody or too few
    published_caption: str
    legal_status_note: str
    open_cases_caption: str | None


@st.cache_data(**_CACHE)
def _cohort_words(snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str) -> CohortWords:
    filters = cohort.CohortFilters(snapshot_date, age_band, is_uasc, location)
    profile = _cohort_profile(snapshot_date, age_band, is_uasc, location, version)
    published = _published_profile(version)
    total = cohort.profile_total(profile)
    cfg = config.load()
    if published.empty:
        caption = (
            f"The {cfg.short_name} pack has no published cohort (`{pack_location(cfg)[0]}/cohort_published.csv`), so only "
            "the record-level figures are shown. Counts below 5 are shown as c, with the next smallest in the same breakdown."
        )
    elif filters.is_filtered:
        caption = (
            f"Published figures describe the whole cohort in {published['published_as_at'].iloc[0]:%B %Y} "
            f"({formatting.count(cohort.published_total(published))} care leavers), so they are shown only when no filter is set."
        )
    else:
        caption = (
            f"Published: {formatting.count(cohort.published_total(published))} care leavers in "
            f"{published['published_as_at'].iloc[0]:%B %Y}, from {cfg.wording.cohort_source}; shown beside each breakdown as "
            "outlined bars. Counts below 5 are shown as c, with the next smallest in the same breakdown."
        )
    totals = cohort.trend_totals(_cohort_trend_by_age_band(snapshot_date, age_band, is_uasc, location, version))
    open_cases = None
    if not sources.missing_evidence(("reference_figures",), CHANGE_FIGURES):
        change = cohort.open_cases_change()
        if filters.is_filtered:
            open_cases = (
                f"The published open allocated cases ({formatting.count(change.before)} in {change.before_date:%b %Y}, "
                f"{formatting.count(change.after)} in {change.after_date:%b %Y}) count all 16-20 year olds who are not "
                "Qualifying, so they are shown only when no filter is set."
            )
        else:
            open_cases = (
                cohort.open_cases_finding(change, totals)
                + " Open allocated cases leave out Qualifying care leavers and those aged 21 and over."
            )
    return CohortWords(
        total_text=cohort.total_text(total), subject=filters.subject(),
        empty=cohort.selection_sentence(filters, total), published_caption=caption,
        legal_status_note=cohort.legal_status_note(profile, published if not filters.is_filtered else published.iloc[0:0], snapshot_date),
        open_cases_caption=open_cases,
    )


def cohort_words(filters: cohort.CohortFilters) -> CohortWords:
    return _cohort_words(*_key(filters), version())


# The published changes the trend chart and the children-in-care context need (reference_figures).
CHANGE_FIGURES = (
    "open_allocated_cases_2020", "open_allocated_cases_2023", "open_allocated_cases_growth",
    "children_in_care_2018", "children_in_care_2023", "children_in_care_growth_local", "children_in_care_growth_national",
)


def _share_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Category": rows["category"].to_numpy(),
            "Care leavers": [v if v == SUPPRESSED else formatting.count(v) for v in rows["care_leavers"]],
            "Share of those shown (%)": [v if v == SUPPRESSED else formatting.percent(v) for v in rows["percent"]],
            "Published count": ["" if pd.isna(v) else formatting.count(v) for v in rows["published_count"]],
            "Published share (%)": ["" if pd.isna(v) else formatting.percent(v) for v in rows["published_percent"]],
            "Published as at": ["" if pd.isna(v) else formatting.month(v) for v in rows["published_as_at"]],
        }
    )


@st.cache_resource(**charts.FIGURE_CACHE)
def _cohort_chart(
    dimension: str, snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str
) -> Chart | str:
    filters = cohort.CohortFilters(snapshot_date, age_band, is_uasc, location)
    profile = _cohort_profile(snapshot_date, age_band, is_uasc, location, version)
    subject = filters.subject()
    if dimension == FLAGS:
        rows, title = cohort.flags_table(profile), cohort.flags_finding(profile, subject)
    else:
        shown = cohort.suppressed_profile(profile)
        rows, title = shown[shown["dimension"] == dimension], cohort.dimension_finding(profile, dimension, subject)
    if rows.empty or rows["suppressed"].all():
        what = "these counts" if dimension == FLAGS else f"a breakdown by {cohort.DIMENSION_LABELS[dimension].lower()}"
        return f"Too few {subject} at {formatting.day(snapshot_date)} to show {what} (counts below 5 are not shown)."
    records, published, _ = _sources(version, str(config.config_path()))
    fig = viz_cohort.share_bars(rows, title=title, snapshot=snapshot_date, source=f"{records};<br>published: {published}")
    table = _share_table(rows).assign(Snapshot=formatting.day(snapshot_date), Cohort=subject)
    return chart(fig, alt=title, table=table)


def cohort_chart(dimension: str, filters: cohort.CohortFilters) -> Chart | str:
    """One breakdown of the cohort ('flags' for the yes/no ones together) as a chart, or a sentence."""
    return _cohort_chart(dimension, *_key(filters), version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _cohort_trend_chart(snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str) -> Chart | str:
    filters = cohort.CohortFilters(snapshot_date, age_band, is_uasc, location)
    trend = _cohort_trend_by_age_band(snapshot_date, age_band, is_uasc, location, version)
    totals = cohort.trend_totals(trend)
    empty = cohort.trend_sentence(filters, totals)
    if empty:
        return empty
    shown_totals = cohort.suppressed_totals(totals)
    basis = shown_totals[shown_totals["open_cases_basis"] != SUPPRESSED][["snapshot_date", "open_cases_basis"]]
    records, published_cohort, _ = _sources(version, str(config.config_path()))
    cited = [published_cohort]
    published, name = None, ""
    if not sources.missing_evidence(("reference_figures",), CHANGE_FIGURES):
        change = cohort.open_cases_change()
        cited.append(change.source)
        if not filters.is_filtered:
            published = [(change.before_date, change.before), (change.after_date, change.after)]
            name = f"Published open allocated cases ({change.printed_growth:+g}%)"
    # Each citation once, though the cohort and the open cases may come from the same document.
    parts = dict.fromkeys(part.strip() for text in cited for part in text.split(";"))
    source = f"{records}; published: {'; '.join(parts)}"
    title = cohort.trend_finding(totals, filters.subject())
    shown = cohort.suppressed_trend(trend)
    if shown["suppressed"].all():
        # Every age band is too small to show at every snapshot, but some totals are not: draw those.
        bands = cohort.age_bands()
        label = age_band or f"{bands[0].age_min}-{bands[-1].age_max}"
        whole = shown_totals[shown_totals["care_leavers"] != SUPPRESSED]
        shown = pd.DataFrame({"snapshot_date": whole["snapshot_date"], "age_band": label, "care_leavers": whole["care_leavers"], "suppressed": False})
    fig = viz_cohort.trend_bars(shown, basis, published, published_name=name, title=title, source=source, as_at=snapshot_date)
    wide = cohort.trend_table(trend)
    table = pd.DataFrame({"Snapshot": [formatting.month(d) for d in wide["snapshot_date"]]})
    for band in dict.fromkeys(trend["age_band"]):
        table[f"Aged {band}"] = [v if v == SUPPRESSED else formatting.count(v) for v in wide[band]]
    table["All care leavers shown"] = [v if v == SUPPRESSED else formatting.count(v) for v in wide["total"]]
    table["Aged 16-20, not Qualifying"] = [v if v == SUPPRESSED else formatting.count(v) for v in wide["aged_16_20_not_qualifying"]]
    return chart(fig, alt=title, table=table.assign(Cohort=filters.subject()))


def cohort_trend_chart(filters: cohort.CohortFilters) -> Chart | str:
    """The cohort by age band at every snapshot up to the chosen one, or a sentence."""
    return _cohort_trend_chart(*_key(filters), version())


@st.cache_data(**_CACHE)
def _cohort_profile_table(snapshot_date: dt.date, age_band: str | None, is_uasc: bool | None, location: str | None, version: str) -> pd.DataFrame:
    return cohort.profile_table(_cohort_profile(snapshot_date, age_band, is_uasc, location, version))


def cohort_profile_table(filters: cohort.CohortFilters) -> pd.DataFrame:
    """Every breakdown as one suppressed table, beside the published figures."""
    return _cohort_profile_table(*_key(filters), version())


@dataclass(frozen=True)
class ChildrenInCare:
    before_label: str
    before: str
    after_label: str
    after: str
    after_note: str
    national: str
    finding: str


@st.cache_data(**_CACHE)
def _children_in_care(version: str) -> ChildrenInCare:
    change, national = cohort.children_in_care_change(), cohort.national_children_in_care_growth()
    return ChildrenInCare(
        before_label=f"Children in care, {formatting.month(change.before_date)}", before=formatting.count(change.before),
        after_label=f"Children in care, {formatting.month(change.after_date)}", after=formatting.count(change.after),
        after_note=f"{formatting.change_percent(change.recomputed_growth)} (report: {change.printed_growth:+g}%)",
        national=f"c.{national:+g}%",
        finding=cohort.children_in_care_finding(change, national) + f" Source: {change.source}.",
    )


def children_in_care() -> ChildrenInCare:
    """The children-in-care context: the two published counts, the growth printed and England's."""
    return _children_in_care(version())


# --- Former UASC -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UascHeadline:
    count: str
    growth_label: str | None
    growth: str | None
    growth_note: str | None
    share: str
    share_note: str | None
    growth_caption: str | None


@st.cache_data(**_CACHE)
def _uasc_headline(snapshot_date: dt.date, have_figures: bool, version: str) -> UascHeadline:
    latest = uasc.suppressed_trend(_uasc_trend(snapshot_date, version)).iloc[-1]
    count = SUPPRESSED if latest["former_uasc"] == SUPPRESSED else formatting.count(latest["former_uasc"])
    share = SUPPRESSED if latest["percent"] == SUPPRESSED else formatting.percent(latest["percent"], 0)
    if not have_figures:
        return UascHeadline(count, None, None, None, share, None, None)
    growth = _uasc_growth(snapshot_date, version)
    outlook, _ = _uasc_published(version)
    if growth.before_baseline:
        label, value = f"Growth since {formatting.month(growth.published_from)}", "Not yet"
    else:
        label = f"Growth since {formatting.month(growth.snapshot_from)}"
        value = formatting.change_percent(growth.growth, 0) if growth.growth is not None else "too few to measure"
    if growth.before_baseline:
        caption = growth.finding() + "."
    else:
        caption = (
            f"The published growth runs from {growth.published_from:%B %Y}. Snapshots are taken on the 1st of January, April, "
            f"July and October, so growth here runs from the nearest earlier one, {formatting.day(growth.snapshot_from)}."
        )
    return UascHeadline(
        count=count, growth_label=label, growth=value,
        growth_note=f"report: +{growth.published_growth:g}% {growth.published_from:%b %Y} to {growth.published_to:%b %Y}",
        share=share, share_note=f"report: c.{outlook.now_percent:g}% now, {outlook.expected_percent:g}%+ by {outlook.expected_by:%Y}",
        growth_caption=caption,
    )


def uasc_headline(snapshot_date: dt.date, have_figures: bool) -> UascHeadline:
    """The former-UASC count, growth and share at the snapshot, as the tiles read them."""
    return _uasc_headline(snapshot_date, have_figures, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _uasc_share_by_age_chart(snapshot_date: dt.date, version: str) -> Chart | str:
    by_age = _uasc_share_by_age(snapshot_date, version)
    shown = uasc.suppressed_share_by_age(by_age)
    title = uasc.share_by_age_finding(by_age, snapshot_date)
    if shown["suppressed"].all():
        total = int(by_age["former_uasc"].sum())
        return (
            f"There are no former-UASC care leavers at {formatting.day(snapshot_date)}." if total == 0 else
            f"Too few former-UASC care leavers at {formatting.day(snapshot_date)} to show shares by age (counts below 5 are not shown)."
        )
    records, _, _ = _sources(version, str(config.config_path()))
    cited = sources.evidence_sources()
    published = by_age.dropna(subset=["published_percent"])
    source = records + (f"; published: {cited['uasc_share_by_age']}" if "uasc_share_by_age" in cited and not published.empty else "")
    fig = viz_uasc.share_by_age(shown, published, title=title, snapshot=snapshot_date, source=source)
    table = pd.DataFrame(
        {
            "Age (years)": shown["age"].to_numpy(),
            "Care leavers": [v if v == SUPPRESSED else formatting.count(v) for v in shown["care_leavers"]],
            "Former UASC": [v if v == SUPPRESSED else formatting.count(v) for v in shown["former_uasc"]],
            "Former UASC (% of the age)": [v if v == SUPPRESSED else formatting.percent(v) for v in shown["percent"]],
            "Published (%)": ["" if pd.isna(v) else f"{v:g}%" for v in shown["published_percent"]],
        }
    ).assign(Snapshot=formatting.day(snapshot_date))
    return chart(fig, alt=title, table=table)


def uasc_share_by_age_chart(snapshot_date: dt.date) -> Chart | str:
    return _uasc_share_by_age_chart(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_group_table(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    groups = uasc.suppressed_share_by_group(_uasc_share_by_age(snapshot_date, version))

    def shown(v: object, places: int) -> str:
        return "" if not isinstance(v, str) and pd.isna(v) else v if v == SUPPRESSED else f"{formatting.half_up(float(v), places):.{places}f}"

    return pd.DataFrame(
        {
            "Cohort group": groups["age_group"],
            "Ages": groups["ages"],
            "Care leavers": [v if v == SUPPRESSED else formatting.count(v) for v in groups["care_leavers"]],
            "Former UASC": [v if v == SUPPRESSED else formatting.count(v) for v in groups["former_uasc"]],
            "Pooled (%)": [shown(v, 1) for v in groups["pooled_percent"]],
            "Mean of ages (%)": [shown(v, 2) for v in groups["simple_mean_percent"]],
            "Published (%)": ["" if pd.isna(v) else f"{v:g}" for v in groups["published_group_average"]],
            "Published ages' mean (%)": ["" if pd.isna(v) else f"{v:.2f}" for v in groups["published_simple_mean"]],
        }
    )


def uasc_group_table(snapshot_date: dt.date) -> pd.DataFrame:
    """The published cohort groups, pooled and as a mean of ages, beside the published averages."""
    return _uasc_group_table(snapshot_date, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _uasc_trend_charts(snapshot_date: dt.date, version: str) -> tuple[Chart | str, Chart | str]:
    trend = _uasc_trend(snapshot_date, version)
    shown = uasc.suppressed_trend(trend)
    points = shown[~shown["suppressed"]]
    growth = _uasc_growth(snapshot_date, version)
    outlook, _ = _uasc_published(version)
    records, _, evidence = _sources(version, str(config.config_path()))
    source = f"{records};<br>published: {evidence}"
    table = pd.DataFrame(
        {
            "Snapshot": [formatting.month(d) for d in shown["snapshot_date"]],
            "Care leavers": [v if v == SUPPRESSED else formatting.count(v) for v in shown["care_leavers"]],
            "Former UASC": [v if v == SUPPRESSED else formatting.count(v) for v in shown["former_uasc"]],
            "Former UASC (% of care leavers)": [v if v == SUPPRESSED else formatting.percent(v) for v in shown["percent"]],
        }
    )
    share_title = uasc.share_trend_finding(trend, outlook)
    if points.empty:
        sentence = (
            f"Too few former-UASC care leavers at every snapshot to {formatting.day(snapshot_date)} to draw them "
            "(counts below 5 are not shown)."
        )
        return sentence, sentence
    share_fig = viz_uasc.share_trend(
        points, now=(outlook.now_as_at, outlook.now_percent), expected=(outlook.expected_by, outlook.expected_percent),
        first=trend["snapshot_date"].iloc[0], title=share_title, source=source, as_at=snapshot_date,
    )
    share_chart = chart(share_fig, alt=share_title, table=table)
    if len(points) < 2:
        return (
            f"{formatting.day(points['snapshot_date'].iloc[0])} is the only snapshot to show, so there is no change over time "
            "to draw yet.", share_chart,
        )
    marks = None
    if growth.growth is not None:
        marks = ((growth.snapshot_from, growth.count_from), (growth.snapshot_to, growth.count_to))
    count_title = growth.title()
    count_fig = viz_uasc.count_trend(
        points, marks, growth_name=f"Growth from {formatting.month(growth.snapshot_from)} (nearest to {formatting.month(growth.published_from)})"
        if growth.snapshot_from else "", growth_label=formatting.change_percent(growth.growth, 0) if growth.growth is not None else "",
        title=count_title, source=source, as_at=snapshot_date,
    )
    return chart(count_fig, alt=count_title, table=table), share_chart


def uasc_trend_charts(snapshot_date: dt.date) -> tuple[Chart | str, Chart | str]:
    """Former-UASC care leavers over time: their number with the growth measured, and their share."""
    return _uasc_trend_charts(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_trend_table(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    shown = uasc.suppressed_trend(_uasc_trend(snapshot_date, version))
    return pd.DataFrame(
        {
            "Snapshot": [formatting.day(d) for d in shown["snapshot_date"]],
            "Care leavers": [v if v == SUPPRESSED else formatting.count(v) for v in shown["care_leavers"]],
            "Former UASC": [v if v == SUPPRESSED else formatting.count(v) for v in shown["former_uasc"]],
            "Former UASC (% of care leavers)": [v if v == SUPPRESSED else formatting.percent(v) for v in shown["percent"]],
        }
    )


def uasc_trend_table(snapshot_date: dt.date) -> pd.DataFrame:
    return _uasc_trend_table(snapshot_date, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _uasc_nts_chart(in_care: int, population: int, version: str) -> tuple[Chart, pd.DataFrame]:
    _, defaults = _uasc_published(version)
    _, _, evidence = _sources(version, str(config.config_path()))
    gauge = uasc.NtsGauge(in_care, population, defaults.rate_percent)
    title = gauge.finding()
    fig = viz_uasc.nts_gauge(
        gauge.uasc_in_care, gauge.threshold, gauge.percent_of_threshold, title=title,
        source=f"{evidence} (UASC in care, threshold rate)", as_at=formatting.month(defaults.uasc_in_care_as_at),
    )
    table = pd.DataFrame(
        [{
            "UASC in care": formatting.count(gauge.uasc_in_care), "Population aged 0-17": formatting.count(gauge.population_0_17),
            "Threshold rate (% of the population)": f"{gauge.rate_percent:g}%", "NTS threshold (children)": formatting.count(gauge.threshold),
            "UASC in care as a share of the threshold": formatting.percent(gauge.percent_of_threshold, 0),
            "Headroom (children)": formatting.count(gauge.headroom),
        }]
    )
    return chart(fig, alt=title, table=table), table


def uasc_nts_chart(in_care: int, population: int) -> tuple[Chart, pd.DataFrame]:
    """UASC in care against the NTS threshold for the population given, and its figures as a table."""
    return _uasc_nts_chart(int(in_care), int(population), version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _uasc_eet_chart(snapshot_date: dt.date, version: str) -> Chart | str:
    eet = _uasc_eet(snapshot_date, version)
    shown = uasc.suppressed_eet(eet)
    if shown["suppressed"].all():
        return f"Too few care leavers in the EET age groups at {formatting.day(snapshot_date)} to compare EET (counts below 5 are not shown)."
    title = uasc.eet_finding(eet)
    records, _, evidence = _sources(version, str(config.config_path()))
    fig = viz_uasc.eet_bars(shown, title=title, source=f"{records}; published: {evidence}", as_at=snapshot_date)
    table = pd.DataFrame(
        {
            "Age group (years)": shown["age_group"].to_numpy(),
            "Care leavers": shown["cohort"].to_numpy(),
            "In EET": [v if v == SUPPRESSED else formatting.count(v) for v in shown["eet"]],
            "In the group (excluding died or returned home)": [v if v == SUPPRESSED else formatting.count(v) for v in shown["denominator"]],
            "In EET (%)": [v if v == SUPPRESSED else formatting.percent(v) for v in shown["percent"]],
        }
    ).assign(Snapshot=formatting.day(snapshot_date))
    return chart(fig, alt=title, table=table)


def uasc_eet_chart(snapshot_date: dt.date) -> Chart | str:
    """EET of former UASC and other care leavers in the EET page's age groups, or a sentence."""
    return _uasc_eet_chart(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_eet_reconciliation(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return uasc.eet_reconciliation(snapshot_date)


def uasc_eet_reconciliation(snapshot_date: dt.date) -> pd.DataFrame:
    """The report's former-UASC EET figures beside the snapshots in the report's own age groups."""
    return _uasc_eet_reconciliation(snapshot_date, version())


@st.cache_data(**_CACHE)
def _uasc_eet_groups(version: str) -> tuple[uasc.AgeGroup, ...]:
    return uasc.eet_age_groups()


def uasc_eet_groups() -> tuple[uasc.AgeGroup, ...]:
    return _uasc_eet_groups(version())


@dataclass(frozen=True)
class GrantView:
    total: str
    finding: str
    table: pd.DataFrame
    assumptions: tuple[str, ...]


@st.cache_data(**_CACHE)
def _uasc_grant(
    snapshot_date: dt.date, in_county: float, nts_rate: float, weekly: float, nts_share: float, contribution_share: float, version: str
) -> GrantView:
    rates = uasc.GrantRates(in_county, nts_rate, weekly)
    estimate = uasc.grant_estimate(_uasc_grant_cohort(snapshot_date, version), rates, nts_share)
    lines = uasc.suppressed_grant_lines(estimate)
    table = pd.DataFrame(
        {
            "Grant line": lines["line"],
            "Young people": [v if v == SUPPRESSED else f"{formatting.half_up(v, 1):,.1f}".removesuffix(".0") for v in lines["young_people"]],
            "Rate": [formatting.money(v) if u != "none" else "" for v, u in zip(lines["rate"], lines["rate_unit"])],
            "Per": [u.removeprefix("£ per ") if u != "none" else "" for u in lines["rate_unit"]],
            "A year": [v if v == SUPPRESSED else formatting.money(v) for v in lines["annual"]],
        }
    )
    return GrantView(
        total=f"{formatting.money(estimate.total)} a year", finding=uasc.grant_finding(estimate, snapshot_date) + ".", table=table,
        assumptions=tuple(uasc.grant_assumptions(estimate, rates, contribution_share)),
    )


def uasc_grant(
    snapshot_date: dt.date, rates: uasc.GrantRates, nts_share: float, contribution_share: float
) -> GrantView:
    """The Home Office grant estimate for the former-UASC care leavers at the snapshot, as the page shows it."""
    return _uasc_grant(
        snapshot_date, float(rates.under_18_in_county_per_day), float(rates.under_18_nts_per_day), float(rates.aged_18_plus_per_week),
        float(nts_share), float(contribution_share), version(),
    )
