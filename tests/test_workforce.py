"""LCWs needed (Table 12), today's caseloads (Tables 9 and 10) and spreadsheet rounding."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pandas as pd
import pytest

from analytics.projections import growth_rate_projection
from analytics.workforce import benchmark_average, current_position, lcw_required, round_half_up

# The cohort model on the reference pack's inputs (its projection_assumptions.csv).
from tests.test_projections import CohortParams, cohort_forward_projection

# The reference pack's transcription of the Commissioning Plan.
SOURCES = Path(__file__).resolve().parent.parent / "config" / "authorities" / "lincolnshire"
SCENARIO_1 = {"16-20": 20, "21+": 75}  # Table 12 Scenario 1: 20 per LCW for 16-20s, 75 for 21+ (New Burdens).
SCENARIO_2 = 23.2  # Table 12 Scenario 2: everyone at the Table 9 average.


def test_round_half_up_is_not_pythons_round() -> None:
    # 469 / 20 = 23.45 is shown as 23.5 in Table 12; Python's round gives 23.4 (23.45 is stored as 23.4499…).
    assert round(469 / 20, 1) == 23.4
    assert round_half_up(469 / 20, 1) == 23.5
    assert round_half_up(2.675, 2) == 2.68
    assert round_half_up(0.5, 0) == 1.0
    assert round_half_up(-23.45, 1) == -23.5
    assert round_half_up(6.2266, 1) == 6.2


@pytest.mark.parametrize(
    ("cohort", "fte", "total"),
    [
        # Table 12, Scenario 1, Oct-23: 469 aged 16-20 → 23.5, 467 aged 21+ → 6.2, total 29.7 (23.45 + 6.2267 = 29.68).
        ({"16-20": 469, "21+": 467}, {"16-20": 23.5, "21+": 6.2}, 29.7),
        # Table 12, Scenario 1, Apr-25: 528 → 26.4, 475 → 6.3, total 32.7 (26.4 + 6.333 = 32.73).
        ({"16-20": 528, "21+": 475}, {"16-20": 26.4, "21+": 6.3}, 32.7),
    ],
)
def test_table_12_scenario_1(cohort: dict, fte: dict, total: float) -> None:
    result = lcw_required(cohort, SCENARIO_1)
    assert dict(result.fte_rounded) == fte
    assert result.total_rounded == total


@pytest.mark.parametrize(("cohort", "fte"), [(936, 40.3), (1003, 43.2)])  # Table 12, Scenario 2: Oct-23 and Apr-25.
def test_table_12_scenario_2(cohort: int, fte: float) -> None:
    result = lcw_required({"16-24": cohort}, {"16-24": SCENARIO_2})
    assert result.fte_rounded["16-24"] == fte
    assert result.total_rounded == fte


def test_totals_are_rounded_from_unrounded_fte() -> None:
    result = lcw_required({"16-20": 469, "21+": 467}, SCENARIO_1)
    assert result.total_fte == pytest.approx(23.45 + 467 / 75)
    assert result.fte == {"16-20": 23.45, "21+": pytest.approx(6.226667, abs=1e-6)}


def test_table_12_frame_and_shares() -> None:
    frame = lcw_required({"16-20": 528, "21+": 475}, SCENARIO_1).as_frame()
    assert list(frame.columns) == ["group", "cohort", "percent_of_cohort", "caseload_per_fte", "fte", "fte_rounded"]
    assert list(frame["group"]) == ["16-20", "21+", "Total"]
    # Table 12, Apr-25: 52.6% and 47.4% of 1,003.
    assert [round_half_up(p, 1) for p in frame["percent_of_cohort"]] == [52.6, 47.4, 100.0]
    assert frame["fte_rounded"].tolist() == [26.4, 6.3, 32.7]


def test_transcribed_table_12_matches() -> None:
    frame = pd.read_csv(SOURCES / "lcw_scenarios.csv")
    for row in frame.itertuples():
        if row.scenario == 1 and row.band != "Total":
            assert lcw_required({row.band: row.cohort}, {row.band: row.caseload_per_fte}).fte_rounded[row.band] == row.fte
        elif row.scenario == 2:
            assert lcw_required({"all": row.cohort}, {"all": row.caseload_per_fte}).total_rounded == row.fte


def test_lcw_required_refuses_missing_or_zero_caseloads() -> None:
    with pytest.raises(KeyError):
        lcw_required({"16-20": 469, "21+": 467}, {"16-20": 20})
    with pytest.raises(ValueError):
        lcw_required({"16-20": 469}, {"16-20": 0})


def test_benchmark_average_is_table_9_upper_values() -> None:
    # Table 9: Nottinghamshire 22, NC Trust 26 max, Essex 20-22, Kent 14-22, Calderdale 22-24 → 116 / 5 = 23.2 (section 4.5).
    assert benchmark_average([22, 26, 22, 22, 24]) == 23.2
    frame = pd.read_csv(SOURCES / "caseload_benchmarks.csv")
    assert benchmark_average(frame["caseload_high"].tolist()) == 23.2
    with pytest.raises(ValueError):
        benchmark_average([])


# Commissioning Plan Table 10 (caseload per LCW by age band), Table 1 (26.6 FTE in post), Table 6 (467 aged 21+).
TABLE_10_CASELOADS = {"16-17": 6.45, "18-20": 11.95, "21+": 1.54}


def test_current_position_section_4_5() -> None:
    position = current_position(26.6, TABLE_10_CASELOADS, 467, older=("21+",))
    # Table 10: 6.45 + 11.95 + 1.54 = 19.94, "c.20 care leavers".
    assert position.average_caseload == pytest.approx(19.94)
    assert round_half_up(position.average_caseload, 0) == 20
    # Footnote 32: 1.54 × 26.6 = 40.96, "c.41 21+ year old care leavers".
    assert position.allocated_21_plus == pytest.approx(40.96, abs=0.01)
    assert round_half_up(position.allocated_21_plus, 0) == 41
    # Section 4.5: all 467 allocated across 26.6 FTE: 6.45 + 11.95 + 467 / 26.6 = 35.96 → 36, an 80% increase.
    assert position.caseload_if_all_21_allocated == pytest.approx(35.96, abs=0.01)
    assert round_half_up(position.caseload_if_all_21_allocated, 0) == 36
    assert round_half_up(position.increase_percent, 0) == 80
    assert 100 * (36 / 20 - 1) == pytest.approx(80)


def test_current_position_from_transcribed_table_10() -> None:
    frame = pd.read_csv(SOURCES / "caseload_current.csv")
    averages = dict(zip(frame["band"], frame["average_caseload_per_fte"]))
    assert current_position(26.6, averages, 467, older=("21+",)) == current_position(26.6, TABLE_10_CASELOADS, 467, older=("21+",))


def test_current_position_needs_lcws() -> None:
    with pytest.raises(ValueError):
        current_position(0, TABLE_10_CASELOADS, 467, older=("21+",))


@pytest.mark.parametrize(("caseload", "higher"), [(c, c + d) for c, d in itertools.product([5, 20, 23.2, 75], [0.1, 1, 10])])
def test_higher_caseload_never_means_more_lcws(caseload: float, higher: float) -> None:
    for cohort in (0, 183, 469, 1003):
        assert lcw_required({"all": cohort}, {"all": higher}).total_fte <= lcw_required({"all": cohort}, {"all": caseload}).total_fte
        assert lcw_required({"all": cohort}, {"all": higher}).total_rounded <= lcw_required({"all": cohort}, {"all": caseload}).total_rounded


def test_more_growth_never_means_fewer_lcws() -> None:
    rng = random.Random(2024)
    oct_2023 = {"16-20": 469, "21+": 467}
    for _ in range(200):
        rates = {"16-20": rng.uniform(-0.2, 0.5), "21+": rng.uniform(-0.2, 0.5)}
        more = {band: rate + rng.uniform(0, 0.3) for band, rate in rates.items()}
        years = rng.choice([0.5, 1.0, 1.5, 3.0])
        low = lcw_required(growth_rate_projection(oct_2023, rates, years), SCENARIO_1)
        high = lcw_required(growth_rate_projection(oct_2023, more, years), SCENARIO_1)
        assert high.total_fte >= low.total_fte
        assert high.total_rounded >= low.total_rounded


@pytest.mark.parametrize("extra", [5, 20, 60])
def test_more_arrivals_in_the_cohort_model_never_mean_fewer_lcws(extra: int) -> None:
    def lcws(params: CohortParams) -> float:
        bands = cohort_forward_projection(params).bands
        return lcw_required({"16-20": bands["16-17"] + bands["18-20"], "21+": bands["21+"]}, SCENARIO_1).total_fte

    assert lcws(CohortParams(former_uasc=45 + extra)) >= lcws(CohortParams())
    assert lcws(CohortParams(late_entrants=45 + extra)) >= lcws(CohortParams())
