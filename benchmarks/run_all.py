"""Benchmarks: our DuckDB queries against pandas equivalents, and page reruns against a bare page,
on the demo store and on a store 100x its size. Prints ratios and sizes; asserts nothing.

    python benchmarks/run_all.py [--scale 100]
"""

from __future__ import annotations

import argparse
import logging
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


def pandas_equivalents(store: Path) -> tuple[dict[str, Callable[[], object]], Callable[[], pd.DataFrame]]:
    """The same answers computed in pandas, and the load a pandas app would need first."""

    def load() -> pd.DataFrame:
        with duckdb.connect(str(store), read_only=True) as con:
            return con.execute("SELECT * FROM snapshots").df()

    snaps = load()
    with duckdb.connect(str(store), read_only=True) as con:
        kpis = con.execute("SELECT kpi_id, measure, age_min, age_max FROM kpi_definitions").df()
    eet = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"]

    def trend() -> object:
        return snaps.groupby("snapshot_date").size()

    def all_kpis() -> object:
        out = []
        alive = snaps[~snaps["in_touch"].isin(["DIED", "RHOM"])]
        for k in kpis.itertuples():
            sub = alive[alive["age"].between(k.age_min, k.age_max)]
            if k.measure == "accommodation":
                sub = sub[~sub["accom"].str[0].isin(["G", "H", "R"])]
                hit = sub["accom"].str.endswith("1")
            elif k.measure == "pathway_plan":
                sub = sub[sub["legal_status"] != "Qualifying"]
                hit = sub["pathway_plan_up_to_date"]
            elif k.measure == "eet":
                hit = sub["activ"].isin(eet)
            else:
                hit = sub["in_touch"] == "YES"
            out.append(hit.groupby(sub["snapshot_date"]).mean().rename(k.kpi_id))
        return pd.concat(out, axis=1)

    return {"cohort_trend": trend, "kpi": all_kpis}, load


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
    pandas_fns, load = pandas_equivalents(store)
    load_time = best_of(load, repeat=3)
    print(f"  loading the snapshots into pandas: {load_time * 1000:.0f} ms")
    ours = {"cohort_trend": cohort.cohort_trend, "kpi": performance.computed_kpis}
    for name, fn in ours.items():
        duck, pand = best_of(fn), best_of(pandas_fns[name])
        print(
            f"  {name:12s} duckdb {duck * 1000:7.1f} ms | pandas in memory {pand * 1000:7.1f} ms (ratio {duck / pand:4.2f}) "
            f"| pandas incl. load {(pand + load_time) * 1000:7.1f} ms (ratio {duck / (pand + load_time):4.2f})"
        )
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
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    main()
