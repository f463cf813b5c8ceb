"""XmR statistical process control charts with the NHS "Making Data Count" rules.

Used for the KPI series behind Commissioning Plan Table 2 (and the monthly series computed from
snapshots), so that a one-period drop is not read as a trend and a real shift is not missed. The
method follows the NHS "Making Data Count" guidance as implemented in the NHSRplotthedots R
package:

- mean of the values; moving ranges ``|x[i] - x[i-1]|``; moving ranges above 3.267 × their mean
  are screened out and the mean moving range (MR̄) recomputed;
- process limits ``mean ± 2.66 × MR̄``; near-limit lines ``mean ± (2/3 × 2.66) × MR̄``;
- special-cause rules in priority order: (1) a point outside the limits; (2) a trend of 7 points
  all rising or all falling; (3) two of three consecutive points between a near-limit line and its
  process limit, all three on the same side of the mean (only the close points are flagged);
  (4) a shift of 7 points on one side of the mean (a point exactly on the mean breaks the run);
- the verdict on variation is read from the last point, and assurance from where the target sits
  against the limits; fewer than 13 points give trial limits.

Worked example, the four Table 2 values for % in EET at 16-18 (65, 60, 55, 44; target 85)::

    mean = 224 / 4 = 56; moving ranges 5, 5, 11, MR̄ = 7 (11 < 3.267 × 7, so none screened)
    limits 56 ± 2.66 × 7 = 37.38 to 74.62; the target 85 is above the upper limit

    >>> r = xmr([65, 60, 55, 44], target=85)
    >>> round(r.lower_limit, 2), round(r.upper_limit, 2), r.assurance, r.trial_limits
    (37.38, 74.62, 'consistently failing', True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

IMPROVEMENTS = ("increase", "decrease", "neutral")
COLOURS = {"improvement": "#00b0f0", "concern": "#e46c0a", "neutral": "#490092", "common cause": "#a6a6a6"}

MR_SCREEN = 3.267
LIMIT = 2.66
NEAR_LIMIT = 2 / 3 * LIMIT
RUN_LENGTH = 7
# With fewer points the limits move noticeably as each new point arrives.
MIN_POINTS_FOR_FIRM_LIMITS = 13


@dataclass(frozen=True)
class Signal:
    """One point's reading: ``rule`` is the highest-priority rule it triggers (1-4, or None for
    common cause) and ``kind`` is "improvement", "concern", "neutral" or "common cause"."""

    index: int
    value: float
    rule: int | None
    kind: str

    @property
    def colour(self) -> str:
        return COLOURS[self.kind]


@dataclass(frozen=True)
class XmrResult:
    """The chart's lines and verdicts. ``moving_ranges`` covers every point (None for the first);
    the mean, MR̄ and limits come from the first ``baseline`` points when a baseline was given.
    ``variation`` is "special cause improvement", "special cause concern", "special cause
    neutral" or "common cause"; ``assurance`` is "consistently passing", "consistently failing",
    "hit and miss" or None (no target, or a neutral direction)."""

    values: list[float]
    mean: float
    moving_ranges: list[float | None]
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    upper_near: float
    lower_near: float
    signals: list[Signal]
    variation: str
    assurance: str | None
    trial_limits: bool
    target: float | None
    improvement: str
    baseline: int | None

    def to_frame(self) -> pd.DataFrame:
        """One row per point. Columns: index, value, moving_range (NaN for the first point), mean,
        upper_limit, lower_limit, upper_near, lower_near, rule (nullable Int64), kind, colour."""
        n = len(self.values)
        return pd.DataFrame(
            {
                "index": [s.index for s in self.signals],
                "value": self.values,
                "moving_range": [math.nan if m is None else m for m in self.moving_ranges],
                "mean": [self.mean] * n,
                "upper_limit": [self.upper_limit] * n,
                "lower_limit": [self.lower_limit] * n,
                "upper_near": [self.upper_near] * n,
                "lower_near": [self.lower_near] * n,
                "rule": pd.array([s.rule for s in self.signals], dtype="Int64"),
                "kind": [s.kind for s in self.signals],
                "colour": [s.colour for s in self.signals],
            }
        )


def _flag_runs(labels: list[int], length: int) -> list[int]:
    """For each position, the label of the run of at least ``length`` equal non-zero labels it
    belongs to, else 0."""
    out = [0] * len(labels)
    start = 0
    for end in range(1, len(labels) + 1):
        if end == len(labels) or labels[end] != labels[start]:
            if labels[start] != 0 and end - start >= length:
                out[start:end] = [labels[start]] * (end - start)
            start = end
    return out


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _trend(values: list[float]) -> list[int]:
    # A trend of 7 points is 6 consecutive steps in the same direction; an unchanged step breaks
    # it. A step belongs to both of its points, so each point takes the direction of any 6-step
    # run passing through it.
    steps = [_sign(b - a) for a, b in zip(values, values[1:])]
    runs = _flag_runs(steps, RUN_LENGTH - 1)
    out = [0] * len(values)
    for i, direction in enumerate(runs):
        if direction:
            out[i] = out[i + 1] = direction
    return out


def _two_in_three(close: list[int], side: list[int]) -> list[bool]:
    out = [False] * len(close)
    for i in range(len(close) - 2):
        window = range(i, i + 3)
        same_side = abs(sum(side[j] for j in window)) == 3
        if same_side and sum(close[j] != 0 for j in window) >= 2:
            for j in window:
                out[j] = out[j] or close[j] != 0
    return out


def _kind(direction: int, improvement: str) -> str:
    if improvement == "neutral":
        return "neutral"
    return "improvement" if direction == (1 if improvement == "increase" else -1) else "concern"


def xmr(
    values: Sequence[float], *, target: float | None = None, improvement: str = "increase", baseline: int | None = None
) -> XmrResult:
    """XmR chart for ``values`` in time order.

    ``improvement`` says which way is better ("increase", "decrease" or "neutral"). ``target``
    gives the assurance verdict. ``baseline`` fixes the mean and limits on the first ``baseline``
    points (rebasing from a known change point is a decision for the analyst, never automatic);
    every point is then judged against those limits.
    """
    xs = [float(v) for v in values]
    if len(xs) < 2:
        raise ValueError(f"an XmR chart needs at least 2 values (got {len(xs)})")
    if any(math.isnan(v) for v in xs):
        raise ValueError("values must not contain NaN; a gap in the series breaks the moving ranges")
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"unknown improvement direction {improvement!r}; expected one of {', '.join(IMPROVEMENTS)}")
    if target is not None and math.isnan(target):
        raise ValueError("target must be a number or None, not NaN")
    if baseline is not None and not 2 <= baseline <= len(xs):
        raise ValueError(f"baseline must be between 2 and the number of values ({len(xs)}), got {baseline}")

    base = xs[:baseline] if baseline is not None else xs
    mean = sum(base) / len(base)
    moving_ranges: list[float | None] = [None] + [abs(b - a) for a, b in zip(xs, xs[1:])]
    base_ranges = [abs(b - a) for a, b in zip(base, base[1:])]
    raw_mr = sum(base_ranges) / len(base_ranges)
    # One exceptional jump would otherwise widen the limits enough to hide the signals around it.
    kept = [m for m in base_ranges if m <= MR_SCREEN * raw_mr]
    mr_bar = sum(kept) / len(kept)

    upper, lower = mean + LIMIT * mr_bar, mean - LIMIT * mr_bar
    upper_near, lower_near = mean + NEAR_LIMIT * mr_bar, mean - NEAR_LIMIT * mr_bar

    side = [_sign(v - mean) for v in xs]
    outside = [1 if v > upper else -1 if v < lower else 0 for v in xs]
    # As in NHSRplotthedots, a point beyond the process limit is already a rule 1 signal and does
    # not count as "close" for rule 3.
    close = [s if not o and (v > upper_near or v < lower_near) else 0 for v, s, o in zip(xs, side, outside)]
    trend = _trend(xs)
    two_of_three = _two_in_three(close, side)
    shift = _flag_runs(side, RUN_LENGTH)

    signals = []
    for i, v in enumerate(xs):
        # A trend is judged by its direction, every other rule by the side of the mean: a rising run
        # that crosses the mean is one movement, so it gets one colour (NHSRplotthedots would
        # split it by side of the mean).
        candidates = [(1, outside[i]), (2, trend[i]), (3, side[i] if two_of_three[i] else 0), (4, shift[i])]
        rule, direction = next(((r, d) for r, d in candidates if d), (None, 0))
        kind = "common cause" if rule is None else _kind(direction, improvement)
        signals.append(Signal(i, v, rule, kind))

    last = signals[-1].kind
    variation = "common cause" if last == "common cause" else f"special cause {last}"

    assurance = None
    if target is not None and improvement != "neutral":
        passing, failing = ("consistently passing", "consistently failing")
        if improvement == "decrease":
            passing, failing = failing, passing
        if target < lower:
            assurance = passing
        elif target > upper:
            assurance = failing
        else:
            assurance = "hit and miss"

    return XmrResult(
        values=xs,
        mean=mean,
        moving_ranges=moving_ranges,
        mean_moving_range=mr_bar,
        upper_limit=upper,
        lower_limit=lower,
        upper_near=upper_near,
        lower_near=lower_near,
        signals=signals,
        variation=variation,
        assurance=assurance,
        trial_limits=len(base) < MIN_POINTS_FOR_FIRM_LIMITS,
        target=target,
        improvement=improvement,
        baseline=baseline,
    )
