"""The authority's pack: who it is, its KPI definitions, its planning assumptions and its evidence.

A pack is one folder, ``config/authorities/<name>/``: ``authority.toml`` (checked here, every key
known or refused with a "did you mean") and the evidence files beside it (``kpi_values.csv``,
``cohort_published.csv`` ...; see ``data/build.py`` for the list), any of which may be absent.
The pack in use is named by the ``AUTHORITY`` environment variable (default ``lincolnshire``, the
reference case), or ``LCI_CONFIG`` names a pack folder or its ``authority.toml`` anywhere on disk.
Nothing in the code names an authority: everything that belongs to one lives in its pack.

Worked example (the reference pack)::

    >>> cfg = load(PACKS_DIR / "lincolnshire")
    >>> (cfg.slug, cfg.la_code)
    ('lincolnshire', 925)
    >>> kpi = cfg.kpi("eet_19")
    >>> (kpi.target, kpi.tolerance_form, kpi.tolerance_below, kpi.tolerance_above)
    (70.0, 'points', 5.0, 5.0)
    >>> cfg.workforce.caseloads["21+"], cfg.costs.uasc_contribution
    (75.0, 0.3)
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import periods as reporting_periods
from analytics.kpi import BANDED_FORM, POLARITIES, TOLERANCE_FORMS, BandScheme, GradeBand

ROOT = Path(__file__).resolve().parent.parent
PACKS_DIR = ROOT / "config" / "authorities"
DEFAULT_PACK = "lincolnshire"
PACK_ENV = "AUTHORITY"
CONFIG_ENV = "LCI_CONFIG"
SETTINGS_FILE = "authority.toml"
# How each KPI is computed from record-level snapshots; mirrors the CHECK on kpi_definitions.measure.
# "returned" is a KPI the provider returns that the 903 records cannot recompute (e.g. care leavers
# with a Personal Adviser): it has values, a grading and comparators, but no record-level rule.
MEASURES = ("kit", "eet", "neet", "accommodation", "pathway_plan", "returned")
# What a KPI's value counts (mirrors the CHECK on kpi_definitions.count_basis): everyone in the age
# window at the period's snapshot; everyone in it at each snapshot of the 12 months to it, pooled;
# or each care leaver once, at the snapshot after their birthday in the window (the DfE's annual basis).
COUNT_BASES = ("snapshot", "rolling_12_months", "birthday_window")
MIN_AGE, MAX_AGE = 16, 25


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or inconsistent; the message names the key."""


@dataclass(frozen=True)
class KpiDefinition:
    """One provider KPI; the fields and their order are the columns of ``kpi_definitions``."""

    kpi_id: str
    name: str
    short_name: str
    measure: str
    age_group: str
    age_min: int
    age_max: int
    unit: str
    polarity: str
    target: float
    tolerance_form: str
    tolerance_below: float
    tolerance_above: float
    published_direction: str
    numerator: str
    denominator: str
    basis: str
    data_source: str
    lag: str
    national_comparator: bool
    source: str
    # The pack's [[gradings]] scheme that grades the KPI, or None for target and tolerance.
    grading: str | None = None
    count_basis: str = "snapshot"


@dataclass(frozen=True)
class AgeBand:
    label: str
    age_min: int
    age_max: int


@dataclass(frozen=True)
class GrantRates:
    """Home Office UASC grant rates in pounds."""

    under_18_in_county_per_day: float
    under_18_nts_per_day: float
    aged_18_21_per_week: float


@dataclass(frozen=True)
class Workforce:
    """Leaving Care Worker assumptions: FTE in post, caseload per FTE by age group, benchmark caseload."""

    lcw_in_post_fte: float
    caseloads: Mapping[str, float]
    benchmark_caseload: float


@dataclass(frozen=True)
class Costs:
    """Budget assumptions; ``uasc_contribution`` is a fraction (0.3 is 30% of the option cost)."""

    uasc_contribution: float


@dataclass(frozen=True)
class IngestSettings:
    """Limits for loading the authority's own files; ``key_file`` is None for the default place."""

    max_file_mb: float
    key_file: Path | None


@dataclass(frozen=True)
class SyntheticSettings:
    """A SYNTHETIC record-level cohort calibrated to the pack's published evidence (``data/synthetic.py``):
    quarterly snapshots from ``first_snapshot`` to ``last_snapshot``; former-UASC growth measured from
    ``uasc_growth_from`` (the date the pack's published growth figure starts)."""

    seed: int
    first_snapshot: dt.date
    last_snapshot: dt.date
    uasc_growth_from: dt.date


@dataclass(frozen=True)
class Wording:
    """Words that belong to the authority's evidence, from the pack's optional ``[wording]`` table.
    ``evidence_document`` names the published document(s) the evidence files are transcribed from;
    ``evidence_short`` is how a sentence refers to them; ``plan`` names the plan whose assumptions
    the Scenarios page opens on; ``cohort_source`` cites the published cohort under cohort charts.
    Each defaults to neutral words that name no document."""

    evidence_document: str = "the evidence files in the authority's pack"
    evidence_short: str = "the authority's published evidence"
    plan: str = "published plan"
    cohort_source: str = "the authority's published cohort"


# Used when a pack gives no [[age_bands]]: the ages the leaving-care duties cover, in the bands the
# DfE's care-leaver statistics and most commissioning reports use.
DEFAULT_AGE_BANDS = ((16, 17), (18, 20), (21, 25))
# The age the leaving-care duties change at (a Personal Adviser to 21, then on request to 25): where
# a pack's [projections] does not say, caseloads by age and growth rates split the cohort here.
DEFAULT_OLDER_FROM_AGE = 21


@dataclass(frozen=True)
class AuthorityConfig:
    path: Path
    name: str
    short_name: str
    # DfE "old LA code" (e.g. 925); None for a fictional authority with no national statistics.
    la_code: int | None
    kpis: tuple[KpiDefinition, ...]
    age_bands: tuple[AgeBand, ...]
    # None where the pack does not give them: the pages that need them say so instead of guessing.
    grant_rates: GrantRates | None
    workforce: Workforce | None
    costs: Costs | None
    synthetic: SyntheticSettings | None
    ingest: IngestSettings
    # How period labels count years ([periods] year): "financial" (April to March) or "calendar".
    period_year: str = "financial"
    gradings: tuple[BandScheme, ...] = ()
    wording: Wording = Wording()
    # The pack's own words for readers ([glossary]: term = "meaning"), beside analytics.glossary's.
    glossary: tuple[tuple[str, str], ...] = ()
    # The bands the cohort is projected in ([[projections.bands]], covering every age 16 to 25; default
    # the age bands) and the age caseloads by age and growth rates split the cohort at.
    projection_bands: tuple[AgeBand, ...] = ()
    older_from_age: int = DEFAULT_OLDER_FROM_AGE

    @property
    def pack(self) -> Path:
        """The pack's folder, where its evidence files live."""
        return self.path.parent

    @property
    def slug(self) -> str:
        return self.pack.name

    def evidence(self, table: str) -> Path | None:
        """The pack's evidence file for ``table`` (``<table>.csv`` in the pack), or None if it has none."""
        path = self.pack / f"{table}.csv"
        return path if path.is_file() else None

    def kpi(self, kpi_id: str) -> KpiDefinition:
        for kpi in self.kpis:
            if kpi.kpi_id == kpi_id:
                return kpi
        raise KeyError(f"{self.path}: no KPI {kpi_id!r}{did_you_mean(kpi_id, [k.kpi_id for k in self.kpis])}")

    def grading(self, grading_id: str) -> BandScheme:
        for scheme in self.gradings:
            if scheme.grading_id == grading_id:
                return scheme
        raise KeyError(f"{self.path}: no grading {grading_id!r}")

    def grading_frame(self) -> pd.DataFrame:
        """The bands of every grading, worst first, as the store's ``kpi_grading_bands`` rows."""
        rows = [
            {"grading_id": g.grading_id, "grading_name": g.name, "rank": rank, "name": b.name, "colour": b.colour,
             "achieved": b.achieved, "min_value": b.minimum, "max_value": b.maximum,
             "min_inclusive": b.min_inclusive, "max_inclusive": b.max_inclusive}
            for g in self.gradings for rank, b in enumerate(g.bands)
        ]
        columns = ["grading_id", "grading_name", "rank", "name", "colour", "achieved", "min_value", "max_value", "min_inclusive", "max_inclusive"]
        return pd.DataFrame(rows, columns=columns)

    def kpi_frame(self) -> pd.DataFrame:
        """The KPI definitions with the columns, in order, of the store's ``kpi_definitions`` table."""
        return pd.DataFrame([asdict(k) for k in self.kpis], columns=[f.name for f in fields(KpiDefinition)])


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' for the nearest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def available_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / SETTINGS_FILE).is_file()) if PACKS_DIR.is_dir() else []


def pack_dir(name: str | None = None) -> Path:
    """The folder of the pack in use: ``name``, else ``$LCI_CONFIG``, else ``$AUTHORITY``, else the default."""
    if name is None and os.environ.get(CONFIG_ENV):
        given = Path(os.environ[CONFIG_ENV])
        return given.parent if given.suffix == ".toml" else given
    name = name or os.environ.get(PACK_ENV) or DEFAULT_PACK
    folder = PACKS_DIR / name
    if not (folder / SETTINGS_FILE).is_file():
        packs = available_packs()
        raise ConfigError(
            f"no authority pack {name!r} in {PACKS_DIR}{did_you_mean(name, packs)}; "
            f"the packs there are: {', '.join(packs) or 'none'}"
        )
    return folder


def config_path() -> Path:
    return pack_dir() / SETTINGS_FILE


class _Reader:
    """Typed access to one TOML table, so every error names the file and the key.

    Every key read is remembered; ``unknown_keys`` then names what no reader asked for, so a
    misspelled key is refused instead of silently falling back to a default.
    """

    def __init__(self, path: Path, where: str, table: Mapping[str, Any], registry: list[_Reader] | None = None) -> None:
        self.path, self.where, self.table = path, where, table
        self.used: set[str] = set()
        self.registry = registry if registry is not None else []
        self.registry.append(self)

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.where}{key}: {problem}")

    def has(self, key: str) -> bool:
        self.used.add(key)
        return key in self.table

    def get(self, key: str) -> Any:
        self.used.add(key)
        if key not in self.table:
            raise self.fail(key, "missing")
        return self.table[key]

    def keys(self) -> list[str]:
        """Every key of the table, all taken as read (a table whose keys are data, like caseloads)."""
        self.used.update(self.table)
        return list(self.table)

    def text(self, key: str, *, choices: tuple[str, ...] = ()) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be non-empty text, got {value!r}")
        if choices and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}")
        return value

    def number(self, key: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum:g}, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum:g}, got {value!r}")
        return float(value)

    def integer(self, key: str) -> int:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, got {value!r}")
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {value!r}")
        return value

    def date(self, key: str) -> dt.date:
        value = self.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"must be a date like 2024-03-31, got {value!r}") from None

    def sub(self, key: str) -> _Reader:
        value = self.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Reader(self.path, f"{self.where}{key}.", value, self.registry)

    def tables(self, key: str) -> list[_Reader]:
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "must be a non-empty array of tables ([[...]])")
        return [_Reader(self.path, f"{self.where}{key}[{i}].", v, self.registry) for i, v in enumerate(value)]

    def unknown_keys(self) -> None:
        for key in self.table:
            if key not in self.used:
                raise self.fail(key, f"unknown setting{did_you_mean(key, sorted(self.used))}")


def _age_range(r: _Reader, lo_key: str, hi_key: str) -> tuple[int, int]:
    lo, hi = r.integer(lo_key), r.integer(hi_key)
    if not MIN_AGE <= lo <= hi <= MAX_AGE:
        raise r.fail(lo_key, f"ages {lo} to {hi} must lie within {MIN_AGE} to {MAX_AGE}, youngest first")
    return lo, hi


def _kpi(r: _Reader, gradings: Mapping[str, BandScheme]) -> KpiDefinition:
    age_min, age_max = _age_range(r, "age_min", "age_max")
    polarity = r.text("polarity", choices=POLARITIES)
    grading = r.text("grading", choices=tuple(gradings)) if r.has("grading") else None
    if grading is not None:
        # Banded: the scheme grades the value; the target (if given) is only drawn and quoted.
        for key in ("tolerance_form", "tolerance_below", "tolerance_above"):
            if r.has(key):
                raise r.fail(key, f"a KPI graded by bands ({grading!r}) has no tolerance; remove {key}")
        form, below, above = BANDED_FORM, 0.0, 0.0
        target = r.number("target") if r.has("target") else gradings[grading].threshold(polarity)
    else:
        form = r.text("tolerance_form", choices=TOLERANCE_FORMS)
        below, above = r.number("tolerance_below"), r.number("tolerance_above")
        target = r.number("target")
    if form == "bounds" and below > above:
        raise r.fail("tolerance_below", f"lower bound {below:g} is above upper bound {above:g}")
    if form not in ("bounds", BANDED_FORM) and min(below, above) < 0:
        raise r.fail("tolerance_below", "tolerance offsets must not be negative")
    return KpiDefinition(
        kpi_id=r.text("kpi_id"), name=r.text("name"), short_name=r.text("short_name"),
        measure=r.text("measure", choices=MEASURES), age_group=r.text("age_group"), age_min=age_min, age_max=age_max,
        unit=r.text("unit"), polarity=polarity, target=target,
        tolerance_form=form, tolerance_below=below, tolerance_above=above,
        published_direction=r.text("published_direction") if r.has("published_direction") else "",
        numerator=r.text("numerator"),
        denominator=r.text("denominator"), basis=r.text("basis"), data_source=r.text("data_source"),
        lag=r.text("lag"), national_comparator=r.flag("national_comparator"), source=r.text("source"),
        grading=grading,
        count_basis=r.text("count_basis", choices=COUNT_BASES) if r.has("count_basis") else "snapshot",
    )


_HEX = "0123456789abcdefABCDEF"


def _grading(r: _Reader) -> BandScheme:
    grading_id = r.text("grading_id")
    bands = []
    for b in r.tables("bands"):
        colour = b.text("colour")
        if not (len(colour) == 7 and colour[0] == "#" and all(c in _HEX for c in colour[1:])):
            raise b.fail("colour", f"must be a colour like \"#009E73\", got {colour!r}")
        bands.append(GradeBand(
            name=b.text("name"), colour=colour, achieved=b.flag("achieved"),
            minimum=b.number("min") if b.has("min") else None, maximum=b.number("max") if b.has("max") else None,
            min_inclusive=b.flag("min_inclusive") if b.has("min_inclusive") else True,
            max_inclusive=b.flag("max_inclusive") if b.has("max_inclusive") else True,
        ))
    try:
        return BandScheme(grading_id, r.text("name") if r.has("name") else grading_id, tuple(bands))
    except ValueError as exc:
        raise r.fail("bands", str(exc)) from None


def _relative_path(r: _Reader, key: str) -> Path | None:
    if not r.has(key):
        return None
    # Relative to the settings file, so an authority's folder can be moved as a whole.
    return (r.path.parent / r.text(key)).resolve()


def _optional_sub(top: _Reader, key: str) -> _Reader | None:
    return top.sub(key) if top.has(key) else None


def _projections(r: _Reader | None, age_bands: tuple[AgeBand, ...]) -> tuple[tuple[AgeBand, ...], int]:
    """The projection bands and the age the cohort splits at. Declared bands must run without a gap
    from 16 to 25, since the cohort model follows every care leaver; the split must start a band."""
    split = r.integer("older_from_age") if r is not None and r.has("older_from_age") else DEFAULT_OLDER_FROM_AGE
    if r is None or not r.has("bands"):
        return age_bands, split
    bands = []
    for b in r.tables("bands"):
        lo, hi = _age_range(b, "age_min", "age_max")
        bands.append(AgeBand(b.text("label"), lo, hi))
    expected = MIN_AGE
    for band in bands:
        if band.age_min != expected:
            raise r.fail("bands", f"{band.label!r} starts at {band.age_min}; the bands must run from {MIN_AGE} to {MAX_AGE} "
                                  f"youngest first without a gap or overlap, so this one should start at {expected}")
        expected = band.age_max + 1
    if expected != MAX_AGE + 1:
        raise r.fail("bands", f"the last band ends at {expected - 1}; the bands must reach {MAX_AGE}")
    if split not in [b.age_min for b in bands[1:]]:
        raise r.fail("older_from_age", f"{split} must be the first age of a band after the first ({', '.join(str(b.age_min) for b in bands[1:])})")
    return tuple(bands), split


def parse(path: Path) -> AuthorityConfig:
    """Read and check one pack's settings file (uncached); any key not read here is refused."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no authority settings at {path} (set {PACK_ENV} to one of: {', '.join(available_packs())})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    registry: list[_Reader] = []
    top = _Reader(path, "", raw, registry)
    authority = top.sub("authority")
    gradings = {g.grading_id: g for g in (_grading(r) for r in top.tables("gradings"))} if top.has("gradings") else {}
    kpis = tuple(_kpi(r, gradings) for r in top.tables("kpis"))
    seen: set[str] = set()
    for kpi in kpis:
        if kpi.kpi_id in seen:
            raise ConfigError(f"{path}: kpis: kpi_id {kpi.kpi_id!r} is defined twice")
        seen.add(kpi.kpi_id)
    bands = []
    for r in top.tables("age_bands") if top.has("age_bands") else ():
        lo, hi = _age_range(r, "age_min", "age_max")
        bands.append(AgeBand(r.text("label"), lo, hi))
    for previous, band in zip(bands, bands[1:]):
        if band.age_min <= previous.age_max:
            raise ConfigError(f"{path}: age_bands: {band.label!r} overlaps {previous.label!r} or is out of order")
    if not bands:
        bands = [AgeBand(f"{lo}-{hi}", lo, hi) for lo, hi in DEFAULT_AGE_BANDS]
    if top.has("statistical_neighbours"):
        # A hand-kept list went stale beside the DfE's, which the product carries for every authority.
        raise ConfigError(
            f"{path}: statistical_neighbours: not a setting: the ten statistical neighbours come from the DfE's list for "
            "[authority] la_code; name any other comparator area in comparators.csv"
        )
    grants, workforce, costs = (_optional_sub(top, k) for k in ("grant_rates", "workforce", "costs"))
    caseloads = workforce.sub("caseloads") if workforce else None
    synthetic = _optional_sub(top, "synthetic")
    ingest = _optional_sub(top, "ingest")
    reporting = _optional_sub(top, "periods")
    period_year = reporting.text("year", choices=reporting_periods.YEARS) if reporting and reporting.has("year") else "financial"
    words = _optional_sub(top, "wording")
    terms = _optional_sub(top, "glossary")
    projection_bands, older_from_age = _projections(_optional_sub(top, "projections"), tuple(bands))
    cfg = AuthorityConfig(
        path=path,
        name=authority.text("name"),
        short_name=authority.text("short_name"),
        la_code=authority.integer("la_code") if authority.has("la_code") else None,
        kpis=kpis,
        age_bands=tuple(bands),
        grant_rates=GrantRates(
            grants.number("under_18_in_county_per_day", minimum=0),
            grants.number("under_18_nts_per_day", minimum=0),
            grants.number("aged_18_21_per_week", minimum=0),
        ) if grants else None,
        workforce=Workforce(
            workforce.number("lcw_in_post_fte", minimum=0),
            {band: caseloads.number(band, minimum=1) for band in caseloads.keys()},
            workforce.number("benchmark_caseload", minimum=1),
        ) if workforce else None,
        costs=Costs(costs.number("uasc_contribution", minimum=0, maximum=1)) if costs else None,
        synthetic=SyntheticSettings(
            synthetic.integer("seed"), synthetic.date("first_snapshot"), synthetic.date("last_snapshot"),
            synthetic.date("uasc_growth_from"),
        ) if synthetic else None,
        wording=Wording(**{
            f.name: words.text(f.name) if words and words.has(f.name) else f.default for f in fields(Wording)
        }),
        ingest=IngestSettings(
            ingest.number("max_file_mb", minimum=0.001) if ingest and ingest.has("max_file_mb") else 50.0,
            _relative_path(ingest, "key_file") if ingest else None,
        ),
        period_year=period_year,
        gradings=tuple(gradings.values()),
        glossary=tuple((term, terms.text(term)) for term in terms.keys()) if terms else (),
        projection_bands=projection_bands,
        older_from_age=older_from_age,
    )
    for reader in registry:
        reader.unknown_keys()
    return cfg


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int) -> AuthorityConfig:
    return parse(path)


def load(path: Path | str | None = None) -> AuthorityConfig:
    """The pack at ``path`` (a pack folder or its settings file; default: the pack in use, see
    ``pack_dir``), re-read whenever the settings file changes."""
    resolved = Path(path) if path is not None else config_path()
    if resolved.is_dir():
        resolved = resolved / SETTINGS_FILE
    try:
        mtime = resolved.stat().st_mtime_ns
    except FileNotFoundError:
        mtime = -1
    return _cached(resolved, mtime)
