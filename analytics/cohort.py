"""Cohort size and make-up from the record-level snapshots, in the authority's age bands (its pack's
``[[age_bands]]``), beside its published cohort (``cohort_published``, ``cohort_shares``).

Example::

    >>> summary = cohort_summary()
    >>> summary.latest_count >= summary.first_count
    True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from analytics import config, db, formatting
from analytics.disclosure import SUPPRESSED, THRESHOLD, suppress_counts, suppress_frame


@dataclass(frozen=True)
class CohortSummary:
    first_date: dt.date
    first_count: int
    latest_date: dt.date
    latest_count: int

    @property
    def change(self) -> int:
        return self.latest_count - self.first_count

    @property
    def change_percent(self) -> float:
        """NaN when the first snapshot is empty: growth from nothing has no percentage."""
        return 100.0 * self.change / self.first_count if self.first_count else math.nan


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def age_bands() -> tuple[config.AgeBand, ...]:
    """The authority's age bands, youngest first (its pack's ``[[age_bands]]``)."""
    return config.load().age_bands


def _band_params() -> dict[str, list[object]]:
    bands = age_bands()
    return {
        "band_labels": [b.label for b in bands], "band_mins": [b.age_min for b in bands], "band_maxs": [b.age_max for b in bands],
    }


def has_records() -> bool:
    """Whether the store holds a record-level cohort (synthetic or loaded)."""
    return bool(snapshot_dates())


def cohort_trend() -> pd.DataFrame:
    """Columns: snapshot_date (date), care_leavers (int)."""
    frame = db.query("cohort_size_by_snapshot")
    frame["snapshot_date"] = frame["snapshot_date"].map(_as_date)
    return frame


def cohort_summary(until: dt.date | None = None) -> CohortSummary:
    """The first snapshot and the latest (or the latest at or before ``until``; the first snapshot
    if none is)."""
    trend = cohort_trend()
    upto = trend if until is None else trend[trend["snapshot_date"] <= until]
    if upto.empty:
        upto = trend.head(1)
    first, latest = upto.iloc[0], upto.iloc[-1]
    return CohortSummary(first["snapshot_date"], int(first["care_leavers"]), latest["snapshot_date"], int(latest["care_leavers"]))


def snapshot_dates() -> list[dt.date]:
    return [_as_date(d) for d in db.query("snapshot_dates")["snapshot_date"]]


def cohort_by_age_band(snapshot_date: dt.date) -> pd.DataFrame:
    """Columns: age_band (str), care_leavers (int), percent (float, of the whole cohort)."""
    frame = db.query("cohort_by_age_band", {"snapshot_date": snapshot_date} | _band_params())
    total = frame["care_leavers"].sum()
    frame["percent"] = 100.0 * frame["care_leavers"] / total if total else 0.0
    return frame[["age_band", "care_leavers", "percent"]]


def age_band_finding(frame: pd.DataFrame) -> str:
    """A chart title stating the finding, from the output of ``cohort_by_age_band``."""
    total = int(frame["care_leavers"].sum())
    adult = {b.label for b in age_bands() if b.age_min >= 21}
    older = int(frame.loc[frame["age_band"].isin(adult), "care_leavers"].sum())
    # A KPI period later than the last snapshot has no cohort; a tiny one would reveal its counts.
    if total == 0:
        return "No care leavers are recorded at this snapshot"
    if total < THRESHOLD:
        return f"Fewer than {THRESHOLD} care leavers are recorded at this snapshot, too few to describe by age"
    if 0 < older < THRESHOLD or 0 < total - older < THRESHOLD:
        return f"Too few care leavers on one side of 21 to say how many of the {total:,} are aged 21 or over"
    return f"{100 * older / total:.0f}% of care leavers ({older:,} of {total:,}) are aged 21 or over"


# --- The Cohort page: the cohort at one snapshot under filters, and its change over time ---------
#
# Published tables behind these, from the authority's pack: cohort_published (counts by age band
# and legal status, with any count reported inside another as legal_status_detail), cohort_shares
# (where they live, sex, disability, ethnicity) and reference_figures (open allocated cases and
# children in care at two dates). Where the source counts Qualifying care leavers inside Former
# Relevant, the published Former Relevant is restated without them (e.g. 800 including 150
# Qualifying is shown as 650) so that the two columns compare like with like.

# Some sources count Qualifying care leavers inside Former Relevant (a legal_status_detail row).
QUALIFYING_REPORTED_INSIDE = "Former Relevant"

DIMENSION_LABELS = {
    "age_band": "Age band",
    "legal_status": "Legal status",
    "sex": "Sex",
    "disability": "Disability",
    "ethnicity_group": "Ethnicity",
    "location": "Where they live",
    "uasc": "Former UASC",
    "in_custody": "Custody",
    "at_university": "University",
}
# Yes/no dimensions: the category that is the finding, and how a sentence says it.
FLAGS = {
    "disability": ("Disabled", "disabled"),
    "uasc": ("Former UASC", "former UASC"),
    "in_custody": ("In custody", "in custody"),
    "at_university": ("At university", "at university"),
}
_LOCATION_PHRASES = {
    "In county": "live in the county",
    "Out of county": "live out of county",
    "Unknown": "have whereabouts unknown",
}
_LOCATION_FILTER_PHRASES = {
    "In county": "living in the county",
    "Out of county": "living out of county",
    "Unknown": "whose whereabouts are unknown",
}


@dataclass(frozen=True)
class CohortFilters:
    """What the Cohort page is looking at; ``None`` means all."""

    snapshot_date: dt.date
    age_band: str | None = None
    uasc: bool | None = None
    location: str | None = None

    @property
    def is_filtered(self) -> bool:
        return any(v is not None for v in (self.age_band, self.uasc, self.location))

    def params(self) -> dict[str, object]:
        return {"snapshot_date": self.snapshot_date, "age_band": self.age_band, "uasc": self.uasc, "location": self.location} | _band_params()

    def subject(self) -> str:
        """Who is counted, in words: 'former-UASC care leavers aged 16-17 living in the county'."""
        words = "former-UASC care leavers" if self.uasc else "care leavers"
        if self.age_band:
            words += f" aged {self.age_band}"
        if self.location:
            words += f" {_LOCATION_FILTER_PHRASES.get(self.location, self.location)}"
        if self.uasc is False:
            words += " (not former UASC)"
        return words


@dataclass(frozen=True)
class FilterOptions:
    snapshot_dates: tuple[dt.date, ...]
    age_bands: tuple[str, ...]
    locations: tuple[str, ...]


def filter_options() -> FilterOptions:
    """The choices the filters offer, read from the store."""
    dates = tuple(snapshot_dates())
    profile = db.query("cohort_profile", CohortFilters(dates[-1]).params())
    by_dimension = profile.groupby("dimension", sort=False)["category"].agg(tuple)
    return FilterOptions(dates, by_dimension["age_band"], by_dimension["location"])


def nearest_snapshot(target: dt.date, dates: list[dt.date] | tuple[dt.date, ...]) -> dt.date:
    """The snapshot closest to ``target`` (the later one on a tie): 1 Dec 2021 -> 1 Jan 2022."""
    return min(dates, key=lambda d: (abs((d - target).days), -d.toordinal()))


def growth_percent(before: float, after: float) -> float:
    return 100.0 * (after - before) / before if before else math.nan


def published_profile() -> pd.DataFrame:
    """Published figures in the shape of ``cohort_profile``. Columns: dimension, category,
    published_count (Int64, missing where only a share is printed), published_percent (float),
    published_as_at (date), published_note (str). Former Relevant is restated without the
    Qualifying care leavers the source counts inside it."""
    frame = db.query("cohort_published_figures")
    frame["published_count"] = frame["published_count"].astype("Int64")
    frame["published_percent"] = frame["published_percent"].astype(float)
    frame["as_at"] = frame["as_at"].map(_as_date)
    frame["note"] = frame["note"].fillna("").astype(str)
    status = frame["dimension"] == "legal_status"
    inside = status & (frame["category"] == QUALIFYING_REPORTED_INSIDE)
    qualifying = status & (frame["category"] == "Qualifying")
    if inside.any() and qualifying.any():
        whole = int(frame.loc[inside, "published_count"].iloc[0])
        part = int(frame.loc[qualifying, "published_count"].iloc[0])
        total = int(frame.loc[frame["dimension"] == "age_band", "published_count"].sum())
        frame.loc[inside, "published_count"] = whole - part
        frame.loc[inside, "published_percent"] = 100.0 * (whole - part) / total
        frame.loc[inside, "note"] = (
            f"Published as {formatting.count(whole)} including {formatting.count(part)} Qualifying; "
            f"shown as {formatting.count(whole - part)} without them"
        )
    return frame.rename(columns={"as_at": "published_as_at", "note": "published_note"})[
        ["dimension", "category", "published_count", "published_percent", "published_as_at", "published_note"]
    ]


def cohort_profile(filters: CohortFilters) -> pd.DataFrame:
    """The cohort at one snapshot by every dimension, one row per category (zeros included).

    Columns: dimension, category, care_leavers (int), percent (float, of the filtered cohort),
    published_count (Int64), published_percent (float), published_as_at (date), published_note (str).
    Published figures describe the whole cohort, so they are filled only when no filter is set.
    """
    frame = db.query("cohort_profile", filters.params())
    frame["care_leavers"] = frame["care_leavers"].astype(int)
    totals = frame.groupby("dimension", sort=False)["care_leavers"].transform("sum")
    frame["percent"] = (100.0 * frame["care_leavers"] / totals.where(totals > 0)).fillna(0.0)
    published = published_profile()
    if filters.is_filtered:
        published = published.iloc[0:0]
    out = frame.merge(published, on=["dimension", "category"], how="left")
    out["published_note"] = out["published_note"].fillna("").astype(str)
    return out


def profile_total(profile: pd.DataFrame) -> int:
    """Care leavers counted in a ``cohort_profile`` (each dimension sums to it)."""
    return int(profile.loc[profile["dimension"] == "age_band", "care_leavers"].sum())


def published_total(published: pd.DataFrame) -> int:
    """The published cohort: the sum of the published age bands."""
    return int(published.loc[published["dimension"] == "age_band", "published_count"].sum())


def suppressed_profile(profile: pd.DataFrame) -> pd.DataFrame:
    """``cohort_profile`` with counts below 5 (and the next smallest in their dimension) read 'c'."""
    return suppress_frame(profile, "care_leavers", by=["dimension"], share_cols=["percent"])


def profile_table(profile: pd.DataFrame) -> pd.DataFrame:
    """The suppressed profile as a readable table: Dimension, Category, Care leavers, Per cent,
    Published count, Published per cent, Published note."""
    shown = suppressed_profile(profile)
    return pd.DataFrame(
        {
            "Dimension": shown["dimension"].map(DIMENSION_LABELS),
            "Category": shown["category"],
            "Care leavers": shown["care_leavers"].astype(str),
            "Per cent": [v if v == SUPPRESSED else f"{v:.1f}" for v in shown["percent"]],
            "Published count": [f"{int(v):,}" if pd.notna(v) else "" for v in shown["published_count"]],
            "Published per cent": [f"{v:.1f}" if pd.notna(v) else "" for v in shown["published_percent"]],
            "Published note": shown["published_note"],
        }
    )


def _pct(value: float) -> str:
    """Whole per cents, with one decimal place below 10% so that small shares do not read as 0% or 1%."""
    return f"{value:.0f}%" if value >= 10 else f"{value:.1f}%"


def _published_clause(row: pd.Series) -> str:
    if pd.notna(row["published_percent"]):
        return f" (published {_pct(row['published_percent'])} in {row['published_as_at']:%b %Y})"
    if pd.notna(row["published_count"]):
        return f" (published {int(row['published_count']):,} in {row['published_as_at']:%b %Y})"
    return ""


def _category_phrase(dimension: str, category: str) -> str:
    if dimension == "age_band":
        return f"are aged {category}"
    if dimension == "sex":
        return f"are {category.lower()}"
    if dimension == "location":
        return _LOCATION_PHRASES.get(category, f"are {category}")
    return f"are {category}"


def dimension_finding(profile: pd.DataFrame, dimension: str, subject: str = "care leavers") -> str:
    """A chart title stating the finding for one dimension of a ``cohort_profile``.

    Yes/no dimensions report the 'yes' share; others report the largest group. A suppressed cell is
    never quoted."""
    if profile.loc[profile["dimension"] == dimension, "care_leavers"].sum() == 0:
        return f"No {subject} at this snapshot"
    shown = suppressed_profile(profile)
    rows = shown[shown["dimension"] == dimension]
    if len(rows) == 1:
        return f"Filtered to {rows['category'].iloc[0]} only"
    if dimension in FLAGS:
        category, words = FLAGS[dimension]
        row = rows[rows["category"] == category]
        if row.empty or bool(row["suppressed"].iloc[0]):
            return f"Too few {subject} to say how many are {words}"
        row = row.iloc[0]
        return f"{_pct(row['percent'])} of {subject} ({int(row['care_leavers']):,}) are {words}{_published_clause(row)}"
    visible = rows[~rows["suppressed"]]
    if visible.empty:
        return f"Too few {subject} to show this breakdown"
    row = visible.loc[visible["care_leavers"].astype(int).idxmax()]
    return f"{_pct(row['percent'])} of {subject} {_category_phrase(dimension, row['category'])}{_published_clause(row)}"


def flags_table(profile: pd.DataFrame) -> pd.DataFrame:
    """The 'yes' rows of the yes/no dimensions (disabled, former UASC, in custody, at university),
    suppressed, leaving out a dimension a filter has narrowed to one category. Columns as
    ``suppressed_profile``."""
    shown = suppressed_profile(profile)
    sizes = shown.groupby("dimension")["category"].transform("size")
    wanted = [FLAGS.get(d, (None,))[0] == c for d, c in zip(shown["dimension"], shown["category"])]
    return shown[pd.Series(wanted, index=shown.index) & (sizes > 1)].reset_index(drop=True)


def flags_finding(profile: pd.DataFrame, subject: str = "care leavers") -> str:
    """One title for the yes/no dimensions: '19% of care leavers are disabled, 25% former UASC, 0.5%
    in custody and 2.9% at university'. Suppressed cells are left out and said to be."""
    rows = flags_table(profile)
    visible = rows[~rows["suppressed"]]
    if visible.empty:
        return f"Too few {subject} to show these counts"
    parts = [f"{_pct(p)} {FLAGS[d][1]}" for d, p in zip(visible["dimension"], visible["percent"])]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    first, _, rest = listed.partition(" ")
    return f"{first} of {subject} are {rest}" + ("; the rest are too few to show" if rows["suppressed"].any() else "")


def legal_status_note(profile: pd.DataFrame, published: pd.DataFrame, snapshot_date: dt.date) -> str:
    """How the legal status chart lines up with the source, which counts Qualifying inside Former
    Relevant. The counts are the chart's own (``suppressed_profile`` at ``snapshot_date``); the
    published figures are named with their own date, since they describe one snapshot only.
    ``published`` is ``published_profile`` output, empty when a filter is set."""
    shown = suppressed_profile(profile)
    rows = shown[shown["dimension"] == "legal_status"].set_index("category")["care_leavers"]
    # A status nobody holds at this date has no row: none is a count of 0, shown as c like any below 5.
    former, qualifying = rows.get(QUALIFYING_REPORTED_INSIDE, SUPPRESSED), rows.get("Qualifying", SUPPRESSED)
    if SUPPRESSED in (former, qualifying):
        counted = "Qualifying care leavers are shown apart from Former Relevant here"
    else:
        counted = (
            f"At {formatting.day(snapshot_date)} the snapshots count {formatting.count(int(former))} Former Relevant and "
            f"{formatting.count(int(qualifying))} Qualifying care leavers ({formatting.count(int(former) + int(qualifying))} together), "
            "shown apart"
        )
    status = published[(published["dimension"] == "legal_status")].set_index("category") if not published.empty else None
    if status is None or QUALIFYING_REPORTED_INSIDE not in status.index or "Qualifying" not in status.index:
        return f"{counted}; the source reports Qualifying inside Former Relevant."
    whole = status.loc[QUALIFYING_REPORTED_INSIDE, "published_count"] + status.loc["Qualifying", "published_count"]
    when = formatting.month(status.loc[QUALIFYING_REPORTED_INSIDE, "published_as_at"])
    return (
        f"{counted}. The source reports Qualifying inside Former Relevant: in {when} it published "
        f"{formatting.count(whole)} Former Relevant including {formatting.count(status.loc['Qualifying', 'published_count'])} "
        f"Qualifying, so the outlined Former Relevant bar shows {formatting.count(status.loc[QUALIFYING_REPORTED_INSIDE, 'published_count'])} "
        f"({when}) without them."
    )


def selection_sentence(filters: CohortFilters, total: int) -> str | None:
    """What to say instead of charts when the selection has nobody, or too few to show (None when
    there are enough): truly none and too few to show are different answers."""
    subject = filters.subject()
    when = formatting.day(filters.snapshot_date)
    if total == 0:
        return f"There are no {subject} at {when}."
    if total < THRESHOLD:
        return (
            f"There are fewer than {THRESHOLD} {subject} at {when}: too few to show or break down, "
            "since counts below 5 could identify someone."
        )
    return None


def total_text(total: int) -> str:
    """The headline count: 0 when there is nobody, c when there are too few to show."""
    return formatting.count(total) if total == 0 or total >= THRESHOLD else f"{SUPPRESSED} (fewer than {THRESHOLD})"


def cohort_trend_by_age_band(filters: CohortFilters) -> pd.DataFrame:
    """Care leavers by age band at every snapshot up to the filter's snapshot.

    Columns: snapshot_date (date), age_band (str), care_leavers (int), aged_16_20 (int),
    open_cases_basis (int: those aged 16-20 who are not Qualifying, the basis of the published open
    allocated cases)."""
    frame = db.query("cohort_trend_by_age_band", filters.params())
    frame["snapshot_date"] = frame["snapshot_date"].map(_as_date)
    for col in ("care_leavers", "aged_16_20", "open_cases_basis"):
        frame[col] = frame[col].astype(int)
    return frame[["snapshot_date", "age_band", "care_leavers", "aged_16_20", "open_cases_basis"]]


def trend_totals(trend: pd.DataFrame) -> pd.DataFrame:
    """Columns: snapshot_date, care_leavers, aged_16_20, open_cases_basis (sums over the age bands)."""
    return trend.groupby("snapshot_date", as_index=False, sort=True)[["care_leavers", "aged_16_20", "open_cases_basis"]].sum()


def suppressed_trend(trend: pd.DataFrame) -> pd.DataFrame:
    """The stacked age-band counts with small cells read 'c' within each snapshot. Columns:
    snapshot_date, age_band, care_leavers, suppressed."""
    return suppress_frame(trend[["snapshot_date", "age_band", "care_leavers"]], "care_leavers", by=["snapshot_date"])


def suppressed_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Per-snapshot totals with any total below 5 read 'c'. The open-cases basis also reads 'c' when
    the Qualifying care leavers it leaves out are fewer than 5, since the age bands shown beside it
    would give them away. Columns: snapshot_date, care_leavers, open_cases_basis."""
    out = totals[["snapshot_date"]].copy()
    for col in ("care_leavers", "open_cases_basis"):
        out[col] = suppress_counts(totals[col].tolist(), total_shown=False)
    left_out = totals["aged_16_20"] - totals["open_cases_basis"]
    out.loc[left_out.to_numpy() < THRESHOLD, "open_cases_basis"] = SUPPRESSED
    for col in ("care_leavers", "open_cases_basis"):
        out[col] = [v if v == SUPPRESSED else int(v) for v in out[col]]
        out[col] = out[col].astype(object)
    return out


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """The trend as a suppressed wide table for download: snapshot_date, one column per age band,
    total, and aged_16_20_not_qualifying (the open-cases basis)."""
    shown = suppressed_trend(trend)
    wide = shown.pivot(index="snapshot_date", columns="age_band", values="care_leavers")
    wide = wide[list(dict.fromkeys(trend["age_band"]))]
    totals = suppressed_totals(trend_totals(trend)).set_index("snapshot_date")
    wide["total"] = totals["care_leavers"]
    wide["aged_16_20_not_qualifying"] = totals["open_cases_basis"]
    wide.columns.name = None
    return wide.reset_index()


def trend_finding(totals: pd.DataFrame, subject: str = "care leavers") -> str:
    """A title stating how the (filtered) cohort changed between its first and last snapshot."""
    first, last = totals.iloc[0], totals.iloc[-1]
    before, after = int(first["care_leavers"]), int(last["care_leavers"])
    if len(totals) == 1:
        return f"{formatting.month(last['snapshot_date'])} is the first snapshot: there is no earlier one to compare with"
    if min(before, after) < THRESHOLD:
        return f"Too few {subject} to describe the change since {formatting.month(first['snapshot_date'])}"
    if before == after:
        return f"The number of {subject} is {formatting.count(after)} at {last['snapshot_date']:%b %Y}, as in {first['snapshot_date']:%b %Y}"
    verb = "rose" if after > before else "fell"
    return (
        f"The number of {subject} {verb} from {formatting.count(before)} in {first['snapshot_date']:%b %Y} to "
        f"{formatting.count(after)} in {last['snapshot_date']:%b %Y} ({formatting.change_percent(growth_percent(before, after))})"
    )


def trend_sentence(filters: CohortFilters, totals: pd.DataFrame) -> str | None:
    """What to say instead of the trend chart when no snapshot has enough care leavers to show."""
    counts = totals["care_leavers"].astype(int)
    if (counts >= THRESHOLD).any():
        return None
    since = formatting.month(totals["snapshot_date"].iloc[0])
    when = (
        f"at {formatting.day(filters.snapshot_date)}, the first snapshot" if len(totals) == 1
        else f"at any snapshot from {since} to {formatting.month(filters.snapshot_date)}"
    )
    if (counts == 0).all():
        return f"There are no {filters.subject()} {when}."
    return f"There are fewer than {THRESHOLD} {filters.subject()} {when}: too few to show."


def reference_figures_by_id(ids: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Figures quoted in the report. Columns: figure_id, label, value (float), unit, as_at (date), source."""
    frame = db.query("reference_figures_by_id", {"ids": list(ids)})
    frame["as_at"] = frame["as_at"].map(_as_date)
    missing = set(ids) - set(frame["figure_id"])
    if missing:
        raise KeyError(f"reference figures not in the store: {', '.join(sorted(missing))}")
    return frame.set_index("figure_id").loc[list(ids)].reset_index()


@dataclass(frozen=True)
class PublishedChange:
    """A published before/after pair, the growth printed beside it and the growth they imply."""

    label: str
    before: float
    before_date: dt.date
    after: float
    after_date: dt.date
    printed_growth: float
    source: str

    @property
    def recomputed_growth(self) -> float:
        return growth_percent(self.before, self.after)

    @property
    def consistent(self) -> bool:
        """The printed growth matches the pair to the printed precision (one decimal place)."""
        return abs(self.recomputed_growth - self.printed_growth) < 0.05


def _published_change(before_id: str, after_id: str, growth_id: str) -> PublishedChange:
    figures = reference_figures_by_id([before_id, after_id, growth_id]).set_index("figure_id")
    before, after, growth = figures.loc[before_id], figures.loc[after_id], figures.loc[growth_id]
    return PublishedChange(
        label=str(before["label"]), before=float(before["value"]), before_date=before["as_at"],
        after=float(after["value"]), after_date=after["as_at"], printed_growth=float(growth["value"]),
        source=f"{before['source']}; {growth['source']}",
    )


def open_cases_change() -> PublishedChange:
    """Open allocated cases (16-20 year olds, not Qualifying) at two dates and the growth printed beside them."""
    return _published_change("open_allocated_cases_2020", "open_allocated_cases_2023", "open_allocated_cases_growth")


def children_in_care_change() -> PublishedChange:
    """Children in care at two dates and the growth printed beside them."""
    return _published_change("children_in_care_2018", "children_in_care_2023", "children_in_care_growth_local")


def national_children_in_care_growth() -> float:
    """England's growth in children in care since 2018, as printed (c.16%)."""
    return float(reference_figures_by_id(["children_in_care_growth_national"])["value"].iloc[0])


def children_in_care_finding(change: PublishedChange, national: float) -> str:
    """The children-in-care context in words, saying so when the printed growth does not follow from its pair."""
    text = (
        f"Children in care rose from {formatting.count(change.before)} ({formatting.month(change.before_date)}) to "
        f"{formatting.count(change.after)} ({formatting.month(change.after_date)}). The report prints "
        f"+{change.printed_growth:g}% for the county against c.{national:g}% for England."
    )
    if change.consistent:
        return text
    implied = change.before * (1 + change.printed_growth / 100)
    near_national = ", close to the national figure" if abs(change.recomputed_growth - national) < 1 else ""
    return (
        f"{text} The two counts it gives are a rise of {formatting.change_percent(change.recomputed_growth)}{near_national}; "
        f"+{change.printed_growth:g}% would mean about {formatting.count(implied)} children in care, so the printed figure is "
        "probably measured to a different date."
    )


def open_cases_finding(change: PublishedChange, totals: pd.DataFrame) -> str:
    """The published open allocated cases beside the same basis counted from the snapshots."""
    dates = list(totals["snapshot_date"])
    start, end = nearest_snapshot(change.before_date, dates), nearest_snapshot(change.after_date, dates)
    by_date = suppressed_totals(totals).set_index("snapshot_date")["open_cases_basis"]
    text = (
        f"Published open allocated cases (16-20 year olds, excluding Qualifying) rose from {formatting.count(change.before)} in "
        f"{change.before_date:%b %Y} to {formatting.count(change.after)} in {change.after_date:%b %Y}, +{change.printed_growth:g}%"
    )
    if start == end or SUPPRESSED in (by_date[start], by_date[end]):
        return text + "."
    return (
        f"{text}; on the same basis the snapshots give {formatting.count(int(by_date[start]))} at {start:%b %Y} and "
        f"{formatting.count(int(by_date[end]))} at {end:%b %Y} "
        f"({formatting.change_percent(growth_percent(int(by_date[start]), int(by_date[end])))})."
    )
