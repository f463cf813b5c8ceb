"""Sources and definitions: every published table in the store, with where it came from."""

import streamlit as st

import ui
from analytics import config
from analytics.export import to_csv_bytes
from analytics.sources import EVIDENCE_LABELS, pack_location
from ui import data
from ui.downloads import CSV, deferred_download

ui.page_setup("Sources and definitions", ":material/menu_book:")

st.title("Sources and definitions")
cfg = config.load()
info = data.build_info()
folder, rebuild = pack_location(cfg)
st.markdown(
    f"Evidence store for **{info.authority}**, built {info.built_at:%d %b %Y %H:%M} UTC from the authority pack "
    f"`{folder}/`. Published figures are transcribed from *{cfg.wording.evidence_document}*; "
    "every row names its table or section."
)
if info.synthetic:
    st.markdown(
        "Record-level figures (breakdowns by age, sex, activity, accommodation and so on) come from a "
        "**synthetic** cohort generated to match the published totals. No child's record is held or shown."
    )
st.markdown(
    "**National statistics** (the `national_*` tables, used by the Benchmark page): DfE's official care-leaver "
    "statistics for every English authority, region and England, built into the product. Source: Department for "
    "Education, *Children looked after in England including adoptions* (care leavers' activity, accommodation and "
    "contact, 2020-2024), and Local Authority Interactive Tool (care-leaver measures and leaving care support "
    "expenditure, 2016-2025); statistical neighbours: DfE Children's Services Statistical Neighbour Benchmarking Tool "
    "(May 2025). Contains public sector information licensed under the "
    "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). "
    "Suppressed cells keep DfE's symbol (`c`, `z`, `k`, `x`, `-`); provenance in `data/national/README.md`."
)

tables = data.published_tables()
empty = [t for t in tables["table_name"] if t in EVIDENCE_LABELS and not int(tables.set_index("table_name").loc[t, "row_count"])]
if empty:
    st.info(
        f"The {cfg.short_name} pack has no evidence file for: "
        + "; ".join(f"{EVIDENCE_LABELS[t]} (`{t}.csv`)" for t in empty)
        + f". Pages that need them say so. Add the files to `{folder}/` and rebuild "
        f"({rebuild}), or load your own data on the Data page.",
        icon=":material/folder_off:",
    )
labels = {row.table_name: f"{row.table_name} — {row.comment}" for row in tables.itertuples()}
choice = st.selectbox("Published table", list(labels), format_func=labels.get, key="sources_table")
table = data.published_table(choice)
st.dataframe(table, hide_index=True, width="stretch")
deferred_download("Download this table (CSV)", lambda: to_csv_bytes(table), f"{choice}.csv", CSV, key="sources_download")
