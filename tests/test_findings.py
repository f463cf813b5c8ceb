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


@pytest.mark.parametrize(
    ("option", "variance", "expected"),
    [
        # Commissioning Plan Table 16: variances once the UASC contribution is added.
        ("Option 2 (insourced)", -236477.0, "Option 2 (insourced) leaves a shortfall of £236,477."),
        ("Option 1 (outsourced)", -370266.0, "Option 1 (outsourced) leaves a shortfall of £370,266."),
        # Section 6: reserves and the office saving turn option 2 into a surplus of 13,742 in year one.
        ("Option 2 in year one", 13742.0, "Option 2 in year one leaves a surplus of £13,742."),
        ("An option", 0.4, "An option balances the budget."),
    ],
)
def test_variance_finding(option: str, variance: float, expected: str) -> None:
    assert findings.variance_finding(option, variance) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Tables 6, 12 and 16: Corporate Performance 1,003 by April 2025 (+7.1% as printed), 32.7 LCWs under
        # scenario 1, and the insourced option's shortfall of £236,477: the issue's own example.
        (("The Corporate Performance projection", 1003, "+7.1%", "April 2025", 32.7, "scenario 1", [("Option 2 (insourced)", -236477.0)]),
         "The Corporate Performance projection has 1,003 care leavers by April 2025 (+7.1%), needing 32.7 FTE of Leaving "
         "Care Workers under scenario 1; Option 2 (insourced) leaves a shortfall of £236,477."),
        # Table 16: both options at once.
        (("The Corporate Performance projection", 1003.1, "+7.1%", "April 2025", 32.7, "scenario 1",
          [("Option 1 (outsourced)", -370266.0), ("Option 2 (insourced)", -236477.0)]),
         "The Corporate Performance projection has 1,003 care leavers by April 2025 (+7.1%), needing 32.7 FTE of Leaving "
         "Care Workers under scenario 1; Option 1 (outsourced) leaves a shortfall of £370,266 and Option 2 (insourced) leaves "
         "a shortfall of £236,477."),
        # Table 6 LAIT 1,491 (+59.2%); Table 12 scenario 2 at 23.2 per LCW would need 1491 / 23.2 = 64.3.
        (("The LAIT projection", 1491, "+59.2%", "April 2025", 64.3, "scenario 2"),
         "The LAIT projection has 1,491 care leavers by April 2025 (+59.2%), needing 64.3 FTE of Leaving Care Workers under scenario 2."),
        # Suppression: a projected count below 5 is never stated.
        (("The chosen scenario", 3, "−50.0%", "2030", 1, "a caseload of 3"),
         "The chosen scenario has fewer than 5 care leavers by 2030 (−50.0%), needing 1.0 FTE of Leaving Care Workers under a caseload of 3."),
    ],
)
def test_projection_finding(args: tuple, expected: str) -> None:
    assert findings.projection_finding(*args) == expected


def test_money_drops_the_sign_and_pence() -> None:
    assert findings.money(-236477.4) == "£236,477"
    assert findings.money(1_000_000) == "£1,000,000"


@pytest.mark.parametrize(("status", "expected"), [
    # A KPI graded by bands keeps its band names as written and says what its standard is.
    ("graded Good", "NEET 19-21 is 31%, 1 point below the 32% threshold of its achieved bands and graded Good;"),
    ("ungraded (between two bands)", "NEET 19-21 is 32.5%, 0.5 points above the 32% threshold of its achieved bands and ungraded"),
])
def test_a_banded_kpi_finding_speaks_its_scheme(status: str, expected: str) -> None:
    latest = 31 if "Good" in status else 32.5
    text = findings.kpi_finding("NEET 19-21", [33, latest], target=32, status_label=status, polarity="lower",
                                standard="threshold of its achieved bands")
    assert text.startswith(expected)
