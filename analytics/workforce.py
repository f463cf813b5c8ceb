"""Leaving Care Workers (LCWs) needed for a cohort, and today's caseloads (the pack's
``lcw_scenarios``, ``caseload_benchmarks`` and ``caseload_current``).

An LCW table divides each part of the cohort by a caseload per LCW. Scenario 1 allocates 16-20 year
olds and 21+ at their own caseloads (the DfE New Burdens assessment allows a far larger one at 21+);
Scenario 2 allocates everyone at one caseload, such as the mean of benchmarked authorities' upper
caseloads. Published tables round each part and the total to one decimal, half up.

Worked example (Scenario 1): 469 aged 16-20 at 20 per LCW is 23.45 FTE, shown as 23.5; 467 aged
21+ at 75 is 6.2267, shown as 6.2; the total is 23.45 + 6.2267 = 29.68, shown as 29.7::
    >>> result = lcw_required({"16-20": 469, "21+": 467}, {"16-20": 20, "21+": 75})
    >>> dict(result.fte_rounded), result.total_rounded
    ({'16-20': 23.5, '21+': 6.2}, 29.7)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

TOTAL = "Total"


def _decimal(x: float | int | Decimal) -> Decimal:
    # A float is read by its shortest repr, so 469 / 20 counts as the 23.45 a spreadsheet shows, not
    # the binary 23.4499999… that makes Python's round(23.45, 1) give 23.4.
    return x if isinstance(x, Decimal) else Decimal(repr(x))


def round_half_up(x: float | int | Decimal, places: int = 1) -> float:
    """Round as a spreadsheet does: round_half_up(23.45, 1) is 23.5 where round(23.45, 1) is 23.4."""
    return float(_decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class WorkforceResult:
    """LCW FTE needed per group. ``fte`` and ``total_fte`` are unrounded; ``fte_rounded`` and
    ``total_rounded`` are for display, the total rounded from the unrounded sum as published tables do."""

    cohort: Mapping[str, float]
    caseloads: Mapping[str, float]
    fte: Mapping[str, float]
    total_fte: float
    fte_rounded: Mapping[str, float]
    total_rounded: float

    def as_frame(self) -> pd.DataFrame:
        """One row per group then a Total row. Columns: group, cohort, percent_of_cohort,
        caseload_per_fte (NaN on the Total row), fte, fte_rounded."""
        whole = sum(self.cohort.values())
        rows = [
            {
                "group": group, "cohort": float(count), "percent_of_cohort": 100.0 * count / whole if whole else 0.0,
                "caseload_per_fte": float(self.caseloads[group]), "fte": self.fte[group], "fte_rounded": self.fte_rounded[group],
            }
            for group, count in self.cohort.items()
        ]
        rows.append({
            "group": TOTAL, "cohort": float(whole), "percent_of_cohort": 100.0, "caseload_per_fte": float("nan"),
            "fte": self.total_fte, "fte_rounded": self.total_rounded,
        })
        return pd.DataFrame(rows)


def lcw_required(cohort: Mapping[str, float], caseloads: Mapping[str, float], *, places: int = 1) -> WorkforceResult:
    """Group → FTE = cohort ÷ caseload per LCW, and the total. Every group needs a positive caseload."""
    missing = set(cohort) - set(caseloads)
    if missing:
        raise KeyError(f"no caseload for {sorted(missing)}")
    if any(caseloads[group] <= 0 for group in cohort):
        raise ValueError("caseloads must be positive")
    exact = {group: _decimal(count) / _decimal(caseloads[group]) for group, count in cohort.items()}
    total = sum(exact.values(), Decimal(0))
    return WorkforceResult(
        cohort=dict(cohort),
        caseloads={group: caseloads[group] for group in cohort},
        fte={group: float(value) for group, value in exact.items()},
        total_fte=float(total),
        fte_rounded={group: round_half_up(value, places) for group, value in exact.items()},
        total_rounded=round_half_up(total, places),
    )


def benchmark_average(caseload_highs: Sequence[float]) -> float:
    """Mean caseload per LCW across benchmarked authorities, each at the top of its range
    (22, 26, 22, 22, 24 → 116 / 5 = 23.2)."""
    if not caseload_highs:
        raise ValueError("no caseloads to average")
    return float(sum(_decimal(c) for c in caseload_highs) / len(caseload_highs))


@dataclass(frozen=True)
class CurrentPosition:
    """Today's LCW caseloads (section 4.5).

    ``average_caseload`` is the sum of the per-band averages; ``allocated_21_plus`` the 21+
    care leavers those averages imply are allocated; ``caseload_if_all_21_allocated`` the caseload if
    every 21+ care leaver were allocated across the same LCWs; ``increase_percent`` the rise."""

    lcw_fte: float
    average_caseload: float
    allocated_21_plus: float
    caseload_if_all_21_allocated: float

    @property
    def increase_percent(self) -> float:
        return 100.0 * (self.caseload_if_all_21_allocated / self.average_caseload - 1.0)


def current_position(lcw_fte: float, caseload_averages: Mapping[str, float], cohort_older: float, *, older: Collection[str]) -> CurrentPosition:
    """Today's caseloads from the pack's ``caseload_current`` averages (by age band), its LCWs in
    post and its cohort in the ``older`` bands (those few of whom are allocated, 21+ in most packs).
    Worked example: averages of 6, 10 and 2 per LCW are 18 in all; across 20 LCWs the 2 mean 40 older
    care leavers allocated, and allocating all 100 would make it 6 + 10 + 100 / 20 = 21 per LCW::

        >>> position = current_position(20, {"16-17": 6, "18-20": 10, "21+": 2}, 100, older=("21+",))
        >>> position.average_caseload, position.allocated_21_plus, position.caseload_if_all_21_allocated
        (18, 40, 21.0)
    """
    if lcw_fte <= 0:
        raise ValueError("lcw_fte must be positive")
    average = sum(caseload_averages.values())
    older_average = sum(caseload_averages.get(band, 0.0) for band in older)
    return CurrentPosition(
        lcw_fte=lcw_fte,
        average_caseload=average,
        allocated_21_plus=older_average * lcw_fte,
        caseload_if_all_21_allocated=average - older_average + cohort_older / lcw_fte,
    )
