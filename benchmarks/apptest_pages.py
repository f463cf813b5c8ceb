"""Every page's cold first render and cached rerun under Streamlit's AppTest, beside its floors.

Cold: a fresh AppTest with every Streamlit cache cleared, opened straight on the page (the first run
of the session). Rerun: the best of ``repeat`` further runs of the same session, as when a widget
changes and the caches answer. Each floor (``benchmarks/floor.py``) is measured the same way in the
same run: the bare page, and a page with as many plain plotly charts as the page showed."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as _app_test
from streamlit.testing.v1 import local_script_runner as _local_runner

from analytics import db

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor.py"
TIMEOUT = 300
CLEAR_CACHES = "import streamlit as st\nst.cache_data.clear()\nst.cache_resource.clear()\n"


def pages() -> list[tuple[str, str]]:
    """(script relative to the app, label) of every page, the Overview first."""
    found = [("app.py", "Overview")]
    for path in sorted((ROOT / "pages").glob("*.py")):
        found.append((f"pages/{path.name}", path.stem.split("_", 1)[1].replace("_", " ")))
    return found


@dataclass(frozen=True)
class Render:
    cold_ms: float
    rerun_ms: float
    charts: int
    error: str = ""


# The server compiles each script once, in its Runtime's one ScriptCache; AppTest gives every run a new
# cache and so recompiles the page every time (about 10 ms for a page of ours, nothing for the floor).
# Sharing one cache, as the server does, keeps that cost, which no user pays, out of the ratios.
_SCRIPTS = ScriptCache()
_app_test.ScriptCache = _local_runner.ScriptCache = lambda: _SCRIPTS


def _clear() -> None:
    # Cleared from inside a run, where Streamlit has the context it expects, so it logs nothing.
    AppTest.from_string(CLEAR_CACHES, default_timeout=TIMEOUT).run()
    # A cold render starts as a fresh server does: nothing remembered of the store either.
    db.forget()


def _timed_runs(at: AppTest, repeat: int) -> tuple[float, float, str]:
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    if at.exception:
        return cold, float("nan"), at.exception[0].message[:80]
    reruns = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - start)
    return cold, min(reruns), ""


def page(script: str, store: Path, repeat: int) -> Render:
    os.environ[db.STORE_ENV] = str(store)
    _clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if script != "app.py":
        at.switch_page(script)
    cold, rerun, error = _timed_runs(at, repeat)
    return Render(1000 * cold, 1000 * rerun, len(at.get("plotly_chart")), error)


def floor(charts: int, repeat: int, samples: int = 3) -> Render:
    """The best of ``samples`` fresh sessions: a floor is cheap, and a noisy floor skews every ratio."""
    best = Render(float("inf"), float("inf"), charts)
    for _ in range(samples):
        _clear()
        at = AppTest.from_file(str(FLOOR), default_timeout=TIMEOUT)
        at.query_params["charts"] = str(charts)
        cold, rerun, error = _timed_runs(at, repeat)
        if error:
            return Render(1000 * cold, float("nan"), charts, error)
        best = Render(min(best.cold_ms, 1000 * cold), min(best.rerun_ms, 1000 * rerun), len(at.get("plotly_chart")))
    return best
