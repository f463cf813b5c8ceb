"""The stores the benchmark runs on: the demo store and one ``scale`` times its cohort, built under the
system's temporary folder and reused while newer than every file the build reads."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics import config
from data import build

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Store:
    label: str
    scale: int
    path: Path
    megabytes: float
    snapshot_rows: int
    count_rows: int
    built_seconds: float | None


def _inputs() -> list[Path]:
    pack = config.pack_dir()
    return [*pack.glob("*"), ROOT / "data" / "schema.sql", ROOT / "data" / "build.py", ROOT / "data" / "synthetic.py",
            ROOT / "analytics" / "sql" / "build_snapshot_aggregates.sql"]


def _fresh(path: Path) -> bool:
    return path.exists() and path.stat().st_mtime > max(p.stat().st_mtime for p in _inputs())


def prepare(work: Path, scale: int) -> Store:
    """The store ``scale`` times the demo cohort, built unless an up-to-date one is already there."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"x{scale}.duckdb"
    took = None
    if not _fresh(path):
        start = time.perf_counter()
        build.build(path, scale=scale)
        took = time.perf_counter() - start
    with duckdb.connect(str(path), read_only=True) as con:
        snapshot_rows, count_rows = con.execute(
            "SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM snapshot_counts)"
        ).fetchone()
    return Store(f"{scale}x", scale, path, path.stat().st_size / 1e6, snapshot_rows, count_rows, took)
