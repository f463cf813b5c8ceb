"""Charts on a page: the shared template (viz.theme) and one way to show a figure."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from viz.plain_text import plain_links
from viz.theme import PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, styled

__all__ = ["PALETTE", "PUBLISHED_COLOUR", "STATUS_COLOURS", "TEXT", "show", "styled"]


def show(fig: go.Figure, *, key: str) -> None:
    # Labels may come from files (a budget line's item): no link in them may go live.
    st.plotly_chart(plain_links(fig), theme=None, width="stretch", key=key, config={"displaylogo": False})
