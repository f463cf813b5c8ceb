"""Open any page the way a browser does: the app's entry point is app.py and pages are switched to,
so our menu's links resolve exactly as they do in the running server. And make the smallest pack a
test needs from the one kept in tests/fixtures/packs/minimal."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
MINIMAL_PACK = ROOT / "tests" / "fixtures" / "packs" / "minimal"
_MINIMAL_NAME = "Testborough"


def minimal_pack(
    folder: Path,
    *,
    name: str = _MINIMAL_NAME,
    settings: str = "",
    values: Sequence[str] | None = None,
    periods: str | None = None,
) -> Path:
    """A copy of the minimal pack (one KPI, ``kit``; one value, 2024-25 Q1) in ``folder``: its name
    (``Testborough``, in "Testborough Council", its short name and sources) replaced by ``name``;
    ``settings`` (TOML tables) added before its KPI; ``values`` (CSV lines ``kpi_id,period,value,source``)
    in place of its one value; ``periods`` as its kpi_periods.csv (without one, periods are derived
    from the values' labels)."""
    shutil.copytree(MINIMAL_PACK, folder)
    for file in folder.iterdir():
        file.write_text(file.read_text(encoding="utf-8").replace(_MINIMAL_NAME, name), encoding="utf-8")
    if settings:
        toml = folder / "authority.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace("\n[[kpis]]", f"\n{settings.strip()}\n\n[[kpis]]", 1), encoding="utf-8")
    if values is not None:
        (folder / "kpi_values.csv").write_text("kpi_id,period,value,source\n" + "".join(f"{v}\n" for v in values), encoding="utf-8")
    if periods is not None:
        (folder / "kpi_periods.csv").write_text(periods, encoding="utf-8")
    return folder


def open_page(
    script: str = "app.py",
    *,
    query_params: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
    secrets: dict[str, Any] | None = None,
    user: dict[str, Any] | None = None,
) -> AppTest:
    """``secrets`` stand in for .streamlit/secrets.toml and ``user`` for ``st.user`` (what the
    identity provider said about the person: ``{"is_logged_in": True, "email": ...}``)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if secrets is not None:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    if script != "app.py":
        at.switch_page(script)
    if query_params:
        at.query_params.update(query_params)
    if script != "app.py" or query_params:
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
