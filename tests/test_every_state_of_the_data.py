"""Every page works for every state of the data (issue 18): a complete provider KPI return for the
quarter the template pre-fills (the latest ended quarter, after the last snapshot, so the cohort at
that quarter is empty), and a cohort of one record. Every page renders and the command-line briefing
writes its pack; the findings about a cohort too small to describe say so rather than divide by zero."""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

import ui
from analytics import cohort, db, findings
from analytics.ingest import Source, load, privacy, templates
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = [script for _, links in ui.MENU for script, _, _ in links if (ROOT / script).exists()]
ONE_RECORD = (
    "snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,at_university,in_touch,"
    "activ,accom,pathway_plan_up_to_date\n01/10/2024,KX0101,14/06/2005,F,WBRI,N,N,03/03/2019,Former Relevant,In county,N,N,"
    "YES,F2,D1,Y\n"
)


@pytest.fixture()
def later_quarter(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's store with a complete return for the template's quarter loaded."""
    path = tmp_path / "later.duckdb"
    shutil.copyfile(store, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    period = templates.latest_quarter(dt.date.today())
    kpi_ids = db.query("ingest_context_kpis")["kpi_id"].tolist()
    filled = templates.template_frame("kpi_returns", kpi_ids=kpi_ids, period=period).assign(value="55")
    result = load([Source("kpi_returns.csv", filled.to_csv(index=False).encode())], path)
    assert result.loaded, result.errors().to_string()
    st.cache_data.clear()
    yield path
    st.cache_data.clear()


@pytest.mark.parametrize("script", PAGES)
def test_every_page_renders_a_quarter_after_the_last_snapshot(later_quarter: Path, script: str) -> None:
    at = open_page(script, timeout=120)
    assert not at.exception


def test_the_command_line_briefing_writes_the_later_quarter(later_quarter: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "analytics.briefing", "--out", str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    html = out.read_text()
    assert templates.latest_quarter(dt.date.today()) in html
    assert "Who the service supports" in html and "Traceback" not in html


def test_a_cohort_of_one_record_renders_every_page(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "one.duckdb"
    shutil.copyfile(store, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    assert load([Source("cohort.csv", ONE_RECORD.encode())], path).loaded
    st.cache_data.clear()
    try:
        for script in PAGES:
            at = open_page(script, timeout=120)
            assert not at.exception, script
    finally:
        st.cache_data.clear()


@pytest.mark.parametrize(
    ("counts", "finding"),
    [
        ((0, 0, 0, 0), "No care leavers are recorded at this snapshot"),
        ((1, 0, 0, 0), "Fewer than 5 care leavers are recorded at this snapshot, too few to describe by age"),
        ((40, 30, 3, 0), "Too few care leavers on one side of 21 to say how many of the 73 are aged 21 or over"),
        # Commissioning Plan 4.1 (October 2023): 394 aged 21-24 and 73 aged 25 of 936.
        ((183, 286, 394, 73), "50% of care leavers (467 of 936) are aged 21 or over"),
    ],
)
def test_the_age_band_finding_never_divides_by_zero_nor_reveals_a_small_count(counts: tuple[int, ...], finding: str) -> None:
    frame = pd.DataFrame({"age_band": ["16-17", "18-20", "21-24", "25 (Other)"], "care_leavers": counts})
    assert cohort.age_band_finding(frame) == finding


def test_growth_from_nothing_is_said_in_words_not_divided() -> None:
    assert findings.change_finding("The cohort", 0, 12, "Apr 2020") == "The cohort has grown from none to 12 since Apr 2020."
    # Commissioning Plan 4.1: 394 -> 478 open allocated cases is +21.3%.
    assert round(cohort.growth_percent(394, 478), 1) == 21.3
    assert math.isnan(cohort.growth_percent(0, 5))
    empty_start = cohort.CohortSummary(dt.date(2020, 4, 1), 0, dt.date(2024, 1, 1), 7)
    assert math.isnan(empty_start.change_percent)
