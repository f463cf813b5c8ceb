"""Education, employment and training: the EET KPIs computed from the snapshots, by group and by
activity, and over time beside the published values."""

import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import outcomes
from ui import charts
from ui import data_outcomes as data

MEASURE = "eet"
ui.page_setup("Education, employment and training", ":material/school:")

st.title("Education, employment and training")
kpis = data.outcome_kpis(MEASURE)
if kpis.empty:
    st.info("This authority's configuration defines no education, employment and training KPIs, so there is nothing to show here.")
    st.stop()
st.markdown(
    "How many care leavers are in education, employment or training (EET), worked out from each young person's "
    "SSDA903 main activity the way the DfE does: activity F1, P1, F2, P2, F4, P4, F5 or P5 counts as EET, and those who "
    "have died or returned home to their parents are left out. The age groups and targets are the provider's KPIs in "
    "this authority's pack."
)

options = data.snapshot_options()
if options.empty:
    st.info(data.no_records_text(), icon=":material/upload_file:")
    st.stop()
labels = dict(zip(options["snapshot_date"], [outcomes.snapshot_label(d, p) for d, p in zip(options["snapshot_date"], options["period"])]))
snapshot = st.selectbox(
    "Snapshot", list(labels), index=len(labels) - 1, format_func=labels.get, key="eet_snapshot",
    help="Quarterly snapshots. Those marked 'published' stand for a period whose KPI values the provider has published.",
)
as_at = f"{snapshot:%d %b %Y}"

summary = data.outcome_summary(MEASURE, snapshot)
shown_summary = outcomes.suppress_outcome(summary)
comps = data.comparators(MEASURE)
data.summary_tiles(shown_summary)
charts.show(
    data.group_figure(shown_summary, comps, measure=MEASURE, title=outcomes.summary_finding(summary, MEASURE), as_at=as_at), key="eet_groups",
)
data.download(outcomes.outcome_table(shown_summary, MEASURE), f"eet_by_age_group_{snapshot:%Y%m%d}", key="eet_groups_csv")
if not comps.empty:
    st.caption(
        "Reference lines are the comparators the authority's pack gives for EET as a whole, each labelled with its area, "
        "year and basis: they may describe a wider group than any one KPI, so they are a guide, not a target."
    )

st.subheader("Who is in education, employment or training")
breakdown = st.radio(
    "Compare by", [b for b in outcomes.BREAKDOWNS if b != "age_group"], format_func=outcomes.BREAKDOWNS.get,
    horizontal=True, key="eet_breakdown",
)
by_group = data.outcome_by_group(MEASURE, snapshot, breakdown)
shown = outcomes.suppress_outcome(by_group)
charts.show(
    data.breakdown_figure(
        shown, measure=MEASURE, title=outcomes.breakdown_finding(by_group, MEASURE), as_at=as_at, legend_title=outcomes.BREAKDOWNS[breakdown],
    ),
    key="eet_breakdown_chart",
)
table = outcomes.outcome_table(shown, MEASURE)
st.dataframe(table, hide_index=True, width="stretch")
data.download(table, f"eet_by_{breakdown}_{snapshot:%Y%m%d}", key="eet_breakdown_csv")
st.caption(
    "c: fewer than 5 young people, or a count that would let one be worked out from the totals shown; the next smallest "
    "count in the age group is hidden with it. Whereabouts unknown is counted with out of county."
)

st.subheader("What they are doing")
group = st.selectbox(
    "Age group", list(kpis["kpi_id"]), format_func=dict(zip(kpis["kpi_id"], kpis["short_name"])).get, key="eet_mix_group",
)
kpi = kpis.set_index("kpi_id").loc[group]
age_min, age_max = int(kpi["age_min"]), int(kpi["age_max"])
mix = data.activity_mix(snapshot, age_min, age_max)
shown_mix = outcomes.suppress_mix(mix, "eet")
fig = go.Figure()
for is_eet, name, colour in ((True, "In EET", charts.PALETTE[0]), (False, "Not in EET or not known", charts.PALETTE[1])):
    rows = shown_mix[shown_mix["eet"] == is_eet]
    fig.add_trace(
        go.Bar(
            y=rows["activity"], x=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], orientation="h",
            name=name, marker_color=colour, textposition="outside", cliponaxis=False,
            text=["c (small number)" if r.suppressed else f"{int(r.care_leavers):,} ({float(r.percent):.0f}%)" for r in rows.itertuples()],
            customdata=rows["codes"], hovertemplate="%{y} (ACTIV %{customdata}): %{x:.1f}%<extra></extra>",
        )
    )
charts.styled(
    fig, title=data.wrapped(outcomes.activity_finding(mix, snapshot, age_min, age_max)),
    x_title=f"Care leavers {outcomes.ages_label(age_min, age_max).lower()} (%)", y_title="",
    source=data.SNAPSHOT_SOURCE, as_at=as_at,
)
fig.update_xaxes(range=[0, max(60.0, float(mix["percent"].max()) + 15)], ticksuffix="%")
fig.update_yaxes(autorange="reversed", automargin=True)
charts.show(data.fit(fig, 40 * len(mix), legend_rows=1), key="eet_activity")
data.download(
    outcomes.mix_table(shown_mix, "activity", "Main activity", snapshot, kpi["age_group"], {"codes": "ACTIV codes"}),
    f"eet_activity_{group}_{snapshot:%Y%m%d}", key="eet_activity_csv",
)

st.subheader("Over time, beside the published values")
trend = data.outcome_trend(MEASURE)
shown_trend = outcomes.suppress_outcome(trend)
for kpi_id, rows in shown_trend.groupby("kpi_id", sort=False):
    charts.show(
        data.trend_figure(rows, comps, measure=MEASURE, snapshot=snapshot, title=outcomes.trend_finding(trend[trend["kpi_id"] == kpi_id], MEASURE)),
        key=f"eet_trend_{kpi_id}",
    )
data.download(outcomes.outcome_table(shown_trend, MEASURE), "eet_trend", key="eet_trend_csv")
st.caption(
    f"Numerator: {kpis['numerator_definition'].iloc[0]}. Denominator: care leavers in the age group at the snapshot, "
    f"excluding those who died or returned home. Basis: {kpis['basis'].iloc[0].lower()}. Published values are the "
    "provider's own quarterly figures; the line is computed from the synthetic snapshots, which are calibrated to them."
)
