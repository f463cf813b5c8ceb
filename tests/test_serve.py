"""deploy/serve.py: two Streamlit workers behind Debian's nginx (run as the current user, everything
under a temporary run directory), checked through the proxy with deploy/session.py, a client that
speaks Streamlit's websocket protocol as the browser does."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from data import build
from deploy import serve
from deploy.session import PageRun, Session, http_get

# A scenario assumption that changes the projected cohort, so each value gives different CSV files.
SCENARIO_PARAM = "arrivals_at_16"


def _free_block(size: int) -> int:
    """A port p with p ... p + size - 1 all free on loopback (the proxy's port, then the workers')."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + size > 65535:
            continue
        held = []
        try:
            for port in range(first, first + size):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no block of free ports")


@pytest.fixture(scope="module")
def cluster(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[serve.Cluster]:
    try:
        serve.nginx_binary()
    except serve.ServeError as exc:
        pytest.fail(str(exc))
    work = tmp_path_factory.mktemp("serve")
    # A copy of the session's store, because one test swaps a new store in under the workers.
    served = work / "store" / "leaving_care.duckdb"
    served.parent.mkdir()
    shutil.copy(store, served)
    with serve.Cluster(workers=2, port=_free_block(3), store=served, run_dir=work / "run") as running:
        yield running


def _run(url: str, page: str, query: str = "") -> tuple[PageRun, dict[str, str], list[tuple[int, bytes]]]:
    """One session: run the page, then fetch each of its downloads through the same address."""

    async def go() -> tuple[PageRun, dict[str, str], list[tuple[int, bytes]]]:
        async with Session(url) as session:
            run = await session.run_page(page, query, timeout=120)
            files = [await asyncio.to_thread(session.download, await session.resolve(link)) for link in run.downloads.values()]
            return run, dict(session.cookies), files

    return asyncio.run(go())


def test_the_proxy_answers_health_checks_and_deep_links(cluster: serve.Cluster) -> None:
    status, _, body = http_get(f"{cluster.url}/_stcore/health")
    assert (status, body) == (200, b"ok")
    for path in ("/", "/Scenarios", f"/Scenarios?{SCENARIO_PARAM}=150&lcw_cost_per_fte=52000"):
        status, headers, body = http_get(cluster.url + path)
        assert status == 200, path
        assert b'<div id="root">' in body, path
        # The first response of a browser sets the cookie that keeps it on one worker.
        assert f"{serve.COOKIE}=" in headers.get("set-cookie", "") and "HttpOnly" in headers["set-cookie"], path
    cookie = {serve.COOKIE: "a-browser-seen-before"}
    status, headers, _ = http_get(f"{cluster.url}/Scenarios", cookie)
    assert status == 200 and "set-cookie" not in headers


def test_a_deep_link_runs_its_page_over_the_proxied_websocket(cluster: serve.Cluster) -> None:
    run, cookies, files = _run(cluster.url, "Scenarios")
    assert run.finished and run.errors == [], run.errors
    assert serve.COOKIE in cookies
    # The Scenarios page (not the Overview a missing page falls back to): it offers its CSV files.
    assert run.titles and len(run.downloads) >= 3
    assert all(status == 200 and body.count(b"\n") > 1 for status, body in files)


def test_a_scenario_url_reaches_the_page_and_changes_its_figures(cluster: serve.Cluster) -> None:
    published, _, published_files = _run(cluster.url, "Scenarios")
    changed, _, changed_files = _run(cluster.url, "Scenarios", f"{SCENARIO_PARAM}=150")
    assert published.ok and changed.ok, (published.errors, changed.errors)
    assert all(status == 200 for status, _ in published_files + changed_files)
    assert {body for _, body in changed_files} != {body for _, body in published_files}


def test_each_browser_stays_on_one_worker_and_browsers_spread_over_both(cluster: serve.Cluster) -> None:
    # A download is held in memory by the worker that ran the page; each session's scenario is
    # different, so only that worker has the file. Through the proxy it must always be found.
    workers_used: set[int] = set()

    async def one(value: int) -> tuple[int, list[int]]:
        async with Session(cluster.url) as session:
            run = await session.run_page("Scenarios", f"{SCENARIO_PARAM}={value}")
            assert run.ok, run.errors
            link = await session.resolve(next(iter(run.downloads.values())))
            proxied = (await asyncio.to_thread(session.download, link))[0]
            holders = [port for port in cluster.worker_ports
                       if (await asyncio.to_thread(http_get, f"http://127.0.0.1:{port}{link}"))[0] == 200]
            return proxied, holders

    for value in range(101, 117):
        proxied, holders = asyncio.run(one(value))
        assert proxied == 200 and len(holders) == 1, (value, proxied, holders)
        workers_used.update(holders)
        if len(workers_used) == 2 and value >= 104:
            break
    # All 16 random cookies hashing to the same worker: about once in 10,000 runs (even with a 45/55 split).
    assert workers_used == set(cluster.worker_ports)


def test_a_store_swapped_under_running_workers_is_served_without_restart(cluster: serve.Cluster, tmp_path: Path) -> None:
    assert cluster.store is not None
    before, _, _ = _run(cluster.url, "")
    count_before = int(next(iter(before.metrics.values())).replace(",", ""))
    # The build writes a new file and renames it over the old one, as `make store` does.
    bigger = cluster.store.parent / "bigger.duckdb"
    build.build(bigger, scale=2)
    os.replace(bigger, cluster.store)
    pids = cluster.pids()
    for port in cluster.worker_ports:
        after, _, _ = _run(f"http://127.0.0.1:{port}", "")
        assert after.ok, after.errors
        assert int(next(iter(after.metrics.values())).replace(",", "")) == 2 * count_before, port
    assert cluster.pids() == pids
