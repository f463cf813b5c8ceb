"""One Streamlit server on a free loopback port, for the browser tests and benchmarks: started, waited
for until it answers its health check, and stopped on leaving.

    >>> with streamlit_server(ROOT / "app.py", {"LCI_STORE": "/tmp/x.duckdb"}) as (url, proc):  # doctest: +SKIP
    ...     ...
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy import serve

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, env: dict[str, str] | None = None, *, timeout: float = 60) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``script`` served with ``env`` added to this process's environment; yields (URL, process).
    ``RuntimeError`` if it does not answer within ``timeout`` seconds."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not serve.healthy(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not start for {script}")
            time.sleep(0.3)
        yield url, proc
    finally:
        serve.stop_processes([proc])
