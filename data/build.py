"""Build the evidence store, ``data/leaving_care.duckdb``, from ``data/sources`` and the synthetic cohort.

The authority's name and its KPI definitions come from its configuration (``analytics.config``:
``config/authority.toml``, or the file named by ``LCI_CONFIG``); the demo configuration reproduces
``sources/kpi_definitions.csv`` exactly. A configuration may name its own published KPI values file.

The build never writes over the live store in place: it writes a temporary file beside it, validates
it, and only then renames it over the old one. A build that fails at any step leaves the previous
store exactly as it was, so a running app keeps serving the last good data.

Usage::

    python -m data.build                      # data/leaving_care.duckdb
    python -m data.build --out /tmp/big.duckdb --scale 100   # benchmark store, 100x the cohort
    python -m data.build --config config/examples/northshire.toml --out /tmp/northshire.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import config as authority_config
from data import synthetic

DATA_DIR = Path(__file__).resolve().parent
SOURCES_DIR = DATA_DIR / "sources"
SCHEMA = DATA_DIR / "schema.sql"
DEFAULT_STORE = DATA_DIR / "leaving_care.duckdb"

# Published tables, loaded in this order so that foreign keys resolve.
PUBLISHED_TABLES: tuple[str, ...] = (
    "kpi_definitions",
    "kpi_periods",
    "kpi_values",
    "cohort_published",
    "cohort_shares",
    "uasc_share_by_age",
    "projections_published",
    "projection_assumptions",
    "caseload_benchmarks",
    "caseload_current",
    "lcw_scenarios",
    "staffing",
    "budget_lines",
    "comparators",
    "reference_figures",
)


class BuildError(RuntimeError):
    """A build step failed; the message names the file or table at fault."""


@dataclass(frozen=True)
class BuildReport:
    path: Path
    row_counts: dict[str, int]


def sources_checksum(sources_dir: Path = SOURCES_DIR, extra: tuple[Path, ...] = ()) -> str:
    """sha256 over every source CSV, then any ``extra`` files (the configuration and what it names)."""
    digest = hashlib.sha256()
    for csv in [*sorted(sources_dir.glob("*.csv")), *extra]:
        digest.update(csv.name.encode())
        digest.update(csv.read_bytes())
    return digest.hexdigest()


def _source_csv(table: str, sources_dir: Path, cfg: authority_config.AuthorityConfig) -> Path:
    if table == "kpi_values" and cfg.kpi_values is not None:
        return cfg.kpi_values
    return sources_dir / f"{table}.csv"


def _load_published(con: duckdb.DuckDBPyConnection, sources_dir: Path, cfg: authority_config.AuthorityConfig) -> None:
    for table in PUBLISHED_TABLES:
        if table == "kpi_definitions":
            _load_kpi_definitions(con, cfg)
            continue
        csv = _source_csv(table, sources_dir, cfg)
        if not csv.exists():
            raise BuildError(f"{csv}: missing published source for table {table}")
        try:
            # Table names come from the constant list above, never from input; the path is bound.
            con.execute(
                f"INSERT INTO {table} BY NAME "
                "SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '\"', "
                "escape = '\"', nullstr = '')",
                [str(csv)],
            )
        except duckdb.Error as exc:
            raise BuildError(f"{csv.name}: could not load into {table}: {exc}") from exc


def _load_kpi_definitions(con: duckdb.DuckDBPyConnection, cfg: authority_config.AuthorityConfig) -> None:
    con.register("incoming", cfg.kpi_frame())
    try:
        con.execute("INSERT INTO kpi_definitions BY NAME SELECT * FROM incoming")
    except duckdb.Error as exc:
        raise BuildError(f"{cfg.path.name}: could not load the KPI definitions: {exc}") from exc
    finally:
        con.unregister("incoming")


def _scaled(data: synthetic.SyntheticData, scale: int) -> synthetic.SyntheticData:
    if scale == 1:
        return data
    people, snaps = [], []
    for copy in range(scale):
        suffix = f"-x{copy}"
        people.append(data.care_leavers.assign(person_id=data.care_leavers["person_id"] + suffix))
        snaps.append(data.snapshots.assign(person_id=data.snapshots["person_id"] + suffix))
    return synthetic.SyntheticData(pd.concat(people, ignore_index=True), pd.concat(snaps, ignore_index=True))


def _load_synthetic(con: duckdb.DuckDBPyConnection, seed: int, scale: int) -> None:
    data = _scaled(synthetic.generate(seed=seed), scale)
    for table, frame in (("care_leavers", data.care_leavers), ("snapshots", data.snapshots)):
        con.register("incoming", frame)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
        except duckdb.Error as exc:
            raise BuildError(f"synthetic {table}: {exc}") from exc
        finally:
            con.unregister("incoming")


def _validate(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    empty = [t for t, n in counts.items() if n == 0]
    if empty:
        raise BuildError(f"validation failed: empty tables {', '.join(empty)}")
    orphans = con.execute(
        "SELECT count(*) FROM kpi_definitions d WHERE NOT EXISTS "
        "(SELECT 1 FROM kpi_values v WHERE v.kpi_id = d.kpi_id)"
    ).fetchone()[0]
    if orphans:
        raise BuildError(f"validation failed: {orphans} KPI definitions have no published values")
    return counts


def build(
    out: Path = DEFAULT_STORE,
    *,
    sources_dir: Path = SOURCES_DIR,
    seed: int = synthetic.DEFAULT_SEED,
    scale: int = 1,
    config: authority_config.AuthorityConfig | None = None,
) -> BuildReport:
    """Write a fresh store to ``out`` atomically and return its table row counts.

    ``config`` defaults to ``analytics.config.load()`` (``LCI_CONFIG`` or ``config/authority.toml``).
    """
    cfg = config or authority_config.load()
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA.read_text())
            _load_published(con, sources_dir, cfg)
            _load_synthetic(con, seed, scale)
            extra = (cfg.path, *([cfg.kpi_values] if cfg.kpi_values else []))
            con.execute(
                "INSERT INTO build_info VALUES (?, true, ?, ?, ?)",
                [dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), cfg.name, sources_checksum(sources_dir, extra), seed],
            )
            counts = _validate(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(out, counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--scale", type=int, default=1, help="copies of the synthetic cohort (benchmarks)")
    parser.add_argument("--config", type=Path, help=f"authority configuration (default: ${authority_config.CONFIG_ENV} or config/authority.toml)")
    args = parser.parse_args(argv)
    try:
        report = build(args.out, seed=args.seed, scale=args.scale, config=authority_config.load(args.config))
    except (BuildError, authority_config.ConfigError) as exc:
        print(f"build failed, previous store left unchanged: {exc}", file=sys.stderr)
        return 1
    size_mb = report.path.stat().st_size / 1e6
    print(f"built {report.path} ({size_mb:.1f} MB): {report.row_counts['snapshots']} snapshot rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
