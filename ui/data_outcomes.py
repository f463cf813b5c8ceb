"""Cached reads, cached charts and the shared furniture of the outcome pages (EET, Accommodation,
Keeping in touch and Pathway Plans).

Cached reads follow the ``ui.data`` pattern: keys are small values (a measure, a date, a breakdown)
and the store's version token, never DataFrames. Each chart is built once per distinct input
(``charts.FIGURE_CACHE``) from frames that ``analytics.outcomes`` has already suppressed, and comes
back as a ``Chart`` (its finding as alt text, its data as a table), or as a sentence when there is
nothing to draw; pages only choose and place them (``place``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import ui
from analytics import findings, formatting, outcomes
from analytics.disclosure import SUPPRESSED, SUPPRESSION_NOTE, THRESHOLD
from analytics.export import to_csv_bytes
from analytics.performance import NoKpiValues
from ui import charts
from ui import data as ui_data
from ui.data import version
from ui.downloads import deferred_download
from viz import outcomes as figures
from viz.chart import Chart

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)



def snapshot_source() -> str:
    """Synthetic or loaded records, as the store says."""
    kind = "synthetic record-level snapshots calibrated to the published KPI values" if ui_data.build_info().synthetic else "record-level snapshots"
    return kind


def published_source() -> str:
    """'published: <the pack's sources for its KPI values>'."""
    from ui import data_kpi

    return f"published: {data_kpi.source_note()}"


# --- Cached reads -----------------------------------------------------------------------------------


@st.cache_data(**_CACHE)
def _snapshot_options(version: str) -> pd.DataFrame:
    return outcomes.snapshot_options()


def snapshot_options() -> pd.DataFrame:
    return _snapshot_options(version())


@st.cache_data(**_CACHE)
def _no_records_text(version: str) -> str:
    return outcomes.no_records_text()


def no_records_text() -> str:
    return _no_records_text(version())


@st.cache_data(**_CACHE)
def _outcome_kpis(measure: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_kpis(measure)


def outcome_kpis(measure: str) -> pd.DataFrame:
    return _outcome_kpis(measure, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _kpi_names(measure: str, version: str) -> tuple[tuple[str, str], ...]:
    kpis = outcome_kpis(measure)
    return tuple(zip(kpis["kpi_id"], kpis["short_name"]))


def kpi_names(measure: str) -> tuple[tuple[str, str], ...]:
    """(kpi_id, the pack's short name) of each KPI of ``measure``, in the pack's order: shared, not
    copied, at every rerun (the frame behind it would be unpickled each time)."""
    return _kpi_names(measure, version())


@st.cache_data(**_CACHE)
def _outcome_summary(measure: str, snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return outcomes.outcome_summary(measure, snapshot_date)


def outcome_summary(measure: str, snapshot_date: dt.date) -> pd.DataFrame:
    return _outcome_summary(measure, snapshot_date, version())


@st.cache_data(**_CACHE)
def _outcome_by_group(measure: str, snapshot_date: dt.date, breakdown: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_by_group(measure, snapshot_date, breakdown)


def outcome_by_group(measure: str, snapshot_date: dt.date, breakdown: str) -> pd.DataFrame:
    return _outcome_by_group(measure, snapshot_date, breakdown, version())


@st.cache_data(**_CACHE)
def _outcome_trend(measure: str, version: str) -> pd.DataFrame:
    return outcomes.outcome_trend(measure)


def outcome_trend(measure: str) -> pd.DataFrame:
    return _outcome_trend(measure, version())


@st.cache_data(**_CACHE)
def _comparators(measure: str, version: str) -> pd.DataFrame:
    return outcomes.comparators(measure)


def comparators(measure: str) -> pd.DataFrame:
    return _comparators(measure, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _has_comparators(measure: str, version: str) -> bool:
    return not comparators(measure).empty


def has_comparators(measure: str) -> bool:
    """Whether the pack gives benchmarks for the measure as a whole (drawn as reference lines)."""
    return _has_comparators(measure, version())


@st.cache_data(**_CACHE)
def _activity_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.activity_mix(snapshot_date, age_min, age_max)


def activity_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _activity_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _accommodation_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.accommodation_mix(snapshot_date, age_min, age_max)


def accommodation_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _accommodation_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _kit_mix(snapshot_date: dt.date, age_min: int, age_max: int, version: str) -> pd.DataFrame:
    return outcomes.kit_mix(snapshot_date, age_min, age_max)


def kit_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    return _kit_mix(snapshot_date, age_min, age_max, version())


@st.cache_data(**_CACHE)
def _pathway_by_status(snapshot_date: dt.date, version: str) -> pd.DataFrame:
    return outcomes.pathway_by_status(snapshot_date)


def pathway_by_status(snapshot_date: dt.date) -> pd.DataFrame:
    return _pathway_by_status(snapshot_date, version())


# --- Tiles ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """One KPI at a snapshot, every word already written."""

    name: str  # the pack's short name, as on the Overview
    value: str  # 'c' when suppressed
    basis: str  # 'Published for 2023-24 Q2' or 'From the snapshots, 1 January 2024'
    badge: str  # status in words with its arrow; '' when not assessed
    badge_colour: str
    notes: tuple[str, ...]


def _published_tiles(period: str) -> dict:
    try:
        return {t.kpi_id: t for t in ui_data.kpi_tiles(period)}
    except NoKpiValues:
        return {}


def _tile(row, published) -> Tile:
    counted = f"{_number(row.numerator)} of {_number(row.denominator)} counted"
    computed = SUPPRESSED if row.suppressed else formatting.percent(row.percent)
    if published is not None:
        # The KPI's value for a published period is the published one, read by the same function and
        # formatter as the Overview; the snapshots' figure sits beside it.
        return Tile(
            row.short_name, findings.kpi_value(published.value, published.unit), f"Published for {published.period}",
            f"{published.status.label} {published.direction.arrow}".strip(), ui.STATUS_BADGE.get(published.status.rag, "gray"),
            (f"{published.standard_text}. {published.previous_text}",
             f"From the snapshots, {formatting.as_at(row.snapshot_date)}: {computed} ({counted})."),
        )
    band = f" (graded by bands: {row.status})" if row.grading else "" if math.isnan(row.lower) else f" (tolerance {row.lower:g}–{row.upper:g})"
    since = f" since {formatting.month(row.previous_date)}" if row.previous_date else ""
    notes = (f"{counted}. Target {row.target:g}%{band}.",)
    if row.colour and not row.suppressed and row.judgement:
        notes = (f"{row.judgement.capitalize()}{since}.", *notes)
    badge = "" if row.suppressed or not row.colour else f"{row.status} {row.arrow}".strip()
    return Tile(row.short_name, computed, f"From the snapshots, {formatting.as_at(row.snapshot_date)}", badge, _badge(row.rag, row.achieved), notes)


@st.cache_resource(**charts.FIGURE_CACHE)
def _tiles(measures: tuple[str, ...], snapshot_date: dt.date, version: str) -> tuple[Tile, ...]:
    tiles = []
    for measure in measures:
        shown = outcomes.suppress_outcome(outcome_summary(measure, snapshot_date))
        for row in shown.itertuples():
            published = _published_tiles(row.period).get(row.kpi_id) if row.period else None
            tiles.append(_tile(row, published))
    return tuple(tiles)


def show_tiles(measures: tuple[str, ...], snapshot_date: dt.date) -> None:
    """One tile per KPI: the value (the published one when the snapshot stands for a published
    period, as on the Overview), its status in words with the arrow (never colour alone), and the
    numerator and denominator from the snapshots."""
    tiles = _tiles(measures, snapshot_date, version())
    if not tiles:
        st.info("No one is counted in these measures at this snapshot.", icon=":material/info:")
        return
    for col, tile in zip(st.columns(len(tiles)), tiles):
        with col.container(border=True):
            st.markdown(f"**{tile.name}**")
            st.markdown(f"<span style='font-size:2rem;font-weight:600'>{tile.value}</span>", unsafe_allow_html=True)
            st.caption(tile.basis)
            if tile.badge:
                st.badge(tile.badge, color=tile.badge_colour)
            st.caption(" ".join(tile.notes))


def _badge(rag: str, achieved: bool | None) -> str:
    if rag in ui.STATUS_BADGE:
        return ui.STATUS_BADGE[rag]
    return "gray" if achieved is None else "blue" if achieved else "orange"


def _number(value: object) -> str:
    return SUPPRESSED if value == SUPPRESSED else formatting.count(int(value))


# --- Cached charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableOnly:
    """Every figure in a breakdown hidden: a sentence saying so and the table of c's, no empty axis."""

    sentence: str
    table: pd.DataFrame


def _as_at(snapshot_date: dt.date) -> str:
    return f"{snapshot_date:%d %b %Y}"


@st.cache_resource(**charts.FIGURE_CACHE)
def _group_chart(measure: str, snapshot_date: dt.date, version: str) -> Chart | str:
    summary = outcome_summary(measure, snapshot_date)
    shown = outcomes.suppress_outcome(summary)
    if shown.empty or shown["suppressed"].all():
        return f"Too few care leavers at {formatting.day(snapshot_date)} to show these measures by age group without risk of identifying anyone."
    title = outcomes.summary_finding(summary, measure)
    comps = comparators(measure)
    fig = figures.group_figure(shown, comps, measure=measure, title=title, as_at=_as_at(snapshot_date), source=snapshot_source())
    return charts.chart(fig, alt=title, table=outcomes.outcome_table(shown, measure))


def group_chart(measure: str, snapshot_date: dt.date) -> Chart | str:
    """Each KPI of ``measure`` at the snapshot against its target and band."""
    return _group_chart(measure, snapshot_date, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _breakdown_chart(measure: str, snapshot_date: dt.date, breakdown: str, narrow: bool, version: str) -> Chart | TableOnly | str:
    by_group = outcome_by_group(measure, snapshot_date, breakdown)
    shown = outcomes.suppress_outcome(by_group)
    if shown.empty:
        return f"No one is counted in this measure at {formatting.day(snapshot_date)}."
    title = outcomes.breakdown_finding(by_group, measure)
    table = outcomes.outcome_table(shown, measure)
    if shown["suppressed"].all():
        return TableOnly(f"{title}.", table)
    fig = figures.breakdown_figure(
        shown, measure=measure, title=title, as_at=_as_at(snapshot_date), source=snapshot_source(),
        legend_title=outcomes.BREAKDOWNS[breakdown], narrow=narrow,
    )
    return charts.chart(fig, alt=title, table=table)


def breakdown_chart(measure: str, snapshot_date: dt.date, breakdown: str, narrow: bool = False) -> Chart | TableOnly | str:
    """Each KPI of ``measure`` by ``breakdown``; a table without a chart when every share is hidden."""
    return _breakdown_chart(measure, snapshot_date, breakdown, narrow, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _trend_charts(measure: str, snapshot_date: dt.date, version: str) -> tuple[Chart | str, ...]:
    trend = outcome_trend(measure)
    shown_trend = outcomes.suppress_outcome(trend)
    comps = comparators(measure)
    source = f"{snapshot_source()}; {published_source()}"
    out: list[Chart | str] = []
    for kpi_id, rows in trend.groupby("kpi_id", sort=False):
        shown = shown_trend[shown_trend["kpi_id"] == kpi_id].reset_index(drop=True)
        title = outcomes.trend_finding(rows, measure)
        if shown.empty or shown["suppressed"].all():
            out.append(f"{title}.")
            continue
        fig = figures.trend_figure(shown, comps, measure=measure, snapshot=snapshot_date, title=title, source=source)
        out.append(charts.chart(fig, alt=title, table=outcomes.outcome_table(shown, measure)))
    return tuple(out)


def trend_charts(measure: str, snapshot_date: dt.date) -> tuple[Chart | str, ...]:
    """One trend per KPI of ``measure``, the chosen snapshot marked."""
    return _trend_charts(measure, snapshot_date, version())


def _mix_ages(measure: str, kpi_id: str) -> tuple[int, int, str]:
    kpi = outcome_kpis(measure).set_index("kpi_id").loc[kpi_id]
    return int(kpi["age_min"]), int(kpi["age_max"]), str(kpi["age_group"])


@st.cache_resource(**charts.FIGURE_CACHE)
def _activity_chart(snapshot_date: dt.date, kpi_id: str, version: str) -> Chart | str:
    age_min, age_max, ages = _mix_ages("eet", kpi_id)
    mix = activity_mix(snapshot_date, age_min, age_max)
    title = outcomes.activity_finding(mix, snapshot_date, age_min, age_max)
    shown = outcomes.suppress_mix(mix, "eet")
    if mix["care_leavers"].sum() == 0 or shown["suppressed"].all():
        return f"{title}."
    fig = figures.activity_figure(
        shown, title=title, x_title=f"Care leavers {outcomes.ages_label(age_min, age_max).lower()} (%)", as_at=_as_at(snapshot_date),
        source=snapshot_source(),
    )
    table = outcomes.mix_table(shown, "activity", "Main activity", snapshot_date, ages, {"codes": "DfE activity codes"})
    return charts.chart(fig, alt=title, table=table)


def activity_chart(snapshot_date: dt.date, kpi_id: str) -> Chart | str:
    """What the care leavers of one EET KPI's age group were doing."""
    return _activity_chart(snapshot_date, kpi_id, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _accommodation_chart(snapshot_date: dt.date, kpi_id: str, version: str) -> Chart | str:
    age_min, age_max, ages = _mix_ages("accommodation", kpi_id)
    mix = accommodation_mix(snapshot_date, age_min, age_max)
    title = outcomes.accommodation_finding(mix, snapshot_date, age_min, age_max)
    shown = outcomes.suppress_mix(mix, "suitability")
    if mix.empty or shown["suppressed"].all():
        return f"{title}."
    fig = figures.accommodation_figure(
        shown, title=title, x_title=f"Care leavers {outcomes.ages_label(age_min, age_max).lower()} (people)", as_at=_as_at(snapshot_date),
        source=snapshot_source(),
    )
    table = outcomes.mix_table(
        shown, "accommodation", "Accommodation", snapshot_date, ages, {"suitability": "Suitability", "in_suitability_denominator": "Counted in the measure"},
    )
    table["Counted in the measure"] = table["Counted in the measure"].map({True: "Yes", False: "No"})
    return charts.chart(fig, alt=title, table=table)


def accommodation_chart(snapshot_date: dt.date, kpi_id: str) -> Chart | str:
    """Where the care leavers of one accommodation KPI's age group lived, by suitability."""
    return _accommodation_chart(snapshot_date, kpi_id, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _contact_chart(snapshot_date: dt.date, kpi_id: str, version: str) -> Chart | str:
    age_min, age_max, ages = _mix_ages("kit", kpi_id)
    mix = kit_mix(snapshot_date, age_min, age_max)
    title = outcomes.kit_finding(mix, snapshot_date, age_min, age_max)
    shown = outcomes.suppress_mix(mix, "in_denominator")
    if mix["care_leavers"].sum() < THRESHOLD or shown["suppressed"].all():
        return f"{title}."
    # The title's rate is the KPI's (those it counts); the bars share out everyone of those ages, so
    # the same contact reads a little lower on a bar than in the title, and the source line says why.
    fig = figures.contact_figure(
        shown, title=title, x_title=f"Everyone {outcomes.ages_label(age_min, age_max).lower()} (%)", as_at=_as_at(snapshot_date),
        source=f"{snapshot_source()}; bars are shares of everyone of these ages, the title's rate of those the KPI counts",
    )
    table = outcomes.mix_table(shown, "description", "Contact", snapshot_date, ages, {"in_denominator": "Counted in the measure"})
    table["Counted in the measure"] = table["Counted in the measure"].map({True: "Yes", False: "No"})
    return charts.chart(fig, alt=title, table=table)


def contact_chart(snapshot_date: dt.date, kpi_id: str) -> Chart | str:
    """Contact with everyone in one keeping-in-touch KPI's age range."""
    return _contact_chart(snapshot_date, kpi_id, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _pathway_chart(snapshot_date: dt.date, version: str) -> tuple[Chart | str, str]:
    pathway = pathway_by_status(snapshot_date)
    shown = outcomes.suppress_pathway(pathway)
    title = outcomes.pathway_finding(pathway)
    note = outcomes.pathway_hidden_note(pathway)
    if shown.empty or shown["suppressed"].all():
        return f"{title}.", note
    fig = figures.pathway_figure(shown, title=title, as_at=_as_at(snapshot_date), source=snapshot_source())
    return charts.chart(fig, alt=title, table=outcomes.outcome_table(shown, "pathway_plan")), note


def pathway_chart(snapshot_date: dt.date) -> tuple[Chart | str, str]:
    """Pathway Plans by legal status, and what is hidden and why ('' when nothing is)."""
    return _pathway_chart(snapshot_date, version())


# --- Placing ----------------------------------------------------------------------------------------


def place(item: Chart | TableOnly | str, *, key: str) -> None:
    """A chart with its text alternative; a sentence in its place when there is nothing to draw; the
    table alone when every figure in it is hidden."""
    if isinstance(item, str):
        st.info(item, icon=":material/info:")
    elif isinstance(item, TableOnly):
        st.info(item.sentence, icon=":material/info:")
        st.dataframe(item.table, hide_index=True, width="stretch", key=f"{key}_table")
    else:
        charts.show(item, key=key)


# The page each outcome section's key prefix belongs to, so its downloads are named for that page.
PAGE_OF_PREFIX = {"eet": "EET", "accom": "Accommodation", "kit": "Keeping in touch"}


def download(
    make_table: Callable[[], pd.DataFrame], *, key: str, page: str, subject: str, as_at: dt.date | str | None,
    label: str = "Download these figures (CSV)",
) -> None:
    """A CSV made from ``make_table`` only when the button is pressed, named for its page, subject and date."""
    deferred_download(label, lambda: to_csv_bytes(make_table()), key=key, page=page, subject=subject, as_at=as_at)


def _table_of(*items: Chart | TableOnly | str) -> pd.DataFrame:
    tables = [i.table for i in items if isinstance(i, (Chart, TableOnly)) and i.table is not None]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def place_with_download(item: Chart | TableOnly | str, *, key: str, page: str, subject: str, as_at: dt.date | str | None) -> None:
    place(item, key=key)
    if not isinstance(item, str):
        download(lambda: _table_of(item), key=f"{key}_csv", page=page, subject=subject, as_at=as_at)


def intro(text: str, explanation: str, measures: tuple[str, ...] = ()) -> None:
    """What the page shows in a sentence or two; how it is worked out in an expander, in plain English,
    with the pack's definitions for analysts under it."""
    st.markdown(text)
    with st.expander("How these figures are worked out"):
        st.markdown(explanation)
        for measure in measures:
            st.caption(definitions(measure))


# --- The scaffolding the outcome pages share --------------------------------------------------------


def snapshot_picker(key: str) -> dt.date | None:
    """The snapshot to show, the latest by default; None (with what to load) when the store holds no
    record-level snapshots."""
    options = snapshot_options()
    if options.empty:
        st.info(no_records_text(), icon=":material/upload_file:")
        return None
    labels = dict(zip(options["snapshot_date"], [outcomes.snapshot_label(d, p) for d, p in zip(options["snapshot_date"], options["period"])]))
    return st.selectbox(
        "Snapshot", list(labels), index=len(labels) - 1, format_func=labels.get, key=key,
        help="Quarterly snapshots. Those marked 'published' stand for a period whose KPI values the provider has published; "
        "for those the tiles show the published value, as the Overview does.",
    )


def measure_at_snapshot(measure: str, prefix: str) -> dt.date | None:
    """Snapshot picker, one tile per KPI and the KPIs by age group against their targets: the top of
    the EET and Accommodation pages. Returns the chosen snapshot (None: nothing to show)."""
    snapshot = snapshot_picker(f"{prefix}_snapshot")
    if snapshot is None:
        return None
    show_tiles((measure,), snapshot)
    place_with_download(
        group_chart(measure, snapshot), key=f"{prefix}_groups", page=PAGE_OF_PREFIX[prefix], subject=f"{measure} by age group", as_at=snapshot,
    )
    return snapshot


def breakdown_section(measure: str, prefix: str, snapshot: dt.date, heading: str, note: str = "") -> None:
    st.subheader(heading)
    breakdown = st.radio(
        "Compare by", [b for b in outcomes.BREAKDOWNS if b != "age_group"], format_func=outcomes.BREAKDOWNS.get,
        horizontal=True, key=f"{prefix}_breakdown",
    )
    place_with_download(
        breakdown_chart(measure, snapshot, breakdown), key=f"{prefix}_breakdown_chart", page=PAGE_OF_PREFIX[prefix],
        subject=f"{measure} by {breakdown}", as_at=snapshot,
    )
    st.caption(f"{SUPPRESSION_NOTE} {note}".strip() + " Whereabouts unknown is counted with out of county.")


def trend_section(measures: tuple[str, ...], prefix: str, snapshot: dt.date) -> None:
    st.subheader("Over time, beside the published values")
    for measure in measures:
        items = trend_charts(measure, snapshot)
        for (kpi_id, _), item in zip(kpi_names(measure), items):
            place(item, key=f"{prefix}_trend_{kpi_id}")
        download(
            lambda items=items: _table_of(*items), key=f"{prefix}_trend_{measure}_csv", page=PAGE_OF_PREFIX[prefix],
            subject=f"{measure} trend", as_at=snapshot,
        )


def kpi_group_picker(measure: str, key: str) -> str:
    """One of the measure's KPIs by its pack name; no choice to make when it has one."""
    names = dict(kpi_names(measure))
    if len(names) == 1:
        return next(iter(names))
    return st.selectbox("Age group", list(names), format_func=names.get, key=key)


def definitions(measure: str) -> str:
    """The pack's definition of a measure's KPIs, for the expander under the plain-English explanation."""
    return _definitions(measure, version())


@st.cache_resource(**charts.FIGURE_CACHE)
def _definitions(measure: str, version: str) -> str:
    kpis = outcome_kpis(measure)
    if kpis.empty:
        return ""
    first = kpis.iloc[0]
    return (
        f"**For analysts: the pack's definition, in the data return's codes.** Counted: {first['numerator_definition']}. "
        f"Out of: {first['denominator_definition']}. Basis: {first['basis'].lower()}."
    )
