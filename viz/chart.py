"""A chart as a page or the briefing places it: the figure, the finding it states in one sentence
(its accessible name, read by screen readers), and the data behind it as a table (its full text
alternative, WCAG 1.1.1), so nobody needs to see the chart to get its answer.

A ``Chart`` is built once per distinct input and then shared (``ui.charts.FIGURE_CACHE``): nothing
changes it after ``chart()`` returns. So what a page needs to place it at every rerun is made once
too: the figure's dict (``FrozenFigure``) and the table in Arrow form.

    >>> import plotly.graph_objects as go, pandas as pd
    >>> c = chart(go.Figure(go.Bar(x=["16-17"], y=[183])), alt="183 care leavers are aged 16-17.",
    ...           table=pd.DataFrame({"Age": ["16-17"], "Care leavers": [183]}))
    >>> c.alt
    '183 care leavers are aged 16-17.'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from viz.plain_text import plain_links


class FrozenFigure(go.Figure):
    """A finished figure, shared by every session and never changed again. Streamlit asks a figure for
    ``to_dict()`` (a deep copy) every time it places one; this one makes its dict once and hands that
    out. Any change is refused, since the dict would no longer match; a copy or a pickle is made from
    a fresh dict, never from the shared one."""

    def __init__(self, figure: go.Figure | dict[str, Any]) -> None:
        super().__init__(figure, _validate=False)  # already validated when it was built
        self._frozen_dict = super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._frozen_dict

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        props = copy.deepcopy(self._frozen_dict)
        props.update(_grid_str=self._grid_str, _grid_ref=self._grid_ref)
        return (self.__class__, (props,))

    def __setattr__(self, prop: str, value: Any) -> None:
        if prop in ("data", "layout", "frames") and "_frozen_dict" in self.__dict__:
            _refuse()
        super().__setattr__(prop, value)


def _refuse() -> None:
    raise TypeError("a built chart is shared by every session and never changed: build a new figure instead")


def _refusing(name: str) -> Any:
    change = getattr(go.Figure, name)

    def refuse(self: FrozenFigure, *args: Any, **kwargs: Any) -> Any:
        if "_frozen_dict" in self.__dict__:
            _refuse()
        return change(self, *args, **kwargs)

    return refuse


# Every change to a figure, its layout or its traces, one at a time or in a batch, passes through one of these.
for _name in ("_relayout_child", "_restyle_child", "_perform_plotly_relayout", "_perform_plotly_restyle", "_perform_plotly_update", "add_traces"):
    setattr(FrozenFigure, _name, _refusing(_name))


@dataclass(frozen=True)
class Chart:
    figure: go.Figure  # a FrozenFigure, links already made plain text
    alt: str  # the finding in one sentence
    table: pd.DataFrame | None = None  # the data drawn, with user-facing column names and units
    arrow: pa.Table | None = None  # the same table as Arrow, ready to send (None if Arrow cannot hold it as it is)


def _arrow(table: pd.DataFrame | None) -> pa.Table | None:
    if table is None:
        return None
    try:
        return pa.Table.from_pandas(table, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None  # mixed types in a column: the page lets Streamlit convert it


def chart(fig: go.Figure, *, alt: str, table: pd.DataFrame | None = None) -> Chart:
    return Chart(FrozenFigure(plain_links(fig)), alt, table, _arrow(table))
