"""Validation errors, reported the way the community SSDA903 validator reports them.

Every problem is an ``Issue`` naming the file, the row, the column and the value, with a plain
reason; a load collects all of them before deciding anything, so a user fixes a file once rather
than once per error. ``summary_frame`` gives one line per rule with a count, ``issues_frame`` the
per-row list (both downloadable from the Data page).

Rows are counted as a spreadsheet shows them: row 1 is the column names, so the first record is
row 2. File-level problems (encoding, size, columns) have no row.

Identifiers and dates of birth are never echoed back: a CHILD or UPN value is shown as
``(not shown)`` and a date of birth by its shape only (``nn/nn/nnnn``), so an error report can be
shared and downloaded like any other aggregate.

Example::

    >>> issue = Issue("oc3_2023.csv", 5, "ACCOM", "Q1", "code", "ACCOM 'Q1' is not an accommodation code")
    >>> summary_frame([issue]).to_dict("records")
    [{'rule': 'code', 'description': 'Value is not in the code list', 'errors': 1}]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

# One line per rule, in the order the summary lists them when counts tie.
RULES: dict[str, str] = {
    "file_too_large": "File is larger than the size limit",
    "file_empty": "File is empty",
    "file_no_rows": "File has column names but no records",
    "file_encoding": "File is not UTF-8 text",
    "file_unreadable": "File cannot be read as CSV or XLSX",
    "file_unrecognised": "Columns do not match any file we read",
    "file_year": "Collection year missing or implausible",
    "file_repeated": "Same table and year given twice in one load",
    "row_fields": "Record has the wrong number of values",
    "required": "Required value is blank",
    "child_id": "CHILD is not 1 to 10 characters",
    "date_format": "Date is not dd/mm/yyyy",
    "date_implausible": "Date is impossible or outside the collection",
    "code": "Value is not in the code list",
    "sex_code_year": "SEX code from the other scheme for the year",
    "age_range": "Age outside the range collected",
    "duplicate_child": "Child appears more than once",
    "dob_mismatch": "Date of birth differs between tables",
    "died_rhom_codes": "DIED or RHOM without ACTIV and ACCOM of 0",
    "in_touch_codes": "In touch (YES) but ACTIV or ACCOM is 0",
    "accom_age": "Accommodation not allowed at this age",
    "once_died": "Child recorded as DIED, then not",
    "duc_after_18": "UASC status ceased after the 18th birthday",
    "legal_status_age": "Legal status does not fit the age",
    "mother_codes": "MOTHER and MC_DOB do not agree",
    "kpi_unknown": "KPI not defined in the configuration",
    "period_format": "Period is not like 2024-25 Q1",
    "period_incomplete": "New period without every KPI",
    "number": "Value is not a number",
    "number_range": "Number outside its possible range",
    "duplicate_key": "Same item given more than once",
    "store": "The store cannot take this load",
}

_HIDDEN_COLUMNS = frozenset({"CHILD", "UPN"})
_BIRTH_DATE_COLUMNS = frozenset({"DOB", "MC_DOB"})
_MAX_SHOWN = 40


def shown(column: str | None, value: str | None) -> str | None:
    """What an error report may show of ``value``: identifiers never, dates of birth by shape only."""
    if value is None or column is None:
        return value
    upper = column.upper()
    if upper in _HIDDEN_COLUMNS:
        return "(not shown)" if value else ""
    if upper in _BIRTH_DATE_COLUMNS:
        return re.sub(r"\d", "n", value)[:_MAX_SHOWN]
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"


@dataclass(frozen=True)
class Issue:
    """One problem; ``row`` is the spreadsheet row (column names are row 1), None for the file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")
        # Frozen dataclass: masking happens once, here, so no caller can forget it.
        object.__setattr__(self, "value", shown(self.column, self.value))


def sort_key(issue: Issue) -> tuple[str, int, str]:
    return (issue.file, issue.row or 0, issue.column or "")


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """The per-row list. Columns: file, row (spreadsheet row; blank for the whole file), column,
    value, rule, reason."""
    records = [
        {"file": i.file, "row": i.row, "column": i.column or "", "value": i.value or "", "rule": i.rule, "reason": i.message}
        for i in issues
    ]
    frame = pd.DataFrame.from_records(records, columns=["file", "row", "column", "value", "rule", "reason"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def summary_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """One line per rule broken, most frequent first. Columns: rule, description, errors."""
    counts = Counter(i.rule for i in issues)
    order = list(RULES)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return pd.DataFrame(
        [{"rule": rule, "description": RULES[rule], "errors": n} for rule, n in rows], columns=["rule", "description", "errors"]
    )
