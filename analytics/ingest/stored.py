"""What has been loaded, read back from the store for the Data page: the load log, record counts
and the DfE care-leaver measures computed from the loaded OC3 files.

The measures follow the DfE (``analytics/sql/ingest_oc3_measures.sql`` states the rules). For display
they are suppressed the DfE way: a denominator below 5 hides the row, and a numerator below 5 (or
fewer than 5 outside it, which the rate would give away) hides the numerator and the rate, shown
``c``.

Example (the hand-made sample in ``tests/fixtures/ssda903`` loaded; see ``tests/test_ingest_load.py``)::

    >>> oc3_measures().query("collection_year == 2023")[["measure", "age_group", "numerator", "denominator"]]  # doctest: +SKIP
                                    measure age_group  numerator  denominator
    0  In education, employment or training  17 to 18          3            5
    1  In education, employment or training  19 to 21          3            7
    2             In suitable accommodation  17 to 18          4            5
    3             In suitable accommodation  19 to 21          2            5
"""

from __future__ import annotations

import pandas as pd

from analytics import db
from analytics.disclosure import SUPPRESSED, THRESHOLD


def loaded_tables() -> set[str]:
    return set(db.query("ingest_tables")["table_name"])


def load_log() -> pd.DataFrame:
    """Newest first. Columns: load_id, loaded_at, file_name, kind, collection_year, records, sha256."""
    if "load_log" not in loaded_tables():
        return pd.DataFrame(columns=["load_id", "loaded_at", "file_name", "kind", "collection_year", "records", "sha256"])
    return db.query("ingest_load_log")


def ssda903_counts() -> pd.DataFrame:
    """Columns: table, collection_year, records."""
    if "ssda903_oc3" not in loaded_tables():
        return pd.DataFrame(columns=["table", "collection_year", "records"])
    return db.query("ingest_903_counts")


def oc3_measures() -> pd.DataFrame:
    """Unsuppressed. Columns: collection_year, measure, age_group, numerator, denominator, percent."""
    if "ssda903_oc3" not in loaded_tables():
        return pd.DataFrame(columns=["collection_year", "measure", "age_group", "numerator", "denominator", "percent"])
    return db.query("ingest_oc3_measures")


def suppress_measures(frame: pd.DataFrame) -> pd.DataFrame:
    """``oc3_measures`` for display: counts and rates as text, small numbers shown ``c``."""
    out = frame.copy()
    numerators, denominators, percents = [], [], []
    for row in frame.itertuples():
        hide_all = row.denominator < THRESHOLD
        hide_rate = hide_all or row.numerator < THRESHOLD or row.denominator - row.numerator < THRESHOLD
        denominators.append(SUPPRESSED if hide_all else f"{row.denominator:,}")
        numerators.append(SUPPRESSED if hide_rate else f"{row.numerator:,}")
        percents.append(SUPPRESSED if hide_rate else f"{row.percent:.0f}%")
    out["numerator"], out["denominator"], out["percent"] = numerators, denominators, percents
    return out
