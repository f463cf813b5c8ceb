"""Check or load files in a worker process with a time limit and a memory cap.

The Data page serves many people from one server process. A check reads every record of files a
stranger chose, so it runs in a child process of its own: however large or hostile the files, the
server's memory is untouched (the child's is returned to the system when it exits), another user's
page does not wait behind it for the interpreter, and a check that runs past ``timeout_s`` or needs
more than ``memory_mb`` is stopped and reported as such, not left to take the server down.

Uploads are handed over as they came (``run_uploads``): a zip is opened in the worker, within the
archive's bounds (``analytics.ingest.folders``), never in the server.

Example::

    >>> result = run([Source("oc3_2023.csv", b"...")], dry_run=True)  # doctest: +SKIP
    >>> result.ok                                                       # doctest: +SKIP
    False
    >>> run_uploads([("903.zip", zipped)], dry_run=True).files[0].name  # doctest: +SKIP
    '903.zip/2023/oc3.csv'
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

import duckdb

from analytics import config
from analytics.ingest import folders
from analytics.ingest.loader import LoadError, LoadResult, load
from analytics.ingest.reading import Source

TIMEOUT_S = 120.0
# Address space the worker may add to what it holds once its imports are done: enough for the
# largest file the readers accept (``reading.MAX_CELLS``), with room to spare.
MEMORY_MB = 1024


_MAIN_LOCK = threading.Lock()


@contextmanager
def _plain_main() -> Iterator[None]:
    """Streamlit runs each page as the ``__main__`` module, and a spawned child imports its parent's
    ``__main__`` from its file: it would run the page. Start the child with a blank ``__main__``."""
    with _MAIN_LOCK:
        saved = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = saved


class WorkerFailed(RuntimeError):
    """The check or load did not finish: it ran out of time or memory, or the worker died.
    Nothing was written (a load is all or nothing)."""


def _gather(uploads: Sequence[tuple[str, bytes]], options: dict[str, Any]) -> tuple[list[Source], dict[str, Any]]:
    """The uploaded files as sources, zips opened, and the problems met doing so with the rest."""
    limit = options.get("max_mb") or config.load().ingest.max_file_mb
    gathered = folders.from_uploads(uploads, max_bytes=int(limit * 1e6))
    return list(gathered.sources), {**options, "gathered": [*gathered.issues, *options.get("gathered", ())]}


def _child(conn: Connection, sources: Sequence[Source] | None, uploads: Sequence[tuple[str, bytes]] | None,
           options: dict[str, Any], memory_mb: int) -> None:
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
    resource.setrlimit(resource.RLIMIT_AS, (size + memory_mb * 2**20, resource.RLIM_INFINITY))
    try:
        if uploads is not None:
            sources, options = _gather(uploads, options)
        conn.send(("ok", load(sources or [], **options)))
    except LoadError as exc:
        conn.send(("refused", str(exc)))
    except (MemoryError, duckdb.OutOfMemoryException):
        conn.send(("failed", f"the files need more than {memory_mb:,} MB to check"))
    # Anything else (a store that cannot be read, a bug): the server logs it, the user is told plainly.
    except Exception as exc:  # noqa: BLE001
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run(
    sources: Sequence[Source], *, timeout_s: float = TIMEOUT_S, memory_mb: int = MEMORY_MB, **options: Any
) -> LoadResult:
    """``loader.load(sources, **options)`` in a worker process. Raises ``LoadError`` as ``load``
    does, and ``WorkerFailed`` when the worker runs out of time or memory or dies."""
    return _in_worker(list(sources), None, timeout_s=timeout_s, memory_mb=memory_mb, options=options)


def run_uploads(
    uploads: Sequence[tuple[str, bytes]], *, timeout_s: float = TIMEOUT_S, memory_mb: int = MEMORY_MB, **options: Any
) -> LoadResult:
    """As ``run``, for uploaded files by (name, bytes): the worker gathers them
    (``folders.from_uploads``), opening zips there, and reports what it met doing so with the rest."""
    return _in_worker(None, list(uploads), timeout_s=timeout_s, memory_mb=memory_mb, options=options)


def _in_worker(sources: list[Source] | None, uploads: list[tuple[str, bytes]] | None, *, timeout_s: float,
               memory_mb: int, options: dict[str, Any]) -> LoadResult:
    # A fresh interpreter (spawn), never a fork of a threaded server.
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_child, args=(child, sources, uploads, options, memory_mb), daemon=True)
    with _plain_main():
        worker.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise WorkerFailed(f"the check took longer than {timeout_s:g} seconds and was stopped; nothing was written")
        try:
            status, payload = parent.recv()
        except EOFError as exc:
            raise WorkerFailed("the check stopped unexpectedly (out of memory?); nothing was written") from exc
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(5)
        parent.close()
    if status == "refused":
        raise LoadError(payload)
    if status == "failed":
        raise WorkerFailed(f"{payload}; nothing was written")
    if status == "error":
        raise WorkerFailed("the check stopped with an error; nothing was written") from RuntimeError(payload)
    return payload
