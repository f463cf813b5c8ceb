"""Care-leaver outcomes from the record-level snapshots: education, employment and training (EET),
suitable accommodation, keeping in touch (KIT) and Pathway Plans.

Published evidence behind it: Commissioning Plan Table 2 ("LLCS KPI summary", section 2.4), the
provider's KPIs with their targets and tolerances and four published values (2020-21 Q4, 2021-22
Q4, 2022-23 Q4 and 2023-24 Q2), and the DfE care-leaver measures built on the SSDA903 OC3 return
(domain notes section 2) whose rules the KPIs follow:

- those who died or returned home for six months or more (IN_TOUCH ``DIED``, ``RHOM``) leave every
  denominator; "not known" stays in;
- EET is ACTIV ``F1 P1 F2 P2 F4 P4 F5 P5``; NEET is ``G4 G5 G6``;
- suitable accommodation is ACCOM ending in ``1``, and accommodation abroad, deported or not known
  (``G``, ``H``, ``R``) leaves the suitability denominator;
- Qualifying care leavers need no Pathway Plan, so they leave its denominator.

The KPIs and their age ranges (16-18, 19, 19-21 ...) are rows of ``kpi_definitions``, never ages
written here; each snapshot that stands for a published period is ``kpi_periods.snapshot_date``. The
benchmarks for a whole measure (in the reference pack, EET of all care leavers in 2023: England 56%,
statistical neighbours 58.5%, the authority 48%) are the pack's ``comparators`` rows (Commissioning
Plan 4.1 and footnote 8), any number of areas, each with its basis.

Every breakdown is shown through ``suppress_outcome`` or ``suppress_mix``: a count below 5 reads
``c``, and so does the next smallest where a total is shown.

Worked example (EET at 19-21 for 2023-24 Q2, as Table 2 prints it): at the snapshot standing for the
period, say 291 care leavers are aged 19 to 21 and 1 of them has died or returned home, so the
denominator is 290; if 145 of them have an EET activity the KPI is 145 / 290 = 50%, Table 2's value.
Against the 65% target (tolerance ±5 points) that is::

    >>> gap_phrase(50, 65)
    '15 points below the 65% target'
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from analytics import db
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_frame
from analytics.findings import count_phrase, points
from analytics.formatting import half_up, percent
from analytics.kpi import BANDED_FORM, UNGRADED_COLOUR, classify, direction_of_travel, status_grade, tolerance_band

# Table 2 prints an arrow for any movement of at least half a point.
ARROW_THRESHOLD = 0.5


@dataclass(frozen=True)
class MeasureWords:
    """How sentences and column headings speak about a measure."""

    predicate: str  # after "44% of 19 year olds ..."
    state: str  # after "the share of 19 year olds ..."
    numerator: str  # heading of the numerator column
    subject: str = ""  # narrows "19 year olds" to those the measure counts
    subject_predicate: str = ""  # the predicate after ``subject``, when it would repeat it

    def after_subject(self) -> str:
        return self.subject_predicate or self.predicate


MEASURES: dict[str, MeasureWords] = {
    "eet": MeasureWords("were in education, employment or training", "in education, employment or training", "In EET"),
    "neet": MeasureWords("were not in education, employment or training", "not in education, employment or training", "NEET"),
    "accommodation": MeasureWords("were in suitable accommodation", "in suitable accommodation", "In suitable accommodation"),
    "kit": MeasureWords("were in touch with the service", "in touch with the service", "In touch"),
    "pathway_plan": MeasureWords(
        "had an up-to-date Pathway Plan", "with one up to date", "Plan up to date", " who need a Pathway Plan", "had one up to date"
    ),
}


# Breakdown dimensions, in the order a page offers them; 'age_group' is the KPI's whole age group.
BREAKDOWNS: dict[str, str] = {
    "uasc": "Former UASC or not",
    "sex": "Sex",
    "disability": "Disability",
    "location": "In or out of county",
    "age": "Single year of age",
    "legal_status": "Legal status",
    "age_group": "Age group only",
}

_CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "uasc": {"Former UASC": "former UASC", "Not former UASC": "other care leavers"},
    "sex": {"Male": "young men", "Female": "young women"},
    "disability": {"Disabled": "disabled care leavers", "Not disabled": "those not disabled"},
    "location": {"In county": "those living in the county", "Out of county or not known": "those living out of county or unknown"},
}

# Mirrors the rule in outcome_by_group.sql: this legal status leaves the Pathway Plan denominator.
NO_PLAN_STATUS = "Qualifying"

OUTCOME_COLUMNS = [
    "kpi_id", "short_name", "age_group", "age_min", "age_max", "snapshot_date", "breakdown", "category",
    "numerator", "denominator", "excluded", "percent", "target", "lower", "upper", "polarity",
]


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _words(measure: str) -> MeasureWords:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    return MEASURES[measure]


def ages_phrase(age_min: int, age_max: int) -> str:
    """'19 year olds', '19–21 year olds'."""
    return f"{age_min} year olds" if age_min == age_max else f"{age_min}–{age_max} year olds"


def ages_label(age_min: int, age_max: int) -> str:
    """An axis label: 'Aged 19', 'Aged 19–21'."""
    return f"Aged {age_min}" if age_min == age_max else f"Aged {age_min}–{age_max}"


def _pct(value: float) -> str:
    """Every share in a sentence reads as on the tiles and the Overview: ``formatting.percent``."""
    return percent(value)


def shortfall(value: float, target: float, polarity: str, lower: float = math.nan, upper: float = math.nan) -> float:
    """How far ``value`` falls short of the target in points (negative when it does better): below
    target for higher-is-better, above it for lower-is-better, outside the band for a plan KPI."""
    if polarity == "lower":
        return value - target
    if polarity == "plan":
        return max(lower - value, value - upper, 0.0) if not math.isnan(lower) else abs(value - target)
    return target - value


def gap_phrase(value: float, target: float) -> str:
    """'15 points below the 65% target', '2 points above the 90% target', 'exactly at the 90% target'."""
    gap = value - target
    if abs(gap) < 1e-9:
        return f"exactly at the {target:g}% target"
    return f"{points(gap)} {'above' if gap > 0 else 'below'} the {target:g}% target"


# --- Definitions and snapshots -------------------------------------------------------------------


def snapshot_options() -> pd.DataFrame:
    """Every snapshot held, oldest first. Columns: snapshot_date (date), period (str: the Table 2
    period the snapshot stands for, '' for the rest)."""
    frame = db.query("outcome_snapshots")
    frame["snapshot_date"] = frame["snapshot_date"].map(_as_date)
    frame["period"] = frame["period"].fillna("").astype(str)
    return frame


def no_records_text() -> str:
    """What the outcome pages need when the store holds no record-level snapshots, and how to load them."""
    try:
        pack = str(db.query("build_info")["pack"].iloc[0])
    except (IndexError, KeyError):
        pack = "<your pack>"
    return (
        "These figures are worked out from record-level data (each care leaver's SSDA903 codes at each snapshot), and "
        "none is loaded for this authority. Load your SSDA903 returns or a cohort snapshot on the Data page (Load your own "
        f"data), or give the pack a [synthetic] section (config/authorities/{pack}/authority.toml) to build a synthetic "
        "cohort from its published evidence. The KPI pages show the published values meanwhile."
    )


def snapshot_label(snapshot_date: dt.date, period: str) -> str:
    """'01 Oct 2023 · published: 2023-24 Q2' for a published period, else '01 Jan 2024'."""
    return f"{snapshot_date:%d %b %Y}" + (f" · published: {period}" if period else "")


def _band(row: pd.Series) -> tuple[float, float, str]:
    if row["tolerance_form"] == BANDED_FORM:
        return math.nan, math.nan, f"graded in the bands of {row['grading']}"
    try:
        band = tolerance_band(row["target"], row["tolerance_form"], row["tolerance_below"], row["tolerance_above"])
    except ValueError:
        # A band set against the national figure needs that figure, which the store does not hold.
        return math.nan, math.nan, f"{row['tolerance_form']} tolerance"
    return band.lower, band.upper, band.description


def outcome_kpis(measure: str) -> pd.DataFrame:
    """The KPIs of one measure from ``kpi_definitions``, in Table 2's order.

    Columns: kpi_id, name, short_name, age_group, age_min (int), age_max (int), polarity, target,
    lower, upper (the tolerance band; NaN when it is set against a national figure), band (words),
    numerator_definition, denominator_definition, basis, data_source."""
    _words(measure)
    frame = db.query("outcome_kpis", {"measure": measure})
    bands = [_band(row) for _, row in frame.iterrows()]
    frame["lower"] = [b[0] for b in bands]
    frame["upper"] = [b[1] for b in bands]
    frame["band"] = [b[2] for b in bands]
    frame["grading"] = [g if isinstance(g, str) else None for g in frame["grading"]]
    for col in ("age_min", "age_max"):
        frame[col] = frame[col].astype(int)
    return frame[
        ["kpi_id", "name", "short_name", "age_group", "age_min", "age_max", "polarity", "target", "lower", "upper", "band",
         "grading", "numerator_definition", "denominator_definition", "basis", "data_source"]
    ]


def comparators(measure: str) -> pd.DataFrame:
    """The pack's comparators for the whole measure (``comparators.csv`` rows whose measure is named
    ``<measure>_<population>``, e.g. eet_care_leavers), any number of areas; empty when there are none.
    Comparators for one KPI only are drawn on that KPI's chart on the KPI pages.

    Columns: area, year (int: the year the figure ends in), date (its period end; 31 March of the
    year for DfE years), value (float, %), basis, label (str: area, year, basis and value), source."""
    _words(measure)
    frame = db.query("outcome_comparators", {"measure": measure})
    frame["year"] = frame["year"].astype(int)
    frame["date"] = [pd.Timestamp(d).date() for d in frame["date"]]
    frame["label"] = [
        f"{a} {y}, {b}: {v:g}%" if b else f"{a} {y}: {v:g}%"
        for a, y, b, v in zip(frame["area"], frame["year"], frame["basis"], frame["value"])
    ]
    return frame[["area", "year", "date", "value", "basis", "label", "source"]]


# --- A measure at a snapshot, by group, and over time ----------------------------------------------


def _counts(measure: str, snapshot_date: dt.date | None, breakdown: str) -> pd.DataFrame:
    _words(measure)
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}; expected one of {', '.join(BREAKDOWNS)}")
    frame = db.query("outcome_by_group", {"measure": measure, "snapshot_date": snapshot_date, "breakdown": breakdown})
    frame["snapshot_date"] = frame["snapshot_date"].map(_as_date)
    for col in ("numerator", "denominator", "excluded"):
        frame[col] = frame[col].astype(int)
    frame["percent"] = 100.0 * frame["numerator"] / frame["denominator"].where(frame["denominator"] > 0)
    frame["breakdown"] = breakdown
    kpis = outcome_kpis(measure)[["kpi_id", "short_name", "age_group", "age_min", "age_max", "target", "lower", "upper", "polarity"]]
    return frame.merge(kpis, on="kpi_id", how="left")[OUTCOME_COLUMNS]


def outcome_by_group(measure: str, snapshot_date: dt.date, breakdown: str = "age_group") -> pd.DataFrame:
    """Each KPI of ``measure`` at one snapshot, split by ``breakdown`` (a key of ``BREAKDOWNS``).

    One row per KPI and category, zero counts included; within a KPI the categories' numerators and
    denominators add up to the KPI's. Columns: kpi_id, short_name, age_group, age_min, age_max,
    snapshot_date (date), breakdown, category ('All' for age_group), numerator (int), denominator
    (int), excluded (int: in the age range but left out of the denominator by the DfE rules),
    percent (float, NaN with no denominator), target, lower, upper, polarity."""
    return _counts(measure, snapshot_date, breakdown)


def outcome_trend(measure: str) -> pd.DataFrame:
    """Each KPI of ``measure`` at every snapshot, beside the published Table 2 value at the snapshot
    that stands for its period.

    Columns: those of ``outcome_by_group`` (category 'All'), then period (str, '' where nothing is
    published), published (float, NaN where nothing is published), difference (percent minus
    published, in points)."""
    frame = _counts(measure, None, "age_group")
    published = db.query("outcome_published", {"measure": measure})
    published["snapshot_date"] = published["snapshot_date"].map(_as_date)
    out = frame.merge(published[["kpi_id", "snapshot_date", "period", "published"]], on=["kpi_id", "snapshot_date"], how="left")
    out["period"] = out["period"].fillna("").astype(str)
    out["published"] = out["published"].astype(float)
    out["difference"] = out["percent"] - out["published"]
    return out


def _status(value: float, row: pd.Series, schemes: dict) -> tuple[str, str, str, bool | None]:
    """(label, rag, colour, achieved) in the KPI's own scheme: tolerance words, or its bands' names
    (a value between two bands is ungraded, never put in the nearer one)."""
    grading = row.get("grading")
    if isinstance(grading, str) and grading:
        grade = schemes[grading].grade(value)
        return grade.label, grade.rag, grade.colour, grade.achieved
    try:
        if math.isnan(row["lower"]):
            status = classify(value, row["target"], polarity=row["polarity"])
        else:
            status = classify(value, row["target"], polarity=row["polarity"], lower=row["lower"], upper=row["upper"])
    except ValueError:
        return "Not assessed", "", UNGRADED_COLOUR, None
    grade = status_grade(status)
    return grade.label, grade.rag, grade.colour, grade.achieved


def outcome_summary(measure: str, snapshot_date: dt.date) -> pd.DataFrame:
    """One row per KPI of ``measure`` at ``snapshot_date``: the value, its status against the target
    and tolerance band (``analytics.kpi.classify``) and its movement since the previous snapshot.

    Columns: those of ``outcome_trend``, then status (str: 'On target', 'Within tolerance', 'Outside
    tolerance', or a band's name for a banded KPI), rag (str: green/amber/red, "" for a band),
    colour (hex, "" when not assessed), achieved (True, False or None when ungraded), previous_date
    (date or None), previous_percent (float), arrow (str), judgement (str)."""
    from analytics.performance import gradings

    schemes = gradings()
    graded_by = dict(zip(*outcome_kpis(measure)[["kpi_id", "grading"]].T.to_numpy()))
    trend = outcome_trend(measure)
    rows = []
    for kpi_id, series in trend.groupby("kpi_id", sort=False):
        series = series.reset_index(drop=True)
        at = series.index[series["snapshot_date"] == snapshot_date]
        if at.empty:
            continue
        row = series.loc[at[0]].copy()
        row["grading"] = graded_by.get(kpi_id)
        previous = series.loc[at[0] - 1] if at[0] > 0 else None
        value = float(row["percent"])
        if math.isnan(value):
            row["status"], row["rag"], row["arrow"], row["judgement"] = "No one counted", "", "", ""
            row["colour"], row["achieved"] = "", None
        else:
            row["status"], row["rag"], row["colour"], row["achieved"] = _status(value, row, schemes)
            prior = None if previous is None or math.isnan(previous["percent"]) else float(previous["percent"])
            direction = direction_of_travel(prior, value, polarity=row["polarity"], threshold=ARROW_THRESHOLD)
            row["arrow"], row["judgement"] = direction.arrow, direction.judgement
        row["previous_date"] = None if previous is None else previous["snapshot_date"]
        row["previous_percent"] = math.nan if previous is None else float(previous["percent"])
        rows.append(row)
    return pd.DataFrame(rows).reset_index(drop=True)


# --- Disclosure control -------------------------------------------------------------------------


def suppress_outcome(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of ``outcome_by_group`` / ``outcome_trend`` / ``outcome_summary`` shape, safe to show.

    Rows with no one in the denominator are dropped: there is nothing to show, and a structural zero
    protects no one, so it must not stand in for a second suppressed cell.

    Within each KPI at each snapshot the categories' numerators add up to the KPI's numerator, and
    the rest (denominator minus numerator) to its rest, both of which are shown elsewhere; the same
    for denominators. A numerator or rest below 5 hides the numerator and percentage (the other could
    be worked back from them), a denominator below 5 hides all three, and in each case the next
    smallest in the KPI is hidden too (``analytics.disclosure.suppress_frame``). numerator,
    denominator and percent become text columns where ``c`` can stand; ``suppressed`` says whose
    numerator and percent are hidden, ``denominator_suppressed`` whose denominator."""
    by = ["kpi_id", "snapshot_date"]
    frame = frame[frame["denominator"] > 0].reset_index(drop=True)
    counts = frame.assign(rest=frame["denominator"] - frame["numerator"])
    numerator_hidden = suppress_frame(counts, "numerator", by=by)["suppressed"]
    rest_hidden = suppress_frame(counts, "rest", by=by)["suppressed"]
    denominator_hidden = suppress_frame(counts, "denominator", by=by)["suppressed"]
    hidden = numerator_hidden | rest_hidden | denominator_hidden
    out = frame.copy()
    for col, mask in (("numerator", hidden), ("percent", hidden), ("denominator", denominator_hidden)):
        out[col] = [SUPPRESSED if h else v for v, h in zip(frame[col], mask)]
        out[col] = out[col].astype(object)
    out["suppressed"] = hidden.to_numpy()
    out["denominator_suppressed"] = denominator_hidden.to_numpy()
    return out


def visible_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``suppress_outcome`` frame that are shown, with numbers as numbers again."""
    rows = shown[~shown["suppressed"]].copy()
    for col in ("numerator", "denominator"):
        rows[col] = rows[col].astype(int)
    rows["percent"] = rows["percent"].astype(float)
    return rows


def outcome_table(shown: pd.DataFrame, measure: str) -> pd.DataFrame:
    """A suppressed outcome frame as the table a page shows and downloads.

    Columns: Snapshot, Age group, the breakdown's label (absent for age_group), the measure's
    numerator heading (e.g. 'In EET'), Care leavers counted, the numerator heading in per cent (e.g.
    'In EET (%)'), Target (%), Published period and
    Published (%) when the frame has them."""
    words = _words(measure)
    breakdown = str(shown["breakdown"].iloc[0]) if len(shown) else "age_group"
    table = pd.DataFrame(
        {
            "Snapshot": [f"{d:%d %b %Y}" for d in shown["snapshot_date"]],
            "Age group": [ages_label(a, b) for a, b in zip(shown["age_min"], shown["age_max"])],
        }
    )
    if breakdown != "age_group":
        table[BREAKDOWNS[breakdown]] = shown["category"].to_numpy()
    table[words.numerator] = [str(v) if v == SUPPRESSED else f"{int(v):,}" for v in shown["numerator"]]
    table["Care leavers counted"] = [str(v) if v == SUPPRESSED else f"{int(v):,}" for v in shown["denominator"]]
    table[f"{words.numerator} (%)"] = [v if v == SUPPRESSED else "" if pd.isna(v) else f"{half_up(float(v), 1):.1f}" for v in shown["percent"]]
    table["Target (%)"] = [f"{t:g}" for t in shown["target"]]
    if "published" in shown.columns:
        table["Published period"] = shown["period"].to_numpy()
        table["Published (%)"] = ["" if pd.isna(v) else f"{v:g}" for v in shown["published"]]
    return table


# --- Mixes at a snapshot --------------------------------------------------------------------------


def _share(frame: pd.DataFrame, base: pd.Series | None = None) -> pd.Series:
    total = frame["care_leavers"].sum() if base is None else base.sum()
    return 100.0 * frame["care_leavers"] / total if total else frame["care_leavers"] * 0.0


def activity_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    """Main activity (ACTIV) of care leavers aged ``age_min`` to ``age_max`` at the snapshot, in the
    DfE's groups, every group listed; those who died or returned home are left out as in the EET KPI,
    so the EET rows add up to its numerator.

    Columns: activity, codes (ACTIV codes), eet (bool), phrase (for sentences), care_leavers (int),
    percent (float, of all counted)."""
    frame = db.query("activity_mix", {"snapshot_date": snapshot_date, "age_min": int(age_min), "age_max": int(age_max)})
    frame["care_leavers"] = frame["care_leavers"].astype(int)
    frame["eet"] = frame["eet"].astype(bool)
    frame["percent"] = _share(frame)
    return frame[["activity", "codes", "eet", "phrase", "care_leavers", "percent"]]


def accommodation_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    """Accommodation (ACCOM) of care leavers aged ``age_min`` to ``age_max`` at the snapshot, by type
    in plain words and suitability; one row per type and suitability that occurs.

    Columns: letter, accommodation, phrase (for sentences), suitability ('Suitable', 'Unsuitable',
    'Not recorded'), in_suitability_denominator (bool: False for abroad, deported, not known),
    care_leavers (int), percent (float, of all counted)."""
    frame = db.query("accommodation_mix", {"snapshot_date": snapshot_date, "age_min": int(age_min), "age_max": int(age_max)})
    frame["care_leavers"] = frame["care_leavers"].astype(int)
    frame["in_suitability_denominator"] = frame["in_suitability_denominator"].astype(bool)
    frame["percent"] = _share(frame)
    return frame[["letter", "accommodation", "phrase", "suitability", "in_suitability_denominator", "care_leavers", "percent"]]


def kit_mix(snapshot_date: dt.date, age_min: int, age_max: int) -> pd.DataFrame:
    """Contact (IN_TOUCH) with everyone aged ``age_min`` to ``age_max`` at the snapshot, every code
    listed in plain words.

    Columns: in_touch (code), description, in_denominator (bool: False for DIED, RHOM, which the KIT
    KPI leaves out), care_leavers (int), percent (float, of everyone in the age range)."""
    frame = db.query("kit_mix", {"snapshot_date": snapshot_date, "age_min": int(age_min), "age_max": int(age_max)})
    frame["care_leavers"] = frame["care_leavers"].astype(int)
    frame["in_denominator"] = frame["in_denominator"].astype(bool)
    frame["percent"] = _share(frame)
    return frame[["in_touch", "description", "in_denominator", "care_leavers", "percent"]]


def suppress_mix(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """A mix with counts below 5 (and their shares) read ``c``. ``by`` names the column whose groups
    add up to a figure shown elsewhere (the EET rows to the KPI's numerator, for example), so the
    next smallest is hidden within that group. Since that total is shown, what is hidden in a group
    must add up to 0 or at least 5 (else the total less what is shown gives it away, as 13 in touch
    beside 14 counted gives away the 1 who is not): the smallest shown counts are hidden until it
    does. Adds a ``suppressed`` column."""
    hidden = suppress_frame(frame, "care_leavers", by=[by])["suppressed"].copy()
    for _, idx in frame.groupby(by, sort=False).groups.items():
        counts = frame.loc[idx, "care_leavers"]
        while 0 < counts[hidden[idx]].sum() < THRESHOLD and not hidden[idx].all():
            hidden[counts[~hidden[idx]].idxmin()] = True
    out = frame.copy()
    for col in ("care_leavers", "percent"):
        out[col] = pd.Series([SUPPRESSED if h else v for v, h in zip(frame[col], hidden)], index=frame.index, dtype=object)
    out["suppressed"] = hidden.to_numpy()
    return out


def mix_table(shown: pd.DataFrame, label_col: str, label: str, snapshot_date: dt.date, ages: str, extra: dict[str, str] | None = None) -> pd.DataFrame:
    """A suppressed mix as a table to show and download: Snapshot, Ages, ``label``, any ``extra``
    columns (source column -> heading), Care leavers, Share (%)."""
    table = pd.DataFrame({"Snapshot": f"{snapshot_date:%d %b %Y}", "Ages": ages, label: shown[label_col].to_numpy()}, index=shown.index)
    for col, heading in (extra or {}).items():
        table[heading] = shown[col].to_numpy()
    table["Care leavers"] = [str(v) if v == SUPPRESSED else f"{int(v):,}" for v in shown["care_leavers"]]
    table["Share (%)"] = [v if v == SUPPRESSED else f"{half_up(float(v), 1):.1f}" for v in shown["percent"]]
    return table.reset_index(drop=True)


def pathway_by_status(snapshot_date: dt.date) -> pd.DataFrame:
    """Pathway Plans up to date by legal status, for each Pathway Plan KPI, at the snapshot.

    Columns: those of ``outcome_by_group`` (category: the legal status), plus plan_needed (bool:
    False for Qualifying care leavers, who need no plan and are counted in ``excluded``)."""
    frame = outcome_by_group("pathway_plan", snapshot_date, "legal_status")
    frame["plan_needed"] = frame["category"] != NO_PLAN_STATUS
    return frame


def suppress_pathway(frame: pd.DataFrame) -> pd.DataFrame:
    """``pathway_by_status`` safe to show: the statuses that need a plan, suppressed as
    ``suppress_outcome`` does."""
    return suppress_outcome(frame[frame["plan_needed"]].reset_index(drop=True))


# --- Findings -------------------------------------------------------------------------------------


def _status_counts(statuses: list[str]) -> str:
    """'all 3 age groups were outside tolerance', '1 age group was outside tolerance and 2 within
    tolerance': the statuses in the words of the KPI's own grading, as its tiles show them."""
    counts = dict.fromkeys(statuses, 0)
    for status in statuses:
        counts[status] += 1
    words = [(n, status[0].lower() + status[1:]) for status, n in counts.items()]
    if len(words) == 1:
        n, status = words[0]
        return f"all {n} age groups were {status}"
    parts = [f"{n} age group{'' if n == 1 else 's'} {'was' if n == 1 else 'were'} {status}" if i == 0 else f"{n} {status}"
             for i, (n, status) in enumerate(words)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def summary_finding(summary: pd.DataFrame, measure: str) -> str:
    """The title over a measure's age groups (``outcome_summary`` output): the group furthest from
    its target, then each status in the grading's own words, so the title says what the tiles say.
    '43.9% of 16–18 year olds were in education, employment or training at Oct 2023, 41.1 points
    below the 85% target; all 3 age groups were outside tolerance'."""
    words = _words(measure)
    visible = visible_rows(suppress_outcome(summary))
    if visible.empty:
        return f"Too few care leavers to report who {words.predicate}"
    rounded = [half_up(v, 1) for v in visible["percent"]]
    short = [shortfall(v, t, p, lo, up) for v, t, p, lo, up in zip(rounded, visible["target"], visible["polarity"], visible["lower"], visible["upper"])]
    at = max(range(len(short)), key=lambda i: short[i])
    worst = visible.iloc[at]
    text = (
        f"{_pct(worst['percent'])} of {ages_phrase(worst['age_min'], worst['age_max'])}{words.subject} {words.after_subject()} at "
        f"{worst['snapshot_date']:%b %Y}, {gap_phrase(rounded[at], worst['target'])}"
    )
    if len(visible) > 1 and "status" in visible.columns:
        text += "; " + _status_counts(list(visible["status"]))
    return text


def _category_phrase(breakdown: str, category: str) -> str:
    if breakdown == "age":
        return f"{category} year olds"
    if breakdown == "legal_status":
        return f"{category} care leavers"
    return _CATEGORY_WORDS.get(breakdown, {}).get(category, category)


def breakdown_finding(frame: pd.DataFrame, measure: str) -> str:
    """The title over a breakdown: the widest gap between two groups within any KPI, never quoting
    a suppressed cell. 'Among 16–18 year olds, 68% of former UASC were in education, employment or
    training at Oct 2023, against 32% of other care leavers'."""
    words = _words(measure)
    breakdown = str(frame["breakdown"].iloc[0])
    if breakdown == "age_group":
        return summary_finding(frame, measure)
    best = None
    for _, rows in visible_rows(suppress_outcome(frame)).groupby("kpi_id", sort=False):
        if len(rows) < 2:
            continue
        high, low = rows.loc[rows["percent"].idxmax()], rows.loc[rows["percent"].idxmin()]
        gap = half_up(high["percent"], 1) - half_up(low["percent"], 1)
        if best is None or gap > best[0]:
            best = (gap, high, low)
    if best is None:
        label = BREAKDOWNS[breakdown]
        return f"Some groups are too small to compare by {label[0].lower()}{label[1:]} without risk of identifying anyone"
    gap, high, low = best
    ages = ages_phrase(high["age_min"], high["age_max"])
    if gap == 0:
        return f"Among {ages}, about the same share of each group ({_pct(high['percent'])}) {words.predicate} at {high['snapshot_date']:%b %Y}"
    return (
        f"Among {ages}, {_pct(high['percent'])} of {_category_phrase(breakdown, high['category'])} {words.predicate} at "
        f"{high['snapshot_date']:%b %Y}, against {_pct(low['percent'])} of {_category_phrase(breakdown, low['category'])}"
    )


def trend_finding(trend: pd.DataFrame, measure: str) -> str:
    """The title over one KPI's trend: where it started and ended, and how closely the snapshots
    reproduce the published Table 2 values. ``trend`` is ``outcome_trend`` for one KPI."""
    words = _words(measure)
    visible = visible_rows(suppress_outcome(trend))
    first = trend.iloc[0]
    ages = ages_phrase(first["age_min"], first["age_max"]) + words.subject
    if visible.empty:
        return f"Too few {ages} to show a trend"
    start, end = visible.iloc[0], visible.iloc[-1]
    begin, finish = half_up(start["percent"], 1), half_up(end["percent"], 1)
    verb = "rose" if finish > begin else "fell" if finish < begin else "held"
    share = f"{_pct(begin)} to {_pct(finish)}" if verb != "held" else _pct(finish)
    text = (
        f"The share of {ages} {words.state} {verb} {'from ' if verb != 'held' else 'at '}{share} between "
        f"{start['snapshot_date']:%b %Y} and {end['snapshot_date']:%b %Y}"
    )
    compared = visible.dropna(subset=["published"])
    if not compared.empty:
        worst = float(compared["difference"].abs().max())
        values = "the published value" if len(compared) == 1 else f"all {len(compared)} published values"
        if worst < 1:
            text += f"; the snapshots reproduce {values} to within 1 point"
        else:
            text += f"; the snapshots differ from {values.replace('all ', 'the ')} by up to {points(worst)}"
    return text


def activity_finding(mix: pd.DataFrame, snapshot_date: dt.date, age_min: int, age_max: int) -> str:
    """'The largest group: 33% of 19–21 year olds were NEET for other reasons at Oct 2023'."""
    shown = suppress_mix(mix, "eet")
    visible = mix[~shown["suppressed"].to_numpy()]
    ages = ages_phrase(age_min, age_max)
    if visible.empty or mix["care_leavers"].sum() == 0:
        return f"Too few {ages} at {snapshot_date:%b %Y} to show what they were doing"
    top = visible.loc[visible["care_leavers"].idxmax()]
    return f"The largest group: {_pct(top['percent'])} of {ages} {top['phrase']} at {snapshot_date:%b %Y}"


def accommodation_finding(mix: pd.DataFrame, snapshot_date: dt.date, age_min: int, age_max: int) -> str:
    """The largest shown group by type and suitability, and how many were in accommodation judged
    unsuitable (a total the KPI already gives away: its denominator less its numerator and those not
    recorded). A type's total is never quoted, since it could reveal a suppressed cell within it."""
    shown = suppress_mix(mix, "suitability")
    visible = mix[~shown["suppressed"].to_numpy()]
    ages = ages_phrase(age_min, age_max)
    if visible.empty:
        return f"Too few {ages} at {snapshot_date:%b %Y} to show where they lived"
    top = visible.loc[visible["care_leavers"].idxmax()]
    judged = "suitability not recorded" if top["suitability"] == "Not recorded" else f"judged {top['suitability'].lower()}"
    unsuitable = int(mix.loc[mix["suitability"] == "Unsuitable", "care_leavers"].sum())
    return (
        f"The largest group: {_pct(top['percent'])} of {ages} {top['phrase']} ({judged}) at {snapshot_date:%b %Y}; "
        f"{count_phrase(unsuitable, 'were')} in accommodation judged unsuitable"
    )


def kit_finding(mix: pd.DataFrame, snapshot_date: dt.date, age_min: int, age_max: int) -> str:
    """The share in touch among those the KPI counts, and the largest group of the rest."""
    ages = ages_phrase(age_min, age_max)
    counted = mix[mix["in_denominator"]]
    total = int(counted["care_leavers"].sum())
    if total < THRESHOLD:
        return f"Too few {ages} at {snapshot_date:%b %Y} to report contact"
    yes = counted.iloc[0]
    shown = suppress_mix(mix, "in_denominator")
    if shown.loc[counted.index[0], "suppressed"]:
        return f"Contact with {ages} at {snapshot_date:%b %Y} is not shown: the numbers are small enough to identify someone"
    text = f"The service was in touch with {_pct(100.0 * yes['care_leavers'] / total)} of {ages} at {snapshot_date:%b %Y}"
    others = mix[mix["in_denominator"] & ~shown["suppressed"].to_numpy()].iloc[1:]
    if not others.empty and others["care_leavers"].max() > 0:
        top = others.loc[others["care_leavers"].idxmax()]
        text += f"; of the others, most ({int(top['care_leavers']):,}) are recorded as '{top['description'].lower()}'"
    return text


def _hidden(frame: pd.DataFrame, measure: str) -> list[tuple[str, str, str]]:
    """(category, its count in words, why its share is hidden) for each hidden row of one KPI's
    breakdown, from the real counts, in words safe to publish; the first hidden row's reason is its
    own small count, the rest are hidden with it so that it cannot be worked out from the total."""
    real = frame[frame["denominator"] > 0].reset_index(drop=True)
    shown = suppress_outcome(real)
    had = "had one up to date" if measure == "pathway_plan" else _words(measure).predicate
    out, first = [], None
    for i, row in real.iterrows():
        if not shown["suppressed"].iloc[i]:
            continue
        size = "fewer than 5" if shown["denominator_suppressed"].iloc[i] else count_phrase(int(row["denominator"]), "")
        if row["denominator"] < THRESHOLD:
            why = f"fewer than {THRESHOLD} care leavers"
        elif row["numerator"] < THRESHOLD:
            why = f"fewer than {THRESHOLD} {had}"
        elif row["denominator"] - row["numerator"] < THRESHOLD:
            why = f"fewer than {THRESHOLD} did not have one up to date" if measure == "pathway_plan" else f"fewer than {THRESHOLD} were not {_words(measure).state}"
        else:
            why = None
        if why is not None and first is None:
            first = str(row["category"])
        out.append((str(row["category"]), size.strip(), why))
    return [(c, n, why or f"hidden with {first or 'a smaller group'} so that its figure cannot be worked out from the total") for c, n, why in out]


def pathway_hidden_note(frame: pd.DataFrame) -> str:
    """What the Pathway Plan chart leaves out and why, or '' when it shows every legal status.
    'Eligible (174 care leavers): hidden with Relevant so that its figure cannot be worked out from
    the total. Relevant (10 care leavers): fewer than 5 did not.'"""
    hidden = _hidden(frame[frame["plan_needed"]], "pathway_plan")
    return " ".join(f"{c}: {why}." if why.startswith(f"fewer than {THRESHOLD} care") else f"{c} ({n} care leavers): {why}." for c, n, why in hidden)


def pathway_finding(frame: pd.DataFrame) -> str:
    """The legal status with the lowest share of plans up to date, which statuses' shares are hidden
    to protect small numbers (never 'too small' when many are counted), and the Qualifying care
    leavers who need no plan. ``frame`` is ``pathway_by_status`` output."""
    needed = frame[frame["plan_needed"]]
    visible = visible_rows(suppress_outcome(needed.reset_index(drop=True)))
    snapshot = frame["snapshot_date"].iloc[0]
    no_plan = int(frame.loc[~frame["plan_needed"], "excluded"].sum())
    tail = f"; {count_phrase(no_plan, NO_PLAN_STATUS)} care leavers need no plan" if no_plan else ""
    hidden = [c for c, _, _ in _hidden(needed, "pathway_plan")]
    names = " and ".join([", ".join(hidden[:-1]), hidden[-1]] if len(hidden) > 1 else hidden)
    why = f"; the shares for {names} are hidden to protect small numbers" if hidden else ""
    if visible.empty:
        return f"Pathway Plans by legal status at {snapshot:%b %Y}: every share is hidden to protect small numbers{tail}"
    if len(visible) == 1:
        only = visible.iloc[0]
        return f"{_pct(only['percent'])} of {only['category']} care leavers had an up-to-date Pathway Plan at {snapshot:%b %Y}{why}{tail}"
    low = visible.loc[visible["percent"].idxmin()]
    return (
        f"{_pct(low['percent'])} of {low['category']} care leavers had an up-to-date Pathway Plan at {snapshot:%b %Y}, "
        f"the lowest of the legal statuses shown{why}{tail}"
    )
