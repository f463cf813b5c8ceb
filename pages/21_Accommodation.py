"""Accommodation: the suitable-accommodation KPIs computed from the snapshots, by group and by type of
accommodation, and over time beside the published values."""

import streamlit as st

import ui
from ui import data_outcomes as data

MEASURE = "accommodation"
ui.page_setup("Accommodation")

st.title("Accommodation")
if not data.kpi_names(MEASURE):
    st.info("This authority's configuration defines no accommodation KPIs, so there is nothing to show here.")
    st.stop()
data.intro(
    "How many care leavers live in suitable accommodation, counted from each young person's record the way the "
    "Department for Education counts them. The age groups and targets are the provider's KPIs for this authority.",
    "The local authority records, for each young person, the kind of place they live in and whether it is suitable for "
    "them. Young people who have died, or who have gone back to live with their parents for six months or more, are left "
    "out; so are those living abroad, deported, or whose address is not known, since nobody can judge their "
    "accommodation.",
    (MEASURE,),
)

snapshot = data.measure_at_snapshot(MEASURE, "accom")
if snapshot is None:
    st.stop()

data.breakdown_section(
    MEASURE, "accom", snapshot, "Who is in suitable accommodation",
    "Most care leavers are in suitable accommodation, so a group's few in unsuitable accommodation are often what hides its figures.",
)

st.subheader("Where they live")
group = data.kpi_group_picker(MEASURE, "accom_mix_group")
data.place_with_download(data.accommodation_chart(snapshot, group), key="accom_types", page="Accommodation", subject=f"types {group}", as_at=snapshot)
st.caption("Living abroad, deported and address not known are shown, but left out of the suitability measure.")

data.trend_section((MEASURE,), "accom", snapshot)
st.caption("Published values are the provider's own quarterly figures; the line is computed from the snapshots.")
