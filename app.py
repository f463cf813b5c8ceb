"""Overview: the cohort today and every provider KPI against its target."""

import streamlit as st

import ui
from analytics import cohort, config, findings, national
from analytics.performance import NoKpiValues
from ui import charts, data, data_benchmark
from viz import figures

ui.page_setup("Overview", ":material/home:")

st.title("Leaving Care Insight")
st.markdown(
    "How many care leavers the Leaving Care Service supports, how well it is performing against its "
    "targets, and what the next contract needs to fund."
)

if ui.require_evidence("The cohort summary", ("snapshots",), stop=False):
    summary = data.cohort_summary()
    ages = data.cohort_by_age_band(summary.latest_date)
    left, right = st.columns([1, 2])
    with left:
        st.metric(
            f"Care leavers at {summary.latest_date:%b %Y}",
            f"{summary.latest_count:,}",
            delta=(
                f"{summary.change:+,} since {summary.first_date:%b %Y} ({summary.change_percent:+.1f}%)"
                if summary.first_date != summary.latest_date else None
            ),
            delta_color="off",
            border=True,
        )
        if summary.first_date != summary.latest_date:
            st.caption(findings.change_finding("The cohort", summary.first_count, summary.latest_count, f"{summary.first_date:%b %Y}"))
    with right:
        source = "synthetic record-level snapshots" if data.build_info().synthetic else "record-level snapshots"
        fig = figures.cohort_by_age(ages, title=cohort.age_band_finding(ages), as_at=summary.latest_date, source=source)
        charts.show(fig, key="overview_cohort_by_age")



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
    st.subheader(f"How {la.name} compares nationally")
    st.caption(
        "DfE's annual figures for care leavers aged 19 to 21, counted at their birthday in the year to 31 March "
        "(not the provider's quarter-end KPIs); statistical neighbours as DfE lists them. More on the Benchmark page."
    )
    for col, code in zip(st.columns(len(national.HEADLINE_MEASURES)), national.HEADLINE_MEASURES):
        b = data_benchmark.benchmark(la_code, code)
        with col.container(border=True):
            shown = f"{b.own_value:g}{b.measure.unit}" if b.own_value is not None else (b.own_marker or "–")
            st.metric(f"{b.measure.short}, {national.year_label(b.measure, b.year)}", shown)
            st.caption(national.headline_sentence(b))


try:
    tiles = data.kpi_tiles()
except NoKpiValues as exc:
    national_picture()
    st.subheader("Provider KPIs")
    st.warning(str(exc), icon=":material/folder_off:")
    st.stop()

st.subheader(f"Provider KPIs, {tiles[0].period}")
st.caption(
    f"Published values: {data.kpi_value_sources(tiles[0].period)}. Status compares each value with its target and "
    "tolerance band (or the KPI's own grading bands); the arrow shows the movement since the previous period."
)
for row_start in range(0, len(tiles), 4):
    for col, tile in zip(st.columns(4), tiles[row_start : row_start + 4]):
        with col.container(border=True):
            st.markdown(f"**{tile.short_name}**")
            st.markdown(f"<span style='font-size:2rem;font-weight:600'>{tile.value:g}{tile.unit}</span>", unsafe_allow_html=True)
            st.badge(f"{tile.status.label} {tile.direction.arrow}".strip(), color=ui.STATUS_BADGE.get(tile.status.rag, "gray"))
            st.caption(f"{tile.standard_text}. {tile.previous_text}")

national_picture()
