"""CSV exports of aggregates, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is read as a formula
by spreadsheet programs (CSV injection), so such cells are prefixed with an apostrophe. Numbers are
left as numbers.

Example::

    >>> to_csv_bytes(pd.DataFrame({"item": ["=1+1"], "amount": [-5]})).decode()
    "item,amount\\n'=1+1,-5\\n"
"""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]) and not pd.api.types.is_bool_dtype(safe[col]):
            safe[col] = safe[col].map(_defuse)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")
