"""The written pack in Debian's headless chromium: it shows every chart with no console error and no
network request, fits a phone's width, prints to A4 a section a page (no more pages than sections),
and its charts export as PNG through kaleido."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from analytics import briefing
from benchmarks.briefing_file import pdf_page_count
from report import briefing_html
from tools import chromium
from viz import figures

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
# A4 is 210 mm wide; the pack's @page margins are 14 mm a side: 182 mm at 96 px to the inch.
A4_PRINTABLE_PX = 182 / 25.4 * 96


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "briefing.html"
    assert briefing.main(["--out", str(out), "--period", "2023-24 Q2"]) == 0
    return out


@pytest.fixture(scope="module")
def opened(pack_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """The pack opened from file:// in a fresh profile, with the console and network logged."""
    driver = chromium.driver(tmp_path_factory.mktemp("profile"), 1000, 1400, logs=("browser", "performance"))
    try:
        # The browser's own start-up page is logged too: start from a blank page and drop its log.
        driver.get("about:blank")
        driver.get_log("performance")
        driver.get(pack_file.as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
        yield driver
    finally:
        driver.quit()


def test_every_chart_draws_with_no_console_error(opened: webdriver.Chrome) -> None:
    plots = opened.find_elements(By.CSS_SELECTOR, "figure > svg[role='img']")
    assert len(plots) == 6 and all(p.size["width"] > 600 and p.size["height"] > 150 for p in plots)
    # Each drawn chart carries its finding as its title.
    # Each chart carries its finding as its title, set above it.
    titles = opened.find_elements(By.CSS_SELECTOR, "figure > .chart-title")
    assert len(titles) == 6 and titles[0].text == "4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target"
    logs = opened.get_log("browser")
    assert [entry for entry in logs if entry["level"] in ("SEVERE", "WARNING")] == []


def test_the_pack_makes_no_network_request(opened: webdriver.Chrome) -> None:
    requested = [
        json.loads(entry["message"])["message"]["params"]["request"]["url"]
        for entry in opened.get_log("performance")
        if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"
    ]
    assert requested, "the page load itself is a request"
    assert [url for url in requested if not url.startswith(LOCAL_SCHEMES)] == []


def test_charts_and_tables_fit_the_a4_printable_width(opened: webdriver.Chrome) -> None:
    widths = opened.execute_script(
        "return [...document.querySelectorAll('figure, table')].map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) >= 6 and max(widths) <= A4_PRINTABLE_PX


def test_the_pack_fits_a_phone_without_scrolling_sideways(opened: webdriver.Chrome) -> None:
    # Headless windows are at least 500 px wide: emulate the phone's 390 px viewport instead.
    opened.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        page, charts, status = opened.execute_script(
            "return [document.documentElement.scrollWidth,"
            " [...document.querySelectorAll('figure > svg')].map(s => s.getBoundingClientRect().right),"
            " [...document.querySelectorAll('th')].filter(t => t.textContent === 'Status').map(t => t.getBoundingClientRect().right)]"
        )
    finally:
        opened.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    # Charts scale down; a wide table scrolls in its own box, its Status column in view.
    assert page <= 390 and len(charts) == 6 and max(charts) <= 390
    assert status and max(status) <= 390


def test_each_section_prints_on_one_a4_page(opened: webdriver.Chrome) -> None:
    pdf = base64.b64decode(opened.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    pages = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)]
    # Issue 15: it printed to 13 pages for 8 sections. Each section starts a page, so no more pages than sections.
    assert pdf_page_count(pdf) == len(pages) == len(briefing.SECTIONS)
    opened.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    breaks = opened.execute_script("return [...document.querySelectorAll('section')].map(s => getComputedStyle(s).breakAfter)")
    opened.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert breaks == ["page"] * (len(briefing.SECTIONS) - 1) + ["auto"]
    avoid = opened.execute_script("return [...document.querySelectorAll('figure')].map(f => getComputedStyle(f).breakInside)")
    assert avoid and set(avoid) == {"avoid"}
    # A4 is 595 x 842 points.
    assert all(abs(w - 595) < 1 and abs(h - 842) < 1 for w, h in pages)


def test_a_pack_chart_exports_as_png() -> None:
    assert figures.image_browser(), "no Chrome or Chromium found"
    chart = briefing_html.figure(briefing.build_sections(briefing.context("2023-24 Q2"), ("cohort",))[0].charts[0])
    png = figures.to_png(chart, width=800, scale=2)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    # Twice the pixels for a sharp print; the height is the figure's own, or plotly's default.
    assert (width, height) == (1600, 2 * (chart.layout.height or figures.PLOTLY_DEFAULT_HEIGHT_PX))


def test_without_a_browser_png_export_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "image_browser", lambda: None)
    chart = briefing.build_sections(briefing.context("2023-24 Q2"), ("cohort",))[0].charts[0]
    with pytest.raises(figures.NoBrowserError, match="download the HTML"):
        figures.to_png(briefing_html.figure(chart))


def test_browser_path_points_the_detection_at_a_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", chromium.CHROMIUM)
    assert figures.image_browser() == chromium.CHROMIUM
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    assert figures.image_browser() is None
