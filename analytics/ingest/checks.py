"""Field checks shared by every kind of file: each returns the parsed value or None, and records an
``Issue`` naming the file, row, column and value when the value is wrong.

Dates are ``dd/mm/yyyy`` (day and month may have one digit, as spreadsheets write them; the year
must have four). Ages follow the DfE: an OC3 age is the age reached at the birthday that falls in
the collection year (1 April to 31 March).

Example::

    >>> f = FileChecks("oc3_2023.csv")
    >>> f.date(2, "DUC", "31/02/2006"), f.issues[0].message
    (None, 'DUC is not a real calendar date')
    >>> age_at_birthday_in_year(dt.date(2005, 5, 17), 2023)  # birthday in May 2022
    17
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator

from analytics.ingest.issues import Issue
from analytics.ingest.reading import Table

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)")
# Plain decimals, with thousands commas and a pound sign as spreadsheets format money; never
# 'nan', 'inf' or exponents, which float() would take.
_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|-?\.\d+")
YES = frozenset({"y", "yes", "true", "1"})
NO = frozenset({"n", "no", "false", "0"})
# Errors listed one by one per file; the rest are counted by rule.
MAX_LISTED = 10_000


class FileChecks:
    """The issues found in one file, so a check names the file once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []
        # rule -> (index in issues of its "not listed" line, how many it stands for)
        self._unlisted: dict[str, tuple[int, int]] = {}
        # The CHILD of the record being checked, named in every issue about it: the analyst finds
        # the record by its ID in the case-management system, not by a row of an extract.
        self.child: str | None = None

    def add(self, row: int | None, column: str | None, value: str | None, rule: str, message: str,
            *, child: str | None = None) -> None:
        if len(self.issues) - len(self._unlisted) < MAX_LISTED:
            self.issues.append(Issue(self.file, row, column, value, rule, message, child=child or self.child))
            return
        # Past the cap a bad file costs a count, not an object per error: one line per rule says how many.
        at, count = self._unlisted.get(rule, (len(self.issues), 0))
        line = Issue(self.file, None, None, None, rule,
                     f"{count + 1:,} more errors of this kind are not listed (a file lists its first {MAX_LISTED:,}); "
                     "fix those and check again")
        if at == len(self.issues):
            self.issues.append(line)
        else:
            self.issues[at] = line
        self._unlisted[rule] = (at, count + 1)

    def records(self, table: Table, columns: list[str], *, child_column: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
        """Each record of ``table`` as {column: stripped value}, with ``self.child`` set to its
        ``child_column``; records with the wrong number of values are reported and skipped (empty
        cells trailing past the last column are ignored)."""
        width = len(columns)
        at = columns.index(child_column) if child_column in columns else None
        for row, cells in table.rows:
            self.child = (cells[at].strip() or None) if at is not None and at < len(cells) else None
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            if len(cells) != width:
                self.add(row, None, None, "row_fields", f"the record has {len(cells)} values; there are {width} column names")
                continue
            yield row, {c: v.strip() for c, v in zip(columns, cells)}
        self.child = None

    def required(self, row: int, column: str, value: str) -> str | None:
        if not value:
            self.add(row, column, value, "required", f"{column} is blank; it is required")
            return None
        return value

    def date(self, row: int, column: str, value: str, *, required: bool = True) -> dt.date | None:
        if not value:
            if required:
                self.add(row, column, value, "required", f"{column} is blank; it is required")
            return None
        match = _DATE.fullmatch(value)
        if not match:
            self.add(row, column, value, "date_format", f"{column} is not a date written dd/mm/yyyy")
            return None
        day, month, year = match.groups()
        if len(year) != 4:
            reason = "has a two-digit year" if len(year) == 2 else "does not have a four-digit year"
            self.add(row, column, value, "date_format", f"{column} {reason}; write dates as dd/mm/yyyy")
            return None
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            self.add(row, column, value, "date_format", f"{column} is not a real calendar date")
            return None

    def code(self, row: int, column: str, value: str, allowed: Collection[str], meaning: str) -> str | None:
        if not value:
            self.add(row, column, value, "required", f"{column} is blank; it is required")
            return None
        if value not in allowed:
            self.add(row, column, value, "code", f"{column} {value!r} is not {meaning}")
            return None
        return value

    def yes_no(self, row: int, column: str, value: str) -> bool | None:
        word = value.lower()
        if word in YES:
            return True
        if word in NO:
            return False
        if not value:
            self.add(row, column, value, "required", f"{column} is blank; write Y or N")
        else:
            self.add(row, column, value, "code", f"{column} {value!r} is not Y or N")
        return None

    def number(self, row: int, column: str, value: str) -> float | None:
        if not value:
            self.add(row, column, value, "required", f"{column} is blank; it is required")
            return None
        plain = value.replace(" ", "")
        plain = "-" + plain[2:] if plain.startswith("-£") else plain.removeprefix("£")
        if not _NUMBER.fullmatch(plain):
            self.add(row, column, value, "number", f"{column} {value!r} is not a number")
            return None
        return float(plain.replace(",", ""))

    def child_id(self, row: int, column: str, value: str) -> str | None:
        if not value:
            self.add(row, column, value, "required", f"{column} is blank; every record needs the child's ID")
            return None
        if len(value) > 10:
            self.add(row, column, value, "child_id", f"{column} has {len(value)} characters; it must have 1 to 10")
            return None
        return value


def age_on(dob: dt.date, day: dt.date) -> int:
    """Completed years on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def age_at_birthday_in_year(dob: dt.date, year: int) -> int:
    """Age reached at the birthday inside collection year ``year`` (1 April year-1 to 31 March year)."""
    return (year - 1 - dob.year) if dob.month >= 4 else (year - dob.year)


def eighteenth_birthday(dob: dt.date) -> dt.date:
    # In England someone born on 29 February comes of age on 1 March in a common year.
    try:
        return dob.replace(year=dob.year + 18)
    except ValueError:
        return dt.date(dob.year + 18, 3, 1)


def year_start(year: int) -> dt.date:
    return dt.date(year - 1, 4, 1)


def year_end(year: int) -> dt.date:
    return dt.date(year, 3, 31)


def long_date(day: dt.date) -> str:
    """A date in words, as reasons write the dates that are not a child's: 31 March 2023."""
    return f"{day.day} {day:%B %Y}"


def year_label(year: int) -> str:
    """2023 -> '2022-23'."""
    return f"{year - 1}-{year % 100:02d}"
