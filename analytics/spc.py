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
  against the limits, unless the last point lies outside them on the other side (then the limits
  no longer describe the process and there is no assurance);
- limits may be recalculated from a change point (``rebase``, as NHSRplotthedots' ``rebase``): each
  segment has its own mean, moving ranges and limits, and the rules look within a segment only.
  ``sustained_shift`` finds the start of a shift that is still running at the latest point;
- a segment of fewer than 13 points has trial limits, and a page draws no limits at all for a
  series of fewer than 15 points (``MIN_POINTS_FOR_LIMITS``): it shows the run chart and says so.

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
# Making Data Count's blue, orange, purple and grey, the blue and grey darkened to reach 3:1 on white
# (their #00b0f0 and #a6a6a6 are about 2.4:1); the hues, and each kind's marker shape, tell them apart.
COLOURS = {"improvement": "#0072B2", "concern": "#e46c0a", "neutral": "#490092", "common cause": "#767676"}

MR_SCREEN = 3.267
LIMIT = 2.66
NEAR_LIMIT = 2 / 3 * LIMIT
RUN_LENGTH = 7
# With fewer points in a segment the limits move noticeably as each new point arrives.
MIN_POINTS_FOR_FIRM_LIMITS = 13
# Making Data Count: limits from fewer points than this are too unsettled to draw at all.
MIN_POINTS_FOR_LIMITS = 15
# A recalculated segment needs at least the run that shows a shift.
MIN_SEGMENT_POINTS = RUN_LENGTH
ASSURANCES = ("consistently passing", "consistently failing", "hit and miss", "no assurance")


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
class Segment:
    """The points ``start`` to ``end`` (exclusive) and the lines computed from them (from the first
    ``baseline`` points of the segment when a baseline was given)."""

    start: int
    end: int
    mean: float
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    upper_near: float
    lower_near: float
    trial_limits: bool

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class XmrResult:
    """The chart's lines and verdicts. ``moving_ranges`` covers every point (None for the first
    point of each segment). ``segments`` has one entry per set of limits (more than one after a
    rebase); ``mean``, MR̄, the limits and ``trial_limits`` are the latest segment's, which
    assurance is read from. ``variation`` is "special cause improvement", "special cause concern",
    "special cause neutral" or "common cause"; ``assurance`` is "consistently passing",
    "consistently failing", "hit and miss", "no assurance" (the latest point lies outside the limits
    on the side that contradicts the verdict) or None (no target, or a neutral direction)."""

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
    segments: tuple[Segment, ...] = ()
    rebase: tuple[int, ...] = ()

    @property
    def enough_for_limits(self) -> bool:
        """Whether the series is long enough for its limits to be drawn (``MIN_POINTS_FOR_LIMITS``)."""
        return len(self.values) >= MIN_POINTS_FOR_LIMITS

    @property
    def latest_outside(self) -> int:
        """+1 when the latest point is above the upper limit, -1 below the lower, else 0."""
        last = self.values[-1]
        return 1 if last > self.upper_limit else -1 if last < self.lower_limit else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per point. Columns: index, value, moving_range (NaN at each segment's first
        point), mean, upper_limit, lower_limit, upper_near, lower_near (the point's segment's),
        rule (nullable Int64), kind, colour, segment (0 for the first set of limits)."""
        lines = {name: [] for name in ("mean", "upper_limit", "lower_limit", "upper_near", "lower_near", "segment")}
        for number, seg in enumerate(self.segments):
            for name in ("mean", "upper_limit", "lower_limit", "upper_near", "lower_near"):
                lines[name] += [getattr(seg, name)] * len(seg)
            lines["segment"] += [number] * len(seg)
        return pd.DataFrame(
            {
                "index": [s.index for s in self.signals],
                "value": self.values,
                "moving_range": [math.nan if m is None else m for m in self.moving_ranges],
                "mean": lines["mean"],
                "upper_limit": lines["upper_limit"],
                "lower_limit": lines["lower_limit"],
                "upper_near": lines["upper_near"],
                "lower_near": lines["lower_near"],
                "rule": pd.array([s.rule for s in self.signals], dtype="Int64"),
                "kind": [s.kind for s in self.signals],
                "colour": [s.colour for s in self.signals],
                "segment": lines["segment"],
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


def _segment(xs: list[float], start: int, end: int, baseline: int | None) -> Segment:
    base = xs[start : start + baseline] if baseline is not None else xs[start:end]
    mean = sum(base) / len(base)
    base_ranges = [abs(b - a) for a, b in zip(base, base[1:])]
    raw_mr = sum(base_ranges) / len(base_ranges)
    # One exceptional jump would otherwise widen the limits enough to hide the signals around it.
    kept = [m for m in base_ranges if m <= MR_SCREEN * raw_mr]
    mr_bar = sum(kept) / len(kept)
    return Segment(
        start, end, mean, mr_bar, mean + LIMIT * mr_bar, mean - LIMIT * mr_bar, mean + NEAR_LIMIT * mr_bar,
        mean - NEAR_LIMIT * mr_bar, len(base) < MIN_POINTS_FOR_FIRM_LIMITS,
    )


def _signals(xs: list[float], seg: Segment, improvement: str) -> list[Signal]:
    """The rules applied within one segment, against its own lines."""
    values = xs[seg.start : seg.end]
    side = [_sign(v - seg.mean) for v in values]
    outside = [1 if v > seg.upper_limit else -1 if v < seg.lower_limit else 0 for v in values]
    # As in NHSRplotthedots, a point beyond the process limit is already a rule 1 signal and does
    # not count as "close" for rule 3.
    close = [s if not o and (v > seg.upper_near or v < seg.lower_near) else 0 for v, s, o in zip(values, side, outside)]
    trend = _trend(values)
    two_of_three = _two_in_three(close, side)
    shift = _flag_runs(side, RUN_LENGTH)
    out = []
    for i, v in enumerate(values):
        # A trend is judged by its direction, every other rule by the side of the mean: a rising run
        # that crosses the mean is one movement, so it gets one colour (NHSRplotthedots would
        # split it by side of the mean).
        candidates = [(1, outside[i]), (2, trend[i]), (3, side[i] if two_of_three[i] else 0), (4, shift[i])]
        rule, direction = next(((r, d) for r, d in candidates if d), (None, 0))
        out.append(Signal(seg.start + i, v, rule, "common cause" if rule is None else _kind(direction, improvement)))
    return out


def _assurance(target: float | None, improvement: str, seg: Segment, last: float) -> str | None:
    if target is None or improvement == "neutral":
        return None
    better = 1 if improvement == "increase" else -1
    if target < seg.lower_limit:
        verdict = "consistently passing" if better == 1 else "consistently failing"
    elif target > seg.upper_limit:
        verdict = "consistently failing" if better == 1 else "consistently passing"
    else:
        verdict = "hit and miss"
    outside = 1 if last > seg.upper_limit else -1 if last < seg.lower_limit else 0
    # A latest point beyond the limits means the process may have moved: the limits then vouch for
    # nothing, unless the point lies on the side the verdict already expects (failing further, or
    # passing further).
    if outside:
        expected = {"consistently passing": better, "consistently failing": -better}.get(verdict)
        if outside != expected:
            return "no assurance"
    return verdict


def sustained_shift(values: Sequence[float]) -> int | None:
    """Where a sustained shift begins: the start of a run of at least 7 points on one side of the
    mean (rule 4) that is still running at the latest point, when it leaves at least
    ``MIN_SEGMENT_POINTS`` points before it; else None. (A point on the mean breaks the run.)

    >>> sustained_shift([10, 12] * 4 + [20, 21, 20, 22, 21, 20, 21])
    8
    """
    xs = [float(v) for v in values]
    if len(xs) < 2 * MIN_SEGMENT_POINTS:
        return None
    mean = sum(xs) / len(xs)
    side = [_sign(v - mean) for v in xs]
    if side[-1] == 0:
        return None
    start = len(xs) - 1
    while start > 0 and side[start - 1] == side[-1]:
        start -= 1
    if len(xs) - start < RUN_LENGTH or start < MIN_SEGMENT_POINTS:
        return None
    return start


def xmr(
    values: Sequence[float], *, target: float | None = None, improvement: str = "increase", baseline: int | None = None,
    rebase: Sequence[int] = (),
) -> XmrResult:
    """XmR chart for ``values`` in time order.

    ``improvement`` says which way is better ("increase", "decrease" or "neutral"). ``target``
    gives the assurance verdict. ``baseline`` fixes the mean and limits on the first ``baseline``
    points; every point is then judged against those limits. ``rebase`` lists the positions where
    the limits are recalculated (each starts a new segment of at least 2 points), as when the
    analyst or ``sustained_shift`` marks a change point; it cannot be combined with ``baseline``.
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
    cuts = sorted(set(int(r) for r in rebase))
    if cuts and baseline is not None:
        raise ValueError("give a baseline or rebase positions, not both")
    bounds = [0, *cuts, len(xs)]
    if any(b - a < 2 for a, b in zip(bounds, bounds[1:])):
        raise ValueError(f"rebase positions {cuts} must leave at least 2 values in each segment of {len(xs)}")

    segments = tuple(_segment(xs, a, b, baseline) for a, b in zip(bounds, bounds[1:]))
    starts = {seg.start for seg in segments}
    moving_ranges: list[float | None] = [None if i in starts else abs(xs[i] - xs[i - 1]) for i in range(len(xs))]
    signals = [signal for seg in segments for signal in _signals(xs, seg, improvement)]
    last = signals[-1].kind
    latest = segments[-1]
    return XmrResult(
        values=xs,
        mean=latest.mean,
        moving_ranges=moving_ranges,
        mean_moving_range=latest.mean_moving_range,
        upper_limit=latest.upper_limit,
        lower_limit=latest.lower_limit,
        upper_near=latest.upper_near,
        lower_near=latest.lower_near,
        signals=signals,
        variation="common cause" if last == "common cause" else f"special cause {last}",
        assurance=_assurance(target, improvement, latest, xs[-1]),
        trial_limits=latest.trial_limits,
        target=target,
        improvement=improvement,
        baseline=baseline,
        segments=segments,
        rebase=tuple(cuts),
    )
