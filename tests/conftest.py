"""Every test session builds its own store from the current sources, so tests never depend on (or
change) the developer's data/leaving_care.duckdb."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analytics import db
from data import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "leaving_care.duckdb"
    build.build(path)
    previous = os.environ.get(db.STORE_ENV)
    os.environ[db.STORE_ENV] = str(path)
    yield path
    if previous is None:
        os.environ.pop(db.STORE_ENV, None)
    else:
        os.environ[db.STORE_ENV] = previous
