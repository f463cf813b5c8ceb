"""KPI status against a target and tolerance, and direction of travel between periods.

These are the rules behind the Leaving Care Service KPI summary, Commissioning Plan Table 2
("LLCS KPI summary", section 2.4): each KPI has a target with a tolerance of ±5 (percentage
points), four period values and a direction-of-travel arrow. Councils phrase tolerances in several
ways ("+/- 5%", "2% above and 5% below target", "-4% or +8%", "in line with national, upper
1 point, lower 2 points"); ``tolerance_band`` turns each phrasing into explicit bounds so that
``classify`` only ever compares a value with numbers. A KPI can instead be graded by N ordered
threshold bands with their own names and colours (``BandScheme``: e.g. Inadequate / Requires
improvement / Good / Outstanding); the scheme says which bands count as achieved, and a value in a
gap between bands is ungraded, never put in the nearer band. Either way a value's judgement is a
``Grade``, in its scheme's own words.

Worked example, % in EET at 19 years (target 70, tolerance ±5, higher is better): the band is
65 to 75, and the 2023-24 Q2 value of 44 is below 65, so the KPI is outside tolerance (red,
"Not achieved"); it fell from 50 the period before, so the arrow is ↓ (worsening)::

    >>> band = tolerance_band(70, "points", 5, 5)
    >>> band.description
    '70 ± 5 points (65 to 75)'
    >>> classify(44, 70, lower=band.lower, upper=band.upper).label
    'Outside tolerance'
    >>> d = direction_of_travel(50, 44)
    >>> (d.arrow, d.judgement, d.change)
    ('↓', 'worsening', -6.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

POLARITIES = ("higher", "lower", "plan")
TOLERANCE_FORMS = ("points", "percent", "bounds", "national")
# A KPI graded by a pack's threshold bands rather than a target and tolerance.
BANDED_FORM = "bands"

# Published values are held to one decimal place, so anything closer than this is the same number;
# without it 85.0 against 80.0 + 5.0 style arithmetic can put a boundary value on the wrong side.
_EPSILON = 1e-9


class KpiStatus(Enum):
    ON_TARGET = "on_target"
    WITHIN_TOLERANCE = "within_tolerance"
    OUTSIDE_TOLERANCE = "outside_tolerance"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rag(self) -> str:
        return _RAG[self]

    @property
    def achieved(self) -> bool:
        # Councils report a value anywhere inside the tolerance band as "Achieved".
        return self is not KpiStatus.OUTSIDE_TOLERANCE

    @property
    def achieved_label(self) -> str:
        return "Achieved" if self.achieved else "Not achieved"


_LABELS = {
    KpiStatus.ON_TARGET: "On target",
    KpiStatus.WITHIN_TOLERANCE: "Within tolerance",
    KpiStatus.OUTSIDE_TOLERANCE: "Outside tolerance",
}
_RAG = {KpiStatus.ON_TARGET: "green", KpiStatus.WITHIN_TOLERANCE: "amber", KpiStatus.OUTSIDE_TOLERANCE: "red"}


def _at_most(a: float, b: float) -> bool:
    return a <= b + _EPSILON


def _at_least(a: float, b: float) -> bool:
    return a >= b - _EPSILON


def _require_number(name: str, x: float | None) -> float:
    # Missing figures arrive as None, NaN or pd.NA depending on the source; all are refused here
    # because a blank must never be coloured as if it were a result.
    try:
        number = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if math.isnan(number):
        raise ValueError(f"{name} must be a number, got {x!r}")
    return number


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def classify(
    value: float,
    target: float,
    *,
    polarity: str = "higher",
    tolerance: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
) -> KpiStatus:
    """Status of ``value`` against ``target`` and a tolerance band.

    The band is ``target ± tolerance`` (absolute, in the KPI's unit) or the explicit bounds
    ``lower <= x <= upper``; a boundary value counts as inside. ``polarity``:

    - ``"higher"``: at or above target is on target; below it but not below the band is within
      tolerance; anything lower is outside.
    - ``"lower"``: the mirror image (at or below target; not above the band).
    - ``"plan"``: the band itself is the goal, so inside is on target and outside is outside.

    With no tolerance and no bounds, "higher" and "lower" KPIs have no amber zone (the band is the
    target alone); a "plan" KPI has nothing to be inside, so that is an error.
    """
    value = _require_number("value", value)
    target = _require_number("target", target)
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {', '.join(POLARITIES)}")
    if tolerance is not None and (lower is not None or upper is not None):
        raise ValueError("give either tolerance or lower/upper bounds, not both")
    if (lower is None) != (upper is None):
        raise ValueError("lower and upper bounds must be given together")
    if tolerance is not None:
        tolerance = _require_number("tolerance", tolerance)
        if tolerance < 0:
            raise ValueError(f"tolerance must not be negative (got {tolerance:g})")
        lower, upper = target - tolerance, target + tolerance
    elif lower is not None and upper is not None:
        lower, upper = _require_number("lower", lower), _require_number("upper", upper)
        if lower > upper:
            raise ValueError(f"lower bound {lower:g} is above upper bound {upper:g}")
    elif polarity == "plan":
        raise ValueError("a 'plan' KPI needs a tolerance or lower/upper bounds to define the band")
    else:
        lower = upper = target

    if polarity == "plan":
        inside = _at_least(value, lower) and _at_most(value, upper)
        return KpiStatus.ON_TARGET if inside else KpiStatus.OUTSIDE_TOLERANCE
    if polarity == "higher":
        if _at_least(value, target):
            return KpiStatus.ON_TARGET
        return KpiStatus.WITHIN_TOLERANCE if _at_least(value, lower) else KpiStatus.OUTSIDE_TOLERANCE
    if _at_most(value, target):
        return KpiStatus.ON_TARGET
    return KpiStatus.WITHIN_TOLERANCE if _at_most(value, upper) else KpiStatus.OUTSIDE_TOLERANCE


@dataclass(frozen=True)
class Band:
    """A tolerance band as explicit bounds, with the published wording it came from."""

    lower: float
    upper: float
    description: str


def tolerance_band(target: float, form: str, below: float, above: float, *, national: float | None = None) -> Band:
    """Explicit bounds for one of the ways councils state a tolerance.

    - ``"points"``: ``target - below`` to ``target + above`` in the KPI's unit ("±5%" in Table 2
      means 5 percentage points).
    - ``"percent"``: relative to the target, ``target × (1 - below/100)`` to
      ``target × (1 + above/100)`` ("2% below and 5% above target").
    - ``"bounds"``: ``below`` and ``above`` are the bounds themselves.
    - ``"national"``: ``national - below`` to ``national + above`` ("in line with national, upper
      1 point, lower 2 points"); ``national`` is required.
    """
    target = _require_number("target", target)
    below = _require_number("below", below)
    above = _require_number("above", above)
    if form not in TOLERANCE_FORMS:
        raise ValueError(f"unknown tolerance form {form!r}; expected one of {', '.join(TOLERANCE_FORMS)}")
    if form == "bounds":
        if below > above:
            raise ValueError(f"lower bound {below:g} is above upper bound {above:g}")
        return Band(below, above, f"{_fmt(below)} to {_fmt(above)}")
    if below < 0 or above < 0:
        raise ValueError(f"tolerance must not be negative (got below={below:g}, above={above:g})")

    if form == "points":
        lower, upper = target - below, target + above
        if below == above:
            words = f"{_fmt(target)} ± {_fmt(below)} points"
        else:
            words = f"{_fmt(target)} -{_fmt(below)}/+{_fmt(above)} points"
        return Band(lower, upper, f"{words} ({_fmt(lower)} to {_fmt(upper)})")
    if form == "percent":
        lower, upper = target * (1 - below / 100), target * (1 + above / 100)
        if below == above:
            words = f"{_fmt(target)} ± {_fmt(below)}% (relative)"
        else:
            words = f"{_fmt(below)}% below and {_fmt(above)}% above {_fmt(target)} (relative)"
        return Band(lower, upper, f"{words}: {_fmt(lower)} to {_fmt(upper)}")
    if national is None:
        raise ValueError("the 'national' tolerance form needs the national figure (national=...)")
    national = _require_number("national", national)
    lower, upper = national - below, national + above
    return Band(lower, upper, f"national {_fmt(national)} -{_fmt(below)}/+{_fmt(above)} points ({_fmt(lower)} to {_fmt(upper)})")


@dataclass(frozen=True)
class Direction:
    """Movement since the previous period as Table 2 prints it.

    ``arrow`` is "↑", "↓" or "↔" ("" when there is no previous value); ``judgement`` reads the
    arrow through the KPI's polarity; ``change`` is current minus previous (None without one).
    """

    arrow: str
    judgement: str
    change: float | None


def direction_of_travel(
    previous: float | None, current: float, *, polarity: str = "higher", threshold: float = 0.5
) -> Direction:
    """Arrow and judgement for the move from ``previous`` to ``current``.

    A move of at least ``threshold`` (in the KPI's unit) either way gets an arrow; smaller moves
    are "↔". For "plan" KPIs a move is only reported as "changed", because whether it helps depends
    on which side of the band the value sits.
    """
    current = _require_number("current", current)
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {', '.join(POLARITIES)}")
    threshold = _require_number("threshold", threshold)
    if threshold <= 0:
        raise ValueError(f"threshold must be positive (got {threshold:g})")
    if previous is None:
        return Direction("", "no previous value", None)
    previous = _require_number("previous", previous)

    change = current - previous
    if _at_least(change, threshold):
        arrow = "↑"
    elif _at_most(change, -threshold):
        arrow = "↓"
    else:
        return Direction("↔", "no change", change)
    if polarity == "plan":
        return Direction(arrow, "changed", change)
    better = (arrow == "↑") == (polarity == "higher")
    return Direction(arrow, "improving" if better else "worsening", change)


def benchmark_gap(value: float, comparators: Mapping[str, float]) -> dict[str, float]:
    """``value`` minus each comparator (statistical neighbours, England, ...), in the KPI's unit.

    >>> benchmark_gap(44, {"England": 56})
    {'England': -12.0}
    """
    value = _require_number("value", value)
    return {name: value - _require_number(f"comparator {name!r}", comp) for name, comp in comparators.items()}


# --- Grades: the words and colours a value is judged in ---------------------------------------------
#
# A tolerance KPI speaks "On target / Within tolerance / Outside tolerance" (achieved unless outside);
# a KPI graded by a pack's threshold bands speaks the bands' own names, and the pack says which bands
# count as achieved. A value that falls in a gap between two bands is ungraded: never the nearest band.

# The same colours as viz.theme.STATUS_COLOURS (3:1 on white and amber 3:1 from its neighbours; tested there).
STATUS_COLOURS = {"green": "#004A36", "amber": "#C28600", "red": "#7A1F00"}
# viz.theme.NEUTRAL_COLOUR (analytics does not import viz): a grey at 4.5:1 on white; a test keeps them equal.
UNGRADED_COLOUR = "#767676"
UNGRADED_LABEL = "Ungraded"


@dataclass(frozen=True)
class Grade:
    """How one value is judged. ``code`` is stable (a ``KpiStatus`` value or ``band:<name>``),
    ``label`` the scheme's word for it, ``colour`` a hex colour (a band's own), ``achieved``
    True/False, or None when ungraded. ``rag`` serves displays that know only red, amber and green:
    a tolerance status's own; for a band green when met and red when not (its words and colour
    elsewhere are the band's); "" when ungraded."""

    code: str
    label: str
    colour: str
    rag: str
    achieved: bool | None
    rank: int | None = None

    @property
    def achieved_label(self) -> str:
        if self.achieved is None:
            return UNGRADED_LABEL
        return "Achieved" if self.achieved else "Not achieved"

    @property
    def graded(self) -> bool:
        return self.achieved is not None

    @property
    def banded(self) -> bool:
        return self.code.startswith("band:")


def status_grade(status: KpiStatus) -> Grade:
    """A tolerance status as a grade; ranks run worst (0) to best (2)."""
    rank = {KpiStatus.OUTSIDE_TOLERANCE: 0, KpiStatus.WITHIN_TOLERANCE: 1, KpiStatus.ON_TARGET: 2}[status]
    return Grade(status.value, status.label, STATUS_COLOURS[status.rag], status.rag, status.achieved, rank)


UNGRADED = Grade("ungraded", UNGRADED_LABEL, UNGRADED_COLOUR, "", None, None)


@dataclass(frozen=True)
class GradeBand:
    """One threshold band: values from ``minimum`` to ``maximum`` (None for open-ended), each end
    inclusive or not; ``achieved`` says whether the scheme counts the band as met."""

    name: str
    colour: str
    achieved: bool
    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True

    def contains(self, value: float) -> bool:
        if self.minimum is not None:
            if value < self.minimum - _EPSILON or (not self.min_inclusive and abs(value - self.minimum) <= _EPSILON):
                return False
        if self.maximum is not None:
            if value > self.maximum + _EPSILON or (not self.max_inclusive and abs(value - self.maximum) <= _EPSILON):
                return False
        return True

    @property
    def range_text(self) -> str:
        """'at least 60 and below 70', 'below 40', 'at least 90'."""
        lo = "" if self.minimum is None else f"{'at least' if self.min_inclusive else 'above'} {_fmt(self.minimum)}"
        hi = "" if self.maximum is None else f"{'at most' if self.max_inclusive else 'below'} {_fmt(self.maximum)}"
        return " and ".join(part for part in (lo, hi) if part) or "any value"


@dataclass(frozen=True)
class BandScheme:
    """N ordered threshold bands, listed worst first; gaps between them are allowed (and ungraded)."""

    grading_id: str
    name: str
    bands: tuple[GradeBand, ...]

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError(f"grading {self.grading_id!r} has no bands")
        if not any(b.achieved for b in self.bands):
            raise ValueError(f"grading {self.grading_id!r}: no band counts as achieved")
        for b in self.bands:
            if b.minimum is not None and b.maximum is not None and b.minimum > b.maximum:
                raise ValueError(f"grading {self.grading_id!r}: band {b.name!r} runs from {b.minimum:g} down to {b.maximum:g}")
        for i, a in enumerate(self.bands):
            for b in self.bands[i + 1:]:
                if _overlap(a, b):
                    raise ValueError(f"grading {self.grading_id!r}: bands {a.name!r} and {b.name!r} overlap")

    def grade(self, value: float) -> Grade:
        value = _require_number("value", value)
        for rank, band in enumerate(self.bands):
            if band.contains(value):
                return Grade(f"band:{band.name}", band.name, band.colour, "green" if band.achieved else "red", band.achieved, rank)
        return UNGRADED

    def threshold(self, polarity: str) -> float:
        """The value at which the scheme starts counting as achieved: the lowest edge of an
        achieved band for higher-is-better, the highest for lower-is-better."""
        met = [b for b in self.bands if b.achieved]
        if polarity == "lower":
            edges = [b.maximum for b in met if b.maximum is not None]
            return max(edges) if edges else min(b.minimum for b in met if b.minimum is not None)
        edges = [b.minimum for b in met if b.minimum is not None]
        return min(edges) if edges else max(b.maximum for b in met if b.maximum is not None)

    @property
    def description(self) -> str:
        return "; ".join(f"{b.name} {b.range_text}" for b in self.bands)

    @property
    def vocabulary(self) -> str:
        return " / ".join(b.name for b in self.bands)


def _overlap(a: GradeBand, b: GradeBand) -> bool:
    lo_a = -math.inf if a.minimum is None else a.minimum
    hi_a = math.inf if a.maximum is None else a.maximum
    lo_b = -math.inf if b.minimum is None else b.minimum
    hi_b = math.inf if b.maximum is None else b.maximum
    if hi_a < lo_b - _EPSILON or hi_b < lo_a - _EPSILON:
        return False
    if abs(hi_a - lo_b) <= _EPSILON:
        return a.max_inclusive and b.min_inclusive
    if abs(hi_b - lo_a) <= _EPSILON:
        return b.max_inclusive and a.min_inclusive
    return True
