"""KPI status and direction of travel for each published KPI (Commissioning Plan Table 2 in the
reference pack: each KPI's target, tolerance, period values and direction-of-travel arrow).

The definitions (target, tolerance form or threshold bands, polarity, count basis) are data in the
store; the rules are in ``analytics.kpi``. A KPI is graded either by its target and tolerance (On
target / Within tolerance / Outside tolerance) or by its pack's threshold bands, in the bands' own
names; which grades count as achieved is the scheme's, and a value in a gap between bands is
ungraded. Periods are data too (monthly, quarterly or annual, ``analytics.periods``); a KPI may miss
a period, and its arrow then compares with its last value before the gap. Example::

    >>> tiles = kpi_tiles()
    >>> [(t.kpi_id, t.status.label, t.direction.arrow) for t in tiles][0]
    ('kit', 'On target', '↓')
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from analytics import db, formatting, spc
from analytics import periods as reporting_periods
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_mask
from analytics.findings import kpi_finding, points
from analytics.kpi import (
    BANDED_FORM, Band, BandScheme, Direction, Grade, GradeBand, KpiStatus, benchmark_gap, classify, direction_of_travel,
    status_grade, tolerance_band,
)

# Table 2 prints an arrow for any movement of at least half a point.
ARROW_THRESHOLD = 0.5


class NoKpiValues(LookupError):
    """The store holds no KPI values (or none for the period asked); the message says how to load them."""


def missing_values_text(what: str = "KPI values") -> str:
    """What is missing and how to load it, naming the folder of the pack in use."""
    from analytics import config

    try:
        folder = config.load().pack
    except config.ConfigError:
        folder = "<your pack folder>"
    return (
        f"No {what} are loaded for this authority. Add kpi_values.csv (columns kpi_id, period, value, source; periods "
        f"like 2024-25 Q1, Jul-16 or 2023-24) to its pack folder {folder} and rebuild (`make run`), or load a provider "
        "KPI return on the Data page (Load your own data)."
    )


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
    status: Grade
    direction: Direction
    scheme: BandScheme | None = None

    @property
    def standard_text(self) -> str:
        """'Target 90% (tolerance 85–95)' or, for a banded KPI, its bands."""
        if self.scheme is not None:
            return f"Graded {self.scheme.vocabulary}"
        return f"Target {self.target:g}{self.unit} (tolerance {self.band.lower:g}–{self.band.upper:g})"

    @property
    def previous_text(self) -> str:
        """'Was 95.5% in 2022-23 Q4: worsening.' or, with one value, that there is none before it."""
        if self.previous_value is None:
            return "The first period with a value: no direction of travel yet."
        return f"Was {self.previous_value:g}{self.unit} in {self.previous_period}: {self.direction.judgement}."


@db.per_store()
def published_kpis() -> pd.DataFrame:
    """Every published value in long form. Columns: kpi_id, name, short_name, measure, age_group, unit,
    polarity, target, tolerance_form, tolerance_below, tolerance_above, published_direction, grading,
    count_basis, period, period_start, period_end, snapshot_date, period_kind, value, source."""
    frame = db.query("kpi_published")
    for col in ("target", "tolerance_below", "tolerance_above", "value"):
        frame[col] = frame[col].astype(float)
    return frame


def period_table() -> pd.DataFrame:
    """Periods holding at least one value, oldest first. Columns: period, period_start, period_end,
    snapshot_date (dates), kind, data_source, value_sources."""
    frame = db.query("kpi_periods")
    for col in ("period_start", "period_end", "snapshot_date"):
        frame[col] = [None if pd.isna(d) else pd.Timestamp(d).date() for d in frame[col]]
    return frame


def periods() -> list[str]:
    """Periods with at least one published KPI value, oldest first (empty when none are loaded)."""
    return period_table()["period"].tolist()


def gap_note() -> str | None:
    """A sentence naming each gap in the published periods, or None when there is none."""
    table = period_table()
    return reporting_periods.gap_sentence([
        reporting_periods.Period(e, s or e, k or "quarter", p)
        for p, s, e, k in zip(table["period"], table["period_start"], table["period_end"], table["kind"])
    ])


def source_note() -> str:
    """Where the KPI values come from, as the pack's values and periods say (e.g. 'Commissioning Plan
    2.4 Table 2 (Q4 JET data; Q2 JET data)')."""
    table = period_table()
    if table.empty:
        return "no KPI values loaded"
    sources = list(dict.fromkeys(s for v in table["value_sources"] for s in str(v).split("; ")))
    data = list(dict.fromkeys(table["data_source"]))
    return f"{'; '.join(sources)} ({'; '.join(data)})"


@db.per_store()
def gradings() -> dict[str, BandScheme]:
    """The pack's threshold-band schemes by id."""
    frame = db.query("kpi_grading_bands")
    out = {}
    for grading_id, rows in frame.groupby("grading_id", sort=False):
        bands = tuple(
            GradeBand(
                str(r.name), str(r.colour), bool(r.achieved), None if pd.isna(r.min_value) else float(r.min_value),
                None if pd.isna(r.max_value) else float(r.max_value), bool(r.min_inclusive), bool(r.max_inclusive),
            )
            for r in rows.sort_values("rank").itertuples()
        )
        out[str(grading_id)] = BandScheme(str(grading_id), str(rows["grading_name"].iloc[0]), bands)
    return out


def band_for(row: pd.Series, scheme: BandScheme | None = None) -> Band:
    """The tolerance band as bounds; a banded KPI has none (NaN), only its scheme's description."""
    if scheme is not None or row["tolerance_form"] == BANDED_FORM:
        return Band(math.nan, math.nan, scheme.description if scheme else "threshold bands")
    return tolerance_band(float(row["target"]), str(row["tolerance_form"]), float(row["tolerance_below"]), float(row["tolerance_above"]))


def assess(row: pd.Series, previous: float | None, schemes: dict[str, BandScheme] | None = None) -> tuple[Band, Grade, Direction]:
    """The value's band, grade (in its scheme's words) and direction since ``previous``."""
    grading = row.get("grading")
    scheme = (schemes if schemes is not None else gradings())[grading] if isinstance(grading, str) and grading else None
    band = band_for(row, scheme)
    if scheme is not None:
        grade = scheme.grade(float(row["value"]))
    else:
        grade = status_grade(classify(float(row["value"]), float(row["target"]), polarity=str(row["polarity"]), lower=band.lower, upper=band.upper))
    direction = direction_of_travel(previous, float(row["value"]), polarity=str(row["polarity"]), threshold=ARROW_THRESHOLD)
    return band, grade, direction


def kpi_tiles(period: str | None = None) -> list[KpiTile]:
    """One tile per KPI with a value at ``period`` (default: the latest period); its previous value
    is its own last one before (across any gap). Raises ``NoKpiValues`` when nothing is loaded."""
    frame = assessed_kpis()
    if frame.empty:
        raise NoKpiValues(missing_values_text())
    period, upto = _upto(frame, period)
    schemes = gradings()
    tiles = []
    for row in upto[upto["period"] == period].itertuples():
        previous = None if pd.isna(row.previous_value) else float(row.previous_value)
        tiles.append(KpiTile(
            kpi_id=row.kpi_id, name=row.name, short_name=row.short_name, unit=row.unit, period=period, value=float(row.value),
            previous_period=row.previous_period, previous_value=previous, target=float(row.target),
            band=Band(row.lower, row.upper, row.band_description), status=_grade(row), direction=_direction(row),
            scheme=schemes.get(row.grading) if isinstance(row.grading, str) else None,
        ))
    return tiles


def _grade(row) -> Grade:
    achieved = None if row.achieved_label == "Ungraded" else row.achieved_label == "Achieved"
    rank = None if pd.isna(row.rank) else int(row.rank)
    return Grade(row.status, row.status_label, row.colour, row.rag, achieved, rank)


def _direction(row) -> Direction:
    return Direction(row.arrow, row.judgement, None if pd.isna(row.change) else float(row.change))


@db.per_store()
def computed_kpis(basis: str | None = None) -> pd.DataFrame:
    """Each KPI with a record-level rule recomputed from the snapshots, on its own count basis (or on
    ``basis`` for all). Columns: kpi_id, snapshot_date, basis, snapshots_pooled, denominator,
    numerator, value (per cent)."""
    frame = db.query("kpi_on_basis", {"kpi_id": None, "basis": basis})
    frame["snapshot_date"] = [pd.Timestamp(d).date() for d in frame["snapshot_date"]]
    return frame


def reconciliation() -> pd.DataFrame:
    """Published values beside the same KPIs computed from the snapshots.

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
    colour: str = ""


@dataclass(frozen=True)
class Table2:
    """Table 2's shape for one period: the periods up to it, and a row per KPI (NaN where a KPI has
    no value for a period)."""

    period: str
    periods: list[str]
    rows: list[Table2Row]

    def to_frame(self) -> pd.DataFrame:
        """Columns: KPI, Target, Tolerance, one per period, Status, Achieved, Direction."""
        records = []
        for row in self.rows:
            tolerance = "" if math.isnan(row.lower) else f"{row.lower:g} to {row.upper:g}"
            record = {"KPI": row.name, "Target": row.target, "Tolerance": tolerance}
            record.update(dict(zip(self.periods, row.values)))
            record.update({"Status": row.status_label, "Achieved": row.achieved_label, "Direction": f"{row.arrow} {row.judgement}"})
            records.append(record)
        return pd.DataFrame.from_records(records)


def table2_rows(period: str | None = None) -> Table2:
    frame = assessed_kpis()
    if frame.empty:
        raise NoKpiValues(missing_values_text())
    period, upto = _upto(frame, period)
    shown = list(dict.fromkeys(upto.sort_values("period_end", kind="stable")["period"]))
    values = upto.pivot(index="kpi_id", columns="period", values="value").reindex(columns=shown)
    rows = []
    for tile in kpi_tiles(period):
        rows.append(
            Table2Row(
                kpi_id=tile.kpi_id, name=tile.name, target=tile.target, lower=tile.band.lower, upper=tile.band.upper,
                values=values.loc[tile.kpi_id].astype(float).tolist(), status_label=tile.status.label,
                achieved_label=tile.status.achieved_label, rag=tile.status.rag, arrow=tile.direction.arrow,
                judgement=tile.direction.judgement, colour=tile.status.colour,
            )
        )
    return Table2(period, shown, rows)


def _banded(labels: list[str] | pd.Series) -> bool:
    """Whether any status comes from a banded scheme (not the three tolerance words)."""
    tolerance = {s.label for s in KpiStatus}
    return any(label not in tolerance for label in labels)


def status_headline(tiles: list[KpiTile]) -> str:
    """'4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target'; with banded KPIs, in
    the schemes' terms: '3 of 9 KPIs are not achieved at Mar-24; 1 is ungraded (between bands)'."""
    if not any(t.scheme for t in tiles):
        outside = sum(t.status.code == KpiStatus.OUTSIDE_TOLERANCE.value for t in tiles)
        on_target = sum(t.status.code == KpiStatus.ON_TARGET.value for t in tiles)
        return f"{outside} of {_count(len(tiles))} {_is(outside)} outside tolerance at {tiles[0].period}; {on_target} {_is(on_target)} on target"
    failing = sum(t.status.achieved is False for t in tiles)
    ungraded = sum(t.status.achieved is None for t in tiles)
    text = f"{failing} of {_count(len(tiles))} {_is(failing)} not achieved at {tiles[0].period}; {len(tiles) - failing - ungraded} {_is(len(tiles) - failing - ungraded)} achieved"
    return text + (f"; {ungraded} {_is(ungraded)} ungraded (between bands)" if ungraded else "")


# --- Exceptions, every cell of Table 2, trends, SPC and KPI cards (pages 10-12) ---------------------
#
# Worked example (Commissioning Plan Table 2, % in EET at 16-18, target 85 ± 5, higher is better):
# 2023-24 Q2 is 44, below the band's lower edge 80, so Outside tolerance / Not achieved; it was 55
# at 2022-23 Q4, a change of -11 points, so ↓ worsening, and the KPI is in the exceptions group
# "Not achieved and worsening":
#
#     >>> row = exceptions("2023-24 Q2").set_index("kpi_id").loc["eet_16_18"]
#     >>> row["status_label"], row["arrow"], row["change"], row["group"]
#     ('Outside tolerance', '↓', -11.0, 'Not achieved and worsening')

VOCABULARIES = {"achieved": "Achieved / Not achieved", "tolerance": "On target / Within tolerance / Outside tolerance"}


def vocabularies(frame: pd.DataFrame) -> dict[str, str]:
    """The two ways of wording status for these KPIs: achieved or not, or each KPI's own grades
    (tolerance words, or a banded scheme's names)."""
    if frame.empty or not _banded(frame["status_label"]):
        return dict(VOCABULARIES)
    return {"achieved": VOCABULARIES["achieved"], "tolerance": "Each KPI's own grades (tolerance or bands)"}


POLARITY_SENTENCES = {
    "higher": "Higher is better.",
    "lower": "Lower is better.",
    "plan": "Staying inside the target range is best: both higher and lower are off plan.",
}
SPC_IMPROVEMENT = {"higher": "increase", "lower": "decrease", "plan": "neutral"}
# How the latest quarter triggered each Making Data Count rule, completing "the latest quarter ...".
SPC_RULES = {
    1: "lies outside the process limits",
    2: "is part of a run of 7 points all rising or all falling",
    3: "is one of two in three points close to a process limit on the same side of the mean",
    4: "is part of a run of 7 points on one side of the mean",
}
SYNTHETIC_LABEL = "From synthetic snapshots (quarterly)"


@dataclass(frozen=True)
class ExceptionGroup:
    """One exceptions heading: KPIs whose status is ``achieved`` (True, False, or None for ungraded)
    and whose trend is one of ``trends`` ("worsening", "improving", or "steady" for no clear
    direction); each vocabulary has its own words for it."""

    order: int
    achieved: bool | None
    trends: tuple[str, ...]
    achieved_words: str
    tolerance_words: str

    def label(self, vocabulary: str) -> str:
        return self.achieved_words if vocabulary == "achieved" else self.tolerance_words


# In the order the leadership team asks: what is failing and getting worse, what is failing but
# recovering, then what is passing but slipping; last, what no band grades.
EXCEPTION_GROUPS = (
    ExceptionGroup(1, False, ("worsening",), "Not achieved and worsening", "Outside tolerance and worsening"),
    ExceptionGroup(2, False, ("steady",), "Not achieved, no clear direction", "Outside tolerance, no clear direction"),
    ExceptionGroup(3, False, ("improving",), "Not achieved but improving", "Outside tolerance but improving"),
    ExceptionGroup(4, True, ("worsening",), "Achieved but worsening", "On target or within tolerance but worsening"),
    ExceptionGroup(
        5, True, ("improving", "steady"), "Achieved and improving or steady", "On target or within tolerance, improving or steady"
    ),
)
UNGRADED_GROUP = ExceptionGroup(
    6, None, ("worsening", "improving", "steady"), "Ungraded: between two bands", "Ungraded: between two bands",
)
# With banded KPIs the tolerance words would misname them: "not achieved" is the schemes' shared term.
BANDED_WORDS = {1: "Not achieved and worsening", 2: "Not achieved, no clear direction", 3: "Not achieved but improving",
                4: "Achieved but worsening", 5: "Achieved and improving or steady"}


def exception_groups(frame: pd.DataFrame) -> tuple[ExceptionGroup, ...]:
    """The headings for these KPIs: the five, in the schemes' shared words when any KPI is banded,
    and the ungraded group when any value is ungraded."""
    groups = EXCEPTION_GROUPS
    if not frame.empty and _banded(frame["status_label"]):
        groups = tuple(
            ExceptionGroup(g.order, g.achieved, g.trends, g.achieved_words, BANDED_WORDS[g.order]) for g in groups
        )
    if not frame.empty and (frame["achieved_label"] == "Ungraded").any():
        groups += (UNGRADED_GROUP,)
    return groups


def _trend(judgement: str) -> str:
    # "no change", "changed" (a plan KPI moved, neither better nor worse) and "no previous value"
    # (the first period) all leave the direction open.
    return judgement if judgement in ("worsening", "improving") else "steady"


def exception_group(achieved: bool | None, judgement: str) -> ExceptionGroup:
    if achieved is None:
        return UNGRADED_GROUP
    trend = _trend(judgement)
    return next(g for g in EXCEPTION_GROUPS if g.achieved == achieved and trend in g.trends)


def status_words(status_label: str, achieved_label: str, vocabulary: str) -> str:
    return achieved_label if vocabulary == "achieved" else status_label


@db.per_store()
def assessed_kpis() -> pd.DataFrame:
    """Every published KPI value with its grade and direction of travel: every cell of Table 2.

    One row per KPI and period with a value, KPIs in the pack's order, periods oldest first; the
    previous value is the KPI's own last one (across a gap). Columns: kpi_id, name, short_name,
    measure, unit, polarity, grading (None for target and tolerance), period, period_end (date),
    snapshot_date (date), value, previous_period (None in the first period), previous_value and
    change (points; NaN in the first period), target, lower, upper (NaN for banded KPIs),
    band_description, status (a ``Grade`` code such as "outside_tolerance" or "band:Good"),
    status_label, achieved_label (Achieved, Not achieved or Ungraded), rag (green/amber/red for a
    tolerance grade, "" for a band), colour (hex), rank (worst 0; NaN when ungraded), arrow ("" in
    the first period), judgement.
    """
    frame = published_kpis()
    schemes = gradings()
    records = []
    for _, rows in frame.groupby("kpi_id", sort=False):
        previous_period, previous = None, None
        for _, row in rows.iterrows():
            band, grade, direction = assess(row, previous, schemes)
            records.append({
                "kpi_id": row["kpi_id"], "name": row["name"], "short_name": row["short_name"], "measure": row["measure"],
                "unit": row["unit"], "polarity": row["polarity"], "grading": row["grading"] if isinstance(row["grading"], str) else None,
                "period": row["period"],
                "period_end": pd.Timestamp(row["period_end"]).date(), "snapshot_date": pd.Timestamp(row["snapshot_date"]).date(),
                "value": float(row["value"]), "previous_period": previous_period,
                "previous_value": float("nan") if previous is None else previous,
                "change": float("nan") if direction.change is None else direction.change,
                "target": float(row["target"]), "lower": band.lower, "upper": band.upper, "band_description": band.description,
                "status": grade.code, "status_label": grade.label, "achieved_label": grade.achieved_label, "rag": grade.rag,
                "colour": grade.colour, "rank": float("nan") if grade.rank is None else grade.rank,
                "arrow": direction.arrow, "judgement": direction.judgement,
            })
            previous_period, previous = row["period"], float(row["value"])
    columns = [
        "kpi_id", "name", "short_name", "measure", "unit", "polarity", "grading", "period", "period_end", "snapshot_date", "value",
        "previous_period", "previous_value", "change", "target", "lower", "upper", "band_description", "status", "status_label",
        "achieved_label", "rag", "colour", "rank", "arrow", "judgement",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def _upto(frame: pd.DataFrame, period: str | None) -> tuple[str, pd.DataFrame]:
    order = periods()
    if not order:
        raise NoKpiValues(missing_values_text())
    period = period or order[-1]
    if period not in order:
        raise KeyError(f"no published KPI values for period {period!r}")
    return period, frame[frame["period"].isin(order[: order.index(period) + 1])]


def target_text(target: float, lower: float, upper: float, unit: str = "%", scheme: BandScheme | None = None) -> str:
    """'85% (80–90)': the target and its tolerance band; for a banded KPI the bands that count as met,
    'Good or Outstanding (at least 76%)'."""
    if scheme is not None:
        met = [b.name for b in scheme.bands if b.achieved]
        return f"{' or '.join(met)} (from {target:g}{unit})"
    return f"{target:g}{unit} ({lower:g}–{upper:g})"


def change_text(change: float) -> str:
    """'-11 points', '+0.5 points', '' for the first period."""
    if pd.isna(change):
        return ""
    if abs(change) < 0.05:
        return "0 points"
    text = f"{change:+.1f}".removesuffix(".0")
    return text + (" point" if text in ("+1", "-1") else " points")


def table2(period: str | None = None) -> pd.DataFrame:
    """Table 2 as published for ``period`` (default latest): the periods up to it, then the status,
    direction and change at ``period``. One row per KPI with a value at ``period``. Columns: KPI,
    Target (tolerance), one column per period (value; NaN where the KPI has none), Status, Achieved,
    Direction (arrow and judgement), Change (text), kpi_id.

    2023-24 Q2, first row: Keeping in touch, '90% (85–95)', 96.5, 96.5, 95.5, 94.5,
    'On target', 'Achieved', '↓ worsening', '-1 point'."""
    period, frame = _upto(assessed_kpis(), period)
    shown = list(dict.fromkeys(frame.sort_values("period_end", kind="stable")["period"]))
    values = frame.pivot(index="kpi_id", columns="period", values="value").reindex(columns=shown)
    schemes = gradings()
    records = []
    for _, row in frame[frame["period"] == period].iterrows():
        scheme = schemes.get(row["grading"]) if isinstance(row["grading"], str) else None
        record = {"KPI": row["short_name"], "Target (tolerance)": target_text(row["target"], row["lower"], row["upper"], row["unit"], scheme)}
        record.update(values.loc[row["kpi_id"]].to_dict())
        record.update({
            "Status": row["status_label"], "Achieved": row["achieved_label"],
            "Direction": f"{row['arrow']} {row['judgement']}".strip(), "Change": change_text(row["change"]), "kpi_id": row["kpi_id"],
        })
        records.append(record)
    columns = ["KPI", "Target (tolerance)", *shown, "Status", "Achieved", "Direction", "Change", "kpi_id"]
    return pd.DataFrame.from_records(records, columns=columns)


def recent_columns(table: pd.DataFrame, cells: pd.DataFrame, count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``table2`` and ``table2_cells`` cut to their latest ``count`` periods, for a grid that must fit
    the page (a monthly series of years would not)."""
    order = list(dict.fromkeys(cells.sort_values("period_end", kind="stable")["period"]))
    dropped = order[:-count] if len(order) > count else []
    return table.drop(columns=dropped), cells[~cells["period"].isin(dropped)].reset_index(drop=True)


def table2_cells(period: str | None = None) -> pd.DataFrame:
    """The status and arrow of each cell of ``table2(period)``: ``assessed_kpis`` up to ``period``."""
    return _upto(assessed_kpis(), period)[1].reset_index(drop=True)


def exceptions(period: str | None = None) -> pd.DataFrame:
    """Each KPI with a value at ``period`` sorted into ``exception_groups`` (status apart from trend).

    Columns: the ``assessed_kpis`` columns, then group_order, group (Achieved wording) and
    group_tolerance (each KPI's own wording); sorted by group, then the pack's order."""
    period, frame = _upto(assessed_kpis(), period)
    out = frame[frame["period"] == period].reset_index(drop=True)
    achieved = [None if label == "Ungraded" else label == "Achieved" for label in out["achieved_label"]]
    groups = {g.order: g for g in exception_groups(out)}
    chosen = [groups[exception_group(a, j).order] for a, j in zip(achieved, out["judgement"])]
    out["group_order"] = [g.order for g in chosen]
    out["group"] = [g.achieved_words for g in chosen]
    out["group_tolerance"] = [g.tolerance_words for g in chosen]
    return out.sort_values("group_order", kind="stable").reset_index(drop=True)


def band_text(frame: pd.DataFrame) -> list[str]:
    """Each row's tolerance band ('80–90') or, for a banded KPI, its scheme's bands."""
    return [d if math.isnan(lo) else f"{lo:g}–{up:g}" for lo, up, d in zip(frame["lower"], frame["upper"], frame["band_description"])]


def exceptions_table(frame: pd.DataFrame, vocabulary: str) -> pd.DataFrame:
    """The exceptions as shown and downloaded, status and direction first (they are the answer, and
    stay in view on a phone). Columns: Group, KPI, Status, Direction, Value, Previous, Change,
    Target, Tolerance band; values written as published ('44%', '94.5%'), Previous blank in a KPI's
    first period."""
    group_col = "group" if vocabulary == "achieved" else "group_tolerance"
    return pd.DataFrame({
        "Group": frame[group_col],
        "KPI": frame["short_name"],
        "Status": [status_words(s, a, vocabulary) for s, a in zip(frame["status_label"], frame["achieved_label"])],
        "Direction": [f"{a} {j}".strip() for a, j in zip(frame["arrow"], frame["judgement"])],
        "Value": [published_value(v, u) for v, u in zip(frame["value"], frame["unit"])],
        "Previous": ["" if pd.isna(v) else published_value(v, u) for v, u in zip(frame["previous_value"], frame["unit"])],
        "Change": frame["change"].map(change_text),
        "Target": [published_value(v, u) for v, u in zip(frame["target"], frame["unit"])],
        "Tolerance band": band_text(frame),
    })


def published_value(value: float, unit: str) -> str:
    """A KPI value as its return prints it, whole numbers without a decimal: '44%', '94.5%'."""
    if unit == "%":
        return formatting.percent(value, 0 if float(value).is_integer() else 1)
    return f"{formatting.half_up(value, 1):g}{unit}"


def _count(n: int, noun: str = "KPI") -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _names(frame: pd.DataFrame) -> str:
    names = frame["short_name"].tolist()
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _words(frame: pd.DataFrame, vocabulary: str) -> tuple[str, str]:
    if vocabulary == "tolerance" and not _banded(frame["status_label"]):
        return "outside tolerance", "on target or within tolerance"
    return "not achieved", "achieved"


def failing_words(frame: pd.DataFrame, vocabulary: str) -> str:
    """'Outside tolerance' in the tolerance words for tolerance KPIs, else 'Not achieved'."""
    return _words(frame, vocabulary)[0].capitalize()


def exceptions_headline(frame: pd.DataFrame, vocabulary: str = "achieved") -> str:
    """The exceptions in two sentences, e.g. at 2023-24 Q2: 'At 2023-24 Q2, 4 of 8 KPIs are not
    achieved and all 4 are worsening; none is improving. 4 are achieved, 3 of them worsening.'
    Ungraded values (between two bands) are counted apart."""
    period = frame["period"].iloc[0]
    failing = frame[frame["achieved_label"] == "Not achieved"]
    passing = frame[frame["achieved_label"] == "Achieved"]
    ungraded = int((frame["achieved_label"] == "Ungraded").sum())
    tail = f" {ungraded} {_is(ungraded)} ungraded: the value falls between two bands." if ungraded else ""
    fail_words, pass_words = _words(frame, vocabulary)
    if frame["previous_period"].isna().all():
        return (
            f"At {period}, {len(failing)} of {_count(len(frame))} {_is(len(failing))} {fail_words} and {len(passing)} "
            f"{_is(len(passing))} {pass_words}. This is the first published period, so there is no direction of travel." + tail
        )

    def slipping(rows: pd.DataFrame) -> str:
        worse = int((rows["judgement"] == "worsening").sum())
        if worse == len(rows) and worse > 1:
            return f" and all {worse} are worsening"
        if worse == len(rows):
            return " and it is worsening"
        return f", {worse} of them worsening" if worse else ", none of them worsening"

    if failing.empty:
        return f"At {period}, all {_count(len(passing))} graded are {pass_words}{slipping(passing)}." + tail if ungraded else (
            f"At {period}, all {_count(len(frame))} are {pass_words}{slipping(passing)}."
        )
    improving = failing[failing["judgement"] == "improving"]
    first = f"At {period}, {len(failing)} of {_count(len(frame))} {_is(len(failing))} {fail_words}{slipping(failing)}; "
    first += f"{len(improving)} {_is(len(improving))} improving ({_names(improving)})." if len(improving) else "none is improving."
    if passing.empty:
        return first + tail
    return first + f" {len(passing)} {_is(len(passing))} {pass_words}{slipping(passing)}." + tail


def status_title(frame: pd.DataFrame, vocabulary: str = "achieved") -> str:
    """A chart title from ``exceptions(period)``: '4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are
    achieved' or, in the tolerance words, '...are outside tolerance at 2023-24 Q2; 2 are on target'."""
    period = frame["period"].iloc[0]
    failing = int((frame["achieved_label"] == "Not achieved").sum())
    ungraded = int((frame["achieved_label"] == "Ungraded").sum())
    tail = f"; {ungraded} {_is(ungraded)} ungraded" if ungraded else ""
    if vocabulary == "achieved" or _banded(frame["status_label"]):
        passing = len(frame) - failing - ungraded
        return f"{failing} of {_count(len(frame))} {_is(failing)} not achieved at {period}; {passing} {_is(passing)} achieved" + tail
    on_target = int((frame["status_label"] == KpiStatus.ON_TARGET.label).sum())
    return f"{failing} of {_count(len(frame))} {_is(failing)} outside tolerance at {period}; {on_target} {_is(on_target)} on target"


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


# --- One KPI over time -----------------------------------------------------------------------------


def _period_row(kpi_id: str, period: str | None) -> tuple[str, pd.DataFrame]:
    """``period`` (default latest) and the KPI's assessed values up to it (its last may be earlier,
    when the KPI has no value at ``period``)."""
    frame = assessed_kpis()
    if kpi_id not in set(frame["kpi_id"]):
        if kpi_id not in set(db.query("kpi_options")["kpi_id"]):
            raise KeyError(f"no KPI {kpi_id!r}")
        raise NoKpiValues(f"No values are loaded for KPI {kpi_id!r}. " + missing_values_text())
    period, upto = _upto(frame, period)
    rows = upto[upto["kpi_id"] == kpi_id].reset_index(drop=True)
    if rows.empty:
        raise NoKpiValues(f"KPI {kpi_id!r} has no value up to {period}.")
    return period, rows


def synthetic_series(kpi_id: str, until: dt.date | None = None, basis: str | None = None) -> pd.DataFrame:
    """The KPI recomputed from the SYNTHETIC snapshots on its count basis (or ``basis``), up to
    ``until`` (a snapshot date). Empty for a KPI with no record-level rule or no records.

    Columns: kpi_id, snapshot_date, quarter_end (the day before the snapshot, so it sits beside
    the published period), basis, denominator, numerator (text; "c" when suppressed), value (NaN
    when suppressed), suppressed. A snapshot is suppressed when the numerator or the rest of the
    denominator is below 5, because the percentage and the denominator would give the count away."""
    frame = computed_kpis(basis)
    frame = frame[frame["kpi_id"] == kpi_id]
    if until is not None:
        frame = frame[frame["snapshot_date"] <= until]
    frame = frame.reset_index(drop=True)
    hidden = [any(suppress_mask([int(n), int(d) - int(n)])) for n, d in zip(frame["numerator"], frame["denominator"])]
    return pd.DataFrame({
        "kpi_id": frame["kpi_id"].astype(object),
        "snapshot_date": frame["snapshot_date"].astype(object),
        "quarter_end": pd.Series([d - dt.timedelta(days=1) for d in frame["snapshot_date"]], dtype=object),
        "basis": frame["basis"].astype(object) if "basis" in frame else basis,
        "denominator": pd.Series([SUPPRESSED if int(d) < THRESHOLD else f"{int(d)}" for d in frame["denominator"]], dtype=object),
        "numerator": pd.Series([SUPPRESSED if h else f"{int(n)}" for n, h in zip(frame["numerator"], hidden)], dtype=object),
        "value": pd.Series([float("nan") if h else float(v) for v, h in zip(frame["value"], hidden)], dtype=float),
        "suppressed": pd.Series(hidden, dtype=bool),
    })


AREA_TYPE_WORDS = {"la": "this authority", "neighbours": "statistical neighbours", "region": "region", "england": "England"}


def _pack_la_code() -> int | None:
    """The DfE code of the authority the store was built for, or None (a fictional authority, or
    a pack in use that is not the store's: then no national series is drawn rather than another's)."""
    from analytics import config

    try:
        cfg = config.load()
        pack = str(db.query("build_info")["pack"].iloc[0])
    except (config.ConfigError, IndexError, KeyError):
        return None
    return cfg.la_code if cfg.slug == pack else None


def national_benchmarks(kpi_id: str) -> pd.DataFrame:
    """DfE national series (``analytics.national.comparator_series``: the authority, its statistical
    neighbours' average, its region and England) for every DfE window that shares ages with the KPI's,
    labelled with DfE's ages where they differ. Same columns as ``benchmarks``; empty for an
    authority with no DfE code."""
    la_code = _pack_la_code()
    definition = db.query("kpi_definition", {"kpi_id": kpi_id})
    if la_code is None or definition.empty:
        return _empty_benchmarks()
    from analytics import national

    row = definition.iloc[0]
    frames = []
    for code, fit in national.kpi_comparators(str(row["measure"]), int(row["age_min"]), int(row["age_max"])):
        m = national.measure(code)
        # A window that only overlaps the KPI's (DfE 17-18 beside a 16-18 KPI) is still the nearest
        # official figure; its label names DfE's ages so no one reads it as the KPI's own.
        basis = "DfE annual birthday window" if fit == "exact" else f"DfE ages {m.age_min}-{m.age_max}, annual birthday window"
        try:
            series = national.comparator_series(la_code, code)
        except (national.NationalError, LookupError):
            continue
        series = series[series["value"].notna()]
        frames.append(pd.DataFrame({
            "area": series["area"], "area_type": series["area_type"], "year": series["year"].astype(int),
            "year_end": [dt.date(int(y), 3, 31) for y in series["year"]], "value": series["value"].astype(float),
            "unit": m.unit, "comparator_measure": code, "basis": basis,
            "source": series["source"], "long_basis": series["basis"],
        }))
    if not frames:
        return _empty_benchmarks()
    out = pd.concat(frames, ignore_index=True)
    out["label"] = [f"{a}, {b}" for a, b in zip(out["area"], out["basis"])]
    return out


def _empty_benchmarks() -> pd.DataFrame:
    return pd.DataFrame(columns=["area", "area_type", "year", "year_end", "value", "unit", "comparator_measure", "basis", "source", "label"])


def benchmarks(kpi_id: str, until: dt.date | None = None, *, national: bool = True) -> pd.DataFrame:
    """Every comparator for this KPI up to ``until`` (a period end): the pack's (comparators.csv: any
    number of named areas, each with its period and basis), then, for an authority with a DfE code,
    DfE's national series for every DfE age window that shares ages with the KPI's.

    Columns: area, area_type, year, year_end (the period end, or 31 March of a DfE year), value, unit,
    comparator_measure, basis, source, label ("England, all ages (LAIT)": area and basis, so a figure
    on another basis than the KPI's says so). Empty when there are none."""
    frame = db.query("kpi_benchmarks", {"kpi_id": kpi_id})
    frame["year_end"] = [pd.Timestamp(d).date() for d in frame["year_end"]]
    frame["label"] = [f"{area}, {basis}" if basis else str(area) for area, basis in zip(frame["area"], frame["basis"])]
    if national:
        extra = national_benchmarks(kpi_id)
        if not extra.empty:
            frame = pd.concat([frame, extra[frame.columns]], ignore_index=True)
    if until is not None:
        frame = frame[pd.Series([d <= until for d in frame["year_end"]], index=frame.index, dtype=bool)]
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class KpiTrend:
    """One KPI's chart: the published values with their grades (``published``: ``assessed_kpis`` rows
    up to ``period``), the synthetic recomputation (``synthetic_series``), the benchmarks
    (``benchmarks``), the threshold bands of a banded KPI (``scheme``), and the finding the
    chart's title states."""

    kpi_id: str
    short_name: str
    name: str
    unit: str
    polarity: str
    period: str
    target: float
    lower: float
    upper: float
    band_description: str
    published: pd.DataFrame
    synthetic: pd.DataFrame
    benchmarks: pd.DataFrame
    finding: str
    scheme: BandScheme | None = None
    gap_note: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Every series on the chart, for the CSV. Columns: series, date, period, value, status,
        direction, numerator, denominator."""
        published = pd.DataFrame({
            "series": "Published", "date": self.published["period_end"], "period": self.published["period"],
            "value": self.published["value"], "status": self.published["status_label"],
            "direction": [f"{a} {j}".strip() for a, j in zip(self.published["arrow"], self.published["judgement"])],
        })
        synthetic = pd.DataFrame({
            "series": SYNTHETIC_LABEL, "date": self.synthetic["quarter_end"],
            "value": self.synthetic["value"], "numerator": self.synthetic["numerator"], "denominator": self.synthetic["denominator"],
        })
        bench = pd.DataFrame({"series": self.benchmarks["label"], "date": self.benchmarks["year_end"], "value": self.benchmarks["value"]})
        columns = ["series", "date", "period", "value", "status", "direction", "numerator", "denominator"]
        parts = [p for p in (published, synthetic, bench) if not p.empty]
        return pd.concat(parts, ignore_index=True).reindex(columns=columns)


    def to_table(self) -> pd.DataFrame:
        """The chart's data as a reader sees it (its text alternative): Series, Period end, Value,
        Status, Direction, Counted (numerator of denominator), figures written as published."""
        u = self.unit
        published = pd.DataFrame({
            "Series": "Published", "Period end": [formatting.month(d) for d in self.published["period_end"]],
            "Value": [published_value(v, u) for v in self.published["value"]],
            "Status": self.published["status_label"],
            "Direction": [f"{a} {j}".strip() for a, j in zip(self.published["arrow"], self.published["judgement"])],
        })
        synthetic = pd.DataFrame({
            "Series": SYNTHETIC_LABEL, "Period end": [formatting.month(d) for d in self.synthetic["quarter_end"]],
            "Value": [SUPPRESSED if pd.isna(v) else formatting.percent(v) if u == "%" else f"{v:.1f}" for v in self.synthetic["value"]],
            "Counted": [f"{n} of {d}" for n, d in zip(self.synthetic["numerator"], self.synthetic["denominator"])],
        })
        bench = pd.DataFrame({
            "Series": self.benchmarks["label"], "Period end": [formatting.month(d) for d in self.benchmarks["year_end"]],
            "Value": [published_value(v, bu) for v, bu in zip(self.benchmarks["value"], self.benchmarks["unit"])],
        })
        parts = [p for p in (published, synthetic, bench) if not p.empty]
        return pd.concat(parts, ignore_index=True).reindex(columns=["Series", "Period end", "Value", "Status", "Direction", "Counted"]).astype(object).fillna("")


def _finding(rows: pd.DataFrame, scheme: BandScheme | None) -> str:
    last = rows.iloc[-1]
    label = str(last["status_label"])
    if scheme is not None:
        label = "ungraded (between two bands)" if last["achieved_label"] == "Ungraded" else f"graded {label}"
    return kpi_finding(
        str(last["short_name"]), rows["value"].tolist(), target=float(last["target"]), status_label=label,
        polarity=str(last["polarity"]), unit=str(last["unit"]),
        standard="target" if scheme is None else "threshold of its achieved bands",
    )


def kpi_trend(kpi_id: str, period: str | None = None) -> KpiTrend:
    """Everything the trend chart of ``kpi_id`` draws, as at ``period`` (default latest)."""
    period, rows = _period_row(kpi_id, period)
    last = rows.iloc[-1]
    scheme = gradings().get(last["grading"]) if isinstance(last["grading"], str) else None
    table = period_table().set_index("period")
    mine = [
        reporting_periods.Period(e, table.loc[p, "period_start"] or e, table.loc[p, "kind"] or "quarter", p)
        for p, e in zip(rows["period"], rows["period_end"])
    ]
    return KpiTrend(
        kpi_id=kpi_id, short_name=str(last["short_name"]), name=str(last["name"]), unit=str(last["unit"]),
        polarity=str(last["polarity"]), period=period, target=float(last["target"]), lower=float(last["lower"]),
        upper=float(last["upper"]), band_description=str(last["band_description"]), published=rows,
        synthetic=synthetic_series(kpi_id, last["snapshot_date"]), benchmarks=benchmarks(kpi_id, last["period_end"]),
        finding=_finding(rows, scheme), scheme=scheme, gap_note=reporting_periods.gap_sentence(mine),
    )


# How the limits of an SPC view are set: never recalculated (the default: Making Data Count rebases
# only from a known change, never automatically), recalculated where a sustained shift begins when
# the reader asks for that, or from a date (ISO) the reader picks.
REBASE_AT_SHIFT = "shift"
REBASE_NEVER = "never"


@dataclass(frozen=True)
class SpcView:
    """An XmR chart of one KPI's series up to ``period`` (the synthetic quarterly series, or the
    published values), or the reason there is none (``result`` None). ``frame`` is
    ``XmrResult.to_frame()`` with quarter_end added. With fewer than ``spc.MIN_POINTS_FOR_LIMITS``
    points, ``limits`` is False: the chart is a run chart and no verdict is given. ``rebase_note``
    says where and why the limits were recalculated (or why a chosen date could not be used)."""

    kpi_id: str
    short_name: str
    period: str
    unit: str
    result: spc.XmrResult | None
    frame: pd.DataFrame
    reason: str | None
    series_label: str = "synthetic quarterly series"
    rebase_note: str | None = None

    @property
    def points_word(self) -> str:
        words = {"quarterly": "quarters", "monthly": "months", "annual": "years"}
        return next((w for kind, w in words.items() if kind in self.series_label), "periods")

    @property
    def point_word(self) -> str:
        return self.points_word[:-1]

    @property
    def limits(self) -> bool:
        return self.result is not None and self.result.enough_for_limits

    @property
    def title(self) -> str:
        if self.result is None:
            return f"{self.short_name}: no SPC chart"
        if not self.limits:
            return (
                f"{self.short_name}, {self.series_label}: only {len(self.result.values)} {self.points_word}, too few for "
                f"process limits (a run chart)"
            )
        verdict = self.result.variation
        if self.result.assurance == "no assurance":
            verdict += f"; no assurance on the {self.result.target:g}{self.unit} target"
        elif self.result.assurance:
            verdict += f"; {self.result.assurance} the {self.result.target:g}{self.unit} target"
        return f"{self.short_name}, {self.series_label}: {verdict}"

    @property
    def finding(self) -> str:
        """The chart's finding in one sentence, for its text alternative."""
        if self.result is None:
            return self.reason or ""
        return self.title + "."

    @property
    def variation_text(self) -> str:
        r = self.result
        if r is None:
            return self.reason or ""
        if not self.limits:
            return (
                f"Only {len(r.values)} {self.points_word} up to {self.period}: an XmR chart needs at least "
                f"{spc.MIN_POINTS_FOR_LIMITS} before its process limits mean anything, so this is a run chart of the values "
                "against the target, with no limits and no verdict on variation or assurance yet."
            )
        last = r.signals[-1]
        if last.rule is None:
            return (
                f"Common cause variation: the latest {self.point_word} is within what this process usually produces, "
                "so there is no signal to act on by itself."
            )
        kind = {"improvement": "improvement", "concern": "concern", "neutral": "note (no better or worse direction)"}[last.kind]
        return f"Special cause variation, {kind}: the latest {self.point_word} {SPC_RULES[last.rule].replace('quarter', self.point_word)}."

    @property
    def assurance_text(self) -> str:
        r = self.result
        if r is None or not self.limits:
            return ""
        if r.assurance is None:
            return "No assurance verdict: there is no target, or no better direction, to judge against."
        u = self.unit
        target = f"the target ({formatting.percent(r.target, 0) if u == '%' else f'{r.target:g}{u}'})"
        limits = f"the process limits ({_spc_number(r.lower_limit, u)} to {_spc_number(r.upper_limit, u)})"
        latest = f"the latest {self.point_word} ({_spc_number(r.values[-1], u)})"
        if r.assurance == "no assurance":
            side = "above" if r.latest_outside > 0 else "below"
            return (
                f"No assurance: {latest} lies {side} {limits}, so the limits no longer describe what the process "
                f"produces; whether it will meet {target} is unknown until the new level is established (recalculate the "
                "limits from where it changed)."
            )
        if r.assurance == "hit and miss":
            return f"Hit and miss: {target} lies inside {limits}, so the process will sometimes meet it and sometimes not."
        where = f"{target} is {'above' if r.target > r.upper_limit else 'below'} {limits}"
        if r.assurance == "consistently failing":
            return f"Consistently failing: {where}, so the process will not meet it without a change to the system."
        return f"Consistently passing: {where}, so the process can be expected to meet it."

    @property
    def trial_note(self) -> str | None:
        if not self.limits:
            return None
        short = [s for s in self.result.segments if s.trial_limits]
        if not short:
            return None
        ends = list(self.frame["quarter_end"])
        parts = [
            f"from {formatting.month(ends[s.start])} rest on only {len(s)} {self.points_word}" for s in short
        ]
        return (
            f"Trial limits: the limits {' and '.join(parts)} (fewer than {spc.MIN_POINTS_FOR_FIRM_LIMITS}), so they will "
            f"move as more {self.points_word} arrive."
        )

    def to_table(self) -> pd.DataFrame:
        """The data drawn, with user-facing column names: Period end, Value, the point's reading, and
        its mean and process limits (blank in a run chart)."""
        if self.result is None:
            return pd.DataFrame()
        f, u = self.frame, self.unit
        readings = [
            "Common cause" if k == "common cause" else f"Special cause ({k}), rule {int(r)}"
            for k, r in zip(f["kind"], f["rule"].fillna(0))
        ]
        out = pd.DataFrame({
            "Period end": [formatting.month(d) for d in f["quarter_end"]],
            f"Value ({u})": [_spc_number(v, u) for v in f["value"]],
        })
        if self.limits:
            out["Reading"] = readings
            out[f"Mean ({u})"] = [_spc_number(v, u) for v in f["mean"]]
            out[f"Lower limit ({u})"] = [_spc_number(v, u) for v in f["lower_limit"]]
            out[f"Upper limit ({u})"] = [_spc_number(v, u) for v in f["upper_limit"]]
        return out


def _spc_number(value: float, unit: str) -> str:
    return formatting.percent(value) if unit == "%" else f"{formatting.half_up(value, 1):g}{unit}"


def spc_rebase_dates(period: str | None = None) -> list[dt.date]:
    """The dates an analyst may recalculate SPC limits from, up to ``period``: the period ends of the
    synthetic quarterly series (or, in a pack without records, of the published periods)."""
    period, frame = _upto(assessed_kpis(), period)
    ends = sorted(set(frame["snapshot_date"]))
    computed = computed_kpis()
    snapshots = sorted({d for d in computed["snapshot_date"] if d <= max(ends)}) if not computed.empty else []
    if snapshots:
        return [d - dt.timedelta(days=1) for d in snapshots]
    return sorted(set(frame["period_end"]))


def _rebase_position(dates: list[dt.date], values: list[float], rebase: str, words: str) -> tuple[tuple[int, ...], str | None]:
    """Where to recalculate the limits and the sentence saying so."""
    if rebase in (REBASE_NEVER, REBASE_AT_SHIFT):
        start = spc.sustained_shift(values)
        if start is None:
            return (), None
        side = "above" if values[-1] > sum(values) / len(values) else "below"
        if rebase == REBASE_NEVER:
            # The shift is a signal for the reader, who knows whether something changed then.
            return (), (
                f"A sustained shift: from {formatting.month(dates[start])} all {len(values) - start} {words} lie {side} the "
                "mean of the whole series. If it matches a known change (a new provider, rule or service), recalculate "
                "the limits from then to see the new level's limits."
            )
        return (start,), (
            f"Limits recalculated from {formatting.month(dates[start])}: from there all {len(values) - start} {words} lie "
            f"{side} the mean of the whole series, a sustained shift (a run of at least {spc.RUN_LENGTH}), so one set of "
            "limits would misdescribe both levels."
        )
    chosen = dt.date.fromisoformat(rebase)
    start = next((i for i, d in enumerate(dates) if d >= chosen), None)
    if start is None or start == 0:
        return (), f"Limits not recalculated: there is no {words[:-1]} after {formatting.month(chosen)} in this series to start from."
    if start < spc.MIN_SEGMENT_POINTS or len(values) - start < spc.MIN_SEGMENT_POINTS:
        return (), (
            f"Limits not recalculated from {formatting.month(chosen)}: each set of limits needs at least "
            f"{spc.MIN_SEGMENT_POINTS} {words}, and this leaves {start} before and {len(values) - start} after."
        )
    return (start,), f"Limits recalculated from {formatting.month(dates[start])}, as chosen."


def spc_view(kpi_id: str, period: str | None = None, rebase: str = REBASE_NEVER) -> SpcView:
    """Making Data Count XmR chart of the KPI up to ``period``: the synthetic series where there are
    records, else the published values themselves (a returned-only KPI, or a pack without records).
    ``rebase`` is ``REBASE_NEVER`` (one set of limits, and a note when a sustained shift is still
    running), ``REBASE_AT_SHIFT`` (recalculate them where that shift begins), or an ISO date to
    recalculate them from."""
    period, rows = _period_row(kpi_id, period)
    last = rows.iloc[-1]
    series = synthetic_series(kpi_id, last["snapshot_date"])
    base = dict(kpi_id=kpi_id, short_name=str(last["short_name"]), period=period, unit=str(last["unit"]))
    label = "synthetic quarterly series"
    if series.empty:
        kinds = set(period_table().set_index("period").loc[rows["period"], "kind"])
        label = "published series" if len(kinds) != 1 else f"published {KIND_WORDS.get(kinds.pop(), '')} series"
        series = pd.DataFrame({"quarter_end": rows["period_end"], "value": rows["value"], "suppressed": False})
    base["series_label"] = label
    if series["suppressed"].any():
        return SpcView(**base, result=None, frame=pd.DataFrame(), reason=(
            f"{int(series['suppressed'].sum())} quarter(s) rest on fewer than 5 care leavers and are suppressed; "
            "an XmR chart needs an unbroken series."
        ))
    if len(series) < 2:
        return SpcView(**base, result=None, frame=pd.DataFrame(), reason=(
            f"{base['short_name']} has only one value up to {period}: there is nothing to chart over time yet."
        ))
    values = series["value"].astype(float).tolist()
    dates = list(series["quarter_end"])
    words = SpcView(**base, result=None, frame=pd.DataFrame(), reason=None).points_word
    cuts, note = ((), None)
    if len(values) >= spc.MIN_POINTS_FOR_LIMITS:
        cuts, note = _rebase_position(dates, values, rebase, words)
    result = spc.xmr(values, target=float(last["target"]), improvement=SPC_IMPROVEMENT[str(last["polarity"])], rebase=cuts)
    frame = result.to_frame()
    frame.insert(0, "quarter_end", dates)
    return SpcView(**base, result=result, frame=frame, reason=None, rebase_note=note)


# --- One KPI's card --------------------------------------------------------------------------------

KIND_WORDS = {"month": "monthly", "quarter": "quarterly", "year": "annual"}
BASIS_WORDS = {
    "snapshot": "snapshot",
    "rolling_12_months": "rolling 12 months",
    "birthday_window": "birthday window",
}


@dataclass(frozen=True)
class KpiDefinition:
    """A row of kpi_definitions: what is counted, on what basis, from where and how late, and how
    it is graded."""

    kpi_id: str
    name: str
    short_name: str
    measure: str
    age_group: str
    unit: str
    polarity: str
    target: float
    tolerance_form: str
    tolerance_below: float
    tolerance_above: float
    numerator: str
    denominator: str
    basis: str
    data_source: str
    lag: str
    national_comparator: bool
    source: str
    age_min: int = 16
    age_max: int = 25
    grading: str | None = None
    count_basis: str = "snapshot"

    @property
    def polarity_sentence(self) -> str:
        return POLARITY_SENTENCES[self.polarity]

    @property
    def basis_sentence(self) -> str:
        """The count basis in words: age window, snapshot or rolling, birthday window or whole cohort."""
        ages = f"aged {self.age_min}" if self.age_min == self.age_max else f"aged {self.age_min} to {self.age_max}"
        return {
            "snapshot": f"every care leaver {ages} on the snapshot date after the period (a point-in-time snapshot of the whole cohort)",
            "rolling_12_months": f"every care leaver {ages} at each snapshot of the 12 months to the period, pooled (a rolling 12-month figure of the whole cohort)",
            "birthday_window": f"each care leaver once, around the birthday in the 12 months to the period that made them {ages.removeprefix('aged ')} (the DfE's birthday-window basis)",
        }[self.count_basis]

    def to_frame(self) -> pd.DataFrame:
        """The definition as two columns, Item and Definition, for a table and its CSV."""
        items = {
            "KPI": self.name, "Age group": self.age_group, "Numerator": self.numerator, "Denominator": self.denominator,
            "Basis": self.basis, "Counts": self.basis_sentence, "Data source": self.data_source, "Lag": self.lag,
            "Direction": self.polarity_sentence, "Record-level rule": "None: a returned value" if self.measure == "returned" else self.measure,
            "National comparator": "Yes" if self.national_comparator else "No", "Where the definition comes from": self.source,
        }
        return pd.DataFrame({"Item": list(items), "Definition": list(items.values())})


def kpi_definition(kpi_id: str) -> KpiDefinition:
    frame = db.query("kpi_definition", {"kpi_id": kpi_id})
    if frame.empty:
        raise KeyError(f"no KPI {kpi_id!r}")
    row = frame.iloc[0]
    numbers = ("target", "tolerance_below", "tolerance_above")
    values = {}
    for field in KpiDefinition.__dataclass_fields__:
        value = row[field]
        if field in numbers:
            values[field] = float(value)
        elif field in ("age_min", "age_max"):
            values[field] = int(value)
        elif field == "grading":
            values[field] = value if isinstance(value, str) else None
        else:
            values[field] = str(value)
    values["national_comparator"] = bool(row["national_comparator"])
    return KpiDefinition(**values)


def kpi_options() -> pd.DataFrame:
    """The KPIs with at least one value, in the pack's order. Columns: kpi_id, short_name, name,
    measure, values_loaded."""
    frame = db.query("kpi_options")
    return frame[frame["values_loaded"] > 0].reset_index(drop=True)


def unloaded_kpis() -> list[str]:
    """Short names of the pack's KPIs with no value loaded at all."""
    frame = db.query("kpi_options")
    return frame.loc[frame["values_loaded"] == 0, "short_name"].tolist()


def target_range_text(definition: KpiDefinition, band: Band, scheme: BandScheme | None = None) -> str:
    """The tolerance band (or threshold bands) in words, and what each grade means for this KPI."""
    u, t, lo, up = definition.unit, definition.target, band.lower, band.upper
    if scheme is not None:
        bands = "; ".join(f"**{b.name}** {b.range_text}{u}" + (" (achieved)" if b.achieved else "") for b in scheme.bands)
        return (
            f"Graded in {len(scheme.bands)} bands ({scheme.name}), worst first: {bands}. Only the bands marked achieved "
            f"count as Achieved. A value between two bands is shown as ungraded, never put in the nearer band."
        )
    opening = f"The target is {t:g}{u}, with a tolerance of {band.description}. "
    if definition.polarity == "higher":
        rule = (
            f"Because higher is better, {t:g}{u} or more is on target; from {lo:g}{u} up to {t:g}{u} is within tolerance "
            f"(still reported as Achieved); below {lo:g}{u} is outside tolerance (Not achieved)."
        )
    elif definition.polarity == "lower":
        rule = (
            f"Because lower is better, {t:g}{u} or less is on target; above {t:g}{u} up to {up:g}{u} is within tolerance "
            f"(still reported as Achieved); above {up:g}{u} is outside tolerance (Not achieved)."
        )
    else:
        rule = f"Anywhere from {lo:g}{u} to {up:g}{u} is on target; outside that range is outside tolerance (Not achieved)."
    return opening + rule


def benchmark_notes(definition: KpiDefinition, bench: pd.DataFrame, period: str | None = None) -> list[str]:
    """What this KPI can be compared with: the national comparator flag, the pack's comparators and
    DfE's (``bench``, its ``benchmarks``), and the gap to them in the period that ends their year."""
    period, rows = _period_row(definition.kpi_id, period)
    if definition.national_comparator:
        notes = [
            "The DfE publishes a national version of this measure from the SSDA903 return, so it can be set against "
            f"England and statistical neighbours (data source: {definition.data_source})."
        ]
    elif not bench.empty and bench["basis"].str.startswith("DfE").any():
        # The pack's flag says the KPI is not defined as DfE defines it, not that DfE has no figure for these ages.
        notes = [
            f"This KPI is defined locally ({definition.data_source}), not as the DfE defines its national measure; the DfE's "
            "annual figures for the nearest ages it publishes are below, so any gap to them is a guide, not a like-for-like comparison."
        ]
    else:
        notes = [
            f"There is no national version of this KPI: it is defined locally ({definition.data_source}), so any "
            "comparison with other authorities is indicative only."
        ]
    if bench.empty:
        notes.append("This authority's pack gives no comparator figures for this measure (add them to comparators.csv).")
        return notes
    quoted = "; ".join(
        f"{label}: " + ", ".join(f"{formatting.half_up(v, 1):g}{u} ({y})" for v, u, y in zip(g["value"], g["unit"], g["year"]))
        for label, g in bench.groupby("label", sort=False)
    )
    notes.append(f"Comparators, each on its own basis, which may differ from the KPI's ({definition.age_group}, {definition.basis.lower()}): {quoted}.")
    ends = dict(zip(rows["period_end"], zip(rows["period"], rows["value"])))
    matched = bench[bench["year_end"].isin(list(ends))]
    if matched.empty:
        notes.append(f"None of the comparator years ends on a published period up to {period}, so no gap is worked out.")
        return notes
    year_end = max(matched["year_end"])
    same = matched[matched["year_end"] == year_end]
    quarter, value = ends[year_end]
    # Areas name themselves unless two bases share an area (England on two bases): then the label does.
    names = same["area"] if same["area"].is_unique else same["label"]
    gaps = benchmark_gap(value, dict(zip(names, same["value"])))
    words = [
        f"{points(gap)} {'above' if gap > 0 else 'below'} {area} ({formatting.half_up(v, 1):g}{definition.unit})" if abs(gap) > 1e-9 else f"level with {area}"
        for (area, gap), v in zip(gaps.items(), same["value"])
    ]
    notes.append(
        f"At {quarter}, the period ending the comparators' {year_end.year} year, {definition.short_name} was {value:g}{definition.unit}: "
        + ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1] + ". The bases differ, so read the gap as a guide."
    )
    return notes


@dataclass(frozen=True)
class BasisFigure:
    """One measure on one count basis at one snapshot (value None when there are no records or
    too few to show)."""

    basis: str
    label: str
    value: float | None
    denominator: str
    snapshot_date: dt.date | None
    description: str


@dataclass(frozen=True)
class BasisComparison:
    """The KPI on its own basis beside another, and why the two differ."""

    own: BasisFigure
    other: BasisFigure
    explanation: str


def basis_comparison(kpi_id: str, period: str | None = None, other: str | None = None) -> BasisComparison | None:
    """The KPI computed from the records on its own count basis and on ``other`` (default: the
    birthday window, or the snapshot for a KPI that is already a birthday-window figure), at the
    snapshot standing for ``period``. None for a KPI with no record-level rule or no records."""
    definition = kpi_definition(kpi_id)
    if definition.measure == "returned":
        return None
    period, rows = _period_row(kpi_id, period)
    snapshot = rows.iloc[-1]["snapshot_date"]
    other = other or ("snapshot" if definition.count_basis == "birthday_window" else "birthday_window")
    figures = []
    for basis in (definition.count_basis, other):
        series = synthetic_series(kpi_id, snapshot, basis)
        at = series[series["snapshot_date"] == snapshot]
        if at.empty:
            return None
        row = at.iloc[0]
        value = None if row["suppressed"] else float(row["value"])
        as_basis = KpiDefinition(**{**definition.__dict__, "count_basis": basis})
        figures.append(BasisFigure(basis, BASIS_WORDS[basis].capitalize(), value, str(row["denominator"]), snapshot, as_basis.basis_sentence))
    own, alt = figures
    return BasisComparison(own, alt, _basis_explanation(definition, own, alt))


def _basis_explanation(definition: KpiDefinition, own: BasisFigure, other: BasisFigure) -> str:
    u = definition.unit
    if own.value is None or other.value is None:
        return "One of the two figures rests on fewer than 5 care leavers, so it is not shown and the two cannot be compared."
    gap = other.value - own.value
    size = "about the same" if abs(gap) < 0.5 else f"{points(gap)} {'higher' if gap > 0 else 'lower'}"
    reasons = {
        frozenset(("snapshot", "birthday_window")): (
            "the snapshot counts everyone in the age window on one day, including those who have been care leavers for "
            "years, while the birthday window counts each young person once, around the birthday that brings them into "
            "an age, over a whole year, so it is a different group counted at a different time"
        ),
        frozenset(("snapshot", "rolling_12_months")): (
            "the rolling figure pools the four quarterly snapshots of the year, so it smooths out a single quarter's rise or "
            "fall and moves later than the snapshot"
        ),
        frozenset(("rolling_12_months", "birthday_window")): (
            "the rolling figure pools everyone in the age window at each snapshot of the year, while the birthday window "
            "counts each young person once, around a birthday"
        ),
    }
    why = reasons.get(frozenset((own.basis, other.basis)), "the two bases count different people")
    return (
        f"Computed from the records on its own basis ({own.label.lower()}), {definition.short_name} comes to {own.value:.1f}{u}; "
        f"on the {other.label.lower()} basis it comes to {other.value:.1f}{u}, {size}. They differ because {why}. Both are computed "
        f"from the same synthetic records at {own.snapshot_date:%d %b %Y}."
    )


@dataclass(frozen=True)
class KpiCard:
    """Everything the KPI card shows for one KPI at one period; ``tile`` is None when the KPI has
    no value at that period (a gap), and the card then says so."""

    definition: KpiDefinition
    tile: KpiTile | None
    finding: str
    target_range: str
    benchmarking: list[str]
    benchmarks: pd.DataFrame
    scheme: BandScheme | None = None
    bases: BasisComparison | None = None


def kpi_card(kpi_id: str, period: str | None = None) -> KpiCard:
    definition = kpi_definition(kpi_id)
    trend = kpi_trend(kpi_id, period)
    tile = next((t for t in kpi_tiles(trend.period) if t.kpi_id == kpi_id), None)
    band = Band(trend.lower, trend.upper, trend.band_description)
    bench = benchmarks(kpi_id)
    return KpiCard(
        definition=definition, tile=tile, finding=trend.finding,
        target_range=target_range_text(definition, band, trend.scheme), benchmarking=benchmark_notes(definition, bench, trend.period),
        # A neighbours' average is a mean of ten (97.4444): to one decimal place, as every other figure.
        benchmarks=bench.assign(value=lambda f: [formatting.half_up(v, 1) for v in f["value"]]),
        scheme=trend.scheme, bases=basis_comparison(kpi_id, trend.period),
    )
