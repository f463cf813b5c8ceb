"""KPI status and direction of travel for each published KPI (Commissioning Plan Table 2).

The definitions (target, tolerance form, polarity) are data in the store; the rules are in
``analytics.kpi``. Example::

    >>> tiles = kpi_tiles()
    >>> [(t.kpi_id, t.status.label, t.direction.arrow) for t in tiles][0]
    ('kit', 'On target', '↓')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import db
from analytics.kpi import Band, Direction, KpiStatus, classify, direction_of_travel, tolerance_band

# Table 2 prints an arrow for any movement of at least half a point.
ARROW_THRESHOLD = 0.5


@dataclass(frozen=True)
class KpiTile:
    kpi_id: str
    name: str
    short_name: str
    unit: str
    period: str
    value: float
    previous_period: str | None
    previous_value: float | None
    target: float
    band: Band
    status: KpiStatus
    direction: Direction


def published_kpis() -> pd.DataFrame:
    """Table 2 in long form. Columns: kpi_id, name, short_name, measure, age_group, unit, polarity,
    target, tolerance_form, tolerance_below, tolerance_above, published_direction, period,
    period_end, snapshot_date, value, source."""
    frame = db.query("kpi_published")
    for col in ("target", "tolerance_below", "tolerance_above", "value"):
        frame[col] = frame[col].astype(float)
    return frame


def band_for(row: pd.Series) -> Band:
    return tolerance_band(float(row["target"]), str(row["tolerance_form"]), float(row["tolerance_below"]), float(row["tolerance_above"]))


def assess(row: pd.Series, previous: float | None) -> tuple[Band, KpiStatus, Direction]:
    band = band_for(row)
    status = classify(float(row["value"]), float(row["target"]), polarity=str(row["polarity"]), lower=band.lower, upper=band.upper)
    direction = direction_of_travel(previous, float(row["value"]), polarity=str(row["polarity"]), threshold=ARROW_THRESHOLD)
    return band, status, direction


def kpi_tiles(period: str | None = None) -> list[KpiTile]:
    """One tile per KPI for ``period`` (default: the latest published period)."""
    frame = published_kpis()
    periods = list(dict.fromkeys(frame["period"]))
    period = period or periods[-1]
    if period not in periods:
        raise KeyError(f"no published KPI values for period {period!r}")
    position = periods.index(period)
    previous_period = periods[position - 1] if position else None
    tiles = []
    for kpi_id, rows in frame.groupby("kpi_id", sort=False):
        by_period = rows.set_index("period")
        row = by_period.loc[period]
        previous = float(by_period.loc[previous_period, "value"]) if previous_period else None
        band, status, direction = assess(row, previous)
        tiles.append(
            KpiTile(
                kpi_id=str(kpi_id), name=str(row["name"]), short_name=str(row["short_name"]), unit=str(row["unit"]),
                period=period, value=float(row["value"]), previous_period=previous_period, previous_value=previous,
                target=float(row["target"]), band=band, status=status, direction=direction,
            )
        )
    return tiles


def computed_kpis() -> pd.DataFrame:
    """Each KPI recomputed from the record-level snapshots.

    Columns: kpi_id, snapshot_date, denominator, numerator, value (per cent).
    """
    frame = db.query("kpi_from_snapshots")
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
    return frame


def reconciliation() -> pd.DataFrame:
    """Published Table 2 values beside the same KPIs computed from the snapshots.

    Columns: kpi_id, short_name, period, published, computed, difference (points).
    """
    published = published_kpis()
    published["snapshot_date"] = pd.to_datetime(published["snapshot_date"]).dt.date
    merged = published.merge(computed_kpis(), on=["kpi_id", "snapshot_date"], suffixes=("_published", "_computed"))
    out = merged[["kpi_id", "short_name", "period", "value_published", "value_computed"]].rename(
        columns={"value_published": "published", "value_computed": "computed"}
    )
    out["difference"] = out["computed"] - out["published"]
    return out


@dataclass(frozen=True)
class Table2Row:
    kpi_id: str
    name: str
    target: float
    lower: float
    upper: float
    values: list[float]
    status_label: str
    achieved_label: str
    rag: str
    arrow: str
    judgement: str


@dataclass(frozen=True)
class Table2:
    """Table 2's shape for one period: the periods up to it, and a row per KPI."""

    period: str
    periods: list[str]
    rows: list[Table2Row]

    def to_frame(self) -> pd.DataFrame:
        """Columns: KPI, Target, Tolerance, one per period, Status, Achieved, Direction."""
        records = []
        for row in self.rows:
            record = {"KPI": row.name, "Target": row.target, "Tolerance": f"{row.lower:g} to {row.upper:g}"}
            record.update(dict(zip(self.periods, row.values)))
            record.update({"Status": row.status_label, "Achieved": row.achieved_label, "Direction": f"{row.arrow} {row.judgement}"})
            records.append(record)
        return pd.DataFrame.from_records(records)


def periods() -> list[str]:
    """Published KPI periods, oldest first."""
    return list(dict.fromkeys(published_kpis()["period"]))


def table2_rows(period: str | None = None) -> Table2:
    frame = published_kpis()
    all_periods = list(dict.fromkeys(frame["period"]))
    period = period or all_periods[-1]
    shown = all_periods[: all_periods.index(period) + 1]
    tiles = {t.kpi_id: t for t in kpi_tiles(period)}
    rows = []
    for kpi_id, group in frame.groupby("kpi_id", sort=False):
        tile = tiles[str(kpi_id)]
        values = group.set_index("period").loc[shown, "value"].astype(float).tolist()
        rows.append(
            Table2Row(
                kpi_id=tile.kpi_id, name=tile.name, target=tile.target, lower=tile.band.lower, upper=tile.band.upper,
                values=values, status_label=tile.status.label, achieved_label=tile.status.achieved_label,
                rag=tile.status.rag, arrow=tile.direction.arrow, judgement=tile.direction.judgement,
            )
        )
    return Table2(period, shown, rows)


def status_headline(tiles: list[KpiTile]) -> str:
    """'4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target'."""
    outside = sum(t.status is KpiStatus.OUTSIDE_TOLERANCE for t in tiles)
    on_target = sum(t.status is KpiStatus.ON_TARGET for t in tiles)
    return f"{outside} of {len(tiles)} KPIs are outside tolerance at {tiles[0].period}; {on_target} are on target"
