"""Download buttons whose file is made only when the button is pressed.

A page offers many downloads (a CSV beside every table, the briefing as HTML, charts as PNG) and any
one is rarely wanted; building them all at every rerun made each click wait for files nobody asked
for. Streamlit's download button accepts a callable for its data and calls it on its own thread when
pressed, so the page's script only registers the button.

``make_bytes`` runs outside the page's script: it must not call Streamlit, and it should capture the
values it needs (a frame, a figure) rather than read widgets or session state. Pressing the button
does not rerun the page.

    deferred_download("Download this table (CSV)", lambda: to_csv_bytes(frame), "cohort.csv", "text/csv", key="cohort_csv")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import streamlit as st

CSV = "text/csv"
HTML = "text/html"
PNG = "image/png"


def deferred_download(
    label: str,
    make_bytes: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    key: str,
    *,
    help: str | None = None,
    icon: str | None = None,
    disabled: bool = False,
    type: Literal["primary", "secondary", "tertiary"] = "secondary",
    width: Literal["content", "stretch"] | int = "content",
) -> None:
    """A download button for the file ``make_bytes`` returns, called only when the button is pressed."""
    st.download_button(
        label, data=make_bytes, file_name=file_name, mime=mime, key=key, help=help, icon=icon,
        disabled=disabled, type=type, width=width, on_click="ignore",
    )
