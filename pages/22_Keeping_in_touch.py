"""Keeping in touch and Pathway Plans: both KPIs computed from the snapshots beside the published
values, the mix of contact, and Pathway Plans by legal status."""

import streamlit as st

import ui
from analytics import outcomes
from ui import data_outcomes as data

ui.page_setup("Keeping in touch and Pathway Plans")

st.title("Keeping in touch and Pathway Plans")
# An authority may define only one of the two; the page shows what its configuration has.
MEASURES = tuple(m for m in ("kit", "pathway_plan") if data.kpi_names(m))
if not MEASURES:
    st.info("This authority's configuration defines no keeping-in-touch or Pathway Plan KPIs, so there is nothing to show here.")
    st.stop()
data.intro(
    "Whether the service is in touch with each care leaver, and whether those who need a Pathway Plan have one reviewed "
    "on time. The age ranges and targets are the provider's KPIs for this authority.",
    "Contact is recorded for each young person around the snapshot date. Not in touch, refusing contact and no longer "
    "wanting or needing services all count against the measure, and so does contact not known. Young people who have "
    "died, or who have gone back to live with their parents for six months or more, are left out of both measures. "
    "Qualifying care leavers (those who left care before 16, or after 16 but for fewer than 13 weeks) need no Pathway "
    "Plan, so they are left out of that measure.",
    MEASURES,
)

snapshot = data.snapshot_picker("kit_snapshot")
if snapshot is None:
    st.stop()
data.show_tiles(MEASURES, snapshot)

data.trend_section(MEASURES, "kit", snapshot)

if "kit" in MEASURES:
    st.subheader("Contact at the snapshot")
    kit_group = data.kpi_group_picker("kit", "kit_mix_group")
    data.place_with_download(data.contact_chart(snapshot, kit_group), key="kit_contact", page="Keeping in touch", subject=f"contact {kit_group}", as_at=snapshot)

if "pathway_plan" in MEASURES:
    st.subheader("Pathway Plans up to date, by legal status")
    pathway, hidden = data.pathway_chart(snapshot)
    data.place_with_download(pathway, key="kit_pathway_status", page="Keeping in touch", subject="pathway plans by status", as_at=snapshot)
    if hidden:
        st.caption(f"Not shown, to protect small numbers: {hidden}")

st.subheader("Compare groups")
breakdown = st.radio(
    "Compare by", [b for b in outcomes.BREAKDOWNS if b != "age_group"], format_func=outcomes.BREAKDOWNS.get,
    horizontal=True, key="kit_breakdown",
)
for measure, column in zip(MEASURES, st.columns(len(MEASURES))):
    with column:
        data.place_with_download(
            data.breakdown_chart(measure, snapshot, breakdown, narrow=True), key=f"kit_breakdown_{measure}",
            page="Keeping in touch", subject=f"{measure} by {breakdown}", as_at=snapshot,
        )
st.caption(
    f"{data.SUPPRESSION_NOTE} Most care leavers are in touch and have a plan, so a group's few who are not are often what "
    "hides its figures. Whereabouts unknown is counted with out of county."
)
