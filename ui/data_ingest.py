"""Cached reads for the Data page (the ``ui.data`` pattern: keys are small values and the store's
version token, so a load, which replaces the store, is seen at once)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from analytics import db
from analytics.ingest import stored, templates
from ui.data import version

_CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


@st.cache_data(**_CACHE)
def _load_log(version: str) -> pd.DataFrame:
    return stored.load_log()


def load_log() -> pd.DataFrame:
    return _load_log(version())


@st.cache_data(**_CACHE)
def _ssda903_counts(version: str) -> pd.DataFrame:
    return stored.ssda903_counts()


def ssda903_counts() -> pd.DataFrame:
    return _ssda903_counts(version())


@st.cache_data(**_CACHE)
def _oc3_measures(version: str) -> pd.DataFrame:
    return stored.suppress_measures(stored.oc3_measures())


def oc3_measures() -> pd.DataFrame:
    """Suppressed for display."""
    return _oc3_measures(version())


@st.cache_data(**_CACHE)
def _kpi_ids(version: str) -> list[str]:
    return db.query("ingest_context_kpis")["kpi_id"].tolist()


def kpi_ids() -> list[str]:
    return _kpi_ids(version())


# The column guide of a template: the same for everyone and never changed, so shared, not copied.
@st.cache_resource(**_CACHE)
def template_docs(kind_key: str) -> pd.DataFrame:
    return templates.docs(kind_key)


def uploads(files: Sequence[UploadedFile]) -> list[tuple[str, bytes]]:
    """The uploaded files as (name, bytes), for the worker that checks them: a zip is opened there
    (``analytics.ingest.isolated.run_uploads``), never in the server. Not cached: the files are the
    user's own and change with every upload."""
    return [(f.name, f.getvalue()) for f in files]
