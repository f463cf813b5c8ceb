"""The SSDA903 records of one load, held in an in-memory DuckDB rather than as Python objects.

A Header, OC3 or UASC file may hold up to ``reading.MAX_CELLS`` values: 200,000 OC3 records. Held
as dicts, with the sets and maps the rules across files build over them, such a file took more than
the 300 MB a load may add to the worker (issue 18). So each record is checked as it is read and put
into a DuckDB table a chunk at a time (``StagedFile.add``); the rules across files and loads are SQL
over those tables (``analytics/sql/ingest_stage_*.sql``) and return only what breaks a rule, at most
``checks.MAX_LISTED`` rows a rule; and the writer takes the pseudonymised columns as Arrow columns.
What Python holds is one chunk, whatever the size of the file.

The stage is an in-memory database with no spill directory: the raw CHILD and date of birth it holds
for the error report never reach a disk. It is closed, and its memory returned, when the load ends.

Example::

    >>> import datetime as dt
    >>> stage = Stage(key=b"k" * 32)
    >>> staged = stage.file("oc3_2023.csv", "oc3", 2023)
    >>> staged.add({"row": 2, "child": "A1", "dob": dt.date(2004, 6, 14), "dob_text": "14/06/2004",
    ...             "age": 18, "in_touch": "YES", "activ": "F2", "accom": "D1"})
    >>> staged.add({"row": 3, "child": "A1", "dob": None, "dob_text": "", "age": None,
    ...             "in_touch": "NO", "activ": "0", "accom": "0"})
    >>> list(staged.repeated())
    [('A1', [2, 3])]
    >>> stage.close()
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from analytics import db
from analytics.ingest import privacy
from analytics.ingest.checks import MAX_LISTED

SCHEMA = Path(__file__).resolve().parent / "stage.sql"
COLUMNS = ("file_no", "row", "child", "child_key", "dob", "dob_text", "sex", "ethnic", "mother", "age",
           "in_touch", "activ", "accom", "duc")
# Records put into the stage at a time, and read back at a time by the writer.
CHUNK = 20_000
# The stage holds a file's records in a few tens of MB (about 30 at the cell cap); the limit keeps
# a hostile load within the worker's budget, and there is nowhere to spill to.
SETTINGS = {"threads": 1, "memory_limit": "160MB", "temp_directory": "", "preserve_insertion_order": False}
_ARROW = pa.schema([
    ("file_no", pa.int32()), ("row", pa.int32()), ("child", pa.string()), ("child_key", pa.string()), ("dob", pa.date32()),
    ("dob_text", pa.string()), ("sex", pa.string()), ("ethnic", pa.string()), ("mother", pa.string()), ("age", pa.int32()),
    ("in_touch", pa.string()), ("activ", pa.string()), ("accom", pa.string()), ("duc", pa.date32()),
])


class Stage:
    """One load's staged SSDA903 records, and what the store already holds for the rules across loads."""

    def __init__(self, *, key: bytes) -> None:
        self.key = key
        self.con = duckdb.connect(":memory:", config=SETTINGS)
        self.con.execute(SCHEMA.read_text())
        self._files = 0

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_store(self, store: Path, queries: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of named queries over the store, which is attached read-only to this database
        for as long as they take; and, once it has had a first load, its Header, OC3 and UASC keys.

        Attached rather than opened: every DuckDB database reserves about half a gigabyte of address
        space, and the worker's cap is on address space, so a load keeps one open at a time."""
        self.con.execute("ATTACH $path AS store (READ_ONLY)", {"path": str(store)})
        try:
            self.con.execute("USE store")
            found = {name: self.con.execute(db.sql_text(name)).fetchall() for name in queries}
            if "ssda903_oc3" in {r[0] for r in self.con.execute(db.sql_text("ingest_tables")).fetchall()}:
                for copy in ("ingest_context_header", "ingest_context_903_keys", "ingest_context_oc3_status"):
                    self.con.execute(db.sql_text(copy))
            return found
        finally:
            self.con.execute("USE memory")
            self.con.execute("DETACH store")

    def file(self, name: str, kind: str, year: int) -> StagedFile:
        self._files += 1
        self.con.execute("INSERT INTO files VALUES (?, ?, ?, ?)", [self._files, name, kind, year])
        return StagedFile(self, self._files)

    def rows(self, name: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """A named query's rows (``analytics/sql/<name>.sql``), run over the stage."""
        return self.con.execute(db.sql_text(name), dict(params or {})).fetchall()

    def arrow(self, name: str, params: Mapping[str, Any] | None = None) -> pa.Table:
        """A named query's result as Arrow columns (native buffers, not Python objects)."""
        return self.con.sql(db.sql_text(name), params=dict(params or {})).to_arrow_table()

    def listed(self, name: str, params: Mapping[str, Any] | None = None) -> tuple[list[tuple[Any, ...]], int]:
        """The first ``MAX_LISTED`` rows of a named query that returns what breaks a rule, and how
        many there are in all: a bad load lists its first errors and counts the rest."""
        rows = self.rows(name, {**(params or {}), "max_listed": MAX_LISTED})
        total = int(rows[0][-1]) if rows else 0
        return [r[:-1] for r in rows], total


class StagedFile:
    """The records of one file, put into the stage a chunk at a time as they are checked."""

    def __init__(self, stage: Stage, file_no: int) -> None:
        self.stage, self.file_no = stage, file_no
        self._chunk: list[tuple[Any, ...]] = []

    def add(self, record: dict[str, Any]) -> None:
        child = record["child"]
        self._chunk.append((self.file_no, record["row"], child, privacy.child_key(child, self.stage.key),
                            *(record.get(c) for c in COLUMNS[4:])))
        if len(self._chunk) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self._chunk:
            return
        columns = zip(*self._chunk)
        batch = pa.table([pa.array(values, type) for values, type in zip(columns, _ARROW.types)], schema=_ARROW)
        self._chunk = []
        con = self.stage.con
        con.register("incoming", batch)
        try:
            con.execute("INSERT INTO records SELECT * FROM incoming")
        finally:
            con.unregister("incoming")

    def repeated(self) -> Iterator[tuple[str, list[int]]]:
        """Children with more than one record in the file, and their rows, a chunk at a time."""
        self.flush()
        cursor = self.stage.con.execute(db.sql_text("ingest_stage_repeated"), {"file_no": self.file_no})
        while chunk := cursor.fetchmany(CHUNK):
            for child, rows in chunk:
                yield child, list(rows)
