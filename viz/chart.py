"""A chart as a page or the briefing places it: the figure, the finding it states in one sentence
(its accessible name, read by screen readers), and the data behind it as a table (its full text
alternative, WCAG 1.1.1), so nobody needs to see the chart to get its answer.

A ``Chart`` is built once per distinct input and then shared (``ui.charts.FIGURE_CACHE``): nothing
changes it after ``chart()`` returns.

    >>> import plotly.graph_objects as go, pandas as pd
    >>> c = chart(go.Figure(go.Bar(x=["16-17"], y=[183])), alt="183 care leavers are aged 16-17.",
    ...           table=pd.DataFrame({"Age": ["16-17"], "Care leavers": [183]}))
    >>> c.alt
    '183 care leavers are aged 16-17.'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from viz.plain_text import plain_links


@dataclass(frozen=True)
class Chart:
    figure: go.Figure  # links already made plain text; never changed after building
    alt: str  # the finding in one sentence
    table: pd.DataFrame | None = None  # the data drawn, with user-facing column names and units


def chart(fig: go.Figure, *, alt: str, table: pd.DataFrame | None = None) -> Chart:
    return Chart(plain_links(fig), alt, table)
