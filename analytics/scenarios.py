"""Commissioning scenarios: one set of assumptions → cohort, Leaving Care Workers, budget gap.

This composes the engine (``analytics.projections``, ``analytics.workforce``, ``analytics.budget``)
into the chain a commissioning plan follows, all on the evidence of the authority's pack:

1. **Cohort** (``projections_published``, ``projection_assumptions``): the published actual cohort
   projected to a horizon, either by a cohort-component model (``cohort_forward_projection``, with
   a P10-P90 band from ``simulate_forward``) whose start by single year of age and flows are the
   pack's Corporate Performance assumptions, or by the LAIT growth rates (``lait_preset``).
2. **Leaving Care Workers** (``lcw_scenarios``, ``caseload_current``): the projected cohort, in whole
   people, divided by caseloads per LCW: Scenario 1 by age (the pack's younger and older groups,
   ``[projections] older_from_age``), Scenario 2 one caseload for everyone. The defaults are the
   pack's ``[workforce]`` settings.
3. **Budget** (``budget_lines``): both delivery options re-costed for the LCWs the chosen scenario
   needs (``restaff``), the UASC contribution (the pack's ``[costs]`` share) added, the variance to
   the budget taken, with optional contract inflation and year-one offsets.

Every assumption is a field of the frozen :class:`Scenario`; :meth:`Scenario.published` reads the
published plan's own values from the store and the pack's settings, and takes the one that is not
published (the cost of an LCW) from the engine's defaults. :func:`to_query` and
:func:`parse_query` carry a scenario in a URL.

Two choices are ours, not the plan's, and each result says so:

- **Aligned to the published column.** The rebuilt cohort model lands within a care leaver or so of
  each published band; the difference is added to the model's path, phased in from nothing at the
  start to the full amount at the published date, so the plan's own assumptions give its own numbers
  and any change moves them smoothly.
- **Whole posts.** A need of 12.3 FTE is costed as 13.0 FTE of posts.

Worked example (any complete pack: the published scenario reproduces its published tables)::

    >>> result = evaluate(Scenario.published())
    >>> result.reproduces_table_12 and result.reproduces_table_16
    True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from analytics import config, db
from analytics.formatting import change_percent, count, fte, money, percent
from analytics.budget import BudgetInputs, CostAssumptions, Sensitivities, apply_sensitivities, restaff
from analytics.disclosure import suppress_mask
from analytics.projections import (
    FIRST_AGE,
    LAST_AGE,
    PRESETS,
    TOTAL,
    CohortParams,
    LaitAssumptions,
    ProjectionBands,
    cohort_forward_projection,
    lait_preset,
    lait_years_to_reach,
    published_column_check,
    simulate_forward,
)
from analytics.workforce import WorkforceResult, current_position, lcw_required, round_half_up

CORPORATE = "cohort-component"
LAIT = "growth-rate"
# Preset method → the method's name in projections_published.
STORE_METHOD = {CORPORATE: "Corporate Performance", LAIT: "LAIT"}
START_METHOD = "ChAT (actual)"
PRESET_NAMES = {preset.method: name for name, preset in PRESETS.items()}
SEED = 2024
RUNS = 1000
# Scenario 2's one group: everyone, whatever the published table calls it.
GROUP_ALL = "all ages"
SCENARIO_LABELS = {1: "Scenario 1: caseloads by age", 2: "Scenario 2: one caseload for all"}
# Reference figures (table reference_figures) read by figure_id.
FIGURE_IDS = (
    "current_lcw_fte", "recommended_lcw_fte", "lcw_cost_per_fte", "uasc_contribution_share", "reserves_offset", "office_saving_insourced",
    "former_uasc_share_expected_2025",
)
MINUS = "\u2212"


# --------------------------------------------------------------------------- bands and formatting


def projection_bands(cfg: config.AuthorityConfig | None = None) -> ProjectionBands:
    """The pack's projection bands ([[projections.bands]], else its [[age_bands]]) and the age its
    caseloads by age and growth rates split at."""
    cfg = cfg or config.load()
    return ProjectionBands(tuple((b.label, b.age_min, b.age_max) for b in cfg.projection_bands or cfg.age_bands), cfg.older_from_age)


def truncated_percent(value: float) -> str:
    """A change as projection tables print it, cut (not rounded) to one decimal: 1,003 / 936 → '+7.1%'."""
    cut = math.floor(abs(value) * 10 + 1e-9) / 10
    sign = "+" if value >= 0 else MINUS
    return f"{sign}{cut:.1f}%"


def months_after(day: dt.date, years: float) -> dt.date:
    return (pd.Timestamp(day) + pd.DateOffset(months=round(years * 12))).date()


# --------------------------------------------------------------------------- assumptions


@dataclass(frozen=True)
class FieldSpec:
    """How one assumption is labelled, bounded and written in a URL.

    ``kind`` is ``float``, ``bool`` or ``choice``; a float must lie in [minimum, maximum] on the
    grid ``minimum + k × step``; a choice must be one of ``choices``."""

    name: str
    label: str
    kind: str
    group: str
    unit: str = ""
    minimum: float = 0.0
    maximum: float = 0.0
    step: float = 1.0
    choices: tuple[object, ...] = ()
    help: str = ""

    def parse(self, text: str) -> object:
        """The value ``text`` stands for; ValueError when it is not a valid value of this field."""
        text = text.strip()
        if self.kind == "bool":
            if text.lower() in ("1", "true", "yes"):
                return True
            if text.lower() in ("0", "false", "no"):
                return False
            raise ValueError(text)
        if self.kind == "choice":
            for choice in self.choices:
                if text == str(choice):
                    return choice
            raise ValueError(text)
        value = float(text)
        if not self.valid(value):
            raise ValueError(text)
        return value

    def valid(self, value: float) -> bool:
        if not math.isfinite(value) or not self.minimum - 1e-9 <= value <= self.maximum + 1e-9:
            return False
        steps = (value - self.minimum) / self.step
        return abs(steps - round(steps)) < 1e-6

    def text(self, value: object) -> str:
        """The URL form: shortest exact float text ('23.2', '45000'), '1'/'0', or the choice."""
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "choice":
            return str(value)
        return repr(float(value)).removesuffix(".0")

    def parse_amount(self, text: str) -> float:
        """An amount of money as a person types it: '52000', '52,000' or '£52,000' (commas only
        between groups of three digits). ValueError with a sentence to show when it is not one, or
        not within this field's range and steps::

            >>> SPECS["lcw_cost_per_fte"].parse_amount("£52,000")
            52000.0
        """
        cleaned = text.strip().removeprefix("£").strip()
        if not _AMOUNT.fullmatch(cleaned):
            raise ValueError(f"“{text.strip()}” is not an amount in whole pounds: write it like {money(self.minimum + 10 * self.step)}.")
        value = float(cleaned.replace(",", ""))
        if not self.minimum - 1e-9 <= value <= self.maximum + 1e-9:
            raise ValueError(f"{money(value)} is outside {money(self.minimum)} to {money(self.maximum)}.")
        if not self.valid(value):
            raise ValueError(f"{money(value)} is not a multiple of {money(self.step)}: try {money(self.minimum + round((value - self.minimum) / self.step) * self.step)}.")
        return value

    def title(self, bands: ProjectionBands) -> str:
        """The label with the pack's age groups: 'Scenario 1: caseload per LCW, aged 16-20'."""
        return self.label.format(younger=bands.younger, older=bands.older)

    def display(self, value: object, start: dt.date | None = None) -> str:
        """For people: 'Apr 2025 (1.5 years)', '£45,000', '30%', '20 per LCW', 'Yes'."""
        if self.name == "years" and start is not None:
            return f"{months_after(start, float(value)):%b %Y} ({float(value):g} years)"
        if self.name == "method":
            return PRESET_NAMES[str(value)]
        if self.name == "costed_on":
            return SCENARIO_LABELS[int(value)]
        if self.kind == "bool":
            return "Yes" if value else "No"
        number = f"{float(value):,.2f}".rstrip("0").rstrip(".")
        if self.unit == "£":
            return f"£{number}"
        if self.unit == "%":
            return f"{number}%"
        return f"{number} {self.unit}".strip()


_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+|\d+")


def _spec(label: str, kind: str, group: str, **options: object) -> dict[str, object]:
    return {"spec": dict(label=label, kind=kind, group=group, **options)}


COHORT, CASELOADS, MONEY = "cohort", "caseloads", "money"


@dataclass(frozen=True)
class Scenario:
    """Every assumption behind the cohort, the LCW establishment and the budget gap, in the units a
    person would use (percentages as 0-100, money in pounds a year). The field order is the URL's."""

    method: str = field(metadata=_spec("Projection method", "choice", COHORT, choices=tuple(PRESET_NAMES)))
    years: float = field(metadata=_spec(
        "Horizon", "float", COHORT, unit="years", minimum=0.5, maximum=6.5, step=0.25,
        help="Years from the published cohort the projections start from; 6.5 years covers a new service's first five-year contract.",
    ))
    arrivals_at_16: float = field(metadata=_spec(
        "Children in care turning 16", "float", COHORT, unit="a year", maximum=300,
        help="Children already in care who become eligible care leavers on their 16th birthday.",
    ))
    late_entrants: float = field(metadata=_spec(
        "Late entrants to care at 16-17", "float", COHORT, unit="a year", maximum=300,
        help="Young people (not UASC) who enter care at 16 or 17 and go on to be care leavers.",
    ))
    late_entrants_aged_17_percent: float = field(metadata=_spec(
        "Late entrants who arrive at 17", "float", COHORT, unit="%", maximum=100,
    ))
    former_uasc: float = field(metadata=_spec(
        "Former UASC joining", "float", COHORT, unit="a year", maximum=300,
        help="Unaccompanied asylum-seeking children who join the cohort at 16 or 17 (National Transfer Scheme and in-county arrivals).",
    ))
    former_uasc_aged_17_percent: float = field(metadata=_spec(
        "Former UASC who arrive at 17", "float", COHORT, unit="%", maximum=100,
    ))
    exit_at_21_percent: float = field(metadata=_spec(
        "Cases closing at 21", "float", COHORT, unit="%", maximum=100, step=0.5,
        help="Share of those turning 21 who close (not in education and not asking to stay open); everyone else stays to 25.",
    ))
    growth_former_uasc_percent: float = field(metadata=_spec(
        "LAIT growth: former UASC", "float", COHORT, unit="%", minimum=-50, maximum=150, step=0.5,
        help="Compound growth a year, as the published LAIT projection states it.",
    ))
    growth_16_20_percent: float = field(metadata=_spec(
        "LAIT growth: aged {younger}", "float", COHORT, unit="%", minimum=-50, maximum=150, step=0.5,
    ))
    growth_21_plus_percent: float = field(metadata=_spec(
        "LAIT growth: aged {older}", "float", COHORT, unit="%", minimum=-50, maximum=150, step=0.5,
    ))
    caseload_16_20: float = field(metadata=_spec(
        "Scenario 1: caseload per LCW, aged {younger}", "float", CASELOADS, unit="per LCW", minimum=5, maximum=50, step=0.5,
        help="Caseloads of about 20 are widely held to be good practice; the authority's own caseload is the default.",
    ))
    caseload_21_plus: float = field(metadata=_spec(
        "Scenario 1: caseload per LCW, aged {older}", "float", CASELOADS, unit="per LCW", minimum=10, maximum=200, step=1,
        help="The DfE New Burdens assessment allows a much larger caseload for the older care leavers, when few need contact in a week.",
    ))
    caseload_all: float = field(metadata=_spec(
        "Scenario 2: one caseload per LCW for all ages", "float", CASELOADS, unit="per LCW", minimum=5, maximum=60, step=0.1,
        help="The default is the average caseload of the authorities this one compares itself with.",
    ))
    costed_on: int = field(metadata=_spec(
        "Cost the options on", "choice", CASELOADS, choices=(1, 2),
        help="The published plan costs both options on one scenario's Leaving Care Workers.",
    ))
    whole_posts: bool = field(metadata=_spec(
        "Round LCWs up to whole posts", "bool", CASELOADS,
        help="Posts are filled whole: a need of 12.3 FTE becomes 13.0 FTE of posts.",
    ))
    lcw_cost_per_fte: float = field(metadata=_spec(
        "Cost of one LCW (fully on-costed)", "float", MONEY, unit="£", minimum=20_000, maximum=120_000, step=500,
        help="A Leaving Care Worker's yearly cost with on-costs. The options' published costs already include the LCWs the plan "
             "recommends; this cost prices only the LCWs a scenario needs above or below that number. On the plan's own "
             "scenario it changes nothing; raise a caseload or the cohort and it prices the difference.",
    ))
    additional_per_lcw_fte: float = field(metadata=_spec(
        "Other costs per extra LCW", "float", MONEY, unit="£", maximum=20_000, step=100,
        help="Travel, IT and similar yearly costs that grow with the workforce, for each LCW above or below the number in the "
             "options' published costs. Like the cost of one LCW, it changes nothing until a scenario needs a different number of LCWs.",
    ))
    uasc_share_percent: float = field(metadata=_spec(
        "UASC contribution: share of each option's cost", "float", MONEY, unit="%", maximum=100, step=0.5,
        help="The share of each option's cost met from the Home Office UASC budget; the authority's own share is the default.",
    ))
    uasc_share_follows_cohort: bool = field(metadata=_spec(
        "UASC share follows the projected former-UASC share", "bool", MONEY,
        help="The report says the share 'would be flexible and in line with the changing proportion of UASC care leavers': "
             "when on, the share is the former-UASC share of the projected cohort at the horizon.",
    ))
    inflation_percent: float = field(metadata=_spec(
        "Contract inflation", "float", MONEY, unit="%", maximum=25, step=0.5,
        help="An uplift on the whole option cost.",
    ))
    year_one_offsets: bool = field(metadata=_spec(
        "Apply the year-one offsets", "bool", MONEY,
        help="The one-off reserves the plan sets against either option and the office saving if in-sourced, both in the "
             "authority's published evidence. They apply to the first year only.",
    ))

    @classmethod
    def published(cls, evidence: Evidence | None = None) -> Scenario:
        """The published plan's own assumptions (the Corporate Performance projection), with the pack's settings as defaults."""
        evidence = evidence or load_evidence()
        params = evidence.model_params
        return cls(
            method=CORPORATE,
            years=evidence.published_years,
            arrivals_at_16=params.arrivals_at_16,
            late_entrants=params.late_entrants,
            late_entrants_aged_17_percent=_percent(params.late_entrant_share_aged_17),
            former_uasc=params.former_uasc,
            former_uasc_aged_17_percent=_percent(params.former_uasc_share_aged_17),
            exit_at_21_percent=_percent(params.exit_at_21_share),
            growth_former_uasc_percent=evidence.lait_growth_percent["growth_former_uasc"],
            growth_16_20_percent=evidence.lait_growth_percent["growth_16_20"],
            growth_21_plus_percent=evidence.lait_growth_percent["growth_21_plus"],
            caseload_16_20=evidence.default_caseloads[evidence.bands.younger],
            caseload_21_plus=evidence.default_caseloads[evidence.bands.older],
            caseload_all=evidence.default_caseloads[GROUP_ALL],
            costed_on=1,
            whole_posts=True,
            lcw_cost_per_fte=evidence.figures["lcw_cost_per_fte"],
            additional_per_lcw_fte=0.0,
            uasc_share_percent=evidence.default_uasc_share_percent,
            uasc_share_follows_cohort=False,
            inflation_percent=0.0,
            year_one_offsets=False,
        )

    def cohort_params(self) -> CohortParams:
        return CohortParams(
            arrivals_at_16=self.arrivals_at_16,
            late_entrants=self.late_entrants,
            late_entrant_share_aged_17=self.late_entrants_aged_17_percent / 100,
            former_uasc=self.former_uasc,
            former_uasc_share_aged_17=self.former_uasc_aged_17_percent / 100,
            exit_at_21_share=self.exit_at_21_percent / 100,
        )

    def lait_assumptions(self) -> LaitAssumptions:
        return LaitAssumptions(
            growth_former_uasc=self.growth_former_uasc_percent / 100,
            growth_younger=self.growth_16_20_percent / 100,
            growth_older=self.growth_21_plus_percent / 100,
            years=self.years,
        )


def _percent(share: float) -> float:
    return round(share * 100, 9)


FIELDS: tuple[FieldSpec, ...] = tuple(FieldSpec(name=f.name, **f.metadata["spec"]) for f in fields(Scenario))
SPECS: Mapping[str, FieldSpec] = {spec.name: spec for spec in FIELDS}
# Fields used only by one projection method.
CORPORATE_FIELDS = ("arrivals_at_16", "late_entrants", "late_entrants_aged_17_percent", "former_uasc", "former_uasc_aged_17_percent", "exit_at_21_percent")
LAIT_FIELDS = ("growth_former_uasc_percent", "growth_16_20_percent", "growth_21_plus_percent")
# Growth assumptions: more of any of these means more care leavers (exit_at_21 is the reverse).
GROWTH_FIELDS = ("arrivals_at_16", "late_entrants", "former_uasc", *LAIT_FIELDS)


def to_query(scenario: Scenario, defaults: Scenario | None = None) -> dict[str, str]:
    """The assumptions that differ from ``defaults`` (the published scenario) as URL parameters, in
    field order, so the published scenario is the bare page address::

        >>> to_query(replace(Scenario.published(), caseload_16_20=18.0, method="growth-rate"))
        {'method': 'growth-rate', 'caseload_16_20': '18'}
    """
    defaults = defaults or Scenario.published()
    return {
        spec.name: spec.text(getattr(scenario, spec.name))
        for spec in FIELDS
        if getattr(scenario, spec.name) != getattr(defaults, spec.name)
    }


@dataclass(frozen=True)
class ParsedQuery:
    """A scenario read from URL parameters; ``ignored`` lists each parameter that was not used
    (unknown, or not a valid value), as 'name=value', in the order given."""

    scenario: Scenario
    ignored: tuple[str, ...]


def parse_query(params: Mapping[str, object], defaults: Scenario | None = None) -> ParsedQuery:
    """Read a scenario from URL parameters. Missing parameters take the published value; unknown
    names and values that are not valid (not a number, out of range, off the step grid, not a
    choice) are ignored, so the published value stands, and reported. A repeated parameter (a
    list) uses its last value, as a browser's address bar would show it."""
    defaults = defaults or Scenario.published()
    values: dict[str, object] = {}
    ignored: list[str] = []
    for name, raw in params.items():
        text = str(raw[-1] if isinstance(raw, (list, tuple)) and raw else raw)
        spec = SPECS.get(name)
        if spec is None:
            ignored.append(f"{name}={text}")
            continue
        try:
            values[name] = spec.parse(text)
        except ValueError:
            ignored.append(f"{name}={text}")
    return ParsedQuery(replace(defaults, **values), tuple(ignored))


def from_query(params: Mapping[str, object], defaults: Scenario | None = None) -> Scenario:
    """:func:`parse_query` without the report of ignored parameters."""
    return parse_query(params, defaults).scenario


@dataclass(frozen=True)
class Change:
    """One assumption that differs from the published scenario, as people read it."""

    name: str
    label: str
    published: str
    scenario: str


def changes(scenario: Scenario, evidence: Evidence | None = None) -> tuple[Change, ...]:
    """Each assumption that differs from the published plan's. Assumptions of the projection
    method not in use are left out: they change nothing."""
    evidence = evidence or load_evidence()
    published = Scenario.published(evidence)
    unused = LAIT_FIELDS if scenario.method == CORPORATE else CORPORATE_FIELDS
    return tuple(
        Change(spec.name, spec.title(evidence.bands), spec.display(getattr(published, spec.name), evidence.start_date), spec.display(getattr(scenario, spec.name), evidence.start_date))
        for spec in FIELDS
        if spec.name not in unused and getattr(scenario, spec.name) != getattr(published, spec.name)
    )


# --------------------------------------------------------------------------- evidence from the store


def projections_published() -> pd.DataFrame:
    """The published projections. Columns: method, as_at, band, count, percent_of_cohort."""
    return db.query("projections_published")


def projection_assumptions() -> pd.DataFrame:
    """The assumptions behind them. Columns: method, assumption, value, unit."""
    return db.query("projection_assumptions")


def lcw_scenarios() -> pd.DataFrame:
    """The published LCW scenarios. Columns: scenario, as_at, band, caseload_per_fte, cohort, percent_of_cohort, fte."""
    return db.query("lcw_scenarios")


def caseload_current() -> pd.DataFrame:
    """Today's caseloads. Columns: band, average_caseload_per_fte."""
    return db.query("caseload_current")


def budget_lines() -> pd.DataFrame:
    """Tables 14-16. Columns: line_id, option, item, amount."""
    return db.query("budget_lines")


def reference_figures() -> dict[str, float]:
    frame = db.query("reference_figures_by_id", {"ids": list(FIGURE_IDS)})
    return {str(row.figure_id): float(row.value) for row in frame.itertuples()}


def _date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class Evidence:
    """The published figures a scenario starts from and is checked against.

    ``published_counts[method][band]`` and ``published_shares`` are the published projections (methods 'ChAT (actual)',
    'Corporate Performance', 'LAIT'; the pack's projection bands and Total); ``table_12`` is
    :func:`lcw_scenarios` (Scenario 2's group named GROUP_ALL); ``table_12_caseloads`` maps the younger and
    older groups and GROUP_ALL to the published LCW scenarios' caseloads;
    ``lines`` maps (line_id, option or '') to the published budget's amounts; ``figures`` holds FIGURE_IDS."""

    start_date: dt.date
    published_date: dt.date
    published_counts: dict[str, dict[str, int]]
    published_shares: dict[str, dict[str, float]]
    published_change_percent: dict[str, float]
    lait_growth_percent: dict[str, float]
    table_12: pd.DataFrame
    table_12_caseloads: dict[str, float]
    caseload_current: dict[str, float]
    budget: BudgetInputs
    lines: dict[tuple[str, str], float]
    option_labels: dict[str, str]
    figures: dict[str, float]
    # The cohort model's start by single year of age and former-UASC share by age, and its flows:
    # the pack's projection_assumptions where it gives them (see ``_model_inputs``).
    start_by_age: dict[int, float] = field(default_factory=dict)
    start_uasc_share: dict[int, float] = field(default_factory=dict)
    model_params: CohortParams | None = None
    # The scenario's defaults: the pack's [workforce] and [costs] settings where it has them, else
    # the published tables.
    current_lcw_fte: float = 0.0
    default_caseloads: dict[str, float] = field(default_factory=dict)
    default_uasc_share_percent: float = 0.0
    bands: ProjectionBands = field(default_factory=projection_bands)

    @property
    def published_years(self) -> float:
        months = (self.published_date.year - self.start_date.year) * 12 + self.published_date.month - self.start_date.month
        return months / 12

    @property
    def start_counts(self) -> dict[str, int]:
        return self.published_counts[START_METHOD]


# Every table a scenario needs; a pack without one of them gets no Scenarios page, only a message.
REQUIRED_TABLES = ("projections_published", "projection_assumptions", "lcw_scenarios", "caseload_current", "budget_lines", "reference_figures")
MODEL_FLOWS = ("arrivals_at_16", "late_entrants", "late_entrants_aged_17", "former_uasc", "former_uasc_aged_17", "exit_at_21")


def _model_inputs(footnotes: pd.DataFrame, start_bands: Mapping[str, int], bands: ProjectionBands) -> tuple[dict[int, float], dict[int, float], CohortParams]:
    """The cohort model's start, former-UASC shares and flows from the Corporate Performance rows of
    ``projection_assumptions``: start_age_<age> (care leavers), former_uasc_share_age_<age> (%), and
    the flows of MODEL_FLOWS (a year, or % for the shares). A start the pack does not split by age is
    its published bands spread evenly over their ages; a former-UASC share not given is the pack's
    published uasc_share_by_age, the oldest age given standing for older ages."""
    rows = {str(r.assumption): float(r.value) for r in footnotes.itertuples() if r.method == STORE_METHOD[CORPORATE]}
    ages = range(FIRST_AGE, LAST_AGE + 1)
    if all(f"start_age_{a}" in rows for a in ages):
        start = {a: rows[f"start_age_{a}"] for a in ages}
    else:
        start = {a: start_bands[bands.band_of(a)] / len(bands.ages(bands.band_of(a))) for a in ages}
    if all(f"former_uasc_share_age_{a}" in rows for a in ages):
        share = {a: rows[f"former_uasc_share_age_{a}"] / 100 for a in ages}
    else:
        by_age = db.query("uasc_share_published")
        given = {int(r.age): float(r.percent_uasc) / 100 for r in by_age.itertuples()}
        share, last = {}, 0.0
        for a in ages:
            last = given.get(a, last)
            share[a] = last
    missing = [f for f in MODEL_FLOWS if f not in rows]
    if missing:
        raise KeyError(f"projection_assumptions has no Corporate Performance {', '.join(missing)}")
    params = CohortParams(
        arrivals_at_16=rows["arrivals_at_16"], late_entrants=rows["late_entrants"],
        late_entrant_share_aged_17=rows["late_entrants_aged_17"] / 100, former_uasc=rows["former_uasc"],
        former_uasc_share_aged_17=rows["former_uasc_aged_17"] / 100, exit_at_21_share=rows["exit_at_21"] / 100,
    )
    return start, share, params


class EvidenceError(ValueError):
    """The pack's published tables do not fit its settings; the message says what to change."""


def load_evidence() -> Evidence:
    table_6 = projections_published()
    counts: dict[str, dict[str, int]] = {}
    shares: dict[str, dict[str, float]] = {}
    for row in table_6.itertuples():
        counts.setdefault(str(row.method), {})[str(row.band)] = int(row.count)
        shares.setdefault(str(row.method), {})[str(row.band)] = float(row.percent_of_cohort)
    dates = {str(row.method): _date(row.as_at) for row in table_6.itertuples()}
    footnotes = projection_assumptions()
    growth = {str(r.assumption): float(r.value) for r in footnotes.itertuples() if r.method == STORE_METHOD[LAIT] and str(r.assumption).startswith("growth_")}
    change = {str(r.method): float(r.value) for r in footnotes.itertuples() if r.assumption == "published_variance"}
    table_12 = lcw_scenarios()
    table_12["as_at"] = [_date(d) for d in table_12["as_at"]]
    table_12.loc[table_12["scenario"] == 2, "band"] = GROUP_ALL
    caseloads = {str(r.band): float(r.caseload_per_fte) for r in table_12.itertuples() if not pd.isna(r.caseload_per_fte)}
    lines = budget_lines()
    amounts = {(str(r.line_id), "" if pd.isna(r.option) else str(r.option)): float(r.amount) for r in lines.itertuples()}
    labels = {str(r.option): str(r.item) for r in lines.itertuples() if r.line_id == "option_cost" and not pd.isna(r.option)}
    figures = reference_figures()
    cfg = config.load()
    bands = projection_bands(cfg)
    published_bands = sorted({b for method in counts.values() for b in method if b != TOTAL})
    missing = [b for b in bands.labels if any(b not in counts.get(m, {}) for m in (START_METHOD, *STORE_METHOD.values()))]
    if missing:
        raise EvidenceError(
            f"{cfg.path}: the projection bands {', '.join(bands.labels)} are not the bands of the published projections "
            f"({', '.join(published_bands)}): declare the published table's bands under [[projections.bands]]."
        )
    start, share, params = _model_inputs(footnotes, counts[START_METHOD], bands)
    groups = (bands.younger, bands.older)
    # A group with no caseload of its own, in the settings or the published table, starts at the one
    # caseload for everyone.
    if cfg.workforce is not None:
        everyone = cfg.workforce.benchmark_caseload
        default_caseloads = {g: cfg.workforce.caseloads.get(g, caseloads.get(g, everyone)) for g in groups} | {GROUP_ALL: everyone}
        in_post = cfg.workforce.lcw_in_post_fte
    else:
        everyone = caseloads[GROUP_ALL]
        default_caseloads = {g: caseloads.get(g, everyone) for g in groups} | {GROUP_ALL: everyone}
        in_post = figures["current_lcw_fte"]
    uasc_share = 100 * cfg.costs.uasc_contribution if cfg.costs is not None else figures["uasc_contribution_share"]
    return Evidence(
        start_date=dates[START_METHOD],
        published_date=dates[STORE_METHOD[CORPORATE]],
        published_counts=counts,
        published_shares=shares,
        published_change_percent=change,
        lait_growth_percent=growth,
        table_12=table_12,
        table_12_caseloads=caseloads,
        caseload_current={str(r.band): float(r.average_caseload_per_fte) for r in caseload_current().itertuples()},
        budget=BudgetInputs.from_lines(lines),
        lines=amounts,
        option_labels=labels,
        figures=figures,
        start_by_age=start,
        start_uasc_share=share,
        model_params=params,
        current_lcw_fte=in_post,
        default_caseloads=default_caseloads,
        default_uasc_share_percent=round(uasc_share, 9),
        bands=bands,
    )


# --------------------------------------------------------------------------- the cohort


def _alignment(evidence: Evidence) -> dict[str, float]:
    """Published Corporate Performance column − the rebuilt model at the published date, per band
    and Total (under one care leaver per band for a well-calibrated model)."""
    model = cohort_forward_projection(
        Scenario.published(evidence).cohort_params(), years=evidence.published_years, start=evidence.start_by_age,
        start_former_uasc_share=evidence.start_uasc_share, start_date=evidence.start_date, bands=evidence.bands,
    )
    published = evidence.published_counts[STORE_METHOD[CORPORATE]]
    offsets = {band: published[band] - model.bands[band] for band in evidence.bands.labels}
    return offsets | {TOTAL: sum(offsets.values())}


def _corporate_path(scenario: Scenario, evidence: Evidence, runs: int, seed: int) -> tuple[pd.DataFrame, float]:
    """Long frame (step, date, band, projected, p10, p50, p90) and the former-UASC count at the end."""
    params = scenario.cohort_params()
    result = cohort_forward_projection(
        params, years=scenario.years, start_date=evidence.start_date, start=evidence.start_by_age,
        start_former_uasc_share=evidence.start_uasc_share, bands=evidence.bands,
    )
    offsets = _alignment(evidence)
    frame = result.path.melt(id_vars=["step", "date"], value_vars=[*evidence.bands.labels, TOTAL], var_name="band", value_name="projected")
    if runs:
        fan = simulate_forward(
            params, runs=runs, seed=seed, years=scenario.years, start_date=evidence.start_date, start=evidence.start_by_age,
            start_former_uasc_share=evidence.start_uasc_share, bands=evidence.bands,
        )
        frame = frame.merge(fan.drop(columns="date"), on=["step", "band"], how="left")
    else:
        frame = frame.assign(p10=np.nan, p50=np.nan, p90=np.nan)
    phase = np.minimum(frame["step"] / 4 / evidence.published_years, 1.0)
    shift = frame["band"].map(offsets) * phase
    # The alignment is under one care leaver, but it must not take an emptied band below nobody.
    for col in ("projected", "p10", "p50", "p90"):
        frame[col] = (frame[col] + shift).clip(lower=0.0)
    return frame, result.former_uasc


def _lait_former_uasc(evidence: Evidence, years: float, growth: float) -> float:
    start = sum(count * evidence.start_uasc_share[age] for age, count in evidence.start_by_age.items())
    return start * (1 + growth) ** years


def _lait_path(scenario: Scenario, evidence: Evidence) -> tuple[pd.DataFrame, float]:
    rows = []
    for step in range(round(scenario.years * 4) + 1):
        counts = lait_preset(replace(scenario.lait_assumptions(), years=step / 4), evidence.start_by_age, evidence.start_uasc_share, evidence.bands)
        date = months_after(evidence.start_date, step / 4)
        rows += [{"step": step, "date": date, "band": band, "projected": counts[band]} for band in (*evidence.bands.labels, TOTAL)]
    frame = pd.DataFrame(rows).assign(p10=np.nan, p50=np.nan, p90=np.nan)
    return frame, _lait_former_uasc(evidence, scenario.years, scenario.growth_former_uasc_percent / 100)


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Findings:
    """Sentences for the page, each stating its numbers."""

    cohort: str
    workforce: str
    budget: str
    options: dict[str, str]
    reproduction: str
    method: str
    lait: tuple[str, ...] = ()
    # Chart titles that state the finding: keys cohort, workforce and each option's name.
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScenarioResult:
    """Everything one scenario gives.

    - ``path``: long frame, one row per quarter and band: step, date, band (``bands.labels`` then
      Total), projected (float), p10, p50, p90 (floats; NaN for the growth-rate method, which has
      no uncertainty model), suppressed (bool: a projected count below 5 is not shown).
    - ``cohort``: one row per band then Total at the horizon: band, start (October 2023), projected
      (whole people), change, change_percent, p10, p90 (whole people or NaN),
      published_corporate, published_lait (as published, at the published date), suppressed.
    - ``lcw``: the LCW table for this scenario: scenario (1, 2), as_at, group (younger, older, Total, GROUP_ALL),
      cohort, caseload_per_fte (NaN on Total), fte, fte_rounded, published_fte (the published figure
      for that scenario, date and group; NaN where none is published); ``lcw_totals`` the rounded
      totals by (scenario, 'start' or 'horizon').
    - ``options``: one row per delivery option: option, label, lcw_fte, staffing, additional_costs,
      published_cost (at the published 33.0 FTE), lcw_change (cost of the LCW difference), inflation,
      cost, uasc_share_percent, uasc_specific_costs, uasc_contribution, offsets, variance,
      published_variance (as published).
    - ``waterfalls``: option → step, measure, amount, running (for ``go.Waterfall``).
    - ``table_16``: item, label, outsourced, insourced, published_outsourced, published_insourced.
    """

    scenario: Scenario
    is_published: bool
    changes: tuple[Change, ...]
    start_date: dt.date
    end_date: dt.date
    fan_available: bool
    path: pd.DataFrame
    cohort: pd.DataFrame
    former_uasc_share_percent: float
    lcw: pd.DataFrame
    lcw_totals: dict[tuple[int, str], float]
    costed_fte: float
    current_lcw_fte: float
    recommended_lcw_fte: float
    caseload_if_all_allocated_today: float
    total_budget: float
    options: pd.DataFrame
    waterfalls: dict[str, pd.DataFrame]
    table_16: pd.DataFrame
    reproduces_table_12: bool
    reproduces_table_16: bool
    findings: Findings
    bands: ProjectionBands = field(default_factory=projection_bands)

    @property
    def cohort_at_horizon(self) -> dict[str, int]:
        return {str(r.band): int(r.projected) for r in self.cohort.itertuples()}

    @property
    def projected_total(self) -> int:
        return self.cohort_at_horizon[TOTAL]

    def lcw_total(self, scenario: int, at: str = "horizon") -> float:
        """Rounded FTE total of an LCW scenario at the horizon (or at the start: ``at="start"``)."""
        return self.lcw_totals[(scenario, at)]

    def option(self, name: str) -> pd.Series:
        return self.options.set_index("option").loc[name]


def _whole(value: float) -> int:
    return int(round_half_up(float(value), 0))


def _lcw_rows(scenario_no: int, result: WorkforceResult, date: dt.date, published: Mapping[tuple[int, dt.date, str], float]) -> list[dict[str, object]]:
    groups = list(result.cohort) + ([TOTAL] if scenario_no == 1 else [])
    return [
        {
            "scenario": scenario_no, "as_at": date, "group": group,
            "cohort": float(result.cohort[group]) if group in result.cohort else float(sum(result.cohort.values())),
            "caseload_per_fte": float(result.caseloads[group]) if group in result.caseloads else np.nan,
            "fte": result.fte[group] if group in result.fte else result.total_fte,
            "fte_rounded": result.fte_rounded[group] if group in result.fte_rounded else result.total_rounded,
            "published_fte": published.get((scenario_no, date, group), np.nan),
        }
        for group in groups
    ]


def _lcw(scenario: Scenario, start: Mapping[str, float], end: Mapping[str, float], evidence: Evidence, end_date: dt.date) -> tuple[pd.DataFrame, dict[tuple[int, str], float]]:
    """LCW table rows, and the rounded totals by (scenario, 'start' or 'horizon')."""
    published = {(int(r.scenario), r.as_at, str(r.band)): float(r.fte) for r in evidence.table_12.itertuples()}
    rows: list[dict[str, object]] = []
    totals: dict[tuple[int, str], float] = {}
    bands = evidence.bands
    for date, counts, when in ((evidence.start_date, start, "start"), (end_date, end, "horizon")):
        split = {group: sum(counts[b] for b in bands.in_group(group)) for group in (bands.younger, bands.older)}
        one = lcw_required(split, {bands.younger: scenario.caseload_16_20, bands.older: scenario.caseload_21_plus})
        two = lcw_required({GROUP_ALL: sum(split.values())}, {GROUP_ALL: scenario.caseload_all})
        rows += _lcw_rows(1, one, date, published) + _lcw_rows(2, two, date, published)
        totals[(1, when)], totals[(2, when)] = one.total_rounded, two.total_rounded
    return pd.DataFrame(rows), totals


def _options(scenario: Scenario, evidence: Evidence, costed_fte: float, uasc_share: float) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    costs = CostAssumptions(
        lcw_cost_per_fte=scenario.lcw_cost_per_fte,
        published_lcw_fte=evidence.figures["recommended_lcw_fte"],
        additional_per_lcw_fte=scenario.additional_per_lcw_fte,
    )
    total = evidence.budget.total_budget
    rows, waterfalls = [], {}
    for option in evidence.budget.options:
        base = restaff(option, costed_fte, costs)
        offsets = 0.0
        if scenario.year_one_offsets:
            offsets = evidence.figures["reserves_offset"] + (evidence.figures["office_saving_insourced"] if option.name == "insourced" else 0.0)
        sens = apply_sensitivities(base.cost, total, uasc_share, option.uasc_specific_costs, Sensitivities(inflation_percent=scenario.inflation_percent, reserves_offset=offsets))
        label = evidence.option_labels.get(option.name, option.name)
        row = {
            "option": option.name, "label": label, "lcw_fte": costed_fte, "staffing": base.staffing,
            "additional_costs": base.additional_costs, "published_cost": option.cost, "lcw_change": base.cost - option.cost,
            "inflation": sens.inflation, "cost": sens.cost, "uasc_share_percent": uasc_share * 100,
            "uasc_specific_costs": option.uasc_specific_costs, "uasc_contribution": sens.uasc_contribution,
            "offsets": sens.offsets, "variance": sens.variance,
            "published_variance": evidence.lines.get(("variance", option.name), np.nan),
        }
        rows.append(row)
        waterfalls[option.name] = _waterfall(row, total, evidence.figures["recommended_lcw_fte"], scenario.inflation_percent)
    return pd.DataFrame(rows), waterfalls


def _waterfall(row: Mapping[str, object], total_budget: float, published_fte: float, inflation_percent: float) -> pd.DataFrame:
    """Budget → + UASC contribution → − cost as published → − LCW change → − inflation → + offsets →
    variance. Steps that are nothing in this scenario are left out."""
    steps = [
        ("Total budget", "absolute", total_budget),
        ("UASC contribution", "relative", row["uasc_contribution"]),
        (f"Cost as published ({fte(published_fte)})", "relative", -float(row["published_cost"])),
    ]
    if row["lcw_change"]:
        steps.append((f"LCWs {published_fte:.1f} → {fte(float(row['lcw_fte']))}", "relative", -float(row["lcw_change"])))
    if row["inflation"]:
        steps.append((f"Contract inflation {inflation_percent:g}%", "relative", -float(row["inflation"])))
    if row["offsets"]:
        steps.append(("Year-one offsets", "relative", float(row["offsets"])))
    frame = pd.DataFrame(steps, columns=["step", "measure", "amount"])
    frame["running"] = frame["amount"].cumsum()
    end = pd.DataFrame([{"step": "Variance", "measure": "total", "amount": row["variance"], "running": row["variance"]}])
    return pd.concat([frame, end], ignore_index=True)


TABLE_16_ITEMS = (
    ("total_budget", "Total budget"),
    ("option_cost", "Option cost"),
    ("uasc_contribution", "UASC contribution (share of cost + specific costs)"),
    ("variance", "Variance to budget once UASC contribution added"),
)


def _table_16(options: pd.DataFrame, total_budget: float, evidence: Evidence) -> pd.DataFrame:
    by = options.set_index("option")
    rows = []
    for item, label in TABLE_16_ITEMS:
        row: dict[str, object] = {"item": item, "label": label}
        for name in by.index:
            row[name] = total_budget if item == "total_budget" else float(by.loc[name, "cost" if item == "option_cost" else item])
            row[f"published_{name}"] = evidence.lines.get((item, "" if item == "total_budget" else name), np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def _cohort_frame(path: pd.DataFrame, evidence: Evidence, fan: bool) -> pd.DataFrame:
    end = path[path["step"] == path["step"].max()].set_index("band")
    start = evidence.start_counts
    projected = {band: _whole(end.loc[band, "projected"]) for band in evidence.bands.labels}
    projected[TOTAL] = sum(projected.values())
    rows = []
    for band in (*evidence.bands.labels, TOTAL):
        rows.append({
            "band": band, "start": start[band], "projected": projected[band], "change": projected[band] - start[band],
            "change_percent": 100 * (projected[band] - start[band]) / start[band],
            "p10": _whole(end.loc[band, "p10"]) if fan else np.nan, "p90": _whole(end.loc[band, "p90"]) if fan else np.nan,
            "published_corporate": evidence.published_counts[STORE_METHOD[CORPORATE]][band],
            "published_lait": evidence.published_counts[STORE_METHOD[LAIT]][band],
        })
    frame = pd.DataFrame(rows)
    frame["suppressed"] = suppress_mask(frame["projected"].tolist()[:-1], total_shown=True) + [False]
    return frame


def _suppress_path(path: pd.DataFrame) -> pd.DataFrame:
    return path.assign(suppressed=path["projected"].round() < 5)


def evaluate(scenario: Scenario, evidence: Evidence | None = None, *, runs: int = RUNS, seed: int = SEED) -> ScenarioResult:
    """Cohort, LCWs and budget for ``scenario``; ``runs`` simulations give the P10-P90 band (0 for
    none)."""
    evidence = evidence or load_evidence()
    corporate = scenario.method == CORPORATE
    if corporate:
        path, former_uasc = _corporate_path(scenario, evidence, runs, seed)
    else:
        path, former_uasc = _lait_path(scenario, evidence)
    fan = corporate and runs > 0
    path = _suppress_path(path)
    end_date = months_after(evidence.start_date, scenario.years)
    cohort = _cohort_frame(path, evidence, fan)
    end_counts = dict(zip(cohort["band"], cohort["projected"]))
    uasc_share_percent = 100 * former_uasc / float(path[(path["step"] == path["step"].max()) & (path["band"] == TOTAL)]["projected"].iloc[0])

    lcw, totals = _lcw(scenario, evidence.start_counts, end_counts, evidence, end_date)
    costed = totals[(scenario.costed_on, "horizon")]
    if scenario.whole_posts:
        costed = float(math.ceil(costed - 1e-9))
    share = round_half_up(uasc_share_percent, 1) / 100 if scenario.uasc_share_follows_cohort else scenario.uasc_share_percent / 100
    options, waterfalls = _options(scenario, evidence, costed, share)
    total_budget = evidence.budget.total_budget
    table_16 = _table_16(options, total_budget, evidence)

    published = Scenario.published(evidence)
    is_published = scenario == published
    table_12_rows = lcw.dropna(subset=["published_fte"])
    reproduces_12 = is_published and bool((table_12_rows["fte_rounded"] == table_12_rows["published_fte"]).all()) and len(table_12_rows) == len(evidence.table_12)
    check_16 = [(table_16[o], table_16[f"published_{o}"]) for o in options["option"]]
    reproduces_16 = is_published and all(bool((a.round(2) == b.round(2)).all()) for a, b in check_16)
    older = evidence.bands.in_group(evidence.bands.older)
    position = current_position(evidence.current_lcw_fte, evidence.caseload_current, sum(evidence.start_counts[b] for b in older), older=older)

    result = ScenarioResult(
        scenario=scenario,
        is_published=is_published,
        changes=changes(scenario, evidence),
        start_date=evidence.start_date,
        end_date=end_date,
        fan_available=fan,
        path=path,
        cohort=cohort,
        former_uasc_share_percent=uasc_share_percent,
        lcw=lcw,
        lcw_totals=totals,
        costed_fte=costed,
        current_lcw_fte=evidence.current_lcw_fte,
        recommended_lcw_fte=evidence.figures["recommended_lcw_fte"],
        caseload_if_all_allocated_today=position.caseload_if_all_21_allocated,
        total_budget=total_budget,
        options=options,
        waterfalls=waterfalls,
        table_16=table_16,
        reproduces_table_12=reproduces_12,
        reproduces_table_16=reproduces_16,
        findings=Findings("", "", "", {}, "", ""),
        bands=evidence.bands,
    )
    return replace(result, findings=_findings(result, evidence))


# --------------------------------------------------------------------------- headline figures

# How each of the budget's options delivers the service, in words.
OPTION_KINDS = {"outsourced": "outsourced", "insourced": "in-sourced"}


def option_names(result: ScenarioResult) -> dict[str, str]:
    """Option → the pack's name for it, saying whether it is outsourced or in-sourced: 'Option 1
    Outsourced' stays as it is; 'Option A' becomes 'Option A (outsourced)'."""
    names = {}
    for option, label in zip(result.options["option"], result.options["label"]):
        kind = OPTION_KINDS.get(option, option)
        names[option] = label if kind.replace("-", "") in label.lower().replace("-", "") else f"{label} ({kind})"
    return names


def option_name(result: ScenarioResult, option: str) -> str:
    return option_names(result)[option]


def lcws_needed(result: ScenarioResult) -> float:
    """The Leaving Care Workers a scenario needs at its horizon, in FTE: the total of the caseload
    scenario the options are costed on, as the published LCW table gives it (the plan's own
    scenario needs 32.7 FTE by April 2025). The options are priced on ``result.costed_fte``, the same
    need rounded up to whole posts when posts are whole (33.0). Every page and the briefing take the
    need from here and write it with ``formatting.fte``."""
    return result.lcw_total(result.scenario.costed_on)


def lcws_costed_note(result: ScenarioResult) -> str:
    """How the need becomes the LCWs the options are priced on: 'costed as 33.0 FTE of whole posts'."""
    if result.scenario.whole_posts and result.costed_fte != lcws_needed(result):
        return f"costed as {fte(result.costed_fte)} of whole posts"
    return f"costed as {fte(result.costed_fte)}"


@dataclass(frozen=True)
class LcwPricing:
    """How the cost of one LCW enters the options: ``published_fte`` LCWs are already in each option's
    published cost; only ``extra_fte`` (costed − published, negative for fewer) is priced at the
    scenario's cost per LCW, adding ``extra_cost`` a year to each option."""

    costed_fte: float
    published_fte: float
    extra_fte: float
    extra_cost: float
    sentence: str


def lcw_pricing(result: ScenarioResult) -> LcwPricing:
    s = result.scenario
    published = result.recommended_lcw_fte
    extra = round_half_up(result.costed_fte - published, 1)
    change = float(result.options["lcw_change"].max()) if len(result.options) else 0.0
    if extra == 0:
        sentence = (
            f"The options' published costs already include {fte(published)} of Leaving Care Workers, the same as this scenario "
            f"costs: no LCWs are added or taken away, so the cost of one LCW ({money(s.lcw_cost_per_fte)}) changes nothing here. "
            f"It prices only LCWs above or below {fte(published)}: change a caseload or the cohort and each extra LCW is costed at this rate."
        )
    else:
        sentence = (
            f"This scenario costs {fte(result.costed_fte)} of Leaving Care Workers, {fte(abs(extra))} "
            f"{'more' if extra > 0 else 'fewer'} than the {fte(published)} in the options' published costs. At "
            f"{money(s.lcw_cost_per_fte)} each" + (f" plus {money(s.additional_per_lcw_fte)} of other costs" if s.additional_per_lcw_fte else "")
            + f", that {'adds' if change >= 0 else 'takes'} {money(abs(change))} a year {'to' if change >= 0 else 'from'} each option."
        )
    return LcwPricing(result.costed_fte, published, extra, change, sentence)


# --------------------------------------------------------------------------- findings


def _cohort_finding(r: ScenarioResult) -> str:
    total = r.cohort.set_index("band").loc[TOTAL]
    sentence = (
        f"By {r.end_date:%b %Y} the cohort is projected at {count(total['projected'])} care leavers, "
        f"{count(abs(total['change']))} {'more' if total['change'] >= 0 else 'fewer'} than the {count(total['start'])} of "
        f"{r.start_date:%b %Y} ({truncated_percent(total['change_percent'])})"
    )
    if r.fan_available:
        sentence += f"; 8 in 10 simulated futures lie between {count(total['p10'])} and {count(total['p90'])}"
    return sentence + "."


def _workforce_finding(r: ScenarioResult) -> str:
    one, two = r.lcw_total(1), r.lcw_total(2)
    gap = one - r.current_lcw_fte
    against = r.recommended_lcw_fte - one
    relation = (
        f"{fte(abs(against))} {'below' if against > 0 else 'above'} the recommended {fte(r.recommended_lcw_fte)}"
        if abs(against) >= 0.05 else f"the recommended {fte(r.recommended_lcw_fte)}"
    )
    s = r.scenario
    return (
        f"Scenario 1 (caseloads of {s.caseload_16_20:g} for those aged {r.bands.younger} and {s.caseload_21_plus:g} for {r.bands.older}) "
        f"needs {fte(one)} of Leaving Care Workers by {r.end_date:%b %Y}: {fte(abs(gap))} {'more' if gap >= 0 else 'fewer'} than the "
        f"{fte(r.current_lcw_fte)} in post and {relation}. Scenario 2 ({s.caseload_all:g} for everyone) needs {fte(two)}."
    )


def _option_finding(row: pd.Series) -> str:
    variance = float(row["variance"])
    where = f"{money(abs(variance))} short of the budget" if variance < 0 else f"{money(variance)} within the budget"
    return f"{row['label']} costs {money(row['cost'])} a year for {fte(row['lcw_fte'])} of LCWs and is {where} after the UASC contribution of {money(row['uasc_contribution'])}."


def _budget_finding(r: ScenarioResult) -> str:
    by = r.options.set_index("option")
    if len(by) < 2:
        return ""
    first, second = by.iloc[0], by.iloc[1]
    cheaper, dearer = (second, first) if second["cost"] <= first["cost"] else (first, second)
    saving = dearer["cost"] - cheaper["cost"]
    better, worse = (first, second) if first["variance"] >= second["variance"] else (second, first)
    if worse["variance"] >= 0:
        pressure = "no cost pressure under either option"
    elif better["variance"] < 0:
        pressure = f"a cost pressure of at least {money(-better['variance'])} a year whichever option is chosen"
    else:
        pressure = f"a cost pressure of {money(-worse['variance'])} a year under {worse['label']} only"
    return (
        f"{cheaper['label']} is {money(saving)} a year cheaper than {dearer['label']}; the gap to the budget of "
        f"{money(r.total_budget)} leaves {pressure}."
    )


def plan_name() -> str:
    """What the authority calls the plan whose assumptions the published scenario is (its pack's wording)."""
    return config.load().wording.plan


def _reproduction_finding(r: ScenarioResult) -> str:
    plan = plan_name()
    if r.is_published and r.reproduces_table_12 and r.reproduces_table_16:
        by = r.options.set_index("option")
        variances = " and ".join(f"{money(row['variance'])} {row['label'].split()[-1].lower()}" for _, row in by.iterrows())
        return (
            f"These are the {plan}'s own assumptions, and the page reproduces its figures exactly: the published "
            f"{r.lcw_total(1, 'start'):.1f} and {r.lcw_total(1):.1f} FTE of Leaving Care Workers under Scenario 1 and "
            f"{r.lcw_total(2, 'start'):.1f} and {r.lcw_total(2):.1f} FTE under Scenario 2, and the published budget variances "
            f"of {variances}, to the pound."
        )
    if r.is_published:
        return (f"These are the {plan}'s own assumptions, but the results differ from its published Leaving Care Worker and "
                "budget tables: check the store's published tables.")
    n = len(r.changes)
    if n == 0:
        return f"Only an assumption of the projection method not in use differs from the {plan}'s, so the results are the published scenario's."
    return (
        f"{n} assumption{'s differ' if n > 1 else ' differs'} from the {plan}'s (listed below); the published "
        f"figures are shown beside yours. 'Reset to published' returns to the {plan}'s assumptions."
    )


def _method_finding(r: ScenarioResult) -> str:
    plan = plan_name()
    if r.scenario.method == CORPORATE:
        return (
            f"The Corporate Performance projection is the one the {plan} costs. This is our rebuild of a cohort-component "
            "model: young people age on, children in care reach 16, late entrants and former UASC join, a few close at 21 "
            "and the rest at 26. The page adds the rebuild's small difference from each published band, so the "
            f"{plan}'s own assumptions give its own numbers."
        )
    return (
        f"The LAIT projection applies growth rates a year to each group. The {plan} did not use it for the workforce or "
        "the budget. It has no uncertainty band here: growth rates have no random element to simulate."
    )


def lait_explanation(r: ScenarioResult, evidence: Evidence) -> tuple[str, ...]:
    """Plain-words account of how the LAIT result here differs from the published LAIT column, and
    of the flaw in that column."""
    published = evidence.published_counts[STORE_METHOD[LAIT]]
    shares = evidence.published_shares[STORE_METHOD[LAIT]]
    bands = evidence.bands
    band_counts = {band: published[band] for band in bands.labels}
    band_shares = {band: shares[band] for band in bands.labels}
    check = published_column_check(band_counts, band_shares, published[TOTAL])
    s = r.scenario
    # Compared at the published date whatever the scenario's horizon, so like is set against like.
    modelled = lait_preset(replace(s.lait_assumptions(), years=evidence.published_years), evidence.start_by_age, evidence.start_uasc_share, bands)
    ours = {band: _whole(modelled[band]) for band in bands.labels}
    ours[TOTAL] = sum(ours.values())
    difference = ours[TOTAL] - published[TOTAL]
    published_change = evidence.published_change_percent.get(STORE_METHOD[LAIT], 100 * (published[TOTAL] / evidence.start_counts[TOTAL] - 1))
    rates = (
        f"{s.growth_former_uasc_percent:g}% a year for former UASC, {s.growth_16_20_percent:g}% for those aged {bands.younger} and "
        f"{s.growth_21_plus_percent:g}% for {bands.older}"
    )

    def by_band(counts: Mapping[str, float]) -> str:
        return ", ".join(f"{count(counts[b])} aged {b}" for b in bands.labels)

    if difference == 0 and all(ours[b] == published[b] for b in bands.labels):
        return (
            f"The published LAIT projection, {count(published[TOTAL])} care leavers by {evidence.published_date:%B %Y} "
            f"({by_band(published)}), is what its stated rates ({rates}) give over the {evidence.published_years:g} years "
            f"from {evidence.start_date:%B %Y}.",
        )
    sentences = [
        f"The report's LAIT projection is {count(published[TOTAL])} care leavers by {evidence.published_date:%B %Y} "
        f"({by_band(published)}; {change_percent(published_change)} on {evidence.start_date:%B %Y}). The rates it states ({rates}), "
        f"applied to the {evidence.start_date:%B %Y} cohort for the same {evidence.published_years:g} years, give "
        f"{count(ours[TOTAL])} ({by_band(ours)}): {count(abs(difference))} {'fewer' if difference < 0 else 'more'} than published.",
    ]
    try:
        years = lait_years_to_reach(published[TOTAL], s.lait_assumptions(), evidence.start_by_age, evidence.start_uasc_share, bands)
        sentences.append(
            f"These rates would take about {years:.1f} years, to {months_after(evidence.start_date, years):%B %Y}, "
            f"to reach {count(published[TOTAL])}; no reading of them that we tried gives every published band."
        )
    except ValueError:
        sentences.append(f"These rates never reach {count(published[TOTAL])}; no reading of them that we tried gives the published bands.")
    if not check.consistent:
        mismatched = ", ".join(
            f"the {count(published[band])} aged {band} are {percent(check.recomputed_shares[band])} of {count(published[TOTAL])}, "
            f"not the {percent(band_shares[band])} printed"
            for band in check.mismatched_bands
        )
        sentences.append(
            f"The published table itself does not add up: its shares sum to {percent(check.share_sum)}, not 100%, and "
            f"{mismatched}. The counts are right and the printed share is most likely a typo."
        )
    return tuple(sentences)


def _titles(r: ScenarioResult) -> dict[str, str]:
    total = r.cohort.set_index("band").loc[TOTAL]
    titles = {
        "cohort": (
            f"The cohort is projected to reach {count(total['projected'])} care leavers by {r.end_date:%b %Y} "
            f"({truncated_percent(total['change_percent'])} on {r.start_date:%b %Y})"
        ),
        "workforce": (
            f"By {r.end_date:%b %Y} Scenario 1 needs {fte(r.lcw_total(1))} of LCWs and Scenario 2 {fte(r.lcw_total(2))}, "
            f"against {fte(r.current_lcw_fte)} in post"
        ),
    }
    for row in r.options.itertuples():
        where = "short of" if row.variance < 0 else "within"
        titles[str(row.option)] = f"{row.label}: {money(abs(row.variance))} {where} the budget a year"
    return titles


def _findings(r: ScenarioResult, evidence: Evidence) -> Findings:
    by = r.options.set_index("option")
    return Findings(
        cohort=_cohort_finding(r),
        workforce=_workforce_finding(r),
        budget=_budget_finding(r),
        options={name: _option_finding(row) for name, row in by.iterrows()},
        reproduction=_reproduction_finding(r),
        method=_method_finding(r),
        lait=lait_explanation(r, evidence) if r.scenario.method == LAIT else (),
        titles=_titles(r),
    )


# --------------------------------------------------------------------------- comparing scenarios

def comparison(results: Mapping[str, ScenarioResult]) -> pd.DataFrame:
    """Key outputs side by side. Columns: measure, unit, then one per named result (floats)."""
    names = list(results)
    bands = results[names[0]].bands if names else projection_bands()
    measures: list[tuple[str, str, object]] = [("Projected cohort", "care leavers", lambda r: r.projected_total)]
    measures += [(f"Aged {b}", "care leavers", lambda r, b=b: r.cohort_at_horizon[b]) for b in bands.labels]
    measures += [
        ("Former UASC share of the cohort", "%", lambda r: round_half_up(r.former_uasc_share_percent, 1)),
        ("LCWs needed, Scenario 1", "FTE", lambda r: r.lcw_total(1)),
        ("LCWs needed, Scenario 2", "FTE", lambda r: r.lcw_total(2)),
        ("LCWs costed", "FTE", lambda r: r.costed_fte),
    ]
    rows: list[dict[str, object]] = []
    for measure, unit, value in measures:
        rows.append({"measure": measure, "unit": unit} | {name: float(value(r)) for name, r in results.items()})
    for option in (results[names[0]].options["option"] if names else []):
        label = results[names[0]].option(option)["label"]
        for column, text in (("cost", "cost"), ("uasc_contribution", "UASC contribution"), ("variance", "variance to budget")):
            rows.append({"measure": f"{label}: {text}", "unit": "£"} | {name: float(r.option(option)[column]) for name, r in results.items()})
    return pd.DataFrame(rows)


def format_measure(value: float, unit: str) -> str:
    if pd.isna(value):
        return ""
    if unit == "£":
        return money(value)
    if unit == "FTE":
        return fte(value)
    if unit == "%":
        return percent(value)
    return count(value)


def assumptions_table(scenarios: Mapping[str, Scenario], evidence: Evidence | None = None, *, only_differences: bool = True) -> pd.DataFrame:
    """Assumptions side by side, as people read them. Columns: assumption, then one per named
    scenario (text). With ``only_differences`` only rows where the scenarios differ (and always the
    method and horizon)."""
    evidence = evidence or load_evidence()
    rows = []
    for spec in FIELDS:
        values = [getattr(s, spec.name) for s in scenarios.values()]
        if only_differences and spec.name not in ("method", "years") and all(v == values[0] for v in values):
            continue
        rows.append({"assumption": spec.title(evidence.bands)} | {name: spec.display(getattr(s, spec.name), evidence.start_date) for name, s in scenarios.items()})
    return pd.DataFrame(rows)
