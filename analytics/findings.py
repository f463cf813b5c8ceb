"""Findings in plain English, generated from the data for the scrutiny briefing and the pages.

Each finding is a short sentence with its numbers. Wording follows the KPI engine: the status
label (on target / within tolerance / outside tolerance) and the direction of travel with the same
half-point threshold as published KPI tables' arrows. No finding is stored as text; change the data and the
sentence changes.

Example (EET at 19-21: 54, 59, 56, 50 against a 65% target)::

    >>> kpi_finding("EET at 19-21", [54, 59, 56, 50], target=65, status_label="Outside tolerance")
    'EET at 19-21 is 50%, 15 points below the 65% target and outside tolerance; it has fallen in each of the last two periods.'
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics import formatting
from analytics.disclosure import THRESHOLD

# The same movement that Table 2 prints as an arrow.
MOVEMENT_THRESHOLD = 0.5
_COUNT_WORDS = {1: "the last period", 2: "each of the last two periods", 3: "each of the last three periods"}


def points(value: float) -> str:
    """'15 points', '1 point', '4.5 points'."""
    text = f"{abs(value):.1f}".removesuffix(".0")
    return f"{text} point" + ("" if text == "1" else "s")


def kpi_value(value: float, unit: str = "%") -> str:
    """A KPI value as its provider publishes it, the one way every page and the briefing write it:
    '44%' for a whole per cent, '94.5%' for a published tenth (``analytics.formatting.percent``)."""
    if unit != "%":
        return f"{formatting.half_up(value, 1):g}{unit}"
    return formatting.percent(value, 0 if formatting.half_up(value, 1).is_integer() else 1)


def count_phrase(count: int, noun: str) -> str:
    """A count safe to publish: below the suppression threshold it reads 'fewer than 5'."""
    if count < THRESHOLD:
        return f"fewer than {THRESHOLD} {noun}"
    return f"{count:,} {noun}"


def run_of_moves(values: Sequence[float], *, threshold: float = MOVEMENT_THRESHOLD) -> tuple[str, int]:
    """The latest direction ('rise', 'fall' or 'steady') and how many periods in a row it has lasted."""
    moves = []
    for before, after in zip(values, values[1:]):
        change = after - before
        moves.append("rise" if change >= threshold else "fall" if change <= -threshold else "steady")
    if not moves:
        return "steady", 0
    latest, run = moves[-1], 0
    for move in reversed(moves):
        if move != latest:
            break
        run += 1
    return latest, run


def _trend_clause(values: Sequence[float]) -> str:
    direction, run = run_of_moves(values)
    if run == 0:
        return "there is no earlier period to compare with"
    if direction == "steady":
        return "it is unchanged since the previous period" if run == 1 else f"it has held steady for {run} periods"
    verb = "risen" if direction == "rise" else "fallen"
    return f"it has {verb} in {_COUNT_WORDS.get(run, f'each of the last {run} periods')}"


def kpi_finding(
    name: str, values: Sequence[float], *, target: float, status_label: str, polarity: str = "higher", unit: str = "%",
    standard: str = "target",
) -> str:
    """One KPI: latest value, gap to its standard (the target, or for a KPI graded by bands the value
    where its achieved bands begin, with the band's own name kept as written), status, and its
    recent run of movement.

    >>> kpi_finding("NEET 19-21", [33, 31], target=32, status_label="graded Good", standard="threshold of its achieved bands")
    'NEET 19-21 is 31%, 1 point below the 32% threshold of its achieved bands and graded Good; it has fallen in the last period.'
    """
    latest = values[-1]
    gap = latest - target
    if abs(gap) < 1e-9:
        position = f"exactly at the {kpi_value(target, unit)} {standard}"
    else:
        side = "above" if gap > 0 else "below"
        position = f"{points(gap)} {side} the {kpi_value(target, unit)} {standard}"
    status = status_label.lower() if standard == "target" else status_label
    joiner = "but" if status == "within tolerance" else "and"
    standing = f"{position} {joiner} {status}"
    return f"{name} is {kpi_value(latest, unit)}, {standing}; {_trend_clause(values)}."


def change_finding(label: str, before: float, after: float, since: str) -> str:
    """'The cohort has grown by 156 (+20.0%) since Apr 2020.'"""
    change = after - before
    if change == 0:
        return f"{label} has not changed since {since}."
    verb = "grown" if change > 0 else "fallen"
    if not before:  # from nothing: a percentage change has no meaning
        return f"{label} has {verb} from none to {after:,.0f} since {since}."
    return f"{label} has {verb} by {abs(change):,.0f} ({100 * change / before:+.1f}%) since {since}."


def money(amount: float) -> str:
    """'£236,477': whole pounds without a sign, since the sentence names a shortfall or a surplus."""
    return f"£{abs(amount):,.0f}"


def variance_clause(option: str, variance: float) -> str:
    """'Option 2 (insourced) leaves a shortfall of £236,477' (a negative variance is a
    shortfall against the budget once the UASC contribution is added)."""
    if round(variance) == 0:
        return f"{option} balances the budget"
    return f"{option} leaves a {'shortfall' if variance < 0 else 'surplus'} of {money(variance)}"


def variance_finding(option: str, variance: float) -> str:
    """'Option 2 (insourced) leaves a shortfall of £236,477.'"""
    return variance_clause(option, variance) + "."


def projection_finding(
    subject: str, total: float, change: str, by: str, lcw_fte: float, workforce: str, options: Sequence[tuple[str, float]] = (),
) -> str:
    """'The Corporate Performance projection has 1,003 care leavers by April 2025 (+7.1%), needing
    32.7 FTE of Leaving Care Workers under scenario 1; Option 2 (insourced) leaves a shortfall of £236,477.'

    ``subject`` names the projection ('The Corporate Performance projection', 'The chosen scenario').
    The count is rounded to whole people. ``change`` comes formatted as the caller's tables print it
    (a projection table may cut 7.16% to +7.1%), and ``lcw_fte`` already rounded as published LCW tables print it
    (``WorkforceResult.total_rounded``). ``options`` are (option, variance to budget) pairs."""
    # Written as the Scenarios page writes the same figure (analytics.formatting.fte).
    sentence = (
        f"{subject} has {count_phrase(round(total), 'care leavers')} by {by} ({change}), needing {formatting.fte(lcw_fte)} of "
        f"Leaving Care Workers under {workforce}"
    )
    if options:
        sentence += "; " + " and ".join(variance_clause(option, variance) for option, variance in options)
    return sentence + "."
