"""ui.downloads: a download button registers its file's maker and calls it only when pressed.

In AppTest (no server) the maker must never run, however often the page reruns; in Debian's
chromium against a real server, pressing the button runs it once and the browser saves its bytes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
import streamlit as st
from ui.downloads import CSV, deferred_download

MARK = Path({mark!r})


def make() -> bytes:
    with MARK.open("a") as handle:
        handle.write("made\\n")
    return b"a,b\\n1,2\\n"


st.title("Downloads")
deferred_download("Download this table (CSV)", make, "table.csv", CSV, key="table_csv")
"""


def _page(tmp_path: Path) -> tuple[Path, Path]:
    mark = tmp_path / "made.txt"
    script = tmp_path / "page.py"
    script.write_text(PAGE.format(root=str(ROOT), mark=str(mark)))
    return script, mark


def test_the_file_is_not_made_on_render_or_rerun(tmp_path: Path) -> None:
    script, mark = _page(tmp_path)
    at = AppTest.from_file(str(script))
    at.run()
    at.run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["Download this table (CSV)"]
    assert not mark.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pressing_the_button_makes_the_file_once_in_a_browser(tmp_path: Path) -> None:
    script, mark = _page(tmp_path)
    saved = tmp_path / "saved"
    saved.mkdir()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "streamlit did not start"
                time.sleep(0.3)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(saved)})
        driver.get(f"http://127.0.0.1:{port}")
        button = "[data-testid='stDownloadButton'] button"
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, button))
        assert not mark.exists(), "made before it was asked for"
        driver.find_element(By.CSS_SELECTOR, button).click()
        file = saved / "table.csv"
        WebDriverWait(driver, 60).until(lambda _: file.exists() and not list(saved.glob("*.crdownload")))
        assert file.read_bytes() == b"a,b\n1,2\n"
        assert mark.read_text() == "made\n"
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=20)
