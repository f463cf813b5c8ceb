"""Keeping in touch and Pathway Plans: both KPIs computed from the snapshots beside the published
values, the mix of contact codes, and Pathway Plans by legal status."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import outcomes
from ui import charts
from ui import data_outcomes as data

MEASURE_ORDER = ("kit", "pathway_plan")
CONTACT_COLOURS = {True: charts.PALETTE[0], False: "#9a9a9a"}
ui.page_setup("Keeping in touch and Pathway Plans", ":material/handshake:")

st.title("Keeping in touch and Pathway Plans")
st.markdown(
    "Whether the service is in touch with each care leaver (the SSDA903 IN_TOUCH code) and whether those who need a "
    "Pathway Plan have one reviewed on time. Those who have died or returned home to their parents are left out of both "
    "measures, and Qualifying care leavers need no Pathway Plan. The age ranges and targets are the provider's KPIs in "
    "this authority's pack."
)

# An authority may define only one of the two; the page shows what its configuration has.
MEASURES = tuple(m for m in MEASURE_ORDER if not data.outcome_kpis(m).empty)
if not MEASURES:
    st.info("This authority's configuration defines no keeping-in-touch or Pathway Plan KPIs, so there is nothing to show here.")
    st.stop()

options = data.snapshot_options()
if options.empty:
    st.info(data.no_records_text(), icon=":material/upload_file:")
    st.stop()
labels = dict(zip(options["snapshot_date"], [outcomes.snapshot_label(d, p) for d, p in zip(options["snapshot_date"], options["period"])]))
snapshot = st.selectbox(
    "Snapshot", list(labels), index=len(labels) - 1, format_func=labels.get, key="kit_snapshot",
    help="Quarterly snapshots. Those marked 'published' stand for a period whose KPI values the provider has published.",
)
as_at = f"{snapshot:%d %b %Y}"

summaries = {measure: data.outcome_summary(measure, snapshot) for measure in MEASURES}
shown_summaries = {measure: outcomes.suppress_outcome(summary) for measure, summary in summaries.items()}
st.markdown("\n".join(f"- **{outcomes.summary_finding(summaries[measure], measure)}.**" for measure in MEASURES))
data.summary_tiles(pd.concat(shown_summaries.values(), ignore_index=True))

st.subheader("Over time, beside the published values")
for measure in MEASURES:
    trend = data.outcome_trend(measure)
    shown_trend = outcomes.suppress_outcome(trend)
    comps = data.comparators(measure)
    for kpi_id, rows in shown_trend.groupby("kpi_id", sort=False):
        charts.show(
            data.trend_figure(
                rows, comps, measure=measure, snapshot=snapshot, title=outcomes.trend_finding(trend[trend["kpi_id"] == kpi_id], measure),
            ),
            key=f"kit_trend_{kpi_id}",
        )
    data.download(outcomes.outcome_table(shown_trend, measure), f"{measure}_trend", key=f"kit_trend_{measure}_csv")

if "kit" in MEASURES:
    st.subheader("Contact at the snapshot")
    kit_kpis = data.outcome_kpis("kit")
    # The reference pack has one keeping-in-touch KPI; an authority with several chooses among them.
    kit_group = kit_kpis["kpi_id"].iloc[0]
    if len(kit_kpis) > 1:
        kit_group = st.selectbox(
            "Age group", list(kit_kpis["kpi_id"]), format_func=dict(zip(kit_kpis["kpi_id"], kit_kpis["short_name"])).get,
            key="kit_mix_group",
        )
    kit_kpi = kit_kpis.set_index("kpi_id").loc[kit_group]
    age_min, age_max = int(kit_kpi["age_min"]), int(kit_kpi["age_max"])
    mix = data.kit_mix(snapshot, age_min, age_max)
    shown_mix = outcomes.suppress_mix(mix, "in_denominator")
    fig = go.Figure()
    for counted, name in ((True, "Counted in the measure"), (False, "Left out of the measure")):
        rows = shown_mix[shown_mix["in_denominator"] == counted]
        fig.add_trace(
            go.Bar(
                y=rows["description"], x=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], orientation="h",
                name=name, marker_color=CONTACT_COLOURS[counted], textposition="outside", cliponaxis=False,
                text=["  c (small number)" if r.suppressed else f"{int(r.care_leavers):,} ({float(r.percent):.1f}%)" for r in rows.itertuples()],
                customdata=rows["in_touch"], hovertemplate="%{y} (IN_TOUCH %{customdata}): %{x:.1f}%<extra></extra>",
            )
        )
    charts.styled(
        fig, title=data.wrapped(outcomes.kit_finding(mix, snapshot, age_min, age_max)),
        x_title=f"Everyone {outcomes.ages_label(age_min, age_max).lower()} (%)", y_title="", source=data.SNAPSHOT_SOURCE, as_at=as_at,
    )
    fig.update_xaxes(range=[0, 125], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(legend=dict(traceorder="normal"))
    charts.show(data.fit(fig, 40 * len(mix), legend_rows=1), key="kit_contact")
    data.download(
        outcomes.mix_table(shown_mix, "description", "Contact", snapshot, kit_kpi["age_group"], {"in_touch": "IN_TOUCH code", "in_denominator": "Counted in the measure"}),
        f"kit_contact_{snapshot:%Y%m%d}", key="kit_contact_csv",
    )
    st.caption(
        "Not in touch, refuses contact and no longer wants or needs services all count against the measure: the DfE keeps "
        "'information not known' in the denominator. Those who have died or returned home are left out."
    )

if "pathway_plan" in MEASURES:
    st.subheader("Pathway Plans up to date, by legal status")
    pathway = data.pathway_by_status(snapshot)
    shown_pathway = outcomes.suppress_pathway(pathway)
    fig = go.Figure()
    for colour, (kpi_id, rows) in zip(charts.PALETTE, shown_pathway.groupby("kpi_id", sort=False)):
        fig.add_trace(
            go.Bar(
                x=rows["category"], y=[0.0 if r.suppressed else float(r.percent) for r in rows.itertuples()], marker_color=colour,
                name=f"{rows['short_name'].iloc[0]}, computed from the snapshots", cliponaxis=False,
                text=["c" if r.suppressed else f"{float(r.percent):.0f}%" for r in rows.itertuples()],
                textposition=["outside" if r.suppressed else "inside" for r in rows.itertuples()], insidetextanchor="middle",
                customdata=[[str(n), str(d)] for n, d in zip(rows["numerator"], rows["denominator"])],
                hovertemplate="%{x}: %{text} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
            )
        )
    for target in shown_pathway.drop_duplicates("kpi_id")["target"]:
        fig.add_hline(y=target, line=dict(color=charts.TEXT, width=2, dash="dash"), name=f"Target {target:g}%", showlegend=True)
    charts.styled(
        fig, title=data.wrapped(outcomes.pathway_finding(pathway)), x_title="Legal status at the snapshot",
        y_title="Plan up to date (%)", source=data.SNAPSHOT_SOURCE, as_at=as_at,
    )
    fig.update_yaxes(range=[0, 105], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    fig.update_layout(barmode="group")
    charts.show(data.fit(fig, 300, legend_rows=1), key="kit_pathway_status")
    pathway_table = outcomes.outcome_table(shown_pathway, "pathway_plan")
    st.dataframe(pathway_table, hide_index=True, width="stretch")
    data.download(pathway_table, f"pathway_plans_by_status_{snapshot:%Y%m%d}", key="kit_pathway_csv")

st.subheader("Compare groups")
breakdown = st.radio(
    "Compare by", [b for b in outcomes.BREAKDOWNS if b != "age_group"], format_func=outcomes.BREAKDOWNS.get,
    horizontal=True, key="kit_breakdown",
)
for measure, column in zip(MEASURES, st.columns(len(MEASURES))):
    by_group = data.outcome_by_group(measure, snapshot, breakdown)
    shown = outcomes.suppress_outcome(by_group)
    with column:
        fig = data.breakdown_figure(
            shown, measure=measure, title=outcomes.breakdown_finding(by_group, measure), as_at=as_at,
            legend_title=outcomes.BREAKDOWNS[breakdown], narrow=True,
        )
        charts.show(fig, key=f"kit_breakdown_{measure}")
        table = outcomes.outcome_table(shown, measure)
        st.dataframe(table.drop(columns=["Snapshot"]), hide_index=True, width="stretch")
        data.download(table, f"{measure}_by_{breakdown}_{snapshot:%Y%m%d}", key=f"kit_breakdown_{measure}_csv")
st.caption(
    "c: fewer than 5 young people, or a count that would let one be worked out from the totals shown; the next smallest "
    "count is hidden with it. Most care leavers are in touch and have a plan, so a group's few who are not are often "
    "what hides its figures. Whereabouts unknown is counted with out of county."
)
