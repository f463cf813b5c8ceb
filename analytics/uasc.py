"""Former unaccompanied asylum-seeking children (UASC) among care leavers: share, growth, the National
Transfer Scheme (NTS) threshold, EET, and the Home Office grant.

Published evidence behind it, all from the authority's pack:

- ``uasc_share_by_age``: the former-UASC share of care leavers at each age the source gives, and
  its group averages. A source may average the ages' percentages rather than pool them, each age
  counting once whatever its size: (23.5 + 37) / 2 = 30.25 where the pooled share would weight each
  age by its size; ``simple_mean`` and ``truncate`` reproduce such printed averages.
- ``reference_figures``: the growth in former-UASC care leavers (``former_uasc_growth``, measured
  from ``former_uasc_growth_from``), their share of the cohort now and expected, the UASC in care
  and the National Transfer Scheme threshold (a rate of the 0-17 population), EET of former UASC.
- The Home Office grant rates: the pack's ``[grant_rates]`` settings, else its reference figures.

Worked example (the grant): ten under-18s who arrived in the county, for a year, at £100 a day
bring 10 × £100 × 365 = £365,000::

    >>> rates = GrantRates(100, 130, 250)
    >>> grant_estimate({"under_18": 10}, rates, nts_share_percent=0).total
    365000.0
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analytics import config, db, formatting
from analytics.cohort import growth_percent, nearest_snapshot, reference_figures_by_id
from analytics.national import MEASURES as DFE_MEASURES
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_frame, suppress_mask
from analytics.findings import count_phrase

# The figures the page's published comparisons need (reference_figures).
FIGURE_IDS = (
    "former_uasc_growth", "former_uasc_share_of_cohort", "former_uasc_share_expected_2025", "uasc_in_care",
    "nts_threshold_rate", "nts_threshold",
)
DAYS_PER_YEAR = 365
WEEKS_PER_YEAR = 52
# The report gives no split of under-18 arrivals between the two daily rates; half and half is a
# neutral starting point that the page lets the reader change.
DEFAULT_NTS_SHARE_PERCENT = 50.0


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def simple_mean(values: Sequence[float]) -> float:
    """The mean of percentages, each age counting once whatever its size: how some sources average shares by age."""
    return sum(values) / len(values)


def truncate(value: float, decimals: int) -> float:
    """Cut (not round) to ``decimals`` places: a source may print 24.67 as 24.6."""
    factor = 10**decimals
    return math.floor(value * factor + 1e-9) / factor


def _hide(frame: pd.DataFrame, hidden: Sequence[bool], cols: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in cols:
        out[col] = [SUPPRESSED if h else v for v, h in zip(frame[col], hidden)]
        out[col] = out[col].astype(object)
    out["suppressed"] = list(hidden)
    return out


def _suppress_parts(frame: pd.DataFrame, keys: list[str], part: str, whole: str, share: str) -> pd.DataFrame:
    """Suppress a part-of-whole count and its share: within each row the part and the rest (whole
    minus part) are a breakdown of the whole, so if either is below 5 both are hidden."""
    rest = frame[whole] - frame[part]
    long = pd.concat(
        [frame[keys].assign(n=frame[part].to_numpy()), frame[keys].assign(n=rest.to_numpy())], ignore_index=True
    )
    hidden = suppress_frame(long, "n", by=keys)["suppressed"].to_numpy()
    out = _hide(frame, hidden[: len(frame)] | hidden[len(frame) :], (part, share))
    out[whole] = [SUPPRESSED if w < THRESHOLD else int(w) for w in frame[whole]]
    out[whole] = out[whole].astype(object)
    return out


# --- Share by age (uasc_share_by_age) ---------------------------------------------------------------------


def share_by_age(snapshot_date: dt.date) -> pd.DataFrame:
    """Former-UASC share of care leavers at each age 16-25.

    Columns: age (int), care_leavers (int), former_uasc (int), percent (float), age_group (str,
    the published group or missing), published_percent (float, published or NaN), published_group_average."""
    frame = db.query("uasc_share_by_single_age", {"snapshot_date": snapshot_date})
    for col in ("age", "care_leavers", "former_uasc"):
        frame[col] = frame[col].astype(int)
    frame["percent"] = (100.0 * frame["former_uasc"] / frame["care_leavers"].where(frame["care_leavers"] > 0)).fillna(0.0)
    return frame[["age", "care_leavers", "former_uasc", "percent", "age_group", "published_percent", "published_group_average"]]


def suppressed_share_by_age(by_age: pd.DataFrame) -> pd.DataFrame:
    """``share_by_age`` with small former-UASC (or other) counts and their shares read 'c'.

    The ages add up to the former-UASC total shown elsewhere, so one hidden age alone could be
    recovered by subtraction: the age with the next smallest former-UASC count is hidden too."""
    out = _suppress_parts(by_age, ["age"], "former_uasc", "care_leavers", "percent")
    hidden = out["suppressed"].tolist()
    if sum(hidden) == 1 and len(hidden) > 1:
        _, position = min((n, i) for i, (n, h) in enumerate(zip(by_age["former_uasc"], hidden)) if not h)
        hidden[position] = True
    return _hide(out, hidden, ("former_uasc", "percent"))


def share_by_group(by_age: pd.DataFrame) -> pd.DataFrame:
    """The published cohort groups two ways, and the whole 16-25 cohort pooled.

    Columns: age_group, ages (text), care_leavers, former_uasc, pooled_percent (former UASC / care
    leavers in the group), simple_mean_percent (mean of the ages' shares, as some sources average),
    published_group_average (as printed), published_simple_mean (recomputed from the printed ages).
    """
    rows = []
    for group, ages in by_age.dropna(subset=["age_group"]).groupby("age_group", sort=False):
        rows.append(
            {
                "age_group": group,
                "ages": ", ".join(str(a) for a in ages["age"]),
                "care_leavers": int(ages["care_leavers"].sum()),
                "former_uasc": int(ages["former_uasc"].sum()),
                "simple_mean_percent": simple_mean(ages["percent"].tolist()),
                "published_group_average": float(ages["published_group_average"].iloc[0]),
                "published_simple_mean": simple_mean(ages["published_percent"].tolist()),
            }
        )
    rows.append(
        {
            "age_group": f"All {by_age['age'].min()}-{by_age['age'].max()}",
            "ages": f"{by_age['age'].min()}-{by_age['age'].max()}",
            "care_leavers": int(by_age["care_leavers"].sum()),
            "former_uasc": int(by_age["former_uasc"].sum()),
            "simple_mean_percent": math.nan,
            "published_group_average": math.nan,
            "published_simple_mean": math.nan,
        }
    )
    out = pd.DataFrame(rows)
    out["pooled_percent"] = (100.0 * out["former_uasc"] / out["care_leavers"].where(out["care_leavers"] > 0)).fillna(0.0)
    return out[
        ["age_group", "ages", "care_leavers", "former_uasc", "pooled_percent", "simple_mean_percent",
         "published_group_average", "published_simple_mean"]
    ]


def suppressed_share_by_group(by_age: pd.DataFrame) -> pd.DataFrame:
    """``share_by_group`` with a group's counts and shares read 'c' when any of its ages is hidden:
    a group total, or the mean of its ages' shares, would otherwise give the hidden age away.
    Columns as ``share_by_group`` plus suppressed."""
    groups = share_by_group(by_age)
    ages = suppressed_share_by_age(by_age)
    hidden_groups = set(by_age.loc[ages["suppressed"].to_numpy(), "age_group"].dropna())
    hidden = [g in hidden_groups for g in groups["age_group"]]
    # The last row, the whole cohort, is the total the page shows anyway; only a small one is hidden.
    hidden[-1] = int(groups["former_uasc"].iloc[-1]) < THRESHOLD
    return _hide(groups, hidden, ("former_uasc", "pooled_percent", "simple_mean_percent"))


def share_by_age_finding(by_age: pd.DataFrame, snapshot_date: dt.date) -> str:
    """Which age has the highest former-UASC share, never quoting a suppressed one."""
    shown = suppressed_share_by_age(by_age)
    visible = shown[~shown["suppressed"] & (by_age["care_leavers"] > 0)]
    if visible.empty:
        return f"Too few former-UASC care leavers at {snapshot_date:%b %Y} to show shares by age"
    top = visible.loc[visible["percent"].astype(float).idxmax()]
    return f"At {snapshot_date:%b %Y}, {_pct(top['percent'])} of {top['age']}-year-old care leavers are former UASC, the highest share of any age"


# --- Growth and share over time ---------------------------------------------------------------


def uasc_trend(snapshot_date: dt.date) -> pd.DataFrame:
    """Columns: snapshot_date (date), care_leavers (int), former_uasc (int), percent (float), for
    every snapshot up to ``snapshot_date``."""
    frame = db.query("uasc_trend", {"snapshot_date": snapshot_date})
    frame["snapshot_date"] = frame["snapshot_date"].map(_as_date)
    for col in ("care_leavers", "former_uasc"):
        frame[col] = frame[col].astype(int)
    frame["percent"] = 100.0 * frame["former_uasc"] / frame["care_leavers"]
    return frame


def suppressed_trend(trend: pd.DataFrame) -> pd.DataFrame:
    return _suppress_parts(trend, ["snapshot_date"], "former_uasc", "care_leavers", "percent")


@dataclass(frozen=True)
class UascGrowth:
    """Growth in former-UASC care leavers from the snapshot nearest the report's start date."""

    published_from: dt.date
    published_to: dt.date
    published_growth: float
    snapshot_from: dt.date | None
    snapshot_to: dt.date
    count_from: int | None
    count_to: int

    @property
    def before_baseline(self) -> bool:
        """The chosen snapshot is not after the report's start date, so there is no growth since it to measure."""
        return self.snapshot_from is None or self.snapshot_to <= self.published_from

    @property
    def growth(self) -> float | None:
        if self.before_baseline or self.count_from is None or self.count_from < THRESHOLD or self.count_to < THRESHOLD:
            return None
        return growth_percent(self.count_from, self.count_to)

    def title(self) -> str:
        """The finding, short enough for a chart title."""
        if self.before_baseline:
            return (
                f"No growth to measure at {self.snapshot_to:%b %Y}: the report's growth runs from "
                f"{self.published_from:%b %Y}, and this snapshot is not after it"
            )
        if self.growth is None:
            return f"Too few former-UASC care leavers to measure growth since {self.published_from:%b %Y}"
        return (
            f"Former-UASC care leavers {'rose' if self.growth >= 0 else 'fell'} {abs(self.growth):.0f}% from "
            f"{self.snapshot_from:%b %Y} to {self.snapshot_to:%b %Y} (report: +{self.published_growth:g}%)"
        )

    def finding(self) -> str:
        published = (
            f"the report quotes +{self.published_growth:g}% from {self.published_from:%b %Y} to {self.published_to:%b %Y}"
        )
        if self.before_baseline:
            return (
                f"There is no growth to measure at {self.snapshot_to:%b %Y}: growth runs from {self.published_from:%b %Y}, "
                f"when the report's figure starts, and this snapshot is not after it; {published}"
            )
        if self.growth is None:
            return f"Too few former-UASC care leavers to measure growth since {self.published_from:%b %Y}; {published}"
        nearest = "" if self.snapshot_from == self.published_from else f" (the nearest snapshot to {self.published_from:%b %Y})"
        return (
            f"Former-UASC care leavers {'rose' if self.growth >= 0 else 'fell'} from {formatting.count(self.count_from)} at "
            f"{self.snapshot_from:%b %Y}{nearest} to {formatting.count(self.count_to)} at {self.snapshot_to:%b %Y} "
            f"({self.growth:+.0f}%); {published}"
        )


def published_growth_from() -> dt.date:
    """The start of the published former-UASC growth figure: the as_at of ``former_uasc_growth_from``
    in reference_figures, else the pack's ``[synthetic] uasc_growth_from``."""
    frame = db.query("reference_figures_by_id", {"ids": ["former_uasc_growth_from"]})
    if len(frame):
        return pd.Timestamp(frame["as_at"].iloc[0]).date()
    settings = config.load().synthetic
    if settings is None:
        raise KeyError("reference figures not in the store: former_uasc_growth_from")
    return settings.uasc_growth_from


def uasc_growth(trend: pd.DataFrame) -> UascGrowth:
    """Growth over ``uasc_trend`` from the snapshot nearest the published growth's start to its last snapshot."""
    figure = reference_figures_by_id(["former_uasc_growth"]).iloc[0]
    growth_from = published_growth_from()
    last = trend.iloc[-1]
    dates = [d for d in trend["snapshot_date"] if d < last["snapshot_date"]]
    start = nearest_snapshot(growth_from, dates) if dates else None
    count_from = int(trend.set_index("snapshot_date").loc[start, "former_uasc"]) if start else None
    return UascGrowth(
        published_from=growth_from, published_to=figure["as_at"], published_growth=float(figure["value"]),
        snapshot_from=start, snapshot_to=last["snapshot_date"], count_from=count_from, count_to=int(last["former_uasc"]),
    )


@dataclass(frozen=True)
class ShareOutlook:
    """The report's share of former UASC in the cohort now and expected."""

    now_percent: float
    now_as_at: dt.date
    expected_percent: float
    expected_by: dt.date


def share_outlook() -> ShareOutlook:
    figures = reference_figures_by_id(["former_uasc_share_of_cohort", "former_uasc_share_expected_2025"])
    now, expected = figures.iloc[0], figures.iloc[1]
    return ShareOutlook(float(now["value"]), now["as_at"], float(expected["value"]), expected["as_at"])


def share_trend_finding(trend: pd.DataFrame, outlook: ShareOutlook) -> str:
    last = trend.iloc[-1]
    if last["former_uasc"] < THRESHOLD:
        return f"Too few former-UASC care leavers at {last['snapshot_date']:%b %Y} to show their share"
    return (
        f"Former UASC are {_pct(last['percent'])} of care leavers at {last['snapshot_date']:%b %Y}; the report puts it at "
        f"c.{outlook.now_percent:g}% and expects {outlook.expected_percent:g}%+ by {outlook.expected_by:%Y}"
    )


# --- National Transfer Scheme ------------------------------------------------------------------


@dataclass(frozen=True)
class NtsGauge:
    """UASC in care against the NTS threshold (a rate, 0.1% in 2023, of the 0-17 population)."""

    uasc_in_care: int
    population_0_17: int
    rate_percent: float

    @property
    def threshold(self) -> float:
        return self.population_0_17 * self.rate_percent / 100.0

    @property
    def headroom(self) -> float:
        return self.threshold - self.uasc_in_care

    @property
    def percent_of_threshold(self) -> float:
        return 100.0 * self.uasc_in_care / self.threshold if self.threshold else math.inf

    def finding(self) -> str:
        threshold = f"{self.threshold:,.0f}"
        if self.headroom > 0:
            return (
                f"{self.uasc_in_care:,} UASC in care is {self.headroom:,.0f} below the NTS threshold of {threshold}: "
                "the county cannot yet refuse National Transfer Scheme referrals"
            )
        return (
            f"{self.uasc_in_care:,} UASC in care has reached the NTS threshold of {threshold}: "
            "the county may refuse further National Transfer Scheme referrals"
        )


@dataclass(frozen=True)
class NtsDefaults:
    uasc_in_care: int
    uasc_in_care_as_at: dt.date
    rate_percent: float
    published_threshold: int
    population_0_17: int


def nts_defaults() -> NtsDefaults:
    """The published inputs. A source that gives no 0-17 population, only its threshold at a rate, implies
    one: a threshold of 100 at 0.1% is a population of 100 / 0.1% = 100,000."""
    figures = reference_figures_by_id(["uasc_in_care", "nts_threshold_rate", "nts_threshold"]).set_index("figure_id")
    rate = float(figures.loc["nts_threshold_rate", "value"])
    threshold = int(figures.loc["nts_threshold", "value"])
    return NtsDefaults(
        uasc_in_care=int(figures.loc["uasc_in_care", "value"]), uasc_in_care_as_at=figures.loc["uasc_in_care", "as_at"],
        rate_percent=rate, published_threshold=threshold, population_0_17=round(threshold * 100 / rate),
    )


# --- EET ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeGroup:
    label: str
    age_min: int
    age_max: int


def _group(age_min: int, age_max: int) -> AgeGroup:
    return AgeGroup(str(age_min) if age_min == age_max else f"{age_min}-{age_max}", int(age_min), int(age_max))


def eet_age_groups() -> tuple[AgeGroup, ...]:
    """The age groups the EET page uses: the windows of the pack's EET KPIs, leaving out a window that
    lies inside another (EET at 19 inside 19-21), so each care leaver is counted once; a pack with
    no EET KPI gets the DfE's published windows (17-18 and 19-21)."""
    kpis = db.query("outcome_kpis", {"measure": "eet"})
    windows = {(int(a), int(b)) for a, b in zip(kpis["age_min"], kpis["age_max"])}
    if not windows:
        windows = {(m.age_min, m.age_max) for m in DFE_MEASURES.values() if m.kpi_measure == "eet"}
    outer = [w for w in windows if not any(o != w and o[0] <= w[0] and w[1] <= o[1] for o in windows)]
    return tuple(_group(a, b) for a, b in sorted(outer))


def published_eet() -> pd.DataFrame:
    """The report's EET figures for former UASC, in the report's own age groups (reference figures
    ``former_uasc_eet_<min>_<max>``). Columns: age_group, age_min, age_max, published_percent, as_at, source."""
    frame = db.query("uasc_eet_published")
    ages = frame["figure_id"].str.extract(r"^former_uasc_eet_(\d+)_(\d+)$").dropna().astype(int)
    frame = frame.loc[ages.index]
    groups = [_group(a, b) for a, b in zip(ages[0], ages[1])]
    return pd.DataFrame(
        {
            "age_group": [g.label for g in groups], "age_min": [g.age_min for g in groups], "age_max": [g.age_max for g in groups],
            "published_percent": frame["value"].astype(float).to_numpy(), "as_at": [_as_date(d) for d in frame["as_at"]],
            "source": frame["source"].astype(str).to_numpy(),
        }
    ).sort_values("age_min", ignore_index=True)


def published_eet_groups() -> tuple[AgeGroup, ...]:
    """The report's own age groups for former-UASC EET (e.g. 16-17 and 18-21)."""
    published = published_eet()
    return tuple(AgeGroup(g, a, b) for g, a, b in zip(published["age_group"], published["age_min"], published["age_max"]))


def eet_by_uasc(snapshot_date: dt.date, groups: Sequence[AgeGroup] | None = None) -> pd.DataFrame:
    """EET of former UASC and other care leavers in ``groups`` (default: the EET page's, ``eet_age_groups``).

    Columns: age_group, cohort ('Former UASC' or 'Other care leavers'), eet (int), denominator (int),
    percent (float), published_percent (float: the report's figure for former UASC in exactly that
    age group, else NaN)."""
    groups = tuple(groups) if groups is not None else eet_age_groups()
    frame = db.query(
        "uasc_eet",
        {
            "snapshot_date": snapshot_date, "group_labels": [g.label for g in groups],
            "group_mins": [g.age_min for g in groups], "group_maxs": [g.age_max for g in groups],
        },
    )
    for col in ("eet", "denominator"):
        frame[col] = frame[col].astype(int)
    frame["percent"] = (100.0 * frame["eet"] / frame["denominator"].where(frame["denominator"] > 0)).fillna(0.0)
    published = dict(zip(published_eet()["age_group"], published_eet()["published_percent"]))
    frame["published_percent"] = [
        published.get(g, math.nan) if c == "Former UASC" else math.nan for g, c in zip(frame["age_group"], frame["cohort"])
    ]
    return frame[["age_group", "cohort", "eet", "denominator", "percent", "published_percent"]]


def eet_reconciliation(snapshot_date: dt.date) -> pd.DataFrame:
    """The report's former-UASC EET figures beside the snapshots counted in the report's own age
    groups, suppressed. Columns: Age group, Published (%), Snapshots (%), Former UASC in the group."""
    eet = eet_by_uasc(snapshot_date, published_eet_groups())
    shown = suppressed_eet(eet)
    rows = shown[shown["cohort"] == "Former UASC"]
    return pd.DataFrame(
        {
            "Age group (years)": rows["age_group"].to_numpy(),
            "Published, former UASC in EET (%)": [formatting.percent(v) for v in rows["published_percent"]],
            "Snapshots, former UASC in EET (%)": [v if v == SUPPRESSED else formatting.percent(v) for v in rows["percent"]],
            "Former UASC in the group": [v if v == SUPPRESSED else formatting.count(v) for v in rows["denominator"]],
        }
    )


def suppressed_eet(eet: pd.DataFrame) -> pd.DataFrame:
    return _suppress_parts(eet, ["age_group", "cohort"], "eet", "denominator", "percent")


def eet_finding(eet: pd.DataFrame) -> str:
    shown = suppressed_eet(eet).set_index(["cohort", "age_group"])
    groups = list(dict.fromkeys(eet["age_group"]))
    uasc = [shown.loc[("Former UASC", g)] for g in groups]
    other = [shown.loc[("Other care leavers", g)] for g in groups]
    if any(r["suppressed"] for r in uasc + other):
        return "Too few care leavers in one of the groups to compare EET"
    ahead = all(float(u["percent"]) > float(o["percent"]) for u, o in zip(uasc, other))
    lead = "Former UASC are more often in EET than other care leavers" if ahead else "EET of former UASC against other care leavers"
    parts = ", ".join(f"{_pct(u['percent'])} against {_pct(o['percent'])} at {g}" for g, u, o in zip(groups, uasc, other))
    return f"{lead}: {parts}"


# --- Home Office grant -------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantRates:
    """Home Office UASC grant rates in pounds: per day under 18, per week from 18."""

    under_18_in_county_per_day: float
    under_18_nts_per_day: float
    aged_18_plus_per_week: float


def published_grant_rates() -> GrantRates:
    """The pack's ``[grant_rates]`` settings, else the rates among its reference figures."""
    rates = config.load().grant_rates
    if rates is not None:
        return GrantRates(rates.under_18_in_county_per_day, rates.under_18_nts_per_day, rates.aged_18_21_per_week)
    figures = reference_figures_by_id(["grant_under_18_in_county", "grant_under_18_nts", "grant_18_21"])
    return GrantRates(*(float(v) for v in figures["value"]))


def grant_cohort(snapshot_date: dt.date) -> dict[str, int]:
    """Former-UASC care leavers at the snapshot by grant band: under_18, 18_21, 22_25_in_education,
    22_25_not_in_education."""
    frame = db.query("uasc_grant_cohort", {"snapshot_date": snapshot_date})
    return {str(b): int(n) for b, n in zip(frame["grant_band"], frame["former_uasc"])}


@dataclass(frozen=True)
class GrantEstimate:
    """The annual grant, line by line.

    ``lines`` columns: line (str), grant_band (str), young_people (float: an estimate where the
    under-18s are split by the NTS share), rate (float), rate_unit (str), periods_per_year (int),
    annual (float, pounds)."""

    lines: pd.DataFrame
    counts: Mapping[str, int]
    nts_share_percent: float

    @property
    def total(self) -> float:
        return float(self.lines["annual"].sum())


def grant_estimate(counts: Mapping[str, int], rates: GrantRates, nts_share_percent: float) -> GrantEstimate:
    """Annual grant for a cohort held at ``counts`` for a year; ``nts_share_percent`` of the under-18s
    are NTS transfers (the higher daily rate), the rest arrived in the county."""
    if not 0 <= nts_share_percent <= 100:
        raise ValueError("the NTS share is a percentage between 0 and 100")
    under_18 = counts.get("under_18", 0)
    nts = under_18 * nts_share_percent / 100.0
    spec = [
        ("Under 18, arrived in the county", "under_18", under_18 - nts, rates.under_18_in_county_per_day, "£ per day", DAYS_PER_YEAR),
        ("Under 18, National Transfer Scheme", "under_18", nts, rates.under_18_nts_per_day, "£ per day", DAYS_PER_YEAR),
        ("Aged 18-21", "18_21", counts.get("18_21", 0), rates.aged_18_plus_per_week, "£ per week", WEEKS_PER_YEAR),
        ("Aged 22-25 in education", "22_25_in_education", counts.get("22_25_in_education", 0), rates.aged_18_plus_per_week, "£ per week", WEEKS_PER_YEAR),
        ("Aged 22-25 not in education (no grant)", "22_25_not_in_education", counts.get("22_25_not_in_education", 0), 0.0, "none", 0),
    ]
    lines = pd.DataFrame(spec, columns=["line", "grant_band", "young_people", "rate", "rate_unit", "periods_per_year"])
    lines["young_people"] = lines["young_people"].astype(float)
    lines["annual"] = lines["young_people"] * lines["rate"] * lines["periods_per_year"]
    return GrantEstimate(lines, dict(counts), nts_share_percent)


def suppressed_grant_lines(estimate: GrantEstimate) -> pd.DataFrame:
    """The grant lines with small counts (and their pounds) read 'c'.

    The three funded bands are suppressed together (secondary suppression: the total is shown);
    the unfunded band on its own, since its zero pounds reveal nothing about the others."""
    funded = ["under_18", "18_21", "22_25_in_education"]
    hidden = dict(zip(funded, suppress_mask([estimate.counts.get(b, 0) for b in funded])))
    hidden["22_25_not_in_education"] = estimate.counts.get("22_25_not_in_education", 0) < THRESHOLD
    out = estimate.lines.copy()
    mask = out["grant_band"].map(hidden).astype(bool)
    for col in ("young_people", "annual"):
        out[col] = [SUPPRESSED if h else v for v, h in zip(out[col], mask)]
        out[col] = out[col].astype(object)
    out["suppressed"] = mask.to_numpy()
    return out


def grant_assumptions(estimate: GrantEstimate, rates: GrantRates, contribution_share: float) -> list[str]:
    """The estimate's assumptions in words, with the rates actually used."""
    return [
        f"Every former-UASC care leaver aged 16 or 17 attracts the under-18 daily rate: {estimate.nts_share_percent:g}% of them "
        f"at the National Transfer Scheme rate (£{rates.under_18_nts_per_day:,.0f} a day) and the rest at the in-county rate "
        f"(£{rates.under_18_in_county_per_day:,.0f} a day). The report does not publish the split, so it is an input.",
        f"Those aged 18 to 21 attract £{rates.aged_18_plus_per_week:,.0f} a week; those aged 22 to 25 only if they are in "
        "education (higher or other education, SSDA903 ACTIV F1, P1, F2 or P2). The report's '18 to 21 (25 if in education)' "
        "is read as including 21- and 25-year-olds.",
        f"A year is {DAYS_PER_YEAR} days or {WEEKS_PER_YEAR} weeks, and the cohort is held at its size on the snapshot date: "
        "no one turns 18 or ages out, and no one arrives, during the year.",
        "This is the grant the Council receives for these young people towards all the costs of their care and support, not "
        f"only the Leaving Care Service; the report proposes meeting {contribution_share:g}% of the contract cost from it.",
    ]


def contribution_share_percent() -> float:
    """The share of the Leaving Care Service's cost met from the UASC budget: the pack's ``[costs]
    uasc_contribution``, else its reference figure."""
    costs = config.load().costs
    if costs is not None:
        return round(100 * costs.uasc_contribution, 9)
    return float(reference_figures_by_id(["uasc_contribution_share"])["value"].iloc[0])


def grant_finding(estimate: GrantEstimate, snapshot_date: dt.date) -> str:
    people = count_phrase(sum(estimate.counts.values()), "former-UASC care leavers")
    return f"The Home Office grant for the {people} at {snapshot_date:%b %Y} is estimated at £{estimate.total:,.0f} a year"
