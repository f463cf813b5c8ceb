"""Benchmark: the authority against its ten statistical neighbours, its region and England, from DfE's
national statistics, and its leaving care spend per care leaver."""

import streamlit as st

import ui
from analytics import config, national
from analytics.export import to_csv_bytes
from ui import charts, data_benchmark
from ui.downloads import deferred_download
from viz import benchmark as viz

ui.page_setup("Benchmark")

cfg = config.load()
st.title("Benchmark against neighbours, region and England")

if cfg.la_code is None:
    st.warning(
        f"**No DfE LA code in this authority's pack**, so there is nothing to compare yet. Add the authority's DfE "
        f"\"old LA code\" under `[authority]` in the pack's `authority.toml` (`{cfg.path}`), for example "
        "`la_code = 925`, then rebuild (`make run`). Its ten statistical neighbours, region and England "
        "then come from the DfE statistics built into the product. The codes are listed below.",
        icon=":material/pin_drop:",
    )
    st.dataframe(
        data_benchmark.authorities().rename(columns={"area_code": "DfE LA code", "area_name": "Local authority"}),
        hide_index=True, width="stretch", height=300,
    )
    st.stop()

try:
    la = data_benchmark.authority(cfg.la_code)
except national.NationalError as exc:
    st.error(f"{exc}.", icon=":material/error:")
    st.stop()

release = data_benchmark.release()
st.markdown(
    f"How does **{la.name}** (DfE LA code {la.la_code}, {la.region_name}) compare? Every figure is DfE's **annual** "
    "figure, counted at each care leaver's birthday in the year to 31 March, not the provider's quarter-end snapshot "
    f"KPIs shown on the performance pages. DfE release {release['release_year']}; neighbours from DfE's statistical "
    "neighbour tool (May 2025)."
)

codes = list(national.MEASURES)
left, right = st.columns([3, 1])
code = left.selectbox(
    "Measure", codes, index=codes.index("eet_19_21"), format_func=lambda c: national.MEASURES[c].label, key="bench_measure",
)
m = national.MEASURES[code]
years = data_benchmark.years(code)
default = data_benchmark.benchmark(la.la_code, code).year
year = right.selectbox(
    "Year ending 31 March" if m.unit != "£" else "Financial year", years, index=years.index(default) if default in years else len(years) - 1,
    format_func=lambda y: national.year_label(m, y), key=f"bench_year_{code}",
)
b = data_benchmark.benchmark(la.la_code, code, year)
source = m.source + ("; DfE statistical neighbours (May 2025)" if m.code != "care_leavers_19_21" else "")
as_at = f"{national.year_label(m, b.year)} (DfE release {release['release_year']})"

st.header(b.finding)
avg = b.average
cols = st.columns(4)
cols[0].metric(la.name, national.fmt(b.own_value, m.unit) if b.own_value is not None else f"no figure ({b.own_marker or 'x'})", border=True)
cols[1].metric(
    "Neighbour average", national.fmt(avg["value"], m.unit), border=True,
    delta=f"{int(avg['with_value'])} of {int(avg['total'])} neighbours" + (f", {int(avg['suppressed'])} suppressed" if avg["suppressed"] else ""),
    delta_color="off", delta_arrow="off",
)
# A headcount's region and England figures are totals of every council, not figures to compare with.
total = " (all councils)" if m.is_count else ""
cols[2].metric(f"{la.region_name}{total}", national.fmt(b.region_value, m.unit), border=True)
cols[3].metric(f"England{total}", national.fmt(b.england_value, m.unit), border=True)
if b.rank is not None:
    st.markdown(f"**Position among all {b.of} LAs with a figure:** {b.rank} — the {b.quartile_name}.")

ranked, quartiles, gaps = data_benchmark.comparison_charts(la.la_code, code, year, source=source, as_at=as_at)
charts.show(ranked, key="bench_ranked")
st.caption(f"{viz.KEY} {b.method}")
charts.show(quartiles, key="bench_quartile")
st.caption(
    "Quartiles: LAs ranked best first (highest first for spend and counts); rank r of n is in quarter ceil(4r/n), "
    "tied LAs sharing the better rank. Dashed lines mark where each quarter ends."
)
charts.show(gaps, key="bench_gap")
st.caption(
    f"Gap: {la.name}'s figure minus the comparator's, each year"
    + ("." if m.polarity == "neutral" else f"; above 0 is {'better' if m.polarity == 'higher' else 'worse'} for {la.name}.")
)
if len(b.gaps) < len(b.years):
    st.caption(
        f"{la.name} has figures for {len(b.gaps)} of the {len(b.years)} years: DfE publishes nothing under this LA code "
        "before its first figure (a new authority, or a boundary change)."
    )

deferred_download(
    "Download this comparison (CSV)", lambda: to_csv_bytes(national.download_frame(b)), key="bench_csv",
    page="Benchmark", subject=f"{la.name} {m.short}", as_at=national.year_label(m, b.year),
)

# --------------------------------------------------------------------------- spend

st.header("Leaving care spend per care leaver")
spend_code = national.SPEND_MEASURE
sm = national.MEASURES[spend_code]
spend = data_benchmark.benchmark(la.la_code, spend_code)
spend_as_at = f"{national.year_label(sm, spend.year)} (DfE release {release['release_year']})"
st.markdown(
    "**Method.** " + sm.basis[0].upper() + sm.basis[1:] + ". The count is the care leavers aged 19 to 21 DfE publishes for "
    "every LA; the spend covers all the authority's leaving care support (staff, Personal Advisers, accommodation, "
    "staying put), so read it as spend per care leaver aged 19 to 21, not per young person supported."
)
spend_ranked, spend_trend = data_benchmark.spend_charts(la.la_code, source=sm.source, as_at=spend_as_at)
charts.show(spend_ranked, key="bench_spend_ranked")
st.caption(f"{viz.KEY} {spend.method}")
charts.show(spend_trend, key="bench_spend_trend")
deferred_download(
    "Download the spend comparison (CSV)", lambda: to_csv_bytes(national.download_frame(spend)), key="bench_spend_csv",
    page="Benchmark", subject=f"{la.name} {sm.short}", as_at=national.year_label(sm, spend.year),
)
