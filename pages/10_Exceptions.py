"""Exceptions: which KPIs are not achieved, and which of those are improving (the leadership team's first question)."""

import pandas as pd
import streamlit as st

import ui
from analytics import performance
from analytics.export import to_csv_bytes
from ui import charts, data_kpi
from ui.downloads import CSV, deferred_download
from viz import figures
from viz.kpi_charts import kpi_against_standards, tint

ui.page_setup("Exceptions", ":material/priority_high:")

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
SOURCE_NOTE = (
    f"Source: {data_kpi.source_note()}; status and arrows worked out from each KPI's target and tolerance, or its "
    "threshold bands, in the authority's pack."
)
col_period, col_words = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="exceptions_period")
frame = data_kpi.exceptions(period)
words = performance.vocabularies(frame)
vocabulary = col_words.radio("Status words", tuple(words), format_func=words.get, horizontal=True, key="exceptions_vocabulary")

table = performance.exceptions_table(frame, vocabulary)
# In the two-word vocabulary a grade's own colour would say more than the words: achieved shows green,
# not achieved red, ungraded grey.
achieved_colours = {"Achieved": charts.STATUS_COLOURS["green"], "Not achieved": charts.STATUS_COLOURS["red"], "Ungraded": "#9a9a9a"}
colours = frame["colour"] if vocabulary == "tolerance" else frame["achieved_label"].map(achieved_colours)
rags = frame["rag"] if vocabulary == "tolerance" else frame["achieved_label"].map({"Achieved": "green", "Not achieved": "red"}).fillna("")
st.markdown(f"**{performance.exceptions_headline(frame, vocabulary)}**")

# The two questions first: how many fail, and of those how many are recovering; then what is slipping.
groups = performance.exception_groups(frame)
failing_words = performance.failing_words(frame, vocabulary)
counts = frame["group_order"].value_counts()
col_fail, col_recovering, col_slipping = st.columns(3)
col_fail.metric(failing_words, int((frame["achieved_label"] == "Not achieved").sum()), border=True)
for col, group in ((col_recovering, groups[2]), (col_slipping, groups[3])):
    col.metric(group.label(vocabulary), int(counts.get(group.order, 0)), border=True)


def styled_rows(rows: pd.DataFrame, colours: pd.Series, rags: pd.Series) -> pd.io.formats.style.Styler:
    """The status cell tinted by its grade; its words and arrow say the same, so colour is never alone."""
    tints = [f"background-color: {tint(c, r)}" for c, r in zip(colours, rags)]
    return rows.style.apply(lambda _: tints, subset=["Status"]).format(
        {"Value (%)": "{:g}%", "Previous (%)": lambda v: "" if pd.isna(v) else f"{v:g}%", "Target (%)": "{:g}%"}
    )


for group in groups:
    selected = (frame["group_order"] == group.order).to_numpy()
    st.subheader(f"{group.label(vocabulary)} ({int(selected.sum())})")
    if selected.any():
        rows = table[selected].drop(columns=["Group"]).reset_index(drop=True)
        st.dataframe(
            styled_rows(rows, colours[selected].reset_index(drop=True), rags[selected].reset_index(drop=True)),
            hide_index=True, width="stretch",
        )
    else:
        st.caption(f"No KPI at {period}.")

st.caption(
    SOURCE_NOTE + " The arrow shows a move of half a point or more since the KPI's previous value. Achieved means on "
    "target or within tolerance, or in a band the KPI's scheme counts as met; Not achieved means outside tolerance or in "
    "a band that is not met; Ungraded means the value falls between two bands."
)
missing = data_kpi.unloaded_kpis()
if missing:
    st.caption(f"No values loaded for: {', '.join(missing)}.")
absent = sorted(set(data_kpi.kpi_options()["short_name"]) - set(frame["short_name"]))
if absent:
    st.caption(f"No value at {period} for: {', '.join(absent)} (a gap in their returns).")

st.subheader(f"Every KPI against its tolerance band or bands, {period}")
labels = [
    f"{performance.status_words(s, a, vocabulary)} {arrow}".strip()
    for s, a, arrow in zip(frame["status_label"], frame["achieved_label"], frame["arrow"])
]
fig = kpi_against_standards(
    frame, labels, list(colours), data_kpi.gradings(), title=performance.status_title(frame, vocabulary), period=period,
    source=data_kpi.source_note(),
)
# A phone stacks the legend one entry to a row; the source line goes under all of them.
entries = sum(1 for t in fig.data if t.showlegend is not False and t.name)
figures.fit(fig, 45 * len(frame), legend_rows=entries)
charts.show(fig, key="exceptions_chart")
deferred_download(
    "Download the exceptions and this chart's data (CSV)", lambda: to_csv_bytes(table.assign(Period=period)),
    f"kpi_exceptions_{period.replace(' ', '_')}.csv", CSV, key="exceptions_csv",
)
