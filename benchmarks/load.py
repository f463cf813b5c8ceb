"""Load: N people on the dashboard at once, each walking the pages a committee week needs.

Every session is a websocket client speaking Streamlit's own protocol (``deploy/session.py``; no
browser): it fetches the page, opens ``/_stcore/stream``, asks for a run of each page in turn and
waits for ``script_finished``. All sessions start together. For each store size (1x and 100x the
demo) and each number of workers (one Streamlit process alone, or N behind nginx as ``make serve``
runs them) it prints, per page, the median and 95th percentile of the time from asking for a page
to its last message, the errors (exceptions on the page, pages not found, runs that did not finish
in time, refused connections), the server's CPU seconds over the wall seconds, and the peak memory
of all server processes (resident, and proportional: shared pages counted once). Each worker walks
every page once before it is measured, so caches are warm, as on a server that has been up all day.

Benchmarked, never asserted: the machine is shared and timings are noisy.

    python benchmarks/load.py [--sessions 1,20,40] [--scales 1,100] [--workers 2] [--json out.json]
    python benchmarks/load.py --url http://host:8501 --sessions 20     # a server already running
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.serve import Cluster  # noqa: E402
from deploy.session import PageRun, Session  # noqa: E402

# (URL path, label): the walk of the issue, in its order.
PAGES = [
    ("", "Overview"),
    ("Exceptions", "Exceptions"),
    ("Performance", "KPI performance"),
    ("EET", "EET"),
    ("Cohort", "Cohort"),
    ("Scenarios", "Scenarios"),
    ("Briefing", "Briefing"),
]
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree[ppid].append(int(entry.name))
    return tree


def process_tree(roots: list[int]) -> list[int]:
    """The server's processes: the roots and everything they started (e.g. a browser for PNG export)."""
    tree, out, todo = _children(), [], list(roots)
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(tree.get(pid, []))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User and system time of ``pids`` and of their children that have exited."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / _TICK


def memory_bytes(pids: list[int]) -> tuple[int, int]:
    """(resident, proportional) bytes of ``pids``; PSS counts a page shared by k processes as 1/k."""
    rss = pss = 0
    for pid in pids:
        try:
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_SIZE
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return rss, pss


class MemorySampler:
    """Peak memory of a process tree, sampled on a thread while the load runs."""

    def __init__(self, roots: list[int], every: float = 0.25) -> None:
        self.roots, self.every = roots, every
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = memory_bytes(process_tree(self.roots))
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class LevelResult:
    scale: int
    workers: int
    sessions: int
    wall_seconds: float
    runs: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    server_cpu_seconds: float | None = None
    peak_rss_mb: float | None = None
    peak_pss_mb: float | None = None
    client_cpu_seconds: float = 0.0
    # Per server process (workers, then nginx): how evenly the proxy spread the sessions.
    process_cpu_seconds: list[float] = field(default_factory=list)
    # The machine's 1-minute load average before and after: other work on a shared machine.
    load_average: tuple[float, float] = (0.0, 0.0)

    def all_times(self) -> list[float]:
        return [t for times in self.runs.values() for t in times]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


async def walk(url: str, pages: list[tuple[str, str]], rounds: int, timeout: float,
               think: float = 0.0) -> tuple[list[PageRun], list[str]]:
    runs: list[PageRun] = []
    pace = random.Random()
    try:
        async with Session(url) as session:
            for _ in range(rounds):
                for path, _label in pages:
                    if think and runs:
                        # Reading the page before the next click: uniform, mean `think` seconds.
                        await asyncio.sleep(pace.uniform(0, 2 * think))
                    runs.append(await session.run_page(path, timeout=timeout))
    except Exception as exc:  # a refused or dropped connection is an error of the level, not of the benchmark
        return runs, [f"session: {type(exc).__name__}: {exc}"]
    return runs, []


async def run_level(url: str, sessions: int, pages: list[tuple[str, str]], rounds: int, timeout: float,
                    max_seconds: float, think: float) -> tuple[list[PageRun], list[str], float]:
    start = time.perf_counter()
    tasks = [asyncio.create_task(walk(url, pages, rounds, timeout, think)) for _ in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=max_seconds)
    for task in pending:
        task.cancel()
    runs, errors = [], [f"session cut off after {max_seconds:g} s" for _ in pending]
    for task in done:
        r, e = task.result()
        runs.extend(r)
        errors.extend(e)
    return runs, errors, time.perf_counter() - start


def measure(url: str, scale: int, workers: int, sessions: int, roots: list[int], args: argparse.Namespace) -> LevelResult:
    load_before = os.getloadavg()[0]
    pids = process_tree(roots) if roots else []
    cpu_before, client_before = cpu_seconds(pids), sum(os.times()[:2])
    per_root_before = [cpu_seconds(process_tree([root])) for root in roots]
    sampler = MemorySampler(roots)
    with sampler if roots else contextlib.nullcontext():
        runs, errors, wall = asyncio.run(run_level(url, sessions, args.page_list, args.rounds, args.timeout, args.max_seconds, args.think))
    result = LevelResult(scale, workers, sessions, wall, client_cpu_seconds=sum(os.times()[:2]) - client_before,
                         load_average=(load_before, os.getloadavg()[0]))
    labels = dict(args.page_list)
    for run in runs:
        result.runs.setdefault(labels[run.page], []).append(run.seconds)
        result.errors.extend(f"{labels[run.page]}: {e}" for e in run.errors)
    result.errors.extend(errors)
    if roots:
        result.server_cpu_seconds = cpu_seconds(process_tree(roots)) - cpu_before
        result.process_cpu_seconds = [cpu_seconds(process_tree([root])) - before for root, before in zip(roots, per_root_before)]
        result.peak_rss_mb, result.peak_pss_mb = sampler.peak_rss / 1e6, sampler.peak_pss / 1e6
    return result


def report(result: LevelResult, pages: list[tuple[str, str]]) -> str:
    times = result.all_times()
    server = (f"{result.scale}x store, {result.workers} worker{'s' * (result.workers > 1)}"
              f"{' behind nginx' if result.workers > 1 else ', no proxy'}") if result.workers else "the server at --url"
    head = (f"\n[{server}, {result.sessions} sessions] "
            f"wall {result.wall_seconds:.1f} s, {len(times)} page runs, errors {len(result.errors)}")
    if result.server_cpu_seconds is not None:
        head += (f", server CPU {result.server_cpu_seconds:.1f} s ({result.server_cpu_seconds / result.wall_seconds:.2f} "
                 f"cores, {result.server_cpu_seconds / max(len(times), 1):.2f} s a page; by process "
                 f"{' / '.join(f'{c:.0f}' for c in result.process_cpu_seconds)} s), "
                 f"peak memory {result.peak_rss_mb:.0f} MB resident / {result.peak_pss_mb:.0f} MB proportional")
    head += (f", load client CPU {result.client_cpu_seconds:.1f} s, machine load average "
             f"{result.load_average[0]:.1f} -> {result.load_average[1]:.1f}")
    lines = [head, f"  {'page':16s} {'median':>8s} {'p95':>8s} {'runs':>5s}"]
    for _, label in pages:
        t = result.runs.get(label, [])
        if t:
            lines.append(f"  {label:16s} {statistics.median(t):7.2f}s {p95(t):7.2f}s {len(t):5d}")
    if times:
        lines.append(f"  {'all pages':16s} {statistics.median(times):7.2f}s {p95(times):7.2f}s {len(times):5d}")
    for error in sorted(set(result.errors))[:5]:
        lines.append(f"  error ({result.errors.count(error)}x): {error[:200]}")
    return "\n".join(lines)


def build_store(scale: int, work: Path) -> Path:
    out = work / f"x{scale}.duckdb"
    subprocess.run([sys.executable, "-m", "data.build", "--out", str(out), "--scale", str(scale)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return out


def warm(url: str, pages: list[tuple[str, str]], timeout: float) -> list[str]:
    runs, errors = asyncio.run(walk(url, pages, 1, timeout))
    return errors + [f"warm-up {run.page or 'Overview'}: {e}" for run in runs for e in run.errors]


def ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=ints, default=[1, 20, 40], help="concurrent sessions per level")
    parser.add_argument("--scales", type=ints, default=[1, 100], help="store sizes, multiples of the demo")
    parser.add_argument("--workers", type=ints, default=[os.cpu_count() or 2],
                        help="1 = one Streamlit process alone; more = that many behind nginx")
    parser.add_argument("--rounds", type=int, default=1, help="walks of all the pages per session")
    parser.add_argument("--pages", default=",".join(label for _, label in PAGES), help="labels of the pages to walk")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a person reads a page before the next click (0: click at once, the worst case)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds one page may take before it is an error")
    parser.add_argument("--max-seconds", type=float, default=300, help="bound on one level; sessions still running are errors")
    parser.add_argument("--port", type=int, default=18501, help="public port for the servers this starts")
    parser.add_argument("--url", help="load a server already running instead (no server CPU or memory)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    wanted = [p.strip() for p in args.pages.split(",")]
    args.page_list = [p for p in PAGES if p[1] in wanted]
    print(f"load: {os.cpu_count()} cores (shared: timings are noisy), pages {', '.join(l for _, l in args.page_list)}, "
          f"{args.rounds} walk(s) per session, all sessions starting together, think time {args.think:g} s", flush=True)
    results: list[LevelResult] = []
    if args.url:
        for n in args.sessions:
            results.append(measure(args.url, 0, 0, n, [], args))
            print(report(results[-1], args.page_list), flush=True)
    else:
        with tempfile.TemporaryDirectory(prefix="lci-load-") as tmp:
            for scale in args.scales:
                start = time.perf_counter()
                store = build_store(scale, Path(tmp))
                print(f"\nbuilt the {scale}x store ({store.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s",
                      flush=True)
                for workers in args.workers:
                    cluster = Cluster(workers, args.port, store=store, proxy=workers > 1, run_dir=Path(tmp) / f"run-{workers}")
                    with cluster:
                        for port in cluster.worker_ports:
                            for error in warm(f"http://127.0.0.1:{port}", args.page_list, args.timeout):
                                print(f"  warm-up error: {error}", flush=True)
                        for n in args.sessions:
                            results.append(measure(cluster.url, scale, workers, n, cluster.pids(), args))
                            print(report(results[-1], args.page_list), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))


if __name__ == "__main__":
    main()
