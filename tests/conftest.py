"""Every test session builds its own store from the reference pack, so tests never depend on (or
change) the developer's data/<pack>.duckdb."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analytics import config, db
from data import build

ROOT = Path(__file__).resolve().parent.parent

# Users see no error details (.streamlit/config.toml); a failing AppTest should still say what broke.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")


# The published-figure tests reproduce the reference pack's documents, so the session reads that pack
# whatever AUTHORITY the developer's shell has set; tests of other packs set their own.
REFERENCE_PACK = config.PACKS_DIR / "lincolnshire"


@pytest.fixture(scope="session", autouse=True)
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "leaving_care.duckdb"
    build.build(path, config=config.load(REFERENCE_PACK))
    previous = {name: os.environ.get(name) for name in (db.STORE_ENV, config.CONFIG_ENV)}
    os.environ[db.STORE_ENV] = str(path)
    os.environ[config.CONFIG_ENV] = str(REFERENCE_PACK)
    yield path
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _fresh_store_reads() -> None:
    # A test may change what a query returns (a patched db.query, a swapped SQL file): no test sees
    # what an earlier one read through a db.per_store memory.
    db.forget()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # What the suite opened is closed before the interpreter's teardown, so DuckDB's bindings have
    # nothing left to report ("nanobind: leaked ...") after the result.
    db._CONNECTION.close()
