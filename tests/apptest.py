"""Open any page the way a browser does: the app's entry point is app.py and pages are switched to,
so our menu's links resolve exactly as they do in the running server."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def open_page(script: str = "app.py", *, query_params: dict[str, str] | None = None, timeout: float = TIMEOUT) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if script != "app.py":
        at.switch_page(script)
    if query_params:
        at.query_params.update(query_params)
    if script != "app.py" or query_params:
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
