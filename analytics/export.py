"""CSV exports that open correctly in a spreadsheet, Windows Excel included.

* UTF-8 with a byte-order mark, so Excel reads £, –, ↓ and ↔ as written rather than guessing a
  Windows code page.
* A text cell that a spreadsheet would read as a formula (CSV injection) is defused, and only
  such a cell: one starting with ``=``, ``@``, tab or carriage return, or with ``+``/``-`` when it is
  not simply a number. A plain number ("-5", "+1.5", "-£1,200", "12%") is left alone; a signed
  number with words after it ("-11 points") takes the true minus sign, which reads the same and is
  never a formula; anything else gets a leading apostrophe.
* ``download_name`` gives each file a unique name carrying its page, subject and date.

Example::

    >>> to_csv_bytes(pd.DataFrame({"item": ["=1+1", "-11 points", "-5"], "amount": [-5, 0, 1]})).decode("utf-8-sig")
    "item,amount\\n'=1+1,-5\\n−11 points,0\\n-5,1\\n"
    >>> download_name("Cohort", "by age band", "2023-10-01")
    'cohort_by-age-band_2023-10-01.csv'
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

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
