"""Cohort: who the Leaving Care Service supports at any snapshot, and how the cohort has changed."""

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import cohort, config
from analytics.sources import pack_location
from analytics.disclosure import SUPPRESSED
from analytics.export import to_csv_bytes
from ui import charts, data, data_cohort
from ui.downloads import CSV, deferred_download

ui.page_setup("Cohort", ":material/groups:")

ALL = "All"
UASC_CHOICES = {ALL: None, "Former UASC only": True, "Not former UASC": False}
CFG = config.load()
RECORDS = "synthetic record-level snapshots" if data.build_info().synthetic else "record-level snapshots"
SNAPSHOT_SOURCE = f"{RECORDS}; published: {CFG.wording.cohort_source}"
HALF_SOURCE = f"{RECORDS};<br>published: {CFG.wording.cohort_source}"
CHANGE_FIGURES = (
    "open_allocated_cases_2020", "open_allocated_cases_2023", "open_allocated_cases_growth",
    "children_in_care_2018", "children_in_care_2023", "children_in_care_growth_local", "children_in_care_growth_national",
)
CSV_COLUMNS = ["dimension", "category", "care_leavers", "percent", "published_count", "published_percent", "published_as_at"]


def wrapped(title: str, width: int = 46) -> str:
    """Plotly does not wrap titles; half-width charts need it."""
    return "<br>".join(textwrap.wrap(title, width))


def fit(fig: go.Figure, plot_px: int, legend_rows: int) -> None:
    """Room for the title above the plot, and the legend then the source line at fixed distances
    under it, whatever the plot's height."""
    top = 50 + 26 * (fig.layout.title.text or "").count("<br>")
    source_px = 70 + 22 * legend_rows
    fig.update_layout(
        legend=dict(y=-62 / plot_px, yanchor="top"), margin=dict(t=top, b=source_px + 40), height=plot_px + top + source_px + 40,
    )
    fig.layout.annotations[-1].y = -source_px / plot_px


def download(frame: pd.DataFrame, name: str, key: str) -> None:
    deferred_download("Download this breakdown (CSV)", lambda: to_csv_bytes(frame), f"{name}.csv", CSV, key=key)


def share_chart(rows: pd.DataFrame, title: str, key: str, *, filters: cohort.CohortFilters) -> None:
    """Computed shares as solid bars, published shares as outlined bars beside them; suppressed cells read c."""
    snapshot, as_at = filters.snapshot_date, f"{filters.snapshot_date:%d %b %Y}"
    notes = [
        f" · published {int(r.published_count):,} in {r.published_as_at:%b %Y}"
        if pd.notna(r.published_count) and pd.isna(r.published_percent) else ""
        for r in rows.itertuples()
    ]
    fig = go.Figure(
        go.Bar(
            y=rows["category"], x=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], orientation="h",
            marker_color=charts.PALETTE[0], name=f"Snapshot {snapshot:%b %Y}", cliponaxis=False, textposition="outside",
            text=["c (small number)" if r.suppressed else f"{int(r.care_leavers):,} ({r.percent:.1f}%){n}" for r, n in zip(rows.itertuples(), notes)],
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    marked = rows[rows["published_percent"].notna()]
    if not marked.empty:
        fig.add_trace(
            go.Bar(
                y=marked["category"], x=marked["published_percent"], orientation="h",
                name=f"Published, {marked['published_as_at'].iloc[0]:%b %Y}",
                marker=dict(color="white", line=dict(color=charts.PUBLISHED_COLOUR, width=1.5)),
                text=[f"{v:.0f}%" for v in marked["published_percent"]], textposition="outside", cliponaxis=False,
                hovertemplate="Published %{y}: %{x:.1f}%<extra></extra>",
            )
        )
    charts.styled(fig, title=wrapped(title), x_title="Share of the care leavers shown (%)", y_title="", source=HALF_SOURCE, as_at=as_at)
    fig.update_xaxes(range=[0, 125], tickvals=[0, 25, 50, 75, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(barmode="group", bargap=0.25, showlegend=not marked.empty)
    fit(fig, 110 + 46 * len(rows), legend_rows=2 if not marked.empty else 0)
    charts.show(fig, key=key)
    download(rows[CSV_COLUMNS].assign(snapshot=as_at, cohort=filters.subject()), f"{key}_{snapshot:%Y%m%d}", key=f"{key}_csv")


st.title("Cohort")
st.markdown(
    "Who the Leaving Care Service supports: care leavers aged 16 to 25 by age, legal status, background and where they "
    "live, at any quarterly snapshot, and how the cohort has grown since the first snapshot. "
    "Commissioners size a service by its cohort."
)
ui.require_evidence("The Cohort page", ("snapshots",))

options = data_cohort.filter_options()
with st.container(border=True):
    st.markdown("**Filters** — every chart and table on this page follows them.")
    col_date, col_age, col_uasc, col_where = st.columns(4)
    snapshot = col_date.selectbox(
        "Snapshot", options.snapshot_dates, index=len(options.snapshot_dates) - 1,
        format_func=lambda d: f"{d:%d %b %Y}", key="cohort_snapshot",
    )
    age_band = col_age.selectbox("Age band", (ALL, *options.age_bands), key="cohort_age_band")
    uasc_choice = col_uasc.selectbox("Former UASC", tuple(UASC_CHOICES), key="cohort_uasc")
    location = col_where.selectbox("Where they live", (ALL, *options.locations), key="cohort_location")

filters = cohort.CohortFilters(
    snapshot_date=snapshot,
    age_band=None if age_band == ALL else age_band,
    uasc=UASC_CHOICES[uasc_choice],
    location=None if location == ALL else location,
)
subject = filters.subject()
as_at = f"{snapshot:%d %b %Y}"
profile = data_cohort.cohort_profile(filters)
published = data_cohort.published_profile()
shown = cohort.suppressed_profile(profile)
total = cohort.profile_total(profile)

left, right = st.columns([1, 2])
left.metric(f"Care leavers shown, {as_at}", f"{total:,}" if total >= 5 else "c (fewer than 5)", border=True)
left.caption(f"{subject[0].upper()}{subject[1:]}")
with right:
    if published.empty:
        st.caption(
            f"The {CFG.short_name} pack has no published cohort (`{pack_location(CFG)[0]}/cohort_published.csv`), so only "
            "the record-level figures are shown. Counts below 5 are shown as c, with the next smallest in the same breakdown."
        )
    elif filters.is_filtered:
        st.caption(
            f"Published figures describe the whole cohort at {published['published_as_at'].iloc[0]:%B %Y} "
            f"({cohort.published_total(published):,} care leavers), so they are shown only when no filter is set."
        )
    else:
        st.caption(
            f"Published: {cohort.published_total(published):,} care leavers in {published['published_as_at'].iloc[0]:%B %Y}, "
            f"from {CFG.wording.cohort_source}; shown beside each breakdown as outlined bars. Counts below 5 are shown as c, "
            "with the next smallest in the same breakdown."
        )


st.subheader(f"Who the service supports at {as_at}")
for pair in (("age_band", "legal_status"), ("sex", "ethnicity_group"), ("location", None)):
    columns = st.columns(2)
    for col, dimension in zip(columns, pair):
        with col:
            if dimension is None:
                share_chart(cohort.flags_table(profile), cohort.flags_finding(profile, subject), "cohort_chart_flags", filters=filters)
            else:
                share_chart(
                    shown[shown["dimension"] == dimension], cohort.dimension_finding(profile, dimension, subject),
                    f"cohort_chart_{dimension}", filters=filters,
                )
                if dimension == "legal_status":
                    st.caption(cohort.legal_status_note(profile, published))

with st.expander("All breakdowns as a table, beside the published figures"):
    table = cohort.profile_table(profile)
    st.dataframe(table, hide_index=True, width="stretch")
    download(table.assign(Snapshot=as_at, Cohort=subject), f"cohort_profile_{snapshot:%Y%m%d}", key="cohort_table_csv")

st.subheader("How the cohort has changed")
trend = data_cohort.cohort_trend_by_age_band(filters)
totals = cohort.trend_totals(trend)
shown_trend = cohort.suppressed_trend(trend)
shown_totals = cohort.suppressed_totals(totals)
changes_published = not data.missing_evidence(("reference_figures",), CHANGE_FIGURES)
if changes_published:
    open_cases, children_in_care, national_growth = data_cohort.published_changes()

fig = go.Figure()
for colour, (band, rows) in zip(charts.PALETTE, shown_trend.groupby("age_band", sort=False)):
    visible = rows[~rows["suppressed"]]
    fig.add_trace(
        go.Bar(
            x=visible["snapshot_date"], y=visible["care_leavers"].astype(int), name=f"Aged {band}", marker_color=colour,
            hovertemplate=f"Aged {band}, " + "%{x|%b %Y}: %{y:,}<extra></extra>",
        )
    )
basis = shown_totals[shown_totals["open_cases_basis"] != SUPPRESSED]
fig.add_trace(
    go.Scatter(
        x=basis["snapshot_date"], y=basis["open_cases_basis"].astype(int), mode="lines+markers",
        name="Aged 16-20, not Qualifying (basis of open allocated cases)", line=dict(color=charts.TEXT, dash="dot"),
        marker=dict(symbol="circle-open", size=8), hovertemplate="16-20 not Qualifying, %{x|%b %Y}: %{y:,}<extra></extra>",
    )
)
if changes_published and not filters.is_filtered:
    fig.add_trace(
        go.Scatter(
            x=[open_cases.before_date, open_cases.after_date], y=[open_cases.before, open_cases.after], mode="markers+text",
            name=f"Published open allocated cases ({open_cases.printed_growth:+g}%)",
            marker=dict(symbol="diamond", size=13, color=charts.PUBLISHED_COLOUR),
            text=[f"{open_cases.before:,.0f}", f"{open_cases.after:,.0f}"], textposition="top center",
            hovertemplate="Published open allocated cases, %{x|%b %Y}: %{y:,}<extra></extra>",
        )
    )
charts.styled(
    fig, title=wrapped(cohort.trend_finding(totals, subject), 90), x_title="Quarterly snapshot (1st of Jan, Apr, Jul, Oct)",
    y_title="Care leavers (count)", source=SNAPSHOT_SOURCE + (f"; {open_cases.source}" if changes_published else ""), as_at=as_at,
)
fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
fit(fig, 360, legend_rows=3)
fig.update_yaxes(rangemode="tozero")
charts.show(fig, key="cohort_trend")
trend_csv = cohort.trend_table(trend)
download(trend_csv.assign(cohort=subject), f"cohort_trend_to_{snapshot:%Y%m%d}", key="cohort_trend_csv")
if changes_published and filters.is_filtered:
    st.caption(
        f"The published open allocated cases ({open_cases.before:,.0f} in {open_cases.before_date:%b %Y}, "
        f"{open_cases.after:,.0f} in {open_cases.after_date:%b %Y}) count all 16-20 year olds who are not Qualifying, "
        "so they are shown only when no filter is set."
    )
elif changes_published:
    st.caption(cohort.open_cases_finding(open_cases, totals) + " Open allocated cases leave out Qualifying care leavers and those aged 21 and over.")

st.subheader("Context: children in care")
ui.require_evidence("The children-in-care context", ("reference_figures",), CHANGE_FIGURES)
cic_before, cic_after, cic_national = st.columns(3)
cic_before.metric(f"Children in care, {children_in_care.before_date:%b %Y}", f"{children_in_care.before:,.0f}", border=True)
cic_after.metric(
    f"Children in care, {children_in_care.after_date:%b %Y}", f"{children_in_care.after:,.0f}",
    delta=f"{children_in_care.recomputed_growth:+.1f}% by hand; report prints {children_in_care.printed_growth:+g}%",
    delta_color="off", border=True,
)
cic_national.metric("England, same period (report)", f"c.{national_growth:+g}%", border=True)
st.caption(cohort.children_in_care_finding(children_in_care, national_growth) + f" Source: {children_in_care.source}.")
