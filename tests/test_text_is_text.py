"""Text from users and files is shown as text (issue 18): a scenario link's query string on the
Briefing and Scenarios pages, a budget line's item text, and an uploaded file's name and values
carrying Markdown, HTML and link payloads render as no image and no link on any page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.ingest import Source, load, privacy
from tests.apptest import open_page
from ui.safe import md

PAYLOADS = (
    "![x](https://evil.example/i.png)",
    "[Session expired: log in again](https://evil.example/login)",
    "<img src=https://evil.example/i.png>",
    "`x <a href='https://evil.example'>y</a>",
)
# A link or image in Markdown source, an HTML tag, or an address a renderer would link on its own,
# unless a backslash makes it plain text.
LIVE = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)<\s*(img|a)\b|(?<!\\):(?<!\\)/(?<!\\)/")


def shown(text: str) -> bool:
    """The payload is on the page (escaped: read without its backslashes)."""
    return "evil.example" in text.replace("\\", "")


def rendered_markdown(at: AppTest) -> list[str]:
    elements = [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.success, *at.title, *at.header, *at.subheader]
    return [str(e.value) for e in elements]


def assert_no_live_payload(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    texts = rendered_markdown(at)
    hits = [t for t in texts if "evil" in t and LIVE.search(t)]
    assert hits == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_leaves_nothing_live(payload: str) -> None:
    assert not LIVE.search(md(payload))
    assert LIVE.search(payload)  # the check itself finds the raw payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_briefing_link_shows_its_bad_values_as_text(payload: str) -> None:
    at = open_page("pages/50_Briefing.py", query_params={"scenario": f"caseload_16_20={payload}&{payload}=1"}, timeout=180)
    assert any(shown(w.value) for w in at.warning)  # shown, as text
    assert_no_live_payload(at)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_scenarios_link_shows_its_bad_values_as_text(payload: str) -> None:
    at = open_page("pages/40_Scenarios.py", query_params={"caseload_16_20": payload, "note": payload}, timeout=180)
    assert any(shown(w.value) for w in at.warning)
    assert_no_live_payload(at)


def test_a_budget_line_item_reaches_the_pages_as_text(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "budget.duckdb"
    shutil.copyfile(store, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    item = f"{PAYLOADS[0]} {PAYLOADS[1]} {PAYLOADS[3]}"
    lines = f'line_id,option,item,amount\noption_cost,outsourced,"{item}",2678930\n'
    result = load([Source("budget_lines.csv", lines.encode())], path)
    assert result.loaded, result.errors().to_string()
    st.cache_data.clear()
    try:
        for script in ("pages/40_Scenarios.py", "pages/50_Briefing.py"):
            at = open_page(script, timeout=180)
            assert any(shown(t) for t in rendered_markdown(at)), script  # the item is shown
            assert_no_live_payload(at)
            # Plotly reads <a href> in any label: every chart holds the item's link tag as text.
            specs = [chart.proto.spec for chart in at.get("plotly_chart")]
            assert any("evil.example" in spec for spec in specs), script  # the item is in a chart
            assert not any(re.search(r"\\u003ca\b|<a\b", spec, re.IGNORECASE) for spec in specs), script
    finally:
        st.cache_data.clear()


def test_an_uploaded_file_name_and_values_are_text(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    at = open_page("pages/80_Data.py")
    bad = f"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nK1,14/06/2005,{PAYLOADS[0]},F2,\"{PAYLOADS[1]}\"\n".encode()
    at.file_uploader[0].set_value([(f"{PAYLOADS[2]}_2023.csv", bad, "text/csv")]).run()
    at.button(key="data_check_files").click().run()
    assert at.error  # the errors are listed
    assert_no_live_payload(at)
