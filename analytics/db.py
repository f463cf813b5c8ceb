"""The one place that opens the evidence store.

The app only reads: one read-only DuckDB connection per process, and a fresh ``.cursor()`` per
query, because DuckDB refuses concurrent calls on one connection while Streamlit serves each
browser session from its own thread. The build and ingest steps replace the store by renaming a new
file over it; an open connection would go on reading the old file, so the connection is reopened
whenever the file on disk is no longer the one it opened.

Queries are named files, ``analytics/sql/<name>.sql``, run with bound parameters only.

Example::

    >>> from analytics import db
    >>> db.query("cohort_size_by_snapshot").columns.tolist()
    ['snapshot_date', 'care_leavers']
"""

from __future__ import annotations

import atexit
import copy
import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb
import pandas as pd

from analytics import config

SQL_DIR = Path(__file__).resolve().parent / "sql"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STORE_ENV = "LCI_STORE"


class StoreMissingError(FileNotFoundError):
    """The store has not been built; ``make run`` or ``python -m data.build`` builds it."""


def store_path() -> Path:
    """``$LCI_STORE``, else the store of the authority pack in use, ``data/<pack>.duckdb``."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    return DATA_DIR / f"{config.pack_dir().name}.duckdb"


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise StoreMissingError(f"no evidence store at {path}: run `make run` or `python -m data.build`") from exc
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class _Connection:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened: tuple[Path, tuple[int, int, int]] | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        path = store_path()
        ident = _identity(path)
        with self._lock:
            if self._con is None or self._opened != (path, ident):
                if self._con is not None:
                    self._con.close()
                self._con = duckdb.connect(str(path), read_only=True)
                self._opened = (path, ident)
            return self._con.cursor()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._opened = None, None


_CONNECTION = _Connection()
# A connection still open when the interpreter exits makes DuckDB's bindings print "leaked" lines
# after the program's own last words; close it first.
atexit.register(_CONNECTION.close)


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if path.parent != SQL_DIR or not path.exists():
        raise KeyError(f"no query named {name!r} in {SQL_DIR}")
    return path.read_text()


def query(name: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> pd.DataFrame:
    """Run the named query with bound parameters and return its result as a DataFrame."""
    cur = _CONNECTION.cursor()
    try:
        return cur.execute(sql_text(name), params or []).df()
    finally:
        cur.close()


P = ParamSpec("P")
R = TypeVar("R")


_REMEMBERED: list[Callable[[], None]] = []


def per_store(maxsize: int = 64) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember a function of the store's contents until the store file is replaced.

    A page's first run asks for the same tables many times (each of eight KPI trends grades every
    KPI and reads the national panel), and each read is a query. The answer depends only on the
    store and the arguments, so it is kept per store file and handed out as a deep copy: a caller may
    change what it gets without changing what the next caller sees. ``forget()`` empties every such
    memory (a benchmark's cold start, a test that swaps a query).

        >>> @per_store()
        ... def cohort_sizes():
        ...     return query("cohort_size_by_snapshot")
    """
    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        kept: OrderedDict[tuple, Any] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            path = store_path()
            ident = _identity(path)
            key = (str(path), ident, args, tuple(sorted(kwargs.items())))
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return copy.deepcopy(kept[key])
            value = fn(*args, **kwargs)
            with lock:
                # Answers about a file that has since been replaced are never asked for again.
                for old in [k for k in kept if k[0] == key[0] and k[1] != ident]:
                    del kept[old]
                kept[key] = value
                while len(kept) > maxsize:
                    kept.popitem(last=False)
            return copy.deepcopy(value)

        def clear() -> None:
            with lock:
                kept.clear()

        _REMEMBERED.append(clear)
        return wrapper

    return decorate


def forget() -> None:
    """Empty what every ``per_store`` function remembers."""
    for clear in _REMEMBERED:
        clear()


def store_version() -> str:
    """A token that changes whenever the store file is replaced: a cache key for the UI layer."""
    ino, mtime, size = _identity(store_path())
    return f"{ino}-{mtime}-{size}"
