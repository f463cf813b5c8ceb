"""CSV exports that open correctly in a spreadsheet, Windows Excel included.

* UTF-8 with a byte-order mark, so Excel reads £, –, ↓ and ↔ as written rather than guessing a
  Windows code page.
* A text cell that a spreadsheet would read as a formula (CSV injection) is defused, and only
  such a cell: one starting with ``=``, ``@``, tab or carriage return, or with ``+``/``-`` when it is
  not simply a number. A plain number ("-5", "+1.5", "-£1,200", "12%") is left alone; a signed
  number with words after it ("-11 points") takes the true minus sign, which reads the same and is
  never a formula; anything else gets a leading apostrophe.
* ``download_name`` gives each file a unique name carrying its page, subject and date.
* ``user_columns`` renames the store's column names (``care_leavers``, ``aged_16_20_not_qualifying``)
  to the words and units a reader expects; ``readable`` also writes every value with
  ``analytics.formatting`` (amounts in pounds, counts with separators, dates in words, blanks
  for missing values) for a table shown on a page.

Example::

    >>> to_csv_bytes(pd.DataFrame({"item": ["=1+1", "-11 points", "-5"], "amount": [-5, 0, 1]})).decode("utf-8-sig")
    "item,amount\\n'=1+1,-5\\n−11 points,0\\n-5,1\\n"
    >>> download_name("Cohort", "by age band", "2023-10-01")
    'cohort_by-age-band_2023-10-01.csv'
    >>> list(user_columns(pd.DataFrame(columns=["care_leavers", "amount", "as_at"])).columns)
    ['Care leavers (count)', 'Amount (£ a year)', 'As at']
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from analytics import formatting

_ALWAYS_FORMULA = ("=", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\s?£?\d[\d,]*(\.\d+)?%?$")
_SIGNED_NUMBER_WITH_WORDS = re.compile(r"^-\s?£?\d[\d,]*(\.\d+)?%?[ A-Za-z%()]*$")
MINUS = "\u2212"


def defuse(value: object) -> object:
    """The cell as a spreadsheet should show it, never as a formula."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_ALWAYS_FORMULA):
        return "'" + value
    if value[0] in "+-":
        if _PLAIN_NUMBER.match(value):
            return value
        if _SIGNED_NUMBER_WITH_WORDS.match(value):
            return MINUS + value[1:]
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]) and not pd.api.types.is_bool_dtype(safe[col]):
            safe[col] = safe[col].map(defuse)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def download_name(page: str, subject: str, as_at: str | dt.date | None = None, extension: str = "csv") -> str:
    """``<page>_<subject>_<date>.<extension>`` in lower case with hyphens, so no two downloads share a name."""
    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    parts = [slug(page), slug(subject)] + ([slug(str(as_at))] if as_at else [])
    return "_".join(p for p in parts if p) + f".{extension}"


# Store columns in a reader's words, with units. A column not named here reads as its name in
# sentence case ("caseload_text" → "Caseload text").
COLUMN_NAMES = {
    "age": "Age (years)",
    "age_band": "Age band (years)",
    "age_group": "Age group (years)",
    "aged_16_20_not_qualifying": "Aged 16 to 20, not qualifying (count)",
    "amount": "Amount (£ a year)",
    "area": "Area",
    "area_code": "DfE LA code",
    "area_name": "Area",
    "area_type": "Type of area",
    "as_at": "As at",
    "assumption": "Assumption",
    "average_caseload_per_fte": "Average caseload per full-time worker",
    "band": "Age band (years)",
    "basis": "Basis",
    "care_leavers": "Care leavers (count)",
    "caseload_high": "Caseload, highest",
    "caseload_low": "Caseload, lowest",
    "caseload_per_fte": "Caseload per full-time worker",
    "category": "Category",
    "cohort": "Care leavers (count)",
    "comparator_type": "Comparator",
    "count": "Care leavers (count)",
    "data_source": "Data source",
    "denominator": "Denominator (count)",
    "dimension": "Breakdown",
    "file": "File",
    "fte": "Full-time equivalent posts (FTE)",
    "grade_equivalent": "Grade",
    "group_average_percent": "Age group average (%)",
    "item": "Item",
    "kpi_id": "KPI",
    "label": "Figure",
    "latest_year": "Latest year ending 31 March",
    "line_id": "Budget line",
    "loaded_at": "Loaded",
    "local_authority": "Local authority",
    "marker": "DfE symbol (no figure published)",
    "measure": "Measure",
    "measure_code": "Measure",
    "method": "Method",
    "model_21_plus": "Support at 21 and over",
    "name": "Name",
    "neighbour_code": "Neighbour's DfE LA code",
    "note": "Note",
    "numerator": "Numerator (count)",
    "option": "Delivery option",
    "origin": "Origin",
    "percent": "Per cent (%)",
    "percent_of_cohort": "Share of the cohort (%)",
    "percent_uasc": "Former UASC (%)",
    "period": "Period",
    "period_end": "Period end",
    "period_start": "Period start",
    "post": "Post",
    "rank": "Rank",
    "records": "Records (count)",
    "region_code": "Region's DfE code",
    "release_year": "DfE release (year)",
    "scenario": "Scenario",
    "sha256": "SHA-256 checksum",
    "snapshot_date": "Snapshot date",
    "source": "Source",
    "statistic": "Statistic",
    "target": "Target",
    "unit": "Unit",
    "value": "Value",
    "year": "Year ending 31 March",
}
_MONEY = {"amount"}
_COUNTS = {"care_leavers", "aged_16_20_not_qualifying", "cohort", "count", "denominator", "numerator", "records"}
_PERCENTS = {"percent", "percent_of_cohort", "percent_uasc", "group_average_percent"}
_FTE = {"fte"}
# Codes and years are labels, never amounts: no thousands separator.
_CODES = {"area_code", "neighbour_code", "region_code", "la_code", "year", "release_year", "latest_year", "rank", "age", "age_min",
          "age_max", "scenario"}
# Columns whose row's ``unit`` (% or £) is theirs; other numbers in the row (ages, tolerances) are not.
_TAKES_UNIT = {"value", "target"}
# Store codes that read as words once their underscores go ("age_band" → "Age band").
_CODED_WORDS = {"dimension", "area_type", "comparator_type", "statistic", "dataset"}


def column_name(name: str) -> str:
    """The reader's name for a store column."""
    return COLUMN_NAMES.get(name, name.replace("_", " ").strip().capitalize())


def user_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its columns named for readers (values unchanged, for a download)."""
    return frame.rename(columns={c: column_name(c) for c in frame.columns if isinstance(c, str)})


def _number(value: float) -> str:
    """A figure with no unit of its own: whole with separators, else as published (up to 2 places)."""
    if float(value).is_integer():
        return formatting.count(value)
    return f"{formatting.half_up(value, 2):,.2f}".rstrip("0").rstrip(".")


def _cell(column: str, value: object, unit: object = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return formatting.day(stamp.date()) + ("" if stamp == stamp.normalize() else f" {stamp:%H:%M}")
    if isinstance(value, dt.date):
        return formatting.day(value)
    if not isinstance(value, int | float):
        text = str(value)
        return text.replace("_", " ").capitalize() if column in _CODED_WORDS and text.islower() else text
    if column in _CODES:
        return str(int(value)) if float(value).is_integer() else str(value)
    if column in _MONEY or (column in _TAKES_UNIT and unit == "£"):
        return formatting.money(value)
    if column in _COUNTS:
        return formatting.count(value)
    if column in _PERCENTS or (column in _TAKES_UNIT and unit == "%"):
        return formatting.percent(value)
    if column in _FTE:
        return formatting.fte(value)
    return _number(value)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a reader should see it on a page: columns named by ``user_columns`` and every
    value written as text by ``analytics.formatting`` (a value in a table with a ``unit`` column
    takes that row's unit: % or £); missing values blank, never None or NaN."""
    units = frame["unit"] if "unit" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    shown = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        shown[column] = [_cell(column, v, u) for v, u in zip(frame[column].astype(object), units)]
    return user_columns(shown).reset_index(drop=True)
