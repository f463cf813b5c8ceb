"""Regenerate the built-in national reference data (``data/national/*.parquet`` and ``manifest.json``)
from the DfE files as published (``../shared/data/dfe`` or a newer release of the same files).

    python -m data.national.convert ../shared/data/dfe

Reading and checking are ``analytics.national_release``'s: the same code a newer release goes through
with ``python -m analytics.ingest --national <folder>``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import national_release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder holding the seven DfE CSV files")
    parser.add_argument("--out", type=Path, default=national_release.BUILT_IN)
    args = parser.parse_args(argv)
    try:
        release = national_release.read_folder(args.folder)
    except national_release.ReleaseError as exc:
        print(f"not converted: {exc}", file=sys.stderr)
        return 1
    for path in national_release.write_compact(release, args.out):
        print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    print(f"release year {release.release_year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
