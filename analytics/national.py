"""National benchmarks: an authority beside its ten statistical neighbours, its region and England.

Published tables behind it (the store's ``national_*`` tables, ``data/national/README.md``): DfE
*Children looked after in England including adoptions* tables ``la_care_leavers_activity``,
``la_care_leavers_accommodation_suitability`` and ``la_care_leavers_intouch`` (2020-2024), the Local
Authority Interactive Tool's care-leaver measures (2016-2025, incl. leaving care support
expenditure) and the DfE statistical neighbours (May 2025).

Every figure here is DfE's **annual birthday-window** figure: care leavers counted at their 17th to
21st birthday in the year ending 31 March. It is not the provider's quarter-end snapshot KPI, and each
row says so in ``basis``.

The neighbour average is computed the way DfE's LAIT does: the plain mean of the neighbours that have a
published figure that year, with how many had none (suppressed ``c``, not applicable ``z`` ...) said.

Worked example (LA 925; its 2024 figure read from ``ees_la_care_leavers_activity.csv``)::

    >>> s = comparator_series(925, "eet_19_21")
    >>> s[(s.area_type == "la") & (s.year == 2024)]["value"].item()
    50.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics import db

SERIES_COLUMNS = ["area", "area_type", "year", "value", "marker", "basis", "source"]
AREA_TYPES = ("la", "neighbours", "region", "england")
ENGLAND = 970
EES = "DfE, Children looked after in England including adoptions"
LAIT = "DfE Local Authority Interactive Tool (LAIT)"
MARKER_MEANINGS = {
    "c": "suppressed (small number)", "z": "not applicable", "x": "not available", "k": "rounds to zero",
    "u": "low reliability", "low": "low", "-": "not available", ":": "not available", "..": "not available",
}


class NationalError(LookupError):
    """The authority or measure is not in the national statistics; the message says what to set."""


@dataclass(frozen=True)
class Measure:
    """One benchmark measure. ``kpi_measure`` and the ages tie it to our KPI ``measure`` and age window."""

    code: str
    label: str
    short: str
    unit: str  # "%", "£" or "care leavers"
    polarity: str  # "higher", "lower" or "neutral"
    kpi_measure: str | None
    age_min: int
    age_max: int
    source: str
    basis: str
    dataset: str | None = None
    category: str | None = None
    statistic: str = "percentage"
    lait_code: str | None = None

    @property
    def is_count(self) -> bool:
        """A headcount: set beside its neighbours' (matched on need, not size: a guide), never ranked
        against the totals of its region and England."""
        return self.statistic == "number"


def _birthday_basis(ages: str) -> str:
    return (
        f"DfE annual birthday-window figure: care leavers aged {ages} at their birthday in the year ending 31 March "
        "(SSDA903 OC3), not a quarter-end snapshot"
    )


def _outcome(code: str, label: str, short: str, polarity: str, kpi: str, ages: tuple[int, int], dataset: str, table: str, category: str) -> Measure:
    a, b = ages
    return Measure(
        code=code, label=label.format(ages=f"{a} to {b}"), short=short.format(ages=f"{a}–{b}"), unit="%", polarity=polarity,
        kpi_measure=kpi, age_min=a, age_max=b, source=f"{EES}, {table}", basis=_birthday_basis(f"{a} to {b}"),
        dataset=dataset, category=category,
    )


_EET = "Total in education, employment or training"
_NEET = "Total not in education, employment or training"
_SUITABLE = "Accommodation considered suitable"
_IN_TOUCH = "Local authority in touch with care leaver"
SPEND_CODE, COUNT_CODE = "LeaveCareSupServTotExp", "NoCareLeavers"

MEASURES: dict[str, Measure] = {
    m.code: m
    for ages in ((17, 18), (19, 21))
    for m in (
        _outcome(f"eet_{ages[0]}_{ages[1]}", "Care leavers aged {ages} in education, employment or training", "EET {ages}",
                 "higher", "eet", ages, "activity", "la_care_leavers_activity", _EET),
        _outcome(f"neet_{ages[0]}_{ages[1]}", "Care leavers aged {ages} not in education, employment or training", "NEET {ages}",
                 "lower", "neet", ages, "activity", "la_care_leavers_activity", _NEET),
        _outcome(f"accommodation_{ages[0]}_{ages[1]}", "Care leavers aged {ages} in suitable accommodation", "Suitable accommodation {ages}",
                 "higher", "accommodation", ages, "accommodation", "la_care_leavers_accommodation_suitability", _SUITABLE),
        _outcome(f"in_touch_{ages[0]}_{ages[1]}", "Care leavers aged {ages} the local authority is in touch with", "In touch {ages}",
                 "higher", "kit", ages, "in_touch", "la_care_leavers_intouch", _IN_TOUCH),
    )
} | {
    "staying_put_19_20": Measure(
        code="staying_put_19_20", short="Staying put 19–20", unit="%", polarity="higher", kpi_measure="staying_put",
        label="Care leavers aged 19 or 20 who left care at 18 and still live with their former foster carers (staying put)",
        age_min=19, age_max=20, source=f"{LAIT}, StayingPut", basis=_birthday_basis("19 or 20"), lait_code="StayingPut",
    ),
    "care_leavers_19_21": Measure(
        code="care_leavers_19_21", short="Care leavers 19–21", unit="care leavers", polarity="neutral", kpi_measure=None,
        label="Care leavers aged 19 to 21 (former relevant young people)", age_min=19, age_max=21,
        source=f"{LAIT}, NoCareLeavers", basis=_birthday_basis("19 to 21"), lait_code=COUNT_CODE, statistic="number",
    ),
    "spend_per_care_leaver": Measure(
        code="spend_per_care_leaver", short="Leaving care spend per care leaver", unit="£", polarity="neutral", kpi_measure=None,
        label="Leaving care support expenditure per care leaver aged 19 to 21", age_min=19, age_max=21,
        source=f"{LAIT}, LeaveCareSupServTotExp (S251 outturn) and NoCareLeavers",
        basis=(
            "Leaving care support services total expenditure in the financial year (S251 outturn, April to March) divided "
            "by the care leavers aged 19 to 21 counted in the collection year ending the same 31 March (2023-24 spend over "
            "the 2024 count); DfE annual figures"
        ),
        statistic="number",
    ),
}
SPEND_MEASURE = "spend_per_care_leaver"


def measure(code: str) -> Measure:
    try:
        return MEASURES[code]
    except KeyError:
        raise NationalError(f"no national measure {code!r}; one of {', '.join(MEASURES)}") from None


def kpi_comparators(kpi_measure: str, age_min: int, age_max: int) -> list[tuple[str, str]]:
    """The national measures a KPI can be read against, as (measure code, fit): ``exact`` when the DfE
    age window is the KPI's, ``overlap`` when they share some ages (a 16-18 KPI against DfE 17-18).

    >>> kpi_comparators("eet", 19, 21)
    [('eet_19_21', 'exact')]
    >>> kpi_comparators("kit", 16, 21)
    [('in_touch_17_18', 'overlap'), ('in_touch_19_21', 'overlap')]
    """
    out = []
    for m in MEASURES.values():
        if m.kpi_measure != kpi_measure or m.age_max < age_min or m.age_min > age_max:
            continue
        out.append((m.code, "exact" if (m.age_min, m.age_max) == (age_min, age_max) else "overlap"))
    return out


# --------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class Authority:
    la_code: int
    name: str
    region_code: int
    region_name: str


def authority(la_code: int) -> Authority:
    """The LA with DfE old LA code ``la_code``; ``NationalError`` if the statistics have no such LA."""
    rows = db.query("national_area", {"area_code": int(la_code)})
    if rows.empty or rows.iloc[0]["area_type"] != "la":
        raise NationalError(
            f"LA code {la_code} is not an English local authority in the DfE statistics; set [authority] la_code in the "
            "pack's authority.toml to the DfE old LA code (for example 925)"
        )
    row = rows.iloc[0]
    return Authority(int(row["area_code"]), str(row["area_name"]), int(row["region_code"]), str(row["region_name"]))


def neighbours(la_code: int) -> pd.DataFrame:
    """Columns: rank, area_code, area_name (ten rows, closest first; none for an LA without a set)."""
    return db.query("national_neighbours", {"la_code": int(la_code)})


def panel(measure_code: str) -> pd.DataFrame:
    """The measure for every area and year. Columns: year, area_code, area_name, area_type, region_code, value, marker."""
    m = measure(measure_code)
    if m.code == SPEND_MEASURE:
        return db.query("national_spend_per_leaver_panel", {"spend_code": SPEND_CODE, "count_code": COUNT_CODE})
    if m.lait_code:
        return db.query("national_lait_panel", {"measure_code": m.lait_code})
    age_group = f"{m.age_min} to {m.age_max}"
    return db.query("national_outcome_panel", {"dataset": m.dataset, "age_group": age_group, "category": m.category, "statistic": m.statistic})


def release() -> dict[str, object]:
    """The latest load of the reference tables: release_year, loaded_at, origin."""
    row = db.query("national_release").iloc[0]
    return {"release_year": int(row["release_year"]), "loaded_at": pd.Timestamp(row["loaded_at"]).to_pydatetime(), "origin": str(row["origin"])}


def authorities() -> pd.DataFrame:
    """Columns: area_code, area_name, every LA."""
    return db.query("national_authorities")


# --------------------------------------------------------------------------- pure calculations


def neighbour_average(values: pd.DataFrame, neighbour_codes: list[int]) -> pd.DataFrame:
    """Mean of the neighbours with a figure, by year, the way DfE's LAIT averages statistical neighbours.

    ``values`` has year, area_code, value, marker (one area-year a row). A neighbour with a marker, or
    with no row that year (not yet created, or abolished), is left out of the mean and counted.
    Columns: year, value, with_value, suppressed, other_missing, total.

    >>> v = pd.DataFrame({"year": [2024] * 3, "area_code": [1, 2, 3], "value": [50.0, None, 41.0], "marker": [None, "c", None]})
    >>> neighbour_average(v, [1, 2, 3, 4]).to_dict("records")
    [{'year': 2024, 'value': 45.5, 'with_value': 2, 'suppressed': 1, 'other_missing': 1, 'total': 4}]
    """
    rows = []
    total = len(neighbour_codes)
    years = sorted(set(values["year"]))
    mine = values[values["area_code"].isin(neighbour_codes)]
    for year in years:
        this = mine[mine["year"] == year]
        have = this[this["value"].notna()]
        suppressed = int((this["marker"] == "c").sum())
        rows.append({
            "year": int(year),
            "value": float(have["value"].mean()) if len(have) else math.nan,
            "with_value": int(len(have)),
            "suppressed": suppressed,
            "other_missing": total - len(have) - suppressed,
            "total": total,
        })
    return pd.DataFrame(rows, columns=["year", "value", "with_value", "suppressed", "other_missing", "total"])


def quartile(value: float, others: pd.Series, polarity: str) -> tuple[int, int, int]:
    """(rank, of, quartile) of ``value`` among ``others`` (every LA with a figure, itself included).
    Rank 1 is the best (highest for ``higher`` and ``neutral``, lowest for ``lower``); tied LAs share
    the better rank; quartile 1 is the best quarter: ``ceil(4 * rank / of)``.

    >>> quartile(50.0, pd.Series([60.0, 55.0, 50.0, 50.0, 40.0, 30.0, 20.0, 10.0]), "higher")
    (3, 8, 2)
    """
    ranked = others.dropna()
    better = (ranked < value).sum() if polarity == "lower" else (ranked > value).sum()
    rank, n = int(better) + 1, int(len(ranked))
    return rank, n, max(1, math.ceil(4 * rank / n))


QUARTILE_NAMES = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}
SPEND_QUARTILE_NAMES = {1: "highest-spending quarter", 2: "second-highest quarter", 3: "second-lowest quarter", 4: "lowest-spending quarter"}
COUNT_QUARTILE_NAMES = {1: "largest quarter", 2: "second-largest quarter", 3: "second-smallest quarter", 4: "smallest quarter"}


def fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no figure"
    if unit == "£":
        return f"£{value:,.0f}"
    if unit == "%":
        return f"{value:.1f}%".replace(".0%", "%")
    return f"{value:,.0f}"


# --------------------------------------------------------------------------- an authority's benchmarks


def year_label(m: Measure, year: int) -> str:
    """How DfE names the year: the financial year for spend (2025 -> 2024-25), else the collection year."""
    return f"{year - 1}-{year % 100:02d}" if m.unit == "£" else str(year)


def _label_marker(marker: object) -> str:
    return "" if marker is None or (isinstance(marker, float) and math.isnan(marker)) else str(marker)


@db.per_store()
def comparator_series(la_code: int, measure_code: str) -> pd.DataFrame:
    """The LA, its statistical neighbours' average, its region and England, every year the measure has.

    Columns: area, area_type (``la``, ``neighbours``, ``region``, ``england``), year (ending 31 March),
    value (NULL when not published), marker (DfE's symbol, or for the neighbour average ``x`` when no
    neighbour has a figure), basis, source; and ``neighbours_with_value``, ``neighbours_total`` on the
    neighbour-average rows. An authority created mid-series (Cumberland, 2023) has rows only from the
    year its figures start."""
    m = measure(measure_code)
    la = authority(la_code)
    data = panel(measure_code)
    nb = neighbours(la_code)
    basis, source = m.basis, m.source
    frames = []
    own = data[data["area_code"] == la.la_code]
    # Years before a new authority existed carry 'z' or '-': its series starts at its first figure.
    first = own.loc[own["value"].notna(), "year"].min()
    years = sorted(y for y in set(data["year"]) if pd.isna(first) or y >= first)
    for code, name, kind in ((la.la_code, la.name, "la"), (la.region_code, la.region_name, "region"), (ENGLAND, "England", "england")):
        rows = data[(data["area_code"] == code) & data["year"].isin(years)]
        frames.append(pd.DataFrame({
            "area": name, "area_type": kind, "year": rows["year"].astype(int), "value": rows["value"],
            "marker": rows["marker"], "basis": basis, "source": source,
        }))
    if not nb.empty:
        avg = neighbour_average(data[data["year"].isin(years)], nb["area_code"].tolist())
        frames.append(pd.DataFrame({
            "area": "Statistical neighbours (average)", "area_type": "neighbours", "year": avg["year"],
            "value": avg["value"], "marker": [None if w else "x" for w in avg["with_value"]],
            "basis": [f"{basis}; mean of the {w} of {t} statistical neighbours with a figure" for w, t in zip(avg["with_value"], avg["total"])],
            "source": f"{source}; DfE statistical neighbours (May 2025)",
            "neighbours_with_value": avg["with_value"], "neighbours_total": avg["total"],
        }))
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype("float64")
    out["marker"] = out["marker"].astype(object).where(out["marker"].notna(), None)
    for col in ("neighbours_with_value", "neighbours_total"):
        out[col] = out[col].astype("Int64") if col in out else pd.array([pd.NA] * len(out), dtype="Int64")
    order = {t: i for i, t in enumerate(AREA_TYPES)}
    out = out.sort_values(["year", "area_type"], key=lambda s: s.map(order) if s.name == "area_type" else s, ignore_index=True)
    return out[[*SERIES_COLUMNS, "neighbours_with_value", "neighbours_total"]]


def series_finding(series: pd.DataFrame, m: Measure) -> str:
    """A title for a ``comparator_series``: how the authority moved from its first year to its last,
    and where England stood in the last."""
    own = series[(series["area_type"] == "la") & series["value"].notna()]
    if own.empty:
        return f"No published {m.short} figures for this authority"
    first, last = own.iloc[0], own.iloc[-1]
    name = str(last["area"])
    england = series[(series["area_type"] == "england") & (series["year"] == last["year"])]["value"]
    eng = f"; England {fmt(float(england.iloc[0]), m.unit)}" if len(england) and not pd.isna(england.iloc[0]) else ""
    if len(own) == 1:
        return f"{name}: {fmt(float(last['value']), m.unit)} in {year_label(m, int(last['year']))}, its only year{eng}"
    verb = "rose" if last["value"] > first["value"] else "fell" if last["value"] < first["value"] else "held"
    return (
        f"{name}'s {m.short.lower()} {verb} from {fmt(float(first['value']), m.unit)} in {year_label(m, int(first['year']))} "
        f"to {fmt(float(last['value']), m.unit)} in {year_label(m, int(last['year']))}{eng}"
    )


def kpi_series(la_code: int, kpi_measure: str, age_min: int, age_max: int) -> pd.DataFrame:
    """Every national comparator for one KPI (its ``measure`` and age window), for the KPI charts and
    cards: ``comparator_series`` rows for each measure ``kpi_comparators`` finds, with ``measure_code``,
    ``measure_label`` and ``fit`` (``exact`` or ``overlap``: the DfE ages are not the KPI's). Empty when
    no DfE measure matches."""
    frames = [
        comparator_series(la_code, code).assign(measure_code=code, measure_label=MEASURES[code].label, fit=fit)
        for code, fit in kpi_comparators(kpi_measure, age_min, age_max)
    ]
    columns = [*SERIES_COLUMNS, "neighbours_with_value", "neighbours_total", "measure_code", "measure_label", "fit"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class Benchmark:
    """One measure and year for an authority: what the Benchmark page shows."""

    measure: Measure
    authority: Authority
    year: int
    years: list[int]
    ranked: pd.DataFrame  # area, area_code, role, value, marker, shown (the dot plot, best first)
    average: dict[str, object]  # value, with_value, suppressed, other_missing, total
    region_value: float | None
    england_value: float | None
    own_value: float | None
    own_marker: str
    rank: int | None
    of: int | None
    quartile: int | None
    quartile_name: str
    all_las: pd.DataFrame  # area_code, area_name, value (every LA with a figure this year)
    gaps: pd.DataFrame  # year, authority, neighbours, england, gap_neighbours, gap_england (NaN for a headcount)
    finding: str
    neighbour_finding: str
    method: str


def years(measure_code: str) -> list[int]:
    data = panel(measure_code)
    return sorted(int(y) for y in set(data.loc[data["value"].notna(), "year"]))


def _value(data: pd.DataFrame, code: int, year: int) -> tuple[float | None, str]:
    row = data[(data["area_code"] == code) & (data["year"] == year)]
    if row.empty:
        return None, "x"
    v = row.iloc[0]["value"]
    return (None if pd.isna(v) else float(v)), _label_marker(row.iloc[0]["marker"])


def _comparison(own: float, other: float | None, m: Measure) -> str:
    if other is None or math.isnan(other):
        return "no figure"
    diff = own - other
    if m.unit == "%":
        size = f"{abs(diff):.1f} points"
    elif m.unit == "£":
        size = f"£{abs(diff):,.0f}"
    else:
        size = f"{abs(diff):,.0f}"
    if abs(diff) < 0.05:
        return "level with"
    if m.polarity == "neutral":
        return f"{size} {'above' if diff > 0 else 'below'}"
    better = diff > 0 if m.polarity == "higher" else diff < 0
    return f"{size} {'better than' if better else 'worse than'}"


def gap_change(first: float, last: float) -> str:
    """How a gap moved from ``first`` to ``last``: one that changed side 'reversed', not 'narrowed'.

    >>> gap_change(13.0, -10.0), gap_change(-5.0, -2.0), gap_change(2.0, 4.0)
    ('reversed', 'narrowed', 'widened')
    """
    if first * last < 0:
        return "reversed"
    change = abs(last) - abs(first)
    return "narrowed" if change < 0 else "widened" if change > 0 else "held"


def benchmark(la_code: int, measure_code: str, year: int | None = None) -> Benchmark:
    """The authority against its neighbours, region and England for ``measure_code`` in ``year``
    (default: the latest year the authority has a figure, else the latest year)."""
    m = measure(measure_code)
    la = authority(la_code)
    data = panel(measure_code)
    nb = neighbours(la_code)
    all_years = years(measure_code)
    own_years = sorted(int(y) for y in data.loc[(data["area_code"] == la.la_code) & data["value"].notna(), "year"])
    if year is None:
        year = own_years[-1] if own_years else all_years[-1]
    series = comparator_series(la_code, measure_code)
    this_year = data[data["year"] == year]
    own_value, own_marker = _value(data, la.la_code, year)
    region_value, _ = _value(data, la.region_code, year)
    england_value, _ = _value(data, ENGLAND, year)
    avg_frame = neighbour_average(this_year, nb["area_code"].tolist()) if not nb.empty else pd.DataFrame()
    average = avg_frame.to_dict("records")[0] if len(avg_frame) else {"value": math.nan, "with_value": 0, "suppressed": 0, "other_missing": 0, "total": 0}

    las = this_year[this_year["area_type"] == "la"]
    all_las = las.loc[las["value"].notna(), ["area_code", "area_name", "value"]].reset_index(drop=True)
    if own_value is not None and len(all_las):
        rank, of, q = quartile(own_value, all_las["value"], m.polarity)
        names = QUARTILE_NAMES if m.polarity != "neutral" else COUNT_QUARTILE_NAMES if m.is_count else SPEND_QUARTILE_NAMES
        quartile_name = names[q]
    else:
        rank = of = q = None
        quartile_name = "no position: no figure this year"

    rows = [(la.name, la.la_code, "authority", own_value, own_marker)]
    for r in nb.itertuples():
        v, mk = _value(data, int(r.area_code), year)
        rows.append((str(r.area_name), int(r.area_code), "neighbour", v, mk))
    avg_value = average["value"]
    rows += [
        ("Neighbour average", None, "neighbour average", None if pd.isna(avg_value) else float(avg_value), "" if average["with_value"] else "x"),
        (la.region_name, la.region_code, "region", region_value, ""),
        ("England", ENGLAND, "england", england_value, ""),
    ]
    if m.is_count:
        rows = [r for r in rows if r[2] not in ("region", "england")]
    ranked = pd.DataFrame(rows, columns=["area", "area_code", "role", "value", "marker"])
    ranked["area_code"] = ranked["area_code"].astype("Int64")
    descending = m.polarity != "lower"
    ranked = ranked.sort_values("value", ascending=not descending, na_position="last", kind="stable", ignore_index=True)

    wide = series.pivot_table(index="year", columns="area_type", values="value", aggfunc="first")
    gaps = pd.DataFrame({"year": wide.index.astype(int)})
    for col, name in (("la", "authority"), ("neighbours", "neighbours"), ("england", "england"), ("region", "region")):
        gaps[name] = wide[col].to_numpy() if col in wide else math.nan
    gaps["gap_neighbours"] = gaps["authority"] - gaps["neighbours"]
    gaps["gap_england"] = math.nan if m.is_count else gaps["authority"] - gaps["england"]
    gaps = gaps.dropna(subset=["authority"]).reset_index(drop=True)

    if own_value is None:
        meaning = MARKER_MEANINGS.get(own_marker, "not published")
        finding = f"{la.name} has no published figure for {m.short} in {year_label(m, year)} ({meaning})"
    else:
        what = m.label[0].lower() + m.label[1:]
        if m.is_count:
            to_england = "" if england_value is None else f"; England has {fmt(england_value, m.unit)} care leavers of these ages in all"
        else:
            to_england = f" and {_comparison(own_value, england_value, m)} England ({fmt(england_value, m.unit)})"
        finding = (
            f"{la.name}: {fmt(own_value, m.unit)} {'of ' if m.unit == '%' else ''}{what} in {year_label(m, year)}, {_comparison(own_value, None if pd.isna(avg_value) else float(avg_value), m)} "
            f"its neighbours' average ({fmt(None if pd.isna(avg_value) else float(avg_value), m.unit)}){to_england}"
        )
    shown = ranked[(ranked["role"] == "neighbour") & ranked["value"].notna()]
    if own_value is None or shown.empty:
        neighbour_finding = f"{la.name} and its statistical neighbours, {m.short}, {year_label(m, year)}"
    elif m.polarity == "neutral":
        above = int((shown["value"] > own_value).sum())
        neighbour_finding = f"{above} of {la.name}'s {len(shown)} statistical neighbours with a figure are above it in {year_label(m, year)}"
    else:
        better = int(((shown["value"] > own_value) if m.polarity == "higher" else (shown["value"] < own_value)).sum())
        neighbour_finding = f"{better} of {la.name}'s {len(shown)} statistical neighbours with a figure did better in {year_label(m, year)}"
    method = (
        f"Neighbour average: the mean of the {int(average['with_value'])} of {int(average['total'])} statistical neighbours with a "
        f"published figure in {year_label(m, year)}"
        + (f"; {int(average['suppressed'])} suppressed (c)" if average["suppressed"] else "")
        + (f"; {int(average['other_missing'])} with no figure (not applicable, or not an authority that year)" if average["other_missing"] else "")
        + ". "
        + f"Each area's figure is DfE's as published; {m.basis}."
    )
    return Benchmark(
        measure=m, authority=la, year=int(year), years=all_years, ranked=ranked, average=average,
        region_value=region_value, england_value=england_value, own_value=own_value, own_marker=own_marker,
        rank=rank, of=of, quartile=q, quartile_name=quartile_name, all_las=all_las, gaps=gaps, finding=finding,
        neighbour_finding=neighbour_finding, method=method,
    )


def download_frame(b: Benchmark) -> pd.DataFrame:
    """The benchmark as a table with user-facing column names, for the CSV download."""
    roles = {"authority": "This authority", "neighbour": "Statistical neighbour", "neighbour average": "Neighbour average (DfE method)",
             "region": "Region", "england": "England"}
    return pd.DataFrame({
        "Area": b.ranked["area"],
        "Role": b.ranked["role"].map(roles),
        "DfE LA code": b.ranked["area_code"],
        "Measure": b.measure.label,
        "Year ending 31 March": b.year,
        f"Value ({b.measure.unit})": b.ranked["value"].round(2),
        "DfE symbol (no figure published)": b.ranked["marker"].replace("", None),
        "Basis": b.measure.basis,
        "Source": b.measure.source,
    })


# --------------------------------------------------------------------------- spend for commissioners


@dataclass(frozen=True)
class SpendPlacement:
    """A cost per care leaver placed among every LA's leaving care spend per care leaver in ``year``."""

    year: int
    value: float
    care_leavers: float
    rank: int  # 1 = highest spend
    of: int
    share_below: float  # per cent of LAs spending less per care leaver
    quartile_name: str
    england: float | None
    neighbours: float | None
    distribution: pd.DataFrame  # area_code, area_name, value


def care_leaver_count(la_code: int, year: int) -> float | None:
    data = panel("care_leavers_19_21")
    value, _ = _value(data, int(la_code), int(year))
    return value


def place_cost(la_code: int, annual_cost: float) -> SpendPlacement | None:
    """An option's annual cost divided by the authority's care leavers aged 19 to 21 (DfE, latest year
    with spend figures), placed on every LA's spend per care leaver that year. None when the authority
    has no count for that year."""
    data = panel(SPEND_MEASURE)
    with_values = data[data["value"].notna() & (data["area_type"] == "la")]
    if with_values.empty:
        return None
    year = int(with_values["year"].max())
    count = care_leaver_count(la_code, year)
    if not count:
        return None
    value = float(annual_cost) / count
    dist = with_values[with_values["year"] == year][["area_code", "area_name", "value"]].reset_index(drop=True)
    rank, of, q = quartile(value, pd.concat([dist["value"], pd.Series([value])], ignore_index=True), "neutral")
    england, _ = _value(data, ENGLAND, year)
    nb = neighbours(la_code)
    avg = neighbour_average(data[data["year"] == year], nb["area_code"].tolist()) if not nb.empty else pd.DataFrame()
    nb_value = float(avg.iloc[0]["value"]) if len(avg) and not pd.isna(avg.iloc[0]["value"]) else None
    return SpendPlacement(
        year=year, value=value, care_leavers=count, rank=rank, of=of, share_below=float((dist["value"] < value).mean() * 100),
        quartile_name=SPEND_QUARTILE_NAMES[q], england=england, neighbours=nb_value, distribution=dist,
    )


# The DfE measures an Overview leads with for any authority with an LA code, before it has loaded
# anything of its own: the four care-leaver outcomes for 19 to 21 year olds.
HEADLINE_MEASURES = ("eet_19_21", "accommodation_19_21", "in_touch_19_21", "neet_19_21")


def headline_sentence(b: Benchmark) -> str:
    """One line a councillor can read: 'In 2024, 50% (England 54%; neighbours' average 51.6%, 10 of 10
    neighbours); third quarter of English authorities.'"""
    unit = b.measure.unit
    if b.own_value is None:
        return f"No published figure for {b.year} ({b.own_marker or 'not available'})."
    parts = [f"England {b.england_value:g}{unit}"] if b.england_value is not None else []
    if b.average.get("value") is not None:
        parts.append(
            f"neighbours' average {round(float(b.average['value']), 1):g}{unit}, "
            f"{b.average['with_value']} of {b.average['total']} neighbours"
        )
    where = f"; {b.quartile_name} of English authorities" if b.quartile_name else ""
    return f"In {year_label(b.measure, b.year)}, {b.own_value:g}{unit} ({'; '.join(parts)}){where}."
