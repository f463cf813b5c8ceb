"""Load a newer DfE release of the national care-leaver statistics into the store, atomically.

    python -m analytics.ingest --national path/to/release/       # the seven files, same names and columns

The folder holds the same seven files as ``../shared/data/dfe`` (``analytics.national_release.FILES``)
with exactly the same columns; anything else is refused with the file, and for a bad cell its row,
column and value, and the store is not touched. Otherwise, under the same lock as every other load,
the store is copied beside itself, the ``national_*`` tables are replaced in the copy, the copy is
checked (every table filled, every cell a number or a DfE symbol, every neighbour an LA, the
configured authority still present), and only then renamed over the store. The load log
(``national_load_log``) records the release year (the latest year ending 31 March any file covers)
and each file's rows and SHA-256.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics import national_release
from analytics.ingest.loader import _locked


class NationalLoadError(RuntimeError):
    """The release was refused or the loaded copy failed its checks; the store is unchanged."""


@dataclass(frozen=True)
class NationalLoad:
    store: Path
    release_year: int
    rows: dict[str, int]


def _verify(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {t: int(con.execute(national_release.COUNT_ROWS[t]).fetchone()[0]) for t in national_release.STORE_TABLES}
    empty = [t for t, n in counts.items() if n == 0]
    if empty:
        raise NationalLoadError(f"the loaded copy has empty tables: {', '.join(empty)}")
    orphans = con.execute(
        "SELECT count(*) FROM national_neighbours n WHERE NOT EXISTS "
        "(SELECT 1 FROM national_areas a WHERE a.area_code = n.neighbour_code AND a.area_type = 'la')"
    ).fetchone()[0]
    if orphans:
        raise NationalLoadError(f"{orphans} statistical neighbours are not LAs in the release")
    return counts


def load_release(folder: Path, store: Path, *, la_code: int | None = None, check_only: bool = False) -> NationalLoad:
    """Read and check the release in ``folder``, then replace the national tables of ``store`` with it.

    ``la_code`` (the pack's) must still be an LA in the new release. ``check_only`` reads and checks
    the files and writes nothing. Raises ``national_release.ReleaseError`` for a bad file and
    ``NationalLoadError`` when the store refused the load; either way the store is unchanged."""
    release = national_release.read_folder(Path(folder))
    if la_code is not None and la_code not in set(release.areas.loc[release.areas["area_type"] == "la", "area_code"]):
        raise national_release.ReleaseError(f"the release has no LA with code {la_code}, the pack's la_code")
    rows = {name: len(frame) for name, frame in release.frames().items()}
    if check_only:
        return NationalLoad(store, release.release_year, rows)
    store = Path(store)
    if not store.is_file():
        raise NationalLoadError(f"no evidence store at {store}: build it first with `python -m data.build`")
    tmp = store.with_name(store.name + ".national.tmp")
    with _locked(store) as inode:
        tmp.unlink(missing_ok=True)
        try:
            shutil.copyfile(store, tmp)
            con = duckdb.connect(str(tmp))
            try:
                national_release.write_tables(con, release, origin=f"loaded: {Path(folder).resolve().name}")
                _verify(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            if os.stat(store).st_ino != inode:
                raise NationalLoadError("the store was replaced while loading (a rebuild?); nothing was written, load again")
            os.replace(tmp, store)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return NationalLoad(store, release.release_year, rows)


def main(folder: Path, store: Path, *, la_code: int | None, check_only: bool) -> int:
    """The ``--national`` command: 0 loaded (or checked), 1 the release was refused, 2 the store refused it."""
    try:
        result = load_release(folder, store, la_code=la_code, check_only=check_only)
    except national_release.ReleaseError as exc:
        print(f"national release refused, store unchanged: {exc}", file=sys.stderr)
        return 1
    except (NationalLoadError, duckdb.Error) as exc:
        print(f"national load refused, store unchanged: {exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{n:,} {t}" for t, n in result.rows.items())
    verb = "checked (nothing written)" if check_only else f"loaded into {result.store}"
    print(f"DfE national release {result.release_year} {verb}: {counts}")
    return 0
