"""Reporting periods as data (analytics/periods.py) and the build that stores them (data/build.py).

Expected dates are the calendar: a financial year runs 1 April to 31 March (so 2024-25 Q1 is April to
June 2024), a calendar quarter January to March; a period's snapshot is the day after it ends, as in
the reference pack's kpi_periods.csv (2023-24 Q2 ends 30 September 2023, snapshot 1 October 2023)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from analytics import config
from analytics import periods as P
from data import build
from tests.apptest import minimal_pack

NORTHSHIRE = config.PACKS_DIR / "northshire"


@pytest.mark.parametrize(
    ("label", "year", "canonical", "kind", "start", "end"),
    [
        ("2024-25 Q1", "financial", "2024-25 Q1", "quarter", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("2023/24 q4", "financial", "2023-24 Q4", "quarter", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("Q2 2023-24", "financial", "2023-24 Q2", "quarter", dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        ("2024 Q1", "calendar", "2024 Q1", "quarter", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("Jul-16", "financial", "Jul-16", "month", dt.date(2016, 7, 1), dt.date(2016, 7, 31)),
        ("2016-07", "calendar", "Jul-16", "month", dt.date(2016, 7, 1), dt.date(2016, 7, 31)),
        ("February 2024", "financial", "Feb-24", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-24", "financial", "2023-24", "year", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("2023", "calendar", "2023", "year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ],
)
def test_labels_parse_to_the_dates_they_name(label: str, year: str, canonical: str, kind: str, start: dt.date, end: dt.date) -> None:
    period = P.parse(label, year=year)
    assert (period.label, period.kind, period.start, period.end) == (canonical, kind, start, end)
    assert period.snapshot_date == end + dt.timedelta(days=1)


def test_one_period() -> None:
    [only] = P.parse_all(["2023-24 Q2"])
    # The reference pack's kpi_periods.csv: 2023-24 Q2 ends 2023-09-30, snapshot 2023-10-01.
    assert (only.end, only.snapshot_date) == (dt.date(2023, 9, 30), dt.date(2023, 10, 1))
    assert P.gaps([only]) == [] and P.gap_sentence([only]) is None


def test_monthly_periods_over_three_years_in_time_order() -> None:
    labels = [f"{y}-{m:02d}" for y in (2021, 2022, 2023) for m in range(1, 13)]
    periods = P.parse_all(reversed(labels))
    assert len(periods) == 36
    assert [p.label for p in periods[:3]] == ["Jan-21", "Feb-21", "Mar-21"]
    # Month ends from the calendar, leap years included (2021-2023 have none; February has 28 days).
    assert periods[1].end == dt.date(2021, 2, 28) and periods[-1].end == dt.date(2023, 12, 31)
    assert P.gaps(periods) == []


def test_quarterly_periods_from_2014() -> None:
    labels = [f"{fy}-{(fy + 1) % 100:02d} Q{q}" for fy in range(2014, 2024) for q in (1, 2, 3, 4)]
    periods = P.parse_all(labels)
    assert len(periods) == 40
    # 2014-15 Q1 is April to June 2014; 2023-24 Q4 is January to March 2024.
    assert (periods[0].start, periods[0].end) == (dt.date(2014, 4, 1), dt.date(2014, 6, 30))
    assert periods[-1].end == dt.date(2024, 3, 31)
    assert P.gaps(periods) == []


def test_a_gap_is_found_and_named() -> None:
    periods = P.parse_all(["2015-16 Q1", "2015-16 Q2", "2016-17 Q1", "2016-17 Q2"])
    assert [(a.label, b.label) for a, b in P.gaps(periods)] == [("2015-16 Q2", "2016-17 Q1")]
    assert P.gap_sentence(periods).startswith("No values between 2015-16 Q2 and 2016-17 Q1")


@pytest.mark.parametrize("label", ["banana", "2024 Q5", "13-2024", "2024-07-15", ""])
def test_bad_labels_are_refused_listing_the_accepted_forms(label: str) -> None:
    with pytest.raises(P.PeriodError) as err:
        P.parse(label)
    assert str(err.value) == f"period {label!r} is not a period label; use {P.accepted_forms('financial')}"
    assert "2024-25 Q1" in str(err.value) and "Jul-16" in str(err.value) and "2023-24" in str(err.value)


def test_a_quarter_in_the_other_convention_is_refused_not_moved() -> None:
    # Calendar Q2 2023 is April to June 2023, which is financial 2023-24 Q1: never stored as either silently.
    with pytest.raises(P.PeriodError, match=r"for April to June 2023 write 2023-24 Q1"):
        P.parse("2023 Q2", year="financial")
    with pytest.raises(P.PeriodError, match=r"write it as 2024 Q2"):
        P.parse("2024-25 Q1", year="calendar")
    with pytest.raises(P.PeriodError, match=r"could be the calendar year or the financial year"):
        P.parse("2023", year="financial")
    with pytest.raises(P.PeriodError, match=r"runs from one year into the next"):
        P.parse("2024-26 Q1")


# --- The build: periods derived, checked and stored ---------------------------------------------------

def _pack(folder: Path, values: list[str], *, year: str | None = None, periods: str | None = None) -> Path:
    return minimal_pack(folder, settings=f'[periods]\nyear = "{year}"' if year else "", values=values, periods=periods)


def _stored(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT period, period_start, period_end, snapshot_date, kind FROM kpi_periods ORDER BY period_end").fetchall()


def test_the_build_derives_monthly_periods_from_the_values(tmp_path: Path) -> None:
    # Before: kpi_values FK-refused "Jul-16" because kpi_periods held only the reference pack's quarters.
    pack = _pack(tmp_path / "pack", ["kit,Jul-16,91,return", "kit,2016-08,92,return", "kit,Oct-16,90,return"])
    out = tmp_path / "store.duckdb"
    build.build(out, config=config.load(pack))
    assert _stored(out) == [
        ("Jul-16", dt.date(2016, 7, 1), dt.date(2016, 7, 31), dt.date(2016, 8, 1), "month"),
        ("Aug-16", dt.date(2016, 8, 1), dt.date(2016, 8, 31), dt.date(2016, 9, 1), "month"),
        ("Oct-16", dt.date(2016, 10, 1), dt.date(2016, 10, 31), dt.date(2016, 11, 1), "month"),
    ]


def test_calendar_quarters_are_stored_on_calendar_dates(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "pack", ["kit,2024 Q1,91,return"], year="calendar")
    out = tmp_path / "store.duckdb"
    build.build(out, config=config.load(pack))
    assert _stored(out) == [("2024 Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), dt.date(2024, 4, 1), "quarter")]


def test_a_bad_label_fails_the_build_naming_file_row_and_column(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "pack", ["kit,2024-25 Q1,91,return", "kit,Q5 2024,90,return"])
    with pytest.raises(build.BuildError) as err:
        build.build(tmp_path / "store.duckdb", config=config.load(pack))
    assert f"{pack / 'kpi_values.csv'}: row 3, column period: period 'Q5 2024' is not a period label" in str(err.value)
    assert not (tmp_path / "store.duckdb").exists()


def test_a_stated_period_end_in_the_other_convention_is_refused(tmp_path: Path) -> None:
    # 2024-25 Q1 is April to June 2024: a file dating it 31 March 2024 (calendar Q1) must not be stored.
    periods = "period,period_end,snapshot_date,data_source,source\n2024-25 Q1,2024-03-31,2024-04-01,Q1 return,test\n"
    pack = _pack(tmp_path / "pack", ["kit,2024-25 Q1,91,return"], periods=periods)
    with pytest.raises(build.BuildError, match=r"row 2, column period_end: 2024-25 Q1 ends on 2024-06-30 \(financial year\), not 2024-03-31"):
        build.build(tmp_path / "store.duckdb", config=config.load(pack))


def test_a_pack_setting_for_the_year_is_checked(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "pack", ["kit,2024-25 Q1,91,return"], year="finacial")
    with pytest.raises(config.ConfigError, match=r"periods.year: 'finacial' is not one of financial, calendar \(did you mean 'financial'\?\)"):
        config.load(pack)


def test_northshire_reports_monthly_with_a_gap(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    build.build(out, config=config.load(NORTHSHIRE))
    stored = _stored(out)
    # config/authorities/northshire/kpi_values.csv: Mar-21 to Mar-24 monthly, no return for Aug-22 and Sep-22.
    assert len(stored) == 37 - 2
    assert {row[4] for row in stored} == {"month"}
    assert "Aug-22" not in [row[0] for row in stored]


def test_a_sample_of_periods_by_design_has_no_gaps() -> None:
    # The reference pack's Table 2 quotes each year's Q4 and then a Q2: a sample, not a broken series.
    assert P.gaps(P.parse_all(["2020-21 Q4", "2021-22 Q4", "2022-23 Q4", "2023-24 Q2"])) == []
