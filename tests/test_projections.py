"""Care leaver projections: Table 6's two methods rebuilt, the LAIT column's flaws, the simulation."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics import config, projections
from analytics.projections import PRESETS, ProjectionBands, growth_rate_projection, published_column_check
from analytics.scenarios import projection_bands

# The reference pack's transcription of the Commissioning Plan.
SOURCES = Path(__file__).resolve().parent.parent / "config" / "authorities" / "lincolnshire"

# The model's inputs, read from the reference pack (projection_assumptions.csv): the single-age split
# of the ChAT October 2023 bands, Table 5's former-UASC shares, the flows calibrated to Table 6 and
# footnote 25's LAIT rates.
_ROWS = pd.read_csv(SOURCES / "projection_assumptions.csv")
_CORPORATE = {r.assumption: float(r.value) for r in _ROWS.itertuples() if r.method == "Corporate Performance"}
_LAIT = {r.assumption: float(r.value) for r in _ROWS.itertuples() if r.method == "LAIT"}
# The pack's [projections]: Table 6's 16-17, 18-20 and 21+ (21 to 25), split at 21 for the LAIT rates.
BANDS = projection_bands(config.load(SOURCES))
OCT_2023_BY_AGE = {age: _CORPORATE[f"start_age_{age}"] for age in range(16, 26)}
FORMER_UASC_SHARE = {age: _CORPORATE[f"former_uasc_share_age_{age}"] / 100 for age in range(16, 26)}
PARAMS = projections.CohortParams(
    arrivals_at_16=_CORPORATE["arrivals_at_16"], late_entrants=_CORPORATE["late_entrants"],
    late_entrant_share_aged_17=_CORPORATE["late_entrants_aged_17"] / 100, former_uasc=_CORPORATE["former_uasc"],
    former_uasc_share_aged_17=_CORPORATE["former_uasc_aged_17"] / 100, exit_at_21_share=_CORPORATE["exit_at_21"] / 100,
)
LAIT_RATES = projections.LaitAssumptions(
    growth_former_uasc=_LAIT["growth_former_uasc"] / 100, growth_younger=_LAIT["growth_16_20"] / 100,
    growth_older=_LAIT["growth_21_plus"] / 100, years=1.5,
)
START = {"start": OCT_2023_BY_AGE, "start_former_uasc_share": FORMER_UASC_SHARE, "start_date": dt.date(2023, 10, 1), "bands": BANDS}


def CohortParams(**changes: float) -> projections.CohortParams:
    """The reference pack's flows with ``changes``."""
    return replace(PARAMS, **changes)


def cohort_forward_projection(params: projections.CohortParams = PARAMS, **kwargs: object) -> projections.ProjectionResult:
    return projections.cohort_forward_projection(params, **(START | kwargs))


def simulate_forward(params: projections.CohortParams = PARAMS, **kwargs: object) -> pd.DataFrame:
    return projections.simulate_forward(params, **(START | kwargs))


def lait_preset(assumptions: projections.LaitAssumptions = LAIT_RATES) -> dict[str, float]:
    return projections.lait_preset(assumptions, OCT_2023_BY_AGE, FORMER_UASC_SHARE, BANDS)


def lait_years_to_reach(total: float) -> float:
    return projections.lait_years_to_reach(total, LAIT_RATES, OCT_2023_BY_AGE, FORMER_UASC_SHARE, BANDS)


def lait_comparison(published: dict[str, float]) -> pd.DataFrame:
    return projections.lait_comparison(published, LAIT_RATES, OCT_2023_BY_AGE, FORMER_UASC_SHARE, BANDS)


def band_totals(by_age: dict[int, float]) -> dict[str, float]:
    return projections.band_totals(by_age, BANDS)

# Commissioning Plan 4.1 Table 6: October 2023 from ChAT; 21+ is 394 aged 21-24 plus 73 'Other' aged 25 (footnote 23).
OCT_2023 = {"16-17": 183, "18-20": 286, "21+": 467}
# Table 6, Apr-25 (from Corp. Performance): 1,003 in all, +7.1%; 21+ includes 102 aged 25+ (footnote 24).
CORPORATE_PERFORMANCE = {"16-17": 185, "18-20": 343, "21+": 475}
CORPORATE_PERFORMANCE_SHARES = {"16-17": 18.4, "18-20": 34.2, "21+": 47.4}
# Table 6, Apr-25 (from LAIT): 1,491 in all, +59.2%, with the shares as printed.
LAIT = {"16-17": 286, "18-20": 616, "21+": 589}
LAIT_SHARES = {"16-17": 19.2, "18-20": 41.3, "21+": 29.5}


def test_transcribed_table_6_matches_the_figures_tested_here() -> None:
    frame = pd.read_csv(SOURCES / "projections_published.csv")
    counts = {(row.method, row.band): row.count for row in frame.itertuples()}
    for method, expected, total in (("ChAT (actual)", OCT_2023, 936), ("Corporate Performance", CORPORATE_PERFORMANCE, 1003), ("LAIT", LAIT, 1491)):
        assert {band: counts[(method, band)] for band in expected} == expected
        assert counts[(method, "Total")] == total


def test_start_distribution_keeps_the_published_bands() -> None:
    assert band_totals(OCT_2023_BY_AGE) == OCT_2023
    # Footnote 23: 73 aged 25 ('Other'); section 4.1: 394 aged 21-24.
    assert OCT_2023_BY_AGE[25] == 73
    assert sum(OCT_2023_BY_AGE[age] for age in range(21, 25)) == 394
    assert sum(OCT_2023_BY_AGE.values()) == 936


# --- the LAIT growth-rate method -------------------------------------------------------------------

def test_growth_rate_projection_compounds_each_band_at_its_own_rate() -> None:
    result = growth_rate_projection({"16-20": 469, "21+": 467}, {"16-20": 0.21, "21+": 0.025}, 1.5)
    # Hand calculation: 469 × 1.21^1.5 = 469 × 1.33101 = 624.2; 467 × 1.025^1.5 = 484.6.
    assert result["16-20"] == pytest.approx(624.24, abs=0.01)
    assert result["21+"] == pytest.approx(484.63, abs=0.01)
    assert growth_rate_projection({"a": 10.0}, {"a": 0.5}, 0) == {"a": 10.0}
    assert growth_rate_projection({"a": 10.0}, {"a": 0.5, "b": 0.1}, 1) == {"a": 15.0}


def test_growth_rate_projection_needs_a_rate_for_every_band() -> None:
    with pytest.raises(KeyError):
        growth_rate_projection({"16-20": 469, "21+": 467}, {"16-20": 0.21}, 1.5)


def test_lait_preset_applies_footnote_25() -> None:
    result = lait_preset()
    # Former UASC (Table 5 shares) at 27% a year, other 16-20s at 21%, other 21+ at 2.5%, for 1.5 years.
    assert {band: round(count, 1) for band, count in result.items()} == {"16-17": 249.1, "18-20": 387.8, "21+": 521.4, "Total": 1158.3}
    assert result["Total"] == pytest.approx(sum(result[band] for band in OCT_2023))
    # Table 6: the LAIT total is 1,491 (+59.2%); the footnote's own rates give +23.7%.
    assert 100 * (result["Total"] / 936 - 1) == pytest.approx(23.7, abs=0.05)
    assert result["Total"] < 1491


def test_lait_rates_reach_1491_only_after_about_three_years() -> None:
    years = lait_years_to_reach(1491)
    assert years == pytest.approx(3.13, abs=0.01)
    assert lait_preset(replace(LAIT_RATES, years=years))["Total"] == pytest.approx(1491)


def test_no_single_horizon_reproduces_the_lait_column() -> None:
    # Any horizon, compound or simple growth, 21% for 16-20s and 2.5% for 21+: never all three bands within 2%.
    for years, compound in itertools.product([y / 4 for y in range(1, 41)], (True, False)):
        def grow(count: float, rate: float) -> float:
            return count * ((1 + rate) ** years if compound else 1 + rate * years)

        modelled = {"16-17": grow(183, 0.21), "18-20": grow(286, 0.21), "21+": grow(467, 0.025)}
        assert not all(abs(modelled[b] / LAIT[b] - 1) <= 0.02 for b in LAIT), (years, compound)
    # Table 6's own ratios: one 16-20 rate cannot give both 183 → 286 and 286 → 616.
    assert 286 / 183 == pytest.approx(1.563, abs=0.001)
    assert 616 / 286 == pytest.approx(2.154, abs=0.001)


def test_lait_column_shares_sum_to_90_percent() -> None:
    check = published_column_check(LAIT, LAIT_SHARES, 1491)
    # Table 6 prints 19.2% + 41.3% + 29.5% = 90.0% for the LAIT column.
    assert check.share_sum == pytest.approx(90.0)
    assert check.count_sum == 1491
    # 589 of 1,491 is 39.5%, not the 29.5% printed.
    assert round(check.recomputed_shares["21+"], 1) == 39.5
    assert round(check.recomputed_shares["16-17"], 1) == 19.2
    assert round(check.recomputed_shares["18-20"], 1) == 41.3
    assert check.mismatched_bands == ("21+",)
    assert not check.consistent
    # The printed 29.5% would give 440, not 589.
    assert round(check.implied_counts["21+"]) == 440


def test_lait_counts_are_1491_split_by_shares_with_39_5_for_21_plus() -> None:
    corrected = LAIT_SHARES | {"21+": 39.5}
    check = published_column_check(LAIT, corrected, 1491)
    assert check.share_sum == pytest.approx(100.0)
    assert {band: round(count) for band, count in check.implied_counts.items()} == LAIT
    assert check.consistent


def test_corporate_performance_column_is_consistent() -> None:
    check = published_column_check(CORPORATE_PERFORMANCE, CORPORATE_PERFORMANCE_SHARES, 1003)
    assert check.consistent
    assert check.share_sum == pytest.approx(100.0)


def test_lait_comparison_frame() -> None:
    frame = lait_comparison(LAIT | {"Total": 1491})
    assert list(frame.columns) == ["band", "published", "modelled", "difference", "difference_percent"]
    assert list(frame["band"]) == ["16-17", "18-20", "21+", "Total"]
    total = frame.set_index("band").loc["Total"]
    assert total["published"] == 1491
    assert total["difference"] == pytest.approx(1158.28 - 1491, abs=0.01)
    assert (frame["difference"] < 0).all()


# --- the Corporate Performance cohort-component method ---------------------------------------------

def test_default_cohort_model_reproduces_corporate_performance_column() -> None:
    result = cohort_forward_projection()
    for band, published in CORPORATE_PERFORMANCE.items():
        assert abs(result.bands[band] / published - 1) <= 0.02, band
    # Table 6: 1,003 in all, within ±5.
    assert abs(result.total - 1003) <= 5
    # Footnote 24: the 21+ figure includes 102 aged 25+.
    assert abs(result.aged_25 / 102 - 1) <= 0.02
    # Table 6: +7.1% on October 2023 (1,003 / 936 = +7.16%, printed cut to one decimal).
    assert result.change_percent == pytest.approx(7.1, abs=0.15)
    assert result.start_total == 936
    assert result.end_date == dt.date(2025, 4, 1)


def test_projection_path_is_quarterly_from_october_2023() -> None:
    path = cohort_forward_projection().path
    assert list(path.columns) == ["step", "date", "16-17", "18-20", "21+", "Total", "aged_25", "former_uasc"]
    assert list(path["date"]) == [dt.date(2023, 10, 1), dt.date(2024, 1, 1), dt.date(2024, 4, 1), dt.date(2024, 7, 1),
                                  dt.date(2024, 10, 1), dt.date(2025, 1, 1), dt.date(2025, 4, 1)]
    start = path.iloc[0]
    assert (start["16-17"], start["18-20"], start["21+"], start["Total"], start["aged_25"]) == (183, 286, 467, 936, 73)
    # Table 5 shares by age give about 220 former UASC, c.25% of the cohort (section 4.1).
    assert start["former_uasc"] == pytest.approx(219.82)
    assert (path[["16-17", "18-20", "21+"]].sum(axis=1) - path["Total"]).abs().max() < 1e-9


def test_monthly_steps_keep_the_total() -> None:
    quarterly, monthly = cohort_forward_projection(), cohort_forward_projection(step="month")
    assert len(monthly.path) == 19
    assert monthly.total == pytest.approx(quarterly.total, abs=1)


@pytest.mark.parametrize("kwargs", [{"step": "week"}, {"years": 1.4}, {"years": 0}])
def test_bad_horizons_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        cohort_forward_projection(**kwargs)


@pytest.mark.parametrize("kwargs", [{"arrivals_at_16": -1}, {"exit_at_21_share": 1.5}, {"former_uasc_share_aged_17": -0.1}])
def test_bad_parameters_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        CohortParams(**kwargs)


def test_no_arrivals_and_everyone_leaving_at_21_shrinks_the_cohort() -> None:
    result = cohort_forward_projection(CohortParams(arrivals_at_16=0, late_entrants=0, former_uasc=0, exit_at_21_share=1))
    # Those aged 16 and 16¼ in October 2023 are still 16-17 in April 2025: 2 × 90 / 4 = 45.
    assert result.bands["16-17"] == pytest.approx(45)
    # Nobody turns 21 and stays, and the 21-24s age on: 394 less the 51 then aged 24½ or more.
    assert result.bands["21+"] == pytest.approx(394 - 51)


@pytest.mark.parametrize("name", ["arrivals_at_16", "late_entrants", "former_uasc"])
@pytest.mark.parametrize("extra", [1.0, 10.0, 50.0])
def test_more_arrivals_never_mean_fewer_care_leavers(name: str, extra: float) -> None:
    base = PARAMS
    more = replace(base, **{name: getattr(base, name) + extra})
    before, after = cohort_forward_projection(base), cohort_forward_projection(more)
    assert after.total > before.total
    assert all(after.bands[band] >= before.bands[band] for band in OCT_2023)


@pytest.mark.parametrize(("low", "high"), [(0.0, 0.1), (0.07, 0.5), (0.5, 1.0)])
def test_more_exits_at_21_only_shrink_the_21_plus_band(low: float, high: float) -> None:
    a = cohort_forward_projection(CohortParams(exit_at_21_share=low))
    b = cohort_forward_projection(CohortParams(exit_at_21_share=high))
    assert b.bands["21+"] < a.bands["21+"]
    assert (b.bands["16-17"], b.bands["18-20"]) == (a.bands["16-17"], a.bands["18-20"])


# --- simulation ------------------------------------------------------------------------------------

def test_simulation_is_deterministic_for_a_seed() -> None:
    first = simulate_forward(runs=200, seed=2024)
    pd.testing.assert_frame_equal(first, simulate_forward(runs=200, seed=2024))
    assert not first.equals(simulate_forward(runs=200, seed=7))
    assert list(first.columns) == ["step", "date", "band", "p10", "p50", "p90"]
    assert len(first) == 7 * 4


def test_simulation_band_brackets_the_projection() -> None:
    frame = simulate_forward()
    assert ((frame["p10"] <= frame["p50"]) & (frame["p50"] <= frame["p90"])).all()
    start = frame[frame["step"] == 0].set_index("band")
    assert start.loc["Total", "p10"] == start.loc["Total", "p90"] == 936
    end = frame[frame["step"] == 6].set_index("band")
    deterministic = cohort_forward_projection()
    for band in OCT_2023:
        assert end.loc[band, "p10"] <= deterministic.bands[band] <= end.loc[band, "p90"]
        assert abs(end.loc[band, "p50"] / deterministic.bands[band] - 1) <= 0.02
    assert end.loc["Total", "p90"] > end.loc["Total", "p10"]


def test_simulation_needs_runs() -> None:
    with pytest.raises(ValueError):
        simulate_forward(runs=0)


# --- presets ---------------------------------------------------------------------------------------

def test_presets() -> None:
    assert list(PRESETS) == ["Corporate Performance (as published)", "LAIT (as published)"]
    assert [p.method for p in PRESETS.values()] == ["cohort-component", "growth-rate"]
    for preset in PRESETS.values():
        assert preset.description


# --- bands from the pack ---------------------------------------------------------------------------

def test_the_reference_pack_declares_table_6_bands_and_table_12_groups() -> None:
    # Table 6 projects 16-17, 18-20 and 21+ (its 21+ includes the 25s, footnote 24); Table 12 and
    # footnote 25 split the cohort at 21 into 16-20 and 21+.
    assert BANDS.bands == (("16-17", 16, 17), ("18-20", 18, 20), ("21+", 21, 25))
    assert (BANDS.younger, BANDS.older) == ("16-20", "21+")
    assert BANDS.in_group("16-20") == ("16-17", "18-20")


def test_a_pack_without_projection_bands_uses_its_age_bands() -> None:
    # The minimal test pack gives no [projections] and no [[age_bands]]: the default bands, split at 21.
    minimal = projection_bands(config.load(Path(__file__).parent / "fixtures" / "packs" / "minimal"))
    assert minimal.labels == ("16-17", "18-20", "21-25")
    assert (minimal.younger, minimal.older) == ("16-20", "21+")


def test_other_bands_give_the_same_people_in_other_groups() -> None:
    four = ProjectionBands((("16-18", 16, 18), ("19-20", 19, 20), ("21-22", 21, 22), ("23-25", 23, 25)), older_from=19)
    result = cohort_forward_projection(bands=four)
    assert list(result.bands) == ["16-18", "19-20", "21-22", "23-25"]
    assert sum(result.bands.values()) == pytest.approx(cohort_forward_projection().total)
    # The LAIT rates follow the split: everyone else aged 16-18 grows at the younger rate, 19+ at the older.
    grown = projections.lait_preset(LAIT_RATES, OCT_2023_BY_AGE, FORMER_UASC_SHARE, four)
    assert grown["Total"] < lait_preset()["Total"]
    assert (four.younger, four.older) == ("16-18", "19+")


@pytest.mark.parametrize(
    ("bands", "older_from"),
    [((("16-17", 16, 17), ("19-25", 19, 25)), 19), ((("16-20", 16, 20), ("21-24", 21, 24)), 21), ((("16-20", 16, 20), ("21+", 21, 25)), 18)],
)
def test_bands_with_a_gap_a_short_end_or_a_split_inside_a_band_are_refused(bands: tuple, older_from: int) -> None:
    with pytest.raises(ValueError):
        ProjectionBands(bands, older_from)


def _pack(tmp_path: Path, projections_table: str) -> Path:
    text = (Path(__file__).parent / "fixtures" / "packs" / "minimal" / "authority.toml").read_text() + projections_table
    (tmp_path / "authority.toml").write_text(text)
    return tmp_path / "authority.toml"


def test_a_misspelled_projection_setting_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="older_from: unknown setting.*did you mean 'older_from_age'"):
        config.parse(_pack(tmp_path, "\n[projections]\nolder_from = 21\n"))


def test_declared_bands_must_cover_16_to_25(tmp_path: Path) -> None:
    table = "\n[projections]\n[[projections.bands]]\nlabel = \"16-20\"\nage_min = 16\nage_max = 20\n"
    with pytest.raises(config.ConfigError, match="the bands must reach 25"):
        config.parse(_pack(tmp_path, table))
    table += "[[projections.bands]]\nlabel = \"21+\"\nage_min = 21\nage_max = 25\n"
    declared = config.parse(_pack(tmp_path, table))
    assert [b.label for b in declared.projection_bands] == ["16-20", "21+"]
