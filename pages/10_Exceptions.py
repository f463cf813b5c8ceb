"""Exceptions: which KPIs are not achieved, and which of those are improving (the leadership team's first question)."""

import pandas as pd
import streamlit as st

import ui
from analytics import performance
from analytics.export import to_csv_bytes
from ui import charts, data, data_kpi
from viz import figures
from viz.kpi_charts import STATUS_TINTS

ui.page_setup("Exceptions", ":material/priority_high:")

SOURCE_NOTE = (
    "Source: Commissioning Plan Table 2 (provider JET data); status and arrows worked out from each KPI's target and "
    "tolerance in the store."
)

st.title("Exceptions")
st.markdown(
    "Which provider KPIs are not achieved, and which of those are improving? Status (the value against its target and "
    "tolerance band) is kept apart from trend (the movement since the previous period), so a KPI that is failing but "
    "recovering is not confused with one that is failing and getting worse."
)

periods = data_kpi.periods()
col_period, col_words = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="exceptions_period")
vocabulary = col_words.radio(
    "Status words", tuple(performance.VOCABULARIES), format_func=performance.VOCABULARIES.get, horizontal=True,
    key="exceptions_vocabulary",
)

frame = data_kpi.exceptions(period)
table = performance.exceptions_table(frame, vocabulary)
# In the two-word vocabulary amber would say "within tolerance" by colour alone, so it shows as achieved.
rags = frame["rag"] if vocabulary == "tolerance" else frame["rag"].where(frame["rag"] == "red", "green")
st.markdown(f"**{performance.exceptions_headline(frame, vocabulary)}**")

# The two questions first: how many fail, and of those how many are recovering; then what is slipping.
failing_words = "Not achieved" if vocabulary == "achieved" else "Outside tolerance"
counts = frame["group_order"].value_counts()
col_fail, col_recovering, col_slipping = st.columns(3)
col_fail.metric(failing_words, int((frame["achieved_label"] == "Not achieved").sum()), border=True)
for col, group in ((col_recovering, performance.EXCEPTION_GROUPS[2]), (col_slipping, performance.EXCEPTION_GROUPS[3])):
    col.metric(group.label(vocabulary), int(counts.get(group.order, 0)), border=True)


def styled_rows(rows: pd.DataFrame, rags: pd.Series) -> pd.io.formats.style.Styler:
    """The status cell tinted by status; its words and arrow say the same, so colour is never alone."""
    tints = [f"background-color: {STATUS_TINTS[r]}" for r in rags]
    return rows.style.apply(lambda _: tints, subset=["Status"]).format(
        {"Value (%)": "{:g}%", "Previous (%)": lambda v: "" if pd.isna(v) else f"{v:g}%", "Target (%)": "{:g}%"}
    )


for group in performance.EXCEPTION_GROUPS:
    selected = (frame["group_order"] == group.order).to_numpy()
    st.subheader(f"{group.label(vocabulary)} ({int(selected.sum())})")
    if selected.any():
        rows = table[selected].drop(columns=["Group"]).reset_index(drop=True)
        st.dataframe(styled_rows(rows, rags[selected].reset_index(drop=True)), hide_index=True, width="stretch")
    else:
        st.caption(f"No KPI at {period}.")

st.caption(
    SOURCE_NOTE + " The arrow shows a move of half a point or more since the previous period. Achieved means on target "
    "or within tolerance; Not achieved means outside tolerance."
)

st.subheader(f"Every KPI against its tolerance band, {period}")
tiles = data.kpi_tiles(period)
fig = figures.kpi_against_targets(
    [t.short_name for t in tiles], [t.value for t in tiles], [t.target for t in tiles],
    [t.band.lower for t in tiles], [t.band.upper for t in tiles],
    [t.status.rag if vocabulary == "tolerance" or not t.status.achieved else "green" for t in tiles],
    [f"{performance.status_words(t.status.label, t.status.achieved_label, vocabulary)} {t.direction.arrow}".strip() for t in tiles],
    title=performance.status_title(frame, vocabulary), period=period,
)
figures.fit(fig, 45 * len(tiles), legend_rows=1)
charts.show(fig, key="exceptions_chart")
st.download_button(
    "Download the exceptions and this chart's data (CSV)", to_csv_bytes(table.assign(Period=period)),
    file_name=f"kpi_exceptions_{period.replace(' ', '_')}.csv", mime="text/csv", key="exceptions_csv",
)
