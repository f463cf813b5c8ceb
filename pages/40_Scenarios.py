"""Scenarios: change any assumption of the authority's published plan and see the cohort, the Leaving
Care Workers it needs and each delivery option's budget gap move."""

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

import ui
from analytics import config, scenarios
from analytics.disclosure import SUPPRESSED
from analytics.export import to_csv_bytes
from analytics.projections import BANDS, TOTAL
from analytics.scenarios import FIELDS, PRESET_NAMES, SCENARIO_LABELS, SPECS, Scenario
from ui import charts, data, data_benchmark, data_scenarios
from ui.downloads import CSV, deferred_download
from ui.safe import md
from viz import benchmark as benchmark_viz

ui.page_setup("Scenarios: cohort, workers, budget", ":material/tune:")
CFG = config.load()

LAST_QUERY = "scn_last_query"
IGNORED = "scn_ignored"
SAVED = {"A": "scn_saved_A", "B": "scn_saved_B"}
BAND_LABELS = {"16-17": "Aged 16-17", "18-20": "Aged 18-20", "21+": "Aged 21+", TOTAL: "All care leavers"}
GROUP_LABELS = {"16-20": "Aged 16-20", "21+": "Aged 21+", TOTAL: "Total", "16-24": "All care leavers"}
PLAN = CFG.wording.plan

st.title("Scenarios: cohort, workers, budget")
ui.require_evidence("The Scenarios page", scenarios.REQUIRED_TABLES, scenarios.FIGURE_IDS)
evidence = data_scenarios.evidence()
CITED = data.evidence_sources()
published = data_scenarios.published()


def key(name: str) -> str:
    return f"scn_{name}"


def set_widgets(scenario: Scenario) -> None:
    """Widgets read their values from session state, so this is the one way a scenario reaches them
    (on load, from a link, on reset or on opening a saved scenario)."""
    for spec in FIELDS:
        st.session_state[key(spec.name)] = getattr(scenario, spec.name)


def scenario_from_widgets() -> Scenario:
    values = {}
    for spec in FIELDS:
        value = st.session_state[key(spec.name)]
        values[spec.name] = bool(value) if spec.kind == "bool" else value if spec.kind == "choice" else float(value)
    return Scenario(**values)


def reset() -> None:
    set_widgets(published)
    st.query_params.clear()
    st.session_state[LAST_QUERY] = {}
    st.session_state[IGNORED] = ()


def save(name: str) -> None:
    st.session_state[SAVED[name]] = data_scenarios.query(scenario_from_widgets())


def open_saved(name: str) -> None:
    set_widgets(scenarios.from_query(st.session_state[SAVED[name]], published))


# The address bar is the scenario: read it when it is not what this page last wrote (first visit, a
# shared link) or when the widgets were cleared by visiting another page.
address = st.query_params.to_dict()
if address != st.session_state.get(LAST_QUERY) or any(key(spec.name) not in st.session_state for spec in FIELDS):
    parsed = scenarios.parse_query(address, published)
    set_widgets(parsed.scenario)
    st.session_state[IGNORED] = parsed.ignored


def slider_format(spec: scenarios.FieldSpec) -> str:
    decimals = 0 if spec.step >= 1 else 1 if spec.step * 10 == int(spec.step * 10) else 2
    return f"%.{decimals}f" + ("%%" if spec.unit == "%" else "")


def number_widget(name: str, *, disabled: bool = False) -> None:
    spec = SPECS[name]
    if spec.unit == "£":
        st.number_input(
            f"{spec.label} (£ a year)", min_value=float(spec.minimum), max_value=float(spec.maximum), step=float(spec.step),
            format="%.0f", key=key(name), help=spec.help or None, disabled=disabled,
        )
    else:
        label = spec.label + (f" ({spec.unit})" if spec.unit not in ("", "%") else "")
        st.slider(
            label, min_value=float(spec.minimum), max_value=float(spec.maximum), step=float(spec.step),
            format=slider_format(spec), key=key(name), help=spec.help or None, disabled=disabled,
        )


def toggle(name: str, *, disabled: bool = False) -> None:
    spec = SPECS[name]
    st.toggle(spec.label, key=key(name), help=spec.help or None, disabled=disabled)


def wrapped(text: str, width: int = 95) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def download(frame: pd.DataFrame, name: str, label: str = "Download these figures (CSV)") -> None:
    deferred_download(label, lambda: to_csv_bytes(frame), f"{name}.csv", CSV, key=f"scn_{name}_csv")


def fit(fig: go.Figure, plot_px: int, legend_rows: int) -> None:
    """Room for the title above the plot, and the legend then the source line at fixed distances
    under it, whatever the plot's height."""
    top = 60 + 26 * (fig.layout.title.text or "").count("<br>")
    source_px = 70 + 24 * legend_rows
    fig.update_layout(
        legend=dict(y=-62 / plot_px, yanchor="top"), margin=dict(t=top + 20, b=source_px + 40), height=plot_px + top + 20 + source_px + 40,
    )
    fig.layout.annotations[-1].y = -source_px / plot_px


def rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --------------------------------------------------------------------------- inputs

st.markdown(
    f"The {PLAN} projects the care leaver cohort to {evidence.published_date:%B %Y}, works out the Leaving Care Workers (LCWs) "
    "it needs and costs two ways of delivering the service against the budget. Change any of its assumptions below and "
    f"every figure on this page follows. The page opens on the {PLAN}'s own assumptions, with {CFG.short_name}'s "
    "staffing, caseload and cost settings; the address bar holds your scenario, so you can share it as a link."
)

preset_col, horizon_col, buttons_col = st.columns([3, 3, 4], vertical_alignment="bottom")
with preset_col:
    st.selectbox(
        "Projection method (preset)", list(PRESET_NAMES), format_func=PRESET_NAMES.get, key=key("method"),
        help="The published projections come by two methods; the workforce and budget are costed on Corporate Performance's, LAIT's is shown for comparison.",
    )
with horizon_col:
    horizons = [SPECS["years"].minimum + k * SPECS["years"].step for k in range(int((SPECS["years"].maximum - SPECS["years"].minimum) / SPECS["years"].step) + 1)]
    st.select_slider(
        "Horizon", horizons, format_func=lambda y: f"{scenarios.months_after(evidence.start_date, y):%b %Y}", key=key("years"),
        help=SPECS["years"].help,
    )
with buttons_col:
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.button(
            "Reset to published", on_click=reset, key="scn_reset", icon=":material/restart_alt:",
            help=f"Return to the {PLAN}'s assumptions.",
        )
        st.button("Save as A", on_click=save, args=("A",), key="scn_save_A", help="Keep this scenario to compare with another.")
        st.button("Save as B", on_click=save, args=("B",), key="scn_save_B", help="Keep this scenario to compare with another.")

corporate = st.session_state[key("method")] == scenarios.CORPORATE
with st.expander("Change the assumptions", expanded=True, icon=":material/tune:"):
    cohort_tab, workers_tab, money_tab = st.tabs(["Cohort", "Caseloads and workers", "Costs and funding"])
    with cohort_tab:
        model_col, lait_col = st.columns(2)
        with model_col:
            st.markdown("**Corporate Performance model** (flows a year)" + ("" if corporate else " · not in use"))
            left, right = st.columns(2)
            with left:
                for name in ("arrivals_at_16", "late_entrants", "former_uasc"):
                    number_widget(name, disabled=not corporate)
            with right:
                for name in ("exit_at_21_percent", "late_entrants_aged_17_percent", "former_uasc_aged_17_percent"):
                    number_widget(name, disabled=not corporate)
        with lait_col:
            st.markdown("**LAIT growth rates** (a year, compound)" + (" · not in use" if corporate else ""))
            for name in scenarios.LAIT_FIELDS:
                number_widget(name, disabled=corporate)
    with workers_tab:
        one_col, two_col, cost_on_col = st.columns(3)
        with one_col:
            number_widget("caseload_16_20")
            number_widget("caseload_21_plus")
        with two_col:
            number_widget("caseload_all")
        with cost_on_col:
            st.radio(
                SPECS["costed_on"].label, SPECS["costed_on"].choices, format_func=SCENARIO_LABELS.get, key=key("costed_on"),
                help=SPECS["costed_on"].help,
            )
            toggle("whole_posts")
    with money_tab:
        cost_col, uasc_col, pressure_col = st.columns(3)
        with cost_col:
            number_widget("lcw_cost_per_fte")
            number_widget("additional_per_lcw_fte")
        with uasc_col:
            toggle("uasc_share_follows_cohort")
            number_widget("uasc_share_percent", disabled=bool(st.session_state[key("uasc_share_follows_cohort")]))
        with pressure_col:
            number_widget("inflation_percent")
            toggle("year_one_offsets")

scenario = scenario_from_widgets()
written = data_scenarios.query(scenario)
if written != st.query_params.to_dict():
    st.query_params.from_dict(written)
st.session_state[LAST_QUERY] = written
result = data_scenarios.result(scenario)
findings = result.findings
horizon = f"{result.end_date:%b %Y}"

if st.session_state.get(IGNORED):
    st.warning(
        f"Some values in the link were not understood, so the {PLAN}'s values were used instead: "
        + ", ".join(md(item) for item in st.session_state[IGNORED]),
        icon=":material/link_off:",
    )
if result.is_published:
    st.success(md(findings.reproduction), icon=":material/verified:")
else:
    st.info(md(findings.reproduction), icon=":material/edit_note:")
    if result.changes:
        st.dataframe(
            pd.DataFrame([{"Assumption": c.label, PLAN: c.published, "This scenario": c.scenario} for c in result.changes]),
            hide_index=True, width="stretch",
        )

# --------------------------------------------------------------------------- headline

by_option = result.options.set_index("option")
total_row = result.cohort.set_index("band").loc[TOTAL]
cohort_metric, lcw_metric, *option_metrics = st.columns(2 + len(by_option))
cohort_metric.metric(
    f"Projected cohort, {horizon}", scenarios.count(total_row["projected"]),
    delta=f"{total_row['change']:+,.0f} on {result.start_date:%b %Y} ({scenarios.truncated_percent(total_row['change_percent'])})",
    delta_color="off", border=True,
)
lcw_metric.metric(
    "LCWs needed (costed)", scenarios.fte(result.costed_fte),
    delta=f"{result.costed_fte - result.current_lcw_fte:+.1f} on the {result.current_lcw_fte:.1f} in post", delta_color="off", border=True,
)
for col, (name, row) in zip(option_metrics, by_option.iterrows()):
    col.metric(
        f"Variance, {' '.join(str(row['label']).split()[:2])}", scenarios.money(row["variance"]),
        delta=f"Published: {scenarios.money(row['published_variance'])}", delta_color="off", delta_arrow="off", border=True,
        help=f"{row['label']}: the total budget plus the UASC contribution, less the option's cost ({CITED['budget_lines']}). Negative is a shortfall.",
    )
st.caption(md(findings.budget))

# --------------------------------------------------------------------------- cohort

st.subheader("Care leaver cohort")
path = result.path
panels = (*BANDS, TOTAL)
fig = make_subplots(
    rows=2, cols=2, shared_xaxes=True, vertical_spacing=0.14, horizontal_spacing=0.08,
    subplot_titles=[
        f"{BAND_LABELS[b]}: {row.projected:,.0f}" + ("" if pd.isna(row.p10) else f" (8 in 10 futures {row.p10:,.0f} to {row.p90:,.0f})")
        for b, row in zip(panels, result.cohort.set_index("band").loc[list(panels)].itertuples())
    ],
)
for i, band in enumerate(panels):
    position = dict(row=i // 2 + 1, col=i % 2 + 1)
    rows = path[path["band"] == band]
    first = i == 0
    if result.fan_available:
        fig.add_trace(go.Scatter(
            x=rows["date"], y=rows["p90"].where(~rows["suppressed"]), mode="lines", line=dict(width=0), showlegend=False,
            hoverinfo="skip",
        ), **position)
        fig.add_trace(go.Scatter(
            x=rows["date"], y=rows["p10"].where(~rows["suppressed"]), mode="lines", line=dict(width=0), fill="tonexty",
            fillcolor=rgba(charts.PALETTE[0], 0.2), name="8 in 10 simulated futures (P10 to P90)", legendgroup="fan",
            showlegend=first, customdata=rows["p90"], hovertemplate="%{x|%b %Y}: %{y:,.0f} to %{customdata:,.0f}<extra></extra>",
        ), **position)
    fig.add_trace(go.Scatter(
        x=rows["date"], y=rows["projected"].where(~rows["suppressed"]), mode="lines+markers", line=dict(color=charts.PALETTE[0], width=3),
        marker=dict(size=5), name="This scenario", legendgroup="line", showlegend=first,
        hovertemplate=f"{BAND_LABELS[band]}, " + "%{x|%b %Y}: %{y:,.0f}<extra></extra>",
    ), **position)
    for method, symbol, name in (
        (scenarios.STORE_METHOD[scenarios.CORPORATE], "diamond", "Published: Corporate Performance"),
        (scenarios.STORE_METHOD[scenarios.LAIT], "diamond-open", "Published: LAIT"),
    ):
        value = evidence.published_counts[method][band]
        fig.add_trace(go.Scatter(
            x=[evidence.published_date], y=[value], mode="markers+text", name=name, legendgroup=name, showlegend=first,
            marker=dict(symbol=symbol, size=12, color=charts.PUBLISHED_COLOUR, line=dict(width=2, color=charts.PUBLISHED_COLOUR)),
            text=[f"{value:,}"], textposition="middle right", cliponaxis=False,
            hovertemplate=f"{name}, {BAND_LABELS[band]}: {value:,}<extra></extra>",
        ), **position)
charts.styled(
    fig, title=wrapped(findings.titles["cohort"]), x_title="", y_title="",
    source=f"{CITED['projections_published']}; our rebuild of the projection models", as_at=f"{result.start_date:%b %Y}",
)
end = max(result.end_date, evidence.published_date)
fig.update_xaxes(
    range=[pd.Timestamp(result.start_date) - pd.Timedelta(days=30), pd.Timestamp(end) + pd.Timedelta(days=90 + 25 * result.scenario.years)],
    showticklabels=True,
)
fig.update_yaxes(rangemode="tozero", tickformat=",", title_text="Care leavers (count)", col=1)
fig.update_yaxes(rangemode="tozero", tickformat=",")
fit(fig, 560, legend_rows=2)
charts.show(fig, key="scn_cohort_chart")
st.markdown(md(findings.cohort))
st.caption(md(findings.method))
if findings.lait:
    with st.container(border=True):
        st.markdown("**How this differs from the published LAIT projection**")
        for sentence in findings.lait:
            st.markdown(f"- {md(sentence)}")

cohort_table = pd.DataFrame({
    "Age band": [BAND_LABELS[b] for b in result.cohort["band"]],
    f"{result.start_date:%b %Y} (published)": result.cohort["start"].map("{:,.0f}".format),
    f"Projected {horizon}": [SUPPRESSED if h else f"{v:,.0f}" for v, h in zip(result.cohort["projected"], result.cohort["suppressed"])],
    "8 in 10 futures": [
        "" if pd.isna(lo) or h else f"{lo:,.0f} to {hi:,.0f}"
        for lo, hi, h in zip(result.cohort["p10"], result.cohort["p90"], result.cohort["suppressed"])
    ],
    "Published: Corporate Performance": result.cohort["published_corporate"].map("{:,.0f}".format),
    "Published: LAIT": result.cohort["published_lait"].map("{:,.0f}".format),
})
st.dataframe(cohort_table, hide_index=True, width="stretch")
st.caption(
    f"Projections are modelled numbers, not people; as in every breakdown, a band below 5 would show as {SUPPRESSED}. "
    f"Former UASC are {result.former_uasc_share_percent:.1f}% of the projected cohort (the report expects "
    f"{evidence.figures['former_uasc_share_expected_2025']:g}%+ by {evidence.published_date:%Y})."
)
download(
    path.loc[~path["suppressed"], ["date", "band", "projected", "p10", "p50", "p90"]].round(1).assign(method=PRESET_NAMES[scenario.method]),
    "scenario_cohort_projection",
)

# --------------------------------------------------------------------------- workers

st.subheader("Leaving Care Workers")
lcw = result.lcw
totals = lcw[lcw["group"].isin([TOTAL, scenarios.GROUP_ALL])]
x = [[SCENARIO_LABELS[s] for s in totals["scenario"]], [f"{d:%b %Y}" for d in totals["as_at"]]]
fig = go.Figure()
fig.add_trace(go.Bar(
    x=x, y=totals["fte_rounded"], name="LCWs needed in this scenario",
    marker_color=[charts.PALETTE[4] if d == result.start_date else charts.PALETTE[0] for d in totals["as_at"]],
    text=[scenarios.fte(v) for v in totals["fte_rounded"]], textposition="inside", insidetextanchor="end",
    textfont=dict(color="white", size=15),
    hovertemplate="%{x}: %{y:.1f} FTE<extra></extra>",
))
published_points = totals.dropna(subset=["published_fte"])
if len(published_points):
    fig.add_trace(go.Scatter(
        x=[[SCENARIO_LABELS[s] for s in published_points["scenario"]], [f"{d:%b %Y}" for d in published_points["as_at"]]],
        y=published_points["published_fte"], mode="markers", name="Published",
        marker=dict(symbol="line-ew", size=36, line=dict(width=3, color=charts.PUBLISHED_COLOUR)),
        hovertemplate="Published: %{y:.1f} FTE<extra></extra>",
    ))
fig.add_hline(
    y=result.current_lcw_fte, line=dict(color=charts.TEXT, width=2, dash="dot"),
    annotation_text=f"In post today: {scenarios.fte(result.current_lcw_fte)}", annotation_position="bottom left",
    annotation_bgcolor="rgba(255,255,255,0.9)",
)
fig.add_hline(
    y=result.recommended_lcw_fte, line=dict(color=charts.PALETTE[3], width=2, dash="dash"),
    annotation_text=f"Recommended from {evidence.published_date:%b %Y}: {scenarios.fte(result.recommended_lcw_fte)}", annotation_position="top left",
    annotation_bgcolor="rgba(255,255,255,0.9)",
)
charts.styled(
    fig, title=wrapped(findings.titles["workforce"]), x_title="Caseload scenario and date", y_title="Leaving Care Workers (FTE)",
    source=f"{CITED['lcw_scenarios']}; {CITED['caseload_current']}; in post: {CFG.short_name} [workforce] settings", as_at=horizon,
)
fig.update_yaxes(rangemode="tozero", range=[0, max(totals["fte_rounded"].max(), result.recommended_lcw_fte) * 1.18])
fit(fig, 380, legend_rows=1)
charts.show(fig, key="scn_lcw_chart")
st.markdown(md(findings.workforce))
st.caption(
    f"Today's {result.current_lcw_fte:.1f} LCWs carry c.{sum(evidence.caseload_current.values()):.0f} care leavers each but few of the 21+ ({CITED['caseload_current']}); allocating every "
    f"care leaver aged 21+ would raise that to {result.caseload_if_all_allocated_today:.0f} each. The options below are costed on "
    f"{SCENARIO_LABELS[scenario.costed_on].lower()}: {scenarios.fte(result.costed_fte)}"
    + (" after rounding up to whole posts." if scenario.whole_posts else ".")
)
lcw_table = pd.DataFrame({
    "Scenario": [SCENARIO_LABELS[s] for s in lcw["scenario"]],
    "Date": [f"{d:%b %Y}" for d in lcw["as_at"]],
    "Cohort group": [GROUP_LABELS[g] for g in lcw["group"]],
    "Care leavers": lcw["cohort"].map("{:,.0f}".format),
    "Caseload per LCW": ["" if pd.isna(c) else f"{c:g}" for c in lcw["caseload_per_fte"]],
    "LCWs needed": [scenarios.fte(v) for v in lcw["fte_rounded"]],
    "Published": ["" if pd.isna(v) else scenarios.fte(v) for v in lcw["published_fte"]],
})
st.dataframe(lcw_table, hide_index=True, width="stretch")
download(lcw.drop(columns="fte").rename(columns={"fte_rounded": "fte"}), "scenario_lcw_table_12")

# --------------------------------------------------------------------------- budget

st.subheader("Budget gap by delivery option")
for name, steps in result.waterfalls.items():
    signed = [
        scenarios.money(a) if m != "relative" else ("+" if a >= 0 else "") + scenarios.money(a)
        for a, m in zip(steps["amount"], steps["measure"])
    ]
    fig = go.Figure(go.Waterfall(
        y=steps["step"], x=steps["amount"], measure=steps["measure"], orientation="h", text=signed, textposition="outside",
        cliponaxis=False, increasing=dict(marker=dict(color=charts.PALETTE[2])), decreasing=dict(marker=dict(color=charts.PALETTE[5])),
        totals=dict(marker=dict(color=charts.PALETTE[0])), connector=dict(line=dict(color="#9a9a9a", width=1)),
        hovertemplate="%{y}: %{text}<extra></extra>", name=by_option.loc[name, "label"], showlegend=False,
    ))
    charts.styled(
        fig, title=findings.titles[name], x_title="£ a year", y_title="",
        source=CITED["budget_lines"], as_at=horizon,
    )
    low, high = min(steps["running"].min(), 0), steps["running"].max()
    span = high - low
    fig.update_xaxes(tickformat=",", range=[low - 0.25 * span, high + 0.2 * span], zeroline=True, zerolinecolor="#6b6b6b")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fit(fig, 60 * len(steps) + 40, legend_rows=0)
    charts.show(fig, key=f"scn_waterfall_{name}")
    st.caption(md(findings.options[name]))

table_16 = result.table_16
table_16_view = pd.DataFrame({"Item": table_16["label"]})
for name in by_option.index:
    table_16_view[by_option.loc[name, "label"]] = table_16[name].map(scenarios.money)
    table_16_view[f"Published ({' '.join(str(by_option.loc[name, 'label']).split()[:2])})"] = table_16[f"published_{name}"].map(scenarios.money)
st.dataframe(table_16_view, hide_index=True, width="stretch")
st.caption(
    "The UASC contribution is the UASC share of each option's cost plus costs specific to former UASC; the published "
    "budget gives only the sums, so those specific costs are solved from it: "
    + " and ".join(f"{scenarios.money(r['uasc_specific_costs'])} for {md(r['label'])}" for _, r in by_option.iterrows())
    + ". A different number of LCWs is priced at the cost per LCW set above."
)
download(
    pd.concat([steps.assign(option=name) for name, steps in result.waterfalls.items()], ignore_index=True),
    "scenario_budget_waterfall",
)

# --------------------------------------------------------------------------- compare

st.subheader("Compare scenarios")
saved = {name: st.session_state[k] for name, k in SAVED.items() if k in st.session_state}
if not saved:
    st.caption("Use **Save as A** and **Save as B** at the top to keep two scenarios and compare them here with the published one.")
else:
    named = {PLAN: published} | {name: scenarios.from_query(q, published) for name, q in saved.items()} | {"This scenario": scenario}
    results = {name: data_scenarios.result(s) for name, s in named.items()}
    compared = scenarios.comparison(results)
    view = pd.DataFrame({"Measure": compared["measure"]})
    for name in named:
        view[name] = [scenarios.format_measure(v, u) for v, u in zip(compared[name], compared["unit"])]
    st.dataframe(view, hide_index=True, width="stretch")
    st.markdown("**Assumptions that differ**")
    st.dataframe(scenarios.assumptions_table(named, evidence).rename(columns={"assumption": "Assumption"}), hide_index=True, width="stretch")
    open_cols = st.columns(len(saved) + 2)
    for col, name in zip(open_cols, saved):
        col.button(f"Open {name}", on_click=open_saved, args=(name,), key=f"scn_open_{name}", help=f"Make scenario {name} the one on this page.")
    download(compared, "scenario_comparison", label="Download the comparison (CSV)")

# --------------------------------------------------------------------------- national spend

st.subheader("Cost per care leaver beside every authority's leaving care spend")
la_code = config.load().la_code
placed = [] if la_code is None else [
    (str(row["label"]), data_benchmark.place_cost(la_code, float(row["cost"]))) for _, row in by_option.iterrows()
]
placed = [(label, p) for label, p in placed if p is not None]
if not placed:
    st.caption(
        "Add the authority's DfE `la_code` under `[authority]` in its pack to place each option's cost per care leaver "
        "among every English authority's leaving care spend (see the Benchmark page)."
    )
else:
    spend = placed[0][1]
    fy = f"{spend.year - 1}-{spend.year % 100:02d}"
    charts.show(
        benchmark_viz.cost_placement(
            placed, source="this scenario's option costs; DfE LAIT leaving care support expenditure (S251 outturn) and care leavers aged 19 to 21",
            as_at=fy,
        ),
        key="scn_spend_placement",
    )
    st.caption(
        f"Method: each option's annual cost divided by the {spend.care_leavers:,.0f} care leavers aged 19 to 21 DfE counted "
        f"for this authority in the year to March {spend.year}, placed among every LA's {fy} leaving care support "
        "expenditure divided by its own count that year. An option pays for the commissioned service only, while the "
        "authority's whole leaving care spend also covers accommodation, staying put and other support, so read the "
        "position as context, not a like-for-like league table."
    )
