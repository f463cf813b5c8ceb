"""Benchmarks: our DuckDB queries against pandas equivalents, and page reruns against a bare page,
on the demo store and on a store 100x its size. Prints ratios and sizes; asserts nothing.

    python benchmarks/run_all.py [--scale 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from analytics import cohort, db, performance  # noqa: E402
from data import build  # noqa: E402

BARE_PAGE = "import streamlit as st\nst.title('bare')\nst.write('A bare Streamlit page.')\n"


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pandas_equivalents(store: Path) -> dict[str, Callable[[], object]]:
    with duckdb.connect(str(store), read_only=True) as con:
        snaps = con.execute("SELECT * FROM snapshots").df()
    eet = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}

    def trend() -> object:
        return snaps.groupby("snapshot_date").size()

    def kpi_eet_19_21() -> object:
        sub = snaps[snaps["age"].between(19, 21) & ~snaps["in_touch"].isin(["DIED", "RHOM"])]
        return sub.assign(eet=sub["activ"].isin(eet)).groupby("snapshot_date")["eet"].mean()

    return {"cohort_trend": trend, "kpi": kpi_eet_19_21}


def page_rerun(script: Path) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=120)
    at.run()  # first run fills the caches

    def rerun() -> None:
        at.run()
        assert not at.exception

    return best_of(rerun, repeat=3)


def bench_store(label: str, store: Path) -> None:
    os.environ[db.STORE_ENV] = str(store)
    rows = db.query("cohort_size_by_snapshot")["care_leavers"].sum()
    print(f"\n[{label}] {store.stat().st_size / 1e6:.1f} MB, {rows:,} snapshot rows")
    pandas_fns = pandas_equivalents(store)
    ours = {"cohort_trend": cohort.cohort_trend, "kpi": performance.computed_kpis}
    for name, fn in ours.items():
        duck, pand = best_of(fn), best_of(pandas_fns[name])
        print(f"  {name:14s} duckdb {duck * 1000:8.1f} ms   pandas (data already in memory) {pand * 1000:8.1f} ms   ratio {duck / pand:5.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_PAGE)
        base = page_rerun(bare)
    overview = page_rerun(ROOT / "app.py")
    print(f"  page rerun: bare {base * 1000:.0f} ms, Overview {overview * 1000:.0f} ms, ratio {overview / base:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    os.chdir(ROOT)
    work = Path(tempfile.gettempdir()) / "lci-bench"
    work.mkdir(exist_ok=True)
    demo, big = work / "demo.duckdb", work / f"x{args.scale}.duckdb"
    build.build(demo)
    start = time.perf_counter()
    build.build(big, scale=args.scale)
    print(f"built the {args.scale}x store in {time.perf_counter() - start:.1f} s")
    bench_store("demo", demo)
    bench_store(f"{args.scale}x demo", big)


if __name__ == "__main__":
    pd.set_option("display.width", 120)
    main()
