r"""Validation errors, reported the way the community SSDA903 validator reports them.

Every problem is an ``Issue`` naming the file, the row, the column and the value, with a plain
reason; a load collects all of them before deciding anything, so a user fixes a file once rather
than once per error. ``summary_frame`` gives one line per rule with a count, ``issues_frame`` the
per-row list (both downloadable from the Data page).

Rows are counted as a spreadsheet shows them: row 1 is the column names, so the first record is
row 2. File-level problems (encoding, size, columns) have no row.

The report is for the person loading the files, who fixes each record in the case-management system
where it is found by its child ID: every record-level issue names the CHILD, and the value shows
what was written (control characters escaped, long values cut with an ellipsis), IDs and dates
included. It is shown on the Data page and written only when asked for; ``redact`` masks IDs and
dates for a copy that can be shared. Nothing here is stored: the load log and the store never hold
an ID or a full date.

Example::

    >>> issue = Issue("oc3_2023.csv", 5, "ACCOM", "Q1", "code", "ACCOM 'Q1' is not an accommodation code")
    >>> summary_frame([issue]).to_dict("records")
    [{'rule': 'code', 'description': 'Value is not in the code list', 'errors': 1}]
    >>> dob = Issue("oc3_2023.csv", 2, "DOB", "31/02/2005", "date_format", "DOB is not a real calendar date", child="KX01")
    >>> (dob.child, dob.value), (redact(dob).child, redact(dob).value)
    (('KX01', '31/02/2005'), ('(hidden)', 'nn/nn/nnnn'))
    >>> print(as_written("=HYPERLINK(\"x\")\r\n" + "A" * 40))
    =HYPERLINK("x")\r\nAAAAAAAAAAAAAAAAAAAA…
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
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
    "file_year": "Collection year missing, implausible or given two ways that disagree",
    "file_repeated": "Same table and year given twice in one load",
    "header_missing": "Child has no Header record in the year",
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
    # Warnings: reported, but they do not stop a load.
    "extra_columns": "Columns we do not read (ignored, not stored)",
    "file_skipped": "File in a folder or archive that is not read",
    "header_absent": "No Header for the year to check children against",
}
WARNINGS = frozenset({"extra_columns", "file_skipped", "header_absent"})

ID_COLUMNS = frozenset({"CHILD", "UPN"})
DATE_COLUMNS = frozenset({"DOB", "MC_DOB", "DUC", "CARE_START"})
HIDDEN = "(hidden)"
MAX_SHOWN = 40
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# A date written with slashes anywhere in a reason: the reasons name other records' dates as written.
_SLASHED_DATE = re.compile(r"\d{1,4}/\d{1,2}/\d{1,4}")


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    # Cc: control characters (NUL, ESC...); Cf: invisible format characters such as a right-to-left
    # override, which would make a value read differently from what the file holds.
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def as_written(value: str | None) -> str | None:
    """``value`` as the file holds it, safe to show: control characters escaped, cut to 40
    characters with an ellipsis (never in the middle of an escape)."""
    if value is None:
        return None
    pieces = [_escaped(char) for char in value]
    if sum(map(len, pieces)) <= MAX_SHOWN:
        return "".join(pieces)
    out, length = [], 0
    for piece in pieces:
        if length + len(piece) > MAX_SHOWN - 1:
            break
        out.append(piece)
        length += len(piece)
    return "".join(out) + "…"


def _shape(value: str) -> str:
    return re.sub(r"\d", "n", re.sub(r"[A-Za-z]", "x", value))


@dataclass(frozen=True)
class Issue:
    """One problem; ``row`` is the spreadsheet row (column names are row 1), None for the file;
    ``child`` is the record's CHILD as written, when the record has one."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    child: str | None = None

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")
        # Frozen dataclass: escaping happens once, here, so no caller can forget it.
        object.__setattr__(self, "value", as_written(self.value))
        object.__setattr__(self, "child", as_written(self.child) or None)

    @property
    def is_warning(self) -> bool:
        return self.rule in WARNINGS


def redact(issue: Issue) -> Issue:
    """The issue for sharing: CHILD and UPN hidden, dates by their shape only (``nn/nn/nnnn``), in
    the value and in the reason alike."""
    column = (issue.column or "").upper()
    value = issue.value
    if value and column in ID_COLUMNS:
        value = HIDDEN
    elif value and (column in DATE_COLUMNS or _SLASHED_DATE.search(value)):
        value = _shape(value)
    message = _SLASHED_DATE.sub(lambda m: _shape(m.group()), issue.message)
    if issue.child and len(issue.child) > 1:
        message = message.replace(issue.child, HIDDEN)
    return dataclasses.replace(issue, value=value, message=message, child=HIDDEN if issue.child else None)


def sort_key(issue: Issue) -> tuple[str, int, str]:
    return (issue.file, issue.row or 0, issue.column or "")


COLUMNS = ["file", "row", "child", "column", "value", "rule", "reason"]


def issues_frame(issues: Iterable[Issue], *, redacted: bool = False) -> pd.DataFrame:
    """The per-record list. Columns: file, row (spreadsheet row; blank for the whole file), child
    (CHILD as written), column, value (as written), rule, reason. ``redacted`` masks IDs and dates."""
    records = [
        {"file": i.file, "row": i.row, "child": i.child or "", "column": i.column or "", "value": i.value or "",
         "rule": i.rule, "reason": i.message}
        for i in (redact(i) if redacted else i for i in issues)
    ]
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
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
