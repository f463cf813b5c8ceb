"""The Data page ("Load your own data") in AppTest: templates to download, an upload checked in full,
errors listed and downloadable, a clean upload loaded, the load log and the measures shown."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import access, db
from analytics.ingest import privacy
from data import build
from tests.apptest import open_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"
PAGE = "pages/80_Data.py"
PASSWORD = "a test password for loading"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "built.duckdb"
    build.build(path)
    return path


@pytest.fixture(autouse=True)
def store(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "leaving_care.duckdb"
    shutil.copyfile(built, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    # Loading needs a sign-in (issue 18): a test password, hashed cheaply.
    monkeypatch.setenv(access.PASSWORD_HASH_ENV, access.hash_password(PASSWORD, iterations=1000))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    """Upload, then click to check: a check never starts on its own."""
    at.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files]).run()
    assert not at.exception, [e.message for e in at.exception]
    at.button(key="data_check_files").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, name: str = "Test Loader", password: str = "") -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password or PASSWORD)
    at.get("form_submit_button")[0].click() if at.get("form_submit_button") else None
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def frame_with(at: AppTest, *columns: str) -> list:
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def test_page_offers_templates_and_documents_the_903_files() -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Load your own data"
    assert [b.label for b in at.get("download_button")] == ["CSV template", "XLSX template"] * 3
    assert any("- **OC3 (care leavers)**: `CHILD, DOB, IN_TOUCH, ACTIV, ACCOM`" in m.value for m in at.markdown)
    assert any("Nothing has been loaded yet" in c.value for c in at.caption)
    assert any("keyed hash" in m.value for m in at.markdown)


def test_errors_are_listed_by_rule_and_row_and_nothing_loads(store: Path) -> None:
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    bad = b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0001,14/06/05,YES,F2,Q1\nKX0002,14/06/2005,DIED,F2,D1\n"
    at = upload(open_page(PAGE), ("oc3_2023.csv", bad), ("empty_2023.csv", b""))
    error = at.error[0].value
    assert error.startswith("**4 errors** in 2 of 2 files. Nothing can be loaded until they are fixed.")
    assert "row 1 is the column names, so the first record is row 2" in error
    [summary] = frame_with(at, "rule", "description", "errors")
    rows = at.table[0].value  # a static table, so the reasons wrap
    assert summary["rule"].tolist() == ["file_empty", "date_format", "code", "died_rhom_codes"]
    assert rows[["File", "Row", "Child", "Column", "Value"]].values.tolist()[:3] == [
        ["empty_2023.csv", "", "", "", ""],  # the whole file: no row
        ["oc3_2023.csv", "2", "KX0001", "ACCOM", "Q1"],
        ["oc3_2023.csv", "2", "KX0001", "DOB", "14/06/05"],  # the date of birth as written, to fix it
    ]
    assert rows["Reason"].iloc[1].startswith("ACCOM 'Q1' is not an ACCOM code")
    labels = [b.label for b in at.get("download_button")]
    assert "Download every error (CSV)" in labels and "Download the summary (CSV)" in labels
    assert not at.button  # no load button while there are errors
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_a_clean_upload_loads_and_the_log_and_measures_appear() -> None:
    at = upload(open_page(PAGE), *((p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.csv"))))
    assert at.success[0].value == "All 5 files passed every check."
    assert not [b for b in at.button if b.key == "data_load"]  # not before a sign-in
    sign_in(at)
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Loaded 5 files (load 1)."
    assert not at.file_uploader[0].value  # a fresh uploader for the next load
    [log] = frame_with(at, "sha256")
    assert sorted(log["file_name"]) == ["header_2023-24.csv", "header_2023.csv", "oc3_2023-24.csv", "oc3_2023.csv", "uasc_2023.csv"]
    assert sorted(log["collection_year"]) == ["2022-23", "2022-23", "2022-23", "2023-24", "2023-24"]
    assert any(m.value.startswith("**Records loaded**: 2022-23 Header 14; 2022-23 OC3 14") for m in at.markdown)
    [measures] = frame_with(at, "Per cent")
    assert measures["Collection year"].tolist()[:4] == ["2022-23"] * 4
    # Small numbers are suppressed: 3 of 5 in EET at 17-18 shows only its denominator.
    assert measures.iloc[0][["Meeting the measure", "Care leavers counted", "Per cent"]].tolist() == ["c", "5", "c"]


def test_a_file_without_a_year_in_its_name_takes_the_chosen_year() -> None:
    oc3 = (FIXTURES / "oc3_2023.csv").read_bytes()
    at = upload(open_page(PAGE), ("oc3.csv", oc3))
    assert at.table[0].value["Rule"].tolist() == ["file_year"]
    at.selectbox(key="data_year").set_value(2023).run()
    at.button(key="data_check_files").click().run()  # another year is another check
    assert at.success[0].value == "All 1 files passed every check."


def test_a_long_error_list_scrolls_and_says_how_to_read_it() -> None:
    records = "\n".join(f"KX{n:04d},14/06/2005,YES,F2,Q1" for n in range(120))
    at = upload(open_page(PAGE), ("oc3_2023.csv", f"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n{records}\n".encode()))
    assert at.error[0].value.startswith("**120 errors** in 1 of 1 files.")
    assert not at.table
    assert len(frame_with(at, "row", "reason")[0]) == 120
    assert any(c.value == "Click a reason to read it in full, or download the list." for c in at.caption)


def plain(markdown: str) -> str:
    """Text the page escaped for Markdown (ui.safe.md), read back."""
    return re.sub(r"\\(.)", r"\1", markdown)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_year_folders_is_checked_file_by_file_and_loads() -> None:
    # Two collection years, a folder each, named both ways; the folder gives the year.
    layout = {"903/2023/header.csv": "header_2023.csv", "903/2023/oc3.csv": "oc3_2023.csv", "903/2023/uasc.csv": "uasc_2023.csv",
              "903/2023-24/header.csv": "header_2023-24.csv", "903/2023-24/oc3.csv": "oc3_2023-24.csv"}
    archive = zipped({name: (FIXTURES / fixture).read_bytes() for name, fixture in layout.items()} | {"903/README.txt": b"ours"})
    at = open_page(PAGE)
    at.file_uploader[0].set_value([("returns.zip", archive, "application/zip")]).run()
    at.button(key="data_check_files").click().run()
    assert not at.exception, [e.message for e in at.exception]
    [taken] = frame_with(at, "file", "kind", "collection_year", "year_from")
    assert taken[["file", "collection_year", "year_from"]].values.tolist() == [
        ["returns.zip/903/2023-24/header.csv", "2023-24", "the folder 2023-24/"],
        ["returns.zip/903/2023-24/oc3.csv", "2023-24", "the folder 2023-24/"],
        ["returns.zip/903/2023/header.csv", "2022-23", "the folder 2023/"],
        ["returns.zip/903/2023/oc3.csv", "2022-23", "the folder 2023/"],
        ["returns.zip/903/2023/uasc.csv", "2022-23", "the folder 2023/"],
    ]
    assert plain(at.warning[0].value) == "- returns.zip/903/README.txt: not read: only .csv, .xlsx and .zip files are read"
    assert at.success[0].value == "All 5 files passed every check."
    sign_in(at)
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Loaded 5 files (load 1)."
    [log] = frame_with(at, "sha256")
    assert sorted(log["collection_year"]) == ["2022-23", "2022-23", "2022-23", "2023-24", "2023-24"]


def test_the_error_list_shows_ids_and_dates_and_a_toggle_masks_them(store: Path) -> None:
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    files = {"2023/header.csv": (FIXTURES / "header_2023.csv").read_bytes(),
             "2023/oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,NOTES\nKX0001,31/02/2005,YES,F2,D1,x\nKX0099,14/06/2005,YES,F2,D1,y\n"}
    at = open_page(PAGE)
    at.file_uploader[0].set_value([("903.zip", zipped(files), "application/zip")]).run()
    at.button(key="data_check_files").click().run()
    assert at.error[0].value.startswith("**2 errors** in 1 of 2 files.")
    assert "column NOTES is not part of the SSDA903 OC3 (care leavers) file: ignored and not stored" in plain(at.warning[0].value)
    rows = at.table[0].value
    assert rows[["Row", "Child", "Column", "Value", "Rule"]].values.tolist() == [
        ["2", "KX0001", "DOB", "31/02/2005", "date_format"],
        ["3", "KX0099", "CHILD", "KX0099", "header_missing"],
    ]
    at.toggle(key="data_redact").set_value(True).run()
    masked = at.table[0].value
    assert masked[["Child", "Value"]].values.tolist() == [["(hidden)", "nn/nn/nnnn"], ["(hidden)", "(hidden)"]]
    assert "Download every error (CSV, IDs and dates masked)" in [b.label for b in at.get("download_button")]
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
