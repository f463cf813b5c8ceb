"""KPI performance: the KPI table for any period, and each KPI over time against its target (or bands) and comparators."""

import streamlit as st

import ui
from analytics import formatting, performance
from analytics.export import to_csv_bytes
from ui import charts, data_kpi
from ui.downloads import deferred_download

ui.page_setup("KPI performance")

# More period columns than this do not fit the page without scrolling.
RECENT_PERIODS = 8
REBASE_CHOICES = {performance.REBASE_NEVER: "Never: one set of limits", performance.REBASE_AT_SHIFT: "Where a sustained shift begins (detected)"}


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
col_period, col_spc = st.columns([1, 2])
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="performance_period")
show_spc = col_spc.toggle(
    "Show the SPC view beside each KPI", key="performance_spc",
    help="Statistical process control: an XmR chart of the series computed from the snapshots (or, without records, of the published values), read with the NHS Making Data Count rules.",
)
rebase = performance.REBASE_NEVER
if show_spc:
    dates = data_kpi.rebase_dates(period)
    choices = {**REBASE_CHOICES, **{d.isoformat(): f"From {formatting.month(d)}" for d in dates[1:]}}
    rebase = col_spc.selectbox(
        "Recalculate limits from", tuple(choices), format_func=choices.get, key="performance_rebase",
        help=(
            "Process limits describe one level of the process, so they are recalculated only from a change you know of "
            "(a new provider, rule or service): pick its date. A sustained shift (a run of 7 or more points on one side "
            "of the mean that is still running) is pointed out under its chart; you can recalculate from where it began. "
            "Each set of limits needs at least 7 points."
        ),
    )

panel = data_kpi.table2_panel(period, RECENT_PERIODS)
st.header(f"KPIs at {period}")
st.markdown(f"**{panel.headline}.**")
# Achieved repeats Status in the other vocabulary: it is in the download, not on screen. The table
# wraps its cells and keeps status and direction on the left, so a phone sees them without scrolling.
st.html(panel.html)
st.caption(
    f"Each period shows the value, the arrow (a move of half a point or more since the KPI's previous value) and the "
    f"status then: On target, Within (tolerance) or Outside (tolerance), or the name of the KPI's band; the tint repeats "
    f"the status. Status, Direction and Change are for {period}; On target and Within tolerance count as Achieved, and for "
    f"a banded KPI the bands its scheme counts as met. Source: {data_kpi.source_note()}."
    + (f" The table shows the latest {panel.periods_shown} periods; the download has all {panel.periods_all}."
       if panel.periods_all > panel.periods_shown else "") + (f" {data_kpi.gap_note()}" if data_kpi.gap_note() else "")
)
missing = data_kpi.unloaded_kpis()
if missing:
    st.caption(f"No values loaded for: {', '.join(missing)}. {data_kpi.missing_values_text()}")
deferred_download(
    "Download this table (CSV)", lambda: to_csv_bytes(data_kpi.table2(period)[0].drop(columns=["kpi_id"]).assign(Period=period)),
    key="performance_table_csv", page="KPI performance", subject="KPI table", as_at=period,
)

st.header("Each KPI over time")
st.caption(
    "Published values are the large points, coloured by status, on the dashed target line and the shaded tolerance band "
    "(or the KPI's own bands, each shaded in its colour; a gap between bands is left blank); the latest is labelled with "
    "its status, and every point's status is in its hover and in the chart's data table. The thin blue line is the same KPI "
    "computed from the synthetic snapshots, where the pack has records. Comparator lines are labelled with their area and "
    "basis: a figure on another basis (all ages, a DfE birthday window) is context, not a target."
)
if show_spc:
    st.caption(
        "SPC charts (right): grey points are common cause variation; orange squares a special cause of concern and blue "
        "diamonds a special cause of improvement; the dashed lines are the process limits (one set, unless you "
        "recalculate them from a known change above) and the red dotted line the target. With fewer than 15 points there are no limits: the chart is a run chart."
    )
names = data_kpi.kpi_names()


def trend_block(kpi_id: str) -> None:
    try:
        chart = data_kpi.trend_chart(kpi_id, period)
    except performance.NoKpiValues as exc:
        st.caption(str(exc))
        return
    charts.show(chart, key=f"performance_trend_{kpi_id}")
    deferred_download(
        f"Download {names[kpi_id]} over time (CSV)",
        lambda: to_csv_bytes(data_kpi.trend_download(kpi_id, period, names[kpi_id])),
        key=f"performance_trend_csv_{kpi_id}", page="KPI performance", subject=f"{kpi_id} trend", as_at=period,
    )


def spc_block(kpi_id: str) -> None:
    try:
        spc = data_kpi.spc_panel(kpi_id, period, rebase)
    except performance.NoKpiValues:
        return
    if spc.chart is None:
        st.info(spc.reason)
        return
    charts.show(spc.chart, key=f"performance_spc_{kpi_id}")
    st.markdown(f"**Variation.** {spc.variation}" + (f"  \n**Assurance.** {spc.assurance}" if spc.assurance else ""))
    for note in spc.notes:
        st.caption(note)
    deferred_download(
        f"Download the SPC chart's data for {names[kpi_id]} (CSV)",
        lambda: to_csv_bytes(data_kpi.spc_panel(kpi_id, period, rebase).chart.table.assign(KPI=names[kpi_id])),
        key=f"performance_spc_csv_{kpi_id}", page="KPI performance", subject=f"{kpi_id} SPC", as_at=period,
    )


if show_spc:
    for kpi_id in names:
        with st.container(border=True):
            left, right = st.columns(2)
            with left:
                trend_block(kpi_id)
            with right:
                spc_block(kpi_id)
else:
    kpi_ids = list(names)
    for start in range(0, len(kpi_ids), 2):
        for col, kpi_id in zip(st.columns(2), kpi_ids[start : start + 2]):
            with col:
                trend_block(kpi_id)
