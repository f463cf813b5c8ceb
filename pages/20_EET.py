"""Education, employment and training: the EET KPIs computed from the snapshots, by group and by
activity, and over time beside the published values."""

import streamlit as st

import ui
from ui import data_outcomes as data

MEASURE = "eet"
ui.page_setup("Education, employment and training")

st.title("Education, employment and training")
if not data.kpi_names(MEASURE):
    st.info("This authority's configuration defines no education, employment and training KPIs, so there is nothing to show here.")
    st.stop()
data.intro(
    "How many care leavers are in education, employment or training (EET), counted from each young person's record "
    "the way the Department for Education counts them. The age groups and targets are the provider's KPIs for this authority.",
    "Each young person's main activity at the snapshot is taken from their record. Higher education, other education, "
    "training or an apprenticeship, and employment, full or part time, count as in education, employment or training; "
    "being unemployed, unable to work through illness or disability, a young parent or carer, or not known counts against "
    "it. Young people who have died, or who have gone back to live with their parents for six months or more, are left out.",
    (MEASURE,),
)

snapshot = data.measure_at_snapshot(MEASURE, "eet")
if snapshot is None:
    st.stop()
if data.has_comparators(MEASURE):
    st.caption(
        "The reference lines are comparators for EET as a whole, each labelled with its area, year and basis: they may "
        "describe a wider group than any one KPI, so they are a guide, not a target."
    )

data.breakdown_section(MEASURE, "eet", snapshot, "Who is in education, employment or training")

st.subheader("What they are doing")
group = data.kpi_group_picker(MEASURE, "eet_mix_group")
data.place_with_download(data.activity_chart(snapshot, group), key="eet_activity", page="EET", subject=f"activity {group}", as_at=snapshot)

data.trend_section((MEASURE,), "eet", snapshot)
st.caption("Published values are the provider's own quarterly figures; the line is computed from the snapshots.")
