"""The UASC end date (DUC) is the 18th birthday for most young people, so it is kept as its month
like the date of birth, and the scan after every load looks for it (issue 18)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.ingest import LoadError, Source, load, privacy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"


@pytest.fixture()
def copy(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copyfile(store, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    return path


def sources() -> list[Source]:
    return [Source.from_path(FIXTURES / name) for name in ("header_2023.csv", "uasc_2023.csv")]


def test_duc_is_kept_as_its_month(copy: Path) -> None:
    raw = [line.split(",")[-1].strip() for line in (FIXTURES / "uasc_2023.csv").read_text().splitlines()[1:]]
    assert any(d and not d.startswith("01/") for d in raw)  # the fixture has days other than the 1st
    result = load(sources(), copy)
    assert result.loaded, result.errors().to_string()
    con = duckdb.connect(str(copy), read_only=True)
    try:
        days = {row[0] for row in con.execute("SELECT day(duc) FROM ingest.ssda903_uasc WHERE duc IS NOT NULL").fetchall()}
    finally:
        con.close()
    assert days == {1}


def test_the_privacy_scan_refuses_a_stored_duc(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = copy.read_bytes()
    # As if the DUC were stored whole: the scan after the load must catch it and leave the store as it was.
    real = db.sql_text
    whole = real("ingest_stage_uasc_rows").replace("date_trunc('month', r.duc)::DATE AS duc", "r.duc AS duc")
    assert whole != real("ingest_stage_uasc_rows")
    monkeypatch.setattr(db, "sql_text", lambda name: whole if name == "ingest_stage_uasc_rows" else real(name))
    with pytest.raises(LoadError, match="privacy check failed: ingest.ssda903_uasc.duc"):
        load(sources(), copy)
    assert copy.read_bytes() == before
