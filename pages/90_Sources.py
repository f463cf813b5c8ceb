"""Sources and definitions: where every figure comes from, in plain words, and each published table
as a reader would want to see it."""

import streamlit as st

import ui
from analytics import config, formatting, national
from analytics.export import to_csv_bytes
from analytics.sources import EVIDENCE_LABELS, pack_location
from ui import data, data_sources
from ui.downloads import deferred_download
from ui.safe import md

# What each table holds, in a reader's words; a table not named here shows its description.
TABLE_TITLES = {
    "budget_lines": "Budget and the cost of each delivery option (£ a year)",
    "caseload_benchmarks": "Caseloads per Leaving Care Worker in other councils",
    "caseload_current": "Today's average caseload per Leaving Care Worker, by age band",
    "cohort_published": "Care leavers by age band and legal status, as published",
    "cohort_shares": "Care leavers by where they live, sex, disability and ethnicity (%), as published",
    "comparators": "Benchmarks for the KPIs: neighbours, region, England and named councils",
    "kpi_definitions": "The provider's KPIs: targets, tolerance bands and which way is better",
    "kpi_grading_bands": "Grading bands for KPIs judged against thresholds",
    "kpi_periods": "Reporting periods and the snapshot date behind each",
    "kpi_values": "The provider's KPI values, as published (%)",
    "lcw_scenarios": "Leaving Care Worker scenarios, as published",
    "national_areas": "National statistics: every council, region and England",
    "national_definitions": "National statistics: what each care-leaver measure means",
    "national_lait": "National statistics: care-leaver measures and spend, every council, 2016 to 2025",
    "national_load_log": "National statistics: each file loaded, with its checksum",
    "national_neighbours": "National statistics: each council's ten statistical neighbours",
    "national_outcomes": "National statistics: care leavers' activity, accommodation and contact, every council",
    "projection_assumptions": "Assumptions behind the published projections",
    "projections_published": "Care-leaver projections by age band, as published",
    "reference_figures": "Single figures quoted in the published text",
    "staffing": "The service's current staffing",
    "uasc_share_by_age": "Former unaccompanied asylum-seeking children (UASC) by age (%), as published",
}

ui.page_setup("Sources and definitions")

st.title("Sources and definitions")
cfg = config.load()
info = data.build_info()
folder, rebuild = pack_location(cfg)
st.markdown(
    f"The figures for **{info.authority}** were brought together on {formatting.day(info.built_at.date())} at "
    f"{info.built_at:%H:%M} UTC. Published figures are copied from *{cfg.wording.evidence_document}*, and every "
    "row below says which table or section of it the figure comes from."
)
if info.synthetic:
    st.markdown(
        "Breakdowns of individual care leavers (by age, sex, activity, accommodation and so on) come from a "
        "**synthetic** cohort made to match the published totals. No child's record is held or shown."
    )

st.header("National statistics")
st.markdown(
    "The Benchmark page compares the council with its statistical neighbours, its region and England using the "
    "Department for Education's official statistics for every council in England: *Children looked after in England "
    "including adoptions* (care leavers' activity, accommodation and contact, 2020 to 2024), the Local Authority "
    "Interactive Tool (care-leaver measures and leaving care spend, 2016 to 2025) and the Children's Services "
    "Statistical Neighbour Benchmarking Tool (May 2025). They contain public sector information licensed under the "
    "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)
st.markdown(
    "Where DfE publishes no figure it prints a symbol instead, and so do we: "
    + "; ".join(f"**{symbol}** {meaning}" for symbol, meaning in national.MARKER_MEANINGS.items() if symbol in ("c", "z", "x", "k", "u"))
    + "."
)

st.header("Published tables")
tables = data.published_tables()
counts = tables.set_index("table_name")["row_count"]
empty = [t for t in tables["table_name"] if t in EVIDENCE_LABELS and not int(counts[t])]
if empty:
    st.info(
        f"The {cfg.short_name} pack has no evidence file for: "
        + "; ".join(f"{EVIDENCE_LABELS[t]} (`{t}.csv`)" for t in empty)
        + f". Pages that need them say so. Add the files to `{folder}/` and rebuild "
        f"({rebuild}), or load your own data on the Data page.",
        icon=":material/folder_off:",
    )
descriptions = dict(zip(tables["table_name"], tables["comment"]))


def title(name: str) -> str:
    return TABLE_TITLES.get(name) or str(descriptions.get(name) or name.replace("_", " ").capitalize())


choice = st.selectbox("Published table", list(tables["table_name"]), format_func=title, key="sources_table")
rows = int(counts[choice])
st.caption(f"{formatting.count(rows)} {'row' if rows == 1 else 'rows'}.")
st.dataframe(data_sources.readable_table(choice), hide_index=True, width="stretch")
deferred_download(
    "Download this table (CSV)", lambda: to_csv_bytes(data_sources.download_table(choice)), key="sources_download",
    page="Sources", subject=title(choice), as_at=info.built_at.date(),
)

st.header("Words used")
terms = data_sources.glossary()
st.markdown("\n".join(f"- **{md(row.Term)}**: {md(row.Meaning)}" for row in terms.itertuples()))

st.header("Notes on the figures")
st.markdown("Where published figures disagree with each other, or with what the records give, the notes below say how.")
notes = data_sources.notes()
with st.expander(f"Notes in the published tables ({formatting.count(len(notes))})"):
    if notes.empty:
        st.markdown("The published tables carry no notes.")
    for row in notes.itertuples():
        st.markdown(f"- **{row.figure or title(row.table)}**: {row.note}" + (f" ({row.source})" if row.source else ""))
if not data.missing_evidence(("snapshots",)):
    reconciliation = data_sources.kpi_reconciliation()
    if not reconciliation.empty:
        with st.expander("Published KPI values beside the same KPIs computed from the records"):
            st.markdown(
                "Each KPI the records can measure, worked out again from the quarter-end snapshots and set beside "
                "the published value. Differences of a few tenths of a point come from rounding in the published "
                "figures" + (" and from the synthetic cohort." if info.synthetic else ".")
            )
            st.dataframe(reconciliation, hide_index=True, width="stretch")
