"""Former UASC: Table 5 reproduced, growth, the NTS threshold, EET and the Home Office grant, each
against the Commissioning Plan (sections 2.1, 2.4, 4.1 and footnotes 1 and 19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import cohort, db, uasc
from analytics.disclosure import SUPPRESSED
from analytics.uasc import GrantRates, NtsGauge

OCT_2023 = dt.date(2023, 10, 1)
PUBLISHED_RATES = GrantRates(under_18_in_county_per_day=114, under_18_nts_per_day=143, aged_18_plus_per_week=270)


@pytest.fixture(scope="module")
def by_age() -> pd.DataFrame:
    return uasc.share_by_age(OCT_2023)


@pytest.mark.parametrize(
    ("age", "published"),
    # Commissioning Plan Table 5: former-UASC share of care leavers by age, October 2023.
    [(16, 23.5), (17, 37), (18, 36), (19, 22), (20, 16), (21, 20)],
)
def test_table_5_is_reproduced_within_one_point(by_age: pd.DataFrame, age: int, published: float) -> None:
    row = by_age.set_index("age").loc[age]
    assert row["published_percent"] == published
    assert abs(row["percent"] - published) <= 1


@pytest.mark.parametrize(
    ("ages", "exact_mean", "printed_decimals", "printed"),
    [
        # Table 5's group averages are simple means of the printed ages' shares:
        ([23.5, 37], 30.25, 2, 30.25),  # (23.5 + 37) / 2 = 30.25 exactly
        ([36, 22, 16], 24.67, 1, 24.6),  # (36 + 22 + 16) / 3 = 24.67, printed truncated as 24.6
        ([20], 20.0, 0, 20),
    ],
)
def test_table_5_group_averages_are_simple_means_truncated(ages: list[float], exact_mean: float, printed_decimals: int, printed: float) -> None:
    mean = uasc.simple_mean(ages)
    assert round(mean, 2) == exact_mean
    assert uasc.truncate(mean, printed_decimals) == printed


def test_group_table_shows_both_methods(by_age: pd.DataFrame) -> None:
    groups = uasc.share_by_group(by_age).set_index("age_group")
    assert list(groups.index) == ["16-17", "18-20", "21", "All 16-25"]
    # As printed in Table 5, and recomputed from Table 5's own ages.
    assert groups["published_group_average"].iloc[:3].tolist() == [30.25, 24.6, 20]
    assert groups["published_simple_mean"].iloc[:3].round(2).tolist() == [30.25, 24.67, 20.0]
    # The pooled share weights ages by size, so it differs from the simple mean of the same ages.
    pooled = groups.loc["18-20", "former_uasc"] / groups.loc["18-20", "care_leavers"] * 100
    assert groups.loc["18-20", "pooled_percent"] == pytest.approx(pooled)
    assert groups.loc["18-20", "simple_mean_percent"] == pytest.approx(by_age.set_index("age").loc[[18, 19, 20], "percent"].mean())
    # Commissioning Plan 4.1: former UASC are c.25% of the whole cohort.
    assert groups.loc["All 16-25", "pooled_percent"] == pytest.approx(25, abs=1)


def test_uasc_counts_agree_across_the_pages(by_age: pd.DataFrame) -> None:
    total = int(by_age["former_uasc"].sum())
    profile = cohort.cohort_profile(cohort.CohortFilters(OCT_2023))
    assert total == int(profile.loc[profile["category"] == "Former UASC", "care_leavers"].iloc[0])
    assert total == cohort.profile_total(cohort.cohort_profile(cohort.CohortFilters(OCT_2023, uasc=True)))
    trend = uasc.uasc_trend(OCT_2023).set_index("snapshot_date")
    assert trend.loc[OCT_2023, "former_uasc"] == total
    assert sum(uasc.grant_cohort(OCT_2023).values()) == total
    assert uasc.grant_cohort(OCT_2023)["under_18"] == int(by_age.loc[by_age["age"] < 18, "former_uasc"].sum())


def test_growth_is_measured_from_the_nearest_snapshot_to_december_2021() -> None:
    growth = uasc.uasc_growth(uasc.uasc_trend(OCT_2023))
    # Commissioning Plan 4.1: a 40% increase in former-UASC care leavers, December 2021 to October 2023.
    assert growth.published_growth == 40
    assert growth.published_from == dt.date(2021, 12, 1)
    # Snapshots fall on the 1st of Jan, Apr, Jul and Oct: 1 Jan 2022 is the nearest.
    assert growth.snapshot_from == dt.date(2022, 1, 1) and growth.snapshot_to == OCT_2023
    assert growth.growth == pytest.approx(100 * (growth.count_to - growth.count_from) / growth.count_from)
    assert abs(growth.growth - 40) <= 2
    assert "nearest snapshot to Dec 2021" in growth.finding()


@pytest.mark.parametrize("snapshot", [dt.date(2020, 4, 1), dt.date(2021, 10, 1)])
def test_growth_before_the_reports_start_date_says_so(snapshot: dt.date) -> None:
    growth = uasc.uasc_growth(uasc.uasc_trend(snapshot))
    # The report's +40% runs from December 2021: a snapshot before it has no growth since then, whatever its size.
    assert growth.before_baseline and growth.growth is None
    assert growth.title().startswith(f"No growth to measure at {snapshot:%b %Y}") and "Too few" not in growth.finding()
    assert "runs from Dec 2021" in growth.finding()


def test_share_outlook_is_as_published() -> None:
    outlook = uasc.share_outlook()
    # Commissioning Plan 4.1 and the Table 16 note: c.25% now, 30%+ expected by 2025.
    assert (outlook.now_percent, outlook.expected_percent, outlook.expected_by.year) == (25, 30, 2025)
    finding = uasc.share_trend_finding(uasc.uasc_trend(OCT_2023), outlook)
    assert finding.startswith("Former UASC are 25% of care leavers at Oct 2023")


def test_nts_threshold_is_a_tenth_of_a_percent_of_the_population() -> None:
    # Footnote 19: 0.1% of the 0-17 population; 0.1% x 144,000 = 144, the report's minimum.
    gauge = NtsGauge(uasc_in_care=89, population_0_17=144_000, rate_percent=0.1)
    assert gauge.threshold == 144
    assert gauge.headroom == 55  # 144 - 89 UASC in care (Commissioning Plan 4.1)
    assert gauge.percent_of_threshold == pytest.approx(61.8, abs=0.1)
    assert "cannot yet refuse" in gauge.finding()


@pytest.mark.parametrize(
    ("in_care", "population", "threshold", "can_refuse"),
    [(89, 144_000, 144, False), (144, 144_000, 144, True), (150, 144_000, 144, True), (89, 80_000, 80, True), (0, 1_000, 1, False)],
)
def test_nts_gauge_edges(in_care: int, population: int, threshold: float, can_refuse: bool) -> None:
    gauge = NtsGauge(in_care, population, 0.1)
    assert gauge.threshold == pytest.approx(threshold)
    assert ("may refuse" in gauge.finding()) is can_refuse


def test_nts_defaults_come_from_the_store() -> None:
    defaults = uasc.nts_defaults()
    # Commissioning Plan 4.1: 89 UASC in care; footnote 19: threshold 144 at 0.1%, so 144 / 0.1% = 144,000.
    assert (defaults.uasc_in_care, defaults.rate_percent, defaults.published_threshold) == (89, 0.1, 144)
    assert defaults.population_0_17 == 144_000


def test_eet_sits_beside_the_published_figures() -> None:
    # The report's own age groups (16-17, 18-21) come from its figure ids, not from the code.
    assert [g.label for g in uasc.published_eet_groups()] == ["16-17", "18-21"]
    eet = uasc.eet_by_uasc(OCT_2023, uasc.published_eet_groups()).set_index(["cohort", "age_group"])
    # Commissioning Plan 2.4: 72% of former-UASC 16-17 year olds and 67.6% of those aged 18-21 in EET.
    assert eet.loc[("Former UASC", "16-17"), "published_percent"] == 72
    assert eet.loc[("Former UASC", "18-21"), "published_percent"] == 67.6
    assert pd.isna(eet.loc[("Other care leavers", "16-17"), "published_percent"])
    assert abs(eet.loc[("Former UASC", "16-17"), "percent"] - 72) <= 2
    assert abs(eet.loc[("Former UASC", "18-21"), "percent"] - 67.6) <= 2
    assert uasc.eet_finding(eet.reset_index()).startswith("Former UASC are more often in EET than other care leavers")


def test_eet_denominator_leaves_out_those_who_died_or_returned_home(store: Path) -> None:
    with duckdb.connect(str(store), read_only=True) as con:
        expected = con.execute(
            "SELECT count(*) FROM snapshots s JOIN care_leavers c USING (person_id) "
            "WHERE s.snapshot_date = ? AND c.uasc AND s.age BETWEEN 19 AND 21 AND s.in_touch NOT IN ('DIED', 'RHOM')",
            [OCT_2023],
        ).fetchone()[0]
    eet = uasc.eet_by_uasc(OCT_2023).set_index(["cohort", "age_group"])
    assert eet.loc[("Former UASC", "19-21"), "denominator"] == expected


def test_eet_uses_the_eet_pages_age_groups() -> None:
    # The pack's EET KPIs are 16-18, 19 and 19-21 (authority.toml [[kpis]]); 19 lies inside 19-21, so
    # each care leaver is counted once in 16-18 or 19-21, the groups the EET page shows.
    kpis = db.query("outcome_kpis", {"measure": "eet"})
    assert set(zip(kpis["age_min"], kpis["age_max"])) == {(16, 18), (19, 19), (19, 21)}
    assert [(g.label, g.age_min, g.age_max) for g in uasc.eet_age_groups()] == [("16-18", 16, 18), ("19-21", 19, 21)]
    eet = uasc.eet_by_uasc(OCT_2023)
    assert list(dict.fromkeys(eet["age_group"])) == ["16-18", "19-21"]
    # No published figure is for exactly these groups, so none is drawn beside them.
    assert eet["published_percent"].isna().all()


def test_published_grant_rates() -> None:
    # Commissioning Plan 2.1 and footnote 1: £114 a day (in-county arrivals), £143 a day (NTS), £270 a week (18-21).
    assert uasc.published_grant_rates() == PUBLISHED_RATES


@pytest.mark.parametrize(
    ("counts", "nts_share", "annual"),
    [
        ({"under_18": 10}, 0, 416_100),  # 10 x £114 x 365
        ({"under_18": 10}, 100, 521_950),  # 10 x £143 x 365
        ({"under_18": 10}, 50, 469_025),  # 5 x £114 x 365 + 5 x £143 x 365 = 208,050 + 260,975
        ({"18_21": 10}, 50, 140_400),  # 10 x £270 x 52
        ({"22_25_in_education": 3, "22_25_not_in_education": 7}, 50, 42_120),  # only the 3 in education: 3 x £270 x 52
        ({}, 50, 0),
    ],
)
def test_grant_estimate_by_hand(counts: dict[str, int], nts_share: float, annual: float) -> None:
    assert uasc.grant_estimate(counts, PUBLISHED_RATES, nts_share).total == annual


def test_grant_estimate_mixed_cohort_exactly() -> None:
    # 4 under-18s, a quarter through the NTS: 3 x 114 x 365 = 124,830 and 1 x 143 x 365 = 52,195;
    # 2 aged 18-21: 2 x 270 x 52 = 28,080. Total 205,105.
    estimate = uasc.grant_estimate({"under_18": 4, "18_21": 2}, PUBLISHED_RATES, 25)
    assert estimate.lines.set_index("line")["annual"].to_dict() == {
        "Under 18, arrived in the county": 124_830,
        "Under 18, National Transfer Scheme": 52_195,
        "Aged 18-21": 28_080,
        "Aged 22-25 in education": 0,
        "Aged 22-25 not in education (no grant)": 0,
    }
    assert estimate.total == 205_105


def test_rates_are_inputs() -> None:
    counts = {"under_18": 10, "18_21": 10}
    base = uasc.grant_estimate(counts, PUBLISHED_RATES, 0).total
    raised = uasc.grant_estimate(counts, GrantRates(124, 143, 280), 0).total
    # £10 more a day for 10 under-18s and £10 more a week for 10 aged 18-21.
    assert raised - base == 10 * 10 * 365 + 10 * 10 * 52


@pytest.mark.parametrize("share", [-1, 101])
def test_nts_share_must_be_a_percentage(share: float) -> None:
    with pytest.raises(ValueError):
        uasc.grant_estimate({"under_18": 1}, PUBLISHED_RATES, share)


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"under_18": 56, "18_21": 91, "22_25_in_education": 12, "22_25_not_in_education": 75}, []),
        # 3 in education is small; the next smallest funded band (the under-18s) goes too, so the
        # total cannot give it away. The unfunded band brings no pounds, so it stays.
        ({"under_18": 56, "18_21": 91, "22_25_in_education": 3, "22_25_not_in_education": 75},
         ["Under 18, arrived in the county", "Under 18, National Transfer Scheme", "Aged 22-25 in education"]),
        ({"under_18": 56, "18_21": 91, "22_25_in_education": 12, "22_25_not_in_education": 2},
         ["Aged 22-25 not in education (no grant)"]),
    ],
)
def test_grant_lines_suppress_small_counts(counts: dict[str, int], hidden: list[str]) -> None:
    lines = uasc.suppressed_grant_lines(uasc.grant_estimate(counts, PUBLISHED_RATES, 50))
    assert lines.loc[lines["suppressed"], "line"].tolist() == hidden
    assert (lines.loc[lines["suppressed"], ["young_people", "annual"]] == SUPPRESSED).all().all()


def test_grant_assumptions_are_stated_with_the_rates_used() -> None:
    rates = GrantRates(120, 150, 280)
    estimate = uasc.grant_estimate({"under_18": 10}, rates, 30)
    text = " ".join(uasc.grant_assumptions(estimate, rates, uasc.contribution_share_percent()))
    for phrase in ("30% of them", "£150 a day", "£120 a day", "£280 a week", "365 days", "52 weeks", "30% of the contract cost"):
        assert phrase in text


def age_frame(former_uasc: list[int], care_leavers: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "age": [16, 17, 18, 19], "care_leavers": care_leavers, "former_uasc": former_uasc,
            "percent": [100 * u / c for u, c in zip(former_uasc, care_leavers)],
            "age_group": ["16-17", "16-17", "18-20", "18-20"], "published_percent": [23.5, 37, 36, 22],
            "published_group_average": [30.25, 30.25, 24.6, 24.6],
        }
    )


def test_share_by_age_suppresses_small_cells() -> None:
    frame = age_frame([3, 10, 1, 20], [40, 30, 3, 50])
    shown = uasc.suppressed_share_by_age(frame)
    # 3 former UASC at 16 is small; at 18 both parts (1 and 2) and the whole (3) are.
    assert shown["former_uasc"].tolist() == [SUPPRESSED, 10, SUPPRESSED, 20]
    assert shown["percent"].iloc[[0, 2]].tolist() == [SUPPRESSED, SUPPRESSED]
    assert shown["care_leavers"].tolist() == [40, 30, SUPPRESSED, 50]
    assert uasc.share_by_age_finding(frame, OCT_2023) == "At Oct 2023, 40% of 19-year-old care leavers are former UASC, the highest share of any age"


def test_one_hidden_age_takes_the_next_smallest_with_it() -> None:
    # The ages sum to the former-UASC total shown on the page, so 3 alone could be recovered.
    shown = uasc.suppressed_share_by_age(age_frame([3, 10, 30, 20], [40, 30, 60, 50]))
    assert shown["former_uasc"].tolist() == [SUPPRESSED, SUPPRESSED, 30, 20]


def test_a_group_with_a_hidden_age_is_hidden() -> None:
    groups = uasc.suppressed_share_by_group(age_frame([3, 10, 30, 20], [40, 30, 60, 50])).set_index("age_group")
    # 16-17's total (13) or its mean share would give away the hidden ages; 18-20 is safe.
    assert groups.loc["16-17", ["former_uasc", "pooled_percent", "simple_mean_percent"]].tolist() == [SUPPRESSED] * 3
    assert groups.loc["18-20", "former_uasc"] == 50
    assert groups.loc["All 16-19", "former_uasc"] == 63


def test_eet_suppresses_when_the_rest_of_the_group_is_small() -> None:
    frame = pd.DataFrame(
        {"age_group": ["16-17", "16-17"], "cohort": ["Former UASC", "Other care leavers"], "eet": [40, 20],
         "denominator": [42, 60], "percent": [95.2, 33.3], "published_percent": [72.0, None]}
    )
    shown = uasc.suppressed_eet(frame)
    # 40 in EET of 42 would reveal the 2 who are not.
    assert shown["eet"].tolist() == [SUPPRESSED, 20]
    assert uasc.eet_finding(frame).startswith("Too few")
