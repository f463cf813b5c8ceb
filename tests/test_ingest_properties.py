"""Property-based: whatever bytes arrive, the loader answers with issues or a clean load, never an
exception, and a refused load never changes the store."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from analytics.ingest import Source, load, privacy
from data import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"
VALID = {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.csv"))}
NAMES = [*VALID, "oc3.csv", "returns.csv", "budget.xlsx", "cohort_2024.csv"]
HEADERS = [
    b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", b"CHILD,SEX,DOB,DUC\n",
    b"kpi_id,period,value\n", b"line_id,option,item,amount\n",
    b"snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,at_university,"
    b"in_touch,activ,accom,pathway_plan_up_to_date\n",
]
CELL = hs.one_of(
    hs.sampled_from(["", "KX0001", "14/06/2005", "31/02/2005", "14/06/05", "YES", "DIED", "F2", "0", "D1", "Z1", "Q9", "1", "M",
                     "2023-24 Q2", "kit", "-1e9", "£1,000", "Former Relevant", '"', "\r", "\ufeff", "é"]),
    hs.text(max_size=12),
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@hs.composite
def malformed(draw: hs.DrawFn) -> Source:
    name = draw(hs.sampled_from(NAMES))
    how = draw(hs.sampled_from(["bytes", "rows", "mutate", "truncate", "encode"]))
    if how == "bytes":
        data = draw(hs.binary(max_size=400))
    elif how == "rows":
        rows = draw(hs.lists(hs.lists(CELL, max_size=18), max_size=8))
        body = "\n".join(",".join(row) for row in rows)
        data = draw(hs.sampled_from(HEADERS)) + body.encode("utf-8", "surrogatepass")
    else:
        data = VALID[draw(hs.sampled_from(sorted(VALID)))]
        at = draw(hs.integers(0, len(data) - 1))
        if how == "mutate":
            data = data[:at] + draw(hs.binary(min_size=1, max_size=4)) + data[at + 1 :]
        elif how == "truncate":
            data = data[:at]
        else:
            data = data.decode("utf-8-sig").encode(draw(hs.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"])), "replace")
    return Source(name, data)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properties")
    built = folder / "built.duckdb"
    build.build(built)
    path = folder / "leaving_care.duckdb"
    shutil.copyfile(built, path)
    return path


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sources=hs.lists(malformed(), min_size=1, max_size=3))
def test_malformed_files_never_crash_the_loader_nor_change_the_store(
    sources: list[Source], store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    before = _digest(store)
    result = load(sources, store, max_mb=0.05)
    if not result.loaded:
        assert _digest(store) == before
        assert result.issues or not sources
    # Every issue can be shown and downloaded.
    assert len(result.errors()) == len(result.issues)
    assert not list(store.parent.glob("*.tmp"))


@settings(max_examples=40, deadline=None, database=None)
@given(data=hs.binary(max_size=2000))
def test_arbitrary_bytes_are_refused_with_a_reason(data: bytes) -> None:
    from analytics.ingest.reading import read_table

    table, issues = read_table(Source("oc3_2023.csv", data), max_bytes=10_000)
    assert (table is None) == bool(issues)
    assert all(i.message for i in issues)


FOLDERS = ["2023", "2023-24", "2022-23", "2024", "903", "2023-2024", "old 2019", "2023/2024", "", "__MACOSX", ".git"]
FILE_NAMES = [*NAMES, "Header.csv", "OC3.CSV", "uasc.xlsx", "notes.txt", ".DS_Store", "~$oc3.xlsx", "inner.zip", "oc3_2024.csv"]


@hs.composite
def folder_tree(draw: hs.DrawFn) -> dict[str, bytes]:
    """A folder an analyst might hand over: year folders named every way, valid and damaged files,
    files that are not data, the same table twice."""
    files: dict[str, bytes] = {}
    for _ in range(draw(hs.integers(1, 6))):
        folder = draw(hs.sampled_from(FOLDERS))
        name = draw(hs.sampled_from(FILE_NAMES))
        data = draw(hs.one_of(hs.sampled_from(sorted(VALID.values())), malformed().map(lambda s: s.data)))
        files[f"{folder}/{name}".lstrip("/")] = data
    return files


def _zipped(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tree=folder_tree(), as_zip=hs.booleans(), year=hs.sampled_from([None, 2023, 2024]))
def test_generated_folders_never_crash_the_loader_nor_change_the_store(
    tree: dict[str, bytes], as_zip: bool, year: int | None, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from analytics.ingest import folders

    with tempfile.TemporaryDirectory() as tmp:
        monkeypatch.setenv(privacy.KEY_ENV, str(Path(tmp) / "key"))
        if as_zip:
            found = folders.from_uploads([("903.zip", _zipped(tree))], max_bytes=50_000)
        else:
            root = Path(tmp) / "903"
            for name, data in tree.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            found = folders.from_paths([root], max_bytes=50_000)
        before = _digest(store)
        result = load(found.sources, store, year=year, max_mb=0.05, gathered=found.issues)
    if not result.loaded:
        assert _digest(store) == before
    # Every file gathered is reported against a table and year, or has an issue saying why not.
    assert len(result.files) == len(found.sources)
    named = {i.file for i in (*result.issues, *result.warnings)}
    assert all(f.kind and (f.collection_year or f.kind in ("Provider KPI return", "Cohort snapshot", "Budget lines")) or f.name in named
               for f in result.files)
    # Both reports can always be produced, the shared one with no more rows than the full one.
    assert len(result.errors(redacted=True)) == len(result.errors()) == len(result.issues)
    assert not list(store.parent.glob("*.tmp"))
