"""Plain-English findings: status and direction wording, and suppression respected."""

from __future__ import annotations

import pytest

from analytics import findings


@pytest.mark.parametrize(
    ("name", "values", "target", "status", "expected"),
    [
        # Commissioning Plan Table 2 series; the first is the worked example.
        ("EET at 19-21", [54, 59, 56, 50], 65, "Outside tolerance",
         "EET at 19-21 is 50%, 15 points below the 65% target and outside tolerance; it has fallen in each of the last two periods."),
        ("EET at 16-18", [65, 60, 55, 44], 85, "Outside tolerance",
         "EET at 16-18 is 44%, 41 points below the 85% target and outside tolerance; it has fallen in each of the last three periods."),
        ("Keeping in touch", [96.5, 96.5, 95.5, 94.5], 90, "On target",
         "Keeping in touch is 94.5%, 4.5 points above the 90% target and on target; it has fallen in each of the last two periods."),
        ("Suitable accommodation at 19-21", [94, 95, 92, 92], 95, "Within tolerance",
         "Suitable accommodation at 19-21 is 92%, 3 points below the 95% target but within tolerance; it is unchanged since the previous period."),
        ("Pathway Plans", [88, 94], 90, "On target",
         "Pathway Plans is 94%, 4 points above the 90% target and on target; it has risen in the last period."),
        ("A KPI", [80, 80, 80], 80, "On target",
         "A KPI is 80%, exactly at the 80% target and on target; it has held steady for 2 periods."),
        ("A KPI", [70], 75, "Within tolerance",
         "A KPI is 70%, 5 points below the 75% target but within tolerance; there is no earlier period to compare with."),
        ("A KPI", [70, 70.4], 75, "Within tolerance",
         "A KPI is 70.4%, 4.6 points below the 75% target but within tolerance; it is unchanged since the previous period."),
    ],
)
def test_kpi_finding(name: str, values: list[float], target: float, status: str, expected: str) -> None:
    assert findings.kpi_finding(name, values, target=target, status_label=status) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "fewer than 5 care leavers"), (4, "fewer than 5 care leavers"), (5, "5 care leavers"), (1234, "1,234 care leavers")],
)
def test_counts_below_five_are_never_stated(count: int, expected: str) -> None:
    assert findings.count_phrase(count, "care leavers") == expected


def test_change_finding() -> None:
    # Hand calculation: 394 -> 478 is +84, +21.3% (the report's open allocated cases).
    assert findings.change_finding("Open allocated cases", 394, 478, "Apr 2020") == (
        "Open allocated cases has grown by 84 (+21.3%) since Apr 2020."
    )
    assert findings.change_finding("X", 10, 10, "then") == "X has not changed since then."
