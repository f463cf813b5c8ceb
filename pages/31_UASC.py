"""Former UASC: the fastest-moving part of the cohort, the National Transfer Scheme and the Home Office grant."""

import pandas as pd
import streamlit as st

import ui
from analytics import config, formatting, uasc
from analytics.export import to_csv_bytes
from analytics.sources import pack_location
from ui import charts, data_cohort
from ui.downloads import deferred_download

ui.page_setup("Former UASC")

CFG = config.load()


def download(frame: pd.DataFrame, subject: str, key: str, label: str = "Download this chart's figures (CSV)") -> None:
    """A CSV named for this page, ``subject`` and the snapshot chosen."""
    deferred_download(label, lambda: to_csv_bytes(frame), key=key, page="Former UASC", subject=subject, as_at=snapshot)


def place(item: charts.Chart | str, key: str, subject: str | None = None) -> None:
    """A chart (with its figures to download when ``subject`` is given), or the sentence that stands in for it."""
    if isinstance(item, str):
        st.info(item, icon=":material/info:")
        return
    charts.show(item, key=key)
    if subject:
        download(item.table, subject, key=f"{key}_csv")


st.title("Former unaccompanied asylum-seeking children")
st.markdown(
    "Care leavers who came into care as unaccompanied asylum-seeking children (UASC): how many there are and how their "
    "number has changed, their share at each age, the National Transfer Scheme threshold, and the grant the Home Office "
    "pays towards their support."
)
ui.require_evidence("The Former UASC page", ("snapshots",))
have_figures = ui.require_evidence(
    "The published former-UASC figures (growth, share, National Transfer Scheme)", ("reference_figures",), uasc.FIGURE_IDS, stop=False,
)
ui.require_evidence("The published former-UASC share by age", ("uasc_share_by_age",), stop=False)

options = data_cohort.filter_options()
snapshot = st.selectbox(
    "Snapshot", options.snapshot_dates, index=len(options.snapshot_dates) - 1,
    format_func=lambda d: f"{d:%d %b %Y}", key="uasc_snapshot",
)
as_at = f"{snapshot:%d %b %Y}"
headline = data_cohort.uasc_headline(snapshot, have_figures)
published_rates, contribution_share = data_cohort.uasc_settings()

count_col, growth_col, share_col = st.columns(3)
count_col.metric(f"Former-UASC care leavers at {as_at}", headline.count, border=True)
if headline.growth is not None:
    growth_col.metric(headline.growth_label, headline.growth, delta=headline.growth_note, delta_color="off", border=True)
share_col.metric("Share of all care leavers", headline.share, delta=headline.share_note, delta_color="off", border=True)

st.header("Share by age")
place(data_cohort.uasc_share_by_age_chart(snapshot), "uasc_share_by_age", "share by age")
group_table = data_cohort.uasc_group_table(snapshot)
st.dataframe(group_table, hide_index=True, width="stretch")
st.caption(
    "Pooled: all former-UASC care leavers in the group over all care leavers in it. Mean of ages: the average of the "
    "ages' shares, each age counting once whatever its size. Published ages' mean: the same average of the published "
    "ages' shares; where it matches the published group average, the source averaged the ages rather than pooling them. "
    "The pooled share weights each age by its size, so it is the better guide to caseloads."
)
download(group_table.assign(Snapshot=as_at), "share by group", key="uasc_groups_csv", label="Download this table (CSV)")

if have_figures:
    st.header("Growth over time")
    count_chart, share_chart = data_cohort.uasc_trend_charts(snapshot)
    count_col, share_col = st.columns(2)
    with count_col:
        place(count_chart, "uasc_trend_count")
    with share_col:
        place(share_chart, "uasc_trend_share")
    st.caption(headline.growth_caption)
    download(data_cohort.uasc_trend_table(snapshot), "trend", key="uasc_trend_csv")

    st.header("National Transfer Scheme")
    _, nts_defaults = data_cohort.uasc_published()
    st.markdown(
        f"A council may refuse National Transfer Scheme referrals once the UASC in its care reach "
        f"{nts_defaults.rate_percent:g}% of its 0-17 population. The published threshold is "
        f"**{formatting.count(nts_defaults.published_threshold)}** for {CFG.short_name}; without the population, the "
        f"default below is the {formatting.count(nts_defaults.population_0_17)} that "
        f"{formatting.count(nts_defaults.published_threshold)} implies."
    )
    population_col, in_care_col = st.columns(2)
    population = population_col.number_input(
        "Population aged 0-17", min_value=1, value=nts_defaults.population_0_17, step=1000, key="uasc_population",
    )
    in_care = in_care_col.number_input(
        f"UASC in care (published {nts_defaults.uasc_in_care} at {nts_defaults.uasc_in_care_as_at:%b %Y})",
        min_value=0, value=nts_defaults.uasc_in_care, step=1, key="uasc_in_care",
    )
    nts_chart, nts_table = data_cohort.uasc_nts_chart(int(in_care), int(population))
    charts.show(nts_chart, key="uasc_nts")
    download(nts_table, f"NTS threshold {int(in_care)} of {int(population)}", key="uasc_nts_csv")

st.header("Education, employment and training")
groups = data_cohort.uasc_eet_groups()
place(data_cohort.uasc_eet_chart(snapshot), "uasc_eet", "EET")
st.caption(
    f"Age groups {' and '.join(g.label for g in groups)}, as on the EET page. EET is SSDA903 activity F1, P1, F2, P2, F4, P4, "
    "F5 or P5 at the snapshot; those who died or returned home leave the denominator (the DfE rule)."
)
reconciliation = data_cohort.uasc_eet_reconciliation(snapshot)
if not reconciliation.empty:
    with st.expander("The published former-UASC EET figures, in the report's own age groups"):
        st.markdown(
            "The report gives former-UASC EET for its own age groups, which differ from the EET page's; here the snapshots "
            "are counted in the report's groups so the two compare like with like. The published figures come from the "
            "provider's own records."
        )
        st.dataframe(reconciliation, hide_index=True, width="stretch")

st.header("Home Office grant")
if published_rates is None or contribution_share is None:
    st.warning(
        f"**The grant estimate needs the grant rates and the UASC contribution, which the {CFG.short_name} pack does not have.** "
        f"Add `[grant_rates]` (under_18_in_county_per_day, under_18_nts_per_day, aged_18_21_per_week) and `[costs]` "
        f"(uasc_contribution) to `{pack_location(CFG)[0]}/authority.toml`.",
        icon=":material/folder_off:",
    )
    st.stop()
st.markdown(
    f"An estimate of the grant the Council receives for the former-UASC care leavers at the snapshot, from {CFG.short_name}'s "
    "grant rates. Change any rate or the share of under-18s who came through the National Transfer Scheme."
)
rate_in, rate_nts, rate_week, nts_col = st.columns(4)
in_county = rate_in.number_input("Under 18, arrived in the county (£ a day)", min_value=0.0, value=published_rates.under_18_in_county_per_day, step=1.0, key="uasc_rate_in_county")
nts_rate = rate_nts.number_input("Under 18, NTS transfer (£ a day)", min_value=0.0, value=published_rates.under_18_nts_per_day, step=1.0, key="uasc_rate_nts")
weekly = rate_week.number_input("Aged 18-21, or to 25 in education (£ a week)", min_value=0.0, value=published_rates.aged_18_plus_per_week, step=5.0, key="uasc_rate_weekly")
nts_share = nts_col.number_input("Under-18s who were NTS transfers (%)", min_value=0.0, max_value=100.0, value=uasc.DEFAULT_NTS_SHARE_PERCENT, step=5.0, key="uasc_nts_share")
grant = data_cohort.uasc_grant(snapshot, uasc.GrantRates(in_county, nts_rate, weekly), nts_share, contribution_share)
st.metric(f"Estimated Home Office grant, {as_at}", grant.total, border=True)
st.caption(grant.finding)
st.dataframe(grant.table, hide_index=True, width="stretch")
st.markdown("**Assumptions**\n" + "\n".join(f"- {a}" for a in grant.assumptions))
download(grant.table.assign(Snapshot=as_at, **{"NTS share (%)": nts_share}), "grant", key="uasc_grant_csv", label="Download this estimate (CSV)")
