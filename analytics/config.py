"""The authority's configuration: who it is, its KPI definitions and its planning assumptions.

One TOML file, ``config/authority.toml`` by default (the demo: Lincolnshire, as published in the
2024 Commissioning Plan), or the file named by the ``LCI_CONFIG`` environment variable. Another
authority copies ``config/examples/northshire.toml`` and edits it; nothing in the code names an
authority. ``data/build.py`` writes the name and the KPI definitions into the store; the rest is
read here by whatever needs it.

Worked example (the demo configuration)::

    >>> cfg = load()
    >>> cfg.name
    'Lincolnshire County Council'
    >>> kpi = cfg.kpi("eet_19")
    >>> (kpi.target, kpi.tolerance_form, kpi.tolerance_below, kpi.tolerance_above)
    (70.0, 'points', 5.0, 5.0)
    >>> cfg.workforce.caseloads["21+"], cfg.costs.uasc_contribution
    (75.0, 0.3)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.kpi import POLARITIES, TOLERANCE_FORMS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config" / "authority.toml"
CONFIG_ENV = "LCI_CONFIG"
# How each KPI is computed from record-level snapshots; mirrors the CHECK on kpi_definitions.measure.
MEASURES = ("kit", "eet", "neet", "accommodation", "pathway_plan")
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
class AuthorityConfig:
    path: Path
    name: str
    short_name: str
    kpis: tuple[KpiDefinition, ...]
    kpi_values: Path | None
    age_bands: tuple[AgeBand, ...]
    statistical_neighbours: tuple[str, ...]
    grant_rates: GrantRates
    workforce: Workforce
    costs: Costs
    ingest: IngestSettings

    def kpi(self, kpi_id: str) -> KpiDefinition:
        for kpi in self.kpis:
            if kpi.kpi_id == kpi_id:
                return kpi
        raise KeyError(f"{self.path.name}: no KPI {kpi_id!r}")

    def kpi_frame(self) -> pd.DataFrame:
        """The KPI definitions with the columns, in order, of ``data/sources/kpi_definitions.csv``."""
        return pd.DataFrame([asdict(k) for k in self.kpis], columns=[f.name for f in fields(KpiDefinition)])


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


class _Reader:
    """Typed access to one TOML table, so every error names the file and the key."""

    def __init__(self, path: Path, where: str, table: Mapping[str, Any]) -> None:
        self.path, self.where, self.table = path, where, table

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.where}{key}: {problem}")

    def get(self, key: str) -> Any:
        if key not in self.table:
            raise self.fail(key, "missing")
        return self.table[key]

    def text(self, key: str, *, choices: tuple[str, ...] = ()) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be non-empty text, got {value!r}")
        if choices and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
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

    def sub(self, key: str) -> _Reader:
        value = self.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Reader(self.path, f"{self.where}{key}.", value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "must be a non-empty array of tables ([[...]])")
        return [_Reader(self.path, f"{key}[{i}].", v) for i, v in enumerate(value)]


def _age_range(r: _Reader, lo_key: str, hi_key: str) -> tuple[int, int]:
    lo, hi = r.integer(lo_key), r.integer(hi_key)
    if not MIN_AGE <= lo <= hi <= MAX_AGE:
        raise r.fail(lo_key, f"ages {lo} to {hi} must lie within {MIN_AGE} to {MAX_AGE}, youngest first")
    return lo, hi


def _kpi(r: _Reader) -> KpiDefinition:
    age_min, age_max = _age_range(r, "age_min", "age_max")
    form = r.text("tolerance_form", choices=TOLERANCE_FORMS)
    below, above = r.number("tolerance_below"), r.number("tolerance_above")
    if form == "bounds" and below > above:
        raise r.fail("tolerance_below", f"lower bound {below:g} is above upper bound {above:g}")
    if form != "bounds" and min(below, above) < 0:
        raise r.fail("tolerance_below", "tolerance offsets must not be negative")
    return KpiDefinition(
        kpi_id=r.text("kpi_id"), name=r.text("name"), short_name=r.text("short_name"),
        measure=r.text("measure", choices=MEASURES), age_group=r.text("age_group"), age_min=age_min, age_max=age_max,
        unit=r.text("unit"), polarity=r.text("polarity", choices=POLARITIES), target=r.number("target"),
        tolerance_form=form, tolerance_below=below, tolerance_above=above,
        published_direction=r.text("published_direction"), numerator=r.text("numerator"),
        denominator=r.text("denominator"), basis=r.text("basis"), data_source=r.text("data_source"),
        lag=r.text("lag"), national_comparator=r.flag("national_comparator"), source=r.text("source"),
    )


def _relative_path(r: _Reader, key: str) -> Path | None:
    if key not in r.table:
        return None
    # Relative to the configuration file, so an authority's folder can be moved as a whole.
    return (r.path.parent / r.text(key)).resolve()


def parse(path: Path) -> AuthorityConfig:
    """Read and check one configuration file (uncached)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no authority configuration at {path} (set {CONFIG_ENV} or create config/authority.toml)") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    top = _Reader(path, "", raw)
    authority = top.sub("authority")
    kpis = tuple(_kpi(r) for r in top.tables("kpis"))
    seen: set[str] = set()
    for kpi in kpis:
        if kpi.kpi_id in seen:
            raise ConfigError(f"{path}: kpis: kpi_id {kpi.kpi_id!r} is defined twice")
        seen.add(kpi.kpi_id)
    bands = []
    for r in top.tables("age_bands"):
        lo, hi = _age_range(r, "age_min", "age_max")
        bands.append(AgeBand(r.text("label"), lo, hi))
    neighbours = top.get("statistical_neighbours")
    if not isinstance(neighbours, list) or not all(isinstance(n, str) and n.strip() for n in neighbours):
        raise ConfigError(f"{path}: statistical_neighbours: must be a list of authority names")
    grants, workforce, costs = top.sub("grant_rates"), top.sub("workforce"), top.sub("costs")
    caseloads = workforce.sub("caseloads")
    ingest = top.sub("ingest") if "ingest" in raw else _Reader(path, "ingest.", {"max_file_mb": 50})
    return AuthorityConfig(
        path=path,
        name=authority.text("name"),
        short_name=authority.text("short_name"),
        kpis=kpis,
        kpi_values=_relative_path(top.sub("sources"), "kpi_values") if "sources" in raw else None,
        age_bands=tuple(bands),
        statistical_neighbours=tuple(neighbours),
        grant_rates=GrantRates(
            grants.number("under_18_in_county_per_day", minimum=0),
            grants.number("under_18_nts_per_day", minimum=0),
            grants.number("aged_18_21_per_week", minimum=0),
        ),
        workforce=Workforce(
            workforce.number("lcw_in_post_fte", minimum=0),
            {band: caseloads.number(band, minimum=1) for band in caseloads.table},
            workforce.number("benchmark_caseload", minimum=1),
        ),
        costs=Costs(costs.number("uasc_contribution", minimum=0, maximum=1)),
        ingest=IngestSettings(ingest.number("max_file_mb", minimum=0.001), _relative_path(ingest, "key_file")),
    )


@lru_cache(maxsize=8)
def _cached(path: Path, mtime_ns: int) -> AuthorityConfig:
    return parse(path)


def load(path: Path | str | None = None) -> AuthorityConfig:
    """The configuration at ``path`` (default: ``$LCI_CONFIG`` or ``config/authority.toml``), re-read
    whenever the file changes."""
    resolved = Path(path) if path is not None else config_path()
    try:
        mtime = resolved.stat().st_mtime_ns
    except FileNotFoundError:
        mtime = -1
    return _cached(resolved, mtime)
