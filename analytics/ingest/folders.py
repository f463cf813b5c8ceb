"""Gather the files of one load the way an analyst keeps them: named files, a folder per collection
year (``903/2023/header.csv``, ``903/2023-24/oc3.csv``) and zip archives of such folders.

Each file becomes a ``Source`` named by its path inside what was given (``903/2023/header.csv``,
``returns.zip/2023-24/oc3.csv``), so two ``header.csv`` in two year folders stay apart in every
report and the folder can give the collection year (``analytics.ingest.kinds.years_in_path``).
Files that are not CSV or XLSX (a README, ``.DS_Store``, a spreadsheet's ``~$`` lock file) are
skipped with a warning. An archive is read member by member, never extracted to disk, each member
bounded by the file size limit and the whole archive by ``MAX_ARCHIVE_FACTOR`` times it, so a
small zip that unpacks to gigabytes is refused rather than read.

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
# and the templates, with room to spare.
MAX_ARCHIVE_FACTOR = 20


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
                # The sizes an archive declares can lie: read at most one byte past the limit.
                with archive.open(member) as handle:
                    head = handle.read(max_bytes + 1)
                size = max(len(head), member.file_size)
                budget -= len(head)
                if budget < 0:
                    return [], [Issue(name, None, None, None, "file_too_large",
                                      f"the archive unpacks to more than {MAX_ARCHIVE_FACTOR * max_bytes / 1e6:g} MB; "
                                      "load its folders one at a time")]
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
