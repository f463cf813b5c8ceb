"""Overview: the cohort today and every provider KPI against its target."""

import streamlit as st

import ui
from analytics import cohort, findings
from ui import charts, data
from viz import figures

ui.page_setup("Overview", ":material/home:")

summary = data.cohort_summary()
tiles = data.kpi_tiles()
ages = data.cohort_by_age_band(summary.latest_date)

st.title("Leaving Care Insight")
st.markdown(
    "How many care leavers the Leaving Care Service supports, how well it is performing against its "
    "targets, and what the next contract needs to fund."
)

left, right = st.columns([1, 2])
with left:
    st.metric(
        f"Care leavers at {summary.latest_date:%b %Y}",
        f"{summary.latest_count:,}",
        delta=f"{summary.change:+,} since {summary.first_date:%b %Y} ({summary.change_percent:+.1f}%)",
        delta_color="off",
        border=True,
    )
    st.caption(findings.change_finding("The cohort", summary.first_count, summary.latest_count, f"{summary.first_date:%b %Y}"))
with right:
    charts.show(figures.cohort_by_age(ages, title=cohort.age_band_finding(ages), as_at=summary.latest_date), key="overview_cohort_by_age")

st.subheader(f"Provider KPIs, {tiles[0].period}")
st.caption(
    "Published values from the Commissioning Plan, Table 2 (provider JET data). Status compares each value with "
    "its target and tolerance band; the arrow shows the movement since the previous period."
)
for row_start in range(0, len(tiles), 4):
    for col, tile in zip(st.columns(4), tiles[row_start : row_start + 4]):
        with col.container(border=True):
            st.markdown(f"**{tile.short_name}**")
            st.markdown(f"<span style='font-size:2rem;font-weight:600'>{tile.value:g}%</span>", unsafe_allow_html=True)
            st.badge(f"{tile.status.label} {tile.direction.arrow}", color=ui.STATUS_BADGE[tile.status.rag])
            st.caption(
                f"Target {tile.target:g}% (tolerance {tile.band.lower:g}–{tile.band.upper:g}). "
                f"Was {tile.previous_value:g}% in {tile.previous_period}: {tile.direction.judgement}."
            )
