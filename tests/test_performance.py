"""Table 2 reproduced cell by cell from the store, the exceptions grouping, trends, SPC views and KPI
cards (analytics.performance).

Expected values are read off Commissioning Plan Table 2 ("LLCS KPI summary", section 2.4) or worked
by hand from it: targets 90, 85, 70, 65, 95, 95, 95, 90, each with a tolerance of ±5 points, higher
is better, and an arrow for a move of at least 0.5 points.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analytics import performance
from analytics.disclosure import SUPPRESSED

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
    assert achieved.columns.tolist() == [
        "Group", "KPI", "Value (%)", "Previous (%)", "Change", "Target (%)", "Tolerance band", "Status", "Direction",
    ]
    # Table 2, 2023-24 Q2: EET 16-18 44 against 85 ± 5, down from 55.
    first = achieved.iloc[0]
    assert (first["KPI"], first["Value (%)"], first["Previous (%)"], first["Change"]) == ("EET 16-18", 44, 55, "-11 points")
    assert (first["Target (%)"], first["Tolerance band"], first["Status"], first["Direction"]) == (85, "80–90", "Not achieved", "↓ worsening")
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
    # Benchmarks up to the period end (31 March 2023): all six, the 2023 LAIT year included.
    assert len(trend.benchmarks) == 6


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
    monkeypatch.setattr(performance, "computed_kpis", lambda: fake)
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
    bench = performance.benchmarks(kpi_id).set_index(["area", "year"])["value"]
    # Commissioning Plan footnote 8 (England 53, 52, 55, 56% in 2020-2023) and 4.1 (statistical
    # neighbours 58.5%, Lincolnshire 48% in 2023), all care leavers in EET (LAIT).
    assert bench.to_dict() == {
        ("England", 2020): 53, ("England", 2021): 52, ("England", 2022): 55, ("England", 2023): 56,
        ("Statistical neighbours", 2023): 58.5, ("Lincolnshire", 2023): 48,
    }
    assert all("all ages" in label for label in performance.benchmarks(kpi_id)["label"])


@pytest.mark.parametrize("kpi_id", ["kit", "accom_16_18", "accom_19", "accom_19_21", "pathway_plans"])
def test_other_kpis_have_no_quoted_benchmarks(kpi_id: str) -> None:
    assert performance.benchmarks(kpi_id).empty


# --- SPC ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "points", "trial"), [("2020-21 Q4", 5, True), ("2022-23 Q4", 13, False), ("2023-24 Q2", 15, False)])
def test_spc_view_covers_the_quarters_up_to_the_period(period: str, points: int, trial: bool) -> None:
    # Quarterly snapshots from 1 April 2020 to the period's snapshot; fewer than 13 give trial limits.
    view = performance.spc_view("eet_16_18", period)
    assert len(view.frame) == points
    assert view.result.trial_limits is trial
    assert (view.trial_note is not None) is trial
    assert view.result.target == 85 and view.result.improvement == "increase"


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
    assert "England 53% (2020), 52% (2021), 55% (2022), 56% (2023)" in notes[1]
    assert notes[2].startswith(
        "At 2022-23 Q4, the quarter ending the benchmarks' 2023 year, EET at 19 was 50%: 6 points below England (56%), "
        "8.5 points below Statistical neighbours (58.5%) and 2 points above Lincolnshire (48%)."
    )


def test_kpi_card_benchmark_gap_uses_the_latest_year_up_to_the_period() -> None:
    # Hand calculation: at 2020-21 Q4 (31 March 2021) EET 19-21 was 54%; England 2021 was 52%.
    notes = performance.kpi_card("eet_19_21", "2020-21 Q4").benchmarking
    assert "EET 19-21 was 54%: 2 points above England (52%)." in notes[-1]


def test_kpi_card_without_a_national_comparator() -> None:
    notes = performance.kpi_card("kit").benchmarking
    assert notes == [
        "There is no national version of this KPI: it is defined locally (Provider quarterly performance data (JET)), so any "
        "comparison with other authorities is indicative only.",
        "The Commissioning Plan quotes no benchmark figures for this measure.",
    ]


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
