"""Gather the files of one load the way an analyst keeps them: named files, a folder per collection
year (``903/2023/header.csv``, ``903/2023-24/oc3.csv``) and zip archives of such folders.

Each file becomes a ``Source`` named by its path inside what was given (``903/2023/header.csv``,
``returns.zip/2023-24/oc3.csv``), so two ``header.csv`` in two year folders stay apart in every
report and the folder can give the collection year (``analytics.ingest.kinds.years_in_path``).
Files that are not CSV or XLSX (a README, ``.DS_Store``, a spreadsheet's ``~$`` lock file) are
skipped with a warning. An archive is read member by member, never extracted to disk, and only in
the check's worker process (``analytics.ingest.isolated``). A zip bomb is refused rather than read:
each member is bounded by the file size limit, the whole archive by ``MAX_ARCHIVE_FACTOR`` times
it, and no member may unpack to more than ``MAX_RATIO`` times its compressed size; sizes are
checked as declared before anything is unpacked and again as bytes really come out, so an archive
that understates them gains nothing.

Example::

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("2023/oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\\n")
    ...     archive.writestr("2023/notes.txt", "ours")
    >>> found = from_uploads([("903.zip", buffer.getvalue())], max_bytes=1000)
    >>> [s.name for s in found.sources], [i.file for i in found.issues]
    (['903.zip/2023/oc3.csv'], ['903.zip/2023/notes.txt'])
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analytics.ingest.issues import Issue
from analytics.ingest.kinds import year_from_name
from analytics.ingest.reading import Source

READ_SUFFIXES = (".csv", ".xlsx", ".xls")
ARCHIVE_SUFFIX = ".zip"
MAX_FILES = 500
# An archive may unpack to this many times the single-file limit: ten years of three 903 tables
# and the templates of a large authority (a few MB each), with room to spare; what it unpacks to is
# held by the worker, within its memory cap.
MAX_ARCHIVE_FACTOR = 4
# SSDA903 CSVs deflate about 5 to 10 times; a member unpacking to more than this many times its
# compressed size is a zip bomb (the bound Apache POI applies to the zips inside every .xlsx).
MAX_RATIO = 100
_READ = 1 << 20


@dataclass(frozen=True)
class Gathered:
    """The files to check, and the problems met while gathering them: warnings for files skipped,
    errors for an archive that cannot be read."""

    sources: tuple[Source, ...]
    issues: tuple[Issue, ...]


def _skip_reason(name: str, *, in_archive: bool) -> str | None:
    """Why a file found in a folder or archive is not read, or None if it is."""
    base = PurePosixPath(name).name
    if base.startswith((".", "~$")) or "__MACOSX" in PurePosixPath(name).parts:
        return "a hidden or temporary file"
    if base.lower().endswith(ARCHIVE_SUFFIX):
        return "an archive inside an archive; unpack it first" if in_archive else None
    if not base.lower().endswith(READ_SUFFIXES):
        return "only .csv, .xlsx and .zip files are read"
    return None


def _skipped(name: str, reason: str) -> Issue:
    return Issue(name, None, None, None, "file_skipped", f"not read: {reason}")


def _too_large(name: str, max_bytes: int) -> Issue:
    return Issue(name, None, None, None, "file_too_large",
                 f"the archive unpacks to more than {MAX_ARCHIVE_FACTOR * max_bytes / 1e6:g} MB; load its folders one at a time")


def _bomb(name: str, member: str) -> Issue:
    return Issue(name, None, None, None, "file_too_large",
                 f"{member} unpacks to more than {MAX_RATIO} times its size in the archive, as no real file does "
                 "(a 'zip bomb'); the archive was not opened further")


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, max_bytes: int) -> bytes | None:
    """At most ``max_bytes + 1`` bytes of ``member``, read a chunk at a time; None as soon as more
    come out than ``MAX_RATIO`` times its compressed size allows."""
    most = max(member.compress_size, 1) * MAX_RATIO
    chunks, got = [], 0
    with archive.open(member) as handle:
        while got <= max_bytes and (chunk := handle.read(min(_READ, max_bytes + 1 - got))):
            got += len(chunk)
            if got > most:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def _archive(name: str, data: bytes, *, max_bytes: int) -> tuple[list[Source], list[Issue]]:
    sources: list[Source] = []
    issues: list[Issue] = []
    budget = MAX_ARCHIVE_FACTOR * max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_FILES:
                return [], [Issue(name, None, None, None, "file_unreadable",
                                  f"the archive holds {len(members):,} files; at most {MAX_FILES} are read in one load")]
            # What the archive declares, before anything is unpacked.
            if sum(m.file_size for m in members) > budget:
                return [], [_too_large(name, max_bytes)]
            declared_bomb = next((m for m in members if m.file_size > max(m.compress_size, 1) * MAX_RATIO), None)
            if declared_bomb is not None:
                return [], [_bomb(name, declared_bomb.filename)]
            for member in sorted(members, key=lambda m: m.filename):
                inner = f"{name}/{member.filename}"
                reason = _skip_reason(member.filename, in_archive=True)
                if reason is not None:
                    issues.append(_skipped(inner, reason))
                    continue
                if member.flag_bits & 0x1:
                    issues.append(Issue(inner, None, None, None, "file_unreadable",
                                        "the file is encrypted in the archive; zip it again without a password"))
                    continue
                # The sizes an archive declares can lie: what comes out is counted again, and at
                # most one byte past the limit is read.
                head = _unpack(archive, member, max_bytes=max_bytes)
                if head is None:
                    return [], [_bomb(name, member.filename)]
                size = max(len(head), member.file_size)
                budget -= len(head)
                if budget < 0:
                    return [], [_too_large(name, max_bytes)]
                sources.append(Source(inner, head, size if size > max_bytes else None))
    # zipfile reports a damaged archive through BadZipFile, zlib, EOFError, NotImplementedError
    # (an unusual compression) and others; the user's answer is the same for each.
    except Exception as exc:  # noqa: BLE001
        return [], [Issue(name, None, None, None, "file_unreadable",
                          f"the zip archive cannot be opened ({type(exc).__name__}); zip the folders again")]
    return sources, issues


def from_uploads(files: Iterable[tuple[str, bytes]], *, max_bytes: int) -> Gathered:
    """Uploaded files by (name, bytes): a zip is opened and its members taken; a name may hold
    folders (``2023/oc3.csv``)."""
    sources: list[Source] = []
    issues: list[Issue] = []
    for name, data in files:
        if name.lower().endswith(ARCHIVE_SUFFIX):
            found, problems = _archive(name, data, max_bytes=max_bytes)
            sources += found
            issues += problems
        else:
            sources.append(Source(name, data))
    return Gathered(tuple(sources), tuple(issues))


def _from_file(path: Path, name: str, *, max_bytes: int) -> tuple[list[Source], list[Issue]]:
    if name.lower().endswith(ARCHIVE_SUFFIX):
        if path.stat().st_size > MAX_ARCHIVE_FACTOR * max_bytes:
            return [], [Issue(name, None, None, None, "file_too_large",
                              f"the archive is over {MAX_ARCHIVE_FACTOR * max_bytes / 1e6:g} MB; load its folders one at a time")]
        return _archive(name, path.read_bytes(), max_bytes=max_bytes)
    return [dataclasses.replace(Source.from_path(path, max_bytes=max_bytes), name=name)], []


def from_paths(paths: Sequence[Path], *, max_bytes: int) -> Gathered:
    """Named files, folders (every file below them, sorted) and zip archives. A file in a folder is
    named from the folder given: ``903/2023/oc3.csv`` for ``903/`` (so the folder's year counts); a
    file named on its own keeps the year folder it is in (``2023/oc3.csv``)."""
    sources: list[Source] = []
    issues: list[Issue] = []
    for given in paths:
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            if len(files) > MAX_FILES:
                issues.append(Issue(given.name, None, None, None, "file_unreadable",
                                    f"the folder holds {len(files):,} files; at most {MAX_FILES} are read in one load"))
                continue
            for path in files:
                name = f"{given.resolve().name}/{path.relative_to(given).as_posix()}"
                reason = _skip_reason(path.relative_to(given).as_posix(), in_archive=False)
                if reason is not None:
                    issues.append(_skipped(name, reason))
                    continue
                found, problems = _from_file(path, name, max_bytes=max_bytes)
                sources += found
                issues += problems
        else:
            # A file named on its own keeps a year folder it is in: 903/2023/oc3.csv is 2023/oc3.csv.
            parent = given.resolve().parent.name
            name = f"{parent}/{given.name}" if year_from_name(parent) is not None else given.name
            found, problems = _from_file(given, name, max_bytes=max_bytes)
            sources += found
            issues += problems
    return Gathered(tuple(sources), tuple(issues))
