"""Cohort: who the Leaving Care Service supports at any snapshot, and how the cohort has changed."""

import streamlit as st

import ui
from analytics import cohort
from analytics.export import to_csv_bytes
from ui import charts, data_cohort
from ui.downloads import deferred_download

ui.page_setup("Cohort")

ALL = "All"
UASC_CHOICES = {ALL: None, "Former UASC only": True, "Not former UASC": False}


def place(item: charts.Chart | str, key: str, subject: str) -> None:
    """A chart with its figures to download (named for this page, ``subject`` and the snapshot), or the
    sentence that stands in for it."""
    if isinstance(item, str):
        st.info(item, icon=":material/info:")
        return
    charts.show(item, key=key)
    deferred_download(
        "Download this chart's figures (CSV)", lambda: to_csv_bytes(item.table), key=f"{key}_csv", page="Cohort", subject=subject,
        as_at=snapshot,
    )


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
words = data_cohort.cohort_words(filters)
as_at = f"{snapshot:%d %b %Y}"

left, right = st.columns([1, 2])
left.metric(f"Care leavers shown, {as_at}", words.total_text, border=True)
# Who the number counts, in words, once a filter narrows it ("care leavers aged 16-17 living in the county").
left.caption(f"{words.subject[0].upper()}{words.subject[1:]}" if filters.is_filtered else "All care leavers (no filter chosen)")
right.caption(words.published_caption)

st.header(f"Who the service supports at {as_at}")
if words.empty:
    st.info(words.empty, icon=":material/info:")
else:
    for pair in (("age_band", "legal_status"), ("sex", "ethnicity_group"), ("location", data_cohort.FLAGS)):
        for col, dimension in zip(st.columns(2), pair):
            with col:
                place(data_cohort.cohort_chart(dimension, filters), f"cohort_chart_{dimension}", f"by {dimension}")
                if dimension == "legal_status":
                    st.caption(words.legal_status_note)

    with st.expander("All breakdowns as a table, beside the published figures"):
        table = data_cohort.cohort_profile_table(filters)
        st.dataframe(table, hide_index=True, width="stretch")
        deferred_download(
            "Download this table (CSV)", lambda: to_csv_bytes(table.assign(Snapshot=as_at, Cohort=words.subject)),
            key="cohort_table_csv", page="Cohort", subject="profile", as_at=snapshot,
        )

st.header("How the cohort has changed")
place(data_cohort.cohort_trend_chart(filters), "cohort_trend", "trend")
if words.open_cases_caption:
    st.caption(words.open_cases_caption)

st.header("Context: children in care")
ui.require_evidence("The children-in-care context", ("reference_figures",), data_cohort.CHANGE_FIGURES)
context = data_cohort.children_in_care()
cic_before, cic_after, cic_national = st.columns(3)
cic_before.metric(context.before_label, context.before, border=True)
cic_after.metric(context.after_label, context.after, delta=context.after_note, delta_color="off", border=True)
cic_national.metric("England, same period (report)", context.national, border=True)
st.caption(context.finding)
