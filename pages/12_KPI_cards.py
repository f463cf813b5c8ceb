"""KPI cards: one KPI at a time — what it counts, how it stands against its target, and what it can be compared with."""

import streamlit as st

import ui
from analytics import performance
from analytics.export import to_csv_bytes
from analytics.formatting import percent
from analytics.performance import change_text, published_value
from ui import charts, data_kpi
from ui.downloads import deferred_download

ui.page_setup("KPI cards")

# A metric's delta is coloured by whether the move is good news, which depends on the KPI's polarity.
DELTA_COLOURS = {"higher": "normal", "lower": "inverse", "plan": "off"}

st.title("KPI cards")
st.markdown("One provider KPI at a time: what it counts, how it stands against its target, and what it can be compared with.")

names = data_kpi.kpi_names()
periods = data_kpi.periods()
if not names or not periods:
    st.info(data_kpi.missing_values_text(), icon=":material/upload_file:")
    st.stop()
col_kpi, col_period = st.columns([2, 1])
kpi_id = col_kpi.selectbox("KPI", list(names), format_func=names.get, key="cards_kpi")
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="cards_period")

try:
    card = data_kpi.kpi_card(kpi_id, period)
except performance.NoKpiValues as exc:
    st.info(f"{exc} Choose a later period.", icon=":material/event_busy:")
    st.stop()
definition, tile = card.definition, card.tile
unit = definition.unit

st.header(names[kpi_id])
st.markdown(f"**{definition.polarity_sentence}** {card.finding}")

with st.container(border=True):
    st.markdown("**Definition**")
    rule = "none: a value the provider returns, which the records cannot recompute" if definition.measure == "returned" else "computed from the records where the pack has them"
    st.markdown(
        f"- **In full:** {definition.name}\n"
        f"- **Counts (numerator):** {definition.numerator}\n"
        f"- **Out of (denominator):** {definition.denominator}\n"
        f"- **Basis:** {definition.basis} · **Age group:** {definition.age_group}\n"
        f"- **Who is counted:** {definition.basis_sentence}\n"
        f"- **Record-level rule:** {rule}\n"
        f"- **Data source:** {definition.data_source}\n"
        f"- **Lag:** {definition.lag}\n"
        f"- **Defined in:** {definition.source}"
    )
    deferred_download(
        "Download this KPI's definition (CSV)", lambda: to_csv_bytes(definition.to_frame()), key="cards_definition_csv",
        page="KPI cards", subject=f"{kpi_id} definition", as_at=period,
    )

if tile is None:
    st.info(f"{definition.short_name} has no value for {period} (a gap in its returns); the chart shows its values up to then.")
else:
    status_col, actual_col, target_col = st.columns(3)
    with status_col.container(border=True):
        st.markdown(f"**Status, {tile.period}**")
        st.badge(f"{tile.status.label} {tile.direction.arrow}".strip(), color=data_kpi.badge_colour(tile.status))
        st.caption(f"{tile.status.achieved_label}; {tile.direction.judgement}.")
    previously = "" if tile.previous_value is None else f"{tile.previous_period} (was {published_value(tile.previous_value, unit)})"
    with actual_col.container(border=True):
        if tile.direction.arrow in ("↑", "↓"):
            st.metric(
                f"Actual, {tile.period}", published_value(tile.value, unit), delta=f"{change_text(tile.direction.change)} since {previously}",
                delta_color=DELTA_COLOURS[definition.polarity],
            )
        else:
            st.metric(f"Actual, {tile.period}", published_value(tile.value, unit))
            st.caption(
                "The first published period: there is no previous value." if tile.previous_value is None
                else f"No change since {previously}."
            )
    with target_col.container(border=True):
        if card.scheme is not None:
            st.metric("Achieved from", published_value(tile.target, unit))
            st.caption(f"Bands: {card.scheme.vocabulary}.")
        else:
            st.metric("Target", published_value(tile.target, unit))
            st.caption(f"Tolerance {tile.band.lower:g}–{tile.band.upper:g}{unit}.")

charts.show(data_kpi.trend_chart(kpi_id, period), key=f"cards_trend_{kpi_id}")
deferred_download(
    "Download this chart's data (CSV)", lambda: to_csv_bytes(data_kpi.trend_download(kpi_id, period, names[kpi_id])),
    key="cards_trend_csv", page="KPI cards", subject=f"{kpi_id} trend", as_at=period,
)

if card.bases is not None:
    st.subheader("The same measure on two bases")
    others = [b for b in performance.BASIS_WORDS if b != definition.count_basis]
    other = st.radio(
        "Compare its own basis with", others, index=others.index(card.bases.other.basis),
        format_func=lambda b: performance.BASIS_WORDS[b].capitalize(), horizontal=True, key="cards_basis",
    )
    bases = data_kpi.basis_comparison(kpi_id, period, other)
    if bases is not None:
        own_col, other_col = st.columns(2)
        for col, figure, heading in ((own_col, bases.own, "Its own basis"), (other_col, bases.other, "Other basis")):
            with col.container(border=True):
                shown = "c" if figure.value is None else percent(figure.value) if unit == "%" else f"{figure.value:.1f}{unit}"
                st.metric(f"{heading}: {figure.label}", shown)
                st.caption(f"Counts {figure.description}; {figure.denominator} counted at {figure.snapshot_date:%d %b %Y}.")
        st.markdown(bases.explanation)

range_col, bench_col = st.columns(2)
with range_col:
    st.subheader("About the target range" if card.scheme is None else "About the grading bands")
    st.markdown(card.target_range)
with bench_col:
    st.subheader("About benchmarking")
    st.markdown("\n".join(f"- {note}" for note in card.benchmarking))
    if not card.benchmarks.empty:
        shown = card.benchmarks[["area", "year", "value", "unit", "basis", "source"]].rename(
            columns={"area": "Area", "year": "Year", "value": "Value", "unit": "Unit", "basis": "Basis", "source": "Source"}
        )
        st.dataframe(shown, hide_index=True, width="stretch")
        deferred_download(
            "Download the benchmarks (CSV)", lambda: to_csv_bytes(shown), key="cards_benchmarks_csv",
            page="KPI cards", subject=f"{kpi_id} benchmarks", as_at=period,
        )
