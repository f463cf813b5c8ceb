"""Former UASC: the fastest-moving part of the cohort, the National Transfer Scheme and the Home Office grant."""

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from analytics import config, uasc
from analytics.sources import pack_location
from analytics.disclosure import SUPPRESSED
from analytics.export import to_csv_bytes
from ui import charts, data, data_cohort
from ui.downloads import CSV, deferred_download

ui.page_setup("Former UASC", ":material/public:")

CFG = config.load()
SNAPSHOT_SOURCE = "synthetic record-level snapshots" if data.build_info().synthetic else "record-level snapshots"
PUBLISHED = CFG.wording.evidence_short


def wrapped(title: str, width: int = 46) -> str:
    """Plotly does not wrap titles; half-width charts need it."""
    return "<br>".join(textwrap.wrap(title, width))


def fit(fig: go.Figure, plot_px: int, legend_rows: int) -> None:
    """Room for the title above the plot, and the legend then the source line at fixed distances
    under it, whatever the plot's height."""
    top = 50 + 26 * (fig.layout.title.text or "").count("<br>")
    source_px = 70 + 22 * legend_rows
    fig.update_layout(
        legend=dict(y=-62 / plot_px, yanchor="top"), margin=dict(t=top, b=source_px + 40), height=plot_px + top + source_px + 40,
    )
    fig.layout.annotations[-1].y = -source_px / plot_px


def published_bars(x: pd.Series, y: pd.Series, name: str, **bar: object) -> go.Bar:
    """Published figures as outlined bars beside the computed ones."""
    return go.Bar(
        x=x, y=y, name=name, marker=dict(color="white", line=dict(color=charts.PUBLISHED_COLOUR, width=1.5)),
        text=[f"{v:g}%" for v in y], textposition="outside", cliponaxis=False, **bar,
    )


def download(frame: pd.DataFrame, name: str, key: str, label: str = "Download this chart's figures (CSV)") -> None:
    deferred_download(label, lambda: to_csv_bytes(frame), f"{name}.csv", CSV, key=key)


def visible(values: pd.Series, hidden: pd.Series) -> list[float | None]:
    """Suppressed cells become gaps in a chart."""
    return [None if h else float(v) for v, h in zip(values, hidden)]


st.title("Former unaccompanied asylum-seeking children")
st.markdown(
    "Former unaccompanied asylum-seeking children (UASC) are the fastest-growing part of the cohort. Every former-UASC "
    "care leaver has Former Relevant status, and the Home Office pays the Council a grant towards their support."
)
ui.require_evidence("The Former UASC page", ("snapshots",))
have_figures = ui.require_evidence(
    "The published former-UASC figures (growth, share, National Transfer Scheme)", ("reference_figures",), uasc.FIGURE_IDS, stop=False,
)
have_by_age = ui.require_evidence("The published former-UASC share by age", ("uasc_share_by_age",), stop=False)
CITED = data.evidence_sources()

options = data_cohort.filter_options()
snapshot = st.selectbox(
    "Snapshot", options.snapshot_dates, index=len(options.snapshot_dates) - 1,
    format_func=lambda d: f"{d:%d %b %Y}", key="uasc_snapshot",
)
as_at = f"{snapshot:%d %b %Y}"
by_age = data_cohort.uasc_share_by_age(snapshot)
trend = data_cohort.uasc_trend(snapshot)
shown_trend = uasc.suppressed_trend(trend)
growth = data_cohort.uasc_growth(snapshot) if have_figures else None
outlook, nts_defaults = data_cohort.uasc_published() if have_figures else (None, None)
published_rates, contribution_share = data_cohort.uasc_settings()
latest = shown_trend.iloc[-1]

count_col, growth_col, share_col = st.columns(3)
count_col.metric(
    f"Former-UASC care leavers at {as_at}", f"{latest['former_uasc']:,}" if latest["former_uasc"] != SUPPRESSED else "c",
    border=True,
)
if growth is not None:
    growth_col.metric(
        f"Growth since {growth.snapshot_from:%b %Y}" if growth.snapshot_from else "Growth",
        f"{growth.growth:+.0f}%" if growth.growth is not None else "not available",
        delta=f"report: +{growth.published_growth:g}% {growth.published_from:%b %Y} to {growth.published_to:%b %Y}",
        delta_color="off", border=True,
    )
share_col.metric(
    "Share of all care leavers", f"{latest['percent']:.0f}%" if latest["percent"] != SUPPRESSED else "c",
    delta=f"report: c.{outlook.now_percent:g}% now, {outlook.expected_percent:g}%+ by {outlook.expected_by:%Y}" if outlook else None,
    delta_color="off", border=True,
)

st.subheader("Share by age")
shown_age = uasc.suppressed_share_by_age(by_age)
fig = go.Figure()
fig.add_trace(
    go.Bar(
        x=shown_age["age"], y=visible(shown_age["percent"], shown_age["suppressed"]), name=f"Snapshot {snapshot:%b %Y}",
        marker_color=charts.PALETTE[0], cliponaxis=False, textposition="outside",
        text=["c" if h else f"{p:.0f}%" for p, h in zip(shown_age["percent"], shown_age["suppressed"])],
        hovertemplate="Age %{x}: %{y:.1f}% former UASC<extra></extra>",
    )
)
published_age = by_age.dropna(subset=["published_percent"])
if not published_age.empty:
    fig.add_trace(
        published_bars(
            published_age["age"], published_age["published_percent"], "Published",
            hovertemplate="Published, age %{x}: %{y}%<extra></extra>",
        )
    )
charts.styled(
    fig, title=wrapped(uasc.share_by_age_finding(by_age, snapshot), 90), x_title="Age at the snapshot (years)",
    y_title="Former UASC (% of the age)",
    source=SNAPSHOT_SOURCE + (f"; published: {CITED['uasc_share_by_age']}" if have_by_age else ""), as_at=as_at,
)
fig.update_xaxes(dtick=1)
fig.update_yaxes(rangemode="tozero", ticksuffix="%")
fig.update_layout(barmode="group", bargap=0.2)
fit(fig, 300, legend_rows=1)
charts.show(fig, key="uasc_share_by_age")
download(
    shown_age[["age", "care_leavers", "former_uasc", "percent", "published_percent"]].assign(snapshot=as_at),
    f"uasc_share_by_age_{snapshot:%Y%m%d}", key="uasc_share_by_age_csv",
)

groups = uasc.suppressed_share_by_group(by_age)
group_table = pd.DataFrame(
    {
        "Cohort group": groups["age_group"],
        "Ages": groups["ages"],
        "Care leavers": groups["care_leavers"].astype(str),
        "Former UASC": groups["former_uasc"].astype(str),
        "Pooled (%)": [v if v == SUPPRESSED else f"{v:.1f}" for v in groups["pooled_percent"]],
        "Mean of ages (%)": ["" if pd.isna(v) else v if v == SUPPRESSED else f"{v:.2f}" for v in groups["simple_mean_percent"]],
        "Published (%)": ["" if pd.isna(v) else f"{v:g}" for v in groups["published_group_average"]],
        "Published ages' mean (%)": ["" if pd.isna(v) else f"{v:.2f}" for v in groups["published_simple_mean"]],
    }
)
st.dataframe(group_table, hide_index=True, width="stretch")
st.caption(
    "Pooled: all former-UASC care leavers in the group over all care leavers in it. Mean of ages: the average of the "
    "ages' shares, each age counting once whatever its size. Published ages' mean: the same average of the published "
    "ages' shares; where it matches the published group average, the source averaged the ages rather than pooling them. "
    "The pooled share weights each age by its size, so it is the better guide to caseloads."
)
download(group_table.assign(Snapshot=as_at), f"uasc_share_by_group_{snapshot:%Y%m%d}", key="uasc_groups_csv", label="Download this table (CSV)")

if have_figures:
    st.subheader("Growth over time")
    count_chart, share_chart = st.columns(2)
    points = shown_trend[~shown_trend["suppressed"]]
    with count_chart:
        fig = go.Figure(
            go.Scatter(
                x=points["snapshot_date"], y=points["former_uasc"].astype(int), mode="lines+markers", name="Former-UASC care leavers",
                line=dict(color=charts.PALETTE[0], width=3), hovertemplate="%{x|%b %Y}: %{y:,}<extra></extra>",
            )
        )
        if growth.growth is not None:
            fig.add_trace(
                go.Scatter(
                    x=[growth.snapshot_from, growth.snapshot_to], y=[growth.count_from, growth.count_to], mode="markers+text",
                    name=f"Growth from {growth.snapshot_from:%b %Y} (nearest to {growth.published_from:%b %Y})",
                    marker=dict(size=13, color=charts.PALETTE[1], symbol="circle"),
                    text=[f"{growth.count_from:,}", f"{growth.count_to:,} ({growth.growth:+.0f}%)"], textposition=["top center", "middle left"],
                    hoverinfo="skip",
                )
            )
        charts.styled(
            fig, title=wrapped(growth.title()), x_title="Quarterly snapshot", y_title="Former-UASC care leavers (count)",
            source=f"{SNAPSHOT_SOURCE};<br>published: {PUBLISHED}", as_at=as_at,
        )
        fig.update_yaxes(rangemode="tozero")
        fit(fig, 300, legend_rows=2)
        charts.show(fig, key="uasc_trend_count")
    with share_chart:
        fig = go.Figure(
            go.Scatter(
                x=points["snapshot_date"], y=points["percent"].astype(float), mode="lines+markers", name="Former-UASC share of the cohort",
                line=dict(color=charts.PALETTE[0], width=3), hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[outlook.now_as_at, outlook.expected_by], y=[outlook.now_percent, outlook.expected_percent], mode="markers+text",
                name=f"Published: c.{outlook.now_percent:g}% now, {outlook.expected_percent:g}%+ expected", marker=dict(symbol="diamond", size=13, color=charts.PUBLISHED_COLOUR),
                text=[f"c.{outlook.now_percent:g}%", f"{outlook.expected_percent:g}%+ ({outlook.expected_by:%b %Y})"],
                textposition=["bottom center", "bottom left"], hovertemplate="Published, %{x|%b %Y}: %{y}%<extra></extra>",
            )
        )
        charts.styled(
            fig, title=wrapped(uasc.share_trend_finding(trend, outlook)), x_title="Quarterly snapshot",
            y_title="Former UASC (% of all care leavers)", source=f"{SNAPSHOT_SOURCE};<br>published: {PUBLISHED}",
            as_at=as_at,
        )
        fig.update_yaxes(rangemode="tozero", ticksuffix="%")
        fig.update_xaxes(range=[trend["snapshot_date"].iloc[0] - pd.Timedelta(days=60), outlook.expected_by + pd.Timedelta(days=200)])
        fit(fig, 300, legend_rows=2)
        charts.show(fig, key="uasc_trend_share")
    st.caption(
        f"The published growth runs from {growth.published_from:%B %Y}. Snapshots are taken on the 1st of January, April, July and October, "
        f"so growth here runs from the nearest one, {growth.snapshot_from:%d %b %Y}." if growth.snapshot_from else
        "Choose a later snapshot to measure growth."
    )
    download(shown_trend[["snapshot_date", "care_leavers", "former_uasc", "percent"]], f"uasc_trend_to_{snapshot:%Y%m%d}", key="uasc_trend_csv")

    st.subheader("National Transfer Scheme")
    st.markdown(
        f"A council may refuse National Transfer Scheme referrals once the UASC in its care reach "
        f"{nts_defaults.rate_percent:g}% of its 0-17 population. The published threshold is "
        f"**{nts_defaults.published_threshold:,}** for {CFG.short_name}; without the population, the "
        f"default below is the {nts_defaults.population_0_17:,} that {nts_defaults.published_threshold:,} implies."
    )
    population_col, in_care_col = st.columns(2)
    population = population_col.number_input(
        "Population aged 0-17", min_value=1, value=nts_defaults.population_0_17, step=1000, key="uasc_population",
    )
    in_care = in_care_col.number_input(
        f"UASC in care (published {nts_defaults.uasc_in_care} at {nts_defaults.uasc_in_care_as_at:%b %Y})",
        min_value=0, value=nts_defaults.uasc_in_care, step=1, key="uasc_in_care",
    )
    gauge = uasc.NtsGauge(int(in_care), int(population), nts_defaults.rate_percent)
    fig = go.Figure(
        go.Bar(
            y=["UASC in care"], x=[gauge.uasc_in_care], orientation="h", marker_color=charts.PALETTE[0], name="UASC in care",
            text=[f"{gauge.uasc_in_care:,} ({gauge.percent_of_threshold:.0f}% of the threshold)"], textposition="outside",
            cliponaxis=False, hovertemplate="%{x:,} UASC in care<extra></extra>",
        )
    )
    fig.add_vline(
        x=gauge.threshold, line=dict(color=charts.PUBLISHED_COLOUR, width=3, dash="dash"),
        annotation_text=f"NTS threshold {gauge.threshold:,.0f}", annotation_position="top",
    )
    charts.styled(
        fig, title=wrapped(gauge.finding(), 100), x_title="Children (count)", y_title="",
        source=f"{PUBLISHED} (UASC in care, threshold rate)", as_at=f"{nts_defaults.uasc_in_care_as_at:%b %Y}",
    )
    fig.update_xaxes(range=[0, max(gauge.threshold, gauge.uasc_in_care) * 1.35], rangemode="tozero")
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    fit(fig, 110, legend_rows=0)
    fig.update_layout(margin=dict(t=fig.layout.margin.t + 30))
    charts.show(fig, key="uasc_nts")
    download(
        pd.DataFrame(
            [{"uasc_in_care": gauge.uasc_in_care, "population_0_17": gauge.population_0_17, "threshold_rate_percent": gauge.rate_percent,
              "threshold": gauge.threshold, "headroom": gauge.headroom}]
        ),
        "uasc_nts_threshold", key="uasc_nts_csv",
    )

st.subheader("Education, employment and training")
eet = data_cohort.uasc_eet(snapshot)
shown_eet = uasc.suppressed_eet(eet)
published_eet = eet.dropna(subset=["published_percent"])
fig = go.Figure()
for colour, (group, rows) in zip((charts.PALETTE[0], charts.PALETTE[1]), shown_eet.groupby("cohort", sort=False)):
    fig.add_trace(
        go.Bar(
            x=rows["age_group"], y=visible(rows["percent"], rows["suppressed"]), name=group, marker_color=colour,
            text=["c" if h else f"{p:.0f}%" for p, h in zip(rows["percent"], rows["suppressed"])], textposition="outside",
            cliponaxis=False, hovertemplate=f"{group}, " + "aged %{x}: %{y:.1f}% in EET<extra></extra>",
        )
    )
    if group == "Former UASC":
        fig.add_trace(
            published_bars(
                published_eet["age_group"], published_eet["published_percent"], "Published, former UASC",
                hovertemplate="Published, former UASC aged %{x}: %{y}%<extra></extra>",
            )
        )
charts.styled(
    fig, title=wrapped(uasc.eet_finding(eet), 100), x_title="Age group (years)", y_title="In EET (% of the group)",
    source=f"{SNAPSHOT_SOURCE}; published: {PUBLISHED}", as_at=as_at,
)
fig.update_yaxes(range=[0, 100], ticksuffix="%")
fig.update_layout(barmode="group")
fit(fig, 300, legend_rows=1)
charts.show(fig, key="uasc_eet")
st.caption(
    "EET is SSDA903 activity F1, P1, F2, P2, F4, P4, F5 or P5 at the snapshot; those who died or returned home leave the "
    "denominator (the DfE rule). The published figures come from the provider's own records."
)
download(shown_eet[["age_group", "cohort", "eet", "denominator", "percent", "published_percent"]].assign(snapshot=as_at), f"uasc_eet_{snapshot:%Y%m%d}", key="uasc_eet_csv")

st.subheader("Home Office grant")
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
    "grant rates (its pack's `[grant_rates]`). Change any rate or the share of under-18s who came through the "
    "National Transfer Scheme."
)
rate_in, rate_nts, rate_week, nts_col = st.columns(4)
in_county = rate_in.number_input("Under 18, arrived in the county (£ a day)", min_value=0.0, value=published_rates.under_18_in_county_per_day, step=1.0, key="uasc_rate_in_county")
nts_rate = rate_nts.number_input("Under 18, NTS transfer (£ a day)", min_value=0.0, value=published_rates.under_18_nts_per_day, step=1.0, key="uasc_rate_nts")
weekly = rate_week.number_input("Aged 18-21, or to 25 in education (£ a week)", min_value=0.0, value=published_rates.aged_18_plus_per_week, step=5.0, key="uasc_rate_weekly")
nts_share = nts_col.number_input("Under-18s who were NTS transfers (%)", min_value=0.0, max_value=100.0, value=uasc.DEFAULT_NTS_SHARE_PERCENT, step=5.0, key="uasc_nts_share")
rates = uasc.GrantRates(in_county, nts_rate, weekly)
estimate = uasc.grant_estimate(data_cohort.uasc_grant_cohort(snapshot), rates, nts_share)
st.metric(f"Estimated Home Office grant for the former-UASC care leavers at {as_at}", f"£{estimate.total:,.0f} a year", border=True)
st.caption(uasc.grant_finding(estimate, snapshot) + ".")
lines = uasc.suppressed_grant_lines(estimate)
grant_table = pd.DataFrame(
    {
        "Grant line": lines["line"],
        "Young people": [v if v == SUPPRESSED else f"{v:,.1f}".removesuffix(".0") for v in lines["young_people"]],
        "Rate (£)": [f"{v:,.0f}" if u != "none" else "" for v, u in zip(lines["rate"], lines["rate_unit"])],
        "Per": [u.removeprefix("£ per ") if u != "none" else "" for u in lines["rate_unit"]],
        "A year (£)": [v if v == SUPPRESSED else f"{v:,.0f}" for v in lines["annual"]],
    }
)
st.dataframe(grant_table, hide_index=True, width="stretch")
st.markdown("**Assumptions**\n" + "\n".join(f"- {a}" for a in uasc.grant_assumptions(estimate, rates, contribution_share)))
download(grant_table.assign(Snapshot=as_at, **{"NTS share (%)": nts_share}), f"uasc_grant_{snapshot:%Y%m%d}", key="uasc_grant_csv", label="Download this estimate (CSV)")
