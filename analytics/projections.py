"""Care leaver projections by age band: the two methods a commissioning plan's projection table
uses, on the inputs of the authority's pack (``projections_published``, ``projection_assumptions``).

- **Corporate Performance**: "forward modelling" of the actual cohort. :func:`cohort_forward_projection`
  rebuilds it as a cohort-component model (single years of age, quarterly steps) from the pack's
  start by single year of age, former-UASC share by age and yearly flows (:class:`CohortParams`);
  :func:`simulate_forward` puts an uncertainty band around it.
- **LAIT**: previous annual growth percentages calculated forward, one rate for former UASC, one for
  the younger care leavers and one for the older (:class:`LaitAssumptions`, :func:`lait_preset`).

The bands a projection reports and the age its two rate groups split at are the pack's
(:class:`ProjectionBands`, from ``[projections]`` or its ``[[age_bands]]``).
  :func:`lait_years_to_reach` and :func:`published_column_check` test whether a published column
  follows from the rates it states and adds up.

Worked example (the LAIT method for one band): 469 care leavers aged 16-20 growing at 21% a year
for 1.5 years become 469 × 1.21^1.5 = 624.2::

    >>> round(growth_rate_projection({"16-20": 469}, {"16-20": 0.21}, 1.5)["16-20"], 1)
    624.2
    >>> start = {age: 10.0 for age in range(16, 26)}
    >>> flows = CohortParams(arrivals_at_16=10, late_entrants=0, late_entrant_share_aged_17=0, former_uasc=0,
    ...                      former_uasc_share_aged_17=0, exit_at_21_share=0)
    >>> result = cohort_forward_projection(flows, start=start, start_former_uasc_share={}, start_date=dt.date(2024, 4, 1), years=1)
    >>> round(result.total)  # ten join at 16 and ten leave at 26 in a year
    100
    >>> {band: round(n) for band, n in result.bands.items()}
    {'16-17': 20, '18-20': 30, '21-25': 50}
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analytics.config import DEFAULT_AGE_BANDS, DEFAULT_OLDER_FROM_AGE

TOTAL = "Total"
FIRST_AGE = 16
# Age 25 is the oldest counted ('Other' in ChAT); a care leaver leaves on turning 26.
LAST_AGE = 25
STEPS_PER_YEAR = {"quarter": 4, "month": 12}


@dataclass(frozen=True)
class ProjectionBands:
    """The bands a projection reports, youngest first, each (label, first age, last age), together
    covering every age from 16 to 25; and ``older_from``, the first age of the older of the two groups
    that caseloads by age and the LAIT growth rates use (the younger group is everyone below it).

        >>> bands = ProjectionBands((("16-17", 16, 17), ("18-20", 18, 20), ("21+", 21, 25)), older_from=21)
        >>> bands.labels, bands.younger, bands.older, bands.band_of(19)
        (('16-17', '18-20', '21+'), '16-20', '21+', '18-20')
    """

    bands: tuple[tuple[str, int, int], ...]
    older_from: int = 21

    def __post_init__(self) -> None:
        expected = FIRST_AGE
        for label, first, last in self.bands:
            if first != expected or last < first:
                raise ValueError(f"projection band {label!r} is {first} to {last}; bands must run from {FIRST_AGE} to {LAST_AGE} without a gap")
            expected = last + 1
        if expected != LAST_AGE + 1:
            raise ValueError(f"projection bands end at {expected - 1}, not {LAST_AGE}")
        if self.older_from not in [first for _, first, _ in self.bands[1:]]:
            raise ValueError(f"the older group must start a band after the first, not at {self.older_from}")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for label, _, _ in self.bands)

    def band_of(self, age: int) -> str:
        return next(label for label, first, last in self.bands if first <= age <= last)

    def ages(self, label: str) -> range:
        first, last = next((f, t) for lab, f, t in self.bands if lab == label)
        return range(first, last + 1)

    @property
    def younger(self) -> str:
        """The younger group's label ('16-20')."""
        return f"{FIRST_AGE}-{self.older_from - 1}"

    @property
    def older(self) -> str:
        """The older group's label ('21+')."""
        return f"{self.older_from}+"

    def group_of(self, label: str) -> str:
        """The group (younger or older) a band belongs to."""
        return self.older if self.ages(label).start >= self.older_from else self.younger

    def in_group(self, group: str) -> tuple[str, ...]:
        return tuple(label for label in self.labels if self.group_of(label) == group)


# For callers that give no pack: the bands a pack without [projections] or [[age_bands]] gets.
DEFAULT_BANDS = ProjectionBands(tuple((f"{lo}-{hi}", lo, hi) for lo, hi in DEFAULT_AGE_BANDS), DEFAULT_OLDER_FROM_AGE)


def band_totals(by_age: Mapping[int, float], bands: ProjectionBands = DEFAULT_BANDS) -> dict[str, float]:
    """Single years of age → the projection bands."""
    totals = dict.fromkeys(bands.labels, 0.0)
    for age, count in by_age.items():
        totals[bands.band_of(age)] += count
    return totals


def growth_rate_projection(base: Mapping[str, float], annual_growth: Mapping[str, float], years: float) -> dict[str, float]:
    """Each group grows at its own compound annual rate (0.21 = 21% a year) for ``years``.

    Returns group → projected count, unrounded. Every group in ``base`` needs a rate."""
    missing = set(base) - set(annual_growth)
    if missing:
        raise KeyError(f"no growth rate for {sorted(missing)}")
    return {group: count * (1.0 + annual_growth[group]) ** years for group, count in base.items()}


@dataclass(frozen=True)
class LaitAssumptions:
    """The LAIT rates, read as annual compound growth (0.21 = 21% a year), over ``years``: former
    UASC, then everyone else in the younger and the older group (:attr:`ProjectionBands.older_from`).
    Each band is split by the former-UASC share by age and that part grows at the UASC rate."""

    growth_former_uasc: float
    growth_younger: float
    growth_older: float
    years: float


def _lait_streams(start: Mapping[int, float], uasc_share: Mapping[int, float], bands: ProjectionBands) -> dict[str, float]:
    streams: dict[str, float] = {}
    for age, count in start.items():
        band = bands.band_of(age)
        uasc = count * uasc_share.get(age, 0.0)
        streams[f"{band}|former UASC"] = streams.get(f"{band}|former UASC", 0.0) + uasc
        streams[f"{band}|other"] = streams.get(f"{band}|other", 0.0) + count - uasc
    return streams


def lait_preset(
    assumptions: LaitAssumptions, start: Mapping[int, float], start_former_uasc_share: Mapping[int, float],
    bands: ProjectionBands = DEFAULT_BANDS,
) -> dict[str, float]:
    """The LAIT rates applied to the start cohort (single years of age, with their former-UASC shares):
    band → count (with ``"Total"``), unrounded. Whether a published LAIT column follows from the
    rates it states is for :func:`lait_years_to_reach` and :func:`published_column_check` to show."""
    rates = {f"{band}|former UASC": assumptions.growth_former_uasc for band in bands.labels} | {
        f"{band}|other": assumptions.growth_older if bands.group_of(band) == bands.older else assumptions.growth_younger
        for band in bands.labels
    }
    projected = growth_rate_projection(_lait_streams(start, start_former_uasc_share, bands), rates, assumptions.years)
    totals = dict.fromkeys(bands.labels, 0.0)
    for stream, count in projected.items():
        totals[stream.split("|")[0]] += count
    return totals | {TOTAL: sum(totals.values())}


def lait_years_to_reach(
    total: float, assumptions: LaitAssumptions, start: Mapping[int, float], start_former_uasc_share: Mapping[int, float],
    bands: ProjectionBands = DEFAULT_BANDS,
) -> float:
    """How many years the LAIT rates take to grow the start cohort to ``total``."""
    def shortfall(years: float) -> float:
        return lait_preset(replace(assumptions, years=years), start, start_former_uasc_share, bands)[TOTAL] - total

    return float(brentq(shortfall, 0.0, 100.0))


def lait_comparison(
    published: Mapping[str, float], assumptions: LaitAssumptions, start: Mapping[int, float], start_former_uasc_share: Mapping[int, float],
    bands: ProjectionBands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """The published LAIT column beside :func:`lait_preset`. ``published`` maps band (and
    ``"Total"``) → published count. Columns: band, published, modelled, difference (modelled −
    published), difference_percent (of published)."""
    modelled = lait_preset(assumptions, start, start_former_uasc_share, bands)
    rows = [
        {"band": band, "published": float(published[band]), "modelled": modelled[band]}
        for band in (*bands.labels, TOTAL)
    ]
    frame = pd.DataFrame(rows)
    frame["difference"] = frame["modelled"] - frame["published"]
    frame["difference_percent"] = 100.0 * frame["difference"] / frame["published"]
    return frame


@dataclass(frozen=True)
class ColumnCheck:
    """Internal consistency of one published projection column.

    ``recomputed_shares`` are each count as a percentage of ``total``; ``implied_counts`` are
    ``total`` × each published share. ``mismatched_bands`` lists bands whose published share is more
    than ``tolerance`` points from the recomputed one."""

    share_sum: float
    count_sum: float
    total: float
    recomputed_shares: Mapping[str, float]
    implied_counts: Mapping[str, float]
    mismatched_bands: tuple[str, ...]

    @property
    def consistent(self) -> bool:
        return not self.mismatched_bands and math.isclose(self.count_sum, self.total)


def published_column_check(counts: Mapping[str, float], shares: Mapping[str, float], total: float, *, tolerance: float = 0.05) -> ColumnCheck:
    """Check a column of counts and percentage shares against its total.

    For a column of 20 / 30 / 50 printed as 20% / 30% / 40% of 100 the shares add to 90% and 50 is
    50% of 100, so ``mismatched_bands == ("21+",)``."""
    recomputed = {band: 100.0 * counts[band] / total for band in counts}
    mismatched = tuple(band for band in counts if abs(recomputed[band] - shares[band]) > tolerance + 1e-9)
    return ColumnCheck(
        share_sum=sum(shares.values()),
        count_sum=sum(counts.values()),
        total=total,
        recomputed_shares=recomputed,
        implied_counts={band: total * shares[band] / 100.0 for band in shares},
        mismatched_bands=mismatched,
    )


@dataclass(frozen=True)
class CohortParams:
    """Flows of the cohort-component model, per year unless named a share. The pack's
    ``projection_assumptions`` give them (Corporate Performance rows arrivals_at_16, late_entrants,
    late_entrants_aged_17, former_uasc, former_uasc_aged_17, exit_at_21), calibrated so that the
    model lands on its published Corporate Performance column."""

    # Children already in care who become Eligible care leavers on turning 16.
    arrivals_at_16: float
    # Young people (not UASC) entering care at 16 or 17 who go on to be care leavers.
    late_entrants: float
    # Share of late entrants who arrive aged 17 rather than 16.
    late_entrant_share_aged_17: float
    # Former unaccompanied asylum-seeking children joining at 16 or 17, their own stream.
    former_uasc: float
    # Share of former UASC who arrive aged 17 rather than 16.
    former_uasc_share_aged_17: float
    # Share of those turning 21 who close (not in education and not asking to stay open). Everyone
    # else stays to 25 and leaves on turning 26.
    exit_at_21_share: float

    def __post_init__(self) -> None:
        for name in ("arrivals_at_16", "late_entrants", "former_uasc"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        for name in ("late_entrant_share_aged_17", "former_uasc_share_aged_17", "exit_at_21_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")


@dataclass(frozen=True)
class ProjectionResult:
    """A cohort-component projection.

    ``bands`` (the projection bands), ``total``, ``aged_25`` (inside 21+) and
    ``former_uasc`` are at ``end_date``. ``path`` has one row per step from the start, columns: step
    (int, 0 = start), date (datetime.date), one per band, Total, aged_25, former_uasc (floats)."""

    bands: Mapping[str, float]
    total: float
    aged_25: float
    former_uasc: float
    start_total: float
    end_date: dt.date
    path: pd.DataFrame = field(repr=False)

    @property
    def change_percent(self) -> float:
        return 100.0 * (self.total - self.start_total) / self.start_total


def _steps(years: float, step: str) -> tuple[int, int]:
    if step not in STEPS_PER_YEAR:
        raise ValueError(f"step must be one of {sorted(STEPS_PER_YEAR)}")
    per_year = STEPS_PER_YEAR[step]
    n_steps = round(years * per_year)
    if n_steps < 1 or not math.isclose(n_steps, years * per_year):
        raise ValueError(f"years must be a positive whole number of {step}s")
    return per_year, n_steps


def _add_months(day: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def _age_cells(per_year: int) -> np.ndarray:
    """Whole-year age of each cell: a year of age is split into ``per_year`` cells, one per step."""
    return FIRST_AGE + np.arange((LAST_AGE - FIRST_AGE + 1) * per_year) // per_year


# Streams along the last axis of the state: everyone else, then former UASC.
OTHER, UASC = 0, 1


def _start_state(start: Mapping[int, float], uasc_share: Mapping[int, float], per_year: int, *, whole: bool) -> np.ndarray:
    """Cells × streams. Each year of age is spread evenly over its cells (birthdays evenly spread);
    for simulation, counts are whole people and the remainder goes to the youngest cells."""
    ages = _age_cells(per_year)
    state = np.zeros((ages.size, 2))
    for age in range(FIRST_AGE, LAST_AGE + 1):
        cells = np.flatnonzero(ages == age)
        count = float(start.get(age, 0.0))
        uasc = count * uasc_share.get(age, 0.0)
        for stream, amount in ((UASC, uasc), (OTHER, count - uasc)):
            if whole:
                people = round(amount)
                split = np.full(per_year, people // per_year)
                split[: people % per_year] += 1
                state[cells, stream] = split
            else:
                state[cells, stream] = amount / per_year
    return state


def _arrivals(params: CohortParams, per_year: int) -> np.ndarray:
    """Expected arrivals per step in each cell × stream. A yearly flow is divided by steps per year,
    then spread evenly over the cells of its age of arrival, since birthdays fall evenly."""
    ages = _age_cells(per_year)
    arrivals = np.zeros((ages.size, 2))
    at_16, at_17 = ages == 16, ages == 17
    arrivals[0, OTHER] += params.arrivals_at_16 / per_year
    for stream, yearly, share_17 in (
        (OTHER, params.late_entrants, params.late_entrant_share_aged_17),
        (UASC, params.former_uasc, params.former_uasc_share_aged_17),
    ):
        arrivals[at_16, stream] += yearly / per_year * (1.0 - share_17) / per_year
        arrivals[at_17, stream] += yearly / per_year * share_17 / per_year
    return arrivals


def _advance(state: np.ndarray, arrivals: np.ndarray, exit_at_21: float, first_21_cell: int, rng: np.random.Generator | None) -> np.ndarray:
    """One step on cells × streams (a leading runs axis is allowed): everyone ages one cell, the oldest
    cell leaves at 26, a share of those reaching 21 leave, and new arrivals join. With ``rng`` the
    exits are binomial and arrivals Poisson; without it, their expected values."""
    moved = np.zeros_like(state)
    moved[..., 1:, :] = state[..., :-1, :]
    if rng is None:
        moved[..., first_21_cell, :] *= 1.0 - exit_at_21
        return moved + arrivals
    moved[..., first_21_cell, :] = rng.binomial(moved[..., first_21_cell, :].astype(np.int64), 1.0 - exit_at_21)
    return moved + rng.poisson(np.broadcast_to(arrivals, moved.shape))


def _summaries(state: np.ndarray, per_year: int, bands: ProjectionBands) -> dict[str, np.ndarray]:
    """Band, total, aged-25 and former-UASC counts over the cells axis (the second-last one)."""
    ages = _age_cells(per_year)
    people = state.sum(axis=-1)
    out = {band: people[..., np.isin(ages, list(bands.ages(band)))].sum(axis=-1) for band in bands.labels}
    out[TOTAL] = people.sum(axis=-1)
    out["aged_25"] = people[..., ages == LAST_AGE].sum(axis=-1)
    out["former_uasc"] = state[..., UASC].sum(axis=-1)
    return out


def cohort_forward_projection(
    params: CohortParams,
    *,
    start: Mapping[int, float],
    start_former_uasc_share: Mapping[int, float],
    start_date: dt.date,
    years: float = 1.5,
    step: str = "quarter",
    bands: ProjectionBands = DEFAULT_BANDS,
) -> ProjectionResult:
    """Deterministic cohort-component projection (the Corporate Performance method).

    The cohort is held by age in steps (quarters of a year of age by default). Each step everyone
    ages one step; those turning 26 leave; ``exit_at_21_share`` of those turning 21 leave; then the
    step's arrivals join: ``arrivals_at_16`` at exactly 16, late entrants and former UASC spread over
    ages 16 and 17. Monthly steps give a slightly different age mix from the same flows."""
    per_year, n_steps = _steps(years, step)
    state = _start_state(start, start_former_uasc_share, per_year, whole=False)
    arrivals = _arrivals(params, per_year)
    first_21_cell = (21 - FIRST_AGE) * per_year
    rows = []
    for k in range(n_steps + 1):
        if k:
            state = _advance(state, arrivals, params.exit_at_21_share, first_21_cell, None)
        rows.append({"step": k, "date": _add_months(start_date, k * 12 // per_year)} | {name: float(v) for name, v in _summaries(state, per_year, bands).items()})
    path = pd.DataFrame(rows)
    first, last = path.iloc[0], path.iloc[-1]
    return ProjectionResult(
        bands={band: float(last[band]) for band in bands.labels},
        total=float(last[TOTAL]),
        aged_25=float(last["aged_25"]),
        former_uasc=float(last["former_uasc"]),
        start_total=float(first[TOTAL]),
        end_date=last["date"],
        path=path,
    )


def simulate_forward(
    params: CohortParams,
    *,
    runs: int = 1000,
    seed: int = 2024,
    start: Mapping[int, float],
    start_former_uasc_share: Mapping[int, float],
    start_date: dt.date,
    years: float = 1.5,
    step: str = "quarter",
    bands: ProjectionBands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Uncertainty band around :func:`cohort_forward_projection`: ``runs`` simulations with Poisson
    arrivals and binomial exits at 21, from whole-person start counts. The same seed gives the same
    frame.

    Columns: step (int, 0 = start), date (datetime.date), band (each band, then Total), p10, p50,
    p90 (floats: the 10th, 50th and 90th percentiles across runs)."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    per_year, n_steps = _steps(years, step)
    rng = np.random.default_rng(seed)
    state = np.repeat(_start_state(start, start_former_uasc_share, per_year, whole=True)[np.newaxis], runs, axis=0)
    arrivals = _arrivals(params, per_year)
    first_21_cell = (21 - FIRST_AGE) * per_year
    rows = []
    for k in range(n_steps + 1):
        if k:
            state = _advance(state, arrivals, params.exit_at_21_share, first_21_cell, rng)
        date = _add_months(start_date, k * 12 // per_year)
        summaries = _summaries(state, per_year, bands)
        for band in (*bands.labels, TOTAL):
            p10, p50, p90 = np.percentile(summaries[band], [10, 50, 90])
            rows.append({"step": k, "date": date, "band": band, "p10": float(p10), "p50": float(p50), "p90": float(p90)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Preset:
    """A published projection method: what it is and how this module rebuilds it."""

    method: str
    description: str


PRESETS: Mapping[str, Preset] = {
    "Corporate Performance (as published)": Preset(
        method="cohort-component",
        description=(
            "Forward modelling of the actual cohort by age: young people age on, children in care reaching 16, late "
            "entrants and former UASC join, a few leave at 21 and the rest at 26."
        ),
    ),
    "LAIT (as published)": Preset(
        method="growth-rate",
        description="Annual LAIT growth rates for former UASC, the younger and the older care leavers applied forward.",
    ),
}
