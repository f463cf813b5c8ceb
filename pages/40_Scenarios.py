"""Scenarios: change any assumption of the authority's published plan and see the cohort, the Leaving
Care Workers it needs and each delivery option's budget gap move. The answers come first; the
assumptions are grouped below them."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

import ui
from analytics import config, formatting, scenarios
from analytics.export import to_csv_bytes
from analytics.scenarios import PRESET_NAMES, SCENARIO_LABELS
from ui import charts, data_scenarios, scenario_controls
from ui.downloads import deferred_download
from ui.safe import md

ui.page_setup("Scenarios: cohort, workers, budget")
CFG = config.load()
PLAN = CFG.wording.plan

st.title("Scenarios: cohort, workers, budget")
ui.require_evidence("The Scenarios page", scenarios.REQUIRED_TABLES, scenarios.FIGURE_IDS)
try:
    evidence = data_scenarios.evidence()
except scenarios.EvidenceError as exc:
    st.error(md(str(exc)), icon=":material/error:")
    st.stop()
published = data_scenarios.published()
scenario = scenario_controls.current(published)
key = data_scenarios.key(scenario)
result = data_scenarios.result(key)
findings = result.findings
option_names = scenarios.option_names(result)


def download(make: Callable[[], pd.DataFrame], subject: str, label: str = "Download these figures (CSV)") -> None:
    """A CSV made only when the button is pressed, named for the page, its subject and the plan's date."""
    deferred_download(
        label, lambda: to_csv_bytes(make()), key=f"scn_{subject.replace(' ', '_')}_csv", page="Scenarios", subject=subject,
        as_at=evidence.published_date,
    )


scenario_controls.answers(result)
st.markdown(md(findings.budget))
st.caption(
    f"The {PLAN}'s projection of the care leaver cohort, the Leaving Care Workers (LCWs) it needs and what each way of delivering "
    "the service costs against the budget. Change any assumption below and every figure follows; the address bar keeps your "
    "scenario, to share as a link."
)
scenario_controls.status(result, PLAN)

st.subheader("Assumptions")
scenario_controls.assumptions(result, evidence, published, PLAN)

# --------------------------------------------------------------------------- cohort

st.subheader("Care leaver cohort")
charts.show(data_scenarios.cohort_chart(key), key="scn_cohort_chart")
st.markdown(md(findings.cohort))
download(
    lambda: result.path.loc[~result.path["suppressed"], ["date", "band", "projected", "p10", "p50", "p90"]].round(1).rename(columns={
        "date": "Date", "band": "Age band", "projected": "Projected care leavers", "p10": "Low (1 in 10 futures below)",
        "p50": "Middle of the simulated futures", "p90": "High (1 in 10 futures above)",
    }).assign(Method=PRESET_NAMES[scenario.method]),
    "cohort projection",
)
with st.expander("How the projection is made", icon=":material/info:"):
    st.markdown(md(findings.method))
    for sentence in findings.lait:
        st.markdown(f"- {md(sentence)}")
    st.markdown(
        f"Projections are modelled numbers, not people; as in every breakdown, a band below 5 would show as c. Former UASC "
        f"are {formatting.percent(result.former_uasc_share_percent)} of the projected cohort; the {PLAN} expects "
        f"{evidence.figures['former_uasc_share_expected_2025']:g}% or more by {evidence.published_date:%Y}."
    )

# --------------------------------------------------------------------------- workers

st.subheader("Leaving Care Workers")
charts.show(data_scenarios.workers_chart(key, f"{CFG.short_name}'s staffing settings"), key="scn_lcw_chart")
st.markdown(md(findings.workforce))
st.caption(
    f"Today's {formatting.fte(result.current_lcw_fte)} of LCWs carry about {formatting.count(sum(evidence.caseload_current.values()))} "
    f"care leavers each, but few of those aged {evidence.bands.older}; allocating all of them would raise that to about "
    f"{formatting.count(result.caseload_if_all_allocated_today)} each. The options are priced on {SCENARIO_LABELS[scenario.costed_on].lower()}: "
    f"{formatting.fte(scenarios.lcws_needed(result))} needed, {scenarios.lcws_costed_note(result)}."
)
download(
    lambda: result.lcw.drop(columns="fte").rename(columns={
        "scenario": "Caseload scenario", "as_at": "Date", "group": "Cohort group", "cohort": "Care leavers",
        "caseload_per_fte": "Caseload per LCW", "fte_rounded": "LCWs needed (FTE)", "published_fte": "Published LCWs (FTE)",
    }),
    "lcw table 12",
)

# --------------------------------------------------------------------------- budget

st.subheader("Budget gap by delivery option")
budget = data_scenarios.budget_charts(key)
for col, name in zip(st.columns(len(budget)), budget):
    with col:
        charts.show(budget[name], key=f"scn_waterfall_{name}")
        st.caption(md(findings.options[name]))
st.dataframe(data_scenarios.budget_table(key), hide_index=True, width="stretch")
with st.expander("How the budget gap is worked out", icon=":material/info:"):
    st.markdown(
        "The UASC contribution is the UASC share of each option's cost plus costs that apply only to former UASC. The "
        "published budget gives only the totals, so those costs are worked back from it: "
        + " and ".join(f"{formatting.money(r.uasc_specific_costs)} for {md(option_names[r.option])}" for r in result.options.itertuples())
        + "."
    )
    st.markdown(md(scenarios.lcw_pricing(result).sentence))
download(
    lambda: pd.concat([steps.assign(option=option_names[name]) for name, steps in result.waterfalls.items()], ignore_index=True)
    .rename(columns={"step": "Step", "measure": "Kind", "amount": "Amount (£ a year)", "running": "Running total (£ a year)", "option": "Option"}),
    "budget waterfall",
)

# --------------------------------------------------------------------------- compare

st.subheader("Compare scenarios")
compared = scenario_controls.comparison(scenario, evidence, published, PLAN)
if compared is not None:
    download(lambda: compared, "comparison", label="Download the comparison (CSV)")

# --------------------------------------------------------------------------- national spend

st.subheader("Cost per care leaver beside every authority's leaving care spend")
spend = None if CFG.la_code is None else data_scenarios.spend_chart(key, CFG.la_code)
if spend is None:
    st.caption(
        "Add the authority's DfE la_code under [authority] in its pack to place each option's cost per care leaver "
        "among every English authority's leaving care spend (see the Benchmark page)."
    )
else:
    charts.show(spend, key="scn_spend_placement")
    st.caption(
        "Each option's yearly cost is divided by the care leavers aged 19 to 21 DfE counted for this authority, and placed "
        "among every authority's leaving care support spend divided by its own count that year. An option pays for the "
        "commissioned service only, while an authority's whole leaving care spend also covers accommodation, staying put "
        "and other support: read the position as context, not a league table."
    )
