"""Pages in headless Chromium (Debian's /usr/bin/chromium and chromedriver), served by a real
Streamlit server: each page's first visit (cold: nothing on that page cached yet) and a second visit
(cached), from navigation until the page has settled (the script has finished and every plotly chart
has drawn); the floors (``benchmarks/floor.py``) on a server of their own, measured the same way;
and the server's memory with many browser sessions open at once."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from analytics import db
from tools import chromium
from tools.server import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
TIMEOUT = 180
# Taller than the longest page: Streamlit draws a chart once it is in view, and a page has settled
# only when every chart on it has been drawn.
VIEWPORT = (1440, 8000)


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def memory_mb(self) -> tuple[float, float]:
        """Resident and peak resident memory of the server process and its children, in MB."""
        rss = peak = 0.0
        for pid in [self.process.pid, *_descendants(self.process.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            rss += _kb(status, "VmRSS") / 1024
            peak += _kb(status, "VmHWM") / 1024
        return rss, peak


def _kb(status: str, field: str) -> float:
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def _descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return [d for c in children for d in (c, *_descendants(c))]


@contextmanager
def server(script: Path, store: Path | None) -> Iterator[Server]:
    with streamlit_server(script, {db.STORE_ENV: str(store)} if store is not None else None, timeout=120) as (url, proc):
        yield Server(url, proc)


@contextmanager
def session() -> Iterator[webdriver.Chrome]:
    """A headless Chromium whose viewport holds a whole page."""
    with chromium.session(*VIEWPORT) as driver:
        chromium.emulate_width(driver, *VIEWPORT)
        yield driver


# One round trip per poll: on a busy machine each WebDriver call costs more than the page. The chart
# components load after the script has finished, so "no chart yet" is not "every chart drawn": the
# page must show as many drawn charts as it places (counted by AppTest on the same page).
SETTLED_JS = f"""
const app = document.querySelector("{SETTLED}");
if (!app || !document.querySelector("h1")) return false;
const drawn = [...document.querySelectorAll("[data-testid='stPlotlyChart']")].filter(c => c.querySelector(".main-svg"));
return drawn.length >= arguments[0];
"""


def _settled(charts: int):
    def check(driver: webdriver.Chrome) -> bool:
        try:
            return bool(driver.execute_script(SETTLED_JS, charts))
        except WebDriverException:
            # A page busy drawing can make a poll time out: not settled yet.
            return False
    return check


def visit(driver: webdriver.Chrome, url: str, charts: int) -> float:
    """Seconds from asking for ``url`` until its script has finished and its ``charts`` charts are drawn."""
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(url)
    WebDriverWait(driver, TIMEOUT, poll_frequency=0.05).until(_settled(charts))
    return time.perf_counter() - start


def warm_assets(driver: webdriver.Chrome, url: str) -> None:
    """Put the app's scripts and styles in the browser's cache without running any page, so that the
    first page measured does not pay alone for what every page shares."""
    index = urllib.request.urlopen(f"{url}/", timeout=30).read().decode()
    for asset in re.findall(r'(?:src|href)="\.?/?(static/[^"]+)"', index):
        driver.get(f"{url}/{asset}")


def charts_on(driver: webdriver.Chrome) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, "[data-testid='stPlotlyChart']"))


def url_path(script: str) -> str:
    """Streamlit's URL for a file in pages/: its name without the number prefix."""
    if script == "app.py":
        return ""
    return Path(script).stem.split("_", 1)[1]


def sessions_memory(srv: Server, pages: list[tuple[str, int]], sessions: int) -> tuple[float, float, float]:
    """Open ``sessions`` tabs at once, each on the next of ``pages`` (path, charts), wait for all to
    settle, and return (seconds until all settled, server resident MB, server peak resident MB)."""
    with session() as driver:
        start = time.perf_counter()
        handles = []
        for i in range(sessions):
            if i:
                driver.switch_to.new_window("tab")
            path, charts = pages[i % len(pages)]
            driver.get(f"{srv.url}/{path}")
            handles.append((driver.current_window_handle, charts))
        for handle, charts in handles:
            driver.switch_to.window(handle)
            WebDriverWait(driver, TIMEOUT, poll_frequency=0.1).until(_settled(charts))
        took = time.perf_counter() - start
        rss, peak = srv.memory_mb()
    return took, rss, peak
