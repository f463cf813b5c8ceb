"""Option costs against the budget (Tables 14-16), the derived UASC-specific costs and sensitivities."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics.budget import (
    BudgetInputs,
    CostAssumptions,
    OptionInputs,
    Sensitivities,
    apply_sensitivities,
    budget_overview,
    budget_variance,
    contract_inflation,
    contract_value,
    option_cost_from_staffing,
    option_total,
    restaff,
    solve_other_staffing,
    solve_specific_costs,
    uasc_contribution,
    waterfall,
)

# The reference pack's transcription of the Commissioning Plan.
SOURCES = Path(__file__).resolve().parent.parent / "config" / "authorities" / "lincolnshire"

# Commissioning Plan 6 Table 16.
BASE_BUDGET, S31_PA, CONTRACT_PRESSURES, TOTAL_BUDGET = 1_218_932, 117_811, 105_000, 1_441_743
OPTION_1_COST, OPTION_2_COST = 2_678_930, 2_538_675
OPTION_1_UASC, OPTION_2_UASC = 866_921, 860_455
OPTION_1_VARIANCE, OPTION_2_VARIANCE = -370_266, -236_477
# Sections 5.2.1 and 5.2.2, Tables 14 and 15.
OPTION_1_STAFFING, OPTION_1_ADDITIONAL = 2_322_637, 356_293.50
OPTION_2_STAFFING, OPTION_2_ADDITIONAL = 2_437_103, 101_572
# Derived from Table 16: contribution − 30% × cost.
OPTION_1_SPECIFIC, OPTION_2_SPECIFIC = 63_242, 98_852.50
# Both options were costed with 33.0 FTE LCWs (5.2.1, 5.2.2); £45,000 per LCW is the pack's
# illustrative, unpublished cost (reference figure lcw_cost_per_fte).
COSTS = CostAssumptions(lcw_cost_per_fte=45_000.0, published_lcw_fte=33.0)


def published_inputs() -> BudgetInputs:
    return BudgetInputs(
        BASE_BUDGET, S31_PA, CONTRACT_PRESSURES,
        (
            OptionInputs("outsourced", OPTION_1_STAFFING, OPTION_1_ADDITIONAL, OPTION_1_SPECIFIC),
            OptionInputs("insourced", OPTION_2_STAFFING, OPTION_2_ADDITIONAL, OPTION_2_SPECIFIC),
        ),
    )


def test_total_budget() -> None:
    # Table 16: 1,218,932 + 117,811 + 105,000 = 1,441,743.
    assert published_inputs().total_budget == TOTAL_BUDGET


def test_option_totals_drop_the_pence() -> None:
    # Section 5.2.1 + Table 14: 2,322,637 + 356,293.50 = 2,678,930.50, published as £2,678,930.
    assert OPTION_1_STAFFING + OPTION_1_ADDITIONAL == 2_678_930.50
    assert option_total(OPTION_1_STAFFING, OPTION_1_ADDITIONAL) == OPTION_1_COST
    # Section 5.2.2 + Table 15: 2,437,103 + 101,572 = 2,538,675.
    assert option_total(OPTION_2_STAFFING, OPTION_2_ADDITIONAL) == OPTION_2_COST


def test_specific_costs_are_solved_from_published_contributions() -> None:
    # 866,921 − 0.3 × 2,678,930 = 866,921 − 803,679 = 63,242.
    assert solve_specific_costs(OPTION_1_UASC, OPTION_1_COST, 0.3) == 63_242
    # 860,455 − 0.3 × 2,538,675 = 860,455 − 761,602.50 = 98,852.50.
    assert solve_specific_costs(OPTION_2_UASC, OPTION_2_COST, 0.3) == 98_852.50


def test_uasc_contributions() -> None:
    # Table 16: "UASC Contribution @30% + specific costs".
    assert uasc_contribution(OPTION_1_COST, 0.3, OPTION_1_SPECIFIC) == OPTION_1_UASC
    assert uasc_contribution(OPTION_2_COST, 0.3, OPTION_2_SPECIFIC) == OPTION_2_UASC


def test_budget_variance_reproduces_table_16() -> None:
    # Table 16: variance to budget once UASC contribution added.
    assert budget_variance(OPTION_1_COST, TOTAL_BUDGET, 0.3, OPTION_1_SPECIFIC) == OPTION_1_VARIANCE
    assert budget_variance(OPTION_2_COST, TOTAL_BUDGET, 0.3, OPTION_2_SPECIFIC) == OPTION_2_VARIANCE


def test_budget_overview_reproduces_table_16() -> None:
    overview = budget_overview(published_inputs(), 0.3)
    assert overview.total_budget == TOTAL_BUDGET
    outsourced, insourced = overview.options["outsourced"], overview.options["insourced"]
    assert (outsourced.cost, outsourced.uasc_contribution, outsourced.variance) == (OPTION_1_COST, OPTION_1_UASC, OPTION_1_VARIANCE)
    assert (insourced.cost, insourced.uasc_contribution, insourced.variance) == (OPTION_2_COST, OPTION_2_UASC, OPTION_2_VARIANCE)
    comparison = overview.compare()
    # Table 16: variance to cost option 1 compared to 2, −£140,255 (section 6: "c.£140,255 cheaper ... to insource").
    assert comparison.cost == -140_255
    # Table 16: variance to budget option 1 compared to 2, −£133,789.
    assert comparison.variance == -133_789


def test_overview_frame() -> None:
    frame = budget_overview(published_inputs(), 0.3).as_frame()
    assert list(frame.columns) == ["item", "option", "amount"]
    amount = {(row.item, row.option): row.amount for row in frame.itertuples()}
    assert amount[("total_budget", "")] == TOTAL_BUDGET
    assert amount[("variance", "insourced")] == OPTION_2_VARIANCE


def test_inputs_from_transcribed_budget_lines() -> None:
    lines = pd.read_csv(SOURCES / "budget_lines.csv")
    assert BudgetInputs.from_lines(lines) == published_inputs()
    overview = budget_overview(BudgetInputs.from_lines(lines), 0.3)
    published = {(row.line_id, "" if pd.isna(row.option) else row.option): row.amount for row in lines.itertuples()}
    for option in ("outsourced", "insourced"):
        result = overview.options[option]
        assert result.cost == published[("option_cost", option)]
        assert result.uasc_contribution == published[("uasc_contribution", option)]
        assert result.variance == published[("variance", option)]
    assert overview.compare().variance == published[("variance_difference", "")]
    assert overview.compare().cost == published[("option_cost_difference", "")]


def test_waterfall() -> None:
    overview = budget_overview(published_inputs(), 0.3)
    frame = waterfall(overview.total_budget, overview.options["outsourced"])
    assert list(frame.columns) == ["step", "measure", "amount", "running"]
    assert list(frame["measure"]) == ["absolute", "relative", "relative", "total"]
    assert list(frame["amount"]) == [TOTAL_BUDGET, OPTION_1_UASC, -OPTION_1_COST, OPTION_1_VARIANCE]
    assert frame["amount"].iloc[:3].sum() == frame["running"].iloc[-1] == OPTION_1_VARIANCE


def test_contract_inflation_and_value() -> None:
    # Section 5.2.1: "For every 1% increase this would equate to £26,789" (0.01 × 2,678,930 = 26,789.30).
    assert contract_inflation(OPTION_1_COST, 1) == 26_789.30
    assert round(contract_inflation(OPTION_1_COST, 1)) == 26_789
    # Section 5.2.1: contract value over 5 years c.£13.39m (5 × 2,678,930 = 13,394,650).
    assert contract_value(OPTION_1_COST) == 13_394_650
    assert round(contract_value(OPTION_1_COST) / 1e6, 2) == 13.39


def test_year_one_offsets_for_the_insourced_option() -> None:
    # Section 6: £151,219 reserves and c.£99,000 office saving reduce the year-one pressure "by up to £250,000".
    result = apply_sensitivities(OPTION_2_COST, TOTAL_BUDGET, 0.3, OPTION_2_SPECIFIC, Sensitivities(reserves_offset=151_219, office_saving=99_000))
    assert result.offsets == 250_219
    assert result.base_variance == OPTION_2_VARIANCE
    assert result.variance == -236_477 + 250_219


def test_cost_sensitivities_flow_through_the_uasc_share() -> None:
    # Section 5.2.2: one spinal column point c.£66,000; 30% of it is met from the UASC budget.
    pay = apply_sensitivities(OPTION_2_COST, TOTAL_BUDGET, 0.3, OPTION_2_SPECIFIC, Sensitivities(spinal_points=1, spinal_point_cost=66_000))
    assert pay.pay_points == 66_000
    assert pay.variance == OPTION_2_VARIANCE - 0.7 * 66_000
    inflation = apply_sensitivities(OPTION_1_COST, TOTAL_BUDGET, 0.3, OPTION_1_SPECIFIC, Sensitivities(inflation_percent=1))
    assert inflation.inflation == 26_789.30
    assert inflation.variance == pytest.approx(OPTION_1_VARIANCE - 0.7 * 26_789.30, abs=0.01)
    unchanged = apply_sensitivities(OPTION_1_COST, TOTAL_BUDGET, 0.3, OPTION_1_SPECIFIC, Sensitivities())
    assert unchanged.variance == unchanged.base_variance == OPTION_1_VARIANCE


def test_cost_from_staffing_reproduces_published_staffing_at_33_fte() -> None:
    per_fte = COSTS.lcw_cost_per_fte
    # Sections 5.2.1 and 5.2.2: both options costed with 33.0 FTE LCWs.
    other_1 = solve_other_staffing(OPTION_1_STAFFING, 33.0, per_fte)
    other_2 = solve_other_staffing(OPTION_2_STAFFING, 33.0, per_fte)
    assert (other_1, other_2) == (2_322_637 - 33 * 45_000, 2_437_103 - 33 * 45_000)
    outsourced = option_cost_from_staffing(33.0, per_fte, other_1, OPTION_1_ADDITIONAL)
    assert (outsourced.staffing, outsourced.total) == (OPTION_1_STAFFING, OPTION_1_COST)
    insourced = option_cost_from_staffing(33.0, per_fte, other_2, OPTION_2_ADDITIONAL)
    assert (insourced.staffing, insourced.total) == (OPTION_2_STAFFING, OPTION_2_COST)
    # Table 15's £1,500 per FTE, with the fixed part solved the same way, still gives £101,572 at 33.0 FTE.
    per_lcw = option_cost_from_staffing(33.0, per_fte, other_2, OPTION_2_ADDITIONAL - 33 * 1_500, additional_per_lcw_fte=1_500)
    assert per_lcw.additional_costs == OPTION_2_ADDITIONAL


def test_restaff() -> None:
    inputs = published_inputs()
    for option in inputs.options:
        assert restaff(option, 33.0, COSTS) == option
        assert restaff(option, 33.0, replace(COSTS, additional_per_lcw_fte=1_500)) == option
    outsourced = restaff(inputs.options[0], 34.0, COSTS)
    assert option_total(outsourced.staffing, outsourced.additional_costs) == OPTION_1_COST + 45_000
    with_travel = restaff(inputs.options[1], 34.0, replace(COSTS, additional_per_lcw_fte=1_500))
    assert with_travel.additional_costs == OPTION_2_ADDITIONAL + 1_500
    # Table 12 Scenario 1, Apr-25: 32.7 LCWs rather than the 33.0 costed.
    fewer = budget_overview(replace(inputs, options=tuple(restaff(o, 32.7, COSTS) for o in inputs.options)), 0.3)
    assert fewer.options["outsourced"].variance == pytest.approx(OPTION_1_VARIANCE + 0.7 * 0.3 * 45_000, abs=1)


def test_higher_uasc_share_never_worsens_the_variance() -> None:
    rng = random.Random(2024)
    shares = [i / 20 for i in range(21)]
    for _ in range(100):
        cost = round(rng.uniform(0, 5_000_000), 2)
        budget = round(rng.uniform(0, 3_000_000), 2)
        specific = round(rng.uniform(0, 200_000), 2)
        variances = [budget_variance(cost, budget, share, specific) for share in shares]
        assert variances == sorted(variances)


def test_more_lcws_never_improve_the_variance() -> None:
    inputs = published_inputs()
    ftes = [26.6 + i / 2 for i in range(30)]
    for option in inputs.options:
        variances = [budget_variance(restaff(option, fte, COSTS).cost, inputs.total_budget, 0.3, option.uasc_specific_costs) for fte in ftes]
        assert variances == sorted(variances, reverse=True)
