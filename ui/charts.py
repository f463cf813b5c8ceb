"""Charts on a page: the shared template (viz.theme) and one way to place a figure.

Building a Plotly figure costs tens of milliseconds (property validation); placing a built one costs
little. So pages place ``viz.chart.Chart``s built by cached wrappers in the ``ui.data_*`` modules:

    @st.cache_resource(**charts.FIGURE_CACHE)
    def _trend_chart(kpi_id: str, period: str, version: str) -> Chart:
        trend = performance.kpi_trend(kpi_id, period)
        return chart(kpi_charts.trend_chart(trend, source=...), alt=finding, table=trend_table)

``cache_resource`` hands every session the same object rather than a copy (unpickling a figure costs
about as much as building it); Streamlit serialises the figure without changing it, and nothing else
may. Keys are small values and the store version, as in ``ui.data``.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from viz.chart import Chart, chart
from viz.plain_text import plain_links
from viz.theme import PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS, TEXT, styled

__all__ = ["FIGURE_CACHE", "PALETTE", "PUBLISHED_COLOUR", "STATUS_COLOURS", "TEXT", "Chart", "chart", "show", "styled"]

FIGURE_CACHE = dict(max_entries=512, ttl=3600, show_spinner=False)
_CONFIG = {"displaylogo": False}


def show(item: Chart | go.Figure, *, key: str, alt: str | None = None) -> None:
    """Place a chart, with its finding as the accessible name and its data in a table below."""
    if isinstance(item, Chart):
        st.plotly_chart(item.figure, theme=None, width="stretch", key=key, config=_CONFIG, alt=item.alt)
        if item.table is not None and not item.table.empty:
            with st.expander("The chart's data as a table"):
                st.dataframe(item.table if item.arrow is None else item.arrow, hide_index=True, width="stretch", key=f"{key}_table")
        return
    # Labels may come from files (a budget line's item): no link in them may go live.
    st.plotly_chart(plain_links(item), theme=None, width="stretch", key=key, config=_CONFIG, alt=alt)
