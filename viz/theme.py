"""The one Plotly template: colour-blind-safe colours, readable type, and the source line under each chart.

Pure Plotly (no Streamlit), so the pages and the command-line briefing pack draw the same charts."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
STATUS_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
PUBLISHED_COLOUR = "#000000"
TEXT = "#1f1f1f"

pio.templates["lci"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Source Sans Pro, Arial, sans-serif", size=14, color=TEXT),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(font=dict(size=18), x=0, xanchor="left"),
        xaxis=dict(showgrid=False, linecolor="#6b6b6b", ticks="outside", title=dict(standoff=8)),
        yaxis=dict(gridcolor="#e5e5e5", linecolor="#6b6b6b", zeroline=False, title=dict(standoff=8)),
        legend=dict(orientation="h", y=-0.25, x=0, title=None),
        margin=dict(l=60, r=20, t=70, b=120),
        hoverlabel=dict(font=dict(size=14)),
    )
)


def styled(fig: go.Figure, *, title: str, x_title: str, y_title: str, source: str, as_at: str) -> go.Figure:
    """Apply the template, a title that states the finding, axis titles with units and the source line."""
    fig.update_layout(
        template="lci",
        title=dict(text=title),
        xaxis_title=x_title,
        yaxis_title=y_title,
        annotations=[
            *fig.layout.annotations,
            go.layout.Annotation(
                text=f"Source: {source}. Data as at {as_at}.",
                xref="paper", yref="paper", x=0, y=-0.3, xanchor="left", yanchor="top",
                showarrow=False, font=dict(size=12, color="#4d4d4d"), align="left",
            ),
        ],
    )
    return fig
