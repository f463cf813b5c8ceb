"""Every page of every shipped pack and the minimal pack in a real browser (Debian's chromium):
the page settles with its heading, shows no exception, and names no other pack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from analytics import config, db
from data import build
from tests.test_browser import browser, streamlit_server  # noqa: F401  (the browser fixture)
from tests.test_any_pack import PACKS, SCRIPTS, foreign_names


def _url_path(script: str) -> str:
    # Streamlit serves pages/NN_Name.py at /Name.
    return "" if script == "app.py" else Path(script).stem.split("_", 1)[1]


@pytest.fixture(scope="module", params=sorted(PACKS))
def pack_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    name = request.param
    folder = tmp_path_factory.mktemp(f"browser-{name}")
    store = build.build(folder / "store.duckdb", config=config.load(PACKS[name])).path
    env = {db.STORE_ENV: str(store), config.CONFIG_ENV: str(PACKS[name]), "LCI_INGEST_KEY": str(folder / "key")}
    with streamlit_server(env) as url:
        yield name, url


def test_every_page_settles_in_the_browser_for_every_pack(pack_server: tuple[str, str], browser: webdriver.Chrome) -> None:
    name, url = pack_server
    for script in SCRIPTS:
        foreign = foreign_names(PACKS[name], script)
        browser.get(f"{url}/{_url_path(script)}")
        WebDriverWait(browser, 90).until(ec.presence_of_element_located((By.CSS_SELECTOR, "h1")))
        # Settled: the app root says the script is no longer running.
        WebDriverWait(browser, 90).until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, "[data-testid='stApp'][data-test-script-state='notRunning']")))
        body = browser.find_element(By.TAG_NAME, "body").text
        assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='stException']"), (name, script, body[:500])
        for other in foreign:
            assert other not in body, (name, script, other)
