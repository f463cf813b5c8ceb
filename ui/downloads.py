"""Download buttons whose file is made only when the button is pressed.

A page offers many downloads (a CSV beside every table, the briefing as HTML, charts as PNG) and any
one is rarely wanted; building them all at every rerun made each click wait for files nobody asked
for. Streamlit's download button accepts a callable for its data and calls it on its own thread when
pressed, so the page's script only registers the button.

``make_bytes`` runs on a thread of its own, outside the page's script: elements and widgets it calls
are ignored and session state is not there, so it captures the values it needs (a frame, a figure, a
KPI id) instead of reading widgets. Cached functions (``ui.data`` and its kin) work there, and are
Streamlit's own advice for a file made again and again. Pressing the button does not rerun the page.

    deferred_download("Download this table (CSV)", lambda: to_csv_bytes(frame), key="cohort_csv",
                      page="Cohort", subject="by age band", as_at=snapshot)

Given ``page``, ``subject`` and ``as_at`` (the date the figures describe) instead of a file name, it
names the file with ``analytics.export.download_name`` ("cohort_by-age-band_2023-10-01.csv"), so no
two downloads anywhere share a name; the extension follows ``mime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

import streamlit as st

from analytics.export import download_name

CSV = "text/csv"
HTML = "text/html"
PNG = "image/png"
EXTENSIONS = {CSV: "csv", HTML: "html", PNG: "png"}


def deferred_download(
    label: str,
    make_bytes: Callable[[], bytes | str],
    file_name: str | None = None,
    mime: str = CSV,
    *,
    key: str,
    page: str | None = None,
    subject: str | None = None,
    as_at: str | dt.date | None = None,
    help: str | None = None,
    icon: str | None = None,
    disabled: bool = False,
    type: Literal["primary", "secondary", "tertiary"] = "secondary",
    width: Literal["content", "stretch"] | int = "content",
) -> None:
    """A download button for the file ``make_bytes`` returns, called only when the button is pressed,
    saved as ``file_name`` or, without one, as ``download_name(page, subject, as_at)``."""
    if file_name is None:
        if not page or not subject:
            raise ValueError(f"download {key!r}: give a file_name, or the page and subject to name it by")
        file_name = download_name(page, subject, as_at, EXTENSIONS.get(mime, "csv"))
    st.download_button(
        label, data=make_bytes, file_name=file_name, mime=mime, key=key, help=help, icon=icon,
        disabled=disabled, type=type, width=width, on_click="ignore",
    )
