"""Which file is which: recognised by its set of columns, never by its name.

SSDA903 tables are recognised by their column names (upper case, any order), as the tools in the
field do; the three templates are matched ignoring capitals, since they are typed in spreadsheets.
A file holding every column of a kind and some more (a ``NOTES`` column added by an extract) is that
kind: the extra columns are named in a warning and never read or stored.

The collection year of a 903 file comes from its name or from the folder it is in: ``oc3_2023.csv``,
``OC3 2022-23.csv``, ``2023/oc3.csv`` and ``2022-23/oc3.csv`` are all the 2022-23 collection
(1 April 2022 to 31 March 2023); a single year is the March the collection ends in, as the DfE
names them.

Example::

    >>> recognise(("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM", "NOTES")).key
    'oc3'
    >>> year_from_name("oc3_2022-23.csv"), year_from_name("Header 2024.csv"), year_from_name("oc3.csv")
    (2023, 2024, None)
    >>> years_in_path("903/2022-23/oc3.csv"), years_in_path("903.zip/2023/oc3_2024.csv")
    ((None, '2022-23', 2023), (2024, '2023', 2023))
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


def _name(kind: Kind, column: str) -> str:
    """How ``kind`` spells ``column``, or '' if it does not read it (903 names are upper case)."""
    if kind.ssda903:
        return column if column in kind.columns else ""
    return column.lower() if column.lower() in kind.columns else ""


def _duplicated(columns: tuple[str, ...]) -> list[str]:
    upper = [c.upper() for c in columns if c]
    return sorted({c for c in upper if upper.count(c) > 1})


def recognise(columns: tuple[str, ...]) -> Kind | None:
    """The kind whose columns are all in ``columns``; the one with most columns if several are."""
    if _duplicated(columns):
        return None
    matching = [k for k in KINDS if set(k.columns) <= {_name(k, c) for c in columns}]
    return max(matching, key=lambda k: len(k.columns), default=None)


def extra_columns(kind: Kind, columns: tuple[str, ...]) -> list[str]:
    """The columns of the file that ``kind`` does not read, in the file's order (blank names left out)."""
    return [c for c in columns if c and not _name(kind, c)]


def unrecognised_reason(columns: tuple[str, ...]) -> str:
    """Why ``columns`` match nothing, against the nearest kind of file."""
    given = {c.upper() for c in columns if c}
    duplicated = _duplicated(columns)
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
    """The kind's own spelling of each column of the file, in the file's order; a column it does
    not read keeps a name no check asks for, so it can never stand in for one that is read."""
    return [_name(kind, c) or f"extra {i}: {c}" for i, c in enumerate(columns)]


def years_in_path(path: str) -> tuple[int | None, str | None, int | None]:
    """(year in the file name, the nearest folder naming a year, that folder's year) for a path
    like ``903/2023-24/oc3.csv``; folders are separated by ``/`` (zip members, relative paths)."""
    *folders, name = path.replace("\\", "/").split("/")
    for folder in reversed(folders):
        year = year_from_name(folder)
        if year is not None:
            return year_from_name(name), folder, year
    return year_from_name(name), None, None


def year_from_name(name: str) -> int | None:
    """The collection year (the March it ends in) written in a file name, or None."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    for match in _FINANCIAL_YEAR.finditer(stem):
        first, second = int(match.group(1)), int(match.group(2))
        if second == (first + 1) % 100:
            return first + 1
    years = _YEAR.findall(stem)
    return int(years[-1]) if years else None
