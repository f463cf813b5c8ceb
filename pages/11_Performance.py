"""KPI performance: the KPI table for any period, and each KPI over time against its target (or bands) and comparators."""

import streamlit as st

import ui
from analytics import performance
from analytics.export import to_csv_bytes
from ui import charts, data, data_kpi
from ui.downloads import CSV, deferred_download
from viz import kpi_charts

ui.page_setup("KPI performance", ":material/monitoring:")

SPC_SOURCE = "NHS Making Data Count XmR rules"
# More period columns than this do not fit the page without scrolling.
RECENT_PERIODS = 8


def file_part(text: str) -> str:
    return text.replace(" ", "_")


st.title("KPI performance")
st.markdown(
    "Is each provider KPI achieved, and which way is it moving? Each KPI is graded the way the authority's pack says: "
    "against its target and tolerance band, or by its own threshold bands. The charts below show each KPI over time, "
    "with every comparator the pack (or the DfE) gives."
)

periods = data_kpi.periods()
if not periods:
    st.info(data_kpi.missing_values_text(), icon=":material/upload_file:")
    st.stop()
TABLE_SOURCE = data_kpi.source_note()
TREND_SOURCE = f"{TABLE_SOURCE}; synthetic snapshots where the pack has records; comparators as labelled"
col_period, col_spc = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="performance_period")
show_spc = col_spc.toggle(
    "Show the SPC view (statistical process control) beside each KPI", key="performance_spc",
    help="An XmR chart of the series computed from the snapshots (or, without records, of the published values), read with the NHS Making Data Count rules.",
)

table, cells = data_kpi.table2(period)
st.subheader(f"KPIs at {period}")
st.markdown(f"**{performance.status_headline(data.kpi_tiles(period))}.**")
# Achieved repeats Status in the other vocabulary: it is in the download, not on screen. A static
# table wraps its cells, so every column is seen without scrolling: a long monthly series shows its
# latest periods here and every period in the download and the charts.
shown_table, shown_cells = performance.recent_columns(table, cells, RECENT_PERIODS)
st.table(
    kpi_charts.table2_grid(shown_table.drop(columns=["Achieved"]), shown_cells), hide_index=True,
    alt=(
        f"KPIs at {period}: each KPI's target and tolerance or bands, its value, arrow and status in each period, and its "
        f"status, direction and change at {period}."
    ),
)
st.caption(
    f"Each period shows the value, the arrow (a move of half a point or more since the KPI's previous value) and the "
    f"status then: On target, Within (tolerance) or Outside (tolerance), or the name of the KPI's band; the tint repeats "
    f"the status. Status, Direction and Change are for {period}; On target and Within tolerance count as Achieved, and for "
    f"a banded KPI the bands its scheme counts as met. Source: {TABLE_SOURCE}."
    + (f" The table shows the latest {RECENT_PERIODS} periods; the download has all {cells['period'].nunique()}."
       if cells["period"].nunique() > RECENT_PERIODS else "") + (f" {data_kpi.gap_note()}" if data_kpi.gap_note() else "")
)
missing = data_kpi.unloaded_kpis()
if missing:
    st.caption(f"No values loaded for: {', '.join(missing)}. {data_kpi.missing_values_text()}")
deferred_download(
    "Download this table (CSV)", lambda: to_csv_bytes(table.drop(columns=["kpi_id"]).assign(Period=period)),
    f"kpi_table2_{file_part(period)}.csv", CSV, key="performance_table_csv",
)

st.subheader("Each KPI over time")
st.caption(
    "Published values are the large points, coloured and labelled by status, on the dashed target line and the shaded "
    "tolerance band (or the KPI's own bands, each shaded in its colour; a gap between bands is left blank). The thin blue "
    "line is the same KPI computed from the synthetic snapshots, where the pack has records. Comparator lines are labelled "
    "with their area and basis: a figure on another basis (all ages, a DfE birthday window) is context, not a target."
)
if show_spc:
    st.caption(
        "SPC charts (right): grey points are common cause variation; orange squares a special cause of concern and blue "
        "diamonds a special cause of improvement; the dashed lines are the process limits and the red dotted line the target."
    )


def trend_block(kpi_id: str) -> None:
    try:
        trend = data_kpi.kpi_trend(kpi_id, period)
    except performance.NoKpiValues as exc:
        st.caption(str(exc))
        return
    charts.show(kpi_charts.trend_chart(trend, source=TREND_SOURCE), key=f"performance_trend_{kpi_id}")
    deferred_download(
        f"Download {trend.short_name} over time (CSV)", lambda: to_csv_bytes(trend.to_frame().assign(kpi=trend.short_name)),
        f"kpi_trend_{kpi_id}_{file_part(period)}.csv", CSV, key=f"performance_trend_csv_{kpi_id}",
    )


def spc_block(kpi_id: str) -> None:
    try:
        view = data_kpi.spc_view(kpi_id, period)
    except performance.NoKpiValues:
        return
    if view.result is None:
        st.info(view.reason)
        return
    charts.show(kpi_charts.spc_chart(view, source=SPC_SOURCE), key=f"performance_spc_{kpi_id}")
    st.markdown(f"**Variation.** {view.variation_text}  \n**Assurance.** {view.assurance_text}")
    if view.trial_note:
        st.caption(view.trial_note)
    deferred_download(
        f"Download the SPC chart's data for {view.short_name} (CSV)",
        lambda: to_csv_bytes(view.frame.drop(columns=["colour"]).assign(kpi=view.short_name)),
        f"kpi_spc_{kpi_id}_{file_part(period)}.csv", CSV, key=f"performance_spc_csv_{kpi_id}",
    )


kpi_ids = data_kpi.kpi_options()["kpi_id"].tolist()
if show_spc:
    for kpi_id in kpi_ids:
        with st.container(border=True):
            left, right = st.columns(2)
            with left:
                trend_block(kpi_id)
            with right:
                spc_block(kpi_id)
else:
    for start in range(0, len(kpi_ids), 2):
        for col, kpi_id in zip(st.columns(2), kpi_ids[start : start + 2]):
            with col:
                trend_block(kpi_id)
