"""XmR chart and the Making Data Count rules (analytics.spc).

Every expected number is a hand calculation with the arithmetic in the comment, using the
constants from domain-notes section 5: limits mean ± 2.66 × MR̄, near-limit lines
mean ± 1.7733 × MR̄ (2/3 × 2.66), moving ranges above 3.267 × their mean screened out.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.spc import MIN_POINTS_FOR_LIMITS, XmrResult, sustained_shift, xmr

# Hand calculation for HAND:
#   sum 12+15+11+14+13+16+12+14+15+13 = 135, mean 135 / 10 = 13.5
#   moving ranges 3, 4, 3, 1, 3, 4, 2, 1, 2: sum 23, mean 23/9 = 2.5556; 3.267 × 2.5556 = 8.35, none screened
#   limits 13.5 ± 2.66 × 23/9 = 13.5 ± 6.7978 → 6.7022 to 20.2978
#   near lines 13.5 ± 1.7733 × 23/9 = 13.5 ± 4.5319 → 8.9681 to 18.0319
#   no point beyond a near line, sides alternate (no run of 7), no 7-point trend → all common cause
HAND = [12, 15, 11, 14, 13, 16, 12, 14, 15, 13]


def rules(result: XmrResult) -> dict[int, int]:
    return {s.index: s.rule for s in result.signals if s.rule is not None}


def test_hand_worked_series() -> None:
    r = xmr(HAND)
    assert r.mean == pytest.approx(13.5)
    assert r.moving_ranges == [None, 3, 4, 3, 1, 3, 4, 2, 1, 2]
    assert r.mean_moving_range == pytest.approx(23 / 9)
    assert r.upper_limit == pytest.approx(20.2978, abs=1e-4)
    assert r.lower_limit == pytest.approx(6.7022, abs=1e-4)
    assert r.upper_near == pytest.approx(18.0319, abs=1e-4)
    assert r.lower_near == pytest.approx(8.9681, abs=1e-4)
    assert rules(r) == {}
    assert {s.kind for s in r.signals} == {"common cause"}
    assert r.variation == "common cause"
    assert r.assurance is None


def test_table_2_eet_16_18() -> None:
    # Commissioning Plan Table 2, % in EET at 16-18: 65, 60, 55, 44, target 85.
    # Hand calculation: mean 224/4 = 56; moving ranges 5, 5, 11, MR̄ 21/3 = 7 (11 < 3.267 × 7 = 22.87);
    # limits 56 ± 18.62 → 37.38 to 74.62; target 85 above the upper limit → consistently failing.
    r = xmr([65, 60, 55, 44], target=85)
    assert (r.mean, r.mean_moving_range) == (pytest.approx(56), pytest.approx(7))
    assert (r.lower_limit, r.upper_limit) == (pytest.approx(37.38), pytest.approx(74.62))
    assert r.assurance == "consistently failing"
    assert r.trial_limits is True


# Rule 1. Hand calculation: sum 5×10 + 5×14 + 30 + 14 + 10 + 14 = 188, mean 188/14 = 13.4286;
# moving ranges nine 4s, 16, 16, 4, 4 = 76, MR̄ 76/13 = 5.8462 (16 < 3.267 × 5.8462 = 19.1, kept);
# upper limit 13.4286 + 2.66 × 5.8462 = 28.979 < 30; upper near line 13.4286 + 10.367 = 23.796,
# which only the 30 passes; sides alternate around 13.43 except 14, 30, 14 (a run of 3).
RULE_1 = [10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 30, 14, 10, 14]

# Rule 2. Hand calculation: mean 173/14 = 12.357; moving ranges 3,3,3,1,1,1,1,1,1,4,2,3,2 = 26,
# MR̄ 2; limits 12.357 ± 5.32 → 7.037 to 17.677; near lines ± 3.547 → 8.81 to 15.904.
# Points 3-9 (10, 11, ..., 16) rise six times in a row; 16 is the only close point; the longest
# run on one side of the mean is 4 (13, 14, 15, 16).
RULE_2 = [13, 10, 13, 10, 11, 12, 13, 14, 15, 16, 12, 10, 13, 11]

# Rule 3. Hand calculation: sum 8×10 + 8×12 + 17 + 15 + 17 + 11 = 236, mean 11.8; moving ranges
# fifteen 2s, 5, 2, 2, 6 = 45, MR̄ 45/19 = 2.3684 (6 < 7.74, kept); limits 11.8 ± 2.66 × 45/19 =
# 11.8 ± 6.3 → 5.5 to 18.1; near lines 11.8 ± 4.2 → 7.6 to 16.0. The 17s at 16 and 18 are
# between 16.0 and 18.1; the 15 between them is above the mean but not close, so is not flagged.
RULE_3 = [10, 12] * 8 + [17, 15, 17, 11]

# Rule 4. Hand calculation: sum 58 + 97 + 48 = 203, mean 12.6875; moving ranges 4,4,4,4,3,
# 2,2,2,2,2,2,3,4,4,4 = 46, MR̄ 3.0667; limits 12.6875 ± 8.157 → 4.53 to 20.845; near lines
# ± 5.438 → 7.249 to 18.126. Points 5-11 (13, 15, 13, 15, 13, 15, 13) are the only 7 in a row
# above the mean, with 10 (below) either side; they alternate, so no trend.
RULE_4 = [10, 14, 10, 14, 10, 13, 15, 13, 15, 13, 15, 13, 10, 14, 10, 14]


@pytest.mark.parametrize(
    ("values", "flagged", "rule"),
    [
        (RULE_1, [10], 1),
        (RULE_2, [3, 4, 5, 6, 7, 8, 9], 2),
        (RULE_3, [16, 18], 3),
        (RULE_4, [5, 6, 7, 8, 9, 10, 11], 4),
    ],
)
def test_each_rule_fires_once(values: list[float], flagged: list[int], rule: int) -> None:
    r = xmr(values)
    assert rules(r) == {i: rule for i in flagged}
    # All four signals are above the mean or rising, which is improvement when higher is better.
    assert {s.kind for s in r.signals if s.rule} == {"improvement"}
    assert {s.colour for s in r.signals if s.rule} == {"#0072B2"}
    assert {s.colour for s in r.signals if s.rule is None} == {"#767676"}


def test_rule_limits_match_hand_calculation() -> None:
    r1, r2, r3, r4 = xmr(RULE_1), xmr(RULE_2), xmr(RULE_3), xmr(RULE_4)
    assert (r1.mean, r1.upper_limit, r1.upper_near) == (pytest.approx(188 / 14), pytest.approx(28.979, abs=1e-3), pytest.approx(23.796, abs=1e-3))
    assert (r2.mean_moving_range, r2.upper_limit, r2.upper_near) == (pytest.approx(2), pytest.approx(17.677, abs=1e-3), pytest.approx(15.904, abs=1e-3))
    assert (r3.mean, r3.upper_limit, r3.upper_near) == (pytest.approx(11.8), pytest.approx(18.1), pytest.approx(16.0))
    assert (r4.mean, r4.mean_moving_range) == (pytest.approx(12.6875), pytest.approx(46 / 15))


def test_falling_trend_is_improvement_when_lower_is_better() -> None:
    # RULE_2 reversed: same mean and limits, and points 4-10 now fall six times in a row.
    r = xmr(RULE_2[::-1], improvement="decrease")
    assert rules(r) == {i: 2 for i in range(4, 11)}
    assert {s.kind for s in r.signals if s.rule} == {"improvement"}


def test_unchanged_step_breaks_a_trend() -> None:
    # Hand calculation: 10, 11, 12, 13, 13, 14, 15, 16 rises 3 times, stays level, rises 3 times.
    r = xmr([13, 10, 13, 10, 11, 12, 13, 13, 14, 15, 16, 12, 10, 13, 11])
    assert 2 not in rules(r).values()


def test_two_close_points_on_opposite_sides_of_the_mean_are_not_rule_3() -> None:
    # Hand calculation: sum 176 + 17 + 11 + 17 + 11 = 232, mean 11.6; moving ranges fifteen 2s,
    # 5, 6, 6, 6 = 53, MR̄ 2.789; near line 11.6 + 1.7733 × 2.789 = 16.547, limit 19.02.
    # Both 17s are close, but the 11 between them is below the mean.
    r = xmr([10, 12] * 8 + [17, 11, 17, 11])
    assert rules(r) == {}


def test_point_on_the_mean_breaks_a_shift() -> None:
    # Hand calculation: sum 57 + 92 + 43 = 192, mean 192/16 = 12 exactly; points 5-11 are
    # 13, 14, 13, 12, 13, 14, 13, and the 12 sits on the mean, leaving two runs of 3 above.
    # Moving ranges 6,6,6,6,4,1,1,1,1,1,1,4,6,6,1 = 51, MR̄ 3.4; near lines 12 ± 6.03, none close.
    on_mean = [9, 15, 9, 15, 9, 13, 14, 13, 12, 13, 14, 13, 9, 15, 9, 10]
    assert xmr(on_mean).mean == 12
    assert rules(xmr(on_mean)) == {}
    # Control: the same series with 13 in place of the 12 has mean 193/16 = 12.0625 and the seven
    # points 5-11 all above it.
    above = on_mean[:8] + [13] + on_mean[9:]
    assert rules(xmr(above)) == {i: 4 for i in range(5, 12)}


def test_runs_of_six_are_not_signals() -> None:
    # Hand calculation: sum 200, mean 12.5; moving ranges 4,4,4,4,3,2,2,2,2,2,5,4,4,4,4 = 50,
    # MR̄ 3.333; near lines 12.5 ± 5.91 (none close). Points 5-10 are only 6 in a row above 12.5.
    assert rules(xmr([10, 14, 10, 14, 10, 13, 15, 13, 15, 13, 15, 10, 14, 10, 14, 10])) == {}
    # Hand calculation: sum 169, mean 12.071; moving ranges 3,3,3,1,1,1,1,1,3,2,3,2,1 = 25,
    # MR̄ 1.923; upper near line 12.071 + 3.41 = 15.48. Points 3-8 (10 to 15) are 6 rising points.
    assert rules(xmr([13, 10, 13, 10, 11, 12, 13, 14, 15, 12, 10, 13, 11, 12])) == {}


def test_point_outside_the_limits_does_not_count_towards_rule_3() -> None:
    # Hand calculation: sum 8×10 + 8×13 + 25 + 20 + 14 + 11 = 254, mean 12.7; moving ranges fifteen
    # 3s, 12, 5, 6, 3 = 71, MR̄ 3.737 (12 < 3.267 × 3.737 = 12.2, kept); upper limit
    # 12.7 + 2.66 × 3.737 = 22.64, upper near line 12.7 + 1.7733 × 3.737 = 19.33.
    # 25 is outside (rule 1), 20 is the only close point, so as in NHSRplotthedots there is no rule 3.
    assert rules(xmr([10, 13] * 8 + [25, 20, 14, 11])) == {16: 1}


def test_outside_beats_trend() -> None:
    # Hand calculation: sum 132 + 94 = 226, mean 11.895; moving ranges eleven 2s, 3, five 1s, 11 = 41,
    # mean 2.278; 3.267 × 2.278 = 7.44 screens out the 11, MR̄ 30/17 = 1.765; upper limit
    # 11.895 + 4.694 = 16.589. Points 12-18 (9, 10, 11, 12, 13, 14, 25) rise six times; 25 is outside.
    r = xmr([10, 12] * 6 + [9, 10, 11, 12, 13, 14, 25])
    assert rules(r) == {**{i: 2 for i in range(12, 18)}, 18: 1}


def test_two_in_three_beats_shift() -> None:
    # Hand calculation: sum 132 + 101 + 22 = 255, mean 12.143; moving ranges eleven 2s, 1, 1, 2.5,
    # 2.5, 2.5, 3.5, 1, 4, 2 = 42, MR̄ 2.1; near line 12.143 + 1.7733 × 2.1 = 15.867, limit 17.729.
    # Points 12-18 are 7 above the mean; the two 16.5s among them are close, so they are rule 3.
    # Points 0-11 (10s and 12s) are 12 below the mean, another shift.
    r = xmr([10, 12] * 6 + [13, 14, 16.5, 14, 16.5, 13, 14] + [10, 12])
    assert rules(r) == {**{i: 4 for i in range(0, 19)}, 14: 3, 16: 3}


@pytest.mark.parametrize(("last", "rule"), [(316, None), (316.5, 1), (-216, None), (-216.5, 1)])
def test_a_point_on_a_limit_is_not_outside(last: float, rule: int | None) -> None:
    # Hand calculation with baseline 2 on 0, 100: mean 50, MR̄ 100, limits 50 ± 266 → -216 to 316.
    assert xmr([0, 100, last], baseline=2).signals[-1].rule == rule


def test_rule_priority_and_screening() -> None:
    # Hand calculation: sum 132 + 81 + 30 + 22 = 265, mean 265/21 = 12.619.
    # Moving ranges: eleven 2s, 1, five 1s, 16, 20, 2 = 66, mean 3.3; 3.267 × 3.3 = 10.78 screens out
    # 16 and 20, so MR̄ = (22 + 1 + 5 + 2) / 18 = 30/18 = 1.6667; upper limit 12.619 + 4.433 = 17.052.
    # Points 0-11 (10s and 12s) are all below 12.619: a shift of 12, concern when higher is better.
    # Points 12-18 are all above, including the 30 which is outside the limit, so rule 1 wins there.
    values = [10, 12] * 6 + [13, 14, 13, 14, 13, 14, 30] + [10, 12]
    r = xmr(values)
    assert r.mean_moving_range == pytest.approx(30 / 18)
    assert r.upper_limit == pytest.approx(265 / 21 + 2.66 * 30 / 18)
    assert rules(r) == {**{i: 4 for i in range(0, 18)}, 18: 1}
    kinds = [s.kind for s in r.signals]
    assert kinds[:12] == ["concern"] * 12
    assert kinds[12:19] == ["improvement"] * 7
    assert kinds[19:] == ["common cause"] * 2


def test_moving_range_screening() -> None:
    # Hand calculation: moving ranges 1,1,1,1,30,30,1,1,1 = 67, mean 7.444; 3.267 × 7.444 = 24.32,
    # so both 30s are screened out and MR̄ = 7/7 = 1. Mean 134/10 = 13.4 → limits 10.74 to 16.06.
    r = xmr([10, 11, 10, 11, 10, 40, 10, 11, 10, 11])
    assert r.moving_ranges == [None, 1, 1, 1, 1, 30, 30, 1, 1, 1]
    assert r.mean_moving_range == pytest.approx(1)
    assert (r.lower_limit, r.upper_limit) == (pytest.approx(10.74), pytest.approx(16.06))
    assert r.signals[5].rule == 1


@pytest.mark.parametrize(
    ("improvement", "kind", "variation", "colour"),
    [
        ("increase", "improvement", "special cause improvement", "#0072B2"),
        ("decrease", "concern", "special cause concern", "#e46c0a"),
        ("neutral", "neutral", "special cause neutral", "#490092"),
    ],
)
def test_variation_is_read_from_the_last_point(improvement: str, kind: str, variation: str, colour: str) -> None:
    # Hand calculation: sum 6×10 + 6×14 + 30 = 174, mean 13.385; moving ranges eleven 4s and 16 = 60,
    # MR̄ 5; upper limit 13.385 + 13.3 = 26.685 < 30, so the last point is a rule 1 signal.
    r = xmr([10, 14] * 6 + [30], improvement=improvement)
    assert (r.signals[-1].rule, r.signals[-1].kind, r.signals[-1].colour) == (1, kind, colour)
    assert r.variation == variation


@pytest.mark.parametrize(
    ("target", "improvement", "assurance"),
    [
        # HAND limits are 6.7022 to 20.2978 (hand calculation above).
        (5, "increase", "consistently passing"),  # target below the lower limit
        (25, "increase", "consistently failing"),  # target above the upper limit
        (15, "increase", "hit and miss"),
        (5, "decrease", "consistently failing"),
        (25, "decrease", "consistently passing"),
        (15, "decrease", "hit and miss"),
        (5, "neutral", None),
        (None, "increase", None),
    ],
)
def test_assurance(target: float | None, improvement: str, assurance: str | None) -> None:
    assert xmr(HAND, target=target, improvement=improvement).assurance == assurance


@pytest.mark.parametrize("target", [316, -216])
def test_target_on_a_limit_is_hit_and_miss(target: float) -> None:
    # Hand calculation with baseline 2 on 0, 100: limits 50 ± 266 → -216 to 316 exactly.
    assert xmr([0, 100, 50], baseline=2, target=target).assurance == "hit and miss"


@pytest.mark.parametrize(("n", "trial"), [(2, True), (12, True), (13, False), (20, False)])
def test_trial_limits_below_13_points(n: int, trial: bool) -> None:
    assert xmr(([10, 12] * 10)[:n]).trial_limits is trial


def test_baseline_fixes_limits_on_the_first_points() -> None:
    # Hand calculation on the first 6 points 10, 12, 10, 12, 10, 12: mean 11, moving ranges five 2s,
    # MR̄ 2; limits 11 ± 5.32 → 5.68 to 16.32, so the later 20s and 22s are all outside.
    values = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22]
    r = xmr(values, baseline=6)
    assert (r.mean, r.mean_moving_range) == (pytest.approx(11), pytest.approx(2))
    assert (r.lower_limit, r.upper_limit) == (pytest.approx(5.68), pytest.approx(16.32))
    assert rules(r) == {6: 1, 7: 1, 8: 1, 9: 1}
    assert r.moving_ranges == [None, 2, 2, 2, 2, 2, 8, 2, 2, 2]
    assert r.trial_limits is True  # 6 baseline points
    # Limits from 6 points stay trial limits however long the series runs on after them.
    assert xmr(values + [20, 22, 20, 22], baseline=6).trial_limits is True
    # Without a baseline: mean 150/10 = 15, moving ranges 2×8 + 8 = 24 over 9 = 2.667.
    assert xmr(values).mean == pytest.approx(15)
    assert xmr(values).mean_moving_range == pytest.approx(24 / 9)


def test_to_frame() -> None:
    frame = xmr(RULE_1).to_frame()
    assert list(frame.columns) == [
        "index", "value", "moving_range", "mean", "upper_limit", "lower_limit", "upper_near", "lower_near", "rule", "kind", "colour",
        "segment",
    ]
    assert len(frame) == len(RULE_1)
    assert math.isnan(frame.loc[0, "moving_range"])
    assert frame.loc[10, "rule"] == 1 and frame.loc[10, "colour"] == "#0072B2"
    assert pd.isna(frame.loc[0, "rule"]) and frame.loc[0, "kind"] == "common cause"
    assert frame["mean"].nunique() == 1


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([5], {}, r"at least 2 values \(got 1\)"),
        ([], {}, r"at least 2 values \(got 0\)"),
        ([5, math.nan, 6], {}, r"must not contain NaN"),
        ([5, 6], {"improvement": "up"}, r"unknown improvement direction 'up'"),
        ([5, 6], {"target": math.nan}, r"target must be a number or None"),
        ([5, 6, 7], {"baseline": 1}, r"baseline must be between 2 and the number of values \(3\), got 1"),
        ([5, 6, 7], {"baseline": 4}, r"baseline must be between 2 and the number of values \(3\), got 4"),
        ([5, 6, 7, 8], {"baseline": 2, "rebase": [2]}, r"a baseline or rebase positions, not both"),
        ([5, 6, 7, 8], {"rebase": [3]}, r"at least 2 values in each segment"),
    ],
)
def test_xmr_rejects_invalid_input(values: list[float], kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        xmr(values, **kwargs)


# --- Rebasing at a sustained shift, and assurance that agrees with the latest point ---------------

# A step from about 11 to about 21: 8 points, then 7.
STEP = [10, 12, 10, 12, 10, 12, 10, 12] + [20, 22, 21, 20, 22, 21, 20]


def test_one_set_of_limits_across_a_step_makes_every_point_special_cause() -> None:
    # Hand calculation without a rebase: mean (88 + 146)/15 = 15.6; moving ranges seven 2s, 8, then
    # 2, 1, 1, 2, 1, 1 = 30, mean 30/14 = 2.1429; 3.267 × 2.1429 = 7.0 screens out the 8, so
    # MR̄ = 22/13 = 1.6923; limits 15.6 ± 4.5015 → 11.0985 to 20.1015.
    r = xmr(STEP, target=16)
    assert r.mean_moving_range == pytest.approx(22 / 13)
    assert (r.lower_limit, r.upper_limit) == (pytest.approx(11.0985, abs=1e-4), pytest.approx(20.1015, abs=1e-4))
    assert all(s.rule is not None for s in r.signals)
    # The 16% target lies inside those limits: hit and miss, never "consistently passing".
    assert r.assurance == "hit and miss"


def test_sustained_shift_is_found_where_the_latest_run_begins() -> None:
    # Mean 15.6: the last 7 points are all above it and the 8 before all below.
    assert sustained_shift(STEP) == 8
    # A run that has ended, a run shorter than 7, or a run leaving fewer than 7 points before it.
    assert sustained_shift(STEP + [10, 12]) is None
    assert sustained_shift(STEP[:14]) is None
    assert sustained_shift([10, 12, 10] + [20, 22, 21, 20, 22, 21, 20, 21, 22, 20, 21, 22]) is None


def test_rebased_limits_match_hand_calculation() -> None:
    r = xmr(STEP, target=16, rebase=[8])
    first, second = r.segments
    # Segment 1, points 0-7: mean 88/8 = 11; moving ranges seven 2s, MR̄ 2; limits 11 ± 5.32 →
    # 5.68 to 16.32; near lines 11 ± 3.5467.
    assert (first.start, first.end, first.mean, first.mean_moving_range) == (0, 8, pytest.approx(11), pytest.approx(2))
    assert (first.lower_limit, first.upper_limit) == (pytest.approx(5.68), pytest.approx(16.32))
    assert first.upper_near == pytest.approx(14.5467, abs=1e-4)
    # Segment 2, points 8-14: mean 146/7 = 20.8571; moving ranges 2, 1, 1, 2, 1, 1 = 8, MR̄ 4/3
    # (none above 3.267 × 4/3 = 4.36); limits 20.8571 ± 3.5467 → 17.3105 to 24.4038.
    assert (second.start, second.end, second.mean) == (8, 15, pytest.approx(146 / 7))
    assert second.mean_moving_range == pytest.approx(4 / 3)
    assert (second.lower_limit, second.upper_limit) == (pytest.approx(17.3105, abs=1e-4), pytest.approx(24.4038, abs=1e-4))
    # The latest segment's lines are the result's: the 16% target is below its lower limit.
    assert (r.mean, r.lower_limit) == (second.mean, second.lower_limit)
    assert r.assurance == "consistently passing"
    # The jump between segments is no moving range of either; every point is common cause.
    assert r.moving_ranges[8] is None and r.moving_ranges[7] == 2
    assert all(s.rule is None for s in r.signals)
    assert r.variation == "common cause"
    # 8 and 7 points: both segments have trial limits (fewer than 13).
    assert [s.trial_limits for s in r.segments] == [True, True] and r.trial_limits
    frame = r.to_frame()
    assert frame["segment"].tolist() == [0] * 8 + [1] * 7
    assert frame["upper_limit"].iloc[0] == pytest.approx(16.32) and frame["upper_limit"].iloc[-1] == pytest.approx(24.4038, abs=1e-4)


def test_rules_do_not_run_across_a_rebase() -> None:
    # Hand calculation: 7 rising points 1..7 split 4 + 3 at the rebase leave no 6-step trend inside
    # either segment; unrebased (mean 4 over 1..7 and then 4s) they are one rule-2 trend.
    values = [1, 2, 3, 4, 5, 6, 7, 4, 4]
    assert 2 in {s.rule for s in xmr(values).signals}
    assert 2 not in {s.rule for s in xmr(values, rebase=[4]).signals}


def test_limits_need_15_points() -> None:
    assert MIN_POINTS_FOR_LIMITS == 15
    assert not xmr(STEP[:14]).enough_for_limits
    assert xmr(STEP).enough_for_limits


@pytest.mark.parametrize(
    ("improvement", "target", "last", "assurance"),
    [
        # Baseline 2 on 0, 100: mean 50, MR̄ 100, limits 50 ± 266 → -216 to 316 (hand calculation).
        ("increase", -300, 50, "consistently passing"),
        ("increase", -300, 320, "consistently passing"),  # beyond the limits on the passing side
        ("increase", -300, -220, "no assurance"),  # below the lower limit: never "can be expected to meet"
        ("increase", 400, -220, "consistently failing"),
        ("increase", 400, 320, "no assurance"),  # better than the process has been: limits out of date
        ("increase", 0, 50, "hit and miss"),
        ("increase", 0, 320, "no assurance"),
        ("decrease", 400, 50, "consistently passing"),
        ("decrease", 400, 320, "no assurance"),
        ("decrease", 400, -220, "consistently passing"),
        ("decrease", -300, 320, "consistently failing"),
        ("decrease", -300, -220, "no assurance"),
        ("neutral", 0, 320, None),
    ],
)
def test_assurance_agrees_with_the_latest_point(improvement: str, target: float, last: float, assurance: str | None) -> None:
    r = xmr([0, 100, last], baseline=2, target=target, improvement=improvement)
    assert (r.lower_limit, r.upper_limit) == (pytest.approx(-216), pytest.approx(316))
    assert r.assurance == assurance
