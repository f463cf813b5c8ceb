"""The cost of each delivery option against the budget (the pack's ``budget_lines``: its budget
lines, each option's staffing, additional costs, cost, UASC contribution and variance as published).

The published budget table adds the base budget, the S31 PA contribution and the contract-pressures
funding into a total budget, then for each option adds a UASC contribution (a share of the option's
cost plus costs specific to former UASC, met from the Home Office UASC budget) and takes off the
option's cost::

    variance = total budget + (UASC share × option cost + UASC-specific costs) − option cost

A shortfall is negative. Money is worked in ``Decimal`` to the penny, so results are exact to the
pound.

Two things are derived, not published:

- the UASC-specific costs, solved from the published contributions (:func:`solve_specific_costs`):
  a contribution of 270,000 on a cost of 1,000,000 at 25% leaves 20,000 of specific costs;
- the split of staffing into LCWs and other posts (:func:`option_cost_from_staffing`,
  :func:`restaff`, with an illustrative cost per LCW in :class:`CostAssumptions`), so that a
  different LCW count from the workforce step changes the cost.

Worked example: a total budget of 700,000, an option costing 1,000,000, a 25% UASC share and
20,000 of specific costs: 700,000 + (0.25 × 1,000,000 + 20,000) − 1,000,000 = −30,000::

    >>> budget_variance(1000000, 700000, 0.25, 20000)
    -30000.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

PENNY = Decimal("0.01")
POUND = Decimal("1")
OPTIONS = ("outsourced", "insourced")

Money = float | int | Decimal


def _decimal(x: Money) -> Decimal:
    # Floats are read by their shortest repr (0.3 is 0.3, not 0.299999…), so pence come out exact.
    return x if isinstance(x, Decimal) else Decimal(repr(x))


def _pennies(x: Decimal) -> Decimal:
    return x.quantize(PENNY, rounding=ROUND_HALF_UP)


def uasc_contribution(option_cost: Money, uasc_share: Money, uasc_specific_costs: Money) -> float:
    """UASC share × option cost + UASC-specific costs, to the penny."""
    return float(_pennies(_decimal(uasc_share) * _decimal(option_cost) + _decimal(uasc_specific_costs)))


def budget_variance(option_cost: Money, total_budget: Money, uasc_share: Money, uasc_specific_costs: Money) -> float:
    """Total budget + UASC contribution − option cost, to the penny; negative is a shortfall."""
    contribution = _pennies(_decimal(uasc_share) * _decimal(option_cost) + _decimal(uasc_specific_costs))
    return float(_pennies(_decimal(total_budget) + contribution - _decimal(option_cost)))


def solve_specific_costs(contribution: Money, option_cost: Money, share: Money) -> float:
    """The UASC-specific costs a published contribution implies: contribution − share × cost, e.g.
    270,000 − 0.25 × 1,000,000 = 20,000."""
    return float(_pennies(_decimal(contribution) - _decimal(share) * _decimal(option_cost)))


def option_total(staffing: Money, additional_costs: Money) -> float:
    """An option's cost in whole pounds, pence dropped as published budget tables do: staffing of
    £900,000 and additional costs of £100,000.50 make £1,000,000 (half-up would give …001)."""
    return float((_decimal(staffing) + _decimal(additional_costs)).quantize(POUND, rounding=ROUND_DOWN))


def contract_inflation(option_cost: Money, percent: Money) -> float:
    """Annual uplift for a contract inflation of ``percent``: 1% of £1,234,567 is £12,345.67."""
    return float(_pennies(_decimal(option_cost) * _decimal(percent) / 100))


def contract_value(option_cost: Money, years: int = 5) -> float:
    """Value over the contract: 5 × £1,000,000 = £5,000,000."""
    return float(_decimal(option_cost) * years)


@dataclass(frozen=True)
class OptionInputs:
    """One delivery option: staffing and additional costs (the pack's budget_lines)
    and the UASC-specific costs met from the UASC budget."""

    name: str
    staffing: float
    additional_costs: float
    uasc_specific_costs: float

    @property
    def cost(self) -> float:
        return option_total(self.staffing, self.additional_costs)


@dataclass(frozen=True)
class BudgetInputs:
    """The published budget lines and the options to cost against them."""

    base_budget: float
    s31_pa_contribution: float
    contract_pressures_funding: float
    options: tuple[OptionInputs, ...]

    @property
    def total_budget(self) -> float:
        return float(_decimal(self.base_budget) + _decimal(self.s31_pa_contribution) + _decimal(self.contract_pressures_funding))

    @classmethod
    def from_lines(cls, lines: pd.DataFrame) -> BudgetInputs:
        """From the ``budget_lines`` table (columns line_id, option, amount): the budget lines, and
        for each of outsourced and insourced its staffing, additional_costs and uasc_specific_costs."""
        amount = {(str(row.line_id), "" if pd.isna(row.option) else str(row.option)): float(row.amount) for row in lines.itertuples()}
        return cls(
            base_budget=amount[("base_budget", "")],
            s31_pa_contribution=amount[("s31_pa_contribution", "")],
            contract_pressures_funding=amount[("contract_pressures_funding", "")],
            options=tuple(
                OptionInputs(name, amount[("staffing", name)], amount[("additional_costs", name)], amount[("uasc_specific_costs", name)])
                for name in OPTIONS
            ),
        )


@dataclass(frozen=True)
class OptionResult:
    name: str
    staffing: float
    additional_costs: float
    cost: float
    uasc_contribution: float
    variance: float


@dataclass(frozen=True)
class Comparison:
    """The published "option 1 compared to 2": ``cost`` is the second option's cost less the first's and
    ``variance`` the first's variance less the second's, so both are negative when the first option
    is the worse."""

    cost: float
    variance: float


@dataclass(frozen=True)
class BudgetOverview:
    """The published budget table rebuilt: the budget, then each option's cost, UASC contribution and variance."""

    base_budget: float
    s31_pa_contribution: float
    contract_pressures_funding: float
    total_budget: float
    uasc_share: float
    options: Mapping[str, OptionResult]

    def compare(self, first: str = "outsourced", second: str = "insourced") -> Comparison:
        a, b = self.options[first], self.options[second]
        return Comparison(
            cost=float(_decimal(b.cost) - _decimal(a.cost)),
            variance=float(_decimal(a.variance) - _decimal(b.variance)),
        )

    def as_frame(self) -> pd.DataFrame:
        """The budget table in long form. Columns: item (base_budget, s31_pa_contribution,
        contract_pressures_funding, total_budget, staffing, additional_costs, option_cost,
        uasc_contribution, variance), option ("" for budget lines), amount (£)."""
        rows = [
            {"item": item, "option": "", "amount": getattr(self, item)}
            for item in ("base_budget", "s31_pa_contribution", "contract_pressures_funding", "total_budget")
        ]
        for result in self.options.values():
            rows += [
                {"item": "staffing", "option": result.name, "amount": result.staffing},
                {"item": "additional_costs", "option": result.name, "amount": result.additional_costs},
                {"item": "option_cost", "option": result.name, "amount": result.cost},
                {"item": "uasc_contribution", "option": result.name, "amount": result.uasc_contribution},
                {"item": "variance", "option": result.name, "amount": result.variance},
            ]
        return pd.DataFrame(rows)


def budget_overview(inputs: BudgetInputs, uasc_share: float) -> BudgetOverview:
    """Each option against the total budget. ``uasc_share`` is the share of an option's cost met by
    the UASC budget (the pack's [costs] uasc_contribution)."""
    total = inputs.total_budget
    options = {
        option.name: OptionResult(
            name=option.name,
            staffing=option.staffing,
            additional_costs=option.additional_costs,
            cost=option.cost,
            uasc_contribution=uasc_contribution(option.cost, uasc_share, option.uasc_specific_costs),
            variance=budget_variance(option.cost, total, uasc_share, option.uasc_specific_costs),
        )
        for option in inputs.options
    }
    return BudgetOverview(inputs.base_budget, inputs.s31_pa_contribution, inputs.contract_pressures_funding, total, uasc_share, options)


def waterfall(total_budget: float, option: OptionResult) -> pd.DataFrame:
    """Budget → + UASC contribution → − option cost → variance, ready for a Plotly waterfall.

    Columns: step (label), measure ("absolute", "relative" or "total", as ``go.Waterfall`` takes
    them), amount (signed £), running (£ after the step)."""
    steps = [
        ("Total budget", "absolute", total_budget),
        ("UASC contribution", "relative", option.uasc_contribution),
        ("Option cost", "relative", -option.cost),
    ]
    frame = pd.DataFrame(steps, columns=["step", "measure", "amount"])
    frame["running"] = frame["amount"].cumsum()
    variance = pd.DataFrame([{"step": "Variance", "measure": "total", "amount": option.variance, "running": option.variance}])
    return pd.concat([frame, variance], ignore_index=True)


@dataclass(frozen=True)
class CostAssumptions:
    """How an option's cost moves with the number of LCWs, from the pack's reference figures:
    ``lcw_cost_per_fte`` a fully on-costed LCW (``lcw_cost_per_fte``) and ``published_lcw_fte`` the
    FTE the options were costed with (``recommended_lcw_fte``)."""

    lcw_cost_per_fte: float
    published_lcw_fte: float
    # Additional costs that scale with LCWs (e.g. travel and IT per FTE when insourced); 0 keeps
    # each option's published additional costs fixed.
    additional_per_lcw_fte: float = 0.0


def solve_other_staffing(published_staffing: Money, lcw_fte: Money, lcw_cost_per_fte: Money) -> float:
    """Staffing that is not LCWs, so that ``lcw_fte`` LCWs reproduce a published staffing total:
    published − FTE × cost per FTE, e.g. 1,000,000 − 16 × 45,000 = 280,000."""
    return float(_pennies(_decimal(published_staffing) - _decimal(lcw_fte) * _decimal(lcw_cost_per_fte)))


@dataclass(frozen=True)
class OptionCost:
    staffing: float
    additional_costs: float
    total: float


def option_cost_from_staffing(
    lcw_fte: Money, lcw_cost_per_fte: Money, other_staffing: Money, additional_costs: Money, *, additional_per_lcw_fte: Money = 0
) -> OptionCost:
    """Option cost built up from staffing: LCWs × cost per FTE + other staffing, plus additional
    costs (a fixed sum and, optionally, a sum per LCW such as £1,500 per FTE for travel
    and IT). With ``other_staffing`` from :func:`solve_other_staffing` and the published 33.0 FTE it
    gives the published staffing and option totals."""
    staffing = _pennies(_decimal(lcw_fte) * _decimal(lcw_cost_per_fte) + _decimal(other_staffing))
    additional = _pennies(_decimal(additional_costs) + _decimal(additional_per_lcw_fte) * _decimal(lcw_fte))
    return OptionCost(staffing=float(staffing), additional_costs=float(additional), total=option_total(staffing, additional))


@dataclass(frozen=True)
class Sensitivities:
    """What-ifs on one option, all £ a year unless said: contract inflation, pay points (a spinal
    column point for all staff at ``spinal_point_cost``), and year-one offsets such as the authority's
    reserves and an office saving (its reference figures ``reserves_offset`` and
    ``office_saving_insourced``)."""

    inflation_percent: float = 0.0
    spinal_points: int = 0
    spinal_point_cost: float = 0.0
    reserves_offset: float = 0.0
    office_saving: float = 0.0


@dataclass(frozen=True)
class SensitivityResult:
    """``cost`` includes inflation and pay points, so the UASC contribution rises with it; the
    reserves and office saving then offset the pressure directly, as section 6 adds them up."""

    base_variance: float
    inflation: float
    pay_points: float
    cost: float
    uasc_contribution: float
    offsets: float
    variance: float


def apply_sensitivities(
    option_cost: Money, total_budget: Money, uasc_share: Money, uasc_specific_costs: Money, sensitivities: Sensitivities
) -> SensitivityResult:
    """An option in year one with its offsets: a variance of −100,000 with 60,000 of reserves and a
    30,000 office saving is −100,000 + 60,000 + 30,000 = −10,000."""
    inflation = _decimal(contract_inflation(option_cost, sensitivities.inflation_percent))
    pay = _decimal(sensitivities.spinal_points) * _decimal(sensitivities.spinal_point_cost)
    cost = _decimal(option_cost) + inflation + pay
    offsets = _decimal(sensitivities.reserves_offset) + _decimal(sensitivities.office_saving)
    return SensitivityResult(
        base_variance=budget_variance(option_cost, total_budget, uasc_share, uasc_specific_costs),
        inflation=float(inflation),
        pay_points=float(pay),
        cost=float(cost),
        uasc_contribution=uasc_contribution(cost, uasc_share, uasc_specific_costs),
        offsets=float(offsets),
        variance=float(_pennies(_decimal(budget_variance(cost, total_budget, uasc_share, uasc_specific_costs)) + offsets)),
    )


def restaff(option: OptionInputs, lcw_fte: Money, assumptions: CostAssumptions) -> OptionInputs:
    """``option`` re-costed for ``lcw_fte`` LCWs: the non-LCW staffing and fixed additional costs are
    solved so that the published FTE gives back the published figures, then the LCWs are priced at
    ``lcw_cost_per_fte``: one more LCW at £40,000 costs £40,000 more. A cost per LCW (or per-LCW
    extra) so high that the published LCWs alone would cost more than the published staffing (or
    additional costs) leaves nothing for the rest, never less than nothing: an option never costs
    less than zero."""
    other = max(0.0, solve_other_staffing(option.staffing, assumptions.published_lcw_fte, assumptions.lcw_cost_per_fte))
    fixed_additional = max(
        Decimal(0), _decimal(option.additional_costs) - _decimal(assumptions.additional_per_lcw_fte) * _decimal(assumptions.published_lcw_fte)
    )
    cost = option_cost_from_staffing(
        lcw_fte, assumptions.lcw_cost_per_fte, other, fixed_additional, additional_per_lcw_fte=assumptions.additional_per_lcw_fte
    )
    return replace(option, staffing=cost.staffing, additional_costs=cost.additional_costs)
