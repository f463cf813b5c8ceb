"""Accommodation: the suitable-accommodation KPIs computed from the snapshots, by group and by type of
accommodation, and over time beside the published values."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import outcomes
from ui import charts
from ui import data_outcomes as data

MEASURE = "accommodation"
SUITABILITY_COLOURS = {"Suitable": charts.PALETTE[0], "Unsuitable": charts.PALETTE[5], "Not recorded": "#9a9a9a"}
ui.page_setup("Accommodation", ":material/home_work:")

st.title("Accommodation")
kpis = data.outcome_kpis(MEASURE)
if kpis.empty:
    st.info("This authority's configuration defines no accommodation KPIs, so there is nothing to show here.")
    st.stop()
st.markdown(
    "How many care leavers live in suitable accommodation, worked out from each young person's SSDA903 accommodation "
    "code the way the DfE does: a code ending in 1 is suitable. Those who have died or returned home to their parents "
    "are left out, and so are those abroad, deported or whose residence is not known. The age groups and targets are "
    "the provider's KPIs in this authority's pack."
)

options = data.snapshot_options()
if options.empty:
    st.info(data.no_records_text(), icon=":material/upload_file:")
    st.stop()
labels = dict(zip(options["snapshot_date"], [outcomes.snapshot_label(d, p) for d, p in zip(options["snapshot_date"], options["period"])]))
snapshot = st.selectbox(
    "Snapshot", list(labels), index=len(labels) - 1, format_func=labels.get, key="accom_snapshot",
    help="Quarterly snapshots. Those marked 'published' stand for a period whose KPI values the provider has published.",
)
as_at = f"{snapshot:%d %b %Y}"

summary = data.outcome_summary(MEASURE, snapshot)
shown_summary = outcomes.suppress_outcome(summary)
comps = data.comparators(MEASURE)
data.summary_tiles(shown_summary)
charts.show(
    data.group_figure(shown_summary, comps, measure=MEASURE, title=outcomes.summary_finding(summary, MEASURE), as_at=as_at),
    key="accom_groups",
)
data.download(outcomes.outcome_table(shown_summary, MEASURE), f"accommodation_by_age_group_{snapshot:%Y%m%d}", key="accom_groups_csv")

st.subheader("Who is in suitable accommodation")
breakdown = st.radio(
    "Compare by", [b for b in outcomes.BREAKDOWNS if b != "age_group"], format_func=outcomes.BREAKDOWNS.get,
    horizontal=True, key="accom_breakdown",
)
by_group = data.outcome_by_group(MEASURE, snapshot, breakdown)
shown = outcomes.suppress_outcome(by_group)
charts.show(
    data.breakdown_figure(
        shown, measure=MEASURE, title=outcomes.breakdown_finding(by_group, MEASURE), as_at=as_at,
        legend_title=outcomes.BREAKDOWNS[breakdown],
    ),
    key="accom_breakdown_chart",
)
table = outcomes.outcome_table(shown, MEASURE)
st.dataframe(table, hide_index=True, width="stretch")
data.download(table, f"accommodation_by_{breakdown}_{snapshot:%Y%m%d}", key="accom_breakdown_csv")
st.caption(
    "c: fewer than 5 young people, or a count that would let one be worked out from the totals shown; the next smallest "
    "count in the age group is hidden with it. Most care leavers are in suitable accommodation, so a group's few in "
    "unsuitable accommodation are often what hides its figures. Whereabouts unknown is counted with out of county."
)

st.subheader("Where they live")
group = st.selectbox(
    "Age group", list(kpis["kpi_id"]), format_func=dict(zip(kpis["kpi_id"], kpis["short_name"])).get, key="accom_mix_group",
)
kpi = kpis.set_index("kpi_id").loc[group]
age_min, age_max = int(kpi["age_min"]), int(kpi["age_max"])
mix = data.accommodation_mix(snapshot, age_min, age_max)
shown_mix = outcomes.suppress_mix(mix, "suitability")
shown_mix["type"] = [
    name if counted else f"{name} (outside the measure)" for name, counted in zip(shown_mix["accommodation"], shown_mix["in_suitability_denominator"])
]
shown_mix["length"] = [0 if r.suppressed else int(r.care_leavers) for r in shown_mix.itertuples()]
# Each type's counts in words at the end of its bar, since a suppressed segment has no length to show.
ends = pd.DataFrame(
    [
        {"type": name, "length": rows["length"].sum(), "text": "  " + ", ".join(f"{c} {s.lower()}" for c, s in zip(rows["care_leavers"], rows["suitability"]))}
        for name, rows in shown_mix.groupby("type", sort=False)
    ],
    columns=["type", "length", "text"],
).sort_values("length", ascending=False, kind="stable")
fig = go.Figure()
for suitability, colour in SUITABILITY_COLOURS.items():
    rows = shown_mix[shown_mix["suitability"] == suitability]
    if rows.empty:
        continue
    fig.add_trace(
        go.Bar(
            y=rows["type"], x=rows["length"], orientation="h", name=suitability, marker_color=colour,
            hovertemplate=f"%{{y}}, {suitability.lower()}: %{{x}}<extra></extra>",
        )
    )
fig.add_trace(
    go.Scatter(
        y=ends["type"], x=ends["length"], text=ends["text"], mode="text", textposition="middle right", cliponaxis=False,
        showlegend=False, hoverinfo="skip",
    )
)
charts.styled(
    fig, title=data.wrapped(outcomes.accommodation_finding(mix, snapshot, age_min, age_max)),
    x_title=f"Care leavers {outcomes.ages_label(age_min, age_max).lower()} (count)", y_title="",
    source=data.SNAPSHOT_SOURCE, as_at=as_at,
)
fig.update_xaxes(range=[0, max(1, int(ends["length"].max()) if len(ends) else 0) * 1.5], rangemode="tozero")
fig.update_yaxes(categoryorder="array", categoryarray=list(ends["type"]), autorange="reversed", automargin=True)
fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
charts.show(data.fit(fig, 30 * len(ends) + 40, legend_rows=1), key="accom_types")
data.download(
    outcomes.mix_table(
        shown_mix, "accommodation", "Accommodation", snapshot, kpi["age_group"],
        {"letter": "ACCOM letter", "suitability": "Suitability", "in_suitability_denominator": "Counted in the measure"},
    ),
    f"accommodation_types_{group}_{snapshot:%Y%m%d}", key="accom_types_csv",
)
st.caption(
    "Suitability is recorded by the local authority for each young person (the second character of the ACCOM code). "
    "Gone abroad, deported and residence not known are left out of the suitability measure."
)

st.subheader("Over time, beside the published values")
trend = data.outcome_trend(MEASURE)
shown_trend = outcomes.suppress_outcome(trend)
for kpi_id, rows in shown_trend.groupby("kpi_id", sort=False):
    charts.show(
        data.trend_figure(
            rows, comps, measure=MEASURE, snapshot=snapshot, title=outcomes.trend_finding(trend[trend["kpi_id"] == kpi_id], MEASURE),
        ),
        key=f"accom_trend_{kpi_id}",
    )
data.download(outcomes.outcome_table(shown_trend, MEASURE), "accommodation_trend", key="accom_trend_csv")
st.caption(
    f"Numerator: {kpis['numerator_definition'].iloc[0]}. Denominator: care leavers in the age group at the snapshot, "
    f"excluding those who died or returned home and those abroad, deported or whose residence is not known. Basis: "
    f"{kpis['basis'].iloc[0].lower()}. Published values are the provider's own quarterly figures; the line is computed "
    "from the synthetic snapshots, which are calibrated to them."
)
