"""The connection module: read-only, a cursor per query, reopened when the store is swapped."""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from analytics import db
from data import build

ROOT = Path(__file__).resolve().parent.parent


def test_the_app_connection_is_read_only() -> None:
    cur = db._CONNECTION.cursor()
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            cur.execute("DELETE FROM kpi_values")
    finally:
        cur.close()


def test_concurrent_queries_from_many_threads() -> None:
    # Streamlit serves each browser session from its own thread.
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: int(db.query("cohort_size_by_snapshot")["care_leavers"].sum()), range(32)))
    assert len(set(results)) == 1 and results[0] > 0


def test_reopens_when_the_store_file_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "swap.duckdb"
    build.build(path, seed=1)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    first = db.query("build_info")["seed"].iloc[0]
    version = db.store_version()
    build.build(path, seed=2)  # renamed over the open file, as a rebuild or ingest does
    assert db.query("build_info")["seed"].iloc[0] != first
    assert db.store_version() != version


def test_missing_store_says_how_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.STORE_ENV, str(tmp_path / "absent.duckdb"))
    with pytest.raises(db.StoreMissingError, match="make run"):
        db.query("build_info")


def test_unknown_query_name_is_refused() -> None:
    with pytest.raises(KeyError, match="no query named"):
        db.query("../data/schema")


def test_queries_bind_parameters_and_never_format_sql() -> None:
    # No analytics module builds SQL with an f-string or % formatting; values are bound.
    offenders = []
    for path in (ROOT / "analytics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"execute", "sql", "query"}:
                if node.args and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
    assert all(p.read_text().strip() for p in (ROOT / "analytics" / "sql").glob("*.sql"))


def test_analytics_never_imports_streamlit() -> None:
    for path in (ROOT / "analytics").rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not any(name.split(".")[0] == "streamlit" for name in names), path.name


def test_pages_never_import_duckdb() -> None:
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        assert "import duckdb" not in path.read_text(), path.name


def test_a_remembered_read_is_a_copy_and_forgotten_when_the_store_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.duckdb"
    build.build(path, seed=1)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    runs = []

    @db.per_store()
    def sizes():
        runs.append(1)
        return db.query("cohort_size_by_snapshot")

    first = sizes()
    first["care_leavers"] = -1  # a caller changing its copy
    second = sizes()
    assert len(runs) == 1
    assert (second["care_leavers"] > 0).all()
    build.build(path, seed=2)  # renamed over the file, as a rebuild or a load does
    third = sizes()
    assert len(runs) == 2
    assert not third.equals(second)
    db.forget()
    sizes()
    assert len(runs) == 3
