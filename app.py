"""Overview: the cohort today and every provider KPI against its target."""

import streamlit as st

import ui
from analytics import config, findings, formatting, national
from analytics.performance import NoKpiValues
from ui import charts, data, data_benchmark, data_overview

ui.page_setup("Overview")

st.title("Leaving Care Insight")
st.markdown(
    "How many care leavers the Leaving Care Service supports, how well it is performing against its "
    "targets, and what the next contract needs to fund."
)

if ui.require_evidence("The cohort summary", ("snapshots",), stop=False):
    # One moment for the whole page, as in the briefing: the snapshot that closes the latest KPI period.
    as_at = data_overview.headline_snapshot()
    headline = data_overview.cohort_headline(as_at)
    latest = data.cohort_summary().latest_date
    left, right = st.columns([1, 2])
    with left:
        st.metric(
            f"Care leavers {formatting.as_at(headline.as_at)}", headline.value_text,
            delta=headline.change_text if headline.has_change else None, delta_color="off", border=True,
        )
        st.caption(
            headline.finding()
            + (f" Later snapshots, to {formatting.day(latest)}, are on the Cohort page." if latest > headline.as_at else "")
        )
    with right:
        charts.show(data_overview.cohort_chart(headline.as_at), key="overview_cohort_by_age")


def national_picture() -> None:
    """DfE's official figures for the authority, which need nothing in its pack but its LA code."""
    la_code = config.load().la_code
    if la_code is None:
        return
    try:
        la = data_benchmark.authority(la_code)
    except national.NationalError as exc:
        st.warning(str(exc), icon=":material/pin_drop:")
        return
    st.header(f"How {la.name} compares nationally")
    st.caption(
        "DfE's annual figures for care leavers aged 19 to 21, counted at their birthday in the year to 31 March "
        "(not the provider's quarter-end KPIs); statistical neighbours as DfE lists them. More on the Benchmark page."
    )
    for col, code in zip(st.columns(len(national.HEADLINE_MEASURES)), national.HEADLINE_MEASURES):
        b = data_benchmark.benchmark(la_code, code)
        with col.container(border=True):
            shown = findings.kpi_value(b.own_value, b.measure.unit) if b.own_value is not None else (b.own_marker or "–")
            st.metric(f"{b.measure.short}, {national.year_label(b.measure, b.year)}", shown)
            st.caption(national.headline_sentence(b))


try:
    tiles = data.kpi_tiles()
except NoKpiValues as exc:
    national_picture()
    st.header("Provider KPIs")
    st.warning(str(exc), icon=":material/folder_off:")
    st.stop()

st.header(f"Provider KPIs, {tiles[0].period}")
st.caption(
    f"Values {formatting.as_at(data_overview.period_end(tiles[0].period))}, published in {data.kpi_value_sources(tiles[0].period)}. "
    "Status compares each value with its target and tolerance band (or the KPI's own grading bands); the arrow shows the "
    "movement since the previous period."
)
for row_start in range(0, len(tiles), 4):
    for col, tile in zip(st.columns(4), tiles[row_start : row_start + 4]):
        with col.container(border=True):
            st.markdown(f"**{tile.short_name}**")
            st.markdown(f"<span style='font-size:2rem;font-weight:600'>{findings.kpi_value(tile.value, tile.unit)}</span>", unsafe_allow_html=True)
            st.badge(f"{tile.status.label} {tile.direction.arrow}".strip(), color=ui.STATUS_BADGE.get(tile.status.rag, "gray"))
            st.caption(f"{tile.standard_text}. {tile.previous_text}")

national_picture()
