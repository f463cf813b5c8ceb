"""Scenarios: the Commissioning Plan reproduced through analytics.scenarios (Tables 6, 12, 16), the
URL form of a scenario, and the properties a commissioner relies on when changing assumptions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import scenarios
from analytics.scenarios import FIELDS, GROWTH_FIELDS, SPECS, Evidence, Scenario, evaluate, from_query, parse_query, to_query

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def evidence() -> Evidence:
    return scenarios.load_evidence()


@pytest.fixture(scope="module")
def published(evidence: Evidence) -> Scenario:
    return Scenario.published(evidence)


@pytest.fixture(scope="module")
def result(published: Scenario, evidence: Evidence) -> scenarios.ScenarioResult:
    return evaluate(published, evidence)


def test_published_assumptions_come_from_the_store(published: Scenario) -> None:
    # Table 12: Scenario 1 at 20 (16-20) and 75 (21+), Scenario 2 at 23.2 (Table 9 average).
    assert (published.caseload_16_20, published.caseload_21_plus, published.caseload_all) == (20, 75, 23.2)
    # Table 6 footnote 25: 27% former UASC, 21% aged 16-20, 2.5% aged 21+.
    assert (published.growth_former_uasc_percent, published.growth_16_20_percent, published.growth_21_plus_percent) == (27, 21, 2.5)
    # Table 16 note: 30% of the contract cost met by the UASC budget; Oct-2023 to Apr-2025 is 1.5 years.
    assert published.uasc_share_percent == 30
    assert published.years == 1.5
    assert published.method == scenarios.CORPORATE
    assert (published.inflation_percent, published.year_one_offsets, published.uasc_share_follows_cohort) == (0, False, False)


def test_published_scenario_gives_table_6_corporate_performance_column(result: scenarios.ScenarioResult) -> None:
    # Table 6, Apr-25 (from Corp. Performance): 185 / 343 / 475 = 1,003, +7.1% on 936.
    assert result.cohort_at_horizon == {"16-17": 185, "18-20": 343, "21+": 475, "Total": 1003}
    assert f"{result.end_date:%b %Y}" == "Apr 2025"
    assert "+7.1%" in result.findings.cohort


def test_published_scenario_reproduces_table_12(result: scenarios.ScenarioResult) -> None:
    lcw = result.lcw
    shown = [float(v) for v in lcw["fte_rounded"]]
    # Table 12 in its order: Oct-23 Scenario 1 16-20, 21+, Total; Scenario 2; then Apr-25 the same.
    assert shown == [23.5, 6.2, 29.7, 40.3, 26.4, 6.3, 32.7, 43.2]
    assert list(lcw["cohort"]) == [469, 467, 936, 936, 528, 475, 1003, 1003]
    assert (lcw["fte_rounded"] == lcw["published_fte"]).all()
    assert (result.lcw_total(1, "start"), result.lcw_total(1), result.lcw_total(2, "start"), result.lcw_total(2)) == (29.7, 32.7, 40.3, 43.2)
    assert result.reproduces_table_12
    # Table 12's 32.7 FTE is costed as 33.0 FTE (5.2.1: "an additional 6.4 LCWs taking this to 33.0 FTE").
    assert result.costed_fte == 33.0


def test_published_scenario_reproduces_table_16_to_the_pound(result: scenarios.ScenarioResult) -> None:
    outsourced, insourced = result.option("outsourced"), result.option("insourced")
    # Table 16: Total Budget £1,441,743.
    assert result.total_budget == 1_441_743
    # Table 16: Option 1 Outsourced £2,678,930; Option 2 In-sourced £2,538,675.
    assert (outsourced["cost"], insourced["cost"]) == (2_678_930, 2_538_675)
    # Table 16: UASC contribution @30% + specific costs £866,921 and £860,455.
    assert (outsourced["uasc_contribution"], insourced["uasc_contribution"]) == (866_921, 860_455)
    # Table 16: variance to budget once UASC contribution added −£370,266 and −£236,477.
    assert (outsourced["variance"], insourced["variance"]) == (-370_266, -236_477)
    # Table 16: option 1 compared to 2, −£140,255 on cost and −£133,789 on variance.
    assert outsourced["cost"] - insourced["cost"] == 140_255
    assert insourced["variance"] - outsourced["variance"] == 133_789
    assert result.reproduces_table_16
    for row in result.table_16.itertuples():
        assert (row.outsourced, row.insourced) == (row.published_outsourced, row.published_insourced)


def test_published_scenario_says_it_reproduces_the_plan(result: scenarios.ScenarioResult) -> None:
    sentence = result.findings.reproduction
    for figure in ("29.7", "32.7", "40.3", "43.2", "−£370,266", "−£236,477"):
        assert figure in sentence
    assert "exactly" in sentence
    assert result.is_published and result.changes == ()
    assert "£140,255 a year cheaper" in result.findings.budget
    assert "at least £236,477" in result.findings.budget  # section 6: "a cost pressure ... of at least £236,477.00"


def test_simulation_band_for_the_seed(result: scenarios.ScenarioResult) -> None:
    # simulate_forward, 1,000 runs, seed 2024, aligned like the central projection: April 2025 P10 to P90.
    band = result.cohort.set_index("band")
    assert (band.loc["16-17", "p10"], band.loc["16-17", "p90"]) == (170, 200)
    assert (band.loc["18-20", "p10"], band.loc["18-20", "p90"]) == (333, 353)
    assert (band.loc["21+", "p10"], band.loc["21+", "p90"]) == (470, 478)
    assert (band.loc["Total", "p10"], band.loc["Total", "p90"]) == (987, 1023)
    assert "between 987 and 1,023" in result.findings.cohort
    assert result.fan_available


def test_alignment_starts_from_the_published_cohort(result: scenarios.ScenarioResult) -> None:
    # Table 6, Oct-23 (from ChAT): 183 / 286 / 467 = 936, exactly, before any alignment is phased in.
    start = result.path[result.path["step"] == 0].set_index("band")["projected"]
    assert start.to_dict() == {"16-17": 183, "18-20": 286, "21+": 467, "Total": 936}


def test_lait_preset_explains_how_it_differs_from_the_published_column(published: Scenario, evidence: Evidence) -> None:
    lait = evaluate(replace(published, method=scenarios.LAIT), evidence)
    # Footnote 25's rates compounded for 1.5 years: 249.1 / 387.8 / 521.4 (analytics.projections.lait_preset).
    assert lait.cohort_at_horizon == {"16-17": 249, "18-20": 388, "21+": 521, "Total": 1158}
    assert not lait.fan_available and lait.cohort["p10"].isna().all()
    text = " ".join(lait.findings.lait)
    # Table 6, Apr-25 (from LAIT): 286 / 616 / 589 = 1,491, +59.2%; 1,491 − 1,158 = 333.
    for figure in ("1,491 care leavers by April 2025 (286 aged 16-17, 616 aged 18-20, 589 aged 21+", "+59.2%", "1,158", "333 fewer"):
        assert figure in text
    # The flaw: 19.2 + 41.3 + 29.5 = 90.0, and 589 / 1,491 = 39.5%.
    assert "its shares sum to 90.0%, not 100%" in text
    assert "the 589 aged 21+ are 39.5% of 1,491, not the 29.5% printed" in text
    assert "3.1 years" in text  # analytics.projections.lait_years_to_reach(1491)


def test_lait_comparison_stays_at_the_published_date_whatever_the_horizon(published: Scenario, evidence: Evidence) -> None:
    later = evaluate(replace(published, method=scenarios.LAIT, years=2.5), evidence, runs=0)
    assert later.projected_total > 1158
    assert "1,158" in later.findings.lait[0] and "333 fewer" in later.findings.lait[0]


# --------------------------------------------------------------------------- money and workers moving


def test_fewer_cases_per_worker_cost_whole_posts(published: Scenario, evidence: Evidence) -> None:
    r = evaluate(replace(published, caseload_16_20=18.0), evidence, runs=0)
    # 528 / 18 = 29.33 and 475 / 75 = 6.33: 35.67, shown 35.7, costed as 36 whole posts.
    assert r.lcw_total(1) == 35.7 and r.costed_fte == 36.0
    outsourced = r.option("outsourced")
    # Three more LCWs at £45,000: 2,678,930 + 135,000 = 2,813,930;
    # 1,441,743 + (0.3 × 2,813,930 + 63,242) − 2,813,930 = −464,766.
    assert outsourced["cost"] == 2_813_930
    assert outsourced["variance"] == -464_766
    steps = r.waterfalls["outsourced"]
    assert list(steps["step"]) == ["Total budget", "UASC contribution", "Cost as published (33.0 FTE)", "LCWs 33.0 → 36.0 FTE", "Variance"]
    assert steps["amount"].iloc[:-1].sum() == pytest.approx(outsourced["variance"], abs=0.005)


def test_without_whole_posts_the_scenario_fte_is_costed(published: Scenario, evidence: Evidence) -> None:
    r = evaluate(replace(published, whole_posts=False), evidence, runs=0)
    # 32.7 FTE instead of 33.0: 0.3 × £45,000 = £13,500 less on each option.
    assert r.costed_fte == 32.7
    assert r.option("outsourced")["cost"] == 2_678_930 - 13_500


def test_scenario_2_can_be_costed(published: Scenario, evidence: Evidence) -> None:
    r = evaluate(replace(published, costed_on=2), evidence, runs=0)
    assert r.costed_fte == 44.0  # 43.2 FTE rounded up to whole posts
    assert r.option("insourced")["cost"] == 2_538_675 + 11 * 45_000


@pytest.mark.parametrize(
    ("changes", "option", "expected"),
    [
        # 5.2.1: 1% inflation on £2,678,930 is £26,789.30 (the report quotes £26,789); the UASC budget meets 30% of it:
        # −370,266 − 26,789.30 + 0.3 × 26,789.30 = −389,018.51.
        ({"inflation_percent": 1.0}, "outsourced", -389_018.51),
        # Section 6: reserves £151,219 and office saving £99,000 if insourced: −236,477 + 151,219 + 99,000 = 13,742.
        ({"year_one_offsets": True}, "insourced", 13_742),
        # The reserves alone for the outsourced option: −370,266 + 151,219 = −219,047.
        ({"year_one_offsets": True}, "outsourced", -219_047),
        # A 35% UASC share: −370,266 + 0.05 × 2,678,930 = −236,319.50.
        ({"uasc_share_percent": 35.0}, "outsourced", -236_319.50),
        # The share following the projected cohort (26.0% former UASC): 1,441,743 + 0.26 × 2,678,930 + 63,242 − 2,678,930.
        ({"uasc_share_follows_cohort": True}, "outsourced", 1_441_743 + 696_521.80 + 63_242 - 2_678_930),
    ],
)
def test_budget_assumptions_move_the_variance(published: Scenario, evidence: Evidence, changes: dict, option: str, expected: float) -> None:
    r = evaluate(replace(published, **changes), evidence, runs=0)
    assert r.option(option)["variance"] == pytest.approx(expected, abs=0.005)
    steps = r.waterfalls[option]
    assert steps["amount"].iloc[:-1].sum() == pytest.approx(expected, abs=0.005)
    assert not r.is_published and len(r.changes) == 1


def test_published_figures_shown_beside_a_changed_scenario(published: Scenario, evidence: Evidence) -> None:
    r = evaluate(replace(published, caseload_all=25.0), evidence, runs=0)
    assert r.lcw_total(2) == 40.1  # 1,003 / 25 = 40.12
    assert r.lcw.set_index(["scenario", "group"]).loc[(2, scenarios.GROUP_ALL), "published_fte"].tolist() == [40.3, 43.2]
    assert not r.reproduces_table_12
    assert "1 assumption differs" in r.findings.reproduction
    assert [c.label for c in r.changes] == [SPECS["caseload_all"].label]
    assert (r.changes[0].published, r.changes[0].scenario) == ("23.2 per LCW", "25 per LCW")


def test_changes_leave_out_the_method_not_in_use(published: Scenario, evidence: Evidence) -> None:
    assert scenarios.changes(replace(published, growth_16_20_percent=30.0), evidence) == ()
    lait = scenarios.changes(replace(published, method=scenarios.LAIT, growth_16_20_percent=30.0, arrivals_at_16=60.0), evidence)
    assert [c.name for c in lait] == ["method", "growth_16_20_percent"]


def test_small_projected_bands_are_suppressed(published: Scenario, evidence: Evidence) -> None:
    # No arrivals for 3 years: nobody is left aged 16-17, a count below 5.
    empty = replace(published, arrivals_at_16=0.0, late_entrants=0.0, former_uasc=0.0, years=3.0)
    r = evaluate(empty, evidence, runs=0)
    cohort = r.cohort.set_index("band")
    assert cohort.loc["16-17", "projected"] == 0
    assert bool(cohort.loc["16-17", "suppressed"])
    # The total is shown, so the next smallest band is hidden too (secondary suppression).
    assert int(cohort["suppressed"].iloc[:3].sum()) == 2
    late = r.path[(r.path["band"] == "16-17") & (r.path["step"] == 12)]
    assert bool(late["suppressed"].iloc[0])


# --------------------------------------------------------------------------- the URL form


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"caseload_16_20": 18.0},
        {"method": scenarios.LAIT, "years": 2.5, "growth_16_20_percent": 10.5},
        {"caseload_all": 26.1, "costed_on": 2, "whole_posts": False},
        {"lcw_cost_per_fte": 48_500.0, "additional_per_lcw_fte": 1_500.0, "inflation_percent": 2.5, "year_one_offsets": True},
        {"uasc_share_follows_cohort": True, "exit_at_21_percent": 12.5, "former_uasc": 80.0},
    ],
)
def test_query_round_trip(published: Scenario, changes: dict) -> None:
    scenario = replace(published, **changes)
    query = to_query(scenario, published)
    assert set(query) == set(changes)
    assert all(isinstance(v, str) for v in query.values())
    parsed = parse_query(query, published)
    assert parsed.scenario == scenario and parsed.ignored == ()


def test_query_text_is_short_and_readable(published: Scenario) -> None:
    scenario = replace(published, caseload_16_20=18.0, caseload_all=23.5, whole_posts=False, lcw_cost_per_fte=50_000.0)
    assert to_query(scenario, published) == {"caseload_16_20": "18", "caseload_all": "23.5", "whole_posts": "0", "lcw_cost_per_fte": "50000"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("years", "abc"),  # not a number
        ("years", "1.3"),  # not a whole quarter
        ("years", "nan"),
        ("years", "99"),  # beyond the end of the contract
        ("caseload_16_20", "-5"),
        ("caseload_16_20", "inf"),
        ("caseload_16_20", ""),
        ("caseload_all", "23.25"),  # off the 0.1 grid
        ("method", "magic"),
        ("method", "Corporate Performance (as published)"),  # the preset's name, not its method
        ("whole_posts", "maybe"),
        ("costed_on", "3"),
        ("costed_on", "1.0"),
        ("uasc_share_percent", "101"),
        ("lcw_cost_per_fte", "1e9"),
        ("not_an_assumption", "1"),
    ],
)
def test_garbage_in_the_query_falls_back_to_published_and_is_reported(published: Scenario, name: str, value: str) -> None:
    parsed = parse_query({name: value, "caseload_21_plus": "80"}, published)
    assert parsed.scenario == replace(published, caseload_21_plus=80.0)
    assert parsed.ignored == (f"{name}={value}",)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"whole_posts": "true"}, {"whole_posts": True}),
        ({"whole_posts": "False"}, {"whole_posts": False}),
        ({"years": " 2.5 "}, {"years": 2.5}),
        ({"caseload_16_20": ["18", "19"]}, {"caseload_16_20": 19.0}),  # a repeated parameter: the last one
        ({"method": scenarios.LAIT}, {"method": scenarios.LAIT}),
    ],
)
def test_query_values_people_might_type(published: Scenario, params: dict, expected: dict) -> None:
    assert from_query(params, published) == replace(published, **expected)


def _grid(spec: scenarios.FieldSpec) -> st.SearchStrategy:
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    steps = round((spec.maximum - spec.minimum) / spec.step)
    decimals = max(0, len(repr(spec.step).split(".")[1].rstrip("0")) if "." in repr(spec.step) else 0)
    return st.integers(0, steps).map(lambda k: round(spec.minimum + k * spec.step, decimals))


scenario_values = st.fixed_dictionaries({spec.name: _grid(spec) for spec in FIELDS})


@FAST
@given(values=scenario_values)
def test_any_scenario_round_trips_through_the_query(published: Scenario, values: dict) -> None:
    scenario = Scenario(**values)
    parsed = parse_query(to_query(scenario, published), published)
    assert parsed.scenario == scenario and parsed.ignored == ()


# --------------------------------------------------------------------------- properties


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=scenario_values, grown=st.sampled_from(GROWTH_FIELDS), steps=st.integers(1, 40))
def test_more_growth_never_means_fewer_workers(published: Scenario, evidence: Evidence, values: dict, grown: str, steps: int) -> None:
    base = Scenario(**values)
    spec = SPECS[grown]
    more = replace(base, **{grown: min(spec.maximum, getattr(base, grown) + steps * spec.step)})
    before, after = evaluate(base, evidence, runs=0), evaluate(more, evidence, runs=0)
    assert after.projected_total >= before.projected_total
    for scenario_no in (1, 2):
        assert after.lcw_total(scenario_no) >= before.lcw_total(scenario_no)
    assert after.costed_fte >= before.costed_fte


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=scenario_values, steps=st.integers(1, 100))
def test_a_higher_uasc_share_never_worsens_the_variance(published: Scenario, evidence: Evidence, values: dict, steps: int) -> None:
    base = replace(Scenario(**values), uasc_share_follows_cohort=False)
    spec = SPECS["uasc_share_percent"]
    more = replace(base, uasc_share_percent=min(spec.maximum, base.uasc_share_percent + steps * spec.step))
    before, after = evaluate(base, evidence, runs=0), evaluate(more, evidence, runs=0)
    for option in before.options["option"]:
        assert after.option(option)["variance"] >= before.option(option)["variance"]


# --------------------------------------------------------------------------- comparing and formatting


def test_comparison_of_named_scenarios(published: Scenario, evidence: Evidence, result: scenarios.ScenarioResult) -> None:
    other = evaluate(replace(published, caseload_16_20=18.0), evidence, runs=0)
    frame = scenarios.comparison({"Published": result, "A": other}).set_index("measure")
    assert frame.loc["Projected cohort", "Published"] == 1003
    assert frame.loc["LCWs needed, Scenario 1", "Published"] == 32.7
    assert frame.loc["LCWs needed, Scenario 1", "A"] == 35.7
    assert frame.loc["Option 1 Outsourced: variance to budget", "Published"] == -370_266
    assert frame.loc["Option 2 In-sourced: variance to budget", "Published"] == -236_477
    table = scenarios.assumptions_table({"Published": published, "A": other.scenario}, evidence).set_index("assumption")
    assert table.loc["Scenario 1: caseload per LCW, aged 16-20"].tolist() == ["20 per LCW", "18 per LCW"]
    assert table.loc["Horizon"].tolist() == ["Apr 2025 (1.5 years)", "Apr 2025 (1.5 years)"]
    assert len(table) == 3  # method, horizon and the one change


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (-370_266, "£", "−£370,266"),
        (1_441_743, "£", "£1,441,743"),
        (98_852.50, "£", "£98,853"),
        (32.7, "FTE", "32.7 FTE"),
        (33, "FTE", "33.0 FTE"),
        (1003, "care leavers", "1,003"),
        (25.99, "%", "26.0%"),
    ],
)
def test_formatting(value: float, unit: str, text: str) -> None:
    assert scenarios.format_measure(value, unit) == text


@pytest.mark.parametrize(("value", "text"), [(7.158, "+7.1%"), (59.29, "+59.2%"), (-3.27, "−3.2%"), (0.0, "+0.0%")])
def test_changes_are_cut_to_one_decimal_as_table_6_prints_them(value: float, text: str) -> None:
    # Table 6: 1,003 / 936 = +7.16% printed +7.1%; 1,491 / 936 = +59.29% printed +59.2%.
    assert scenarios.truncated_percent(value) == text


# --------------------------------------------------------------------------- the headline figures


def test_lcws_needed_is_table_12s_need_and_the_options_cost_whole_posts(result: scenarios.ScenarioResult) -> None:
    # Table 12: Scenario 1 needs 32.7 FTE by Apr-25; 5.2.1 costs the options on 33.0 FTE. The Briefing
    # and the Scenarios page both write the need from scenarios.lcws_needed.
    assert scenarios.lcws_needed(result) == 32.7
    assert scenarios.lcws_costed_note(result) == "costed as 33.0 FTE of whole posts"
    assert scenarios.fte(scenarios.lcws_needed(result)) == "32.7 FTE"


def test_options_are_named_as_the_pack_names_them_and_say_how_they_are_delivered(result: scenarios.ScenarioResult) -> None:
    # Table 16's column heads: Option 1 Outsourced, Option 2 In-sourced.
    assert [scenarios.option_name(result, o) for o in ("outsourced", "insourced")] == ["Option 1 Outsourced", "Option 2 In-sourced"]
    relabelled = replace(result, options=result.options.assign(label=["Option A", "Option B"]))
    assert [scenarios.option_name(relabelled, o) for o in ("outsourced", "insourced")] == ["Option A (outsourced)", "Option B (in-sourced)"]


def test_the_cost_of_one_lcw_prices_only_lcws_beyond_the_published_costs(published: Scenario, evidence: Evidence) -> None:
    same = scenarios.lcw_pricing(evaluate(replace(published, lcw_cost_per_fte=52_000.0), evidence, runs=0))
    assert (same.costed_fte, same.published_fte, same.extra_fte, same.extra_cost) == (33.0, 33.0, 0.0, 0.0)
    assert "(£52,000) changes nothing here" in same.sentence
    # Caseload 18 for 16-20s: 36 whole posts, 3 more than the 33.0 FTE in Table 16's costs, at £52,000 each.
    more = scenarios.lcw_pricing(evaluate(replace(published, lcw_cost_per_fte=52_000.0, caseload_16_20=18.0), evidence, runs=0))
    assert (more.extra_fte, more.extra_cost) == (3.0, 156_000.0)
    assert "adds £156,000 a year to each option" in more.sentence


@pytest.mark.parametrize(
    ("text", "value"), [("52000", 52_000.0), ("52,000", 52_000.0), ("£52,000", 52_000.0), (" £ 120,000 ", 120_000.0)],
)
def test_money_is_read_as_people_type_it(text: str, value: float) -> None:
    assert SPECS["lcw_cost_per_fte"].parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [("52,00", "not an amount in whole pounds"), ("£52000.50", "not an amount"), ("fifty", "not an amount"),
     ("£200,000", "outside £20,000 to £120,000"), ("£52,250", "not a multiple of £500")],
)
def test_money_that_is_not_an_amount_in_range_is_refused_plainly(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SPECS["lcw_cost_per_fte"].parse_amount(text)


def test_the_evidence_uses_the_packs_projection_bands(evidence: Evidence, result: scenarios.ScenarioResult) -> None:
    # The reference pack's [projections]: Table 6's bands, Table 12's groups split at 21.
    assert evidence.bands.labels == ("16-17", "18-20", "21+")
    assert result.bands == evidence.bands
    assert list(result.cohort["band"]) == ["16-17", "18-20", "21+", "Total"]
    assert SPECS["caseload_21_plus"].title(evidence.bands) == "Scenario 1: caseload per LCW, aged 21+"
