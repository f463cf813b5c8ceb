"""Sources and definitions: every published table in the store, with where it came from."""

import streamlit as st

import ui
from analytics.export import to_csv_bytes
from ui import data

ui.page_setup("Sources and definitions", ":material/menu_book:")

st.title("Sources and definitions")
info = data.build_info()
st.markdown(
    f"Evidence store for **{info.authority}**, built {info.built_at:%d %b %Y %H:%M} UTC. "
    "Published figures are transcribed from *Re-commissioning of the Lincolnshire Leaving Care Service* "
    "(Executive Councillor report and Commissioning Plan, March–April 2024); every row names its table or section."
)
if info.synthetic:
    st.markdown(
        "Record-level figures (breakdowns by age, sex, activity, accommodation and so on) come from a "
        "**synthetic** cohort generated to match the published totals. No child's record is held or shown."
    )

tables = data.published_tables()
labels = {row.table_name: f"{row.table_name} — {row.comment}" for row in tables.itertuples()}
choice = st.selectbox("Published table", list(labels), format_func=labels.get, key="sources_table")
table = data.published_table(choice)
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    "Download this table (CSV)", to_csv_bytes(table), file_name=f"{choice}.csv",
    mime="text/csv", key="sources_download",
)
