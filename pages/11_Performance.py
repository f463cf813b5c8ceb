"""KPI performance: Table 2 for any period, and each KPI over time against its target, tolerance and benchmarks."""

import streamlit as st

import ui
from analytics import performance
from analytics.export import to_csv_bytes
from ui import charts, data, data_kpi
from viz import kpi_charts

ui.page_setup("KPI performance", ":material/monitoring:")

TABLE_SOURCE = "Commissioning Plan Table 2 (provider JET data)"
TREND_SOURCE = "Commissioning Plan Table 2 (JET); synthetic snapshots; benchmarks: Commissioning Plan 2.4 footnote 8 and 4.1 (LAIT)"
SPC_SOURCE = "synthetic quarterly snapshots; NHS Making Data Count XmR rules"


def file_part(text: str) -> str:
    return text.replace(" ", "_")


st.title("KPI performance")
st.markdown(
    "Is each provider KPI on target, within tolerance or outside it, and which way is it moving? The table follows "
    "Table 2 of the Commissioning Plan; the charts below show each KPI over time against its target and tolerance band, "
    "with England and statistical neighbours where the report gives them."
)

periods = data_kpi.periods()
col_period, col_spc = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="performance_period")
show_spc = col_spc.toggle(
    "Show the SPC view (statistical process control) beside each KPI", key="performance_spc",
    help="An XmR chart of the quarterly series computed from the synthetic snapshots, read with the NHS Making Data Count rules.",
)

table, cells = data_kpi.table2(period)
st.subheader(f"Table 2 at {period}")
st.markdown(f"**{performance.status_headline(data.kpi_tiles(period))}.**")
# Achieved repeats Status in the other vocabulary: it is in the download, not on screen. A static
# table wraps its cells, so every column of Table 2 is seen without scrolling.
st.table(
    kpi_charts.table2_grid(table.drop(columns=["Achieved"]), cells), hide_index=True,
    alt=(
        f"Table 2 at {period}: each KPI's target and tolerance, its value, arrow and status in each period, and its "
        f"status, direction and change at {period}."
    ),
)
st.caption(
    f"Each period shows the value, the arrow (a move of half a point or more since the previous period) and the status "
    f"then: On target, Within (tolerance) or Outside (tolerance); the tint repeats the status. Status, Direction and Change "
    f"are for {period}; On target and Within tolerance count as Achieved. Source: {TABLE_SOURCE}."
)
st.download_button(
    "Download this table (CSV)", to_csv_bytes(table.drop(columns=["kpi_id"]).assign(Period=period)),
    file_name=f"kpi_table2_{file_part(period)}.csv", mime="text/csv", key="performance_table_csv",
)

st.subheader("Each KPI over time")
st.caption(
    "Published values are the large points, coloured and labelled by status, on the dashed target line and the shaded "
    "tolerance band. The thin blue line is the same KPI computed from the synthetic quarterly snapshots. The EET charts "
    "also show England, statistical neighbours and Lincolnshire as published in LAIT: those count care leavers of every "
    "age, not the KPI's age group, so read them as context."
)
if show_spc:
    st.caption(
        "SPC charts (right): grey points are common cause variation; orange squares a special cause of concern and blue "
        "diamonds a special cause of improvement; the dashed lines are the process limits and the red dotted line the target."
    )


def trend_block(kpi_id: str) -> None:
    trend = data_kpi.kpi_trend(kpi_id, period)
    charts.show(kpi_charts.trend_chart(trend, source=TREND_SOURCE), key=f"performance_trend_{kpi_id}")
    st.download_button(
        f"Download {trend.short_name} over time (CSV)", to_csv_bytes(trend.to_frame().assign(kpi=trend.short_name)),
        file_name=f"kpi_trend_{kpi_id}_{file_part(period)}.csv", mime="text/csv", key=f"performance_trend_csv_{kpi_id}",
    )


def spc_block(kpi_id: str) -> None:
    view = data_kpi.spc_view(kpi_id, period)
    if view.result is None:
        st.info(view.reason)
        return
    charts.show(kpi_charts.spc_chart(view, source=SPC_SOURCE), key=f"performance_spc_{kpi_id}")
    st.markdown(f"**Variation.** {view.variation_text}  \n**Assurance.** {view.assurance_text}")
    if view.trial_note:
        st.caption(view.trial_note)
    st.download_button(
        f"Download the SPC chart's data for {view.short_name} (CSV)",
        to_csv_bytes(view.frame.drop(columns=["colour"]).assign(kpi=view.short_name)),
        file_name=f"kpi_spc_{kpi_id}_{file_part(period)}.csv", mime="text/csv", key=f"performance_spc_csv_{kpi_id}",
    )


kpi_ids = table["kpi_id"].tolist()
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
