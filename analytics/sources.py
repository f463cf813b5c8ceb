"""Where every figure comes from: the store's build record and its published-evidence tables.

Example::

    >>> "kpi_values" in published_tables()["table_name"].tolist()
    True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics import db

# Record-level tables are never offered for display or download.
RECORD_LEVEL = frozenset({"care_leavers", "snapshots"})


@dataclass(frozen=True)
class BuildInfo:
    built_at: dt.datetime
    synthetic: bool
    authority: str
    sources_sha256: str


def build_info() -> BuildInfo:
    row = db.query("build_info").iloc[0]
    return BuildInfo(pd.Timestamp(row["built_at"]).to_pydatetime(), bool(row["synthetic"]), str(row["authority"]), str(row["sources_sha256"]))


def published_tables() -> pd.DataFrame:
    """Columns: table_name, comment, row_count."""
    return db.query("published_tables")


def published_table(name: str) -> pd.DataFrame:
    """All rows of one published table; record-level and unknown tables are refused."""
    if name in RECORD_LEVEL or name not in set(published_tables()["table_name"]):
        raise KeyError(f"{name!r} is not a published evidence table")
    return db.query("published_table", {"name": name})


def citations() -> pd.DataFrame:
    """Columns: evidence (what the figures are), source (table or section of the report)."""
    return db.query("source_citations")
