"""The Cohort page's numbers: the published October 2023 cohort reproduced, filters, suppression, and
the published changes over time (Commissioning Plan 4.1)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics import cohort
from analytics.cohort import CohortFilters
from analytics.disclosure import SUPPRESSED

OCT_2023 = dt.date(2023, 10, 1)


def counts(profile: pd.DataFrame, dimension: str) -> dict[str, int]:
    rows = profile[profile["dimension"] == dimension]
    return dict(zip(rows["category"], rows["care_leavers"].astype(int)))


@pytest.fixture(scope="module")
def oct_2023() -> pd.DataFrame:
    return cohort.cohort_profile(CohortFilters(OCT_2023))


@pytest.fixture(scope="module")
def options() -> cohort.FilterOptions:
    return cohort.filter_options()


def test_october_2023_age_bands_are_the_published_936(oct_2023: pd.DataFrame) -> None:
    # Commissioning Plan 4.1 (ChAT Oct-2023): 183 aged 16-17, 286 aged 18-20, 394 aged 21-24, 73 'Other' aged 25.
    assert counts(oct_2023, "age_band") == {"16-17": 183, "18-20": 286, "21-24": 394, "25 (Other)": 73}
    assert cohort.profile_total(oct_2023) == 936


def test_october_2023_legal_status_shows_qualifying_separately(oct_2023: pd.DataFrame) -> None:
    # Commissioning Plan 4.1: 173 Eligible, 10 Relevant, 753 Former Relevant including 145 Qualifying (footnote 16).
    status = counts(oct_2023, "legal_status")
    assert status == {"Eligible": 173, "Relevant": 10, "Former Relevant": 608, "Qualifying": 145}
    assert status["Former Relevant"] + status["Qualifying"] == 753


def test_published_former_relevant_is_restated_without_qualifying(oct_2023: pd.DataFrame) -> None:
    published = oct_2023[oct_2023["dimension"] == "legal_status"].set_index("category")
    # 753 published Former Relevant - 145 Qualifying = 608, so the columns compare like with like.
    assert published.loc["Former Relevant", "published_count"] == 608
    assert "753" in published.loc["Former Relevant", "published_note"]
    assert published.loc["Qualifying", "published_count"] == 145
    assert cohort.published_total(cohort.published_profile()) == 936


@pytest.mark.parametrize(
    ("dimension", "category", "published_percent"),
    [
        # Commissioning Plan 4.1 shares: 58% in county, 41% out of county, 1% unknown, 66% male,
        # 19% disabled, 70% White.
        ("location", "In county", 58),
        ("location", "Out of county", 41),
        ("location", "Unknown", 1),
        ("sex", "Male", 66),
        ("disability", "Disabled", 19),
        ("ethnicity_group", "White", 70),
    ],
)
def test_published_shares_sit_beside_the_computed_ones(oct_2023: pd.DataFrame, dimension: str, category: str, published_percent: float) -> None:
    row = oct_2023[(oct_2023["dimension"] == dimension) & (oct_2023["category"] == category)].iloc[0]
    assert row["published_percent"] == published_percent
    assert round(row["percent"]) == published_percent


def test_custody_and_university_match_the_figures_quoted(oct_2023: pd.DataFrame) -> None:
    # Commissioning Plan 4.1: 5 care leavers over 18 in custody; 2.4: 27 at university.
    assert counts(oct_2023, "in_custody")["In custody"] == 5
    assert counts(oct_2023, "at_university")["At university"] == 27
    shown = cohort.suppressed_profile(oct_2023).set_index(["dimension", "category"])
    # Five is not below the threshold of 5, so it is shown.
    assert shown.loc[("in_custody", "In custody"), "care_leavers"] == 5


def test_every_dimension_partitions_the_cohort(oct_2023: pd.DataFrame) -> None:
    totals = oct_2023.groupby("dimension")["care_leavers"].sum()
    assert set(totals) == {936}
    assert oct_2023.groupby("dimension")["percent"].sum().round(6).eq(100).all()


def test_totals_reconcile_with_the_overview(options: cohort.FilterOptions) -> None:
    summary = cohort.cohort_summary()
    trend = cohort.cohort_trend().set_index("snapshot_date")["care_leavers"]
    assert cohort.profile_total(cohort.cohort_profile(CohortFilters(summary.latest_date))) == summary.latest_count
    for snapshot in options.snapshot_dates[::5]:
        profile = cohort.cohort_profile(CohortFilters(snapshot))
        assert cohort.profile_total(profile) == trend[snapshot]
        overview = cohort.cohort_by_age_band(snapshot)
        assert counts(profile, "age_band") == dict(zip(overview["age_band"], overview["care_leavers"]))


def test_the_trend_reconciles_with_the_overview() -> None:
    totals = cohort.trend_totals(cohort.cohort_trend_by_age_band(CohortFilters(cohort.cohort_summary().latest_date)))
    overview = cohort.cohort_trend()
    assert totals["snapshot_date"].tolist() == overview["snapshot_date"].tolist()
    assert totals["care_leavers"].tolist() == overview["care_leavers"].tolist()


@pytest.mark.parametrize(
    ("filters", "expected_total"),
    [
        # Each filter's total is the matching count in the unfiltered breakdown.
        (dict(uasc=True), ("uasc", "Former UASC")),
        (dict(uasc=False), ("uasc", "Not UASC")),
        (dict(location="In county"), ("location", "In county")),
        (dict(location="Out of county"), ("location", "Out of county")),
        (dict(location="Unknown"), ("location", "Unknown")),
        (dict(age_band="16-17"), ("age_band", "16-17")),
        (dict(age_band="25 (Other)"), ("age_band", "25 (Other)")),
    ],
)
def test_a_filter_total_equals_its_count_in_the_whole_cohort(oct_2023: pd.DataFrame, filters: dict, expected_total: tuple[str, str]) -> None:
    filtered = cohort.cohort_profile(CohortFilters(OCT_2023, **filters))
    dimension, category = expected_total
    assert cohort.profile_total(filtered) == counts(oct_2023, dimension)[category]
    assert cohort.profile_total(filtered) < 936
    # The filtered dimension keeps only the chosen category.
    assert list(counts(filtered, dimension)) == [category]
    # Published figures describe the whole cohort, so a filtered view shows none.
    assert filtered["published_count"].isna().all() and filtered["published_percent"].isna().all()


@pytest.mark.parametrize("dimension", ["location", "uasc", "age_band"])
def test_filters_partition_the_cohort(oct_2023: pd.DataFrame, options: cohort.FilterOptions, dimension: str) -> None:
    # In county + out of county + unknown = total, and likewise for the other filters.
    choices = {"location": [dict(location=v) for v in options.locations], "uasc": [dict(uasc=True), dict(uasc=False)],
               "age_band": [dict(age_band=v) for v in options.age_bands]}[dimension]
    parts = [cohort.profile_total(cohort.cohort_profile(CohortFilters(OCT_2023, **c))) for c in choices]
    assert sum(parts) == 936


def test_combined_filters_narrow_every_breakdown(oct_2023: pd.DataFrame) -> None:
    young_uasc = cohort.cohort_profile(CohortFilters(OCT_2023, age_band="16-17", uasc=True))
    young = cohort.cohort_profile(CohortFilters(OCT_2023, age_band="16-17"))
    assert cohort.profile_total(young_uasc) == counts(young, "uasc")["Former UASC"]
    # Every 16-17 year old is Eligible or Relevant.
    assert counts(young_uasc, "legal_status")["Former Relevant"] == 0
    assert counts(young_uasc, "legal_status")["Qualifying"] == 0


def test_filtered_trend_matches_the_filtered_snapshot() -> None:
    filters = CohortFilters(OCT_2023, uasc=True, location="Out of county")
    trend = cohort.cohort_trend_by_age_band(filters)
    assert max(trend["snapshot_date"]) == OCT_2023
    at_snapshot = trend[trend["snapshot_date"] == OCT_2023]
    profile = cohort.cohort_profile(filters)
    assert dict(zip(at_snapshot["age_band"], at_snapshot["care_leavers"])) == counts(profile, "age_band")


def test_open_cases_basis_is_16_to_20_without_qualifying() -> None:
    # Footnote 20: open allocated cases count 16-20 year olds and exclude Qualifying.
    trend = cohort.cohort_trend_by_age_band(CohortFilters(OCT_2023))
    basis = int(trend.loc[trend["snapshot_date"] == OCT_2023, "open_cases_basis"].sum())
    expected = 0
    for band in ("16-17", "18-20"):
        profile = cohort.cohort_profile(CohortFilters(OCT_2023, age_band=band))
        expected += cohort.profile_total(profile) - counts(profile, "legal_status")["Qualifying"]
    assert basis == expected


@pytest.mark.parametrize(
    "filters",
    [
        dict(uasc=True),
        dict(location="Unknown"),
        dict(age_band="25 (Other)", uasc=True),
        dict(age_band="16-17", location="Out of county", uasc=True),
    ],
)
def test_small_cells_are_suppressed_in_every_breakdown(filters: dict) -> None:
    profile = cohort.cohort_profile(CohortFilters(OCT_2023, **filters))
    shown = cohort.suppressed_profile(profile)
    small = profile["care_leavers"] < 5
    assert small.any(), "this filter should produce small cells"
    assert (shown.loc[small, "care_leavers"] == SUPPRESSED).all()
    assert (shown.loc[small, "percent"] == SUPPRESSED).all()
    # A lone small cell in a breakdown could be recovered from the total: another is hidden too.
    hidden_per_dimension = shown.groupby("dimension")["suppressed"].sum()
    sizes = shown.groupby("dimension").size()
    assert not ((hidden_per_dimension == 1) & (sizes > 1)).any()
    table = cohort.profile_table(profile)
    assert (table.loc[small.to_numpy(), "Care leavers"] == SUPPRESSED).all()


def test_findings_never_quote_a_suppressed_count() -> None:
    filters = CohortFilters(OCT_2023, uasc=True)
    profile = cohort.cohort_profile(filters)
    custody = counts(profile, "in_custody")["In custody"]
    assert custody < 5
    finding = cohort.dimension_finding(profile, "in_custody", filters.subject())
    assert finding.startswith("Too few") and f"({custody})" not in finding
    assert "in custody" not in cohort.flags_finding(profile, filters.subject()).split(";")[0]


def test_findings_state_the_largest_group_with_the_published_share(oct_2023: pd.DataFrame) -> None:
    assert cohort.dimension_finding(oct_2023, "age_band") == "42% of care leavers are aged 21-24 (published 42% in Oct 2023)"
    assert cohort.dimension_finding(oct_2023, "in_custody") == "0.5% of care leavers (5) are in custody (published 5 in Dec 2023)"
    note = cohort.legal_status_note(oct_2023, cohort.published_profile(), OCT_2023)
    assert "608 Former Relevant and 145 Qualifying care leavers (753 together)" in note


@pytest.mark.parametrize(
    ("care_leavers", "aged_16_20", "basis", "shown_total", "shown_basis"),
    [
        (4, 4, 4, SUPPRESSED, SUPPRESSED),  # totals below 5
        (120, 60, 50, 120, 50),  # 10 Qualifying left out: safe
        (120, 60, 57, 120, SUPPRESSED),  # 3 Qualifying left out would be recoverable from the bands
        (120, 0, 0, 120, SUPPRESSED),  # nobody aged 16-20 (a 21+ filter)
    ],
)
def test_trend_totals_hide_small_numbers(care_leavers: int, aged_16_20: int, basis: int, shown_total: object, shown_basis: object) -> None:
    totals = pd.DataFrame({"snapshot_date": [OCT_2023], "care_leavers": [care_leavers], "aged_16_20": [aged_16_20], "open_cases_basis": [basis]})
    shown = cohort.suppressed_totals(totals)
    assert shown["care_leavers"].tolist() == [shown_total]
    assert shown["open_cases_basis"].tolist() == [shown_basis]


def test_trend_finding_needs_five_at_each_end() -> None:
    totals = pd.DataFrame({"snapshot_date": [dt.date(2020, 4, 1), OCT_2023], "care_leavers": [4, 12]})
    assert cohort.trend_finding(totals).startswith("Too few")


def test_trend_table_is_an_aggregate_with_small_cells_hidden() -> None:
    trend = cohort.cohort_trend_by_age_band(CohortFilters(OCT_2023, uasc=True, location="Unknown"))
    table = cohort.trend_table(trend)
    assert list(table.columns) == ["snapshot_date", "16-17", "18-20", "21-24", "25 (Other)", "total", "aged_16_20_not_qualifying"]
    values = table.drop(columns="snapshot_date").to_numpy().ravel()
    assert SUPPRESSED in values
    assert all(v == SUPPRESSED or int(v) >= 5 for v in values)


def test_open_allocated_cases_growth_is_the_published_21_3_percent() -> None:
    change = cohort.open_cases_change()
    # Commissioning Plan 4.1 footnote 20: 394 in April 2020 to 478 in December 2023, +21.3%.
    assert (change.before, change.after, change.printed_growth) == (394, 478, 21.3)
    # By hand: (478 - 394) / 394 = 21.32%.
    assert change.recomputed_growth == pytest.approx(21.32, abs=0.01)
    assert change.consistent


def test_children_in_care_growth_as_printed_does_not_follow_from_its_pair() -> None:
    change = cohort.children_in_care_change()
    # Commissioning Plan 4.1 and footnote 15: 659 in March 2018, 765 in October 2023, printed +10.5%
    # against c.16% nationally. By hand (765 - 659) / 659 = 16.1%, so the printed local figure must
    # be measured to another date; the page says so rather than repeating it.
    assert (change.before, change.after, change.printed_growth) == (659, 765, 10.5)
    assert change.recomputed_growth == pytest.approx(16.08, abs=0.01)
    assert not change.consistent
    national = cohort.national_children_in_care_growth()
    assert national == 16
    finding = cohort.children_in_care_finding(change, national)
    assert "+10.5%" in finding and "+16.1%" in finding and "728" in finding


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (dt.date(2021, 12, 1), dt.date(2022, 1, 1)),  # the report's +40% starts in December 2021
        (dt.date(2023, 12, 1), dt.date(2024, 1, 1)),  # open allocated cases in December 2023
        (dt.date(2020, 4, 1), dt.date(2020, 4, 1)),
        (dt.date(2021, 11, 16), dt.date(2022, 1, 1)),  # 46 days either side: the later one
        (dt.date(2019, 1, 1), dt.date(2020, 4, 1)),
    ],
)
def test_nearest_snapshot(options: cohort.FilterOptions, target: dt.date, expected: dt.date) -> None:
    assert cohort.nearest_snapshot(target, options.snapshot_dates) == expected


@pytest.mark.parametrize(
    ("filters", "subject"),
    [
        (dict(), "care leavers"),
        (dict(uasc=True), "former-UASC care leavers"),
        (dict(uasc=False, age_band="18-20"), "care leavers aged 18-20 (not former UASC)"),
        (dict(uasc=True, age_band="16-17", location="In county"), "former-UASC care leavers aged 16-17 living in the county"),
        (dict(location="Unknown"), "care leavers whose whereabouts are unknown"),
    ],
)
def test_subject_describes_the_filters(filters: dict, subject: str) -> None:
    assert CohortFilters(OCT_2023, **filters).subject() == subject


def test_no_record_level_columns_leave_the_analytics(oct_2023: pd.DataFrame) -> None:
    frames = [
        oct_2023, cohort.profile_table(oct_2023), cohort.trend_table(cohort.cohort_trend_by_age_band(CohortFilters(OCT_2023))),
    ]
    for frame in frames:
        assert not {c.lower() for c in frame.columns} & {"person_id", "birth_month", "child", "dob"}
