"""Table 2 reproduced cell by cell from the store, the exceptions grouping, trends, SPC views and KPI
cards (analytics.performance).

Expected values are read off Commissioning Plan Table 2 ("LLCS KPI summary", section 2.4) or worked
by hand from it: targets 90, 85, 70, 65, 95, 95, 95, 90, each with a tolerance of ±5 points, higher
is better, and an arrow for a move of at least 0.5 points.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analytics import config, db, performance
from analytics.disclosure import SUPPRESSED
from data import build

PERIODS = ["2020-21 Q4", "2021-22 Q4", "2022-23 Q4", "2023-24 Q2"]
ON, WITHIN, OUTSIDE = "On target", "Within tolerance", "Outside tolerance"

# Hand calculation from Table 2: (kpi_id, period, value, status, arrow). A value at or above the
# target is on target; from target - 5 up to the target is within tolerance; below target - 5 is
# outside. The arrow compares with the period before (none in the first period).
TABLE_2_CELLS = [
    # 2020-21 Q4: the first period, so no arrow.
    ("kit", "2020-21 Q4", 96.5, ON, ""),  # 96.5 >= 90
    ("eet_16_18", "2020-21 Q4", 65, OUTSIDE, ""),  # 65 < 80
    ("eet_19", "2020-21 Q4", 62, OUTSIDE, ""),  # 62 < 65
    ("eet_19_21", "2020-21 Q4", 54, OUTSIDE, ""),  # 54 < 60
    ("accom_16_18", "2020-21 Q4", 94, WITHIN, ""),  # 90 <= 94 < 95
    ("accom_19", "2020-21 Q4", 94, WITHIN, ""),  # 90 <= 94 < 95
    ("accom_19_21", "2020-21 Q4", 94, WITHIN, ""),  # 90 <= 94 < 95
    ("pathway_plans", "2020-21 Q4", 88, WITHIN, ""),  # 85 <= 88 < 90
    # 2021-22 Q4
    ("kit", "2021-22 Q4", 96.5, ON, "↔"),  # 96.5 -> 96.5
    ("eet_16_18", "2021-22 Q4", 60, OUTSIDE, "↓"),  # 65 -> 60
    ("eet_19", "2021-22 Q4", 60, OUTSIDE, "↓"),  # 62 -> 60
    ("eet_19_21", "2021-22 Q4", 59, OUTSIDE, "↑"),  # 54 -> 59, still below 60
    ("accom_16_18", "2021-22 Q4", 86, OUTSIDE, "↓"),  # 94 -> 86, below 90
    ("accom_19", "2021-22 Q4", 94, WITHIN, "↔"),  # 94 -> 94
    ("accom_19_21", "2021-22 Q4", 95, ON, "↑"),  # 94 -> 95, exactly on target
    ("pathway_plans", "2021-22 Q4", 94, ON, "↑"),  # 88 -> 94
    # 2022-23 Q4
    ("kit", "2022-23 Q4", 95.5, ON, "↓"),  # 96.5 -> 95.5
    ("eet_16_18", "2022-23 Q4", 55, OUTSIDE, "↓"),  # 60 -> 55
    ("eet_19", "2022-23 Q4", 50, OUTSIDE, "↓"),  # 60 -> 50
    ("eet_19_21", "2022-23 Q4", 56, OUTSIDE, "↓"),  # 59 -> 56
    ("accom_16_18", "2022-23 Q4", 89, OUTSIDE, "↑"),  # 86 -> 89, still below 90
    ("accom_19", "2022-23 Q4", 92, WITHIN, "↓"),  # 94 -> 92
    ("accom_19_21", "2022-23 Q4", 92, WITHIN, "↓"),  # 95 -> 92
    ("pathway_plans", "2022-23 Q4", 96, ON, "↑"),  # 94 -> 96
    # 2023-24 Q2: the latest period, as printed in Table 2 with its Direction of Travel column.
    ("kit", "2023-24 Q2", 94.5, ON, "↓"),
    ("eet_16_18", "2023-24 Q2", 44, OUTSIDE, "↓"),
    ("eet_19", "2023-24 Q2", 44, OUTSIDE, "↓"),
    ("eet_19_21", "2023-24 Q2", 50, OUTSIDE, "↓"),
    ("accom_16_18", "2023-24 Q2", 88, OUTSIDE, "↓"),
    ("accom_19", "2023-24 Q2", 91, WITHIN, "↓"),
    ("accom_19_21", "2023-24 Q2", 92, WITHIN, "↔"),
    ("pathway_plans", "2023-24 Q2", 92, ON, "↓"),
]


@pytest.fixture(scope="module")
def assessed() -> pd.DataFrame:
    return performance.assessed_kpis().set_index(["kpi_id", "period"])


@pytest.mark.parametrize(("kpi_id", "period", "value", "status", "arrow"), TABLE_2_CELLS)
def test_every_table_2_cell_has_the_published_value_status_and_arrow(
    assessed: pd.DataFrame, kpi_id: str, period: str, value: float, status: str, arrow: str
) -> None:
    cell = assessed.loc[(kpi_id, period)]
    assert cell["value"] == value
    assert cell["status_label"] == status
    assert cell["arrow"] == arrow
    assert cell["achieved_label"] == ("Not achieved" if status == OUTSIDE else "Achieved")


def test_table_2_has_eight_kpis_in_four_periods(assessed: pd.DataFrame) -> None:
    # Commissioning Plan Table 2: 8 KPIs x 4 periods.
    assert len(assessed) == 32 == len(TABLE_2_CELLS)
    assert performance.periods() == PERIODS


def test_published_direction_column_equals_the_computed_latest_arrow() -> None:
    # Table 2's Direction of Travel column: ↓ for seven KPIs and ↔ for suitable accommodation 19-21.
    frame = performance.published_kpis().drop_duplicates("kpi_id").set_index("kpi_id")["published_direction"]
    latest = performance.table2_cells().query("period == '2023-24 Q2'").set_index("kpi_id")["arrow"]
    assert len(frame) == 8
    assert frame.to_dict() == latest.to_dict()
    assert frame.tolist().count("↓") == 7 and frame["accom_19_21"] == "↔"


@pytest.mark.parametrize("period", PERIODS)
def test_table2_for_a_period_shows_the_periods_up_to_it_and_its_status(period: str) -> None:
    table = performance.table2(period).set_index("kpi_id")
    shown = PERIODS[: PERIODS.index(period) + 1]
    assert [c for c in table.columns if c in PERIODS] == shown
    expected = {(k, p): (v, s, a) for k, p, v, s, a in TABLE_2_CELLS}
    for kpi_id, row in table.iterrows():
        for p in shown:
            assert row[p] == expected[(kpi_id, p)][0]
        value, status, arrow = expected[(kpi_id, period)]
        assert row["Status"] == status
        assert row["Direction"].startswith(arrow)


def test_table2_latest_row_reads_like_table_2() -> None:
    # Table 2: "90% for KIT (Tolerance: +/- 5%)"; 96.5, 96.5, 95.5, 94.5; ↓ (95.5 -> 94.5, -1 point).
    row = performance.table2().iloc[0]
    assert row["KPI"] == "Keeping in touch"
    assert row["Target (tolerance)"] == "90% (85–95)"
    assert [row[p] for p in PERIODS] == [96.5, 96.5, 95.5, 94.5]
    assert (row["Status"], row["Achieved"], row["Direction"], row["Change"]) == ("On target", "Achieved", "↓ worsening", "-1 point")


@pytest.mark.parametrize(
    ("change", "text"),
    [(-11.0, "-11 points"), (-1.0, "-1 point"), (1.0, "+1 point"), (0.5, "+0.5 points"), (0.0, "0 points"), (0.04, "0 points"), (math.nan, "")],
)
def test_change_text(change: float, text: str) -> None:
    assert performance.change_text(change) == text


# --- Exceptions -----------------------------------------------------------------------------------

# Hand calculation from Table 2 (the cells above): group order -> KPIs, in Table 2's order.
EXCEPTIONS = [
    (
        "2023-24 Q2",
        {
            1: ["eet_16_18", "eet_19", "eet_19_21", "accom_16_18"],  # outside tolerance and ↓
            4: ["kit", "accom_19", "pathway_plans"],  # achieved but ↓
            5: ["accom_19_21"],  # within tolerance, ↔
        },
    ),
    (
        "2022-23 Q4",
        {1: ["eet_16_18", "eet_19", "eet_19_21"], 3: ["accom_16_18"], 4: ["kit", "accom_19", "accom_19_21"], 5: ["pathway_plans"]},
    ),
    (
        "2021-22 Q4",
        {1: ["eet_16_18", "eet_19", "accom_16_18"], 3: ["eet_19_21"], 5: ["kit", "accom_19", "accom_19_21", "pathway_plans"]},
    ),
    # The first period has no direction of travel, so nothing is worsening or improving.
    ("2020-21 Q4", {2: ["eet_16_18", "eet_19", "eet_19_21"], 5: ["kit", "accom_16_18", "accom_19", "accom_19_21", "pathway_plans"]}),
]


@pytest.mark.parametrize(("period", "groups"), EXCEPTIONS)
def test_exceptions_separate_status_from_trend(period: str, groups: dict[int, list[str]]) -> None:
    frame = performance.exceptions(period)
    found = {order: rows["kpi_id"].tolist() for order, rows in frame.groupby("group_order")}
    assert found == groups
    assert frame["group_order"].is_monotonic_increasing


def test_exceptions_not_achieved_and_worsening_at_2023_24_q2() -> None:
    # Table 2, 2023-24 Q2: EET 16-18 44, EET at 19 44, EET 19-21 50 and suitable accommodation
    # 16-18 88 are outside tolerance and each fell since 2022-23 Q4 (55, 50, 56, 89).
    frame = performance.exceptions("2023-24 Q2").set_index("kpi_id")
    worst = frame[frame["group"] == "Not achieved and worsening"]
    assert worst.index.tolist() == ["eet_16_18", "eet_19", "eet_19_21", "accom_16_18"]
    assert worst["value"].tolist() == [44, 44, 50, 88]
    assert worst["change"].tolist() == [-11, -6, -6, -1]
    assert set(worst["group_tolerance"]) == {"Outside tolerance and worsening"}
    assert (frame["group"] == "Not achieved but improving").sum() == 0


@pytest.mark.parametrize(
    ("period", "vocabulary", "headline"),
    [
        (
            "2023-24 Q2", "achieved",
            "At 2023-24 Q2, 4 of 8 KPIs are not achieved and all 4 are worsening; none is improving. 4 are achieved, 3 of them worsening.",
        ),
        (
            "2023-24 Q2", "tolerance",
            "At 2023-24 Q2, 4 of 8 KPIs are outside tolerance and all 4 are worsening; none is improving. "
            "4 are on target or within tolerance, 3 of them worsening.",
        ),
        (
            "2022-23 Q4", "achieved",
            "At 2022-23 Q4, 4 of 8 KPIs are not achieved, 3 of them worsening; 1 is improving (Suitable accommodation 16-18). "
            "4 are achieved, 3 of them worsening.",
        ),
        (
            "2020-21 Q4", "achieved",
            "At 2020-21 Q4, 3 of 8 KPIs are not achieved and 5 are achieved. This is the first published period, so there is no "
            "direction of travel.",
        ),
    ],
)
def test_exceptions_headline(period: str, vocabulary: str, headline: str) -> None:
    assert performance.exceptions_headline(performance.exceptions(period), vocabulary) == headline


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A hand-made exceptions frame: (short_name, achieved_label, judgement) per KPI."""
    return pd.DataFrame(
        [{"period": "P", "previous_period": "P0", "short_name": n, "achieved_label": a, "judgement": j} for n, a, j in rows]
    )


@pytest.mark.parametrize(
    ("rows", "headline"),
    [
        ([("A", "Achieved", "improving"), ("B", "Achieved", "worsening")], "At P, all 2 KPIs are achieved, 1 of them worsening."),
        ([("A", "Not achieved", "worsening")], "At P, 1 of 1 KPI is not achieved and it is worsening; none is improving."),
        (
            [("A", "Not achieved", "improving"), ("B", "Not achieved", "no change"), ("C", "Achieved", "no change")],
            "At P, 2 of 3 KPIs are not achieved, none of them worsening; 1 is improving (A). 1 is achieved, none of them worsening.",
        ),
    ],
)
def test_exceptions_headline_edge_cases(rows: list[tuple[str, str, str]], headline: str) -> None:
    assert performance.exceptions_headline(_frame(rows)) == headline


@pytest.mark.parametrize(
    ("achieved", "judgement", "order"),
    [
        (False, "worsening", 1), (False, "no change", 2), (False, "no previous value", 2), (False, "changed", 2),
        (False, "improving", 3), (True, "worsening", 4), (True, "improving", 5), (True, "no change", 5), (True, "no previous value", 5),
    ],
)
def test_every_status_and_trend_has_exactly_one_group(achieved: bool, judgement: str, order: int) -> None:
    assert performance.exception_group(achieved, judgement).order == order


def test_exceptions_table_in_each_vocabulary() -> None:
    frame = performance.exceptions("2023-24 Q2")
    achieved = performance.exceptions_table(frame, "achieved")
    tolerance = performance.exceptions_table(frame, "tolerance")
    # Status and direction straight after the KPI: they are the answer, and stay in view on a phone.
    assert achieved.columns.tolist() == [
        "Group", "KPI", "Status", "Direction", "Value", "Previous", "Change", "Target", "Tolerance band",
    ]
    # Table 2, 2023-24 Q2: EET 16-18 44 against 85 ± 5, down from 55.
    first = achieved.iloc[0]
    assert (first["KPI"], first["Value"], first["Previous"], first["Change"]) == ("EET 16-18", "44%", "55%", "-11 points")
    assert (first["Target"], first["Tolerance band"], first["Status"], first["Direction"]) == ("85%", "80–90", "Not achieved", "↓ worsening")
    # Keeping in touch, 94.5% (one decimal as published), was 95.5%.
    kit = achieved.set_index("KPI").loc["Keeping in touch"]
    assert (kit["Value"], kit["Previous"]) == ("94.5%", "95.5%")
    assert set(achieved["Status"]) == {"Achieved", "Not achieved"}
    assert set(tolerance["Status"]) == {ON, WITHIN, OUTSIDE}


@pytest.mark.parametrize(
    ("vocabulary", "title"),
    [
        ("achieved", "4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are achieved"),
        ("tolerance", "4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target"),
    ],
)
def test_status_title(vocabulary: str, title: str) -> None:
    assert performance.status_title(performance.exceptions("2023-24 Q2"), vocabulary) == title


# --- Trends, synthetic series and benchmarks --------------------------------------------------------


def test_kpi_trend_up_to_a_period() -> None:
    trend = performance.kpi_trend("eet_19", "2022-23 Q4")
    # Table 2, EET at 19: 62, 60, 50 up to 2022-23 Q4, target 70 ± 5.
    assert trend.published["value"].tolist() == [62, 60, 50]
    assert (trend.target, trend.lower, trend.upper) == (70, 65, 75)
    assert trend.finding == "EET at 19 is 50%, 20 points below the 70% target and outside tolerance; it has fallen in each of the last two periods."
    # The synthetic snapshots stop at the period's snapshot, 1 April 2023, plotted at the quarter end.
    assert max(trend.synthetic["snapshot_date"]) == dt.date(2023, 4, 1)
    assert max(trend.synthetic["quarter_end"]) == dt.date(2023, 3, 31)
    # Benchmarks up to the period end (31 March 2023): the pack's six, the 2023 LAIT year included,
    # then DfE's 19-21 EET (which shares age 19 with the KPI) for the authority, its neighbours'
    # average, its region and England, 2020 to 2023: 4 x 4 more, each labelled with DfE's ages.
    pack = trend.benchmarks[~trend.benchmarks["basis"].str.startswith("DfE")]
    dfe = trend.benchmarks[trend.benchmarks["basis"] == "DfE ages 19-21, annual birthday window"]
    assert (len(pack), len(dfe), len(trend.benchmarks)) == (6, 16, 22)
    # ees_la_care_leavers_activity.csv, England, 19 to 21, in education, employment or training, 2023: 56%.
    assert dfe[(dfe["area"] == "England") & (dfe["year"] == 2023)]["value"].tolist() == [56.0]


def test_kpi_trend_frame_is_aggregate_and_labels_synthetic_rows() -> None:
    frame = performance.kpi_trend("eet_19").to_frame()
    assert frame.columns.tolist() == ["series", "date", "period", "value", "status", "direction", "numerator", "denominator"]
    assert not {"person_id", "birth_month"} & set(frame.columns)
    synthetic = frame[frame["series"].str.contains("synthetic")]
    assert len(synthetic) == 15  # Apr 2020 to Oct 2023 quarterly snapshots
    assert synthetic["numerator"].notna().all()


def test_synthetic_series_matches_the_computed_kpis_within_a_point_of_table_2() -> None:
    # Commissioning Plan Table 2, 2023-24 Q2: EET 16-18 44%; the synthetic data are calibrated to
    # within one point of each published value.
    series = performance.synthetic_series("eet_16_18", dt.date(2023, 10, 1))
    assert abs(series["value"].iloc[-1] - 44) < 1
    assert not series["suppressed"].any()


def test_synthetic_series_suppresses_small_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = pd.DataFrame({
        "kpi_id": ["x"] * 4,
        "snapshot_date": [dt.date(2023, 1, 1), dt.date(2023, 4, 1), dt.date(2023, 7, 1), dt.date(2023, 10, 1)],
        # 3 in the numerator; 2 outside it (98 of 100); fine; a denominator of 4.
        "denominator": [50, 100, 40, 4],
        "numerator": [3, 98, 30, 2],
        "value": [6.0, 98.0, 75.0, 50.0],
    })
    monkeypatch.setattr(performance, "computed_kpis", lambda basis=None: fake)
    series = performance.synthetic_series("x")
    assert series["suppressed"].tolist() == [True, True, False, True]
    assert series["numerator"].tolist() == [SUPPRESSED, SUPPRESSED, "30", SUPPRESSED]
    assert series["denominator"].tolist() == ["50", "100", "40", SUPPRESSED]
    assert series["value"].isna().tolist() == [True, True, False, True]


def test_spc_is_withheld_when_a_quarter_is_suppressed(monkeypatch: pytest.MonkeyPatch) -> None:
    series = performance.synthetic_series("eet_19")
    series.loc[3, ["suppressed", "value", "numerator"]] = [True, math.nan, SUPPRESSED]
    monkeypatch.setattr(performance, "synthetic_series", lambda kpi_id, until=None: series)
    view = performance.spc_view("eet_19")
    assert view.result is None
    assert "suppressed" in view.reason


@pytest.mark.parametrize("kpi_id", ["eet_16_18", "eet_19", "eet_19_21"])
def test_eet_kpis_carry_the_all_ages_benchmarks(kpi_id: str) -> None:
    bench = performance.benchmarks(kpi_id, national=False).set_index(["area", "year"])["value"]
    # Commissioning Plan footnote 8 (England 53, 52, 55, 56% in 2020-2023) and 4.1 (statistical
    # neighbours 58.5%, Lincolnshire 48% in 2023), all care leavers in EET (LAIT).
    assert bench.to_dict() == {
        ("England", 2020): 53, ("England", 2021): 52, ("England", 2022): 55, ("England", 2023): 56,
        ("Statistical neighbours", 2023): 58.5, ("Lincolnshire", 2023): 48,
    }
    assert all("all ages" in label for label in performance.benchmarks(kpi_id, national=False)["label"])


@pytest.mark.parametrize("kpi_id", ["kit", "accom_16_18", "accom_19", "accom_19_21", "pathway_plans"])
def test_other_kpis_have_no_quoted_benchmarks(kpi_id: str) -> None:
    assert performance.benchmarks(kpi_id, national=False).empty


@pytest.mark.parametrize(("kpi_id", "year", "value"), [("eet_19_21", 2024, 50.0), ("eet_19_21", 2023, 48.0)])
def test_kpis_with_a_dfe_age_window_add_the_national_series_labelled_with_their_basis(kpi_id: str, year: int, value: float) -> None:
    bench = performance.benchmarks(kpi_id)
    national = bench[bench["label"].str.endswith("DfE annual birthday window")]
    # DfE la_care_leavers_activity (data/national): Lincolnshire's EET at 19-21 was 50% in 2024, 48% in 2023.
    own = national[(national["area_type"] == "la") & (national["year"] == year)]
    assert own["value"].tolist() == [value]
    assert set(national["area_type"]) == {"la", "neighbours", "region", "england"}
    # The pack's own comparators stay first, with their all-ages basis in the label.
    assert bench["label"].iloc[0] == "England, all ages (LAIT)"


# --- SPC ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "points", "limits"), [("2020-21 Q4", 5, False), ("2022-23 Q4", 13, False), ("2023-24 Q2", 15, True)])
def test_spc_view_covers_the_quarters_up_to_the_period(period: str, points: int, limits: bool) -> None:
    # Quarterly snapshots from 1 April 2020 to the period's snapshot; fewer than 15 give a run chart
    # without limits, and no verdict.
    view = performance.spc_view("eet_16_18", period)
    assert len(view.frame) == points
    assert view.limits is limits
    assert (view.assurance_text != "") is limits
    assert ("too few for process limits" in view.title) is not limits
    assert view.result.target == 85 and view.result.improvement == "increase"


def test_spc_view_rebases_only_when_asked_at_a_shift_or_a_chosen_date() -> None:
    # Pathway Plans, synthetic quarters: the last 8 (from Dec 2021) lie above the whole series' mean,
    # a run of 7 or more still running. Making Data Count rebases only from a known change, so by
    # default the limits stay one set and the shift is pointed out; asked to, they are recalculated there.
    kept = performance.spc_view("pathway_plans")
    assert kept.result.rebase == ()
    assert kept.rebase_note.startswith("A sustained shift: from Dec 2021 all 8 quarters lie above the mean")
    shifted = performance.spc_view("pathway_plans", rebase=performance.REBASE_AT_SHIFT)
    assert shifted.result.rebase == (7,)
    assert shifted.rebase_note.startswith("Limits recalculated from Dec 2021")
    chosen = performance.spc_view("kit", rebase="2022-03-31")
    assert chosen.result.rebase == (8,) and chosen.rebase_note == "Limits recalculated from Mar 2022, as chosen."
    assert [len(s) for s in chosen.result.segments] == [8, 7]


def test_spc_view_reads_in_words() -> None:
    view = performance.spc_view("eet_16_18")
    r = view.result
    # The EET 16-18 series runs from about 65% to 44%: far below the 85% target.
    assert r.assurance == "consistently failing"
    assert view.assurance_text.startswith("Consistently failing: the target (85%) is above the process limits")
    assert f"{r.upper_limit:.1f}%" in view.assurance_text
    assert view.variation_text.startswith("Special cause variation, concern" if r.variation == "special cause concern" else "Common cause")
    assert view.title.startswith("EET 16-18, synthetic quarterly series: ")
    assert view.frame["quarter_end"].iloc[-1] == dt.date(2023, 9, 30)


# --- KPI cards ------------------------------------------------------------------------------------


def test_kpi_card_definition_comes_from_the_store() -> None:
    card = performance.kpi_card("eet_19", "2023-24 Q2")
    d = card.definition
    assert d.name == "% in EET at 19 years"
    assert d.numerator.startswith("Care leavers whose main activity is education")
    assert d.denominator.startswith("Care leavers aged 19 at the snapshot date")
    assert d.basis == "Quarter-end snapshot"
    assert d.lag == "Reported about six weeks after quarter end"
    assert d.national_comparator is True
    assert d.polarity_sentence == "Higher is better."
    # Table 2, EET at 19: 44% at 2023-24 Q2, 50% before, target 70 ± 5.
    assert (card.tile.value, card.tile.previous_value, card.tile.target) == (44, 50, 70)
    assert card.target_range.startswith("The target is 70%, with a tolerance of 70 ± 5 points (65 to 75).")
    assert card.definition.to_frame()["Item"].tolist()[:4] == ["KPI", "Age group", "Numerator", "Denominator"]


def test_kpi_card_benchmark_gap_in_the_benchmark_year() -> None:
    # Hand calculation: LAIT's 2023 year ends 31 March 2023 = Table 2's 2022-23 Q4, when EET at 19
    # was 50%: 50 - 56 = -6 (England), 50 - 58.5 = -8.5 (statistical neighbours), 50 - 48 = +2.
    notes = performance.kpi_card("eet_19", "2023-24 Q2").benchmarking
    assert notes[0].startswith("The DfE publishes a national version of this measure")
    assert "England, all ages (LAIT): 53% (2020), 52% (2021), 55% (2022), 56% (2023)" in notes[1]
    # With DfE's 19-21 figures beside them, every comparator is named with its basis.
    assert notes[2].startswith(
        "At 2022-23 Q4, the period ending the comparators' 2023 year, EET at 19 was 50%: 6 points below England, all ages "
        "(LAIT) (56%), 8.5 points below Statistical neighbours, all ages (LAIT) (58.5%), 2 points above Lincolnshire, all "
        "ages (LAIT) (48%)"
    )
    # ees_la_care_leavers_activity.csv, 2023, England, aged 19 to 21, in EET: 56%, so 50 - 56 = -6 again.
    assert "6 points below England, DfE ages 19-21, annual birthday window (56%)" in notes[2]


def test_kpi_card_benchmark_gap_uses_the_latest_year_up_to_the_period() -> None:
    # Hand calculation: at 2020-21 Q4 (31 March 2021) EET 19-21 was 54%; England 2021 was 52% (LAIT,
    # Commissioning Plan footnote 8); England appears on two bases, so each is named by its label.
    notes = performance.kpi_card("eet_19_21", "2020-21 Q4").benchmarking
    assert "EET 19-21 was 54%: 2 points above England, all ages (LAIT) (52%)" in notes[-1]


def test_kpi_card_without_a_national_comparator() -> None:
    notes = performance.kpi_card("kit").benchmarking
    # Locally defined (Commissioning Plan footnote 6), but DfE publishes in-touch figures for these ages.
    assert notes[0] == (
        "This KPI is defined locally (Provider quarterly performance data (JET)), not as the DfE defines its national "
        "measure; the DfE's annual figures for the nearest ages it publishes are below, so any gap to them is a guide, not "
        "a like-for-like comparison.")
    # The pack gives none, so DfE's in-touch figures for 17-18 and 19-21 stand in, each saying its ages.
    # ees_la_care_leavers_intouch.csv, Lincolnshire (925), aged 17 to 18, in touch, 2020: 90%.
    assert notes[1].startswith(
        "Comparators, each on its own basis, which may differ from the KPI's (16-21, quarter-end snapshot): "
        "Lincolnshire, DfE ages 17-18, annual birthday window: 90% (2020)")
    assert "DfE ages 19-21, annual birthday window" in notes[1]
    # The neighbours' average of 2023 is a mean of ten, 95.5556: quoted as 95.6 like every other figure.
    assert "0.1 points below Statistical neighbours (average), DfE ages 17-18, annual birthday window (95.6%)" in notes[2]
    assert not re.search(r"\d\.\d{2,}", " ".join(notes))


def _definition(polarity: str) -> performance.KpiDefinition:
    fields = {f: "x" for f in performance.KpiDefinition.__dataclass_fields__}
    fields.update(polarity=polarity, unit="%", target=10.0, tolerance_below=2.0, tolerance_above=2.0, national_comparator=False)
    return performance.KpiDefinition(**fields)


@pytest.mark.parametrize(
    ("polarity", "sentence", "rule"),
    [
        ("higher", "Higher is better.", "10% or more is on target; from 8% up to 10% is within tolerance"),
        ("lower", "Lower is better.", "10% or less is on target; above 10% up to 12% is within tolerance"),
        ("plan", "Staying inside the target range is best: both higher and lower are off plan.", "Anywhere from 8% to 12% is on target"),
    ],
)
def test_target_range_in_words_for_each_polarity(polarity: str, sentence: str, rule: str) -> None:
    from analytics.kpi import tolerance_band

    definition = _definition(polarity)
    assert definition.polarity_sentence == sentence
    text = performance.target_range_text(definition, tolerance_band(10, "points", 2, 2))
    assert text.startswith("The target is 10%, with a tolerance of 10 ± 2 points (8 to 12).")
    assert rule in text


def test_unknown_kpi_or_period_is_refused() -> None:
    with pytest.raises(KeyError):
        performance.kpi_definition("nope")
    with pytest.raises(KeyError):
        performance.kpi_trend("nope")
    with pytest.raises(KeyError):
        performance.exceptions("1999-00 Q1")


# --- Another authority: monthly periods, a banded scheme with a gap, a returned-only KPI, six comparators
# Expected values are read off config/authorities/northshire (fictional): kpi_values.csv (monthly,
# Mar-21 to Mar-24, no return for Aug-22 and Sep-22), the four_band grading in authority.toml (NEET,
# lower is better: Good at most 32, Requires improvement from 33, nothing between) and comparators.csv.


@pytest.fixture(scope="module")
def northshire_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("northshire") / "northshire.duckdb"
    build.build(path, config=config.load(config.PACKS_DIR / "northshire"))
    return path


@pytest.fixture
def northshire(northshire_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.STORE_ENV, str(northshire_store))
    monkeypatch.setenv(config.CONFIG_ENV, str(config.PACKS_DIR / "northshire"))


@pytest.mark.usefixtures("northshire")
def test_monthly_periods_with_a_gap() -> None:
    periods = performance.periods()
    assert (periods[0], periods[-1], len(periods)) == ("Mar-21", "Mar-24", 35)
    assert "Aug-22" not in periods
    assert performance.gap_note().startswith("No values between Jul-22 and Oct-22")
    # After the gap each KPI's arrow compares with its last value before it (Jul-22).
    oct_22 = performance.table2_cells("Oct-22").set_index(["kpi_id", "period"]).loc[("kit", "Oct-22")]
    assert oct_22["previous_period"] == "Jul-22"


@pytest.mark.usefixtures("northshire")
def test_a_value_between_two_bands_is_ungraded_everywhere() -> None:
    # NEET 19-21 was 32.5% in Jan-24: above Good (at most 32), below Requires improvement (from 33).
    cells = performance.table2_cells("Jan-24").set_index(["kpi_id", "period"])
    neet = cells.loc[("neet_19_21", "Jan-24")]
    assert (neet["status_label"], neet["achieved_label"]) == ("Ungraded", "Ungraded")
    # Dec-23 (33%) is Requires improvement, not met; Mar-24 (31%) is Good, met.
    assert cells.loc[("neet_19_21", "Dec-23"), "status_label"] == "Requires improvement"
    assert cells.loc[("neet_19_21", "Dec-23"), "achieved_label"] == "Not achieved"
    latest = {t.kpi_id: t for t in performance.kpi_tiles("Mar-24")}["neet_19_21"]
    assert (latest.status.label, latest.status.achieved_label, latest.standard_text) == (
        "Good", "Achieved", "Graded Inadequate / Requires improvement / Good / Outstanding",
    )
    exceptions = performance.exceptions("Jan-24").set_index("kpi_id")
    assert exceptions.loc["neet_19_21", "group"] == "Ungraded: between two bands"
    assert performance.exceptions_headline(performance.exceptions("Jan-24")).endswith(
        "1 is ungraded: the value falls between two bands."
    )
    assert "ungraded (between two bands)" in performance.kpi_trend("neet_19_21", "Jan-24").finding
    table = performance.table2("Jan-24").set_index("kpi_id")
    assert table.loc["neet_19_21", "Target (tolerance)"] == "Good or Outstanding (from 32%)"


@pytest.mark.usefixtures("northshire")
def test_a_returned_only_kpi_is_graded_and_charted_without_a_record_level_rule() -> None:
    # Personal Adviser: 97% in Mar-24 against 95 ± 3, higher is better (kpi_values.csv, authority.toml).
    tile = {t.kpi_id: t for t in performance.kpi_tiles("Mar-24")}["personal_adviser"]
    assert (tile.value, tile.status.label) == (97, "On target")
    assert performance.synthetic_series("personal_adviser").empty
    assert "personal_adviser" not in set(performance.computed_kpis()["kpi_id"])
    view = performance.spc_view("personal_adviser")
    assert view.title.startswith("Personal Adviser, published monthly series: ")
    assert len(view.frame) == 35
    card = performance.kpi_card("personal_adviser")
    assert card.bases is None and card.definition.measure == "returned"


@pytest.mark.usefixtures("northshire")
def test_six_named_comparators_for_one_kpi_none_dropped() -> None:
    bench = performance.benchmarks("eet_19_21")
    kpi_own = bench[bench["comparator_measure"] == "eet_19_21"]
    assert list(dict.fromkeys(kpi_own["area"])) == ["England", "North Region", "Statistical neighbours", "Eastmoor", "Southfen", "Westdale"]
    # Each keeps its period (2022-23 ends 31 March 2023) and basis in its label.
    eastmoor = kpi_own[kpi_own["area"] == "Eastmoor"].iloc[0]
    assert (eastmoor["year_end"], eastmoor["value"], eastmoor["label"]) == (dt.date(2023, 3, 31), 61, "Eastmoor, provider monthly return (Mar-23)")
    # No DfE code in the pack: no national series, and nothing of another authority.
    assert set(bench["source"]) == {
        "Northshire Sufficiency Review 2024 table 7 (fictional example)", "Northshire Sufficiency Review 2024 s3 (fictional example)",
    }
    assert bench["label"].nunique() == 7


def test_one_measure_on_two_bases_with_the_reason_they_differ() -> None:
    # EET 19-21 at 2023-24 Q2 from the synthetic records: the snapshot of 1 Oct 2023 reproduces Table 2's
    # 50%; the birthday window counts each care leaver once, at the snapshot after a birthday in the year.
    bases = performance.basis_comparison("eet_19_21", "2023-24 Q2")
    assert (bases.own.basis, bases.other.basis) == ("snapshot", "birthday_window")
    assert round(bases.own.value) == 50
    assert bases.other.value is not None and bases.other.value != bases.own.value
    assert bases.explanation.startswith(f"Computed from the records on its own basis (snapshot), EET 19-21 comes to {bases.own.value:.1f}%; on the birthday window basis it comes to")
    assert "different group counted at a different time" in bases.explanation
    rolling = performance.basis_comparison("eet_19_21", "2023-24 Q2", "rolling_12_months")
    # Rolling 12 months pools the four snapshots from 1 Jan 2023 to 1 Oct 2023.
    pooled = performance.computed_kpis("rolling_12_months").set_index(["kpi_id", "snapshot_date"]).loc[("eet_19_21", dt.date(2023, 10, 1))]
    assert pooled["snapshots_pooled"] == 4
    assert rolling.other.value == pytest.approx(float(pooled["value"]))
    assert "smooths out a single quarter" in rolling.explanation
