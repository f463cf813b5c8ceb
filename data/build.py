"""Build an authority's evidence store, ``data/<pack>.duckdb``, from its pack and a synthetic cohort.

Everything comes from the authority pack in use (``analytics.config``: ``config/authorities/<name>/``,
chosen with ``AUTHORITY`` or ``--authority``): its name and KPI definitions from ``authority.toml``,
each published table from ``<table>.csv`` beside it when the pack has one (a table the pack lacks
stays empty, and the pages that need it say so), and, when the pack has ``[synthetic]`` settings, a
SYNTHETIC record-level cohort calibrated to its evidence. A CSV in the pack that is not one of the
tables below is refused with the nearest table name, so a misspelled file never goes unread.

The build never writes over the live store in place: it writes a temporary file beside it, validates
it, and only then renames it over the old one. A build that fails at any step leaves the previous
store exactly as it was, so a running app keeps serving the last good data.

Usage::

    python -m data.build                                      # the pack in use, into data/<pack>.duckdb
    python -m data.build --out /tmp/big.duckdb --scale 100   # benchmark store, 100x the cohort
    python -m data.build --authority northshire              # data/northshire.duckdb
    python -m data.build --config path/to/pack --out /tmp/ours.duckdb
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
from analytics import national_release
from analytics import periods as reporting_periods
from data import synthetic

DATA_DIR = Path(__file__).resolve().parent
SCHEMA = DATA_DIR / "schema.sql"
AGGREGATES = DATA_DIR.parent / "analytics" / "sql" / "build_snapshot_aggregates.sql"

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


def sources_checksum(cfg: authority_config.AuthorityConfig) -> str:
    """sha256 over the pack's settings file and every evidence file in it."""
    digest = hashlib.sha256()
    for path in [cfg.path, *sorted(cfg.pack.glob("*.csv"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check_pack_files(cfg: authority_config.AuthorityConfig) -> None:
    known = [t for t in PUBLISHED_TABLES if t != "kpi_definitions"]
    for csv in sorted(cfg.pack.glob("*.csv")):
        if csv.stem not in known:
            hint = authority_config.did_you_mean(csv.stem, known) or f" (the evidence files are: {', '.join(known)})"
            raise BuildError(f"{csv}: not an evidence file this build reads{hint}")


def _load_published(con: duckdb.DuckDBPyConnection, cfg: authority_config.AuthorityConfig) -> None:
    _check_pack_files(cfg)
    for table in PUBLISHED_TABLES:
        if table == "kpi_definitions":
            _load_kpi_definitions(con, cfg)
            continue
        if table in _KPI_TABLES:
            _insert(con, table, _KPI_TABLES[table](cfg), cfg.evidence(table) or cfg.pack)
            continue
        csv = cfg.evidence(table)
        if csv is None:
            continue
        try:
            # Table names come from the constant list above, never from input; the path is bound.
            con.execute(
                f"INSERT INTO {table} BY NAME "
                "SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '\"', "
                "escape = '\"', nullstr = '')",
                [str(csv)],
            )
        except duckdb.Error as exc:
            raise BuildError(f"{csv}: could not load into {table}: {exc}") from exc


def _load_kpi_definitions(con: duckdb.DuckDBPyConnection, cfg: authority_config.AuthorityConfig) -> None:
    _insert(con, "kpi_grading_bands", cfg.grading_frame(), cfg.path)
    _insert(con, "kpi_definitions", cfg.kpi_frame(), cfg.path)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | None, where: Path) -> None:
    if frame is None or frame.empty:
        return
    con.register("incoming", frame)
    try:
        # Table names come from this module's constants, never from input.
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    except duckdb.Error as exc:
        raise BuildError(f"{where}: could not load into {table}: {exc}") from exc
    finally:
        con.unregister("incoming")


def _read(csv: Path) -> pd.DataFrame:
    return pd.read_csv(csv, dtype=str, keep_default_na=False).map(str.strip)


def _row(i: int) -> int:
    """The file's line number of data row ``i`` (after the header)."""
    return i + 2


def _period(cfg: authority_config.AuthorityConfig, csv: Path, i: int, column: str, label: str) -> reporting_periods.Period:
    try:
        return reporting_periods.parse(label, year=cfg.period_year)
    except reporting_periods.PeriodError as exc:
        raise BuildError(f"{csv}: row {_row(i)}, column {column}: {exc}") from None


def _kpi_periods(cfg: authority_config.AuthorityConfig) -> pd.DataFrame | None:
    """The pack's periods, each label checked against the dates given for it; when the pack has no
    kpi_periods.csv, derived from the labels of kpi_values.csv (snapshot: the day after the period)."""
    csv = cfg.evidence("kpi_periods")
    if csv is None:
        values = cfg.evidence("kpi_values")
        if values is None:
            return None
        labels = _read(values)["period"]
        for i, label in enumerate(labels):
            _period(cfg, values, i, "period", label)
        return reporting_periods.frame(
            labels, year=cfg.period_year, data_source="Provider KPI return", source=f"period labels of {values.name}",
        )
    given = _read(csv)
    rows = []
    for i, row in given.iterrows():
        period = _period(cfg, csv, i, "period", row["period"])
        if period.label != row["period"]:
            raise BuildError(f"{csv}: row {_row(i)}, column period: write {row['period']!r} as {period.label!r}")
        for column, expected in (("period_end", period.end), ("snapshot_date", None)):
            if column not in row or not row[column]:
                continue
            try:
                stated = dt.date.fromisoformat(row[column])
            except ValueError:
                raise BuildError(f"{csv}: row {_row(i)}, column {column}: {row[column]!r} is not a date like 2024-03-31") from None
            if expected is not None and stated != expected:
                # A quarter written in one convention and dated in the other must not be stored on the wrong dates.
                raise BuildError(
                    f"{csv}: row {_row(i)}, column period_end: {period.label} ends on {expected.isoformat()} "
                    f"({cfg.period_year} year), not {stated.isoformat()}"
                )
        snapshot = row.get("snapshot_date") or period.snapshot_date.isoformat()
        rows.append({
            "period": period.label, "period_start": period.start, "period_end": period.end,
            "snapshot_date": dt.date.fromisoformat(snapshot), "kind": period.kind,
            "data_source": row.get("data_source") or "Provider KPI return", "source": row.get("source") or csv.name,
        })
    return pd.DataFrame(rows)


def _kpi_values(cfg: authority_config.AuthorityConfig) -> pd.DataFrame | None:
    """The pack's KPI values with their period labels in canonical spelling; every period must be
    one of the pack's periods and every KPI one of its definitions."""
    csv = cfg.evidence("kpi_values")
    if csv is None:
        return None
    given = _read(csv)
    known = {k.kpi_id for k in cfg.kpis}
    stated = cfg.evidence("kpi_periods")
    allowed = None if stated is None else set(_read(stated)["period"])
    labels = []
    for i, row in given.iterrows():
        if row["kpi_id"] not in known:
            raise BuildError(
                f"{csv}: row {_row(i)}, column kpi_id: {row['kpi_id']!r} is not a KPI of {cfg.path.name}"
                f"{authority_config.did_you_mean(row['kpi_id'], sorted(known))}"
            )
        label = _period(cfg, csv, i, "period", row["period"]).label
        if allowed is not None and label not in allowed:
            raise BuildError(f"{csv}: row {_row(i)}, column period: {row['period']!r} is not a period in {stated.name}")
        labels.append(label)
    return given.assign(period=labels)


def _comparators(cfg: authority_config.AuthorityConfig) -> pd.DataFrame | None:
    """The pack's comparators: a ``period`` label, when given, sets the exact period end and year."""
    csv = cfg.evidence("comparators")
    if csv is None:
        return None
    given = _read(csv)
    out = given.drop(columns=["period"], errors="ignore")
    if "period" in given:
        ends = [_period(cfg, csv, i, "period", label).end if label else None for i, label in enumerate(given["period"])]
        out["period_end"] = ends
        if "year" not in given:
            out["year"] = ""
        out["year"] = [y or (e.year if e else "") for y, e in zip(out["year"], ends)]
    for column in ("kpi_id", "area_type", "basis"):
        if column in out:
            out[column] = out[column].replace("", None)
    return out


_KPI_TABLES = {"kpi_periods": _kpi_periods, "kpi_values": _kpi_values, "comparators": _comparators}


def _scaled(data: synthetic.SyntheticData, scale: int) -> synthetic.SyntheticData:
    if scale == 1:
        return data
    people, snaps = [], []
    for copy in range(scale):
        suffix = f"-x{copy}"
        people.append(data.care_leavers.assign(person_id=data.care_leavers["person_id"] + suffix))
        snaps.append(data.snapshots.assign(person_id=data.snapshots["person_id"] + suffix))
    return synthetic.SyntheticData(pd.concat(people, ignore_index=True), pd.concat(snaps, ignore_index=True))


def _load_synthetic(con: duckdb.DuckDBPyConnection, cfg: authority_config.AuthorityConfig, seed: int | None, scale: int) -> None:
    try:
        data = _scaled(synthetic.generate(cfg, seed=seed), scale)
    except (ValueError, KeyError) as exc:
        raise BuildError(f"{cfg.pack}: could not calibrate the synthetic cohort: {exc}") from exc
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
    if not counts.get("kpi_definitions"):
        raise BuildError("validation failed: no KPI definitions")
    return counts


def default_store(cfg: authority_config.AuthorityConfig | None = None) -> Path:
    return DATA_DIR / f"{(cfg or authority_config.load()).slug}.duckdb"


def build(
    out: Path | None = None,
    *,
    seed: int | None = None,
    scale: int = 1,
    config: authority_config.AuthorityConfig | None = None,
) -> BuildReport:
    """Write a fresh store for the pack ``config`` (default: the pack in use) to ``out`` (default
    ``data/<pack>.duckdb``) atomically, and return its table row counts."""
    cfg = config or authority_config.load()
    out = Path(out) if out is not None else default_store(cfg)
    tmp = out.with_name(out.name + ".tmp")
    # DuckDB journals beside the file it writes; a failed build (a full disk) must leave neither.
    strays = (tmp, tmp.with_name(tmp.name + ".wal"))
    for stray in strays:
        stray.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA.read_text())
            _load_published(con, cfg)
            # DfE national statistics for every authority (data/national), in their own tables.
            national_release.write_tables(con, national_release.read_compact(national_release.BUILT_IN), origin="built in: data/national")
            if cfg.synthetic is not None:
                _load_synthetic(con, cfg, seed, scale)
            # Pages read these counts, not the records, so their cost does not grow with the cohort.
            con.execute(AGGREGATES.read_text())
            con.execute(
                "INSERT INTO build_info BY NAME SELECT ? AS built_at, ? AS synthetic, ? AS authority, ? AS pack, "
                "? AS sources_sha256, ? AS seed",
                [dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), cfg.synthetic is not None, cfg.name, cfg.slug,
                 sources_checksum(cfg), (seed if seed is not None else cfg.synthetic.seed) if cfg.synthetic else None],
            )
            counts = _validate(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, out)
    except BaseException:
        for stray in strays:
            stray.unlink(missing_ok=True)
        raise
    return BuildReport(out, counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="the store to write (default data/<pack>.duckdb)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the synthetic cohort (default: the pack's)")
    parser.add_argument("--scale", type=int, default=1, help="copies of the synthetic cohort (benchmarks)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--authority", help=f"pack name in config/authorities (default: ${authority_config.PACK_ENV} or {authority_config.DEFAULT_PACK})")
    which.add_argument("--config", type=Path, help="a pack folder, or its authority.toml, anywhere on disk")
    args = parser.parse_args(argv)
    try:
        cfg = authority_config.load(args.config or authority_config.pack_dir(args.authority))
        report = build(args.out, seed=args.seed, scale=args.scale, config=cfg)
    except (BuildError, authority_config.ConfigError) as exc:
        print(f"build failed, previous store left unchanged: {exc}", file=sys.stderr)
        return 1
    # A full disk or an unwritable folder.
    except (duckdb.Error, OSError) as exc:
        print(f"build failed, previous store left unchanged ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1
    size_mb = report.path.stat().st_size / 1e6
    print(f"built {report.path} ({size_mb:.1f} MB) for {cfg.name}: {report.row_counts.get('snapshots', 0)} snapshot rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
