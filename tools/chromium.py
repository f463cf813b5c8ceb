"""Debian's headless Chromium, driven by its chromedriver: the one way the browser tests, the
benchmarks and the screenshot tool start a browser (Playwright's own download does not work here).

    >>> with session(1440, 1000) as driver:       # doctest: +SKIP
    ...     driver.get("http://127.0.0.1:8501")

``session`` makes a throwaway profile; ``driver`` takes one a test fixture owns. Widths under 500 px
need ``emulate_width``: Chromium's window is never narrower than that.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install chromium chromium-driver"
# No network of its own (updates, sync, QUIC probes), so a page's own requests are all it makes.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
)


def installed() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def driver(profile: Path, width: int = 1440, height: int = 1800, *, logs: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> webdriver.Chrome:
    """A headless Chromium at ``width`` × ``height`` using the profile folder ``profile``; ``logs``
    names the logs to keep ("browser" for the console, "performance" for network requests)."""
    if not installed():
        raise RuntimeError(f"Debian's chromium and chromedriver are needed: {INSTALL}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, *extra, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", {log: "ALL" for log in logs})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@contextmanager
def session(width: int = 1440, height: int = 1800, *, logs: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> Iterator[webdriver.Chrome]:
    """``driver`` with a throwaway profile, quit on leaving."""
    with tempfile.TemporaryDirectory(prefix="lci-chromium-") as profile:
        browser = driver(Path(profile), width, height, logs=logs, extra=extra)
        try:
            yield browser
        finally:
            browser.quit()


def emulate_width(browser: webdriver.Chrome, width: int, height: int) -> None:
    """Lay the page out at ``width`` px, as a phone when under 600 px."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
