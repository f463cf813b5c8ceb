"""KPI cards: one KPI at a time — what it counts, how it stands against its target, and what it can be compared with."""

import streamlit as st

import ui
from analytics.export import to_csv_bytes
from analytics.performance import change_text
from ui import charts, data_kpi
from viz import kpi_charts

ui.page_setup("KPI cards", ":material/style:")

TREND_SOURCE = "Commissioning Plan Table 2 (JET); synthetic snapshots; benchmarks: Commissioning Plan 2.4 footnote 8 and 4.1 (LAIT)"
# A metric's delta is coloured by whether the move is good news, which depends on the KPI's polarity.
DELTA_COLOURS = {"higher": "normal", "lower": "inverse", "plan": "off"}

st.title("KPI cards")
st.markdown("One provider KPI at a time: what it counts, how it stands against its target, and what it can be compared with.")

options = data_kpi.kpi_options()
names = dict(zip(options["kpi_id"], options["short_name"]))
periods = data_kpi.periods()
col_kpi, col_period = st.columns([2, 1])
kpi_id = col_kpi.selectbox("KPI", list(names), format_func=names.get, key="cards_kpi")
period = col_period.selectbox("Period", periods, index=len(periods) - 1, key="cards_period")

card = data_kpi.kpi_card(kpi_id, period)
definition, tile = card.definition, card.tile
unit = definition.unit

st.header(definition.name)
st.markdown(f"**{definition.polarity_sentence}** {card.finding}")

with st.container(border=True):
    st.markdown("**Definition**")
    st.markdown(
        f"- **Counts (numerator):** {definition.numerator}\n"
        f"- **Out of (denominator):** {definition.denominator}\n"
        f"- **Basis:** {definition.basis} · **Age group:** {definition.age_group}\n"
        f"- **Data source:** {definition.data_source}\n"
        f"- **Lag:** {definition.lag}\n"
        f"- **Defined in:** {definition.source}"
    )
    st.download_button(
        "Download this KPI's definition (CSV)", to_csv_bytes(definition.to_frame()), file_name=f"kpi_definition_{kpi_id}.csv",
        mime="text/csv", key="cards_definition_csv",
    )

status_col, actual_col, target_col = st.columns(3)
with status_col.container(border=True):
    st.markdown(f"**Status, {tile.period}**")
    st.badge(f"{tile.status.label} {tile.direction.arrow}".strip(), color=ui.STATUS_BADGE[tile.status.rag])
    st.caption(f"{tile.status.achieved_label}; {tile.direction.judgement}.")
previously = "" if tile.previous_value is None else f"{tile.previous_period} (was {tile.previous_value:g}{unit})"
with actual_col.container(border=True):
    if tile.direction.arrow in ("↑", "↓"):
        st.metric(
            f"Actual, {tile.period}", f"{tile.value:g}{unit}", delta=f"{change_text(tile.direction.change)} since {previously}",
            delta_color=DELTA_COLOURS[definition.polarity],
        )
    else:
        st.metric(f"Actual, {tile.period}", f"{tile.value:g}{unit}")
        st.caption(
            "The first published period: there is no previous value." if tile.previous_value is None
            else f"No change since {previously}."
        )
with target_col.container(border=True):
    st.metric("Target", f"{tile.target:g}{unit}")
    st.caption(f"Tolerance {tile.band.lower:g}–{tile.band.upper:g}{unit}.")

trend = data_kpi.kpi_trend(kpi_id, period)
charts.show(kpi_charts.trend_chart(trend, source=TREND_SOURCE, width_px=1100), key=f"cards_trend_{kpi_id}")
st.download_button(
    "Download this chart's data (CSV)", to_csv_bytes(trend.to_frame().assign(kpi=trend.short_name)),
    file_name=f"kpi_card_{kpi_id}_{period.replace(' ', '_')}.csv", mime="text/csv", key="cards_trend_csv",
)

range_col, bench_col = st.columns(2)
with range_col:
    st.subheader("About the target range")
    st.markdown(card.target_range)
with bench_col:
    st.subheader("About benchmarking")
    st.markdown("\n".join(f"- {note}" for note in card.benchmarking))
    if not card.benchmarks.empty:
        shown = card.benchmarks[["area", "year", "value", "unit", "source"]].rename(
            columns={"area": "Area", "year": "Year", "value": "Value", "unit": "Unit", "source": "Source"}
        )
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(
            "Download the benchmarks (CSV)", to_csv_bytes(shown), file_name=f"kpi_benchmarks_{kpi_id}.csv", mime="text/csv",
            key="cards_benchmarks_csv",
        )
