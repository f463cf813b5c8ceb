"""Text in a chart is text: Plotly reads a few HTML tags in any label, ``<a href>`` among them, so a
budget line's item or a file's value in a title, a category or a legend would otherwise become a
link. ``plain_links`` turns every ``<a`` into ``&lt;a``, which Plotly shows as the characters typed;
the tags the charts use on purpose (``<br>``, ``<b>``, ``<i>``, ``<sup>``) are untouched.

Example::

    >>> import plotly.graph_objects as go
    >>> fig = plain_links(go.Figure(layout={"title": {"text": "Cost<br><a href='https://x.example'>log in</a>"}}))
    >>> fig.layout.title.text
    "Cost<br>&lt;a href='https://x.example'>log in&lt;/a>"
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio

# Plotly's JSON writes "<" as \u003c and "/" as \u002f.
_LINK_TAG = re.compile(r"\\u003c(\s*(?:\\u002f|/)?\s*a\b)", re.IGNORECASE)


def plain_links(fig: go.Figure) -> go.Figure:
    """``fig`` with no live link tag in any of its text (the same figure when it has none)."""
    text = fig.to_json()
    if not _LINK_TAG.search(text):
        return fig
    return pio.from_json(_LINK_TAG.sub(r"&lt;\1", text))
