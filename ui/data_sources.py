"""Cached tables for the Sources page: each published table as a reader sees it, the notes the
published tables carry, and published KPI values beside the same measures computed from the records.
Keyed on small values and the store's version, as in ``ui.data``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import config, export, formatting, glossary as words, performance, sources
from ui.data import version

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


# Keys that mean something only to the store; the rows say the same in words beside them.
_KEYS = {"budget_lines": ["line_id"], "reference_figures": ["figure_id"], "kpi_definitions": ["kpi_id", "measure"]}


@st.cache_data(**_CACHE)
def _readable_table(name: str, version: str) -> pd.DataFrame:
    table = sources.published_table(name).drop(columns=_KEYS.get(name, []), errors="ignore")
    if "kpi_id" in table.columns:
        names = sources.published_table("kpi_definitions").set_index("kpi_id")["short_name"]
        table["kpi_id"] = table["kpi_id"].map(lambda k: names.get(k, k) if isinstance(k, str) else k)
    return export.readable(table)


def readable_table(name: str) -> pd.DataFrame:
    """A published table with reader's column names and every value formatted (blank when missing)."""
    return _readable_table(name, version())


@st.cache_data(**_CACHE)
def _download_table(name: str, version: str) -> pd.DataFrame:
    return export.user_columns(sources.published_table(name))


def download_table(name: str) -> pd.DataFrame:
    """A published table for a CSV: reader's column names, numbers left as numbers."""
    return _download_table(name, version())


@st.cache_data(**_CACHE)
def _glossary(pack: str, version: str) -> pd.DataFrame:
    return words.words(config.load().glossary)


def glossary() -> pd.DataFrame:
    """Every term the pages use and its meaning (``analytics.glossary.words``), with the pack's own."""
    return _glossary(str(config.config_path()), version())


@st.cache_data(**_CACHE)
def _notes(version: str) -> pd.DataFrame:
    rows = []
    for name in sources.published_tables()["table_name"]:
        table = sources.published_table(name)
        if "note" not in table.columns:
            continue
        for row in table[table["note"].notna() & (table["note"].astype(str).str.strip() != "")].itertuples():
            what = " ".join(str(getattr(row, c)) for c in ("category", "band", "post", "item", "label") if c in table.columns and pd.notna(getattr(row, c)))
            rows.append({"table": name, "figure": what, "note": str(row.note), "source": str(getattr(row, "source", "") or "")})
    return pd.DataFrame(rows, columns=["table", "figure", "note", "source"])


def notes() -> pd.DataFrame:
    """Every note the published tables carry. Columns: table, figure (what the row is), note, source."""
    return _notes(version())


@st.cache_data(**_CACHE)
def _kpi_reconciliation(version: str) -> pd.DataFrame:
    frame = performance.reconciliation()
    return pd.DataFrame({
        "KPI": frame["short_name"],
        "Period": frame["period"],
        "Published": [formatting.percent(v) for v in frame["published"]],
        "Computed from the records": [formatting.percent(v) for v in frame["computed"]],
        "Difference": [formatting.points(v) for v in frame["difference"]],
    })


def kpi_reconciliation() -> pd.DataFrame:
    """Published KPI values beside the same KPIs computed from the record-level snapshots, as text."""
    return _kpi_reconciliation(version())
