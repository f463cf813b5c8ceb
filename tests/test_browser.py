"""The app in a real browser (Debian's chromium via chromedriver), served on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from analytics import db
from tools import chromium
from tools.server import streamlit_server as served

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def streamlit_server(env: dict[str, str]) -> Iterator[str]:
    """A freshly started Streamlit server on a free loopback port with ``env`` added; yields its URL."""
    with served(ROOT / "app.py", env) as (url, _):
        yield url


@pytest.fixture
def server(store: Path) -> Iterator[str]:
    """A freshly started Streamlit server: nothing has opened any page in it yet."""
    with streamlit_server({db.STORE_ENV: str(store)}) as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    driver = chromium.driver(tmp_path / "profile", 1400, 1800)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: webdriver.Chrome, css: str, text: str | None = None) -> None:
    wait = WebDriverWait(driver, 60)
    if text is None:
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))
    else:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))


def test_overview_loads_with_its_title_and_a_chart(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server)
    _wait(browser, "h1", "Leaving Care Insight")
    _wait(browser, ".js-plotly-plot .main-svg")
    assert "Overview" in browser.title
    assert "aged 21 or over" in browser.find_element(By.CSS_SELECTOR, ".js-plotly-plot").text


def test_a_menu_link_changes_page_in_place_keeping_the_session(server: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server}/Sources")
    _wait(browser, "h1", "Sources and definitions")
    # A full page load would forget this, and the session (filters chosen on other pages) with it.
    browser.execute_script("window.lciMarker = 'kept'")
    sidebar = browser.find_element(By.CSS_SELECTOR, "[data-testid='stSidebar']")
    next(link for link in sidebar.find_elements(By.TAG_NAME, "a") if link.text.endswith("KPI cards")).click()
    _wait(browser, "h1", "KPI cards")
    assert browser.current_url == f"{server}/KPI_cards"
    next(link for link in sidebar.find_elements(By.TAG_NAME, "a") if link.text.endswith("Overview")).click()
    _wait(browser, "h1", "Leaving Care Insight")
    assert browser.current_url.rstrip("/") == server
    assert browser.execute_script("return window.lciMarker") == "kept"


def test_a_page_url_opened_first_shows_that_page_and_our_menu(server: str, browser: webdriver.Chrome) -> None:
    # Opened before anyone has visited the root page of this server (a bookmark or shared link).
    browser.get(f"{server}/Sources")
    _wait(browser, "h1", "Sources and definitions")
    _wait(browser, "[data-testid='stSidebar']", "Overview")
    sidebar = browser.find_element(By.CSS_SELECTOR, "[data-testid='stSidebar']").text
    assert "Sources and definitions" in sidebar and "Start here" in sidebar
