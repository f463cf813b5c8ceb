"""The KPI computation the pages run (``analytics.performance.computed_kpis``: the snapshot counts)
against the same answer computed in pandas from the record-level snapshots already in memory.

The pandas side gets the records for free (its load is timed apart), so the ratio is the query
against the best a pandas app could do once loaded."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics import db, performance

EET = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"]
NEET = ["G4", "G5", "G6"]


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _records(store: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    with duckdb.connect(str(store), read_only=True) as con:
        snaps = con.execute(
            "SELECT s.*, c.birth_month FROM snapshots s JOIN care_leavers c USING (person_id)"
        ).df()
        kpis = con.execute(
            "SELECT kpi_id, measure, age_min, age_max, count_basis FROM kpi_definitions WHERE measure <> 'returned'"
        ).df()
    return snaps, kpis


def pandas_kpis(snaps: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """kpi_on_basis.sql in pandas, each KPI on its own count basis."""
    dates = pd.Series(sorted(snaps["snapshot_date"].unique()))
    previous = dict(zip(dates, dates.shift()))
    alive = ~snaps["in_touch"].isin(["DIED", "RHOM"])
    out = []
    for k in kpis.itertuples():
        sub = snaps[snaps["age"].between(k.age_min, k.age_max)]
        live = alive[sub.index]
        if k.measure == "accommodation":
            denominator, numerator = live & ~sub["accom"].str[0].isin(["G", "H", "R"]), sub["accom"].str.endswith("1")
        elif k.measure == "pathway_plan":
            denominator, numerator = live & (sub["legal_status"] != "Qualifying"), sub["pathway_plan_up_to_date"]
        elif k.measure == "eet":
            denominator, numerator = live, sub["activ"].isin(EET)
        elif k.measure == "neet":
            denominator, numerator = live, sub["activ"].isin(NEET)
        else:
            denominator, numerator = live, sub["in_touch"] == "YES"
        if k.count_basis == "birthday_window":
            born = pd.to_datetime(sub["birth_month"])  # always the first of a month
            birthday = pd.to_datetime(pd.DataFrame({"year": born.dt.year + sub["age"], "month": born.dt.month, "day": 1}))
            before = pd.to_datetime(sub["snapshot_date"].map(previous))
            keep = before.notna() & (birthday > before) & (birthday <= pd.to_datetime(sub["snapshot_date"]))
            sub, denominator, numerator = sub[keep], denominator[keep], numerator[keep]
        counts = pd.DataFrame({
            "snapshot_date": sub["snapshot_date"], "denominator": denominator, "numerator": denominator & numerator,
        }).groupby("snapshot_date").sum()
        if k.count_basis == "snapshot":
            pooled = counts.assign(snapshots_pooled=1)
        else:
            stamps = pd.to_datetime(pd.Series(counts.index, index=counts.index))
            rows = []
            for day in counts.index:
                window = (stamps > pd.Timestamp(day) - pd.DateOffset(months=12)) & (stamps <= pd.Timestamp(day))
                rows.append(counts[window.values].sum().to_dict() | {"snapshots_pooled": int(window.sum())})
            pooled = pd.DataFrame(rows, index=counts.index)
        pooled = pooled.reset_index().assign(kpi_id=k.kpi_id, basis=k.count_basis)
        pooled["value"] = 100.0 * pooled["numerator"] / pooled["denominator"].where(pooled["denominator"] > 0)
        out.append(pooled)
    return pd.concat(out, ignore_index=True).sort_values(["kpi_id", "snapshot_date"], ignore_index=True)


@dataclass(frozen=True)
class KpiTiming:
    ours_ms: float
    pandas_ms: float
    pandas_load_ms: float
    same_answers: bool

    @property
    def speedup(self) -> float:
        return self.pandas_ms / self.ours_ms


def kpi_query(store: Path, repeat: int = 5) -> KpiTiming:
    os.environ[db.STORE_ENV] = str(store)
    snaps, kpis = _records(store)
    # The query itself, not the per-store memo in front of it (which would answer the repeats for free).
    compute = performance.computed_kpis.__wrapped__
    ours = compute()
    theirs = pandas_kpis(snaps, kpis)
    key = ["kpi_id", "snapshot_date", "denominator", "numerator"]
    same = (
        ours[key].astype({"snapshot_date": str}).reset_index(drop=True)
        .equals(theirs.assign(snapshot_date=theirs["snapshot_date"].map(lambda d: pd.Timestamp(d).date()))[key]
                .astype({"snapshot_date": str, "denominator": "int64", "numerator": "int64"}).reset_index(drop=True))
    )
    return KpiTiming(
        ours_ms=1000 * best_of(compute, repeat),
        pandas_ms=1000 * best_of(lambda: pandas_kpis(snaps, kpis), repeat),
        pandas_load_ms=1000 * best_of(lambda: _records(store), max(1, repeat // 2)),
        same_answers=same,
    )
