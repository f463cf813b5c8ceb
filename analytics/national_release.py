"""Read one DfE release of the national care-leaver statistics into tidy tables, suppression markers kept.

The release is seven CSV files (their provenance: ``data/national/README.md``):

- Explore Education Statistics, *Children looked after in England including adoptions*:
  ``ees_la_care_leavers_activity.csv``, ``ees_la_care_leavers_accommodation_suitability.csv`` and
  ``ees_la_care_leavers_intouch.csv`` (tables ``la_care_leavers_activity``,
  ``la_care_leavers_accommodation_suitability``, ``la_care_leavers_intouch``): every LA, region and
  England, ages 17 to 18 and 19 to 21, by collection year (year ending 31 March).
- The Local Authority Interactive Tool's long table of care-leaver measures, their names and its data
  dictionary: ``lait_care_leaver_measures.csv``, ``lait_care_leaver_measure_names.csv``,
  ``lait_data_dictionary_care_leavers.csv``.
- The DfE's children's services statistical neighbours: ``statistical_neighbours_2025.csv``.

A value cell is either a number or one of DfE's symbols (``c`` suppressed, ``z`` not applicable,
``x`` not available, ``k`` rounds to zero, ``low``, LAIT's ``-`` ...). A symbol is kept as written in
``marker`` with ``value`` NULL, never turned into a number. A file whose columns are not exactly the
expected ones, or a cell that is neither, is refused with the file, row, column and value.

Every area carries one integer code: an LA its DfE "old LA code" (e.g. 925), England 970 and
each region LAIT's 980 to 990.

Example::

    >>> split_value("c", file="ees_la_care_leavers_activity.csv", row=3, column="number")
    (None, 'c')
    >>> split_value("136", file="ees_la_care_leavers_activity.csv", row=3, column="number")
    (136.0, None)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import datetime as dt

import duckdb
import pandas as pd

ENGLAND = 970
# DfE's regions: ONS codes in the statistics release, names in LAIT and the neighbour file, LAIT's number for both.
REGIONS: dict[str, tuple[int, str]] = {
    "E12000001": (980, "North East"),
    "E12000002": (981, "North West"),
    "E12000003": (982, "Yorkshire and the Humber"),
    "E12000004": (983, "East Midlands"),
    "E12000005": (984, "West Midlands"),
    "E12000006": (985, "East of England"),
    "E12000007": (986, "London"),
    "E13000001": (987, "Inner London"),
    "E13000002": (988, "Outer London"),
    "E12000008": (989, "South East"),
    "E12000009": (990, "South West"),
}
_REGION_BY_NAME = {name.lower(): code for code, name in REGIONS.values()} | {
    "london (inner)": 987, "london (outer)": 988, "yorkshire and the humber": 982,
}

_EES_ID = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "old_la_code", "la_name", "new_la_code", "age",
]
# dataset -> (file, breakdown column, categories our measures read, which must be present)
EES_FILES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "activity": (
        "ees_la_care_leavers_activity.csv", "activity",
        ("Total", "Total in education, employment or training", "Total not in education, employment or training"),
    ),
    "accommodation": (
        "ees_la_care_leavers_accommodation_suitability.csv", "accommodation_suitability",
        ("Accommodation considered suitable", "Suitability total"),
    ),
    "in_touch": (
        "ees_la_care_leavers_intouch.csv", "in_touch",
        ("Local authority in touch with care leaver", "Local authority not in touch with care leaver", "Total"),
    ),
}
LAIT_FILE = "lait_care_leaver_measures.csv"
NAMES_FILE = "lait_care_leaver_measure_names.csv"
DICTIONARY_FILE = "lait_data_dictionary_care_leavers.csv"
NEIGHBOURS_FILE = "statistical_neighbours_2025.csv"
NEIGHBOURS = 10
COLUMNS: dict[str, list[str]] = {
    **{file: [*_EES_ID, column, "number", "percentage"] for file, column, _ in EES_FILES.values()},
    LAIT_FILE: ["measure_code", "year", "area", "la_number", "region", "value"],
    NAMES_FILE: ["code", "data_item"],
    DICTIONARY_FILE: [
        "Measure_code", "Topic", "Measure", "Chart_title", "Measure_short", "Polarity", "y_axis_name",
        "state_funded_flag", "Table_status", "Description", "Last Update", "Next Update",
        "Data Owner (DO) /Supplier and Contact Details", "Methodology", "Hyperlink(s)", "dps", "Year_Type", "No_Quartile",
    ],
    NEIGHBOURS_FILE: ["la_number", "la_name", "region", *(f"sn{i}" for i in range(1, NEIGHBOURS + 1))],
}
FILES = tuple(COLUMNS)
# LAIT measures our benchmarks read; a release without them is refused.
LAIT_REQUIRED = ("CareLeaverEET", "CareLeaverAcc", "NoCareLeavers", "StayingPut", "LeaveCareSupServTotExp")
# DfE's symbols for a cell with no number (domain notes, section 3), and LAIT's dash.
MARKERS = frozenset({"c", "z", "x", "k", "u", "low", "-", ":", ".."})
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FINANCIAL_YEAR = re.compile(r"(\d{4})-(\d{2})")
_LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}
PARQUET = {"areas": "areas.parquet", "neighbours": "neighbours.parquet", "outcomes": "outcomes.parquet",
           "lait": "lait.parquet", "definitions": "definitions.parquet"}
MANIFEST = "manifest.json"
ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "national" / "schema.sql"
BUILT_IN = ROOT / "data" / "national"
TABLES = ("areas", "neighbours", "outcomes", "lait", "definitions")
# Every table data/national/schema.sql creates in the store.
STORE_TABLES = (*(f"national_{t}" for t in TABLES), "national_load_log")
# The statements that replace each table; the names are this module's constants, never input.
_REPLACE = {t: ("DELETE FROM national_" + t, "INSERT INTO national_" + t + " BY NAME SELECT * FROM incoming") for t in TABLES}
COUNT_ROWS = {t: "SELECT count(*) FROM " + t for t in STORE_TABLES}


class ReleaseError(ValueError):
    """A release file is missing or not in the shape of the DfE files; the message names file, row, column and value."""


@dataclass(frozen=True)
class Release:
    """Tidy tables of one release, in the columns of the store's ``national_*`` tables."""

    areas: pd.DataFrame
    neighbours: pd.DataFrame
    outcomes: pd.DataFrame
    lait: pd.DataFrame
    definitions: pd.DataFrame
    files: pd.DataFrame  # file, sha256, records, latest_year

    @property
    def release_year(self) -> int:
        """The latest year (ending 31 March) any file covers: 2025 for LAIT's 2025 figures."""
        return int(self.files["latest_year"].max())

    def frames(self) -> dict[str, pd.DataFrame]:
        return {"areas": self.areas, "neighbours": self.neighbours, "outcomes": self.outcomes, "lait": self.lait,
                "definitions": self.definitions}


def split_value(text: str, *, file: str, row: int, column: str) -> tuple[float | None, str | None]:
    """A cell as (value, marker): a number and no marker, or no value and the DfE symbol as written.
    ``row`` is the spreadsheet row (1 is the header)."""
    cell = text.strip()
    if _NUMBER.fullmatch(cell):
        return float(cell), None
    if cell.lower() in MARKERS:
        return None, cell
    raise ReleaseError(
        f"{file}, row {row}, column {column}: {text!r} is neither a number nor a DfE symbol ({', '.join(sorted(MARKERS))})"
    )


def _split_column(frame: pd.DataFrame, column: str, file: str) -> tuple[list[float | None], list[str | None]]:
    pairs = [split_value(v, file=file, row=i + 2, column=column) for i, v in enumerate(frame[column])]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _read(folder: Path, name: str) -> tuple[pd.DataFrame, str]:
    path = folder / name
    if not path.is_file():
        raise ReleaseError(f"{name}: missing from {folder}; a release has these files: {', '.join(FILES)}")
    raw = path.read_bytes()
    try:
        # Plain Python strings: iterating pandas' Arrow-backed strings cell by cell is many times slower.
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").astype(object)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReleaseError(f"{name}: not a UTF-8 CSV file: {exc}") from exc
    expected = COLUMNS[name]
    if list(frame.columns) != expected:
        missing = [c for c in expected if c not in frame.columns]
        unexpected = [c for c in frame.columns if c not in expected]
        detail = "; ".join(part for part in (
            f"missing {', '.join(missing)}" if missing else "",
            f"unexpected {', '.join(map(str, unexpected))}" if unexpected else "",
        ) if part) or "the same columns in another order"
        raise ReleaseError(f"{name}: columns differ from the DfE release this product reads ({detail}); nothing was loaded")
    if frame.empty:
        raise ReleaseError(f"{name}: has no rows")
    return frame, hashlib.sha256(raw).hexdigest()


def _year(text: str, *, file: str, row: int, column: str) -> tuple[int, str]:
    """(year ending 31 March, period as published): '2024' -> 2024; financial year '2023-24' -> 2024."""
    cell = text.strip()
    if re.fullmatch(r"\d{4}", cell):
        return int(cell), cell
    fy = _FINANCIAL_YEAR.fullmatch(cell)
    if fy and (int(fy.group(1)) + 1) % 100 == int(fy.group(2)):
        return int(fy.group(1)) + 1, cell
    raise ReleaseError(f"{file}, row {row}, column {column}: {text!r} is not a year (2024) or financial year (2023-24)")


def _code(text: str, *, file: str, row: int, column: str) -> int:
    if not re.fullmatch(r"\d{3}", text.strip()):
        raise ReleaseError(f"{file}, row {row}, column {column}: {text!r} is not a three-digit DfE LA code")
    return int(text)


def _region_code(name: str, *, file: str, row: int, column: str) -> int:
    try:
        return _REGION_BY_NAME[name.strip().lower()]
    except KeyError:
        raise ReleaseError(f"{file}, row {row}, column {column}: {name!r} is not one of DfE's regions") from None


def _ees(folder: Path, dataset: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, object]]:
    file, column, required = EES_FILES[dataset]
    frame, sha = _read(folder, file)
    rows = []
    areas = []
    for i, r in enumerate(frame.itertuples(index=False)):
        row = i + 2
        rec = r._asdict()
        level = _LEVELS.get(rec["geographic_level"])
        if level is None:
            raise ReleaseError(f"{file}, row {row}, column geographic_level: {rec['geographic_level']!r} is not one of {', '.join(_LEVELS)}")
        year, _ = _year(rec["time_period"], file=file, row=row, column="time_period")
        if level == "england":
            code, name, region = ENGLAND, "England", None
        elif level == "region":
            if rec["region_code"] not in REGIONS:
                raise ReleaseError(f"{file}, row {row}, column region_code: {rec['region_code']!r} is not one of DfE's regions")
            code, name = REGIONS[rec["region_code"]]
            region = None
        else:
            code = _code(rec["old_la_code"], file=file, row=row, column="old_la_code")
            name = rec["la_name"]
            if rec["region_code"] not in REGIONS:
                raise ReleaseError(f"{file}, row {row}, column region_code: {rec['region_code']!r} is not one of DfE's regions")
            region = REGIONS[rec["region_code"]][0]
            areas.append((code, name, "la", region, rec["new_la_code"] or None, year))
        age = re.sub(r"^Aged |\s*years$", "", rec["age"]).strip()
        rows.append((dataset, year, code, age, rec[column]))
    tidy = pd.DataFrame(rows, columns=["dataset", "year", "area_code", "age_group", "category"])
    out = []
    for statistic in ("number", "percentage"):
        values, markers = _split_column(frame, statistic, file)
        out.append(tidy.assign(statistic=statistic, value=values, marker=markers))
    outcomes = pd.concat(out, ignore_index=True)
    missing = [c for c in required if c not in set(tidy["category"])]
    if missing:
        raise ReleaseError(f"{file}, column {column}: no rows for {', '.join(missing)}; the benchmarks read these categories")
    key = ["dataset", "year", "area_code", "age_group", "category", "statistic"]
    repeated = outcomes[outcomes.duplicated(key, keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        raise ReleaseError(f"{file}: {first['category']!r} for area {first['area_code']} in {first['year']} appears more than once")
    area_frame = pd.DataFrame(areas, columns=["area_code", "area_name", "area_type", "region_code", "ons_code", "year"])
    info = {"file": file, "sha256": sha, "records": len(frame), "latest_year": int(tidy["year"].max())}
    return outcomes, area_frame, info


def _lait(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, object]]:
    frame, sha = _read(folder, LAIT_FILE)
    rows, areas = [], []
    for i, r in enumerate(frame.itertuples(index=False)):
        row = i + 2
        year, period = _year(r.year, file=LAIT_FILE, row=row, column="year")
        code = _code(r.la_number, file=LAIT_FILE, row=row, column="la_number")
        if code != ENGLAND and not 980 <= code <= 990:
            areas.append((code, r.area, "la", _region_code(r.region, file=LAIT_FILE, row=row, column="region"), None, year))
        value, marker = split_value(r.value, file=LAIT_FILE, row=row, column="value")
        rows.append((r.measure_code, year, period, code, value, marker))
    lait = pd.DataFrame(rows, columns=["measure_code", "year", "period", "area_code", "value", "marker"])
    missing = [m for m in LAIT_REQUIRED if m not in set(lait["measure_code"])]
    if missing:
        raise ReleaseError(f"{LAIT_FILE}, column measure_code: no rows for {', '.join(missing)}; the benchmarks read these measures")
    repeated = lait[lait.duplicated(["measure_code", "year", "area_code"], keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        raise ReleaseError(f"{LAIT_FILE}: {first['measure_code']} for area {first['area_code']} in {first['period']} appears more than once")
    info = {"file": LAIT_FILE, "sha256": sha, "records": len(frame), "latest_year": int(lait["year"].max())}
    return lait, pd.DataFrame(areas, columns=["area_code", "area_name", "area_type", "region_code", "ons_code", "year"]), info


def _neighbours(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, object]]:
    frame, sha = _read(folder, NEIGHBOURS_FILE)
    rows, areas = [], []
    for i, r in enumerate(frame.to_dict("records")):
        row = i + 2
        code = _code(r["la_number"], file=NEIGHBOURS_FILE, row=row, column="la_number")
        areas.append((code, r["la_name"], "la", _region_code(r["region"], file=NEIGHBOURS_FILE, row=row, column="region"), None, 0))
        for rank in range(1, NEIGHBOURS + 1):
            column = f"sn{rank}"
            rows.append((code, rank, _code(r[column], file=NEIGHBOURS_FILE, row=row, column=column)))
    neighbours = pd.DataFrame(rows, columns=["la_code", "rank", "neighbour_code"])
    info = {"file": NEIGHBOURS_FILE, "sha256": sha, "records": len(frame), "latest_year": 0}
    return neighbours, pd.DataFrame(areas, columns=["area_code", "area_name", "area_type", "region_code", "ons_code", "year"]), info


def _definitions(folder: Path, lait: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    names, names_sha = _read(folder, NAMES_FILE)
    dictionary, dict_sha = _read(folder, DICTIONARY_FILE)
    codes = sorted(set(lait["measure_code"]))
    by_short = dictionary.drop_duplicates("Measure_short").set_index("Measure_short")
    named = dict(zip(names["code"], names["data_item"]))
    rows = []
    for code in codes:
        d = by_short.loc[code] if code in by_short.index else None
        def field(k: str, d: pd.Series | None = d) -> str | None:
            return (d[k].replace("\r", "").strip() or None) if d is not None else None
        rows.append({
            "measure_code": code,
            "name": (named.get(code) or "").strip() or field("Measure") or code,
            "chart_title": field("Chart_title"),
            "polarity": field("Polarity"),
            "year_type": field("Year_Type"),
            "description": field("Description"),
            "methodology": field("Methodology"),
            "link": field("Hyperlink(s)"),
        })
    files = [
        {"file": NAMES_FILE, "sha256": names_sha, "records": len(names), "latest_year": 0},
        {"file": DICTIONARY_FILE, "sha256": dict_sha, "records": len(dictionary), "latest_year": 0},
    ]
    return pd.DataFrame(rows), files


def _areas(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per area: an LA's name and region from its latest appearance (statistics release first)."""
    las = pd.concat(parts, ignore_index=True).sort_values("year", ascending=False, kind="stable")
    las = las.drop_duplicates("area_code", keep="first").drop(columns="year")
    fixed = [(ENGLAND, "England", "england", None, "E92000001")] + [
        (code, name, "region", None, ons) for ons, (code, name) in REGIONS.items()
    ]
    return pd.concat(
        [pd.DataFrame(fixed, columns=las.columns), las], ignore_index=True
    ).astype({"area_code": "int64", "region_code": "Int64"}).sort_values("area_code", ignore_index=True)


def read_folder(folder: Path) -> Release:
    """Read and check every file of a release in ``folder``; ``ReleaseError`` names the first problem."""
    folder = Path(folder)
    outcomes, area_parts, files = [], [], []
    for dataset in EES_FILES:
        tidy, areas, info = _ees(folder, dataset)
        outcomes.append(tidy)
        area_parts.append(areas)
        files.append(info)
    lait, lait_areas, lait_info = _lait(folder)
    neighbours, sn_areas, sn_info = _neighbours(folder)
    definitions, def_files = _definitions(folder, lait)
    # The statistics release names an LA first, then LAIT, then the neighbour file.
    area_parts = [a.assign(year=a["year"] + 10_000) for a in area_parts] + [lait_areas, sn_areas]
    areas = _areas(area_parts)
    unknown = sorted(set(neighbours["neighbour_code"]) - set(areas["area_code"]))
    if unknown:
        raise ReleaseError(f"{NEIGHBOURS_FILE}: neighbour codes {', '.join(map(str, unknown))} are not LAs in the release")
    return Release(
        areas=areas, neighbours=neighbours, outcomes=pd.concat(outcomes, ignore_index=True), lait=lait,
        definitions=definitions, files=pd.DataFrame([*files, lait_info, sn_info, *def_files]),
    )


def write_compact(release: Release, out_dir: Path) -> list[Path]:
    """Write the release as zstd-compressed Parquet files and a manifest (file checksums, release year)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect()
    try:
        for name, frame in release.frames().items():
            path = out_dir / PARQUET[name]
            con.from_df(frame).write_parquet(str(path), compression="zstd")
            written.append(path)
    finally:
        con.close()
    manifest = {"release_year": release.release_year, "files": release.files.to_dict("records")}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    written.append(out_dir / MANIFEST)
    return written


def read_compact(folder: Path) -> Release:
    """The release as written by ``write_compact`` (the product's built-in copy: ``data/national``)."""
    folder = Path(folder)
    con = duckdb.connect()
    try:
        frames = {name: con.execute("SELECT * FROM read_parquet(?)", [str(folder / file)]).df() for name, file in PARQUET.items()}
    finally:
        con.close()
    manifest = json.loads((folder / MANIFEST).read_text())
    frames["areas"] = frames["areas"].astype({"region_code": "Int64"})
    return Release(**frames, files=pd.DataFrame(manifest["files"]))


def write_tables(con: duckdb.DuckDBPyConnection, release: Release, *, origin: str) -> None:
    """Replace every ``national_*`` table in ``con`` with ``release`` and log the load. The caller owns
    the transaction or the temporary copy, so a failure leaves the store as it was."""
    con.execute(SCHEMA.read_text())
    for name in TABLES:
        delete, insert = _REPLACE[name]
        con.execute(delete)
        con.register("incoming", release.frames()[name])
        try:
            con.execute(insert)
        finally:
            con.unregister("incoming")
    loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for f in release.files.itertuples(index=False):
        con.execute(
            "INSERT INTO national_load_log VALUES (?, ?, ?, ?, ?, ?, ?)",
            [loaded_at, release.release_year, origin, f.file, int(f.records), int(f.latest_year) or None, f.sha256],
        )
