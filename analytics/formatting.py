"""One way to write each kind of figure, so that the same number reads the same on every page, in
every download and in the briefing (a cohort of 952 is never "952" on one page and "936" or
"952.0" on another; an EET rate is never "44%" beside "43.9%").

Rounding is half up, as councils publish (``round`` would give 43.8 for 43.85). Each function takes
a number (or a date) and returns the text a reader sees; a missing value reads "no figure".

    >>> count(1218932), percent(43.85), money(-356293.5), fte(32.66), day(dt.date(2023, 10, 1))
    ('1,218,932', '43.9%', '−£356,294', '32.7 FTE', '1 October 2023')
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
NO_FIGURE = "no figure"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def half_up(value: float, places: int = 0) -> float:
    """``half_up(43.85, 1) == 43.9``: the rounding of published tables."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def count(value: float | None) -> str:
    """People and other whole counts: ``count(952) == '952'``, ``count(1218932) == '1,218,932'``."""
    if _missing(value):
        return NO_FIGURE
    n = half_up(value)
    return _signed(f"{abs(n):,.0f}", n < 0)


def percent(value: float | None, places: int = 1) -> str:
    """A rate in per cent: ``percent(43.85) == '43.9%'``; ``percent(44, 0) == '44%'``."""
    if _missing(value):
        return NO_FIGURE
    n = half_up(value, places)
    return _signed(f"{abs(n):,.{places}f}%", n < 0)


def change_percent(value: float | None, places: int = 1) -> str:
    """A change with its sign: ``change_percent(32.0) == '+32.0%'``."""
    if _missing(value):
        return NO_FIGURE
    n = half_up(value, places)
    return ("+" if n > 0 else MINUS if n < 0 else "") + f"{abs(n):,.{places}f}%"


def points(value: float | None, places: int = 1) -> str:
    """A difference between two rates: ``points(-11) == '−11.0 points'``."""
    if _missing(value):
        return NO_FIGURE
    n = half_up(value, places)
    return ("+" if n > 0 else MINUS if n < 0 else "") + f"{abs(n):,.{places}f} points"


def money(value: float | None) -> str:
    """Whole pounds with a true minus sign: ``money(-356293.5) == '−£356,294'``."""
    if _missing(value):
        return NO_FIGURE
    n = half_up(value)
    return _signed(f"£{abs(n):,.0f}", n < 0)


def fte(value: float | None) -> str:
    """Staff in full-time equivalents, one decimal: ``fte(32.66) == '32.7 FTE'``."""
    if _missing(value):
        return NO_FIGURE
    return f"{half_up(value, 1):,.1f} FTE"


def day(value: dt.date) -> str:
    """A date as a council writes it: '1 October 2023'."""
    return f"{value.day} {value:%B %Y}"


def month(value: dt.date) -> str:
    """A month in a chart axis or a table heading: 'Oct 2023'."""
    return f"{value:%b %Y}"


def as_at(value: dt.date) -> str:
    """'as at 1 October 2023', the date a figure describes."""
    return f"as at {day(value)}"
