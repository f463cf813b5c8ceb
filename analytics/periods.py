"""Reporting periods as data: a KPI value's period label turned into the dates it covers.

Providers report KPIs monthly, quarterly or annually, and councils name quarters by the financial
year (April to March, DfE and most contract schedules: ``2024-25 Q1`` is April to June 2024) or by
the calendar year (``2024 Q1`` is January to March 2024). An authority pack says which year it
counts in (``[periods] year = "financial"`` by default, or ``"calendar"``). A label that only makes
sense in the other convention is refused rather than guessed, so a quarter is never stored on the
wrong dates. The snapshot that stands for a period is the day after it ends (a quarter ending 30
September is read from the records held on 1 October), as in the reference pack's Table 2 periods.

Accepted labels (financial-year pack / calendar-year pack):

- quarter: ``2024-25 Q1`` (also ``2024/25 q1``, ``Q1 2024-25``) / ``2024 Q1`` (also ``Q1 2024``);
- month, either convention: ``Jul-16``, ``Jul 2016``, ``July 2016``, ``2016-07``;
- year: ``2023-24`` (April 2023 to March 2024) / ``2023`` (January to December 2023).

Worked example::

    >>> p = parse("2024-25 Q1")
    >>> (p.kind, p.start, p.end, p.snapshot_date)
    ('quarter', datetime.date(2024, 4, 1), datetime.date(2024, 6, 30), datetime.date(2024, 7, 1))
    >>> parse("Jul-16").end, parse("2024 Q1", year="calendar").end
    (datetime.date(2016, 7, 31), datetime.date(2024, 3, 31))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

YEARS = ("financial", "calendar")
KINDS = ("month", "quarter", "year")
# The first month of a financial year in England (DfE, councils' budgets and contract schedules).
FINANCIAL_YEAR_START = 4
# Labels outside these years are typing mistakes rather than returns (provider returns from 2014 on are usual).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_FY = r"(\d{4})\s*[-/]\s*(\d{2})"
_FY_QUARTER = [re.compile(_FY + r"\s*[Qq]([1-4])"), re.compile(r"[Qq]([1-4])\s*" + _FY)]
_CAL_QUARTER = [re.compile(r"(\d{4})\s*[Qq]([1-4])"), re.compile(r"[Qq]([1-4])\s*(\d{4})")]
_FY_YEAR = re.compile(_FY)
_CAL_YEAR = re.compile(r"(\d{4})")
_MONTH_NAME = re.compile(r"([A-Za-z]+)[\s\-/]*(\d{2}|\d{4})")
_MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})")


class PeriodError(ValueError):
    """A period label that cannot be read, or that belongs to the other year convention."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Ordered by end date, so sorting periods puts them in time order."""

    end: dt.date
    start: dt.date
    kind: str
    label: str

    @property
    def snapshot_date(self) -> dt.date:
        return self.end + dt.timedelta(days=1)


def accepted_forms(year: str = "financial") -> str:
    """The labels a pack counting in ``year`` accepts, for error messages and templates."""
    if year == "calendar":
        return "a calendar quarter like 2024 Q1 (January to March), a month like Jul-16 or 2016-07, or a year like 2023"
    return (
        "a financial-year quarter like 2024-25 Q1 (Q1 is April to June), a month like Jul-16 or 2016-07, "
        "or a financial year like 2023-24"
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(start_year: int, start_month: int, count: int) -> tuple[dt.date, dt.date]:
    first = start_year * 12 + start_month - 1
    last = first + count - 1
    return dt.date(first // 12, first % 12 + 1, 1), _month_end(last // 12, last % 12 + 1)


def _check_year(year: int, label: str) -> int:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise PeriodError(f"period {label!r}: year {year} is not plausible")
    return year


def _fy_first(first: str, second: str, label: str) -> int:
    year = _check_year(int(first), label)
    if int(second) != (year + 1) % 100:
        raise PeriodError(f"period {label!r}: a financial year runs from one year into the next, like {year}-{(year + 1) % 100:02d}")
    return year


def _full_year(text: str) -> int:
    year = int(text)
    # Two-digit years in month labels (Jul-16) are this century.
    return 2000 + year if len(text) == 2 else year


def parse(label: str, *, year: str = "financial") -> Period:
    """The period a label names, in a pack that counts in the ``year`` convention ("financial" or
    "calendar"). The returned label is the canonical spelling (``2024/25 q1`` becomes ``2024-25 Q1``).
    Raises ``PeriodError`` listing the accepted forms."""
    if year not in YEARS:
        raise PeriodError(f"unknown year convention {year!r}; expected one of {', '.join(YEARS)}")
    text = str(label).strip()
    for pattern in _FY_QUARTER:
        if m := pattern.fullmatch(text):
            groups = m.groups()
            quarter, first, second = (groups[2], groups[0], groups[1]) if pattern is _FY_QUARTER[0] else groups
            fy = _fy_first(first, second, text)
            if year == "calendar":
                raise PeriodError(
                    f"period {text!r} is a financial-year quarter, but this authority counts calendar-year quarters; "
                    f"write it as {_calendar_name(fy, int(quarter))} (or set [periods] year = \"financial\")"
                )
            start, end = _months(fy, FINANCIAL_YEAR_START + 3 * (int(quarter) - 1), 3)
            return Period(end, start, "quarter", f"{fy}-{(fy + 1) % 100:02d} Q{quarter}")
    for pattern in _CAL_QUARTER:
        if m := pattern.fullmatch(text):
            first, quarter = m.groups() if pattern is _CAL_QUARTER[0] else reversed(m.groups())
            cy = _check_year(int(first), text)
            if year == "financial":
                q = int(quarter)
                month = 1 + 3 * (q - 1)
                fy = cy if month >= FINANCIAL_YEAR_START else cy - 1
                fq = (month - FINANCIAL_YEAR_START) % 12 // 3 + 1
                raise PeriodError(
                    f"period {text!r} gives no financial year, and this authority counts financial-year quarters "
                    f"(Q1 is April to June): for {calendar.month_name[month]} to {calendar.month_name[month + 2]} {cy} "
                    f"write {fy}-{(fy + 1) % 100:02d} Q{fq}; for Q{q} of the financial year starting in April {cy} write "
                    f"{cy}-{(cy + 1) % 100:02d} Q{q} (or set [periods] year = \"calendar\")"
                )
            start, end = _months(cy, 1 + 3 * (int(quarter) - 1), 3)
            return Period(end, start, "quarter", f"{cy} Q{quarter}")
    if m := _MONTH_ISO.fullmatch(text):
        y, month = _check_year(int(m.group(1)), text), int(m.group(2))
        if 1 <= month <= 12:
            start, end = _months(y, month, 1)
            return Period(end, start, "month", f"{calendar.month_abbr[month]}-{y % 100:02d}")
    if m := _MONTH_NAME.fullmatch(text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            y = _check_year(_full_year(m.group(2)), text)
            start, end = _months(y, month, 1)
            return Period(end, start, "month", f"{calendar.month_abbr[month]}-{y % 100:02d}")
    if m := _FY_YEAR.fullmatch(text):
        fy = _fy_first(*m.groups(), text)
        if year == "calendar":
            raise PeriodError(
                f"period {text!r} is a financial year, but this authority counts calendar years; write {fy + 1} for a "
                f"year ending in December, or set [periods] year = \"financial\""
            )
        start, end = _months(fy, FINANCIAL_YEAR_START, 12)
        return Period(end, start, "year", f"{fy}-{(fy + 1) % 100:02d}")
    if m := _CAL_YEAR.fullmatch(text):
        cy = _check_year(int(m.group(1)), text)
        if year == "financial":
            raise PeriodError(
                f"period {text!r} could be the calendar year or the financial year ending in it; this authority counts "
                f"financial years, so write {cy - 1}-{cy % 100:02d} (April {cy - 1} to March {cy}) or {cy}-{(cy + 1) % 100:02d}"
            )
        start, end = _months(cy, 1, 12)
        return Period(end, start, "year", f"{cy}")
    raise PeriodError(f"period {text!r} is not a period label; use {accepted_forms(year)}")


def _calendar_name(fy: int, quarter: int) -> str:
    month = FINANCIAL_YEAR_START + 3 * (quarter - 1)
    return f"{fy + (month - 1) // 12} Q{((month - 1) % 12) // 3 + 1}"


def parse_all(labels: Iterable[str], *, year: str = "financial") -> list[Period]:
    """Every distinct label parsed, in time order (the first error raised names its label)."""
    return sorted({p.label: p for p in (parse(label, year=year) for label in labels)}.values())


def frame(labels: Iterable[str], *, year: str = "financial", data_source: str, source: str) -> pd.DataFrame:
    """Rows of the store's ``kpi_periods`` table for the labels, in time order: period,
    period_end, snapshot_date, data_source, source (plus period_start and kind)."""
    periods = parse_all(labels, year=year)
    return pd.DataFrame({
        "period": [p.label for p in periods],
        "period_start": [p.start for p in periods],
        "period_end": [p.end for p in periods],
        "snapshot_date": [p.snapshot_date for p in periods],
        "kind": [p.kind for p in periods],
        "data_source": data_source,
        "source": source,
    })


def _months_between(a: Period, b: Period) -> int:
    return (b.end.year * 12 + b.end.month) - (a.end.year * 12 + a.end.month)


def gaps(periods: Sequence[Period]) -> list[tuple[Period, Period]]:
    """Consecutive pairs (of the same kind, in time order) further apart than the series' usual
    step: a month missing from a monthly return, a quarter from a quarterly one. A series that is a
    sample by design (a report quoting each year's Q4) has no gaps, since its usual step is a year."""
    ordered = sorted(periods)
    pairs = [(a, b) for a, b in zip(ordered, ordered[1:]) if a.kind == b.kind]
    steps = [_months_between(a, b) for a, b in pairs]
    if not steps:
        return []
    usual = max(set(steps), key=lambda step: (steps.count(step), -step))
    return [(a, b) for (a, b), step in zip(pairs, steps) if step > usual]


def gap_sentence(periods: Sequence[Period]) -> str | None:
    """'No values between 2015-16 Q2 and 2016-17 Q1.' for each gap, or None when the series is unbroken."""
    found = gaps(periods)
    if not found:
        return None
    words = "; ".join(f"between {a.label} and {b.label}" for a, b in found)
    return f"No values {words}; the arrow after a gap compares with the last period before it."
