"""Turn an uploaded or named file into rows of text, or say plainly why it cannot be read.

SSDA903 files come out of case-management systems and spreadsheets in many small variations that
are all normal: a UTF-8 byte-order mark, CRLF line endings, quoted fields, no final newline, blank
lines at the end. Those all read. A file saved as Windows-1252 or UTF-16, an empty file, a file over
the size limit or a spreadsheet that will not open is refused with the reason and, for an encoding
error, the row where it happens. XLSX is read when openpyxl is installed (the first sheet).

Reading is bounded whatever the file: a CSV is decoded and parsed a chunk at a time, and again on
each pass rather than held as cells; a spreadsheet is streamed and held only as far as its real
cells go, whatever size it claims; and no file may hold more than ``MAX_CELLS`` values.

Example::

    >>> table, issues = read_table(Source("oc3_2023.csv", b"\\xef\\xbb\\xbfCHILD,DOB\\r\\n\\"A1\\",01/05/2005"), max_bytes=1000)
    >>> table.columns, list(table.rows), issues
    (('CHILD', 'DOB'), [(2, ['A1', '01/05/2005'])], [])
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from analytics.ingest.issues import Issue

try:
    import openpyxl
except ImportError:  # XLSX is optional: CSV always works.
    openpyxl = None

XLSX_AVAILABLE = openpyxl is not None
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Records x columns a file may hold: a generous multiple of the largest authority's SSDA903 return
# (a few thousand records of 5 to 16 columns), and what keeps a check within a few hundred MB.
MAX_CELLS = 1_000_000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """A file to load: its name (which may carry the collection year) and its bytes. ``size`` is
    the file's real size when only its start was read, because it is over the limit anyway."""

    name: str
    data: bytes
    size: int | None = None

    @classmethod
    def from_path(cls, path: Path | str, *, max_bytes: int | None = None) -> Source:
        path = Path(path)
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            with open(path, "rb") as handle:
                return cls(path.name, handle.read(max_bytes + 1), size)
        return cls(path.name, path.read_bytes())


class Rows:
    """A file's records as (spreadsheet row, values), read again from the file's bytes on each pass.

    A CSV's records are never all held at once: they are parsed a chunk at a time whenever they are
    iterated, so a check holds the file's bytes and the record in hand, not a copy of every cell.
    A spreadsheet's cells are held as text, bounded by ``MAX_CELLS``. Rows of empty cells (",,,,",
    the end of a spreadsheet) are not records and are skipped; ``len`` counts the records."""

    def __init__(self, source: Source | None, held: list[tuple[int, list[str]]] | None, count: int) -> None:
        self._source, self._held, self._count = source, held, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if self._held is not None:
            yield from self._held
            return
        assert self._source is not None
        records = _csv_records(self._source)
        next(records, None)  # the column names
        yield from records


@dataclass(frozen=True)
class Table:
    """A readable file: stripped column names and its records as (spreadsheet row, values)."""

    name: str
    columns: tuple[str, ...]
    rows: Rows
    sha256: str


def _clean_header(cells: list[str]) -> tuple[str, ...]:
    return tuple(c.replace("\ufeff", "").strip() for c in cells)


def _too_many_cells(name: str, row: int) -> Issue:
    return Issue(name, row, None, None, "file_too_large",
                 f"the file holds more than {MAX_CELLS:,} values (records × columns) by row {row:,}; an SSDA903 file or "
                 "template for one authority is far smaller: check it is the right file, or split it")


def _csv_records(source: Source) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with their line numbers, parsed in chunks from the bytes (already checked
    to be UTF-8 by ``_check_csv``)."""
    text = io.TextIOWrapper(io.BytesIO(source.data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    for number, cells in enumerate(reader, start=1):
        if any(c.strip() for c in cells):
            yield number, cells


def _utf8_error(data: bytes) -> tuple[int, str] | None:
    """(line, byte in hex) of the first byte that is not UTF-8, decoding a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for offset in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[offset : offset + _CHUNK], final=offset + _CHUNK >= len(data))
        except UnicodeDecodeError as exc:
            # The decoder prefixes bytes it held back from the previous chunk (a split character).
            at = offset - len(decoder.getstate()[0]) + exc.start
            return data.count(b"\n", 0, at) + 1, data[at : at + 1].hex().upper()
    return None


def _check_csv(source: Source) -> tuple[tuple[str, ...] | None, int, list[Issue]]:
    """One streaming pass: the column names, the number of records and any reason the file cannot be read."""
    data, name = source.data, source.name
    if data.startswith(_UTF16_BOMS):
        return None, 0, [Issue(name, None, None, None, "file_encoding",
                               "the file is UTF-16 ('Unicode text'); save it again as 'CSV UTF-8'")]
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return None, 0, [Issue(name, line, None, None, "file_encoding",
                               f"line {line} holds a NUL byte: this is not a text CSV (a binary file, or UTF-16 without its "
                               "byte-order mark); save it again as 'CSV UTF-8'")]
    bad = _utf8_error(data)
    if bad is not None:
        line, byte = bad
        return None, 0, [Issue(name, line, None, None, "file_encoding",
                               f"byte 0x{byte} on line {line} is not UTF-8: the file was probably saved as 'CSV' "
                               "(Windows-1252); save it again as 'CSV UTF-8'")]
    header: tuple[str, ...] | None = None
    count = cells = 0
    records = _csv_records(source)
    line = 0
    try:
        for line, values in records:
            cells += len(values)
            if cells > MAX_CELLS:
                return None, 0, [_too_many_cells(name, line)]
            if header is None:
                header = tuple(values)
            else:
                count += 1
    except csv.Error as exc:
        return None, 0, [Issue(name, line + 1, None, None, "file_unreadable", f"line {line + 1} cannot be read as CSV ({exc})")]
    return header, count, []


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(source: Source) -> tuple[list[tuple[int, list[str]]], list[Issue]]:
    """The first sheet's non-blank rows as text, streamed (read-only mode).

    The size a sheet claims for itself (its 'dimension', which may say A1:XFD1048576 for one cell)
    is ignored: each row is as wide as its last real cell, and the real cells count towards
    ``MAX_CELLS``, so what is held is bounded by what the file holds, and the file by its size."""
    if openpyxl is None:
        return [], [Issue(source.name, None, None, None, "file_unreadable",
                          "XLSX files need the openpyxl package, which is not installed; save the sheet as 'CSV UTF-8'")]
    records: list[tuple[int, list[str]]] = []
    cells = 0
    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                values = [_cell_text(v) for v in row]
                while values and not values[-1].strip():
                    values.pop()
                if not values:
                    continue
                cells += len(values)
                if cells > MAX_CELLS:
                    return [], [_too_many_cells(source.name, number)]
                records.append((number, values))
        finally:
            book.close()
    # openpyxl reports a damaged workbook through zipfile, XML and its own exception types alike;
    # whichever it is, the user's answer is the same.
    except Exception as exc:  # noqa: BLE001
        return [], [Issue(source.name, None, None, None, "file_unreadable",
                          f"the workbook cannot be opened ({type(exc).__name__}); save it again as .xlsx or 'CSV UTF-8'")]
    return records, []


def read_table(source: Source, *, max_bytes: int) -> tuple[Table | None, list[Issue]]:
    """The file's column names and records, or None with the reasons it cannot be read."""
    name, data = source.name, source.data
    size = source.size or len(data)
    if size > max_bytes:
        return None, [Issue(name, None, None, None, "file_too_large",
                            f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB")]
    if not data.replace(b"\xef\xbb\xbf", b"").strip():
        return None, [Issue(name, None, None, None, "file_empty", "the file is empty")]
    if data.startswith(_OLE_MAGIC):
        return None, [Issue(name, None, None, None, "file_unreadable",
                            "Excel 97-2003 (.xls) files are not read; save the sheet as .xlsx or 'CSV UTF-8'")]
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith(".xlsx"):
        held, issues = _read_xlsx(source)
        header = tuple(held[0][1]) if held else None
        # Blank cells at the end of a row were not read; a record still has a value per column.
        for _, values in held[1:]:
            values.extend([""] * (len(held[0][1]) - len(values)))
        body = Rows(None, held[1:], max(len(held) - 1, 0))
    else:
        header, count, issues = _check_csv(source)
        body = Rows(source, None, count)
    if issues:
        return None, issues
    if header is None:
        return None, [Issue(name, None, None, None, "file_empty", "the file has no column names or records")]
    columns = _clean_header(list(header))
    while columns and not columns[-1]:
        columns = columns[:-1]
    if not len(body):
        return None, [Issue(name, None, None, None, "file_no_rows", "the file has column names but no records")]
    return Table(name, columns, body, hashlib.sha256(data).hexdigest()), []
