"""`make bench`: how fast every page answers, at the demo's size and at 100x it, against floors
measured in the same run. Prints tables; asserts nothing (the machine is shared, timings are noisy).

For every page: its cold first render and its cached rerun under AppTest, and its first and cached
visit in headless Chromium, each as a ratio to two floors (a bare page, and a page showing as many
plain plotly charts as the page did). Then the KPI computation against pandas, the store sizes, and
the server's memory with ten browser sessions open at once on the 100x store.

Goals (issue 13): every cached rerun within 2x its floor at 1x and at 100x; every cold first render
under 1 s at 100x; the KPI computation at least 10x faster than pandas at 100x; under 500 MB of
server memory at 100x.

    python benchmarks/run_all.py [--scale 100] [--repeat 3] [--sessions 10] [--pages EET,Cohort] [--no-browser]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit import logger as streamlit_logger  # noqa: E402

from analytics import db  # noqa: E402
from benchmarks import apptest_pages, browser, queries, stores  # noqa: E402

FLOOR = Path(__file__).resolve().parent / "floor.py"


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.0f}"


def _x(value: float, floor: float) -> str:
    return "–" if math.isnan(value) or not floor else f"{value / floor:.1f}×"


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _page_rows(results: dict, floors: dict, scales: list[int]) -> list[list[str]]:
    rows = []
    for label, by_scale in results.items():
        row = [label, str(by_scale[scales[0]].charts)]
        for scale in scales:
            r = by_scale[scale]
            bare, charts = floors[0], floors[r.charts]
            row += [f"{_ms(r.cold_ms)} ({_x(r.cold_ms, bare.cold_ms)}, {_x(r.cold_ms, charts.cold_ms)})",
                    f"{_ms(r.rerun_ms)} ({_x(r.rerun_ms, bare.rerun_ms)}, {_x(r.rerun_ms, charts.rerun_ms)})"]
        if any(by_scale[s].error for s in scales):
            row[0] += " ⚠ " + next(by_scale[s].error for s in scales if by_scale[s].error)
        rows.append(row)
    return rows


def _page_header(scales: list[int], cold: str, warm: str) -> list[str]:
    header = ["page", "charts"]
    for scale in scales:
        header += [f"{cold} {scale}× ms (÷bare, ÷charts)", f"{warm} {scale}× ms (÷bare, ÷charts)"]
    return header


def _floor_rows(floors: dict) -> list[list[str]]:
    return [[("bare page" if n == 0 else f"{n} plain plotly charts"), _ms(f.cold_ms), _ms(f.rerun_ms)] for n, f in sorted(floors.items())]


def bench_apptest(chosen: list[tuple[str, str]], store_by_scale: dict[int, Path], repeat: int) -> dict[str, int]:
    # Imports and first-use costs are paid once per server process, not per render: pay them here.
    for script, _ in chosen:
        apptest_pages.page(script, store_by_scale[min(store_by_scale)], 1)
    apptest_pages.floor(1, 1)
    results: dict[str, dict[int, apptest_pages.Render]] = {}
    for script, label in chosen:
        results[label] = {scale: apptest_pages.page(script, store, repeat) for scale, store in store_by_scale.items()}
    counts = {0} | {r.charts for by_scale in results.values() for r in by_scale.values()}
    floors = {n: apptest_pages.floor(n, repeat) for n in sorted(counts)}
    scales = sorted(store_by_scale)
    _table("AppTest floors (ms)", ["floor", "cold", "rerun"], _floor_rows(floors))
    _table("AppTest: cold first render and cached rerun, ms (ratio to the bare page, to the same number of plain charts)",
           _page_header(scales, "cold", "rerun"), _page_rows(results, floors, scales))
    return {label: by_scale[scales[0]].charts for label, by_scale in results.items()}


def bench_browser(chosen: list[tuple[str, str]], store_by_scale: dict[int, Path], sessions: int, charts: dict[str, int]) -> None:
    """``charts``: how many charts each page places (from AppTest), which the browser waits to see drawn."""
    results: dict[str, dict[int, apptest_pages.Render]] = {label: {} for _, label in chosen}
    for scale, store in sorted(store_by_scale.items()):
        with browser.server(ROOT / "app.py", store) as srv, browser.session() as driver:
            browser.warm_assets(driver, srv.url)
            for script, label in chosen:
                url = f"{srv.url}/{browser.url_path(script)}"
                first = browser.visit(driver, url, charts[label])
                again = browser.visit(driver, url, charts[label])
                results[label][scale] = apptest_pages.Render(1000 * first, 1000 * again, browser.charts_on(driver))
    counts = {0} | {r.charts for by_scale in results.values() for r in by_scale.values()}
    floors = {}
    with browser.server(FLOOR, None) as srv, browser.session() as driver:
        browser.warm_assets(driver, srv.url)
        for n in sorted(counts):
            url = f"{srv.url}/?charts={n}"
            first = browser.visit(driver, url, n)
            floors[n] = apptest_pages.Render(1000 * first, 1000 * browser.visit(driver, url, n), n)
    scales = sorted(store_by_scale)
    _table("Chromium floors, navigation to settled (ms)", ["floor", "first visit", "second visit"], _floor_rows(floors))
    _table("Chromium: first and second visit, navigation to settled, ms (ratio to the bare page, to the same number of plain charts)",
           _page_header(scales, "first", "cached"), _page_rows(results, floors, scales))
    big = max(store_by_scale)
    with browser.server(ROOT / "app.py", store_by_scale[big]) as srv:
        idle, _ = srv.memory_mb()
        took, rss, peak = browser.sessions_memory(srv, [(browser.url_path(s), charts[label]) for s, label in chosen], sessions)
    _table(f"Server memory at {big}×", ["measure", "value"], [
        ["started, no session", f"{idle:,.0f} MB"],
        [f"{sessions} browser sessions open, one page each", f"{rss:,.0f} MB resident, {peak:,.0f} MB peak"],
        [f"seconds until all {sessions} had settled", f"{took:.1f}"],
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description="Every page at 1x and 100x against floors measured in the same run, "
                                     "the KPI query against pandas, store sizes and server memory.")
    parser.add_argument("--scale", type=int, default=100, help="size of the large store, in copies of the demo cohort")
    parser.add_argument("--repeat", type=int, default=3, help="reruns and query runs per measure (the best is kept)")
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions open at once for the memory measure")
    parser.add_argument("--pages", default="", help="comma-separated page labels (default: every page)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    args = parser.parse_args()
    streamlit_logger.set_log_level("error")
    sys.stdout.reconfigure(line_buffering=True)  # each table as soon as it is measured, even into a file
    os.chdir(ROOT)
    started = time.perf_counter()
    print(f"load average at the start: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    work = Path(tempfile.gettempdir()) / "lci-bench"
    built = [stores.prepare(work, scale) for scale in (1, args.scale)]
    _table("Stores", ["store", "file", "snapshot rows", "snapshot_counts rows", "built in"], [
        [s.label, f"{s.megabytes:,.1f} MB", f"{s.snapshot_rows:,}", f"{s.count_rows:,}",
         "reused" if s.built_seconds is None else f"{s.built_seconds:.0f} s"] for s in built
    ])
    kpi_rows = []
    for s in built:
        t = queries.kpi_query(s.path, args.repeat)
        kpi_rows.append([s.label, f"{t.ours_ms:,.1f}", f"{t.pandas_ms:,.1f}", f"{t.speedup:.0f}×", f"{t.pandas_load_ms:,.0f}",
                         "yes" if t.same_answers else "NO"])
    _table("KPI computation: every KPI at every snapshot (analytics.performance.computed_kpis) against pandas",
           ["store", "ours ms", "pandas ms (records in memory)", "pandas ÷ ours", "pandas load ms", "same answers"], kpi_rows)
    wanted = {p.strip().lower() for p in args.pages.split(",") if p.strip()}
    chosen = [p for p in apptest_pages.pages() if not wanted or p[1].lower() in wanted]
    store_by_scale = {s.scale: s.path for s in built}
    charts = bench_apptest(chosen, store_by_scale, args.repeat)
    if not args.no_browser:
        bench_browser(chosen, store_by_scale, args.sessions, charts)
    os.environ.pop(db.STORE_ENV, None)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores (load average at the end {load})")


if __name__ == "__main__":
    main()
