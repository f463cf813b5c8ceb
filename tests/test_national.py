"""National benchmarks (analytics/national.py, analytics/national_release.py): DfE's published figures
read back exactly, suppression markers never turned into numbers, neighbour averages worked by hand.

Every expected number below was read by hand from the raw DfE files in ../shared/data/dfe (the file
and row are named in a comment), not computed by the code under test."""

from __future__ import annotations

import csv
import doctest
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import national, national_release
from viz import benchmark as benchmark_viz

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT.parent / "shared" / "data" / "dfe"
LINCOLNSHIRE, CUMBERLAND, ENGLAND = 925, 942, 970


def _outcome(con: duckdb.DuckDBPyConnection, dataset: str, year: int, area: int, age: str, category: str, statistic: str) -> tuple:
    return con.execute(
        "SELECT value, marker FROM national_outcomes WHERE dataset = ? AND year = ? AND area_code = ? AND age_group = ? "
        "AND category = ? AND statistic = ?",
        [dataset, year, area, age, category, statistic],
    ).fetchone()


def _lait(con: duckdb.DuckDBPyConnection, code: str, period: str, area: int) -> tuple:
    return con.execute(
        "SELECT value, marker, year FROM national_lait WHERE measure_code = ? AND period = ? AND area_code = ?", [code, period, area]
    ).fetchone()


@pytest.fixture(scope="module")
def con(store: Path):
    c = duckdb.connect(str(store), read_only=True)
    yield c
    c.close()


# --------------------------------------------------------------------------- published values read back exactly


@pytest.mark.parametrize(
    ("dataset", "year", "area", "age", "category", "number", "percentage"),
    [
        # ees_la_care_leavers_activity.csv: 2024, Lincolnshire (925), Aged 19 to 21, "Total in education, employment or training",136,50
        ("activity", 2024, LINCOLNSHIRE, "19 to 21", "Total in education, employment or training", 136, 50),
        # same file: 2024, Lincolnshire, Aged 17 to 18, "Total in education, employment or training",71,55
        ("activity", 2024, LINCOLNSHIRE, "17 to 18", "Total in education, employment or training", 71, 55),
        # same file: 2024, Lincolnshire, Aged 19 to 21, "Total not in education, employment or training",123,45
        ("activity", 2024, LINCOLNSHIRE, "19 to 21", "Total not in education, employment or training", 123, 45),
        # ees_la_care_leavers_accommodation_suitability.csv: 2023, Lincolnshire, 19 to 21 years, Accommodation considered suitable,248,90
        ("accommodation", 2023, LINCOLNSHIRE, "19 to 21", "Accommodation considered suitable", 248, 90),
        # ees_la_care_leavers_intouch.csv: 2024, Lincolnshire, Aged 17 to 18, Local authority in touch with care leaver,122,94
        ("in_touch", 2024, LINCOLNSHIRE, "17 to 18", "Local authority in touch with care leaver", 122, 94),
        # ees_la_care_leavers_activity.csv: 2024, National, Aged 17 to 18, Education other than higher education,6810,48
        ("activity", 2024, ENGLAND, "17 to 18", "Education other than higher education", 6810, 48),
        # same file: 2024, National, Aged 19 to 21, "Total in education, employment or training",19550,54
        ("activity", 2024, ENGLAND, "19 to 21", "Total in education, employment or training", 19550, 54),
        # ees_la_care_leavers_accommodation_suitability.csv: 2024, National, 17 to 18 years, Accommodation considered suitable,12880,91
        ("accommodation", 2024, ENGLAND, "17 to 18", "Accommodation considered suitable", 12880, 91),
        # ees_la_care_leavers_intouch.csv: 2024, National, Aged 17 to 18, Local authority in touch with care leaver,13370,94
        ("in_touch", 2024, ENGLAND, "17 to 18", "Local authority in touch with care leaver", 13370, 94),
    ],
)
def test_statistics_release_values_read_back_exactly(con, dataset, year, area, age, category, number, percentage) -> None:
    assert _outcome(con, dataset, year, area, age, category, "number") == (number, None)
    assert _outcome(con, dataset, year, area, age, category, "percentage") == (percentage, None)


@pytest.mark.parametrize(
    ("code", "period", "area", "value", "year"),
    [
        # lait_care_leaver_measures.csv: LeaveCareSupServTotExp,2024-25,Lincolnshire,925,East Midlands,6501496
        ("LeaveCareSupServTotExp", "2024-25", LINCOLNSHIRE, 6501496, 2025),
        # LeaveCareSupServTotExp,2023-24,Lincolnshire,925,East Midlands,4881117
        ("LeaveCareSupServTotExp", "2023-24", LINCOLNSHIRE, 4881117, 2024),
        # NoCareLeavers,2025,Lincolnshire,925,East Midlands,313
        ("NoCareLeavers", "2025", LINCOLNSHIRE, 313, 2025),
        # StayingPut,2024,Lincolnshire,925,East Midlands,21
        ("StayingPut", "2024", LINCOLNSHIRE, 21, 2024),
        # CareLeaverEET,2023,England,970,NA,56 (the 56% the Commissioning Plan quotes for England in 2023)
        ("CareLeaverEET", "2023", ENGLAND, 56, 2023),
        # NoCareLeavers,2025,England,970,NA,38190
        ("NoCareLeavers", "2025", ENGLAND, 38190, 2025),
        # LeaveCareSupServTotExp,2024-25,England,970,NA,817159484
        ("LeaveCareSupServTotExp", "2024-25", ENGLAND, 817159484, 2025),
    ],
)
def test_lait_values_read_back_exactly(con, code, period, area, value, year) -> None:
    assert _lait(con, code, period, area) == (value, None, year)


def test_comparator_series_gives_lincolnshire_region_and_england_as_published() -> None:
    s = national.comparator_series(LINCOLNSHIRE, "eet_19_21")
    assert list(s.columns[:7]) == national.SERIES_COLUMNS
    row = s[s["year"] == 2024].set_index("area_type")
    # ees_la_care_leavers_activity.csv, 2024, Aged 19 to 21, "Total in education, employment or training":
    # Lincolnshire 50; East Midlands (E12000004) 54; National 54.
    assert row.loc["la", "value"] == 50
    assert (row.loc["region", "area"], row.loc["region", "value"]) == ("East Midlands", 54)
    assert row.loc["england", "value"] == 54
    assert set(s["area_type"]) == {"la", "neighbours", "region", "england"}
    assert s["basis"].str.contains("birthday").all()


def test_spend_per_care_leaver_divides_financial_year_spend_by_the_same_years_count() -> None:
    s = national.comparator_series(LINCOLNSHIRE, "spend_per_care_leaver")
    la = s[(s["area_type"] == "la")].set_index("year")["value"]
    # 2024-25 spend 6,501,496 over the 2025 count of 313; 2023-24 spend 4,881,117 over the 2024 count of 273.
    assert la[2025] == pytest.approx(6501496 / 313)
    assert la[2024] == pytest.approx(4881117 / 273)
    eng = s[(s["area_type"] == "england")].set_index("year")["value"]
    # England: 817,159,484 over 38,190.
    assert eng[2025] == pytest.approx(817159484 / 38190)


# --------------------------------------------------------------------------- suppression markers


def _raw_cells(file: str, columns: tuple[str, ...]) -> list[str]:
    with open(RAW / file, newline="", encoding="utf-8") as handle:
        return [row[c] for row in csv.DictReader(handle) for c in columns]


@pytest.mark.parametrize("dataset", list(national_release.EES_FILES))
def test_every_suppressed_cell_stays_a_marker_with_no_value(con, dataset: str) -> None:
    file = national_release.EES_FILES[dataset][0]
    raw = _raw_cells(file, ("number", "percentage"))
    stored = dict(con.execute(
        "SELECT coalesce(marker, 'number'), count(*) FROM national_outcomes WHERE dataset = ? GROUP BY ALL", [dataset]
    ).fetchall())
    for symbol in ("c", "z", "k"):
        assert stored.get(symbol, 0) == raw.count(symbol), symbol
    zeros = con.execute("SELECT count(*) FROM national_outcomes WHERE dataset = ? AND value = 0", [dataset]).fetchone()[0]
    assert zeros == raw.count("0"), "a zero is stored only where DfE printed 0"
    assert con.execute("SELECT count(*) FROM national_outcomes WHERE marker IS NOT NULL AND value IS NOT NULL").fetchone()[0] == 0


def test_lait_dashes_stay_markers(con) -> None:
    raw = _raw_cells("lait_care_leaver_measures.csv", ("value",))
    stored = con.execute("SELECT count(*) FROM national_lait WHERE marker = '-' AND value IS NULL").fetchone()[0]
    assert stored == raw.count("-") == 2034


def test_a_suppressed_lincolnshire_cell_is_c_not_zero(con) -> None:
    # ees_la_care_leavers_activity.csv: 2024, Lincolnshire, Aged 17 to 18, Higher education i.e. studies beyond A level,c,c
    category = "Higher education i.e. studies beyond A level"
    assert _outcome(con, "activity", 2024, LINCOLNSHIRE, "17 to 18", category, "number") == (None, "c")
    assert _outcome(con, "activity", 2024, LINCOLNSHIRE, "17 to 18", category, "percentage") == (None, "c")


@pytest.mark.parametrize(("text", "expected"), [
    ("c", (None, "c")), ("z", (None, "z")), ("x", (None, "x")), ("k", (None, "k")), ("low", (None, "low")),
    ("-", (None, "-")), ("0", (0.0, None)), ("12", (12.0, None)), ("12.5", (12.5, None)),
])
def test_split_value_keeps_symbols_as_written(text: str, expected: tuple) -> None:
    assert national_release.split_value(text, file="f.csv", row=2, column="number") == expected


@pytest.mark.parametrize("text", ["", "n/a", "1,234", "12%", "zero"])
def test_split_value_refuses_other_text_naming_file_row_column_and_value(text: str) -> None:
    with pytest.raises(national_release.ReleaseError) as err:
        national_release.split_value(text, file="ees_x.csv", row=17, column="percentage")
    assert "ees_x.csv, row 17, column percentage" in str(err.value) and repr(text) in str(err.value)


def test_an_authoritys_own_suppressed_figure_stays_c_in_its_series_and_benchmark() -> None:
    # ees_la_care_leavers_activity.csv: 2024, City of London (201), Aged 17 to 18, "Total in education, employment or
    # training",c,c
    s = national.comparator_series(201, "eet_17_18")
    own = s[(s["area_type"] == "la") & (s["year"] == 2024)].iloc[0]
    assert pd.isna(own["value"]) and own["marker"] == "c"
    b = national.benchmark(201, "eet_17_18", 2024)
    assert b.own_value is None and b.own_marker == "c" and b.rank is None
    assert "no published figure" in b.finding and "suppressed" in b.finding


# --------------------------------------------------------------------------- neighbour averages


def test_neighbour_average_on_a_hand_worked_example() -> None:
    # Neighbours 1-4 in 2024: 50, suppressed, 41, no row at all (not an authority that year).
    # Mean of the two with a figure: (50 + 41) / 2 = 45.5; one suppressed, one otherwise missing.
    values = pd.DataFrame({
        "year": [2024, 2024, 2024, 2023], "area_code": [1, 2, 3, 1],
        "value": [50.0, None, 41.0, 60.0], "marker": [None, "c", None, None],
    })
    avg = national.neighbour_average(values, [1, 2, 3, 4]).set_index("year")
    assert avg.loc[2024].to_dict() == {"value": 45.5, "with_value": 2, "suppressed": 1, "other_missing": 1, "total": 4}
    assert avg.loc[2023, "value"] == 60.0 and avg.loc[2023, "with_value"] == 1


def test_lincolnshire_neighbour_average_eet_19_21_2024_by_hand() -> None:
    # statistical_neighbours_2025.csv row 925: 888,384,884,813,926,935,332,940,830,933. Their 2024 EET 19-21
    # percentages in ees_la_care_leavers_activity.csv: 46,52,49,60,59,54,45,30,66,55 -> 516 / 10 = 51.6.
    b = national.benchmark(LINCOLNSHIRE, "eet_19_21", 2024)
    assert b.average["value"] == pytest.approx(51.6)
    assert (b.average["with_value"], b.average["suppressed"], b.average["total"]) == (10, 0, 10)


def test_lincolnshire_neighbour_average_leaves_out_a_suppressed_neighbour() -> None:
    # NEET 17-18 in 2024 (same file, "Total not in education, employment or training", Aged 17 to 18): Lancashire 38,
    # North Lincolnshire c, Wakefield 34, North Northamptonshire 35, Derbyshire 22, Herefordshire 37, Dudley 33,
    # Norfolk 24, Suffolk 33, Somerset 40 -> 296 / 9 with one suppressed.
    b = national.benchmark(LINCOLNSHIRE, "neet_17_18", 2024)
    assert b.average["value"] == pytest.approx(296 / 9)
    assert (b.average["with_value"], b.average["suppressed"], b.average["other_missing"]) == (9, 1, 0)
    suppressed = b.ranked[b.ranked["area"] == "North Lincolnshire"].iloc[0]
    assert pd.isna(suppressed["value"]) and suppressed["marker"] == "c"
    assert "1 suppressed (c)" in b.method


def test_a_neighbour_not_yet_created_is_counted_as_missing() -> None:
    # North Northamptonshire (940) was created in 2021: 2020 EET 19-21 is z, so 9 of 10 neighbours have a figure.
    s = national.comparator_series(LINCOLNSHIRE, "eet_19_21")
    row = s[(s["area_type"] == "neighbours") & (s["year"] == 2020)].iloc[0]
    assert (row["neighbours_with_value"], row["neighbours_total"]) == (9, 10)
    assert "9 of 10" in row["basis"]


# --------------------------------------------------------------------------- boundary changes, quartiles, mapping


def test_cumberland_created_2023_has_its_short_series_only() -> None:
    s = national.comparator_series(CUMBERLAND, "eet_19_21")
    la = s[s["area_type"] == "la"]
    # ees_la_care_leavers_activity.csv: Cumberland (942) is z before 2024; 2024 19 to 21 EET is 80, 60%.
    assert la[["year", "value"]].values.tolist() == [[2024, 60.0]]
    staying = national.comparator_series(CUMBERLAND, "staying_put_19_20")
    # lait_care_leaver_measures.csv: StayingPut Cumberland 2023 '-', 2024 29, 2025 41.
    own = staying[staying["area_type"] == "la"].set_index("year")["value"]
    assert own.to_dict() == {2024: 29.0, 2025: 41.0}
    b = national.benchmark(CUMBERLAND, "eet_19_21")
    assert b.year == 2024 and len(b.gaps) == 1


def test_quartile_position_agrees_with_a_count_from_the_raw_file() -> None:
    b = national.benchmark(LINCOLNSHIRE, "eet_19_21", 2024)
    with open(RAW / "ees_la_care_leavers_activity.csv", newline="", encoding="utf-8") as handle:
        values = [
            int(r["percentage"]) for r in csv.DictReader(handle)
            if r["time_period"] == "2024" and r["geographic_level"] == "Local authority" and r["age"] == "Aged 19 to 21"
            and r["activity"] == "Total in education, employment or training" and r["percentage"].isdigit()
        ]
    better = sum(v > 50 for v in values)
    assert (b.rank, b.of) == (better + 1, len(values))
    assert b.quartile == math.ceil(4 * b.rank / b.of)


def test_quartile_ranks_lower_is_better_from_the_bottom() -> None:
    assert national.quartile(10.0, pd.Series([10.0, 20.0, 30.0, 40.0]), "lower") == (1, 4, 1)
    assert national.quartile(40.0, pd.Series([10.0, 20.0, 30.0, 40.0]), "lower") == (4, 4, 4)
    assert national.quartile(40.0, pd.Series([10.0, 20.0, 30.0, 40.0]), "higher") == (1, 4, 1)


def test_kpi_measures_map_to_dfe_age_windows() -> None:
    assert national.kpi_comparators("eet", 19, 21) == [("eet_19_21", "exact")]
    assert national.kpi_comparators("eet", 16, 18) == [("eet_17_18", "overlap")]
    assert national.kpi_comparators("accommodation", 19, 19) == [("accommodation_19_21", "overlap")]
    assert national.kpi_comparators("neet", 19, 21) == [("neet_19_21", "exact")]
    assert national.kpi_comparators("kit", 16, 21) == [("in_touch_17_18", "overlap"), ("in_touch_19_21", "overlap")]
    assert national.kpi_comparators("staying_put", 19, 20) == [("staying_put_19_20", "exact")]
    assert national.kpi_comparators("pathway_plan", 16, 21) == []


def test_kpi_series_gives_each_matching_measure_with_its_fit() -> None:
    # Lincolnshire's "Keeping in touch" KPI (16-21) against DfE in touch 17-18 and 19-21. 2024, "Local authority in
    # touch with care leaver": Lincolnshire 17 to 18 94% (ees_la_care_leavers_intouch.csv).
    s = national.kpi_series(LINCOLNSHIRE, "kit", 16, 21)
    assert set(s["measure_code"]) == {"in_touch_17_18", "in_touch_19_21"} and set(s["fit"]) == {"overlap"}
    own = s[(s["measure_code"] == "in_touch_17_18") & (s["area_type"] == "la") & (s["year"] == 2024)]
    assert own["value"].item() == 94
    assert national.kpi_series(LINCOLNSHIRE, "pathway_plan", 16, 21).empty


def test_a_headcount_is_set_beside_its_neighbours_never_below_englands_total() -> None:
    # LAIT NoCareLeavers, 2025: Lincolnshire 313 care leavers aged 19 to 21, England 38,190 (a national total).
    b = national.benchmark(LINCOLNSHIRE, "care_leavers_19_21")
    assert b.finding.startswith("Lincolnshire: 313 care leavers aged 19 to 21")
    assert b.finding.endswith("; England has 38,190 care leavers of these ages in all")
    # Lincolnshire's 313 against every LA's count in 2025.
    assert b.quartile_name == "largest quarter"
    # Ranked among its neighbours, not against the region's (2,970) or England's total on the same axis.
    assert set(b.ranked["role"]) == {"authority", "neighbour", "neighbour average"}
    assert benchmark_viz.ranked_dots(b, source="LAIT", as_at="2025").layout.xaxis.range[1] < 1_000
    assert b.gaps["gap_england"].isna().all() and b.gaps["gap_neighbours"].notna().all()
    title = benchmark_viz.gap_trend(b, source="LAIT", as_at="2025").layout.title.text.replace("<br>", " ")
    assert title.startswith("Lincolnshire's gap to the neighbour average") and "£" not in title


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [(13.0, -10.0, "reversed"), (-10.0, 13.0, "reversed"), (-5.0, -2.0, "narrowed"), (2.0, 4.0, "widened"), (3.0, -3.0, "reversed"),
     (3.0, 3.0, "held"), (0.0, 2.0, "widened")],
)
def test_a_gap_that_changes_side_is_said_to_reverse(first: float, last: float, said: str) -> None:
    # Staying put 19-20, LAIT StayingPut: Lincolnshire 13.0 points above England in 2016, 10.0 below in 2025.
    assert national.gap_change(first, last) == said


def test_staying_put_gap_to_england_reads_as_reversed() -> None:
    b = national.benchmark(LINCOLNSHIRE, "staying_put_19_20")
    title = benchmark_viz.gap_trend(b, source="LAIT", as_at="2025").layout.title.text.replace("<br>", " ")
    assert title.startswith("Lincolnshire's gap to England reversed: +13.0 points in 2016")


def test_the_latest_gaps_are_labelled_apart_and_years_lie_level() -> None:
    # EET 19-21, 2024: Lincolnshire 50%, neighbours' average 51.6%, England 54% (table F1): gaps -1.6 and -4.0 points.
    fig = benchmark_viz.gap_trend(national.benchmark(LINCOLNSHIRE, "eet_19_21"), source="DfE", as_at="2024")
    place = {t.name: (t.text[-1], t.textposition) for t in fig.data if t.name}
    assert place == {"Gap to the neighbour average": ("-1.6", "top center"), "Gap to England": ("-4.0", "bottom center")}
    spend = benchmark_viz.gap_trend(national.benchmark(LINCOLNSHIRE, "spend_per_care_leaver"), source="LAIT", as_at="2025")
    # Nine financial years, 2016-17 to 2024-25: level, every other one labelled back from the latest, so they fit a phone.
    assert [t for t in spend.layout.xaxis.ticktext if t] == ["2016-17", "2018-19", "2020-21", "2022-23", "2024-25"]
    assert len(spend.layout.xaxis.tickvals) == 9 and spend.layout.xaxis.tickangle == 0


def test_an_unknown_la_code_says_what_to_set() -> None:
    with pytest.raises(national.NationalError, match="la_code"):
        national.authority(999)


def test_download_frame_has_user_facing_columns_and_keeps_symbols() -> None:
    b = national.benchmark(LINCOLNSHIRE, "neet_17_18", 2024)
    frame = national.download_frame(b)
    assert list(frame.columns[:3]) == ["Area", "Role", "DfE LA code"]
    row = frame[frame["Area"] == "North Lincolnshire"].iloc[0]
    assert row["DfE symbol (no figure published)"] == "c" and pd.isna(row["Value (%)"])


def test_an_option_cost_is_placed_on_the_spend_distribution() -> None:
    # £4,000,000 over Lincolnshire's 313 care leavers aged 19-21 in 2025 (LAIT NoCareLeavers).
    p = national.place_cost(LINCOLNSHIRE, 4_000_000)
    assert p is not None and p.year == 2025
    assert p.value == pytest.approx(4_000_000 / 313)
    assert p.share_below == pytest.approx((p.distribution["value"] < p.value).mean() * 100)
    assert p.england == pytest.approx(817159484 / 38190)


# --------------------------------------------------------------------------- the built-in copy


def test_built_in_copy_is_the_raw_release_converted() -> None:
    raw = national_release.read_folder(RAW)
    built = national_release.read_compact(national_release.BUILT_IN)
    assert built.release_year == raw.release_year == 2025
    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        # Missing text is None in one and NaN in the other; both mean no value.
        return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)

    for name, frame in raw.frames().items():
        pd.testing.assert_frame_equal(plain(built.frames()[name]), plain(frame), check_dtype=False, obj=name)
    assert built.files["sha256"].tolist() == raw.files["sha256"].tolist()


def test_module_examples_hold() -> None:
    for module in (national, national_release):
        assert doctest.testmod(module).failed == 0, module.__name__
