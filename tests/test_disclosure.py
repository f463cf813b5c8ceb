"""Small-number suppression (DfE style) and spreadsheet-safe exports."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.disclosure import suppress_counts, suppress_frame
from analytics.export import defuse, download_name, to_csv_bytes


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([120, 40, 30], ["120", "40", "30"]),
        # One small cell alone could be recovered from the total: the next smallest goes too.
        ([120, 3, 40], ["120", "c", "c"]),
        ([120, 3, 4, 40], ["120", "c", "c", "40"]),
        ([5, 6], ["5", "6"]),
        ([0, 50, 60], ["c", "c", "60"]),
        ([2, 1], ["c", "c"]),
    ],
)
def test_suppress_counts(counts: list[int], expected: list[str]) -> None:
    assert suppress_counts(counts) == expected


def test_suppress_frame_hides_shares_of_suppressed_rows_within_groups() -> None:
    frame = pd.DataFrame({"group": ["a", "a", "a", "b", "b"], "n": [50, 2, 30, 10, 12], "pct": [61.0, 2.4, 36.6, 45.5, 54.5]})
    out = suppress_frame(frame, "n", by=["group"], share_cols=["pct"])
    assert out["n"].tolist() == [50, "c", "c", 10, 12]
    assert out["pct"].tolist() == [61.0, "c", "c", 45.5, 54.5]
    assert out["suppressed"].tolist() == [False, True, True, False, False]


def test_csv_export_defuses_formulas_but_keeps_numbers() -> None:
    frame = pd.DataFrame({"item": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "plain"], "amount": [-140255.0, 1.0, 2.0, 3.0]})
    data = to_csv_bytes(frame)
    # A byte-order mark first, so Windows Excel reads the file as UTF-8.
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "item,amount",
        "\"'=HYPERLINK(\"\"x\"\")\",-140255.0",
        "+1,1.0",
        "'@SUM(A1),2.0",
        "plain,3.0",
    ]


@pytest.mark.parametrize(("cell", "written"), [
    ("-11 points", "\u221211 points"),       # a signed figure with words: true minus, no apostrophe
    ("-5", "-5"), ("+1.5", "+1.5"), ("-£1,200", "-£1,200"), ("12%", "12%"),  # plain numbers untouched
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),  # a formula in disguise
    ("+SUM(A1:A2)", "'+SUM(A1:A2)"), ("=1+1", "'=1+1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("Down ↓ £5 – c", "Down ↓ £5 – c"),
])
def test_only_cells_a_spreadsheet_would_read_as_formulas_are_defused(cell: str, written: str) -> None:
    assert defuse(cell) == written


def test_download_names_carry_page_subject_and_date() -> None:
    assert download_name("Budget", "Option 2 lines", "2025-04-01") == "budget_option-2-lines_2025-04-01.csv"
    assert download_name("Briefing", "Pack", extension="html") == "briefing_pack.html"
