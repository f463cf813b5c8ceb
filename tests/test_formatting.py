"""One formatter per kind of figure (issue 15): checked against hand-written expectations, including
the half-up rounding published tables use."""

import datetime as dt
import doctest

import pytest

from analytics import formatting as f
from viz import chart, theme


@pytest.mark.parametrize(
    "func, value, expected",
    [
        (f.count, 952, "952"),
        (f.count, 1218932, "1,218,932"),
        (f.count, None, "no figure"),
        (f.percent, 43.85, "43.9%"),  # half up; round() would give 43.8
        (f.percent, 44, "44.0%"),
        (f.change_percent, 32.0, "+32.0%"),
        (f.change_percent, -2.04, "\u22122.0%"),
        (f.points, -11, "\u221211.0 points"),
        (f.money, 356293.5, "£356,294"),
        (f.money, -370266, "\u2212£370,266"),
        (f.fte, 32.66, "32.7 FTE"),
        (f.fte, 33, "33.0 FTE"),
        (f.day, dt.date(2023, 10, 1), "1 October 2023"),
        (f.month, dt.date(2023, 10, 1), "Oct 2023"),
        (f.as_at, dt.date(2024, 1, 31), "as at 31 January 2024"),
    ],
)
def test_each_figure_reads_one_way(func, value, expected):
    assert func(value) == expected


@pytest.mark.parametrize("module", [f, chart, theme])
def test_worked_examples_hold(module):
    assert doctest.testmod(module).failed == 0, module.__name__


def test_a_built_chart_places_the_same_figure_and_table_every_time():
    import pandas as pd
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["16-17", "18-20"], y=[183, 402]))
    fig.update_layout(title="<a href='https://example.org'>a link</a> stays text")
    table = pd.DataFrame({"Age": ["16-17", "18-20"], "Care leavers": [183, 402]})
    built = chart.chart(fig, alt="402 are aged 18-20.", table=table)
    once, twice = built.figure.to_dict(), built.figure.to_dict()
    assert once is twice  # made once, not copied at every placing
    assert once["data"][0]["type"] == "bar" and list(once["data"][0]["y"]) == [183, 402]
    assert once["layout"]["title"]["text"].startswith("&lt;a")  # links made plain before freezing
    assert built.arrow.to_pandas().equals(table)
    # A column Arrow cannot hold as it is is left for Streamlit to convert.
    mixed = chart.chart(fig, alt="x", table=pd.DataFrame({"Count": [5, "c"]}))
    assert mixed.arrow is None and mixed.table is not None


def test_a_built_chart_cannot_be_changed_and_copies_leave_it_alone():
    import copy
    import pickle

    import plotly.graph_objects as go
    import pytest

    built = chart.chart(go.Figure(go.Bar(x=["16-17"], y=[183]), layout={"title": {"text": "183 aged 16-17"}}), alt="x")
    shown = built.figure.to_dict()
    for change in (
        lambda f: f.update_layout(title="changed"),
        lambda f: setattr(f.layout.title, "text", "changed"),
        lambda f: f.add_trace(go.Scatter(x=[1], y=[1])),
        lambda f: f.update_traces(marker_color="red"),
        lambda f: setattr(f, "layout", {}),
    ):
        with pytest.raises(TypeError, match="never changed"):
            change(built.figure)
    # plotly's copy and pickle write grid keys into the dict they start from: never into the shared one.
    for twin in (copy.deepcopy(built.figure), pickle.loads(pickle.dumps(built.figure))):
        assert twin.to_dict() == shown
    assert built.figure.to_dict() is shown and set(shown) == {"data", "layout"}
    assert shown["layout"]["title"]["text"] == "183 aged 16-17"
