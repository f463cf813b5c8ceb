"""Care leaver projections to April 2025: the two methods behind Commissioning Plan Table 6.

Table 6 (section 4.1) starts from the October 2023 ChAT cohort, 183 aged 16-17, 286 aged 18-20 and
467 aged 21+ (394 aged 21-24 plus 73 'Other' aged 25, footnote 23), and projects April 2025 twice:

- **Corporate Performance** (footnote 24): "forward modelling" of the ChAT data with children in
  care and UASC projections, giving 185 / 343 / 475 = 1,003 (+7.1%), the 21+ figure including 102
  aged 25+. The report does not publish the model, so :func:`cohort_forward_projection` rebuilds it as
  a cohort-component model (single years of age, quarterly steps) whose default
  :class:`CohortParams` reproduce that column within 2% per band.
- **LAIT** (footnote 25): "previous annual growth percentages, calculated forward to April 2025 inc
  27% increase of former-UASC care leavers, 21% increase in 16-20 year old care leavers and 2.5%
  increase in 21+ year olds", giving 286 / 616 / 589 = 1,491 (+59.2%). :func:`lait_preset` applies
  those rates with :func:`growth_rate_projection` and explains why they cannot give the published
  column; :func:`published_column_check` flags that the column does not add up (its shares sum to
  90%, and 589 of 1,491 is 39.5%, not the 29.5% printed).

Worked example (the LAIT method for one band): 469 care leavers aged 16-20 growing at 21% a year
for the 1.5 years from October 2023 to April 2025 become 469 × 1.21^1.5 = 624.2::

    >>> round(growth_rate_projection({"16-20": 469}, {"16-20": 0.21}, 1.5)["16-20"], 1)
    624.2
    >>> result = cohort_forward_projection()
    >>> {band: round(count, 1) for band, count in result.bands.items()}, round(result.total)
    ({'16-17': 185.5, '18-20': 343.0, '21+': 474.6}, 1003)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy.optimize import brentq

BANDS = ("16-17", "18-20", "21+")
TOTAL = "Total"
FIRST_AGE = 16
# Age 25 is the oldest counted ('Other' in ChAT); a care leaver leaves on turning 26.
LAST_AGE = 25
AGE_BAND = {16: "16-17", 17: "16-17", 18: "18-20", 19: "18-20", 20: "18-20"} | {age: "21+" for age in range(21, LAST_AGE + 1)}
STEPS_PER_YEAR = {"quarter": 4, "month": 12}
OCT_2023 = dt.date(2023, 10, 1)

# The ChAT cohort by single year of age is not published: this split is our assumption. It keeps the
# published band totals (16-17 = 183, 18-20 = 286, 21-24 = 394, 25 'Other' = 73) and leans the 21-24s
# towards 23-24 so that the 25-year-olds in April 2025 (those aged 23½-24¼ now) number about the 102
# of footnote 24.
OCT_2023_BY_AGE: Mapping[int, float] = MappingProxyType({16: 90, 17: 93, 18: 97, 19: 95, 20: 94, 21: 95, 22: 97, 23: 100, 24: 102, 25: 73})

# Former-UASC share of care leavers by age, October 2023 (Table 5, which stops at 21; older ages are
# assumed to share the age-21 figure). With OCT_2023_BY_AGE it gives 220 former UASC, 23.5% of the
# cohort, against the report's "c.25%".
FORMER_UASC_SHARE_OCT_2023: Mapping[int, float] = MappingProxyType(
    {16: 0.235, 17: 0.37, 18: 0.36, 19: 0.22, 20: 0.16} | {age: 0.20 for age in range(21, LAST_AGE + 1)}
)


def band_totals(by_age: Mapping[int, float]) -> dict[str, float]:
    """Single years of age → the Table 6 bands (16-17, 18-20, 21+)."""
    totals = dict.fromkeys(BANDS, 0.0)
    for age, count in by_age.items():
        totals[AGE_BAND[age]] += count
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
    """Footnote 25's rates, read as annual compound growth, and how former UASC are split out.

    The footnote does not say which care leavers count as former UASC; we split each band by the
    Table 5 shares (via ``FORMER_UASC_SHARE_OCT_2023``) and grow that part at the UASC rate."""

    growth_former_uasc: float = 0.27
    growth_16_20: float = 0.21
    growth_21_plus: float = 0.025
    # October 2023 to April 2025.
    years: float = 1.5


def _lait_streams() -> dict[str, float]:
    streams: dict[str, float] = {}
    for age, count in OCT_2023_BY_AGE.items():
        band = AGE_BAND[age]
        uasc = count * FORMER_UASC_SHARE_OCT_2023[age]
        streams[f"{band}|former UASC"] = streams.get(f"{band}|former UASC", 0.0) + uasc
        streams[f"{band}|other"] = streams.get(f"{band}|other", 0.0) + count - uasc
    return streams


def lait_preset(assumptions: LaitAssumptions = LaitAssumptions()) -> dict[str, float]:
    """Footnote 25 applied to the October 2023 cohort: band → count (with ``"Total"``), unrounded.

    With the defaults: 16-17 249.1, 18-20 387.8, 21+ 521.4, total 1,158.3 (+23.7%), not the published
    286 / 616 / 589 = 1,491 (+59.2%). No reading of the rates that we tried reproduces the column:

    - compounding for 1.5 years (above), or treating each rate as the whole increase to April 2025
      (16-20: 469 × 1.21 = 567.5; 21+: 467 × 1.025 = 478.7), falls far short of 1,491;
    - the same 16-20 rate cannot turn 183 into 286 (× 1.56) and 286 into 616 (× 2.15), and 2.5% a
      year cannot turn 467 into 589 (× 1.26) in any plausible time;
    - the rates reach 1,491 only after about 3.1 years (:func:`lait_years_to_reach`), i.e. late 2026;
    - a search over starting columns (October 2023 or Corporate Performance), horizons of ½ to 7
      years, compound or simple growth, with or without a former-UASC split, found rules that hit
      one band at a time but none that gives all three.

    What the column *is* consistent with is a total of 1,491 split by shares of 19.2%, 41.3% and
    39.5% ("breakdown across cohorts based on % in column D"): 1,491 × 0.192 = 286.3,
    × 0.413 = 615.8, × 0.395 = 588.9. The printed 29.5% for 21+ is then a typo for 39.5%, which is why
    the printed shares add to 90%. :func:`published_column_check` makes both checks."""
    rates = {
        "16-17|former UASC": assumptions.growth_former_uasc,
        "18-20|former UASC": assumptions.growth_former_uasc,
        "21+|former UASC": assumptions.growth_former_uasc,
        "16-17|other": assumptions.growth_16_20,
        "18-20|other": assumptions.growth_16_20,
        "21+|other": assumptions.growth_21_plus,
    }
    projected = growth_rate_projection(_lait_streams(), rates, assumptions.years)
    bands = dict.fromkeys(BANDS, 0.0)
    for stream, count in projected.items():
        bands[stream.split("|")[0]] += count
    return bands | {TOTAL: sum(bands.values())}


def lait_years_to_reach(total: float, assumptions: LaitAssumptions = LaitAssumptions()) -> float:
    """How many years footnote 25's rates take to grow the October 2023 cohort to ``total``
    (1,491 → about 3.1 years)."""
    def shortfall(years: float) -> float:
        return lait_preset(replace(assumptions, years=years))[TOTAL] - total

    return float(brentq(shortfall, 0.0, 100.0))


def lait_comparison(published: Mapping[str, float], assumptions: LaitAssumptions = LaitAssumptions()) -> pd.DataFrame:
    """The published LAIT column beside :func:`lait_preset`. ``published`` maps band (and
    ``"Total"``) → published count. Columns: band, published, modelled, difference (modelled −
    published), difference_percent (of published)."""
    modelled = lait_preset(assumptions)
    rows = [
        {"band": band, "published": float(published[band]), "modelled": modelled[band]}
        for band in (*BANDS, TOTAL)
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

    For the LAIT column (286 / 616 / 589, 19.2% / 41.3% / 29.5%, 1,491) the shares add to 90.0%
    and 589 is 39.5% of 1,491, so ``mismatched_bands == ("21+",)``."""
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
    """Flows of the cohort-component model, per year unless named a share.

    The defaults are calibrated (on quarterly steps) so that, from ``OCT_2023_BY_AGE``, April 2025
    lands on the Corporate Performance column of Table 6. They imply 134 new care leavers a year
    against about 92 a year of age among the 16-17s in October 2023: the growth the report
    attributes to late entrants and former UASC. Because the 16-17 band barely moves (183 → 185)
    while 18-20 grows (286 → 343), the published column needs new arrivals to lean towards age 17;
    no mix with most arrivals at 16 reproduces it."""

    # Children already in care who become Eligible care leavers on turning 16.
    arrivals_at_16: float = 44.0
    # Young people (not UASC) entering care at 16 or 17 who go on to be care leavers.
    late_entrants: float = 45.0
    # Share of late entrants who arrive aged 17 rather than 16.
    late_entrant_share_aged_17: float = 0.9
    # Former unaccompanied asylum-seeking children joining at 16 or 17, their own stream.
    former_uasc: float = 45.0
    # Table 5: 37% of 17-year-olds and 23.5% of 16-year-olds are former UASC, so about 0.6 arrive at 17.
    former_uasc_share_aged_17: float = 0.6
    # Share of those turning 21 who close (not in education and not asking to stay open). Everyone
    # else stays to 25 and leaves on turning 26, as the ChAT 'Other' category counts them to 25.
    exit_at_21_share: float = 0.07

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

    ``bands`` (16-17, 18-20, 21+), ``total``, ``aged_25`` (inside 21+, footnote 24's "aged 25+") and
    ``former_uasc`` are at ``end_date``. ``path`` has one row per step from the start, columns: step
    (int, 0 = start), date (datetime.date), 16-17, 18-20, 21+, Total, aged_25, former_uasc (floats)."""

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


def _summaries(state: np.ndarray, per_year: int) -> dict[str, np.ndarray]:
    """Band, total, aged-25 and former-UASC counts over the cells axis (the second-last one)."""
    ages = _age_cells(per_year)
    people = state.sum(axis=-1)
    out = {band: people[..., np.isin(ages, [a for a, b in AGE_BAND.items() if b == band])].sum(axis=-1) for band in BANDS}
    out[TOTAL] = people.sum(axis=-1)
    out["aged_25"] = people[..., ages == LAST_AGE].sum(axis=-1)
    out["former_uasc"] = state[..., UASC].sum(axis=-1)
    return out


def cohort_forward_projection(
    params: CohortParams = CohortParams(),
    *,
    start: Mapping[int, float] = OCT_2023_BY_AGE,
    start_former_uasc_share: Mapping[int, float] = FORMER_UASC_SHARE_OCT_2023,
    start_date: dt.date = OCT_2023,
    years: float = 1.5,
    step: str = "quarter",
) -> ProjectionResult:
    """Deterministic cohort-component projection (the Corporate Performance method).

    The cohort is held by age in steps (quarters of a year of age by default). Each step everyone
    ages one step; those turning 26 leave; ``exit_at_21_share`` of those turning 21 leave; then the
    step's arrivals join: ``arrivals_at_16`` at exactly 16, late entrants and former UASC spread over
    ages 16 and 17. From October 2023 over 1.5 years the defaults give 16-17 185.5, 18-20 343.0,
    21+ 474.6 (101 aged 25), total 1,003.1 (+7.2%): Table 6's 185 / 343 / 475 = 1,003 with 102 aged
    25+. (Table 6 prints +7.1%: 1,003 / 936 = 1.0716, cut rather than rounded.) Monthly steps give
    a slightly different age mix (about 179 / 350 / 475) from the same flows."""
    per_year, n_steps = _steps(years, step)
    state = _start_state(start, start_former_uasc_share, per_year, whole=False)
    arrivals = _arrivals(params, per_year)
    first_21_cell = (21 - FIRST_AGE) * per_year
    rows = []
    for k in range(n_steps + 1):
        if k:
            state = _advance(state, arrivals, params.exit_at_21_share, first_21_cell, None)
        rows.append({"step": k, "date": _add_months(start_date, k * 12 // per_year)} | {name: float(v) for name, v in _summaries(state, per_year).items()})
    path = pd.DataFrame(rows)
    first, last = path.iloc[0], path.iloc[-1]
    return ProjectionResult(
        bands={band: float(last[band]) for band in BANDS},
        total=float(last[TOTAL]),
        aged_25=float(last["aged_25"]),
        former_uasc=float(last["former_uasc"]),
        start_total=float(first[TOTAL]),
        end_date=last["date"],
        path=path,
    )


def simulate_forward(
    params: CohortParams = CohortParams(),
    *,
    runs: int = 1000,
    seed: int = 2024,
    start: Mapping[int, float] = OCT_2023_BY_AGE,
    start_former_uasc_share: Mapping[int, float] = FORMER_UASC_SHARE_OCT_2023,
    start_date: dt.date = OCT_2023,
    years: float = 1.5,
    step: str = "quarter",
) -> pd.DataFrame:
    """Uncertainty band around :func:`cohort_forward_projection`: ``runs`` simulations with Poisson
    arrivals and binomial exits at 21, from whole-person start counts. The same seed gives the same
    frame.

    Columns: step (int, 0 = start), date (datetime.date), band (16-17, 18-20, 21+, Total), p10, p50,
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
        summaries = _summaries(state, per_year)
        for band in (*BANDS, TOTAL):
            p10, p50, p90 = np.percentile(summaries[band], [10, 50, 90])
            rows.append({"step": k, "date": date, "band": band, "p10": float(p10), "p50": float(p50), "p90": float(p90)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Preset:
    """A published projection method: what it is, where it comes from, and a ``run`` that returns
    band → modelled April 2025 count (with ``"Total"``)."""

    method: str
    description: str
    source: str
    run: Callable[[], dict[str, float]] = field(repr=False)


def _corporate_performance() -> dict[str, float]:
    result = cohort_forward_projection()
    return dict(result.bands) | {TOTAL: result.total}


PRESETS: Mapping[str, Preset] = {
    "Corporate Performance (as published)": Preset(
        method="cohort-component",
        description=(
            "Forward modelling of the October 2023 cohort by age: young people age on, children in care "
            "reaching 16, late entrants and former UASC join, a few leave at 21 and the rest at 26. "
            "The report judged this the more reliable projection, built on local trends."
        ),
        source="Commissioning Plan 4.1, Table 6 and footnote 24",
        run=_corporate_performance,
    ),
    "LAIT (as published)": Preset(
        method="growth-rate",
        description=(
            "National LAIT growth rates since 2018 applied forward: 27% a year for former UASC, 21% for "
            "16-20 year olds and 2.5% for 21+. The report calls it somewhat unreliable (pandemic years), "
            "and its published column does not add up: its shares sum to 90%."
        ),
        source="Commissioning Plan 4.1, Table 6 and footnote 25",
        run=lait_preset,
    ),
}
