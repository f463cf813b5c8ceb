"""Turn an uploaded or named file into rows of text, or say plainly why it cannot be read.

SSDA903 files come out of case-management systems and spreadsheets in many small variations that
are all normal: a UTF-8 byte-order mark, CRLF line endings, quoted fields, no final newline, blank
lines at the end. Those all read. A file saved as Windows-1252 or UTF-16, an empty file, a file over
the size limit or a spreadsheet that will not open is refused with the reason and, for an encoding
error, the row where it happens. XLSX is read when openpyxl is installed (the first sheet).

Example::

    >>> table, issues = read_table(Source("oc3_2023.csv", b"\\xef\\xbb\\xbfCHILD,DOB\\r\\n\\"A1\\",01/05/2005"), max_bytes=1000)
    >>> table.columns, table.rows, issues
    (('CHILD', 'DOB'), [(2, ['A1', '01/05/2005'])], [])
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
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


@dataclass(frozen=True)
class Table:
    """A readable file: stripped column names and its records as (spreadsheet row, values)."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    sha256: str


def _clean_header(cells: list[str]) -> tuple[str, ...]:
    return tuple(c.replace("\ufeff", "").strip() for c in cells)


def _read_csv(source: Source) -> tuple[list[tuple[int, list[str]]], list[Issue]]:
    data = source.data
    if data.startswith(_UTF16_BOMS):
        return [], [Issue(source.name, None, None, None, "file_encoding",
                          "the file is UTF-16 ('Unicode text'); save it again as 'CSV UTF-8'")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return [], [Issue(source.name, line, None, None, "file_encoding",
                          f"line {line} holds a NUL byte: this is not a text CSV (a binary file, or UTF-16 without its "
                          "byte-order mark); save it again as 'CSV UTF-8'")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        return [], [Issue(source.name, line, None, None, "file_encoding",
                          f"byte 0x{bad} on line {line} is not UTF-8: the file was probably saved as 'CSV' "
                          "(Windows-1252); save it again as 'CSV UTF-8'")]
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as exc:
        return [], [Issue(source.name, reader.line_num, None, None, "file_unreadable",
                          f"line {reader.line_num} cannot be read as CSV ({exc})")]
    return records, []


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(source: Source) -> tuple[list[tuple[int, list[str]]], list[Issue]]:
    if openpyxl is None:
        return [], [Issue(source.name, None, None, None, "file_unreadable",
                          "XLSX files need the openpyxl package, which is not installed; save the sheet as 'CSV UTF-8'")]
    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            records = [(n, [_cell_text(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
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
    is_xlsx = data.startswith(_ZIP_MAGIC) or name.lower().endswith(".xlsx")
    records, issues = _read_xlsx(source) if is_xlsx else _read_csv(source)
    if issues:
        return None, issues
    # Spreadsheets leave rows of empty cells (",,,,") after the data; they are not records.
    records = [(n, cells) for n, cells in records if any(c.strip() for c in cells)]
    if not records:
        return None, [Issue(name, None, None, None, "file_empty", "the file has no column names or records")]
    (_, header), body = records[0], records[1:]
    columns = _clean_header(header)
    while columns and not columns[-1]:
        columns = columns[:-1]
    if not body:
        return None, [Issue(name, None, None, None, "file_no_rows", "the file has column names but no records")]
    return Table(name, columns, body, hashlib.sha256(data).hexdigest()), []
