"""One formatter per kind of figure (issue 15): checked against hand-written expectations, including
the half-up rounding published tables use."""

import datetime as dt
import doctest

import pytest

from analytics import formatting as f
from viz import chart


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


@pytest.mark.parametrize("module", [f, chart])
def test_worked_examples_hold(module):
    assert doctest.testmod(module).failed == 0, module.__name__
