"""The Sources page in a reader's words: every published table with formatted amounts, no store
names, no None; notes on the figures in expanders. Figures from the reference pack's Commissioning
Plan (Table 16: base budget £1,218,932; Table 14: indicative additional costs £356,293.50)."""

from __future__ import annotations

import re

import pandas as pd

from analytics import sources
from tests.apptest import open_page
from tests.test_downloads import file_names  # noqa: F401 - the fixture recording download file names

PAGE = "pages/90_Sources.py"
RAW_NUMBER = re.compile(r"^-?\d{4,}(\.\d+)?$")  # 1218932 or 356293.5: a figure nobody formatted


def _cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()]


def test_every_published_table_reads_in_words_with_formatted_figures() -> None:
    at = open_page(PAGE)
    # The menu names tables as a reader would, never by the store's names.
    titles = list(at.selectbox(key="sources_table").options)
    assert len(titles) == len(sources.published_tables()) and not [t for t in titles if "_" in t], titles
    for name in sources.published_tables()["table_name"]:
        at.selectbox(key="sources_table").set_value(name).run()
        assert not at.exception, (name, [e.message for e in at.exception])
        table = at.dataframe[0].value
        assert not [c for c in _cells(table) if c in ("None", "nan", "NaN", "NaT", "<NA>")], name
        # Years, periods, codes and ranks are labels; every other figure of four digits or more has separators.
        figures = table[[c for c in table.columns if not re.search(r"year|code|rank|release|period", str(c), re.I)]]
        raw = [c for c in _cells(figures) if RAW_NUMBER.match(c)]
        assert not raw, (name, raw[:5])
        assert not [c for c in table.columns if "_" in str(c)], (name, list(table.columns))


def test_budget_amounts_are_in_pounds_as_published() -> None:
    at = open_page(PAGE)
    at.selectbox(key="sources_table").set_value("budget_lines").run()
    table = at.dataframe[0].value
    amounts = dict(zip(table["Item"], table["Amount (£ a year)"]))
    assert amounts["Base Budget"] == "£1,218,932"
    assert amounts["Indicative additional/corporate costs"] in ("£356,294", "£101,572")
    assert "£356,294" in set(table["Amount (£ a year)"])
    assert "Budget line" not in table.columns  # the store's key (base_budget) is not shown


def test_reconciliation_notes_sit_in_expanders_in_plain_words() -> None:
    at = open_page(PAGE)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Notes in the published tables (") for label in labels)
    assert "Published KPI values beside the same KPIs computed from the records" in labels
    notes = [m.value for m in at.markdown if m.value.startswith("- **")]
    # Commissioning Plan 4.1, Table 6: "The text says 18-21; Table 6 and Table 12 use 18-20".
    assert any(n.startswith("- **18-20**: The text says 18-21") for n in notes)
    text = " ".join(m.value for m in at.markdown)
    assert "analytics." not in text and "`national_" not in text and "None" not in text


def test_the_download_is_named_for_the_page_the_table_and_the_build_date(file_names: list[tuple[str | None, str]]) -> None:  # noqa: F811
    at = open_page(PAGE)
    file_names.clear()
    at.selectbox(key="sources_table").set_value("kpi_values").run()
    built = sources.build_info().built_at.date().isoformat()
    assert file_names == [(f"sources_the-provider-s-kpi-values-as-published_{built}.csv", "sources_download")]
