"""KPI status and direction of travel for each published KPI (Commissioning Plan Table 2).

The definitions (target, tolerance form, polarity) are data in the store; the rules are in
``analytics.kpi``. Example::

    >>> tiles = kpi_tiles()
    >>> [(t.kpi_id, t.status.label, t.direction.arrow) for t in tiles][0]
    ('kit', 'On target', '↓')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics import db, spc
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_mask
from analytics.findings import kpi_finding, points
from analytics.kpi import Band, Direction, KpiStatus, benchmark_gap, classify, direction_of_travel, tolerance_band

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
    """One exceptions heading: KPIs whose status is ``achieved`` (or not) and whose trend is one of
    ``trends`` ("worsening", "improving", or "steady" for no clear direction); each vocabulary has
    its own words for it."""

    order: int
    achieved: bool
    trends: tuple[str, ...]
    achieved_words: str
    tolerance_words: str

    def label(self, vocabulary: str) -> str:
        return self.achieved_words if vocabulary == "achieved" else self.tolerance_words


# In the order the leadership team asks: what is failing and getting worse, what is failing but
# recovering, then what is passing but slipping.
EXCEPTION_GROUPS = (
    ExceptionGroup(1, False, ("worsening",), "Not achieved and worsening", "Outside tolerance and worsening"),
    ExceptionGroup(2, False, ("steady",), "Not achieved, no clear direction", "Outside tolerance, no clear direction"),
    ExceptionGroup(3, False, ("improving",), "Not achieved but improving", "Outside tolerance but improving"),
    ExceptionGroup(4, True, ("worsening",), "Achieved but worsening", "On target or within tolerance but worsening"),
    ExceptionGroup(
        5, True, ("improving", "steady"), "Achieved and improving or steady", "On target or within tolerance, improving or steady"
    ),
)


def _trend(judgement: str) -> str:
    # "no change", "changed" (a plan KPI moved, neither better nor worse) and "no previous value"
    # (the first period) all leave the direction open.
    return judgement if judgement in ("worsening", "improving") else "steady"


def exception_group(achieved: bool, judgement: str) -> ExceptionGroup:
    trend = _trend(judgement)
    return next(g for g in EXCEPTION_GROUPS if g.achieved == achieved and trend in g.trends)


def status_words(status_label: str, achieved_label: str, vocabulary: str) -> str:
    return achieved_label if vocabulary == "achieved" else status_label


def assessed_kpis() -> pd.DataFrame:
    """Every published KPI value with its status and direction of travel: every cell of Table 2.

    One row per KPI and period, KPIs in Table 2's order, periods oldest first. Columns: kpi_id,
    name, short_name, measure, unit, polarity, period, period_end (date), snapshot_date (date),
    value, previous_period (None in the first period), previous_value and change (points; NaN in
    the first period), target, lower, upper, band_description, status (a ``KpiStatus`` value such
    as "outside_tolerance"), status_label, achieved_label, rag, arrow ("" in the first period),
    judgement.
    """
    frame = published_kpis()
    records = []
    for _, rows in frame.groupby("kpi_id", sort=False):
        previous_period, previous = None, None
        for _, row in rows.iterrows():
            band, status, direction = assess(row, previous)
            records.append({
                "kpi_id": row["kpi_id"], "name": row["name"], "short_name": row["short_name"], "measure": row["measure"],
                "unit": row["unit"], "polarity": row["polarity"], "period": row["period"],
                "period_end": pd.Timestamp(row["period_end"]).date(), "snapshot_date": pd.Timestamp(row["snapshot_date"]).date(),
                "value": float(row["value"]), "previous_period": previous_period,
                "previous_value": float("nan") if previous is None else previous,
                "change": float("nan") if direction.change is None else direction.change,
                "target": float(row["target"]), "lower": band.lower, "upper": band.upper, "band_description": band.description,
                "status": status.value, "status_label": status.label, "achieved_label": status.achieved_label, "rag": status.rag,
                "arrow": direction.arrow, "judgement": direction.judgement,
            })
            previous_period, previous = row["period"], float(row["value"])
    return pd.DataFrame.from_records(records)


def _upto(frame: pd.DataFrame, period: str | None) -> tuple[str, pd.DataFrame]:
    order = list(dict.fromkeys(frame["period"]))
    period = period or order[-1]
    if period not in order:
        raise KeyError(f"no published KPI values for period {period!r}")
    return period, frame[frame["period"].isin(order[: order.index(period) + 1])]


def target_text(target: float, lower: float, upper: float, unit: str = "%") -> str:
    """'85% (80–90)': the target and its tolerance band."""
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
    direction and change at ``period``. One row per KPI. Columns: KPI, Target (tolerance), one column per
    period (value), Status, Achieved, Direction (arrow and judgement), Change (text), kpi_id.

    2023-24 Q2, first row: Keeping in touch, '90% (85–95)', 96.5, 96.5, 95.5, 94.5,
    'On target', 'Achieved', '↓ worsening', '-1 point'."""
    period, frame = _upto(assessed_kpis(), period)
    values = frame.pivot(index="kpi_id", columns="period", values="value")
    records = []
    for _, row in frame[frame["period"] == period].iterrows():
        record = {"KPI": row["short_name"], "Target (tolerance)": target_text(row["target"], row["lower"], row["upper"], row["unit"])}
        record.update(values.loc[row["kpi_id"]].to_dict())
        record.update({
            "Status": row["status_label"], "Achieved": row["achieved_label"],
            "Direction": f"{row['arrow']} {row['judgement']}".strip(), "Change": change_text(row["change"]), "kpi_id": row["kpi_id"],
        })
        records.append(record)
    columns = ["KPI", "Target (tolerance)", *dict.fromkeys(frame["period"]), "Status", "Achieved", "Direction", "Change", "kpi_id"]
    return pd.DataFrame.from_records(records, columns=columns)


def table2_cells(period: str | None = None) -> pd.DataFrame:
    """The status and arrow of each cell of ``table2(period)``: ``assessed_kpis`` up to ``period``."""
    return _upto(assessed_kpis(), period)[1].reset_index(drop=True)


def exceptions(period: str | None = None) -> pd.DataFrame:
    """Each KPI at ``period`` sorted into ``EXCEPTION_GROUPS`` (status apart from trend).

    Columns: the ``assessed_kpis`` columns, then group_order, group (Achieved wording) and
    group_tolerance (tolerance wording); sorted by group, then Table 2's order."""
    period, frame = _upto(assessed_kpis(), period)
    out = frame[frame["period"] == period].reset_index(drop=True)
    groups = [exception_group(label == "Achieved", judgement) for label, judgement in zip(out["achieved_label"], out["judgement"])]
    out["group_order"] = [g.order for g in groups]
    out["group"] = [g.achieved_words for g in groups]
    out["group_tolerance"] = [g.tolerance_words for g in groups]
    return out.sort_values("group_order", kind="stable").reset_index(drop=True)


def exceptions_table(frame: pd.DataFrame, vocabulary: str) -> pd.DataFrame:
    """The exceptions as shown and downloaded. Columns: Group, KPI, Value (%), Previous (%),
    Change, Target (%), Tolerance band, Status, Direction."""
    group_col = "group" if vocabulary == "achieved" else "group_tolerance"
    return pd.DataFrame({
        "Group": frame[group_col],
        "KPI": frame["short_name"],
        "Value (%)": frame["value"],
        "Previous (%)": frame["previous_value"],
        "Change": frame["change"].map(change_text),
        "Target (%)": frame["target"],
        "Tolerance band": [f"{lo:g}–{up:g}" for lo, up in zip(frame["lower"], frame["upper"])],
        "Status": [status_words(s, a, vocabulary) for s, a in zip(frame["status_label"], frame["achieved_label"])],
        "Direction": [f"{a} {j}".strip() for a, j in zip(frame["arrow"], frame["judgement"])],
    })


def _count(n: int, noun: str = "KPI") -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _names(frame: pd.DataFrame) -> str:
    names = frame["short_name"].tolist()
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def exceptions_headline(frame: pd.DataFrame, vocabulary: str = "achieved") -> str:
    """The exceptions in two sentences, e.g. at 2023-24 Q2: 'At 2023-24 Q2, 4 of 8 KPIs are not
    achieved and all 4 are worsening; none is improving. 4 are achieved, 3 of them worsening.'"""
    period = frame["period"].iloc[0]
    failing = frame[frame["achieved_label"] == "Not achieved"]
    passing = frame[frame["achieved_label"] == "Achieved"]
    fail_words, pass_words = ("not achieved", "achieved")
    if vocabulary == "tolerance":
        fail_words, pass_words = ("outside tolerance", "on target or within tolerance")
    if frame["previous_period"].isna().all():
        return (
            f"At {period}, {len(failing)} of {_count(len(frame))} {_is(len(failing))} {fail_words} and {len(passing)} "
            f"{_is(len(passing))} {pass_words}. This is the first published period, so there is no direction of travel."
        )

    def slipping(rows: pd.DataFrame) -> str:
        worse = int((rows["judgement"] == "worsening").sum())
        if worse == len(rows) and worse > 1:
            return f" and all {worse} are worsening"
        if worse == len(rows):
            return " and it is worsening"
        return f", {worse} of them worsening" if worse else ", none of them worsening"

    if failing.empty:
        return f"At {period}, all {_count(len(frame))} are {pass_words}{slipping(passing)}."
    improving = failing[failing["judgement"] == "improving"]
    first = f"At {period}, {len(failing)} of {_count(len(frame))} {_is(len(failing))} {fail_words}{slipping(failing)}; "
    first += f"{len(improving)} {_is(len(improving))} improving ({_names(improving)})." if len(improving) else "none is improving."
    if passing.empty:
        return first
    return first + f" {len(passing)} {_is(len(passing))} {pass_words}{slipping(passing)}."


def status_title(frame: pd.DataFrame, vocabulary: str = "achieved") -> str:
    """A chart title from ``exceptions(period)``: '4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are
    achieved' or, in the tolerance words, '...are outside tolerance at 2023-24 Q2; 2 are on target'."""
    period = frame["period"].iloc[0]
    failing = int((frame["achieved_label"] == "Not achieved").sum())
    if vocabulary == "achieved":
        passing = len(frame) - failing
        return f"{failing} of {_count(len(frame))} {_is(failing)} not achieved at {period}; {passing} {_is(passing)} achieved"
    on_target = int((frame["status_label"] == KpiStatus.ON_TARGET.label).sum())
    return f"{failing} of {_count(len(frame))} {_is(failing)} outside tolerance at {period}; {on_target} {_is(on_target)} on target"


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


# --- One KPI over time -----------------------------------------------------------------------------


def _period_row(kpi_id: str, period: str | None) -> tuple[str, pd.DataFrame]:
    frame = assessed_kpis()
    if kpi_id not in set(frame["kpi_id"]):
        raise KeyError(f"no KPI {kpi_id!r}")
    period, upto = _upto(frame, period)
    return period, upto[upto["kpi_id"] == kpi_id].reset_index(drop=True)


def synthetic_series(kpi_id: str, until: dt.date | None = None) -> pd.DataFrame:
    """The KPI recomputed from the SYNTHETIC snapshots, quarterly, up to ``until`` (a snapshot date).

    Columns: kpi_id, snapshot_date, quarter_end (the day before the snapshot, so it sits beside
    the published quarter), denominator, numerator (text; "c" when suppressed), value (NaN when
    suppressed), suppressed. A quarter is suppressed when the numerator or the rest of the
    denominator is below 5, because the percentage and the denominator would give the count away."""
    frame = computed_kpis()
    frame = frame[frame["kpi_id"] == kpi_id]
    if until is not None:
        frame = frame[frame["snapshot_date"] <= until]
    frame = frame.reset_index(drop=True)
    hidden = [any(suppress_mask([int(n), int(d) - int(n)])) for n, d in zip(frame["numerator"], frame["denominator"])]
    return pd.DataFrame({
        "kpi_id": frame["kpi_id"],
        "snapshot_date": frame["snapshot_date"],
        "quarter_end": [d - dt.timedelta(days=1) for d in frame["snapshot_date"]],
        "denominator": [SUPPRESSED if int(d) < THRESHOLD else f"{int(d)}" for d in frame["denominator"]],
        "numerator": [SUPPRESSED if h else f"{int(n)}" for n, h in zip(frame["numerator"], hidden)],
        "value": [float("nan") if h else float(v) for v, h in zip(frame["value"], hidden)],
        "suppressed": hidden,
    })


def benchmarks(kpi_id: str, until: dt.date | None = None) -> pd.DataFrame:
    """Comparators quoted in the report for this KPI's measure, up to ``until`` (a period end).

    Columns: area, year, year_end (31 March of the year), value, unit, comparator_measure, source,
    label ("England, all ages (LAIT)"): they count care leavers of every age in the measure, not
    the KPI's age group, and the label says so. Empty when the report quotes none."""
    frame = db.query("kpi_benchmarks", {"kpi_id": kpi_id})
    frame["year_end"] = pd.to_datetime(frame["year_end"]).dt.date
    if until is not None:
        frame = frame[frame["year_end"] <= until].reset_index(drop=True)
    frame["label"] = [f"{area}, all ages (LAIT)" for area in frame["area"]]
    return frame


@dataclass(frozen=True)
class KpiTrend:
    """One KPI's chart: the published values with status (``published``: ``assessed_kpis`` rows up
    to ``period``), the synthetic recomputation (``synthetic_series``), the benchmarks
    (``benchmarks``), and the finding the chart's title states."""

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

    def to_frame(self) -> pd.DataFrame:
        """Every series on the chart, for the CSV. Columns: series, date, period, value, status,
        direction, numerator, denominator."""
        published = pd.DataFrame({
            "series": "Published (Table 2)", "date": self.published["period_end"], "period": self.published["period"],
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


def kpi_trend(kpi_id: str, period: str | None = None) -> KpiTrend:
    """Everything the trend chart of ``kpi_id`` draws, as at ``period`` (default latest)."""
    period, rows = _period_row(kpi_id, period)
    last = rows.iloc[-1]
    finding = kpi_finding(
        str(last["short_name"]), rows["value"].tolist(), target=float(last["target"]), status_label=str(last["status_label"]),
        polarity=str(last["polarity"]), unit=str(last["unit"]),
    )
    return KpiTrend(
        kpi_id=kpi_id, short_name=str(last["short_name"]), name=str(last["name"]), unit=str(last["unit"]),
        polarity=str(last["polarity"]), period=period, target=float(last["target"]), lower=float(last["lower"]),
        upper=float(last["upper"]), band_description=str(last["band_description"]), published=rows,
        synthetic=synthetic_series(kpi_id, last["snapshot_date"]), benchmarks=benchmarks(kpi_id, last["period_end"]),
        finding=finding,
    )


@dataclass(frozen=True)
class SpcView:
    """An XmR chart of the synthetic quarterly series of one KPI up to ``period``, or the reason
    there is none (``result`` None). ``frame`` is ``XmrResult.to_frame()`` with quarter_end added."""

    kpi_id: str
    short_name: str
    period: str
    unit: str
    result: spc.XmrResult | None
    frame: pd.DataFrame
    reason: str | None

    @property
    def title(self) -> str:
        if self.result is None:
            return f"{self.short_name}: no SPC chart"
        verdict = self.result.variation
        if self.result.assurance:
            verdict += f"; {self.result.assurance} the {self.result.target:g}{self.unit} target"
        return f"{self.short_name}, synthetic quarterly series: {verdict}"

    @property
    def variation_text(self) -> str:
        r = self.result
        if r is None:
            return self.reason or ""
        last = r.signals[-1]
        if last.rule is None:
            return (
                "Common cause variation: the latest quarter is within what this process usually produces, "
                "so there is no signal to act on by itself."
            )
        kind = {"improvement": "improvement", "concern": "concern", "neutral": "note (no better or worse direction)"}[last.kind]
        return f"Special cause variation, {kind}: the latest quarter {SPC_RULES[last.rule]}."

    @property
    def assurance_text(self) -> str:
        r = self.result
        if r is None:
            return ""
        if r.assurance is None:
            return "No assurance verdict: there is no target, or no better direction, to judge against."
        u = self.unit
        target = f"the target ({r.target:g}{u})"
        limits = f"the process limits ({r.lower_limit:.1f}{u} to {r.upper_limit:.1f}{u})"
        if r.assurance == "hit and miss":
            return f"Hit and miss: {target} lies inside {limits}, so the process will sometimes meet it and sometimes not."
        where = f"{target} is {'above' if r.target > r.upper_limit else 'below'} {limits}"
        if r.assurance == "consistently failing":
            return f"Consistently failing: {where}, so the process will not meet it without a change to the system."
        return f"Consistently passing: {where}, so the process can be expected to meet it."

    @property
    def trial_note(self) -> str | None:
        if self.result is None or not self.result.trial_limits:
            return None
        return (
            f"Trial limits: only {len(self.result.values)} quarters (fewer than {spc.MIN_POINTS_FOR_FIRM_LIMITS}), "
            "so the limits will move as more quarters arrive."
        )


def spc_view(kpi_id: str, period: str | None = None) -> SpcView:
    """Making Data Count XmR chart of the synthetic quarterly series up to ``period``'s snapshot."""
    period, rows = _period_row(kpi_id, period)
    last = rows.iloc[-1]
    series = synthetic_series(kpi_id, last["snapshot_date"])
    base = dict(kpi_id=kpi_id, short_name=str(last["short_name"]), period=period, unit=str(last["unit"]))
    if series["suppressed"].any():
        return SpcView(**base, result=None, frame=pd.DataFrame(), reason=(
            f"{int(series['suppressed'].sum())} quarter(s) rest on fewer than 5 care leavers and are suppressed; "
            "an XmR chart needs an unbroken series."
        ))
    if len(series) < 2:
        return SpcView(**base, result=None, frame=pd.DataFrame(), reason="An XmR chart needs at least 2 quarters.")
    result = spc.xmr(series["value"].tolist(), target=float(last["target"]), improvement=SPC_IMPROVEMENT[str(last["polarity"])])
    frame = result.to_frame()
    frame.insert(0, "quarter_end", series["quarter_end"])
    return SpcView(**base, result=result, frame=frame, reason=None)


# --- One KPI's card --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiDefinition:
    """A row of kpi_definitions: what is counted, on what basis, from where and how late."""

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

    @property
    def polarity_sentence(self) -> str:
        return POLARITY_SENTENCES[self.polarity]

    def to_frame(self) -> pd.DataFrame:
        """The definition as two columns, Item and Definition, for a table and its CSV."""
        items = {
            "KPI": self.name, "Age group": self.age_group, "Numerator": self.numerator, "Denominator": self.denominator,
            "Basis": self.basis, "Data source": self.data_source, "Lag": self.lag, "Direction": self.polarity_sentence,
            "National comparator": "Yes" if self.national_comparator else "No", "Where the definition comes from": self.source,
        }
        return pd.DataFrame({"Item": list(items), "Definition": list(items.values())})


def kpi_definition(kpi_id: str) -> KpiDefinition:
    frame = db.query("kpi_definition", {"kpi_id": kpi_id})
    if frame.empty:
        raise KeyError(f"no KPI {kpi_id!r}")
    row = frame.iloc[0]
    numbers = ("target", "tolerance_below", "tolerance_above")
    values = {field: float(row[field]) if field in numbers else str(row[field]) for field in KpiDefinition.__dataclass_fields__}
    values["national_comparator"] = bool(row["national_comparator"])
    return KpiDefinition(**values)


def kpi_options() -> pd.DataFrame:
    """The KPIs to choose from, in Table 2's order. Columns: kpi_id, short_name, name."""
    return published_kpis()[["kpi_id", "short_name", "name"]].drop_duplicates("kpi_id").reset_index(drop=True)


def target_range_text(definition: KpiDefinition, band: Band) -> str:
    """The tolerance band in words, and what each status means for this KPI."""
    u, t, lo, up = definition.unit, definition.target, band.lower, band.upper
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


def benchmark_notes(definition: KpiDefinition, period: str | None = None) -> list[str]:
    """What this KPI can be compared with: the national comparator flag, the benchmarks the report
    quotes, and the gap to them in the quarter that ends their year."""
    notes = []
    if definition.national_comparator:
        notes.append(
            "The DfE publishes a national version of this measure from the SSDA903 return, so it can be set against "
            f"England and statistical neighbours (data source: {definition.data_source})."
        )
    else:
        notes.append(
            f"There is no national version of this KPI: it is defined locally ({definition.data_source}), so any "
            "comparison with other authorities is indicative only."
        )
    period, rows = _period_row(definition.kpi_id, period)
    bench = benchmarks(definition.kpi_id)
    if bench.empty:
        notes.append("The Commissioning Plan quotes no benchmark figures for this measure.")
        return notes
    quoted = "; ".join(
        f"{area} " + ", ".join(f"{v:g}{u} ({y})" for v, u, y in zip(g["value"], g["unit"], g["year"]))
        for area, g in bench.groupby("area", sort=False)
    )
    notes.append(
        f"The report quotes these benchmarks, which count care leavers of every age rather than the KPI's age group "
        f"({definition.age_group}): {quoted} (LAIT)."
    )
    ends = dict(zip(rows["period_end"], zip(rows["period"], rows["value"])))
    matched = bench[bench["year_end"].isin(list(ends))]
    if matched.empty:
        notes.append(f"None of the benchmark years ends on a published quarter up to {period}, so no gap is worked out.")
        return notes
    year_end = max(matched["year_end"])
    same = matched[matched["year_end"] == year_end]
    quarter, value = ends[year_end]
    gaps = benchmark_gap(value, dict(zip(same["area"], same["value"])))
    words = [
        f"{points(gap)} {'above' if gap > 0 else 'below'} {area} ({v:g}{definition.unit})" if abs(gap) > 1e-9 else f"level with {area}"
        for (area, gap), v in zip(gaps.items(), same["value"])
    ]
    notes.append(
        f"At {quarter}, the quarter ending the benchmarks' {year_end.year} year, {definition.short_name} was {value:g}{definition.unit}: "
        + ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1] + ". The age groups differ, so read the gap as a guide."
    )
    return notes


@dataclass(frozen=True)
class KpiCard:
    """Everything the KPI card shows for one KPI at one period."""

    definition: KpiDefinition
    tile: KpiTile
    finding: str
    target_range: str
    benchmarking: list[str]
    benchmarks: pd.DataFrame


def kpi_card(kpi_id: str, period: str | None = None) -> KpiCard:
    definition = kpi_definition(kpi_id)
    tile = next(t for t in kpi_tiles(period) if t.kpi_id == kpi_id)
    return KpiCard(
        definition=definition, tile=tile, finding=kpi_trend(kpi_id, tile.period).finding,
        target_range=target_range_text(definition, tile.band), benchmarking=benchmark_notes(definition, tile.period),
        benchmarks=benchmarks(kpi_id),
    )
