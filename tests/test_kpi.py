"""KPI status, tolerance bands and direction of travel (analytics.kpi).

Expected values are either hand calculations (the arithmetic is in the comment) or read off
Commissioning Plan Table 2 ("LLCS KPI summary", section 2.4).
"""

from __future__ import annotations

import math

import pytest

from analytics.kpi import BandScheme, GradeBand, KpiStatus, benchmark_gap, classify, direction_of_travel, status_grade, tolerance_band

ON = KpiStatus.ON_TARGET
WITHIN = KpiStatus.WITHIN_TOLERANCE
OUTSIDE = KpiStatus.OUTSIDE_TOLERANCE


@pytest.mark.parametrize(
    ("status", "label", "rag", "achieved", "achieved_label"),
    [
        (ON, "On target", "green", True, "Achieved"),
        (WITHIN, "Within tolerance", "amber", True, "Achieved"),
        (OUTSIDE, "Outside tolerance", "red", False, "Not achieved"),
    ],
)
def test_status_presentation(status: KpiStatus, label: str, rag: str, achieved: bool, achieved_label: str) -> None:
    assert (status.label, status.rag, status.achieved, status.achieved_label) == (label, rag, achieved, achieved_label)


# Hand calculation: higher is better, target 90 ± 5 → band 85 to 90 below the target.
HIGHER = [
    (95, ON),
    (90, ON),  # exactly on target
    (89.9, WITHIN),
    (85, WITHIN),  # exactly on the band's lower edge, 90 - 5
    (84.9, OUTSIDE),
]
# Hand calculation: smaller is better, target 10 ± 2 → amber from 10 up to 12.
LOWER = [(9, ON), (10, ON), (11, WITHIN), (12, WITHIN), (12.1, OUTSIDE)]
# Hand calculation: the band 17 to 23 (20 ± 3) is the goal.
PLAN = [(20, ON), (17, ON), (23, ON), (16.9, OUTSIDE), (23.1, OUTSIDE)]


@pytest.mark.parametrize(("value", "expected"), HIGHER)
def test_classify_higher_with_tolerance(value: float, expected: KpiStatus) -> None:
    assert classify(value, 90, polarity="higher", tolerance=5) is expected


@pytest.mark.parametrize(("value", "expected"), HIGHER)
def test_classify_higher_with_bounds(value: float, expected: KpiStatus) -> None:
    assert classify(value, 90, polarity="higher", lower=85, upper=95) is expected


@pytest.mark.parametrize(("value", "expected"), LOWER)
def test_classify_lower_with_tolerance(value: float, expected: KpiStatus) -> None:
    assert classify(value, 10, polarity="lower", tolerance=2) is expected


@pytest.mark.parametrize(("value", "expected"), LOWER)
def test_classify_lower_with_bounds(value: float, expected: KpiStatus) -> None:
    assert classify(value, 10, polarity="lower", lower=8, upper=12) is expected


@pytest.mark.parametrize(("value", "expected"), PLAN)
def test_classify_plan_with_tolerance(value: float, expected: KpiStatus) -> None:
    assert classify(value, 20, polarity="plan", tolerance=3) is expected


@pytest.mark.parametrize(("value", "expected"), PLAN)
def test_classify_plan_with_bounds(value: float, expected: KpiStatus) -> None:
    assert classify(value, 20, polarity="plan", lower=17, upper=23) is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity", "expected"),
    [
        # Hand calculation: with no tolerance the band is the target alone, so there is no amber.
        (90, 90, "higher", ON),
        (89.9, 90, "higher", OUTSIDE),
        (10, 10, "lower", ON),
        (10.1, 10, "lower", OUTSIDE),
    ],
)
def test_classify_without_tolerance_has_no_amber(value: float, target: float, polarity: str, expected: KpiStatus) -> None:
    assert classify(value, target, polarity=polarity) is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        # Hand calculation: 50.1 - 0.3 is 49.800000000000004 in floating point; 49.8 is on the edge.
        (49.8, 50.1, "higher", 0.3, WITHIN),
        # Hand calculation: 50.3 + 0.3 is 50.599999999999994 in floating point; 50.6 is on the edge.
        (50.6, 50.3, "lower", 0.3, WITHIN),
        (50.6, 50.3, "plan", 0.3, ON),
        # Hand calculation: 0.1 + 0.2 is 0.30000000000000004; a value of 0.3 meets that target.
        (0.3, 0.1 + 0.2, "higher", 5, ON),
    ],
)
def test_classify_boundaries_survive_floating_point(
    value: float, target: float, polarity: str, tolerance: float, expected: KpiStatus
) -> None:
    assert classify(value, target, polarity=polarity, tolerance=tolerance) is expected


def test_classify_percent_band_edge() -> None:
    # Hand calculation: 5% below 70 (relative) is 70 × 0.95 = 66.5, the band's lower edge.
    band = tolerance_band(70, "percent", 5, 2)
    assert classify(66.5, 70, lower=band.lower, upper=band.upper) is WITHIN
    assert classify(66.4, 70, lower=band.lower, upper=band.upper) is OUTSIDE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": None, "target": 90, "tolerance": 5}, r"value must be a number, got None"),
        ({"value": math.nan, "target": 90, "tolerance": 5}, r"value must be a number, got nan"),
        ({"value": 90, "target": None, "tolerance": 5}, r"target must be a number, got None"),
        ({"value": 90, "target": math.nan, "tolerance": 5}, r"target must be a number, got nan"),
        ({"value": 90, "target": 90, "tolerance": -1}, r"tolerance must not be negative \(got -1\)"),
        ({"value": 90, "target": 90, "lower": 95, "upper": 85}, r"lower bound 95 is above upper bound 85"),
        ({"value": 90, "target": 90, "polarity": "bigger", "tolerance": 5}, r"unknown polarity 'bigger'"),
        ({"value": 90, "target": 90, "tolerance": 5, "lower": 85, "upper": 95}, r"either tolerance or lower/upper bounds, not both"),
        ({"value": 90, "target": 90, "lower": 85}, r"lower and upper bounds must be given together"),
        ({"value": 90, "target": 90, "upper": 95}, r"lower and upper bounds must be given together"),
        ({"value": 90, "target": 90, "polarity": "plan"}, r"'plan' KPI needs a tolerance or lower/upper bounds"),
    ],
)
def test_classify_rejects_invalid_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        classify(**kwargs)


# Commissioning Plan Table 2: target, tolerance ±5 (points), the 2023-24 Q2 value and its status.
# Every Table 2 KPI is higher-is-better.
TABLE_2_LATEST = [
    ("KIT", 94.5, 90, ON),  # 94.5 >= 90
    ("EET 16-18", 44, 85, OUTSIDE),  # 44 < 85 - 5 = 80
    ("EET at 19", 44, 70, OUTSIDE),  # 44 < 70 - 5 = 65
    ("EET 19-21", 50, 65, OUTSIDE),  # 50 < 65 - 5 = 60
    ("Suitable accommodation 16-18", 88, 95, OUTSIDE),  # 88 < 95 - 5 = 90
    ("Suitable accommodation at 19", 91, 95, WITHIN),  # 90 <= 91 < 95
    ("Suitable accommodation 19-21", 92, 95, WITHIN),  # 90 <= 92 < 95
    ("Pathway Plans", 92, 90, ON),  # 92 >= 90
]


@pytest.mark.parametrize(("kpi", "value", "target", "expected"), TABLE_2_LATEST)
def test_table_2_latest_status_with_tolerance(kpi: str, value: float, target: float, expected: KpiStatus) -> None:
    assert classify(value, target, polarity="higher", tolerance=5) is expected, kpi


@pytest.mark.parametrize(("kpi", "value", "target", "expected"), TABLE_2_LATEST)
def test_table_2_latest_status_with_points_band(kpi: str, value: float, target: float, expected: KpiStatus) -> None:
    band = tolerance_band(target, "points", 5, 5)
    assert classify(value, target, polarity="higher", lower=band.lower, upper=band.upper) is expected, kpi


@pytest.mark.parametrize(
    ("target", "form", "below", "above", "national", "lower", "upper", "description"),
    [
        # Commissioning Plan Table 2: "Target: 85% (Tolerance: +/- 5%)", read as 5 points: 80 to 90.
        (85, "points", 5, 5, None, 80, 90, "85 ± 5 points (80 to 90)"),
        # Hand calculation: 85 - 2 = 83, 85 + 1 = 86.
        (85, "points", 2, 1, None, 83, 86, "85 -2/+1 points (83 to 86)"),
        # Hand calculation, "2% below and 5% above": 70 × 0.98 = 68.6, 70 × 1.05 = 73.5.
        (70, "percent", 2, 5, None, 68.6, 73.5, "2% below and 5% above 70 (relative): 68.6 to 73.5"),
        # Hand calculation, "-4% or +8%": 50 × 0.96 = 48, 50 × 1.08 = 54.
        (50, "percent", 4, 8, None, 48, 54, "4% below and 8% above 50 (relative): 48 to 54"),
        # Hand calculation: 85 × 0.95 = 80.75, 85 × 1.05 = 89.25.
        (85, "percent", 5, 5, None, 80.75, 89.25, "85 ± 5% (relative): 80.75 to 89.25"),
        # Hand calculation: explicit bounds are taken as given.
        (65, "bounds", 60, 75, None, 60, 75, "60 to 75"),
        # Hand calculation, "in line with national, upper 1 point, lower 2 points", England EET 56
        # (Commissioning Plan footnote 8, 2023): 56 - 2 = 54, 56 + 1 = 57.
        (65, "national", 2, 1, 56, 54, 57, "national 56 -2/+1 points (54 to 57)"),
    ],
)
def test_tolerance_band_forms(
    target: float, form: str, below: float, above: float, national: float | None, lower: float, upper: float, description: str
) -> None:
    band = tolerance_band(target, form, below, above, national=national)
    assert band.lower == pytest.approx(lower)
    assert band.upper == pytest.approx(upper)
    assert band.description == description


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((85, "relative", 5, 5), {}, r"unknown tolerance form 'relative'"),
        ((85, "national", 2, 1), {}, r"'national' tolerance form needs the national figure"),
        ((85, "points", -1, 5), {}, r"tolerance must not be negative \(got below=-1, above=5\)"),
        ((85, "percent", 5, -2), {}, r"tolerance must not be negative \(got below=5, above=-2\)"),
        ((85, "bounds", 90, 80), {}, r"lower bound 90 is above upper bound 80"),
        ((math.nan, "points", 5, 5), {}, r"target must be a number, got nan"),
        ((85, "national", 2, 1), {"national": math.nan}, r"national must be a number, got nan"),
    ],
)
def test_tolerance_band_rejects_invalid_input(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tolerance_band(*args, **kwargs)


# Commissioning Plan Table 2: 2022-23 Q4 value, 2023-24 Q2 value and the printed arrow.
TABLE_2_ARROWS = [
    ("KIT", 95.5, 94.5, "↓"),
    ("EET 16-18", 55, 44, "↓"),
    ("EET at 19", 50, 44, "↓"),
    ("EET 19-21", 56, 50, "↓"),
    ("Suitable accommodation 16-18", 89, 88, "↓"),
    ("Suitable accommodation at 19", 92, 91, "↓"),
    ("Suitable accommodation 19-21", 92, 92, "↔"),
    ("Pathway Plans", 96, 92, "↓"),
]


@pytest.mark.parametrize(("kpi", "previous", "current", "arrow"), TABLE_2_ARROWS)
def test_table_2_published_arrows(kpi: str, previous: float, current: float, arrow: str) -> None:
    direction = direction_of_travel(previous, current, polarity="higher", threshold=0.5)
    assert direction.arrow == arrow, kpi
    # Higher is better throughout Table 2, so every fall is a worsening.
    assert direction.judgement == ("worsening" if arrow == "↓" else "no change"), kpi
    assert direction.change == pytest.approx(current - previous)


@pytest.mark.parametrize(
    ("previous", "current", "polarity", "threshold", "arrow", "judgement"),
    [
        # Hand calculation: change = current - previous, compared with the threshold.
        (50, 52, "higher", 0.5, "↑", "improving"),  # +2
        (52, 50, "higher", 0.5, "↓", "worsening"),  # -2
        (50, 52, "lower", 0.5, "↑", "worsening"),  # +2, but smaller is better
        (52, 50, "lower", 0.5, "↓", "improving"),  # -2
        (50, 50.5, "higher", 0.5, "↑", "improving"),  # +0.5 is exactly the threshold
        (50, 50.4, "higher", 0.5, "↔", "no change"),  # +0.4 is under it
        (50, 49.5, "lower", 0.5, "↓", "improving"),  # -0.5
        (50, 49.6, "lower", 0.5, "↔", "no change"),  # -0.4
        (50, 51.5, "higher", 2, "↔", "no change"),  # +1.5 < 2
        (50, 52, "higher", 2, "↑", "improving"),  # +2 = 2
        (0.2, 0.7, "higher", 0.5, "↑", "improving"),  # 0.7 - 0.2 is 0.49999999999999994 in floating point
        (20, 23, "plan", 0.5, "↑", "changed"),
        (20, 20.2, "plan", 0.5, "↔", "no change"),
    ],
)
def test_direction_of_travel(previous: float, current: float, polarity: str, threshold: float, arrow: str, judgement: str) -> None:
    direction = direction_of_travel(previous, current, polarity=polarity, threshold=threshold)
    assert (direction.arrow, direction.judgement) == (arrow, judgement)


def test_direction_without_previous_value() -> None:
    direction = direction_of_travel(None, 44)
    assert (direction.arrow, direction.judgement, direction.change) == ("", "no previous value", None)


@pytest.mark.parametrize(
    ("previous", "current", "kwargs", "message"),
    [
        (math.nan, 44, {}, r"previous must be a number, got nan"),
        (50, math.nan, {}, r"current must be a number, got nan"),
        (50, None, {}, r"current must be a number, got None"),
        (50, 44, {"threshold": 0}, r"threshold must be positive \(got 0\)"),
        (50, 44, {"polarity": "up"}, r"unknown polarity 'up'"),
    ],
)
def test_direction_rejects_invalid_input(previous: float | None, current: float, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        direction_of_travel(previous, current, **kwargs)


def test_benchmark_gap() -> None:
    # Commissioning Plan footnote 8: England EET was 56% in 2023; Table 2 EET 19-21 is 50 at
    # 2023-24 Q2. Hand calculation: 50 - 56 = -6 points; 50 - 48.5 = 1.5 against a made-up neighbour mean.
    assert benchmark_gap(50, {"England": 56, "Statistical neighbours": 48.5}) == {
        "England": -6.0,
        "Statistical neighbours": 1.5,
    }


def test_benchmark_gap_rejects_missing_comparator() -> None:
    with pytest.raises(ValueError, match=r"comparator 'England' must be a number, got nan"):
        benchmark_gap(50, {"England": math.nan})


# --- Threshold bands -------------------------------------------------------------------------------
# A four-band scheme written for these tests (the shape of config/authorities/northshire's
# four_band): below 60 Inadequate, 60 to 75 Requires improvement, 76 to under 90 Good, 90 and over
# Outstanding; Good and Outstanding are met. Nothing grades a value above 75 and below 76.

FOUR_BANDS = BandScheme("four", "Four bands", (
    GradeBand("Inadequate", "#D55E00", False, None, 60.0, True, False),
    GradeBand("Requires improvement", "#E69F00", False, 60.0, 75.0),
    GradeBand("Good", "#56B4E9", True, 76.0, 90.0, True, False),
    GradeBand("Outstanding", "#009E73", True, 90.0, None),
))


@pytest.mark.parametrize(
    ("value", "label", "achieved"),
    [
        (59.9, "Inadequate", False), (60, "Requires improvement", False), (75, "Requires improvement", False),
        (76, "Good", True), (89.9, "Good", True), (90, "Outstanding", True), (100, "Outstanding", True),
    ],
)
def test_a_banded_scheme_grades_in_its_own_words(value: float, label: str, achieved: bool) -> None:
    grade = FOUR_BANDS.grade(value)
    assert (grade.label, grade.achieved, grade.achieved_label) == (label, achieved, "Achieved" if achieved else "Not achieved")
    assert grade.colour == next(b.colour for b in FOUR_BANDS.bands if b.name == label)


@pytest.mark.parametrize("value", [75.01, 75.5, 75.99])
def test_a_value_in_the_gap_between_bands_is_ungraded_not_guessed(value: float) -> None:
    grade = FOUR_BANDS.grade(value)
    assert (grade.label, grade.achieved, grade.achieved_label, grade.rank) == ("Ungraded", None, "Ungraded", None)


def test_the_scheme_says_where_achieved_starts_and_describes_its_bands() -> None:
    assert FOUR_BANDS.threshold("higher") == 76
    assert FOUR_BANDS.description == (
        "Inadequate below 60; Requires improvement at least 60 and at most 75; Good at least 76 and below 90; Outstanding at least 90"
    )


def test_overlapping_bands_and_a_scheme_with_nothing_achieved_are_refused() -> None:
    with pytest.raises(ValueError, match="bands 'A' and 'B' overlap"):
        BandScheme("x", "x", (GradeBand("A", "#000000", False, None, 60.0), GradeBand("B", "#000000", True, 60.0, None)))
    # Touching at an open end is not an overlap: 60 belongs to B only.
    BandScheme("x", "x", (GradeBand("A", "#000000", False, None, 60.0, True, False), GradeBand("B", "#000000", True, 60.0, None)))
    with pytest.raises(ValueError, match="no band counts as achieved"):
        BandScheme("x", "x", (GradeBand("A", "#000000", False, None, None),))


def test_a_tolerance_status_is_a_grade_with_its_own_words() -> None:
    # Commissioning Plan Table 2, EET 19-21 at 2023-24 Q2: 50 against 65 ± 5 is outside tolerance.
    grade = status_grade(classify(50, 65, tolerance=5))
    assert (grade.label, grade.rag, grade.achieved_label) == ("Outside tolerance", "red", "Not achieved")


# --- Gradings in a pack (analytics/config.py) -------------------------------------------------------

GRADED_PACK = """
[authority]
name = "Test Borough Council"
short_name = "Test Borough"

[[gradings]]
grading_id = "four_band"
name = "Four bands"

[[gradings.bands]]
name = "Not met"
colour = "#D55E00"
max = 60.0
max_inclusive = false
achieved = false

[[gradings.bands]]
name = "Met"
colour = "#009E73"
min = 60.0
achieved = true

[[kpis]]
kpi_id = "pa"
name = "Care leavers with a Personal Adviser"
short_name = "Personal Adviser"
measure = "returned"
age_group = "18-21"
age_min = 18
age_max = 21
unit = "%"
polarity = "higher"
grading = "four_band"
numerator = "With a Personal Adviser"
denominator = "Care leavers aged 18 to 21"
basis = "Month-end snapshot"
data_source = "Provider return"
lag = "Two weeks"
national_comparator = false
source = "Test pack"
"""


def _graded(tmp_path, text: str):
    from analytics import config

    (tmp_path / "authority.toml").write_text(text, encoding="utf-8")
    return config.load(tmp_path)


def test_a_pack_declares_a_banded_scheme_and_a_returned_only_kpi(tmp_path) -> None:
    cfg = _graded(tmp_path, GRADED_PACK)
    kpi = cfg.kpi("pa")
    # No target given: achieved starts where the lowest met band does (Met, from 60).
    assert (kpi.measure, kpi.grading, kpi.tolerance_form, kpi.target, kpi.count_basis) == ("returned", "four_band", "bands", 60.0, "snapshot")
    assert cfg.grading("four_band").grade(59.9).label == "Not met"
    assert cfg.grading_frame()["name"].tolist() == ["Not met", "Met"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('grading = "four_band"', 'grading = "four_bnad"', r"kpis\[0\]\.grading: 'four_bnad' is not one of four_band \(did you mean 'four_band'\?\)"),
        ('grading = "four_band"', 'grading = "four_band"\ntolerance_form = "points"', r"a KPI graded by bands \('four_band'\) has no tolerance"),
        ('colour = "#D55E00"', 'colour = "orange"', r"gradings\[0\]\.bands\[0\]\.colour: must be a colour like"),
        ("min = 60.0", "min = 50.0", r"bands 'Not met' and 'Met' overlap"),
        ('measure = "returned"', 'measure = "retuned"', r"did you mean 'returned'"),
    ],
)
def test_a_bad_grading_is_refused_naming_the_key(tmp_path, old: str, new: str, message: str) -> None:
    from analytics import config

    with pytest.raises(config.ConfigError, match=message):
        _graded(tmp_path, GRADED_PACK.replace(old, new, 1))
