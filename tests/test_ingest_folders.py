"""Loading 903 files the way an analyst keeps them: a folder per collection year, zipped or not, with
every file reported against its table and year, errors across files at once, IDs and dates shown
to the person loading and masked with --redact, and the store untouched by every refused load.

The two-year set is the hand-made sample in tests/fixtures/ssda903, laid out in year folders.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.ingest import Source, folders, load, privacy
from analytics.ingest.__main__ import main as cli
from data import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"
# Year folders named both ways the field does: the March the year ends in, and the financial year.
LAYOUT = {
    "2023/header.csv": "header_2023.csv",
    "2023/oc3.csv": "oc3_2023.csv",
    "2023/uasc.csv": "uasc_2023.csv",
    "2023-24/Header.csv": "header_2023-24.csv",
    "2023-24/OC3.csv": "oc3_2023-24.csv",
}
OC3_COLUMNS = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def two_years() -> dict[str, bytes]:
    return {name: (FIXTURES / fixture).read_bytes() for name, fixture in LAYOUT.items()}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def query(store: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("folders") / "built.duckdb"
    build.build(path)
    return path


@pytest.fixture
def store(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "store" / "leaving_care.duckdb"
    path.parent.mkdir()
    shutil.copyfile(built, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "keys" / "ingest_key"))
    yield path


# --- gathering -----------------------------------------------------------------------------------

def test_a_folder_is_read_file_by_file_named_from_the_folder_given(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "903", {**two_years(), "README.txt": b"ours", "2023/.DS_Store": b"\0", "2023/~$oc3.xlsx": b"lock"})
    found = folders.from_paths([root], max_bytes=100_000)
    assert [s.name for s in found.sources] == ["903/2023/header.csv", "903/2023/oc3.csv", "903/2023/uasc.csv",
                                               "903/2023-24/Header.csv", "903/2023-24/OC3.csv"]
    assert [(i.file, i.rule, i.message) for i in found.issues] == [
        ("903/2023/.DS_Store", "file_skipped", "not read: a hidden or temporary file"),
        ("903/2023/~$oc3.xlsx", "file_skipped", "not read: a hidden or temporary file"),
        ("903/README.txt", "file_skipped", "not read: only .csv, .xlsx and .zip files are read"),
    ]


def test_a_zip_of_folders_is_read_without_unpacking_to_disk(tmp_path: Path) -> None:
    data = zipped({**{f"903/{k}": v for k, v in two_years().items()}, "__MACOSX/903/._oc3.csv": b"x", "903/inner.zip": b"PK"})
    found = folders.from_uploads([("returns.zip", data), ("budget.csv", b"line_id")], max_bytes=100_000)
    assert [s.name for s in found.sources][:2] == ["returns.zip/903/2023-24/Header.csv", "returns.zip/903/2023-24/OC3.csv"]
    assert found.sources[-1].name == "budget.csv" and len(found.sources) == 6
    assert [(i.file, i.message) for i in found.issues] == [
        ("returns.zip/903/inner.zip", "not read: an archive inside an archive; unpack it first"),
        ("returns.zip/__MACOSX/903/._oc3.csv", "not read: a hidden or temporary file"),
    ]
    assert not list(tmp_path.rglob("*.csv"))


def test_damaged_and_oversized_archives_are_refused_with_a_reason() -> None:
    [broken] = folders.from_uploads([("903.zip", b"PK\x03\x04 not really")], max_bytes=1000).issues
    assert (broken.file, broken.rule) == ("903.zip", "file_unreadable")
    assert broken.message.startswith("the zip archive cannot be opened (")
    # A member over the limit is read no further than one byte past it, and refused by size.
    big = folders.from_uploads([("903.zip", zipped({"2023/oc3.csv": noise(3000)}))], max_bytes=1000)
    assert (len(big.sources[0].data), big.sources[0].size) == (1001, 3000)
    # Members each within the limit that together unpack to more than the archive may: not read on.
    many = zipped({f"2023/oc3_{n}.csv": noise(900) for n in range(folders.MAX_ARCHIVE_FACTOR + 5)})
    [issue] = folders.from_uploads([("many.zip", many)], max_bytes=1000).issues
    assert (issue.rule, issue.message) == ("file_too_large", "the archive unpacks to more than 0.004 MB; load its folders one at a time")


def noise(size: int) -> bytes:
    """Text that deflates little, as real records do (a hex digest chain)."""
    out = b""
    while len(out) < size:
        out += hashlib.sha256(out[-64:] or b"seed").hexdigest().encode()
    return out[:size]


def deflate_bomb(unpacked_mb: int) -> bytes:
    """A zip of one CSV of zeros: about a thousandth of its unpacked size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("2023/oc3.csv", "w", force_zip64=True) as member:
        member.write(OC3_COLUMNS.encode() + b"\n")
        for _ in range(unpacked_mb):
            member.write(b"0" * 2**20)
    return buffer.getvalue()


def understated(data: bytes, size: int) -> bytes:
    """The archive with its one member's unpacked size declared as ``size``, in the local header
    and in the central directory, so its declared ratio looks like a real file's."""
    import struct

    out = bytearray(data)
    assert out[:4] == b"PK\x03\x04"
    out[22:26] = struct.pack("<I", size)
    central = out.index(b"PK\x01\x02")
    out[central + 24 : central + 28] = struct.pack("<I", size)
    return bytes(out)


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_unpacked() -> None:
    bomb = deflate_bomb(100)
    assert len(bomb) < 200_000  # 100 MB of zeros
    found = folders.from_uploads([("bomb.zip", bomb)], max_bytes=50_000_000)
    assert found.sources == ()
    [issue] = found.issues
    assert (issue.file, issue.rule) == ("bomb.zip", "file_too_large")
    assert issue.message.startswith(f"2023/oc3.csv unpacks to more than {folders.MAX_RATIO} times its size in the archive")


def test_a_zip_that_understates_its_sizes_is_stopped_by_what_comes_out() -> None:
    plain = zipfile.ZipFile(io.BytesIO(bomb := deflate_bomb(20)))
    [member] = plain.infolist()
    # Declared: fifty times its compressed size, as a real file might be; really twenty MB of zeros.
    lying = understated(bomb, member.compress_size * 50)
    assert zipfile.ZipFile(io.BytesIO(lying)).infolist()[0].file_size == member.compress_size * 50
    found = folders.from_uploads([("lying.zip", lying)], max_bytes=50_000_000)
    assert found.sources == ()
    [issue] = found.issues
    assert issue.file == "lying.zip" and issue.rule in ("file_too_large", "file_unreadable")


def test_a_legitimate_archive_is_well_under_the_ratio() -> None:
    # The hand-made sample deflates as real 903 files do: a few times, far from the bound.
    archive = zipfile.ZipFile(io.BytesIO(zipped(two_years())))
    assert max(m.file_size / m.compress_size for m in archive.infolist()) < folders.MAX_RATIO / 10


# --- the two-year folder load --------------------------------------------------------------------

def test_a_two_year_folder_loads_and_says_which_file_went_where(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "903", {**two_years(), "notes.docx": b"x"})
    assert cli([str(root), "--store", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "903/2023/header.csv: SSDA903 Header, 2022-23 (from the folder 2023/), 14 records",
        "903/2023/oc3.csv: SSDA903 OC3 (care leavers), 2022-23 (from the folder 2023/), 14 records",
        "903/2023/uasc.csv: SSDA903 UASC, 2022-23 (from the folder 2023/), 2 records",
        "903/2023-24/Header.csv: SSDA903 Header, 2023-24 (from the folder 2023-24/), 4 records",
        "903/2023-24/OC3.csv: SSDA903 OC3 (care leavers), 2023-24 (from the folder 2023-24/), 4 records",
        "warning: 903/notes.docx (whole file): not read: only .csv, .xlsx and .zip files are read",
    ]
    assert out[-1] == f"loaded 5 files into {store} (load 1)"
    assert query(store, "SELECT file_name, kind, collection_year FROM ingest.load_log ORDER BY collection_year, file_name") == [
        ("903/2023/header.csv", "header", 2023), ("903/2023/oc3.csv", "oc3", 2023), ("903/2023/uasc.csv", "uasc", 2023),
        ("903/2023-24/Header.csv", "header", 2024), ("903/2023-24/OC3.csv", "oc3", 2024)]
    assert query(store, "SELECT collection_year, count(*) FROM ingest.ssda903_oc3 GROUP BY 1 ORDER BY 1") == [(2023, 14), (2024, 4)]


def test_the_same_two_years_zipped(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "903.zip"
    archive.write_bytes(zipped(two_years()))
    assert cli([str(archive), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "903.zip/2023-24/OC3.csv: SSDA903 OC3 (care leavers), 2023-24 (from the folder 2023-24/), 4 records" in out
    assert query(store, "SELECT count(DISTINCT collection_year) FROM ingest.ssda903_header") == [(2,)]


def test_errors_across_both_years_come_at_once_grouped_by_rule(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = two_years()
    files["2023/oc3.csv"] += b"KX0099,14/06/2005,YES,F2,D1\n"  # no Header record in 2022-23 (DfE INT06)
    files["2023-24/OC3.csv"] = files["2023-24/OC3.csv"].replace(b"KX0001,14/06/2005", b"KX0001,15/06/2005")  # DOB differs (INT15)
    files["2023-24/oc3_2023.csv"] = files["2023-24/OC3.csv"]  # the name says 2022-23, the folder 2023-24
    root = write_tree(tmp_path / "903", files)
    before = digest(store)
    assert cli([str(root), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "3 errors; nothing was loaded." in err
    assert "\n       1  file_year: " in err and "\n       1  header_missing: " in err and "\n       1  dob_mismatch: " in err
    assert ("903/2023-24/oc3_2023.csv (whole file): the collection year is given two ways that disagree: the file name says "
            "2022-23 but the folder 2023-24/ says 2023-24; correct one of them") in err
    assert "903/2023/oc3.csv row 16, CHILD 'KX0099': this child has no Header record in 903/2023/header.csv" in err
    assert ("903/2023-24/OC3.csv row 2, CHILD KX0001, DOB '15/06/2005': DOB differs from 903/2023-24/Header.csv row 2, "
            "which gives 14/06/2005") in err
    assert digest(store) == before


def test_redact_masks_ids_and_dates_in_what_is_shown_and_written(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = two_years()
    files["2023-24/OC3.csv"] = files["2023-24/OC3.csv"].replace(b"KX0001,14/06/2005", b"KX0001,31/02/2005")
    root = write_tree(tmp_path / "903", files)
    plain, shared = tmp_path / "errors.csv", tmp_path / "share.csv"
    assert cli([str(root), "--errors", str(plain)]) == 1
    shown = capsys.readouterr().err
    assert cli([str(root), "--errors", str(shared), "--redact"]) == 1
    masked = capsys.readouterr().err
    for text in (shown, plain.read_text(encoding="utf-8-sig")):
        assert "KX0001" in text and "31/02/2005" in text
    for text in (masked, shared.read_text(encoding="utf-8-sig")):
        assert "KX0001" not in text and "31/02/2005" not in text
    assert "CHILD (hidden), DOB 'nn/nn/nnnn': DOB is not a real calendar date" in masked
    assert shared.read_text(encoding="utf-8-sig").splitlines()[1] == "903/2023-24/OC3.csv,2,(hidden),DOB,nn/nn/nnnn,date_format,DOB is not a real calendar date"


def test_a_child_without_a_header_record_against_the_stored_header(store: Path) -> None:
    assert load([Source.from_path(FIXTURES / "header_2023.csv")]).loaded
    oc3 = Source("oc3_2023.csv", f"{OC3_COLUMNS}\nKX0001,14/06/2005,YES,F2,D1\nKX0077,14/06/2005,YES,F2,D1\nKX0003,01/10/2004,YES,F2,D1\n".encode())
    result = load([oc3])
    assert [(i.row, i.rule, i.child, i.message) for i in result.issues] == [
        (3, "header_missing", "KX0077", "this child has no Header record in the Header already stored for 2022-23"),
        # KX0003's stored Header gives September 2004 as the month of birth; the store keeps no day.
        (4, "dob_mismatch", "KX0003", "DOB is not in the month of birth of the Header already stored for 2022-23"),
    ]
    assert not result.loaded


def test_extra_columns_are_not_stored(store: Path) -> None:
    text = f"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,NOTES\nKX0001,14/06/2005,YES,F2,D1,ZQX-private-note\n"
    result = load([Source.from_path(FIXTURES / "header_2023.csv"), Source("oc3_2023.csv", text.encode())])
    assert result.loaded and [w.rule for w in result.warnings] == ["extra_columns"]
    with duckdb.connect(str(store), read_only=True) as con:
        columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'ingest'").fetchall()
        assert not [c for c in columns if c[1].lower() == "notes"]
        for table, column in columns:
            hits = con.execute(f'SELECT count(*) FROM ingest."{table}" WHERE CAST("{column}" AS VARCHAR) LIKE \'%ZQX%\'').fetchall()
            assert hits == [(0,)], (table, column)


# --- every refused load leaves the store byte for byte as it was -------------------------------

REJECTS = {
    "year two ways": {"2023/oc3_2024.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0001,14/06/2005,YES,F2,D1\n"},
    "no header record": {"2023/header.csv": (FIXTURES / "header_2023.csv").read_bytes(),
                         "2023/oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0099,14/06/2005,YES,F2,D1\n"},
    "dob differs": {"2023/header.csv": (FIXTURES / "header_2023.csv").read_bytes(),
                    "2023/uasc.csv": b"CHILD,SEX,DOB,DUC\nKX0007,1,08/03/2003,\n"},
    "missing column": {"2023/oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,NOTES\nKX0001,14/06/2005,YES,F2,x\n"},
    "duplicate child": {"2023/oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0001,14/06/2005,YES,F2,D1\nKX0001,14/06/2005,YES,F2,D1\n"},
    "bad date": {"2023/uasc.csv": b"CHILD,SEX,DOB,DUC\nKX0007,1,07/03/2003,32/13/2022\n"},
    "formula child": {"2023/oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n=1+2+cmd|x!A0,14/06/2005,YES,F2,D1\n"},
    "damaged zip": {"903.zip": b"PK\x03\x04\x00\x00"},
    "no year": {"oc3.csv": b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nKX0001,14/06/2005,YES,F2,D1\n"},
}


@pytest.mark.parametrize("case", sorted(REJECTS))
def test_every_refused_load_leaves_the_store_byte_identical(case: str, store: Path, tmp_path: Path) -> None:
    # A load first, so the store has something of its own to lose.
    assert load([Source.from_path(FIXTURES / "header_2023.csv"), Source.from_path(FIXTURES / "oc3_2023.csv")]).loaded
    before = digest(store)
    root = write_tree(tmp_path / "903", REJECTS[case])
    assert cli([str(root), "--store", str(store)]) == 1
    assert digest(store) == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["leaving_care.duckdb"]


def test_a_new_header_must_still_cover_the_oc3_already_stored(store: Path) -> None:
    assert load([Source.from_path(FIXTURES / "header_2023.csv"), Source.from_path(FIXTURES / "oc3_2023.csv")]).loaded
    before = digest(store)
    # The 2022-23 Header again, without KX0014: it would replace the stored Header and orphan an OC3 record.
    lines = (FIXTURES / "header_2023.csv").read_text(encoding="utf-8-sig").splitlines()
    shorter = Source("header_2023.csv", "\n".join(line for line in lines if "KX0014" not in line).encode())
    result = load([shorter])
    assert [(i.file, i.row, i.message) for i in result.issues] == [
        ("header_2023.csv", None, "1 child of the OC3 already stored for 2022-23 has no record in this Header, which "
                                  "replaces the stored one; load the year's OC3 with it")]
    assert digest(store) == before
    # With the year's OC3 loaded again (KX0014 left out of it too) the load goes through.
    oc3 = (FIXTURES / "oc3_2023.csv").read_text().splitlines()
    assert load([shorter, Source("oc3_2023.csv", "\n".join(line for line in oc3 if "KX0014" not in line).encode())]).loaded


def test_a_file_named_on_its_own_keeps_its_year_folder(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "903", two_years())
    assert cli([str(root / "2023" / "header.csv"), str(root / "2023" / "oc3.csv"), "--check"]) == 0
    assert "2023/oc3.csv: SSDA903 OC3 (care leavers), 2022-23 (from the folder 2023/), 14 records" in capsys.readouterr().out
