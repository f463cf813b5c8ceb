"""Load your own data: SSDA903 files and three templates, every file checked before anything is stored."""

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

import ui
from analytics import config, ingest
from analytics.export import download_name, to_csv_bytes
from analytics.disclosure import SUPPRESSED, THRESHOLD
from analytics.ingest import isolated, privacy, templates
from analytics.ingest.checks import year_label
from analytics.ingest.kinds import BUDGET_LINES, BY_KEY, COHORT_SNAPSHOTS, HEADER, KPI_RETURNS, OC3, UASC
from analytics.ingest.loader import FIRST_COLLECTION_YEAR
from analytics.ingest.reading import XLSX_AVAILABLE
from ui import data, data_ingest, signin
from ui.downloads import CSV, deferred_download
from ui.safe import failed, md

ui.page_setup("Load your own data")

TABLE_ROWS = 100
ROWS_NOTE = "Rows are counted as a spreadsheet shows them: row 1 is the column names, so the first record is row 2."
TEMPLATES = [
    (KPI_RETURNS.key, "Provider KPI return", "One value per KPI per quarter. A quarter not yet in the store needs every KPI; "
     "a value replaces the stored one for the same KPI and quarter."),
    (COHORT_SNAPSHOTS.key, "Cohort snapshot", "One record per care leaver open to the service on the snapshot date. The first "
     "snapshot you load replaces the synthetic records; later ones replace stored snapshots of the same dates."),
    (BUDGET_LINES.key, "Budget lines", "Pounds per year; a line replaces the stored line with the same line_id and option."),
]
MEASURE_COLUMNS = {
    "collection_year": "Collection year", "measure": "Measure", "age_group": "Age at birthday in the year",
    "numerator": "Meeting the measure", "denominator": "Care leavers counted", "percent": "Per cent",
}


def shown_count(count: int) -> str:
    """Every count on this page reads c below 5, as in every breakdown."""
    return SUPPRESSED if count < THRESHOLD else f"{count:,}"


def download(label: str, make: Callable[[], bytes], file_name: str, key: str, mime: str = CSV) -> None:
    """A download made only when its button is pressed: nine of them on this page."""
    deferred_download(label, make, file_name, mime, key=key, icon=":material/download:")


st.title("Load your own data")
st.markdown(
    f"Replace the demo evidence for **{data.build_info().authority}** with your authority's own records: your SSDA903 "
    "return, your provider's quarterly KPI returns, cohort snapshots and budget lines. Every file is checked against "
    "the DfE's rules first and **every** problem is listed at once; nothing is stored unless every file passes, and then "
    "all of them are loaded together, so the dashboard never shows half a load."
)

st.header("1. Get the files ready")
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**SSDA903 files** — the annual children-looked-after return, as your case-management system exports it.")
    st.markdown("\n".join(f"- **{kind.label.removeprefix('SSDA903 ')}**: `{', '.join(kind.columns)}`" for kind in (HEADER, OC3, UASC)))
    st.caption(
        "Recognised by their columns, in any order; other columns (say a `NOTES` column) are named in a warning and "
        "never stored. The collection year comes from the file name or its folder: `oc3_2023.csv`, `2023/oc3.csv` and "
        "`2022-23/oc3.csv` are all 2022-23 (1 April 2022 to 31 March 2023), or choose it below. Upload the files, or a "
        "zip of your year folders. UTF-8 CSV; a byte-order mark, CRLF line endings and quoted fields are all fine."
    )
with right:
    st.markdown("**Templates** — fill one in, keep the column names, replace nothing but the values.")
    ids, period = tuple(data_ingest.kpi_ids()), templates.latest_quarter(dt.date.today())
    for key, label, blurb in TEMPLATES:
        with st.expander(label):
            st.markdown(blurb)
            st.dataframe(data_ingest.template_docs(key), hide_index=True, width="stretch")
            buttons = st.columns(2)
            with buttons[0]:
                download("CSV template", lambda key=key: templates.template_bytes(key, "csv", kpi_ids=ids, period=period), f"{key}.csv", f"data_template_{key}_csv")
            if XLSX_AVAILABLE:
                with buttons[1]:
                    download(
                        "XLSX template", lambda key=key: templates.template_bytes(key, "xlsx", kpi_ids=ids, period=period), f"{key}.xlsx", f"data_template_{key}_xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    )

st.header("2. Check, then load")
upload_round = st.session_state.get("data_upload_round", 0)
files = st.file_uploader(
    "SSDA903 files, a zip of year folders, and filled-in templates", type=["csv", "xlsx", "zip"] if XLSX_AVAILABLE else ["csv", "zip"],
    accept_multiple_files=True, key=f"data_upload_{upload_round}",
    max_upload_size=max(1, math.ceil(config.load().ingest.max_file_mb)),
)
years = list(range(dt.date.today().year + 1, FIRST_COLLECTION_YEAR - 1, -1))
year = st.selectbox(
    "Collection year for SSDA903 files whose name and folder give none", [None, *years],
    format_func=lambda y: "From the file name or folder" if y is None else year_label(y), key="data_year",
)
loaded_message = st.session_state.pop("data_loaded", None)
if loaded_message:
    st.success(loaded_message, icon=":material/check_circle:")

# Checking reads every record of files a stranger chose: it waits for a click, and runs in a worker
# process with a time and memory limit (analytics.ingest.isolated) so other people's pages stay fast.
check_key = (tuple(f.file_id for f in files), year, data.version()) if files else None
if files and st.session_state.get("data_check_key") != check_key:
    st.session_state.pop("data_check", None)
    if st.button("Check the files", type="primary", key="data_check_files", icon=":material/fact_check:"):
        try:
            with st.spinner("Checking every record…"):
                st.session_state["data_check"] = isolated.run_uploads(data_ingest.uploads(files), year=year, dry_run=True)
            st.session_state["data_check_key"] = check_key
            st.rerun()
        except isolated.WorkerFailed as exc:
            failed(f"The check did not finish: {exc}.", exc)
        except Exception as exc:  # noqa: BLE001 - whatever it was, the user gets a sentence and a reference
            failed("The files could not be checked.", exc)

if files and st.session_state.get("data_check_key") == check_key:
    result: ingest.LoadResult = st.session_state["data_check"]
    found = result.files_frame()
    st.markdown("**Files taken**")
    st.dataframe(
        found.assign(collection_year=found["collection_year"].map(lambda y: "" if pd.isna(y) else year_label(int(y))),
                     records=found["records"].map(shown_count)),
        hide_index=True, width="stretch",
        column_config={"file": "File", "kind": "What it is", "collection_year": "Collection year", "year_from": "Year from",
                       "records": "Records"},
    )
    if result.warnings:
        st.warning("\n".join(f"- {md(w.file)}: {md(w.message)}" for w in result.warnings), icon=":material/info:")
    if result.issues:
        st.error(
            f"**{len(result.issues):,} errors** in {result.errors()['file'].nunique()} of {len(result.files)} files. Nothing can be "
            f"loaded until they are fixed. {ROWS_NOTE}",
            icon=":material/error:",
        )
        st.markdown("**Errors by rule**")
        st.dataframe(
            result.summary(), hide_index=True, width="stretch",
            column_config={"rule": "Rule", "description": "What it means", "errors": "Errors"},
        )
        st.markdown("**Every error**")
        # The list shows each record's child ID and the values as written, so the record can be found
        # and fixed in the case-management system; a copy to share masks them.
        redacted = st.toggle("Mask child IDs and dates (for a report to share)", key="data_redact")
        errors = result.errors(redacted=redacted)
        if len(errors) <= TABLE_ROWS:
            # A static table wraps the reasons, which are the point; a long list needs scrolling instead.
            st.table(errors.assign(row=errors["row"].map(lambda r: "" if pd.isna(r) else f"{r}")).rename(columns=str.capitalize))
        else:
            st.dataframe(errors, hide_index=True, width="stretch")
            st.caption("Click a reason to read it in full, or download the list.")
        cols = st.columns(2)
        with cols[0]:
            download("Download every error (CSV, IDs and dates masked)" if redacted else "Download every error (CSV)",
                     lambda: to_csv_bytes(errors), download_name("Data", "errors masked" if redacted else "errors", dt.date.today()), "data_errors_csv")
        with cols[1]:
            download("Download the summary (CSV)", lambda: to_csv_bytes(result.summary()), download_name("Data", "error summary", dt.date.today()), "data_summary_csv")
    else:
        st.success(f"All {len(result.files)} files passed every check.", icon=":material/task_alt:")
        who = signin.gate()
        if who is not None and st.button("Load into the store", type="primary", key="data_load", icon=":material/upload:"):
            try:
                with st.spinner("Loading…"):
                    done = isolated.run_uploads(data_ingest.uploads(files), year=year, loaded_by=who)
            except ingest.LoadError as exc:
                failed(f"The store refused the load and is unchanged: {exc}", exc)
            except Exception as exc:  # noqa: BLE001 - the store is unchanged whatever went wrong
                failed("The load did not finish; the store is unchanged.", exc)
            else:
                if done.loaded:
                    st.session_state["data_loaded"] = f"Loaded {len(done.files)} files (load {done.load_id})."
                    st.session_state["data_upload_round"] = upload_round + 1
                else:
                    # The store changed between the check and the click (another load): show why.
                    st.session_state["data_check_key"] = None
                st.rerun()

st.header("3. Load log")
log = data_ingest.load_log()
if log.empty:
    st.caption("Nothing has been loaded yet: the store holds the published evidence and the synthetic records.")
else:
    st.dataframe(
        log.assign(
            kind=log["kind"].map(lambda k: BY_KEY[k].label),
            collection_year=log["collection_year"].map(lambda y: "" if pd.isna(y) else year_label(int(y))),
            records=log["records"].map(shown_count),
        ),
        hide_index=True, width="stretch",
        column_config={
            "load_id": st.column_config.NumberColumn("Load", format="%d"),
            "loaded_by": "Loaded by",
            "loaded_at": st.column_config.DatetimeColumn("Loaded (UTC)", format="D MMM YYYY, HH:mm"),
            "file_name": "File", "kind": "What it is", "collection_year": "Collection year", "records": "Records",
            "sha256": st.column_config.TextColumn("SHA-256 of the file"),
        },
    )
    download("Download the load log (CSV)", lambda: to_csv_bytes(log.assign(records=log["records"].map(shown_count))), download_name("Data", "load log", dt.date.today()), "data_log_csv")

st.header("4. Care-leaver measures from your SSDA903 files")
measures = data_ingest.oc3_measures()
if measures.empty:
    st.caption("Load OC3 files to see the DfE's care-leaver measures for each collection year here.")
else:
    shown = measures.assign(collection_year=measures["collection_year"].map(year_label)).rename(columns=MEASURE_COLUMNS)
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(
        "DfE definitions: age reached at the birthday in the collection year; care leavers who died or returned home "
        "for six months or more (DIED, RHOM) are not counted; those whose activity or accommodation is not known stay "
        "in. EET is ACTIV F1, P1, F2, P2, F4, P4, F5 or P5. Suitable accommodation is ACCOM ending in 1, and those "
        "abroad, deported or whose residence is not known (G, H, R) are left out. Counts below 5, and rates that would "
        "reveal them, are shown as c."
    )
    counts = data_ingest.ssda903_counts()
    st.markdown("**Records loaded**: " + "; ".join(
        f"{year_label(int(r.collection_year))} {r.table} {shown_count(r.records)}"
        for r in counts.itertuples()))

with st.expander("What is kept, and what is not"):
    st.markdown(
        "- **CHILD** is replaced on loading by a keyed hash (HMAC-SHA256), so records of the same young person link "
        "across years and tables but the ID cannot be recovered from the store. The key is kept outside the store, in "
        f"`{privacy.key_path()}`: back it up; without it later loads no longer link to earlier ones.\n"
        "- **Dates of birth** are cut to the month and year; the UPN and the date of birth of a care leaver's own child "
        "(MC_DOB) are not kept at all.\n"
        "- The list of errors shows each record's CHILD and the values as written (dates of birth too), to you, so "
        "you can find and fix the record; it is never stored or logged. Mask them before you share a copy.\n"
        "- Rebuilding the store (`python -m data.build`) starts again from the published sources; the load log lists "
        "every file with its SHA-256 so you can load the same files again."
    )
