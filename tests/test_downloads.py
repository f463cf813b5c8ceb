"""ui.downloads and analytics.export: a download button registers its file's maker and calls it only
when pressed, under a file name no other download on any page shares; the CSV opens in Excel as
written (BOM, no apostrophe before a plain negative number, column names a reader knows).

In AppTest (no server) the maker must never run, however often the page reruns; in Debian's
chromium against a real server, pressing the button runs it once and the browser saves its bytes."""

from __future__ import annotations

from pathlib import Path

import datetime as dt
import re
from collections import defaultdict

import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
import streamlit as st
from streamlit.elements.widgets.button import ButtonMixin
from streamlit.testing.v1 import AppTest

import ui
from analytics.export import download_name, readable, to_csv_bytes, user_columns
from tools import chromium
from tools.server import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
PAGE = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
import streamlit as st
from ui.downloads import CSV, deferred_download

MARK = Path({mark!r})


def make() -> bytes:
    with MARK.open("a") as handle:
        handle.write("made\\n")
    return b"a,b\\n1,2\\n"


st.title("Downloads")
deferred_download("Download this table (CSV)", make, "table.csv", CSV, key="table_csv")
"""


def _page(tmp_path: Path) -> tuple[Path, Path]:
    mark = tmp_path / "made.txt"
    script = tmp_path / "page.py"
    script.write_text(PAGE.format(root=str(ROOT), mark=str(mark)))
    return script, mark


def test_the_file_is_not_made_on_render_or_rerun(tmp_path: Path) -> None:
    script, mark = _page(tmp_path)
    at = AppTest.from_file(str(script))
    at.run()
    at.run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Download this table (CSV)"]
    assert not mark.exists()


def test_pressing_the_button_makes_the_file_once_in_a_browser(tmp_path: Path) -> None:
    script, mark = _page(tmp_path)
    saved = tmp_path / "saved"
    saved.mkdir()
    with streamlit_server(script) as (url, _):
        driver = chromium.driver(tmp_path / "profile")
        try:
            driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(saved)})
            driver.get(url)
            button = "[data-testid='stDownloadButton'] button"
            WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, button))
            assert not mark.exists(), "made before it was asked for"
            driver.find_element(By.CSS_SELECTOR, button).click()
            file = saved / "table.csv"
            WebDriverWait(driver, 60).until(lambda _: file.exists() and not list(saved.glob("*.crdownload")))
            assert file.read_bytes() == b"a,b\n1,2\n"
            assert mark.read_text() == "made\n"
        finally:
            driver.quit()


# --- The files themselves ------------------------------------------------------------------------


def test_a_csv_starts_with_the_byte_order_mark_excel_needs_for_its_arrows_and_pounds() -> None:
    data = to_csv_bytes(pd.DataFrame({"Status": ["↓ Outside", "↔ Within"], "Gap": ["−£1,200", "£0"]}))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.decode("utf-8-sig") == 'Status,Gap\n↓ Outside,"−£1,200"\n↔ Within,£0\n'


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("-11 points", "\u221211 points"),  # the issue's "'-11 points": a plain signed figure in words, never an apostrophe
        ("-5", "-5"), ("+1.5", "+1.5"), ("-£1,200", "-£1,200"), ("12%", "12%"), ("−11 points", "−11 points"),
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("@cmd", "'@cmd"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("\t=1", "'\t=1"),
    ],
)
def test_only_a_cell_a_spreadsheet_would_read_as_a_formula_is_defused(cell: str, written: str) -> None:
    text = to_csv_bytes(pd.DataFrame({"cell": [cell]})).decode("utf-8-sig")
    assert text.splitlines()[1].strip('"') == written
    assert "'-11 points" not in text


def test_numbers_stay_numbers_in_a_csv() -> None:
    assert to_csv_bytes(pd.DataFrame({"Gap (points)": [-11.0, 2.5]})).decode("utf-8-sig") == "Gap (points)\n-11.0\n2.5\n"


def test_store_column_names_become_words_with_units() -> None:
    frame = pd.DataFrame(columns=["care_leavers", "aged_16_20_not_qualifying", "amount", "percent_of_cohort", "caseload_text"])
    assert list(user_columns(frame).columns) == [
        "Care leavers (count)", "Aged 16 to 20, not qualifying (count)", "Amount (£ a year)", "Share of the cohort (%)", "Caseload text",
    ]


def test_a_table_shown_to_readers_has_formatted_amounts_and_no_none() -> None:
    # Commissioning Plan 6 Table 16: base budget £1,218,932; an option's variance −£356,293.50 printed whole.
    frame = pd.DataFrame({
        "item": ["Base Budget", "Variance"], "option": [None, "outsourced"], "amount": [1218932.0, -356293.5],
        "as_at": [dt.date(2023, 10, 1), None], "value": [94.5, 765.0], "unit": ["%", "children"],
    })
    shown = readable(frame)
    assert list(shown.columns) == ["Item", "Delivery option", "Amount (£ a year)", "As at", "Value", "Unit"]
    assert shown.to_dict("records") == [
        {"Item": "Base Budget", "Delivery option": "", "Amount (£ a year)": "£1,218,932", "As at": "1 October 2023", "Value": "94.5%", "Unit": "%"},
        {"Item": "Variance", "Delivery option": "outsourced", "Amount (£ a year)": "−£356,294", "As at": "", "Value": "765", "Unit": "children"},
    ]


# --- File names -------------------------------------------------------------------------------------

NAMED_PAGE = """
import sys
sys.path.insert(0, {root!r})
import datetime as dt
import streamlit as st
from ui.downloads import HTML, deferred_download

deferred_download("Download this table (CSV)", lambda: b"", key="a", page="Scenarios", subject="Budget lines", as_at=dt.date(2024, 3, 31))
deferred_download("Download the briefing", lambda: b"", mime=HTML, key="b", page="Briefing", subject="Scrutiny pack", as_at="2023-24 Q2")
try:
    deferred_download("Download", lambda: b"", key="c")
except ValueError as exc:
    st.markdown(str(exc))
"""


@pytest.fixture
def file_names(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, str]]:
    """(file name, key) of every download button drawn, whoever draws it."""
    drawn: list[tuple[str | None, str]] = []
    original = ButtonMixin.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        drawn.append((file_name, kwargs.get("key")))
        return original(self, label, data, file_name, *args, **kwargs)

    # Containers call the mixin's method; st.download_button was bound to the main container at import.
    monkeypatch.setattr(ButtonMixin, "download_button", recording)
    monkeypatch.setattr(st, "download_button", lambda *args, **kwargs: recording(st._main, *args, **kwargs))
    return drawn


def test_a_download_named_by_page_subject_and_date(tmp_path: Path, file_names: list[tuple[str | None, str]]) -> None:
    script = tmp_path / "named.py"
    script.write_text(NAMED_PAGE.format(root=str(ROOT)))
    at = AppTest.from_file(str(script))
    at.run()
    assert not at.exception
    assert file_names == [("scenarios_budget-lines_2024-03-31.csv", "a"), ("briefing_scrutiny-pack_2023-24-q2.html", "b")]
    assert at.markdown[0].value == "download 'c': give a file_name, or the page and subject to name it by"
    assert download_name("Scenarios", "Budget lines", dt.date(2024, 3, 31)) == file_names[0][0]


# What each page's file names start with (download_name's slug of the page), and the date they end
# with: a day (2023-10-01), a period (2023-24-q2) or a year (2024). The Data page's templates keep
# the names the pack's loader expects, and the Overview offers no download.
PAGE_SLUGS = {
    "pages/10_Exceptions.py": "exceptions", "pages/11_Performance.py": "kpi-performance", "pages/12_KPI_cards.py": "kpi-cards",
    "pages/20_EET.py": "eet", "pages/21_Accommodation.py": "accommodation", "pages/22_Keeping_in_touch.py": "keeping-in-touch",
    "pages/30_Cohort.py": "cohort", "pages/31_UASC.py": "former-uasc", "pages/40_Scenarios.py": "scenarios",
    "pages/50_Briefing.py": "briefing", "pages/60_Benchmark.py": "benchmark", "pages/90_Sources.py": "sources",
}
DATED = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}-q\d|\d{4}(-\d{2})?)\.(csv|html|png)$")


def test_no_two_downloads_on_any_pages_share_a_file_name(file_names: list[tuple[str | None, str]]) -> None:
    by_name: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    misnamed: list[tuple[str, str | None]] = []
    for script in [s for _, links in ui.MENU for s, _, _ in links]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if script != "app.py":
            file_names.clear()
            at.switch_page(script).run()
        assert not at.exception, (script, [e.message for e in at.exception])
        for name, key in file_names:
            by_name[name].add((script, key))
            if script in PAGE_SLUGS and not (name and PAGE_SLUGS[script] in name and DATED.search(name)):
                misnamed.append((script, name))
        file_names.clear()
    assert by_name, "no download buttons drawn"
    assert {name: sorted(where) for name, where in by_name.items() if len(where) > 1 or name is None} == {}
    # Every page but the Data page names its files for itself and the date its figures describe.
    assert misnamed == []
    assert {script for where in by_name.values() for script, _ in where} >= set(PAGE_SLUGS)
