"""Which file is which: recognised by its set of columns, never by its name.

SSDA903 tables are recognised by their exact column set (upper case, any order), as the tools in
the field do. The three templates are matched ignoring capitals, since they are typed in
spreadsheets. The collection year of a 903 file comes from its name: ``oc3_2023.csv`` or
``OC3 2022-23.csv`` are both the 2022-23 collection (1 April 2022 to 31 March 2023); a single year is
the March the collection ends in, as the DfE names them.

Example::

    >>> recognise(("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")).key
    'oc3'
    >>> year_from_name("oc3_2022-23.csv"), year_from_name("Header 2024.csv"), year_from_name("oc3.csv")
    (2023, 2024, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    columns: tuple[str, ...]
    ssda903: bool


HEADER = Kind("header", "SSDA903 Header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), True)
OC3 = Kind("oc3", "SSDA903 OC3 (care leavers)", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), True)
UASC = Kind("uasc", "SSDA903 UASC", ("CHILD", "SEX", "DOB", "DUC"), True)
KPI_RETURNS = Kind("kpi_returns", "Provider KPI return", ("kpi_id", "period", "value"), False)
COHORT_SNAPSHOTS = Kind(
    "cohort_snapshots",
    "Cohort snapshot",
    (
        "snapshot_date", "child", "dob", "sex", "ethnic", "disabled", "uasc", "care_start", "legal_status",
        "location", "in_custody", "at_university", "in_touch", "activ", "accom", "pathway_plan_up_to_date",
    ),
    False,
)
BUDGET_LINES = Kind("budget_lines", "Budget lines", ("line_id", "option", "item", "amount"), False)
KINDS: tuple[Kind, ...] = (HEADER, OC3, UASC, KPI_RETURNS, COHORT_SNAPSHOTS, BUDGET_LINES)
BY_KEY = {k.key: k for k in KINDS}

_FINANCIAL_YEAR = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def recognise(columns: tuple[str, ...]) -> Kind | None:
    for kind in KINDS:
        if kind.ssda903 and set(columns) == set(kind.columns) and len(columns) == len(kind.columns):
            return kind
        if not kind.ssda903 and {c.lower() for c in columns} == set(kind.columns) and len(columns) == len(kind.columns):
            return kind
    return None


def unrecognised_reason(columns: tuple[str, ...]) -> str:
    """Why ``columns`` match nothing, against the nearest kind of file."""
    given = {c.upper() for c in columns if c}
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        return f"column {', '.join(duplicated)} appears more than once"

    def overlap(kind: Kind) -> float:
        wanted = {c.upper() for c in kind.columns}
        return len(given & wanted) / len(given | wanted)

    nearest = max(KINDS, key=overlap)
    if overlap(nearest) == 0:
        names = "; ".join(f"{k.label} ({', '.join(k.columns)})" for k in KINDS)
        return f"these columns match no file we read. We read: {names}"
    wanted = {c.upper(): c for c in nearest.columns}
    missing = [wanted[c] for c in wanted if c not in given]
    extra = [c for c in columns if c and c.upper() not in wanted]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"not expected: {', '.join(extra)}")
    if not parts and nearest.ssda903:
        parts.append("SSDA903 column names are upper case")
    return f"the columns are nearest to {nearest.label} ({', '.join(nearest.columns)}) but {'; '.join(parts)}"


def canonical_columns(kind: Kind, columns: tuple[str, ...]) -> list[str]:
    """The kind's own spelling of each column of the file, in the file's order."""
    spelling = {c.lower(): c for c in kind.columns}
    return [spelling[c.lower()] for c in columns]


def year_from_name(name: str) -> int | None:
    """The collection year (the March it ends in) written in a file name, or None."""
    stem = name.rsplit("/", 1)[-1]
    for match in _FINANCIAL_YEAR.finditer(stem):
        first, second = int(match.group(1)), int(match.group(2))
        if second == (first + 1) % 100:
            return first + 1
    years = _YEAR.findall(stem)
    return int(years[-1]) if years else None
