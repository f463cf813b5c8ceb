"""The synthetic cohort reproduces the published figures it is calibrated to.

Every published number is written out here with where it came from, and the KPIs are computed with
plain pandas from the SSDA903 rules (domain notes 2), not with anything inside ``data.synthetic``.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pandas as pd
import pytest

from analytics import config
from data import synthetic

LINCOLNSHIRE = config.load(config.PACKS_DIR / "lincolnshire")
# The reference pack's snapshot window: quarterly from April 2020 to January 2024.
SNAPSHOT_DATES = synthetic.quarterly_dates(dt.date(2020, 4, 1), dt.date(2024, 1, 1))

OCT_2023 = dt.date(2023, 10, 1)

IN_TOUCH = {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}
EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
ACTIV = EET | {"G4", "G5", "G6", "0"}
ACCOM = re.compile(r"^(0|[BCDEGHKRSTUVWXYZ][12])$")

# Commissioning Plan 2.4 Table 2, periods 2020-21 Q4, 2021-22 Q4, 2022-23 Q4 and 2023-24 Q2,
# read at the quarter-end snapshots 2021-04-01, 2022-04-01, 2023-04-01 and 2023-10-01.
PERIOD_SNAPSHOTS = {
    "2020-21 Q4": dt.date(2021, 4, 1),
    "2021-22 Q4": dt.date(2022, 4, 1),
    "2022-23 Q4": dt.date(2023, 4, 1),
    "2023-24 Q2": dt.date(2023, 10, 1),
}
TABLE_2 = {
    "kit": (96.5, 96.5, 95.5, 94.5),
    "eet_16_18": (65, 60, 55, 44),
    "eet_19": (62, 60, 50, 44),
    "eet_19_21": (54, 59, 56, 50),
    "accom_16_18": (94, 86, 89, 88),
    "accom_19": (94, 94, 92, 91),
    "accom_19_21": (94, 95, 92, 92),
    "pathway_plans": (88, 94, 96, 92),
}
KPI_AGES = {
    "kit": (16, 21), "eet_16_18": (16, 18), "eet_19": (19, 19), "eet_19_21": (19, 21),
    "accom_16_18": (16, 18), "accom_19": (19, 19), "accom_19_21": (19, 21), "pathway_plans": (16, 21),
}
TABLE_2_CELLS = [
    (kpi, period, value)
    for kpi, values in TABLE_2.items()
    for period, value in zip(PERIOD_SNAPSHOTS, values)
]


@pytest.fixture(scope="module")
def data() -> synthetic.SyntheticData:
    return synthetic.generate(LINCOLNSHIRE)


@pytest.fixture(scope="module")
def rows(data: synthetic.SyntheticData) -> pd.DataFrame:
    """Snapshots with each person's fixed characteristics alongside."""
    return data.snapshots.merge(data.care_leavers, on="person_id", how="left", validate="many_to_one")


@pytest.fixture(scope="module")
def oct23(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["snapshot_date"] == OCT_2023]


def kpi_value(snap: pd.DataFrame, kpi_id: str) -> float:
    lo, hi = KPI_AGES[kpi_id]
    base = snap[snap["age"].between(lo, hi) & ~snap["in_touch"].isin(["DIED", "RHOM"])]
    if kpi_id == "kit":
        hit = base["in_touch"] == "YES"
    elif kpi_id.startswith("eet"):
        hit = base["activ"].isin(EET)
    elif kpi_id.startswith("accom"):
        base = base[~base["accom"].str[0].isin(["G", "H", "R"])]
        hit = base["accom"].str.endswith("1")
    else:
        base = base[base["legal_status"].isin(["Eligible", "Relevant", "Former Relevant"])]
        hit = base["pathway_plan_up_to_date"]
    assert len(base) > 0
    return 100 * hit.sum() / len(base)


# --- the published cohort, October 2023 ---


def test_oct_2023_cohort_by_age_band_is_exact(oct23: pd.DataFrame) -> None:
    # Commissioning Plan 4.1 (ChAT Oct-2023): 183 aged 16-17, 286 aged 18-20, 394 aged 21-24 and
    # 73 'Other' aged 25; 936 in all.
    bands = pd.cut(oct23["age"], [15, 17, 20, 24, 25], labels=["16-17", "18-20", "21-24", "25"])
    assert bands.value_counts().to_dict() == {"16-17": 183, "18-20": 286, "21-24": 394, "25": 73}
    assert len(oct23) == 936


def test_oct_2023_cohort_by_legal_status_is_exact(oct23: pd.DataFrame) -> None:
    # Commissioning Plan 4.1: 173 Eligible, 10 Relevant, 753 Former Relevant including 145 Qualifying
    # (footnote 16), so 608 Former Relevant and 145 Qualifying in our separate categories.
    assert oct23["legal_status"].value_counts().to_dict() == {
        "Eligible": 173, "Relevant": 10, "Former Relevant": 608, "Qualifying": 145,
    }


@pytest.mark.parametrize(("age", "published"), [(16, 23.5), (17, 37), (18, 36), (19, 22), (20, 16), (21, 20)])
def test_oct_2023_uasc_share_by_age_within_one_point(oct23: pd.DataFrame, age: int, published: float) -> None:
    # Commissioning Plan 4.1 Table 5: former-UASC share of care leavers by age, Oct-2023.
    share = 100 * oct23.loc[oct23["age"] == age, "uasc"].mean()
    assert abs(share - published) <= 1, share


def test_oct_2023_uasc_share_of_whole_cohort(oct23: pd.DataFrame) -> None:
    # Commissioning Plan 4.1: former-UASC are c.25% of the cohort.
    assert abs(100 * oct23["uasc"].mean() - 25) <= 1


def test_former_uasc_grew_about_40_percent_since_dec_2021(rows: pd.DataFrame) -> None:
    # Commissioning Plan 4.1: a 40% increase in former-UASC care leavers from Dec-2021 to Oct-2023.
    uasc = rows[rows["uasc"]].groupby("snapshot_date").size()
    growth = 100 * (uasc[OCT_2023] / uasc[dt.date(2022, 1, 1)] - 1)
    assert 30 <= growth <= 50, growth


@pytest.mark.parametrize(
    ("column", "category", "published"),
    [
        # Commissioning Plan 4.1 (LLCS Q2 2023-24): 58% in county, 41% out of county, 1% unknown.
        ("location", "In county", 58),
        ("location", "Out of county", 41),
        ("location", "Unknown", 1),
        # Commissioning Plan 4.1: 66% male, 19% disabled, 70% White.
        ("sex", "Male", 66),
        ("disability", True, 19),
        ("ethnicity_group", "White", 70),
    ],
)
def test_oct_2023_shares_round_to_published(oct23: pd.DataFrame, column: str, category: object, published: int) -> None:
    count = int((oct23[column] == category).sum())
    assert round(100 * count / len(oct23)) == published
    # The count is the nearest whole number of people to the published share.
    assert count == int(published / 100 * len(oct23) + 0.5)


def test_oct_2023_university_and_custody(oct23: pd.DataFrame) -> None:
    # Commissioning Plan 2.4: 27 care leavers at university, 4 of them former-UASC.
    uni = oct23[oct23["at_university"]]
    assert len(uni) == 27
    assert int(uni["uasc"].sum()) == 4
    assert uni["age"].min() >= 18
    assert uni["activ"].isin(["F1", "P1"]).all()
    # Commissioning Plan 4.1: 5 care leavers over 18 in custody.
    custody = oct23[oct23["in_custody"]]
    assert len(custody) == 5
    assert custody["age"].min() >= 18


# --- Table 2 KPIs ---


@pytest.mark.parametrize(("kpi_id", "period", "published"), TABLE_2_CELLS)
def test_table_2_kpi_within_one_point(rows: pd.DataFrame, kpi_id: str, period: str, published: float) -> None:
    # Commissioning Plan 2.4 Table 2 (LLCS KPI summary, JET data).
    snap = rows[rows["snapshot_date"] == PERIOD_SNAPSHOTS[period]]
    value = kpi_value(snap, kpi_id)
    assert abs(value - published) <= 1, f"{kpi_id} {period}: {value:.2f} vs published {published}"


def test_table_2_has_32_cells() -> None:
    # Commissioning Plan 2.4 Table 2: 8 KPIs x 4 periods.
    assert len(TABLE_2_CELLS) == 32


def test_kpis_between_published_periods_stay_plausible(rows: pd.DataFrame) -> None:
    # Between and around the published periods the rates are interpolated: no quarter should jump
    # outside the range Table 2 spans by more than a few points.
    for kpi_id, values in TABLE_2.items():
        series = [kpi_value(rows[rows["snapshot_date"] == d], kpi_id) for d in SNAPSHOT_DATES]
        assert min(values) - 3 <= min(series) and max(series) <= max(values) + 3, (kpi_id, series)


# --- shape and codes ---


def test_snapshot_dates() -> None:
    dates = SNAPSHOT_DATES
    assert len(dates) == 16
    assert dates[0] == dt.date(2020, 4, 1) and dates[-1] == dt.date(2024, 1, 1)
    assert all(d.day == 1 and d.month in (1, 4, 7, 10) for d in dates)
    assert list(dates) == sorted(dates)


def test_columns_and_types(data: synthetic.SyntheticData) -> None:
    people, snaps = data.care_leavers, data.snapshots
    assert list(people.columns) == [
        "person_id", "birth_month", "sex", "disability", "ethnicity_group", "uasc", "entry_date", "qualifying",
    ]
    assert list(snaps.columns) == [
        "snapshot_date", "person_id", "age", "legal_status", "location", "in_custody", "at_university",
        "in_touch", "activ", "accom", "pathway_plan_up_to_date",
    ]
    for frame, column in [(people, "birth_month"), (people, "entry_date"), (snaps, "snapshot_date")]:
        assert all(type(v) is dt.date for v in frame[column]), column
    for frame, column in [(people, "disability"), (people, "uasc"), (people, "qualifying"),
                          (snaps, "in_custody"), (snaps, "at_university"), (snaps, "pathway_plan_up_to_date")]:
        assert frame[column].dtype == bool, column
    assert pd.api.types.is_integer_dtype(snaps["age"])
    assert people["person_id"].str.fullmatch(r"SYN-\d{6}").all()
    assert people["person_id"].is_unique


def test_every_snapshot_is_populated_and_the_cohort_grows(data: synthetic.SyntheticData) -> None:
    sizes = data.snapshots.groupby("snapshot_date").size()
    assert list(sizes.index) == list(SNAPSHOT_DATES)
    assert sizes.iloc[0] < sizes[OCT_2023] < sizes.iloc[-1]
    assert 940 <= sizes.iloc[-1] <= 990


def test_16_to_20s_grow_about_a_fifth(data: synthetic.SyntheticData) -> None:
    # Commissioning Plan 4.1 footnote 20: open allocated 16-20 cases rose 21.3%, Apr-2020 to Dec-2023.
    young = data.snapshots[data.snapshots["age"].between(16, 20)].groupby("snapshot_date").size()
    growth = 100 * (young[dt.date(2024, 1, 1)] / young[dt.date(2020, 4, 1)] - 1)
    assert 12 <= growth <= 30, growth


def test_person_fields(data: synthetic.SyntheticData) -> None:
    people = data.care_leavers
    assert (people["birth_month"].map(lambda d: d.day) == 1).all()
    assert set(people["sex"]) <= {"Male", "Female"}
    assert set(people["ethnicity_group"]) <= {"White", "Mixed", "Asian", "Black", "Other"}
    # The report: all former-UASC have Former Relevant status, never Qualifying.
    assert not (people["uasc"] & people["qualifying"]).any()
    # Former-UASC are overwhelmingly male (reference figures: 87 of 89 UASC in care).
    assert people.loc[people["uasc"], "sex"].eq("Male").mean() >= 0.95


def test_no_person_twice_in_a_snapshot(data: synthetic.SyntheticData) -> None:
    assert not data.snapshots.duplicated(["snapshot_date", "person_id"]).any()
    assert set(data.snapshots["person_id"]) <= set(data.care_leavers["person_id"])


def test_cohort_membership_rule(rows: pd.DataFrame, data: synthetic.SyntheticData) -> None:
    # In the cohort at a snapshot exactly when entered by then and aged 16-25.
    assert (rows["entry_date"] <= rows["snapshot_date"]).all()
    assert rows["age"].between(16, 25).all()
    born = rows["birth_month"]
    snap = rows["snapshot_date"]
    expected_age = [s.year - b.year - (s.month < b.month) for s, b in zip(snap, born)]
    assert rows["age"].tolist() == expected_age
    expected = 0
    for d in SNAPSHOT_DATES:
        ages = [d.year - b.year - (d.month < b.month) for b in data.care_leavers["birth_month"]]
        expected += sum(
            1 for a, e in zip(ages, data.care_leavers["entry_date"]) if 16 <= a <= 25 and e <= d
        )
    assert expected == len(rows)


def test_codes_are_valid_ssda903(data: synthetic.SyntheticData) -> None:
    snaps = data.snapshots
    assert set(snaps["in_touch"]) <= IN_TOUCH
    assert set(snaps["activ"]) <= ACTIV
    assert snaps["accom"].str.match(ACCOM).all()
    assert set(snaps["legal_status"]) <= {"Eligible", "Relevant", "Former Relevant", "Qualifying"}
    assert set(snaps["location"]) <= {"In county", "Out of county", "Unknown"}


def test_cross_field_rules(rows: pd.DataFrame) -> None:
    gone = rows["in_touch"].isin(["DIED", "RHOM"])
    assert (rows.loc[gone, "activ"] == "0").all() and (rows.loc[gone, "accom"] == "0").all()
    yes = rows["in_touch"] == "YES"
    assert (rows.loc[yes, "activ"] != "0").all() and (rows.loc[yes, "accom"] != "0").all()
    letter = rows["accom"].str[0]
    assert not ((letter == "Z") & (rows["age"] <= 17)).any()
    assert not ((letter == "T") & (rows["age"] < 18)).any()
    assert rows.loc[rows["in_custody"], "accom"].isin(["X1", "X2"]).all()
    assert not ((letter == "X") & ~rows["in_custody"]).any()
    assert not (rows["at_university"] & ~rows["activ"].isin(["F1", "P1"])).any()


def test_legal_status_follows_age(rows: pd.DataFrame) -> None:
    young = rows["age"] <= 17
    assert rows.loc[young, "legal_status"].isin(["Eligible", "Relevant"]).all()
    adult = rows.loc[~young]
    assert (adult["legal_status"] == adult["qualifying"].map({True: "Qualifying", False: "Former Relevant"})).all()
    assert not rows.loc[rows["legal_status"] == "Qualifying", "pathway_plan_up_to_date"].any()


def test_once_died_always_died(data: synthetic.SyntheticData) -> None:
    snaps = data.snapshots.sort_values(["person_id", "snapshot_date"])
    died = snaps["in_touch"].eq("DIED").groupby(snaps["person_id"]).cummax()
    assert (snaps.loc[died, "in_touch"] == "DIED").all()
    # A handful, not a pattern.
    assert 1 <= snaps.loc[snaps["in_touch"] == "DIED", "person_id"].nunique() <= 10


def test_people_mostly_keep_their_status_between_quarters(data: synthetic.SyntheticData) -> None:
    snaps = data.snapshots.sort_values(["person_id", "snapshot_date"])
    previous = snaps.groupby("person_id")[["location", "legal_status"]].shift()
    known = previous["location"].notna()
    assert (snaps.loc[known, "location"] == previous.loc[known, "location"]).mean() >= 0.8
    assert (snaps.loc[known, "legal_status"] == previous.loc[known, "legal_status"]).mean() >= 0.8


def test_generation_is_deterministic_and_fast(data: synthetic.SyntheticData) -> None:
    start = time.perf_counter()
    again = synthetic.generate()
    assert time.perf_counter() - start < 5
    pd.testing.assert_frame_equal(again.care_leavers, data.care_leavers)
    pd.testing.assert_frame_equal(again.snapshots, data.snapshots)


def test_a_different_seed_gives_different_people_but_the_same_calibration() -> None:
    other = synthetic.generate(seed=7)
    snaps = other.snapshots.merge(other.care_leavers, on="person_id")
    oct23 = snaps[snaps["snapshot_date"] == OCT_2023]
    # Commissioning Plan 4.1: 936 care leavers in Oct-2023.
    assert len(oct23) == 936
    # Commissioning Plan 2.4 Table 2: EET at 19, 2023-24 Q2, 44%.
    assert abs(kpi_value(oct23, "eet_19") - 44) <= 1
    assert not other.care_leavers["birth_month"].equals(synthetic.generate().care_leavers["birth_month"])


def test_quarterly_dates_run_every_three_months_inclusive() -> None:
    assert len(SNAPSHOT_DATES) == 16
    assert (SNAPSHOT_DATES[0], SNAPSHOT_DATES[-1]) == (dt.date(2020, 4, 1), dt.date(2024, 1, 1))
    assert synthetic.quarterly_dates(dt.date(2023, 11, 1), dt.date(2024, 2, 1)) == (dt.date(2023, 11, 1), dt.date(2024, 2, 1))


def test_a_pack_without_kpi_periods_calibrates_to_the_dates_its_labels_stand_for(tmp_path, data: synthetic.SyntheticData) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(config.PACKS_DIR / "lincolnshire", pack)
    (pack / "kpi_periods.csv").unlink()
    # 2020-21 Q4 ends 31 March 2021, read at the 1 April snapshot: the dates kpi_periods.csv gives.
    again = synthetic.generate(config.load(pack))
    pd.testing.assert_frame_equal(again.snapshots, data.snapshots)
