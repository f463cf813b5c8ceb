"""The Scenarios page's answers and controls: the scenario held in session state and the address bar,
the answer tiles, and the widgets that change each assumption (money typed with £ and separators).

The scenario's values live under keys of their own, apart from the widgets showing them: only the
group of assumptions being changed (and only the projection method in use) is drawn, and a widget
that is not drawn loses its state, which must not lose the scenario. Kept out of the page so the
page reads as its layout, and because Streamlit compiles a page's script again whenever it cannot
reuse it, while a module is compiled once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import formatting, scenarios
from analytics.scenarios import FIELDS, PRESET_NAMES, SCENARIO_LABELS, SPECS, Evidence, FieldSpec, Scenario, ScenarioResult
from ui import data_scenarios
from ui.safe import md

LAST_QUERY = "scn_last_query"
IGNORED = "scn_ignored"
ERRORS = "scn_input_errors"
GROUP = "scn_group"
SAVED = {"A": "scn_saved_A", "B": "scn_saved_B"}
GROUPS = ("Cohort", "Caseloads and workers", "Costs and funding")


def key(name: str) -> str:
    """The widget's key."""
    return f"scn_{name}"


def _value(name: str) -> str:
    """Where the scenario's value is kept."""
    return f"scn_value_{name}"


def _is_money(name: str) -> bool:
    return SPECS[name].unit == "£"


def widget_key(name: str) -> str:
    """Money is typed as text (so it shows £ and thousands separators); its value is kept apart."""
    return key(name) + "_text" if _is_money(name) else key(name)


def _shown(name: str, value: object) -> object:
    return formatting.money(value) if _is_money(name) else value


def set_widgets(scenario: Scenario) -> None:
    """The one way a scenario reaches the page (on load, from a link, on reset or on opening a saved
    scenario): its values, and the widgets that show them."""
    for spec in FIELDS:
        value = getattr(scenario, spec.name)
        st.session_state[_value(spec.name)] = value
        st.session_state[widget_key(spec.name)] = _shown(spec.name, value)
    st.session_state[ERRORS] = {}


def _from_widgets() -> Scenario:
    values = {}
    for spec in FIELDS:
        value = st.session_state[_value(spec.name)]
        values[spec.name] = bool(value) if spec.kind == "bool" else value if spec.kind == "choice" else float(value)
    return Scenario(**values)


def _changed(name: str) -> None:
    st.session_state[_value(name)] = st.session_state[key(name)]


def _seed(name: str) -> str:
    """The widget's key, its state restored from the scenario when it was not drawn last time."""
    if widget_key(name) not in st.session_state:
        st.session_state[widget_key(name)] = _shown(name, st.session_state[_value(name)])
    return widget_key(name)


def current(published: Scenario) -> Scenario:
    """The page's scenario. The address bar is the scenario: it is read when it is not what this page
    last wrote (first visit, a shared link) or when the widgets were cleared by visiting another
    page, and written back when a widget changed. Widgets keep their values in session state, so the
    scenario is known before they are drawn and the answers can come first."""
    address = st.query_params.to_dict()
    if address != st.session_state.get(LAST_QUERY) or any(_value(spec.name) not in st.session_state for spec in FIELDS):
        parsed = scenarios.parse_query(address, published)
        set_widgets(parsed.scenario)
        st.session_state[IGNORED] = parsed.ignored
    scenario = _from_widgets()
    written = data_scenarios.query(scenario)
    if written != address:
        st.query_params.from_dict(written)
    st.session_state[LAST_QUERY] = written
    return scenario


def _reset(published: Scenario) -> None:
    set_widgets(published)
    st.query_params.clear()
    st.session_state[LAST_QUERY] = {}
    st.session_state[IGNORED] = ()


def _save(name: str) -> None:
    st.session_state[SAVED[name]] = data_scenarios.query(_from_widgets())


def open_saved(name: str, published: Scenario) -> None:
    set_widgets(scenarios.from_query(st.session_state[SAVED[name]], published))


def saved() -> dict[str, dict[str, str]]:
    """Scenarios saved as A and B, by name, as their query parameters."""
    return {name: st.session_state[k] for name, k in SAVED.items() if k in st.session_state}


def _read_amount(name: str) -> None:
    """A typed amount becomes the scenario's value when it is one; otherwise the last good value stands
    and the input says what is wrong."""
    errors = dict(st.session_state.get(ERRORS, {}))
    try:
        value = SPECS[name].parse_amount(st.session_state[widget_key(name)])
    except ValueError as exc:
        errors[name] = str(exc)
    else:
        errors.pop(name, None)
        st.session_state[_value(name)] = value
        st.session_state[widget_key(name)] = formatting.money(value)
    st.session_state[ERRORS] = errors


# --------------------------------------------------------------------------- the answers


def answers(result: ScenarioResult) -> None:
    """The three answers, first: the projected cohort, the LCWs it needs and each option's variance."""
    horizon = formatting.month(result.end_date)
    total = result.cohort.set_index("band").loc[scenarios.TOTAL]
    costed = scenarios.lcws_costed_note(result)
    cohort_tile, lcw_tile, budget_tile = st.columns([1, 1, 2])
    cohort_tile.metric(
        f"Projected cohort, {horizon}", formatting.count(total["projected"]),
        delta=f"{'+' if total['change'] > 0 else ''}{formatting.count(total['change'])} on {formatting.month(result.start_date)} "
              f"({scenarios.truncated_percent(total['change_percent'])})",
        delta_color="off", delta_arrow="off", border=True, help="Care leavers aged 16 to 25 the service supports, at the horizon.",
    )
    lcw_tile.metric(
        f"LCWs needed, {horizon}", formatting.fte(scenarios.lcws_needed(result)),
        delta=f"Costed as {formatting.fte(result.costed_fte)}", delta_color="off", delta_arrow="off", border=True,
        help=f"Leaving Care Workers under {SCENARIO_LABELS[result.scenario.costed_on].lower()}, against "
             f"{formatting.fte(result.current_lcw_fte)} in post today. The delivery options are priced on the LCWs costed: "
             f"{costed}.",
    )
    with budget_tile.container(border=True):
        st.markdown("**Variance to budget, a year** (negative: a shortfall)")
        names = scenarios.option_names(result)
        for col, row in zip(st.columns(len(names)), result.options.itertuples()):
            col.metric(
                names[row.option], formatting.money(row.variance),
                delta=f"Published: {formatting.money(row.published_variance)}", delta_color="off", delta_arrow="off",
                help="The total budget plus the UASC contribution, less the option's yearly cost.",
            )


def status(result: ScenarioResult, plan: str) -> None:
    """Whether the scenario is the plan's own and reproduces it, and what differs when it is not."""
    if st.session_state.get(IGNORED):
        st.warning(
            f"Some values in the link were not understood, so the {plan}'s values were used instead: "
            + ", ".join(md(item) for item in st.session_state[IGNORED]),
            icon=":material/link_off:",
        )
    if result.is_published and result.reproduces_table_12 and result.reproduces_table_16:
        st.success(md(result.findings.reproduction), icon=":material/verified:")
        return
    st.info(md(result.findings.reproduction), icon=":material/edit_note:")
    if result.changes:
        with st.expander(f"What differs from the {plan}", icon=":material/difference:"):
            st.dataframe(
                pd.DataFrame([{"Assumption": c.label, plan: c.published, "This scenario": c.scenario} for c in result.changes]),
                hide_index=True, width="stretch",
            )


# --------------------------------------------------------------------------- the assumptions


def _slider_format(spec: FieldSpec) -> str:
    decimals = 0 if spec.step >= 1 else 1 if spec.step * 10 == int(spec.step * 10) else 2
    return f"%.{decimals}f" + ("%%" if spec.unit == "%" else "")


def _number(name: str, evidence: Evidence, *, disabled: bool = False) -> None:
    spec = SPECS[name]
    label = spec.title(evidence.bands)
    if _is_money(name):
        st.text_input(
            f"{label} (£ a year)", key=_seed(name), on_change=_read_amount, args=(name,), disabled=disabled,
            help=f"{spec.help} Between {formatting.money(spec.minimum)} and {formatting.money(spec.maximum)}.",
        )
        problem = st.session_state.get(ERRORS, {}).get(name)
        if problem:
            st.error(f"{label}: {problem} The scenario still uses {formatting.money(st.session_state[_value(name)])}.", icon=":material/error:")
        return
    unit = f" ({spec.unit})" if spec.unit not in ("", "%") and spec.unit not in label else ""
    st.slider(
        label + unit, min_value=float(spec.minimum), max_value=float(spec.maximum), step=float(spec.step),
        format=_slider_format(spec), key=_seed(name), on_change=_changed, args=(name,), help=spec.help or None, disabled=disabled,
    )


def _toggle(name: str, evidence: Evidence) -> None:
    spec = SPECS[name]
    st.toggle(spec.title(evidence.bands), key=_seed(name), on_change=_changed, args=(name,), help=spec.help or None)


def assumptions(result: ScenarioResult, evidence: Evidence, published: Scenario, plan: str) -> None:
    """Method, horizon and the buttons on one row; below them one group of the other assumptions at a time."""
    preset_col, horizon_col, buttons_col = st.columns([3, 3, 4], vertical_alignment="bottom")
    with preset_col:
        st.selectbox(
            "Projection method", list(PRESET_NAMES), format_func=PRESET_NAMES.get, key=_seed("method"), on_change=_changed, args=("method",),
            help=f"The {plan} publishes projections by two methods and costs the workforce and budget on Corporate Performance's; "
                 "LAIT's is there to compare.",
        )
    with horizon_col:
        years = SPECS["years"]
        st.select_slider(
            "Horizon", [years.minimum + k * years.step for k in range(int((years.maximum - years.minimum) / years.step) + 1)],
            format_func=lambda y: formatting.month(scenarios.months_after(evidence.start_date, y)), key=_seed("years"), on_change=_changed,
            args=("years",), help=years.help,
        )
    with buttons_col, st.container(horizontal=True, horizontal_alignment="right"):
        st.button("Reset to published", on_click=_reset, args=(published,), key="scn_reset", icon=":material/restart_alt:",
                  help=f"Return to the {plan}'s assumptions.")
        st.button("Save as A", on_click=_save, args=("A",), key="scn_save_A", help="Keep this scenario to compare with another.")
        st.button("Save as B", on_click=_save, args=("B",), key="scn_save_B", help="Keep this scenario to compare with another.")

    corporate = result.scenario.method == scenarios.CORPORATE
    with st.container(border=True):
        group = st.radio("Change the assumptions about", GROUPS, key=GROUP, horizontal=True)
        if group == GROUPS[0]:
            _cohort_inputs(evidence, corporate)
        elif group == GROUPS[1]:
            _caseload_inputs(evidence)
        else:
            _money_inputs(result, evidence)


def _cohort_inputs(evidence: Evidence, corporate: bool) -> None:
    """The inputs of the projection method in use; the other method's are drawn when it is chosen."""
    if corporate:
        st.markdown("**Corporate Performance model**, flows a year. The LAIT growth rates apply when the LAIT method is chosen.")
        left, middle, right = st.columns(3)
        for col, names in ((left, ("arrivals_at_16", "late_entrants")), (middle, ("former_uasc", "exit_at_21_percent")),
                           (right, ("late_entrants_aged_17_percent", "former_uasc_aged_17_percent"))):
            with col:
                for name in names:
                    _number(name, evidence)
        return
    st.markdown("**LAIT growth rates**, a year, compound. The model's flows apply when the Corporate Performance method is chosen.")
    for col, name in zip(st.columns(3), scenarios.LAIT_FIELDS):
        with col:
            _number(name, evidence)


def _caseload_inputs(evidence: Evidence) -> None:
    one_col, two_col, cost_on_col = st.columns(3)
    with one_col:
        _number("caseload_16_20", evidence)
        _number("caseload_21_plus", evidence)
    with two_col:
        _number("caseload_all", evidence)
    with cost_on_col:
        st.radio(
            SPECS["costed_on"].label, SPECS["costed_on"].choices, format_func=SCENARIO_LABELS.get, key=_seed("costed_on"),
            on_change=_changed, args=("costed_on",), help=SPECS["costed_on"].help,
        )
        _toggle("whole_posts", evidence)


def _money_inputs(result: ScenarioResult, evidence: Evidence) -> None:
    pricing = scenarios.lcw_pricing(result)
    cost_col, uasc_col, pressure_col = st.columns(3)
    with cost_col:
        _number("lcw_cost_per_fte", evidence)
        _number("additional_per_lcw_fte", evidence)
        st.metric(
            "LCWs priced beyond the published costs", f"{'+' if pricing.extra_fte > 0 else ''}{formatting.fte(pricing.extra_fte)}",
            delta=f"{'+' if pricing.extra_cost > 0 else ''}{formatting.money(pricing.extra_cost)} a year on each option",
            delta_color="off", delta_arrow="off",
        )
        st.caption(md(pricing.sentence))
    with uasc_col:
        _toggle("uasc_share_follows_cohort", evidence)
        _number("uasc_share_percent", evidence, disabled=result.scenario.uasc_share_follows_cohort)
    with pressure_col:
        _number("inflation_percent", evidence)
        _toggle("year_one_offsets", evidence)


def comparison(scenario: Scenario, evidence: Evidence, published: Scenario, plan: str) -> pd.DataFrame | None:
    """Saved scenarios beside the plan's and this one, with the buttons to open them; the compared
    figures (for download), or None when nothing is saved."""
    kept = saved()
    if not kept:
        st.caption("Use **Save as A** and **Save as B** under Assumptions to keep two scenarios and compare them here with the published one.")
        return None
    named = {plan: published} | {name: scenarios.from_query(q, published) for name, q in kept.items()} | {"This scenario": scenario}
    compared = scenarios.comparison({name: data_scenarios.result(data_scenarios.key(s)) for name, s in named.items()})
    view = pd.DataFrame({"Measure": compared["measure"]})
    for name in named:
        view[name] = [scenarios.format_measure(v, u) for v, u in zip(compared[name], compared["unit"])]
    st.dataframe(view, hide_index=True, width="stretch")
    st.markdown("**Assumptions that differ**")
    st.dataframe(scenarios.assumptions_table(named, evidence).rename(columns={"assumption": "Assumption"}), hide_index=True, width="stretch")
    for col, name in zip(st.columns(len(kept) + 2), kept):
        col.button(f"Open {name}", on_click=open_saved, args=(name, published), key=f"scn_open_{name}",
                   help=f"Make scenario {name} the one on this page.")
    return compared
