"""Exceptions: which KPIs are not achieved, and which of those are improving (the leadership team's first question)."""

import streamlit as st

import ui
from analytics.export import to_csv_bytes
from analytics.performance import exceptions_table
from ui import charts, data_kpi
from ui.downloads import deferred_download

ui.page_setup("Exceptions")

st.title("Exceptions")
st.markdown(
    "Which provider KPIs are not achieved, and which of those are improving? Status (the value against its target and "
    "tolerance band, or its threshold bands) is kept apart from trend (the movement since the previous period), so a KPI "
    "that is failing but recovering is not confused with one that is failing and getting worse."
)

periods = data_kpi.periods()
if not periods:
    st.info(data_kpi.missing_values_text(), icon=":material/upload_file:")
    st.stop()
col_period, col_words = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="exceptions_period")
words = data_kpi.exception_words(period)
vocabulary = col_words.radio("Status words", tuple(words), format_func=words.get, horizontal=True, key="exceptions_vocabulary")
panel = data_kpi.exceptions_panel(period, vocabulary)

st.markdown(f"**{panel.headline}**")
# The two questions first: how many fail, and of those how many are recovering; then what is slipping.
for col, (label, value) in zip(st.columns(3), panel.metrics):
    col.metric(label, value, border=True)

for group in panel.groups:
    st.header(group.heading)
    if group.html is None:
        st.caption(f"No KPI at {period}.")
    else:
        st.html(group.html)

st.caption(
    f"Source: {data_kpi.source_note()}; status and arrows worked out from each KPI's target and tolerance, or its threshold "
    "bands, in the authority's pack. The arrow shows a move of half a point or more since the KPI's previous value. "
    "Achieved means on target or within tolerance, or in a band the KPI's scheme counts as met; Not achieved means outside "
    "tolerance or in a band that is not met; Ungraded means the value falls between two bands. The tint of a Status cell "
    "repeats its words."
)
missing = data_kpi.unloaded_kpis()
if missing:
    st.caption(f"No values loaded for: {', '.join(missing)}.")
if panel.absent:
    st.caption(f"No value at {period} for: {', '.join(panel.absent)} (a gap in their returns).")

st.header(f"Every KPI against its tolerance band or bands, {period}")
charts.show(panel.chart, key="exceptions_chart")
deferred_download(
    "Download the exceptions and this chart's data (CSV)",
    lambda: to_csv_bytes(exceptions_table(data_kpi.exceptions(period), vocabulary).assign(Period=period)),
    key="exceptions_csv", page="Exceptions", subject="KPI exceptions", as_at=period,
)
