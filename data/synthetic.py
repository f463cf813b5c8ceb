"""SYNTHETIC record-level care leavers and quarterly snapshots for Leaving Care Insight.

Nothing here describes a real young person. A council publishes only aggregates, so the app's
record-level views run on a cohort generated with a fixed seed and calibrated to those aggregates,
all read from the authority pack's evidence files (never typed in here):

* ``cohort_published.csv``: the cohort by age band (any bands within 16-25; a band's total is split
  into single years of age) and legal status is reproduced exactly at its ``as_at`` snapshot, and
  the location, sex, disability and ethnicity shares (``cohort_shares.csv``) exactly once rounded to
  whole percentages. The university, custody, former-UASC share and former-UASC growth figures of
  ``reference_figures.csv`` are met at the same snapshot (the growth from the pack's
  ``[synthetic] uasc_growth_from`` to within a point or so).
* ``uasc_share_by_age.csv``: the former-UASC share by single year of age at ``as_at`` is within one
  percentage point.
* ``kpi_periods.csv`` and ``kpi_values.csv``: every KPI, computed from the snapshots at each
  period's snapshot date with the pack's KPI rules, is within one point of the published value;
  between those dates the rates are interpolated.

How the calibration works: the people in the as-at cohort are built from the published counts
(single years of age, former-UASC and Qualifying counts per age), then older birth cohorts who have
since aged out and later entrants are added around them. Every quarterly attribute (IN_TOUCH, ACTIV,
ACCOM, Pathway Plan, location, custody, university) is assigned by exact counts: within each target
group the required number of successes, ``round(rate * denominator)``, goes to the people with the
highest score. Scores are a fixed personal propensity plus an AR(1) term, so most people keep their
status from one quarter to the next while the group totals land exactly where they must.

Worked example (any pack with ``[synthetic]`` settings; the published total is the sum of its age bands)::

    >>> import datetime as dt
    >>> import pandas as pd
    >>> from analytics import config
    >>> from data.synthetic import generate
    >>> cfg = config.load(config.PACKS_DIR / "northshire")
    >>> data = generate(cfg)
    >>> published = pd.read_csv(cfg.evidence("cohort_published"))
    >>> as_at = dt.date.fromisoformat(published["as_at"].iloc[0])
    >>> at = data.snapshots[data.snapshots["snapshot_date"] == as_at]
    >>> len(at) == published.loc[published["dimension"] == "age_band", "count"].sum()
    True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import config
from analytics import periods as reporting_periods

# The evidence a synthetic cohort is calibrated to; a pack without all of them has no record-level data.
CALIBRATION_FILES = ("cohort_published", "cohort_shares", "uasc_share_by_age", "reference_figures", "kpi_values")


def quarterly_dates(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Snapshot dates every three months from ``first`` up to ``last`` inclusive."""
    dates, month = [], first.year * 12 + first.month - 1
    while (d := dt.date(month // 12, month % 12 + 1, first.day)) <= last:
        dates.append(d)
        month += 3
    return tuple(dates)

MIN_AGE, MAX_AGE = 16, 25
AGES = np.arange(MIN_AGE, MAX_AGE + 1)


# --- modelling assumptions (not published figures) ---
# Nearly all unaccompanied asylum-seeking children are boys.
UASC_MALE_RATE = 0.98
UASC_DISABLED_RATE = 0.08
# Some former-UASC are White (e.g. Albanian) but far fewer than the county's care leavers overall.
UASC_WHITE_RATE = 0.05
NON_WHITE_GROUPS = ("Mixed", "Asian", "Black", "Other")
NON_UASC_NON_WHITE = (0.55, 0.15, 0.15, 0.15)
UASC_NON_WHITE = (0.0, 0.40, 0.35, 0.25)
# How a published age band splits into single years: relative weights within the band, so each
# band's total is exact whatever ages it covers (25-year-olds are fewer: many have closed by then).
SINGLE_AGE_WEIGHTS = {16: 0.45, 17: 0.55, 18: 0.34, 19: 0.33, 20: 0.33, 21: 0.26, 22: 0.25, 23: 0.25, 24: 0.24, 25: 0.19}
# Former-UASC intensity by age where the published share by age is silent (any age it does not give).
UASC_OLDER_WEIGHTS = {22: 0.95, 23: 1.0, 24: 1.1, 25: 0.9}
# Qualifying care leavers join at 18+ and accumulate with age.
QUALIFYING_AGE_WEIGHTS = {18: 0.35, 19: 0.6, 20: 0.8, 21: 1.0, 22: 1.1, 23: 1.15, 24: 1.2, 25: 1.2}
QUALIFYING_ENTRY_MEAN_YEARS = 1.6  # years after the 18th birthday, truncated at 4
LATE_ENTRY_INTO_CARE = 0.15  # non-UASC who come into care after their 16th birthday
AGED_OUT_DECLINE = 0.92  # each older birth year is this fraction of the next younger one
N_DIED, N_RHOM = 3, 5
# Non-KPI age groups (22-25): rate relative to the oldest published group of the same measure.
DEFAULT_RATE_OFFSET = {"kit": -0.08, "eet": -0.03, "accommodation": -0.12, "pathway_plan": -0.10}
# Relative chance of being out of touch by age (younger care leavers are mostly still looked after).
NOT_IN_TOUCH_AGE_WEIGHT = {16: 0.4, 17: 0.6, 18: 0.9, 19: 0.8, 20: 1.2, 21: 1.3, 22: 1.0, 23: 1.0, 24: 1.0, 25: 1.0}
IN_COUNTY_DRIFT_PER_YEAR = 0.008  # in-county share was a little higher earlier in the contract
UNIVERSITY_GROWTH_PER_YEAR = 0.06
UNASSESSED_ACCOM_RATE = 0.003

# Personal propensities: weight on the fixed part and quarterly AR(1) persistence of the rest.
FIXED_WEIGHT = 0.6
AR_RHO = 0.85


@dataclass(frozen=True)
class SyntheticData:
    care_leavers: pd.DataFrame
    snapshots: pd.DataFrame


@dataclass(frozen=True)
class _Kpi:
    kpi_id: str
    measure: str
    age_min: int
    age_max: int
    dates: np.ndarray  # day ordinals of the published snapshot dates
    values: np.ndarray  # published percentages


@dataclass(frozen=True)
class _Targets:
    snapshot_dates: tuple[dt.date, ...]
    as_at: dt.date
    age_counts: dict[int, int]
    relevant: int
    qualifying: int
    uasc_by_age: dict[int, int]
    male: int
    disabled: int
    white: int
    location_shares: dict[str, float]
    university: int
    university_uasc: int
    custody: int
    uasc_growth: float
    uasc_growth_from: dt.date
    kpis: tuple[_Kpi, ...]


# ---------------------------------------------------------------- small helpers


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` that sum to exactly ``total``."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(int)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _allocate_capped(total: int, weights: np.ndarray, sizes: np.ndarray,
                     limits: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Split ``total`` over units in proportion to ``weights``, one at a time to the unit furthest
    below its share, never giving a unit more than its size nor a limited set of units (a boolean
    mask with a cap) more than its cap."""
    out = np.zeros(len(weights), dtype=int)
    if total <= 0 or weights.sum() <= 0:
        return out
    ideal = total * weights / weights.sum()
    room = [[mask, cap] for mask, cap in limits if mask.any()]
    for _ in range(total):
        open_ = out < sizes
        for mask, cap in room:
            if cap <= 0:
                open_ &= ~mask
        if not open_.any():
            break
        gap = np.where(open_, ideal - out, -np.inf)
        unit = int(np.argmax(gap))
        out[unit] += 1
        for entry in room:
            if entry[0][unit]:
                entry[1] -= 1
    return out


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    mask = np.zeros(len(scores), dtype=bool)
    if k > 0:
        mask[np.argsort(-scores, kind="stable")[:k]] = True
    return mask


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def _months_to_days(months: np.ndarray) -> np.ndarray:
    """Month indices (year * 12 + month - 1) to the first day of each month as datetime64[D]."""
    return (np.asarray(months) - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")


def _day(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")


def _uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniformly random day in [lo, hi] for each pair."""
    span = (hi - lo).astype(int)
    offset = np.floor(rng.random(len(lo)) * (span + 1)).astype(int)
    return lo + np.minimum(offset, span).astype("timedelta64[D]")


def _latent(rng: np.random.Generator, n: int, periods: int) -> np.ndarray:
    """Propensity scores, one row per person: a fixed part plus an AR(1) part, so that a person's rank
    within their group changes slowly from quarter to quarter."""
    fixed = rng.standard_normal(n)[:, None]
    ar = np.empty((n, periods))
    ar[:, 0] = rng.standard_normal(n)
    innovations = rng.standard_normal((n, periods))
    for t in range(1, periods):
        ar[:, t] = AR_RHO * ar[:, t - 1] + math.sqrt(1 - AR_RHO**2) * innovations[:, t]
    return math.sqrt(FIXED_WEIGHT) * fixed + math.sqrt(1 - FIXED_WEIGHT) * ar


def _pick(u: np.ndarray, options: tuple[str, ...], probs: tuple[float, ...]) -> np.ndarray:
    """Map personal uniforms to options, so the same person keeps the same choice over time."""
    edges = np.cumsum(probs) / np.sum(probs)
    return np.asarray(options, dtype=object)[np.minimum(np.searchsorted(edges, u, side="right"), len(options) - 1)]


# ---------------------------------------------------------------- targets from the sources


def _band_ages(label: str) -> list[int]:
    head = label.split(" ")[0]
    lo, _, hi = head.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def _read_targets(cfg: config.AuthorityConfig, settings: config.SyntheticSettings) -> _Targets:
    files = {name: cfg.evidence(name) for name in CALIBRATION_FILES}
    missing = [name for name, path in files.items() if path is None]
    if missing:
        raise ValueError(f"{cfg.pack}: a synthetic cohort needs {', '.join(f'{m}.csv' for m in missing)}")
    cohort = pd.read_csv(files["cohort_published"], dtype={"category": str})
    shares = pd.read_csv(files["cohort_shares"])
    uasc = pd.read_csv(files["uasc_share_by_age"])
    ref = pd.read_csv(files["reference_figures"]).set_index("figure_id")
    definitions = cfg.kpi_frame()
    values = pd.read_csv(files["kpi_values"])
    # The pack's own period dates where it gives them, else the dates its period labels stand for.
    given = cfg.evidence("kpi_periods")
    periods = pd.read_csv(given) if given is not None else reporting_periods.frame(
        values["period"].unique(), year=cfg.period_year, data_source="", source=""
    ).astype({"snapshot_date": str})
    snapshot_dates = quarterly_dates(settings.first_snapshot, settings.last_snapshot)

    as_at = dt.date.fromisoformat(str(cohort["as_at"].iloc[0]))
    if as_at not in snapshot_dates:
        raise ValueError(f"cohort_published.csv: as_at {as_at} is not a snapshot date")

    age_counts: dict[int, int] = {}
    for row in cohort[cohort["dimension"] == "age_band"].itertuples():
        ages = _band_ages(str(row.category))
        split = _largest_remainder(int(row.count), np.array([SINGLE_AGE_WEIGHTS[a] for a in ages]))
        age_counts.update(zip(ages, (int(x) for x in split)))
    total = sum(age_counts.values())

    status = cohort[cohort["dimension"] == "legal_status"].set_index("category")["count"].astype(int)
    detail = cohort[cohort["dimension"] == "legal_status_detail"].set_index("category")["count"].astype(int)
    under_18 = sum(n for a, n in age_counts.items() if a < 18)
    if status.sum() != total or status["Eligible"] + status["Relevant"] != under_18:
        raise ValueError("cohort_published.csv: legal status counts do not match the age bands")

    # The published share by age covers some ages; the rest of the former-UASC total goes to the others.
    uasc_by_age = {
        int(r.age): _round_half_up(r.percent_uasc / 100 * age_counts[int(r.age)]) for r in uasc.itertuples()
    }
    uasc_total = _round_half_up(float(ref.loc["former_uasc_share_of_cohort", "value"]) / 100 * total)
    older = [a for a in AGES if a not in uasc_by_age]
    split = _largest_remainder(
        uasc_total - sum(uasc_by_age.values()), np.array([UASC_OLDER_WEIGHTS.get(a, 1.0) * age_counts[a] for a in older])
    )
    uasc_by_age.update(zip(older, (int(x) for x in split)))

    pct = shares.set_index(["dimension", "category"])["percent"].astype(float)
    location_shares = {str(c): float(p) / 100 for (d, c), p in pct.items() if d == "location"}

    period_date = dict(zip(periods["period"], periods["snapshot_date"]))
    kpis = []
    for d in definitions.itertuples():
        rows = values[values["kpi_id"] == d.kpi_id]
        dates = np.array([dt.date.fromisoformat(period_date[p]).toordinal() for p in rows["period"]])
        order = np.argsort(dates)
        kpis.append(
            _Kpi(str(d.kpi_id), str(d.measure), int(d.age_min), int(d.age_max), dates[order],
                 rows["value"].astype(float).to_numpy()[order])
        )

    growth_row = ref.loc["former_uasc_growth"]
    return _Targets(
        snapshot_dates=snapshot_dates,
        as_at=as_at,
        age_counts=age_counts,
        relevant=int(status["Relevant"]),
        qualifying=int(detail["Qualifying"]),
        uasc_by_age=uasc_by_age,
        male=_round_half_up(pct[("sex", "Male")] / 100 * total),
        disabled=_round_half_up(pct[("disability", "Disabled")] / 100 * total),
        white=_round_half_up(pct[("ethnicity_group", "White")] / 100 * total),
        location_shares=location_shares,
        university=int(ref.loc["university_total", "value"]),
        university_uasc=int(ref.loc["university_former_uasc", "value"]),
        custody=int(ref.loc["custody_over_18", "value"]),
        uasc_growth=float(growth_row["value"]) / 100,
        uasc_growth_from=settings.uasc_growth_from,
        kpis=tuple(kpis),
    )


# ---------------------------------------------------------------- people


@dataclass
class _People:
    birth: np.ndarray  # month index of the birth month
    uasc: np.ndarray
    qualifying: np.ndarray
    entry: np.ndarray  # datetime64[D]
    core: np.ndarray  # in the calibrated as-at cohort

    def __len__(self) -> int:
        return len(self.birth)

    @staticmethod
    def concat(parts: list[_People]) -> _People:
        return _People(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("birth", "uasc", "qualifying", "entry", "core")))


def _entries(rng: np.random.Generator, birth: np.ndarray, uasc: np.ndarray, qualifying: np.ndarray,
             latest: np.datetime64 | None, earliest: np.datetime64 | None = None) -> np.ndarray:
    """Entry dates by route, kept within [earliest, latest] when given. Looked-after children join on
    their 16th birthday (or on coming into care at 16-17), UASC on arrival at 16-17, Qualifying care
    leavers when they first ask for support at 18 or over."""
    n = len(birth)
    sixteen = _months_to_days(birth + 16 * 12)
    eighteen = _months_to_days(birth + 18 * 12)
    lo = sixteen.copy()
    hi = eighteen - np.timedelta64(1, "D")
    lo[qualifying] = eighteen[qualifying]
    hi[qualifying] = _months_to_days(birth[qualifying] + 22 * 12) - np.timedelta64(1, "D")
    if earliest is not None:
        lo = np.maximum(lo, earliest)
    if latest is not None:
        hi = np.minimum(hi, latest)
    hi = np.maximum(hi, lo)
    entry = _uniform_days(rng, lo, hi)

    at_sixteen = ~uasc & ~qualifying & (rng.random(n) >= LATE_ENTRY_INTO_CARE)
    entry[at_sixteen] = np.clip(sixteen[at_sixteen], lo[at_sixteen], hi[at_sixteen])

    # Qualifying care leavers mostly come soon after 18: a truncated exponential delay.
    q = np.flatnonzero(qualifying)
    span_years = (hi[q] - lo[q]).astype(int) / 365.25
    u = rng.random(len(q))
    delay = -QUALIFYING_ENTRY_MEAN_YEARS * np.log(1 - u * (1 - np.exp(-span_years / QUALIFYING_ENTRY_MEAN_YEARS)))
    entry[q] = lo[q] + np.round(delay * 365.25).astype(int).astype("timedelta64[D]")
    return np.minimum(entry, hi)


def _core_cohort(rng: np.random.Generator, t: _Targets) -> _People:
    """Everyone in the cohort on the as-at date, built from the published counts."""
    s = _month_index(t.as_at)
    q_ages = [a for a in AGES if a >= 18]
    q_split = _largest_remainder(
        t.qualifying, np.array([QUALIFYING_AGE_WEIGHTS[a] * (t.age_counts[a] - t.uasc_by_age[a]) for a in q_ages])
    )
    q_by_age = dict(zip(q_ages, (int(x) for x in q_split)))
    births, uasc, qual = [], [], []
    for a in AGES:
        n = t.age_counts[a]
        births.append(s - 12 * a - rng.integers(0, 12, n))
        kind = np.zeros(n, dtype=int)
        kind[: t.uasc_by_age[a]] = 1
        kind[t.uasc_by_age[a]: t.uasc_by_age[a] + q_by_age.get(a, 0)] = 2
        kind = rng.permutation(kind)
        uasc.append(kind == 1)
        qual.append(kind == 2)
    birth = np.concatenate(births)
    uasc_a, qual_a = np.concatenate(uasc), np.concatenate(qual)
    entry = _entries(rng, birth, uasc_a, qual_a, latest=_day(t.as_at))
    return _People(birth, uasc_a, qual_a, entry, np.ones(len(birth), dtype=bool))


def _in_cohort_on(p: _People, date: dt.date) -> np.ndarray:
    age = (_month_index(date) - p.birth) // 12
    return (p.entry <= _day(date)) & (age >= MIN_AGE) & (age <= MAX_AGE)


def _aged_out(rng: np.random.Generator, t: _Targets, core: _People) -> _People:
    """Older birth cohorts who had turned 26 by the as-at date but were in the earlier snapshots.
    Their former-UASC numbers are solved so that the growth to the as-at date matches the report."""
    s = _month_index(t.as_at)
    first = _month_index(t.snapshot_dates[0])
    # Birth months old enough to be 26 on the as-at date, young enough to be 25 at the first snapshot.
    months = np.arange(first - 12 * (MAX_AGE + 1) + 1, s - 12 * (MAX_AGE + 1) + 1)
    per_month = t.age_counts[MAX_AGE] / 12 * AGED_OUT_DECLINE ** ((s - 12 * MAX_AGE - months) / 12)
    counts = np.floor(per_month + rng.random(len(months))).astype(int)
    birth = np.repeat(months, counts)

    growth_from = _month_index(t.uasc_growth_from)
    core_then = int((_in_cohort_on(core, t.uasc_growth_from) & core.uasc).sum())
    needed = _round_half_up(int(core.uasc.sum()) / (1 + t.uasc_growth) - core_then)
    # Former-UASC still 25 or under at the growth start date carry that calibration; older ones
    # keep the same density per birth month.
    window = birth > growth_from - 12 * (MAX_AGE + 1)
    uasc = np.zeros(len(birth), dtype=bool)
    in_window = np.flatnonzero(window)
    n_window = min(max(needed, 0), len(in_window))
    uasc[rng.choice(in_window, n_window, replace=False)] = True
    older = np.flatnonzero(~window)
    density = n_window / max(len(in_window), 1)
    uasc[rng.choice(older, _round_half_up(density * len(older)), replace=False)] = True

    q_rate = t.qualifying / sum(n for a, n in t.age_counts.items() if a >= 18)
    qual = ~uasc & (rng.random(len(birth)) < q_rate)
    # No upper bound needed: every route in (16-17, or 18-21 for Qualifying) closed before the as-at date.
    entry = _entries(rng, birth, uasc, qual, latest=None)
    return _People(birth, uasc, qual, entry, np.zeros(len(birth), dtype=bool))


def _later_entrants(rng: np.random.Generator, t: _Targets, core: _People) -> _People:
    """People who join after the as-at date, so the last snapshots keep growing: 15-year-olds turning
    16, new UASC arrivals and new Qualifying requests, at the rates seen in the year to the as-at date."""
    s = _month_index(t.as_at)
    last = t.snapshot_dates[-1]
    months_after = _month_index(last) - s
    start, end = _day(t.as_at) + np.timedelta64(1, "D"), _day(last)
    year_ago = _day(t.as_at) - np.timedelta64(365, "D")
    recent = core.entry > year_ago
    looked_after = ~core.uasc & ~core.qualifying

    parts = []
    # Turning 16 after the as-at date, at the monthly rate of the youngest published year.
    per_month = float((looked_after & ((s - core.birth) // 12 == MIN_AGE)).sum()) / 12
    births = np.repeat(np.arange(s - 12 * MIN_AGE + 1, s - 12 * MIN_AGE + months_after + 1),
                       np.floor(per_month + rng.random(months_after)).astype(int))
    parts.append((births, np.zeros(len(births), bool), np.zeros(len(births), bool)))

    for flag in ("uasc", "qualifying"):
        mask = getattr(core, flag) & recent
        n = int(np.floor(mask.sum() * months_after / 12 + rng.random()))
        arrival = _uniform_days(rng, np.full(n, start), np.full(n, end))
        lo_age, hi_age = (MIN_AGE, 18) if flag == "uasc" else (18, 22)
        age_months = rng.integers(lo_age * 12, hi_age * 12, n)
        arrival_month = arrival.astype("datetime64[M]").astype(int) + 1970 * 12
        births = arrival_month - age_months
        parts.append((births, np.full(n, flag == "uasc"), np.full(n, flag == "qualifying")))

    birth = np.concatenate([p[0] for p in parts]).astype(int)
    uasc = np.concatenate([p[1] for p in parts])
    qual = np.concatenate([p[2] for p in parts])
    entry = _entries(rng, birth, uasc, qual, latest=end, earliest=start)
    return _People(birth, uasc, qual, entry, np.zeros(len(birth), dtype=bool))


def _exact_flags(rng: np.random.Generator, core: np.ndarray, group: np.ndarray, k: int, rate: float) -> np.ndarray:
    """Exactly ``k`` of the core members of ``group`` get the flag; everyone else outside the core
    gets it with probability ``rate``."""
    flag = rng.random(len(core)) < rate
    members = np.flatnonzero(core & group)
    flag[members] = False
    flag[rng.choice(members, min(max(k, 0), len(members)), replace=False)] = True
    return flag


def _demographics(rng: np.random.Generator, p: _People, t: _Targets) -> pd.DataFrame:
    core, uasc = p.core, p.uasc
    n_uasc = int((core & uasc).sum())
    n_other = int((core & ~uasc).sum())

    uasc_male = min(_round_half_up(UASC_MALE_RATE * n_uasc), t.male)
    male = _exact_flags(rng, core, uasc, uasc_male, UASC_MALE_RATE) & uasc
    male |= _exact_flags(rng, core, ~uasc, t.male - uasc_male, (t.male - uasc_male) / n_other) & ~uasc

    uasc_dis = min(_round_half_up(UASC_DISABLED_RATE * n_uasc), t.disabled)
    disabled = _exact_flags(rng, core, uasc, uasc_dis, UASC_DISABLED_RATE) & uasc
    disabled |= _exact_flags(rng, core, ~uasc, t.disabled - uasc_dis, (t.disabled - uasc_dis) / n_other) & ~uasc

    uasc_white = min(_round_half_up(UASC_WHITE_RATE * n_uasc), t.white)
    white = _exact_flags(rng, core, uasc, uasc_white, UASC_WHITE_RATE) & uasc
    white |= _exact_flags(rng, core, ~uasc, t.white - uasc_white, (t.white - uasc_white) / n_other) & ~uasc

    u = rng.random(len(p))
    ethnicity = np.where(uasc, _pick(u, NON_WHITE_GROUPS, UASC_NON_WHITE), _pick(u, NON_WHITE_GROUPS, NON_UASC_NON_WHITE))
    ethnicity[white] = "White"
    return pd.DataFrame({"male": male, "disabled": disabled, "ethnicity": ethnicity})


def _relevant_dates(rng: np.random.Generator, p: _People, t: _Targets) -> np.ndarray:
    """The date a looked-after child left care before 18 (becoming Relevant), or NaT. The number who
    are Relevant on the as-at date is made exact."""
    n = len(p)
    looked_after = ~p.uasc & ~p.qualifying
    eighteen = _months_to_days(p.birth + 18 * 12)
    as_at = _day(t.as_at)
    s = _month_index(t.as_at)
    young_core = p.core & looked_after & ((s - p.birth) // 12 < 18)
    # Leaving at a uniform point of the 16-17 years, a person is Relevant on a given day about half
    # the time, so twice the target rate yields roughly the right number at every snapshot.
    rate = min(1.0, 2 * t.relevant / max(int(young_core.sum()), 1))
    left = looked_after & (rng.random(n) < rate)
    dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    dates[left] = _uniform_days(rng, p.entry[left], eighteen[left] - np.timedelta64(1, "D"))

    relevant_now = np.flatnonzero(young_core & (dates <= as_at))
    if len(relevant_now) > t.relevant:
        dates[rng.choice(relevant_now, len(relevant_now) - t.relevant, replace=False)] = np.datetime64("NaT")
    elif len(relevant_now) < t.relevant:
        pool = np.flatnonzero(young_core & ~(dates <= as_at))
        add = rng.choice(pool, t.relevant - len(relevant_now), replace=False)
        dates[add] = _uniform_days(rng, p.entry[add], np.full(len(add), as_at))
    return dates


def _events(rng: np.random.Generator, p: _People, t: _Targets, count: int, eligible: np.ndarray) -> np.ndarray:
    """A date inside the snapshot window on which ``count`` eligible people reach a permanent state."""
    dates = np.full(len(p), np.datetime64("NaT"), dtype="datetime64[D]")
    lo = np.maximum(p.entry, _months_to_days(p.birth + 18 * 12))
    lo = np.maximum(lo, _day(t.snapshot_dates[0]) - np.timedelta64(365, "D"))
    hi = np.minimum(_months_to_days(p.birth + (MAX_AGE + 1) * 12), _day(t.snapshot_dates[-1]))
    pool = np.flatnonzero(eligible & (hi > lo))
    chosen = rng.choice(pool, min(count, len(pool)), replace=False)
    dates[chosen] = _uniform_days(rng, lo[chosen], hi[chosen])
    return dates


# ---------------------------------------------------------------- quarterly attributes


def _atoms(kpis: list[_Kpi]) -> list[tuple[int, int]]:
    """Split 16-25 into the smallest age groups from which every KPI of a measure can be built."""
    cuts = {MIN_AGE, MAX_AGE + 1} | {k.age_min for k in kpis} | {k.age_max + 1 for k in kpis}
    cuts_sorted = sorted(c for c in cuts if MIN_AGE <= c <= MAX_AGE + 1)
    return [(lo, hi - 1) for lo, hi in zip(cuts_sorted, cuts_sorted[1:])]


def _atom_successes(kpis: list[_Kpi], measure: str, day: int, age: np.ndarray, denom: np.ndarray) -> list[tuple[np.ndarray, int]]:
    """For each age group: its rows and the number of successes that puts every KPI of the measure
    on its (interpolated) published rate. Nested KPIs (19 inside 19-21) are solved smallest first."""
    atoms = _atoms(kpis)
    masks = [denom & (age >= lo) & (age <= hi) for lo, hi in atoms]
    sizes = np.array([m.sum() for m in masks])
    k: list[int | None] = [None] * len(atoms)

    def covered(kpi: _Kpi) -> list[int]:
        return [i for i, (lo, hi) in enumerate(atoms) if lo >= kpi.age_min and hi <= kpi.age_max]

    for kpi in sorted(kpis, key=lambda x: len(covered(x))):
        idx = covered(kpi)
        rate = float(np.interp(day, kpi.dates, kpi.values)) / 100
        total = _round_half_up(rate * sizes[idx].sum())
        unset = [i for i in idx if k[i] is None]
        if not unset:
            continue
        rest = total - sum(k[i] for i in idx if k[i] is not None)
        for i, share in zip(unset, _largest_remainder(max(rest, 0), sizes[unset])):
            k[i] = int(share)
    oldest = max(kpis, key=lambda x: x.age_max)
    default = float(np.interp(day, oldest.dates, oldest.values)) / 100 + DEFAULT_RATE_OFFSET[measure]
    return [(m, k[i] if k[i] is not None else _round_half_up(default * sizes[i])) for i, m in enumerate(masks)]


def _choose(scores: np.ndarray, rows: np.ndarray, k: int, forced: np.ndarray | None = None) -> np.ndarray:
    """Exactly ``k`` of ``rows`` (clamped to what is possible), highest scores first, ``forced`` rows
    always in."""
    idx = np.flatnonzero(rows)
    s = scores[idx].copy()
    n_forced = 0
    if forced is not None:
        f = forced[idx]
        s[f] = np.inf
        n_forced = int(f.sum())
    k = int(min(max(k, n_forced), len(idx)))
    out = np.zeros(len(rows), dtype=bool)
    out[idx[_top_k(s, k)]] = True
    return out


ACTIV_EET_YOUNG = (("F2", "P2", "F4", "P4", "F5", "P5"), (0.55, 0.05, 0.12, 0.03, 0.20, 0.05))
ACTIV_EET_OLDER = (("F2", "P2", "F4", "P4", "F5", "P5"), (0.20, 0.05, 0.15, 0.05, 0.40, 0.15))
ACCOM_SUITABLE = {
    16: (("B", "C", "D", "E", "K", "U", "Y"), (0.10, 0.15, 0.30, 0.15, 0.05, 0.05, 0.20)),
    18: (("B", "D", "E", "K", "T", "U", "Y", "Z"), (0.10, 0.20, 0.10, 0.05, 0.05, 0.25, 0.05, 0.20)),
    21: (("B", "D", "K", "T", "U", "Y", "Z"), (0.15, 0.05, 0.10, 0.03, 0.55, 0.07, 0.05)),
}
ACCOM_UNSUITABLE = {
    16: (("S", "V", "W", "D", "K", "B"), (0.10, 0.30, 0.10, 0.25, 0.10, 0.15)),
    18: (("S", "V", "W", "U", "K", "B", "D"), (0.15, 0.20, 0.10, 0.25, 0.10, 0.10, 0.10)),
    21: (("S", "V", "W", "U", "K", "B"), (0.15, 0.15, 0.10, 0.35, 0.15, 0.10)),
}


def _by_age_band(u: np.ndarray, age: np.ndarray, table: dict[int, tuple[tuple[str, ...], tuple[float, ...]]]) -> np.ndarray:
    out = np.empty(len(u), dtype=object)
    bands = sorted(table)
    for i, lo in enumerate(bands):
        hi = bands[i + 1] - 1 if i + 1 < len(bands) else MAX_AGE
        m = (age >= lo) & (age <= hi)
        out[m] = _pick(u[m], *table[lo])
    return out


def _snapshots(rng: np.random.Generator, p: _People, demo: pd.DataFrame, t: _Targets,
               relevant_from: np.ndarray, died: np.ndarray, rhom: np.ndarray) -> pd.DataFrame:
    n, periods = len(p), len(t.snapshot_dates)
    names = ("touch", "custody", "uni", "unassessed", "eet", "accom", "plan", "loc_unknown", "loc")
    latent = {name: _latent(rng, n, periods) for name in names}
    # Fixed personal choices keep codes stable for anyone whose category does not change.
    u_touch, u_activ, u_suit, u_unsuit, u_neet, u_ghr = rng.random((6, n))
    custody_wobble = rng.integers(-1, 2, periods)
    male = demo["male"].to_numpy()
    disabled = demo["disabled"].to_numpy()
    by_measure: dict[str, list[_Kpi]] = {}
    for k in t.kpis:
        by_measure.setdefault(k.measure, []).append(k)
    as_at_index = t.snapshot_dates.index(t.as_at)

    frames = []
    for ti, date in enumerate(t.snapshot_dates):
        day, dday = date.toordinal(), _day(date)
        years_from_as_at = (date - t.as_at).days / 365.25
        members = np.flatnonzero(_in_cohort_on(p, date))
        m = len(members)
        age = ((_month_index(date) - p.birth[members]) // 12).astype(int)
        uasc = p.uasc[members]
        score = {name: latent[name][members, ti] for name in names}

        legal = np.where(age < 18, "Eligible", "Former Relevant").astype(object)
        legal[(age < 18) & (relevant_from[members] <= dday)] = "Relevant"
        legal[(age >= 18) & p.qualifying[members]] = "Qualifying"

        in_touch = np.full(m, "YES", dtype=object)
        in_touch[rhom[members] <= dday] = "RHOM"
        in_touch[died[members] <= dday] = "DIED"
        active = in_touch == "YES"

        # Custody (18+, leaning older and male) and the few 19+ whose accommodation is abroad,
        # deported or not known come first: both are in touch, and both use up accommodation places.
        k_custody = t.custody if ti == as_at_index else max(0, t.custody + int(custody_wobble[ti]) - 1)
        custody = _choose(score["custody"] + 0.8 * (age >= 22) + 0.8 * male[members], active & (age >= 18), k_custody)
        k_ghr = _round_half_up(UNASSESSED_ACCOM_RATE * m)
        ghr = _choose(score["unassessed"] + 1.5 * (age >= 22), active & ~custody & (age >= 19), k_ghr)

        # The EET and accommodation targets are fixed now, so that keeping in touch cannot leave an
        # age group with fewer care leavers in touch than its targets need.
        eet_targets = _atom_successes(by_measure["eet"], "eet", day, age, active)
        accom_targets = _atom_successes(by_measure["accommodation"], "accommodation", day, age, active & ~ghr)
        limits = [(rows, int((rows & ~custody).sum()) - k) for rows, k in eet_targets + accom_targets]

        # Keeping in touch: the out-of-touch total per group is exact, spread over single years of age.
        for rows, k_yes in _atom_successes(by_measure["kit"], "kit", day, age, active):
            can_lose = rows & ~custody & ~ghr
            ages_here = np.unique(age[rows])
            sizes = np.array([(can_lose & (age == a)).sum() for a in ages_here])
            weights = np.array([NOT_IN_TOUCH_AGE_WEIGHT[a] for a in ages_here]) * sizes
            per_age = _allocate_capped(int(rows.sum()) - k_yes, weights, sizes,
                                       [(np.array([(r & (age == a)).any() for a in ages_here]), cap) for r, cap in limits])
            for a, k_a in zip(ages_here, per_age):
                out = _choose(score["touch"], can_lose & (age == a), int(k_a))
                older = age[out] >= 21
                code = np.where(u_touch[members][out] < np.where(older, 0.3, 0.5), "NO",
                                np.where(u_touch[members][out] < np.where(older, 0.5, 0.85), "REFU", "NREQ"))
                in_touch[out] = code
            lost = rows & active & (in_touch != "YES")
            limits = [(r, cap - int((lost & r).sum())) for r, cap in limits]
        yes = in_touch == "YES"

        k_uni = _round_half_up(t.university * (1 + UNIVERSITY_GROWTH_PER_YEAR * years_from_as_at))
        k_uni_uasc = _round_half_up(k_uni * t.university_uasc / t.university)
        uni_rows = yes & ~custody & ~ghr & (age >= 18) & (age <= 24)
        uni_score = score["uni"] + 0.5 * ((age >= 19) & (age <= 21))
        at_uni = _choose(uni_score, uni_rows & uasc, k_uni_uasc) | _choose(uni_score, uni_rows & ~uasc, k_uni - k_uni_uasc)

        # Education, employment and training.
        eet = np.zeros(m, dtype=bool)
        # Former-UASC have high EET, especially at 16-17 (as published care-leaver evidence commonly reports).
        eet_score = score["eet"] + 0.6 * uasc + 0.8 * (uasc & (age < 18)) - 0.4 * disabled[members]
        for rows, k in eet_targets:
            eet |= _choose(eet_score, rows & yes & ~custody, k, forced=at_uni)
        activ = np.full(m, "0", dtype=object)
        ua = u_activ[members]
        activ[eet] = np.where(age[eet] <= 18, _pick(ua[eet], *ACTIV_EET_YOUNG), _pick(ua[eet], *ACTIV_EET_OLDER))
        activ[at_uni] = np.where(ua[at_uni] < 0.85, "F1", "P1")
        neet = yes & ~eet
        un = u_neet[members]
        female = ~male[members]
        activ[neet] = np.where(disabled[members][neet] & (un[neet] < 0.6), "G4",
                               np.where(female[neet] & (age[neet] >= 18) & (un[neet] < 0.3), "G6", "G5"))

        # Accommodation.
        accom = np.full(m, "0", dtype=object)
        suitable = np.zeros(m, dtype=bool)
        accom_score = score["accom"] + 0.3 * eet
        for rows, k in accom_targets:
            suitable |= _choose(accom_score, rows & yes & ~custody & ~ghr, k)
        accom[suitable] = _by_age_band(u_suit[members][suitable], age[suitable], ACCOM_SUITABLE) + "1"
        unsuitable = yes & ~suitable & ~custody & ~ghr
        accom[unsuitable] = _by_age_band(u_unsuit[members][unsuitable], age[unsuitable], ACCOM_UNSUITABLE) + "2"
        accom[custody] = "X2"
        ug = u_ghr[members][ghr]
        accom[ghr] = np.where(uasc[ghr], np.where(ug < 0.3, "H2", "G1"), np.where(ug < 0.5, "R2", "G1"))

        # Pathway Plans: Qualifying care leavers need none; out-of-touch plans fall behind first.
        plan = np.zeros(m, dtype=bool)
        plan_rows = active & (legal != "Qualifying")
        for rows, k in _atom_successes(by_measure["pathway_plan"], "pathway_plan", day, age, plan_rows):
            plan |= _choose(score["plan"] + 2.0 * yes, rows, k)

        # Location: whereabouts unknown goes to those out of touch first; the in-county share is
        # exact on the as-at date and drifts mildly either side of it.
        shares = t.location_shares
        k_unknown = _round_half_up(shares["Unknown"] * m)
        unknown_score = score["loc_unknown"] + 3.0 * np.isin(in_touch, ("NO", "REFU")) + 3.0 * (accom == "R2") - 5.0 * ~active
        unknown = _choose(unknown_score, np.ones(m, dtype=bool), k_unknown)
        in_share = shares["In county"] - IN_COUNTY_DRIFT_PER_YEAR * years_from_as_at
        in_county = _choose(score["loc"] + 0.5 * ~uasc, ~unknown, _round_half_up(in_share * m))
        location = np.where(unknown, "Unknown", np.where(in_county, "In county", "Out of county"))

        frames.append(pd.DataFrame({
            "snapshot_date": [date] * m,
            "row": members,
            "age": age.astype("int64"),
            "legal_status": legal.astype(str),
            "location": location.astype(str),
            "in_custody": custody,
            "at_university": at_uni,
            "in_touch": in_touch.astype(str),
            "activ": activ.astype(str),
            "accom": accom.astype(str),
            "pathway_plan_up_to_date": plan,
        }))
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- public API


def generate(cfg: config.AuthorityConfig | None = None, seed: int | None = None) -> SyntheticData:
    """Generate the SYNTHETIC cohort and its quarterly snapshots, calibrated to the pack's evidence
    (default: the pack in use) with the pack's ``[synthetic]`` settings; ``seed`` overrides its seed."""
    cfg = cfg or config.load()
    if cfg.synthetic is None:
        raise ValueError(f"{cfg.path}: no [synthetic] settings, so no synthetic cohort")
    targets = _read_targets(cfg, cfg.synthetic)
    rng = np.random.default_rng(cfg.synthetic.seed if seed is None else seed)

    core = _core_cohort(rng, targets)
    people = _People.concat([core, _aged_out(rng, targets, core), _later_entrants(rng, targets, core)])
    demo = _demographics(rng, people, targets)
    relevant_from = _relevant_dates(rng, people, targets)
    adult_leavers = ~people.uasc
    died = _events(rng, people, targets, N_DIED, np.ones(len(people), dtype=bool))
    # Returning home to parents is open to those with family here, and not to anyone who has died.
    rhom = _events(rng, people, targets, N_RHOM, adult_leavers & np.isnat(died))

    snaps = _snapshots(rng, people, demo, targets, relevant_from, died, rhom)

    # Identifiers are shuffled so their order reveals nothing about how a person was generated.
    ids = np.array([f"SYN-{i:06d}" for i in rng.permutation(len(people)) + 1], dtype=object)
    entry_dates = people.entry.astype("datetime64[D]").astype(object)
    birth_dates = _months_to_days(people.birth).astype(object)
    care_leavers = pd.DataFrame({
        "person_id": ids.astype(str),
        "birth_month": birth_dates,
        "sex": np.where(demo["male"], "Male", "Female").astype(str),
        "disability": demo["disabled"].to_numpy(dtype=bool),
        "ethnicity_group": demo["ethnicity"].to_numpy().astype(str),
        "uasc": people.uasc.astype(bool),
        "entry_date": entry_dates,
        "qualifying": people.qualifying.astype(bool),
    })
    care_leavers = care_leavers.sort_values("person_id", ignore_index=True)

    snaps.insert(1, "person_id", ids[snaps.pop("row").to_numpy()].astype(str))
    snaps = snaps.sort_values(["snapshot_date", "person_id"], ignore_index=True)
    return SyntheticData(care_leavers=care_leavers, snapshots=snaps)
