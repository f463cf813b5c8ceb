"""The three templates an authority fills in: provider KPI returns, cohort snapshots, budget lines.

Each template is documented column by column (``docs``) and downloadable as CSV, or XLSX when
openpyxl is installed (``template_bytes``). Templates come with the rows to fill in and blank values,
so an unfilled template is refused rather than loaded. Column names are matched ignoring capitals.

* **Provider KPI return** (``kpi_id, period, value``): one value per KPI per quarter, ``period`` as
  ``2024-25 Q1`` (financial-year quarters, Q1 = April to June). A period not yet in the store must
  give every configured KPI, so that every KPI page has a value for the latest period. A value
  replaces the stored value for the same KPI and period.
* **Cohort snapshot**: one record per care leaver open to the service on ``snapshot_date``, with the
  SSDA903 IN_TOUCH, ACTIV and ACCOM codes, legal status and Pathway Plan. The first snapshot loaded
  replaces the synthetic record-level data; later ones replace any stored records for the same
  dates. CHILD is pseudonymised and only the month of DOB and of ``care_start`` is kept.
* **Budget lines** (``line_id, option, item, amount``): ``option`` blank for lines common to both
  options, else ``outsourced`` or ``insourced``; a line replaces the stored line with the same
  ``line_id`` and ``option``.

Example::

    >>> period_end("2024-25 Q1"), period_end("2024-25 Q4")
    (datetime.date(2024, 6, 30), datetime.date(2025, 3, 31))
    >>> template_bytes("kpi_returns", "csv", kpi_ids=["kit"], period="2024-25 Q1").decode()
    'kpi_id,period,value\\nkit,2024-25 Q1,\\n'
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analytics.ingest import ssda903
from analytics.ingest.checks import FileChecks, age_on, long_date
from analytics import periods as reporting_periods
from analytics.ingest.issues import Issue
from analytics.ingest.kinds import BUDGET_LINES, COHORT_SNAPSHOTS, KPI_RETURNS, Kind, canonical_columns
from analytics.ingest.reading import XLSX_AVAILABLE, Table

LEGAL_STATUSES = ("Eligible", "Relevant", "Former Relevant", "Qualifying")
# Children Act 1989 and the Children (Leaving Care) Act 2000: Eligible and Relevant young people are
# 16 or 17; Former Relevant are 18 to 25. Qualifying care leavers may be any age in the range.
LEGAL_STATUS_AGES = {"Eligible": (16, 17), "Relevant": (16, 17), "Former Relevant": (18, 25)}
LOCATIONS = ("In county", "Out of county", "Unknown")
OPTIONS = ("", "outsourced", "insourced")
SEX_WORDS = {"1": "Male", "M": "Male", "2": "Female", "F": "Female", "U": "Unknown"}
ETHNICITY_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black"}
# The 903 list puts Chinese with "other ethnic group"; REFU and NOBT say the ethnicity is not known.
ETHNICITY_OTHER = {"CHNE": "Other", "OOTH": "Other", "REFU": "Not known", "NOBT": "Not known"}
EARLIEST_SNAPSHOT = dt.date(2000, 1, 1)
_LINE_ID = re.compile(r"[a-z0-9_]{1,60}")
# Rows a message about a repeated key names before counting the rest.
ROWS_NAMED = 10

DOCS: dict[str, list[tuple[str, str, str]]] = {
    KPI_RETURNS.key: [
        ("kpi_id", "text", "A kpi_id from the authority's configuration (the rows are pre-filled)"),
        ("period", "2024-25 Q1", "Financial year and quarter: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March"),
        ("value", "number", "The KPI's value in its unit (per cent: 0 to 100), as the provider reported it"),
    ],
    COHORT_SNAPSHOTS.key: [
        ("snapshot_date", "dd/mm/yyyy", "The date the list was taken (quarterly: 01/04, 01/07, 01/10, 01/01)"),
        ("child", "1-10 characters", "Your case-system ID; replaced on load by a keyed hash and never stored"),
        ("dob", "dd/mm/yyyy", "Date of birth; only the month and year are kept. Age at the snapshot must be 16 to 25"),
        ("sex", "1 2 or M F U", "SSDA903 SEX, either scheme"),
        ("ethnic", "SSDA903 code", "One of the 20 SSDA903 ETHNIC codes (WBRI ... NOBT)"),
        ("disabled", "Y or N", "Has a disability"),
        ("uasc", "Y or N", "Former unaccompanied asylum-seeking child"),
        ("care_start", "dd/mm/yyyy", "Date the young person last came into care; only the month and year are kept"),
        ("legal_status", "text", "Eligible, Relevant (both 16-17), Former Relevant (18-25) or Qualifying"),
        ("location", "text", "In county, Out of county or Unknown"),
        ("in_custody", "Y or N", "In custody on the snapshot date"),
        ("at_university", "Y or N", "At university on the snapshot date"),
        ("in_touch", "SSDA903 code", "IN_TOUCH: YES, NO, DIED, REFU, NREQ or RHOM"),
        ("activ", "SSDA903 code", "ACTIV: F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 or 0"),
        ("accom", "SSDA903 code", "ACCOM: a letter (B C D E G H K R S T U V W X Y Z) then 1 suitable or 2 unsuitable, or 0"),
        ("pathway_plan_up_to_date", "Y or N", "Pathway Plan reviewed within statutory timescales"),
    ],
    BUDGET_LINES.key: [
        ("line_id", "a-z 0-9 _", "The line's identifier, e.g. base_budget, total_budget, option_cost (the rows are pre-filled)"),
        ("option", "blank, outsourced or insourced", "Blank for lines common to both options"),
        ("item", "text", "What the line is, as your budget papers word it"),
        ("amount", "number", "Pounds per year; a pound sign and thousands commas are fine; negative for savings"),
    ],
}
BUDGET_TEMPLATE_LINES = (
    ("base_budget", "", "Base Budget"),
    ("s31_pa_contribution", "", "S31 PA Contribution"),
    ("contract_pressures_funding", "", "Budget Increase (Contract Pressures Funding)"),
    ("total_budget", "", "Total Budget"),
)


def docs(kind_key: str) -> pd.DataFrame:
    """Columns: column, format, meaning."""
    return pd.DataFrame(DOCS[kind_key], columns=["column", "format", "meaning"])


def latest_quarter(today: dt.date) -> str:
    """The quarter that most recently ended before ``today``, as a period label."""
    quarter_start_month = ((today.month - 1) // 3) * 3 + 1
    last = dt.date(today.year, quarter_start_month, 1) - dt.timedelta(days=1)
    fy = last.year if last.month >= 4 else last.year - 1
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}[last.month]
    return f"{fy}-{(fy + 1) % 100:02d} Q{quarter}"


def template_frame(kind_key: str, *, kpi_ids: Sequence[str] = (), period: str = "") -> pd.DataFrame:
    if kind_key == KPI_RETURNS.key:
        rows = [(k, period, "") for k in kpi_ids]
    elif kind_key == BUDGET_LINES.key:
        rows = [(*line, "") for line in BUDGET_TEMPLATE_LINES]
    else:
        rows = []
    columns = [c for c, _, _ in DOCS[kind_key]]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def template_bytes(kind_key: str, fmt: str, *, kpi_ids: Sequence[str] = (), period: str = "") -> bytes:
    """The template as ``csv`` or ``xlsx`` (a second sheet documents the columns)."""
    frame = template_frame(kind_key, kpi_ids=kpi_ids, period=period)
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt != "xlsx" or not XLSX_AVAILABLE:
        raise ValueError(f"no {fmt!r} template format here; csv{' and xlsx' if XLSX_AVAILABLE else ''} are available")
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([v if v != "" else None for v in row])
    notes = book.create_sheet("columns")
    notes.append(["column", "format", "meaning"])
    for line in DOCS[kind_key]:
        notes.append(list(line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def period_year() -> str:
    """The year convention of the pack in use ([periods] year), financial when it cannot be read."""
    from analytics import config

    try:
        return config.load().period_year
    except config.ConfigError:
        return "financial"


def period_label(value: str) -> str | None:
    """The canonical label (``2024/25 q1`` is ``2024-25 Q1``, ``2016-07`` is ``Jul-16``) of a period
    in the pack's year convention (``analytics.periods``), or None."""
    try:
        return reporting_periods.parse(value, year=period_year()).label
    except reporting_periods.PeriodError:
        return None


def period_end(period: str) -> dt.date:
    return reporting_periods.parse(period, year=period_year()).end


def _kpi_returns(f: FileChecks, table: Table, kpi_units: Mapping[str, str]) -> list[dict[str, Any]]:
    records = []
    today = dt.date.today()
    rows_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    known = ", ".join(kpi_units)
    # Read once for the file: reading the pack for each record took two thirds of a large check.
    year = period_year()
    for row, v in f.records(table, canonical_columns(KPI_RETURNS, table.columns)):
        kpi_id = f.required(row, "kpi_id", v["kpi_id"])
        if kpi_id is not None and kpi_id not in kpi_units:
            f.add(row, "kpi_id", kpi_id, "kpi_unknown", f"kpi_id {kpi_id!r} is not a KPI in the configuration ({known})")
            kpi_id = None
        period = None
        if f.required(row, "period", v["period"]):
            try:
                given = reporting_periods.parse(v["period"], year=year)
            except reporting_periods.PeriodError as exc:
                f.add(row, "period", v["period"], "period_format", str(exc))
            else:
                if given.end >= today:
                    f.add(row, "period", v["period"], "date_implausible",
                          f"{given.label} has not ended yet (it ends {long_date(given.end)})")
                else:
                    period = given.label
        value = f.number(row, "value", v["value"])
        if value is not None and kpi_id is not None and kpi_units[kpi_id] == "%" and not 0 <= value <= 100:
            f.add(row, "value", v["value"], "number_range", f"value {v['value']} is a percentage and must be 0 to 100")
            value = None
        if kpi_id is not None and period is not None:
            rows_by_key[(kpi_id, period)].append(row)
        records.append({"row": row, "kpi_id": kpi_id, "period": period, "value": value})
    for (kpi_id, period), rows in rows_by_key.items():
        if len(rows) > 1:
            message = f"{kpi_id} for {period} is given in rows {_rows_text(rows)}"
            for row in rows:
                f.add(row, "kpi_id", kpi_id, "duplicate_key", message)
    return records


def _rows_text(rows: Sequence[int]) -> str:
    """The rows sharing a key, the first ``ROWS_NAMED`` of them by number: a file at the cell cap
    may repeat one key in every record, and a message naming them all, once per record, would take
    time and memory as the square of the file."""
    named = ", ".join(map(str, rows[:ROWS_NAMED]))  # no thousands commas in a comma-separated list
    return named if len(rows) <= ROWS_NAMED else f"{named} and {len(rows) - ROWS_NAMED:,} more"


def _ethnicity_group(code: str) -> str:
    return ETHNICITY_OTHER.get(code) or ETHNICITY_GROUPS[code[0]]


def _choice(f: FileChecks, row: int, column: str, value: str, choices: Sequence[str]) -> str | None:
    """Case-insensitive choice from a list of words, returned in the list's spelling."""
    spelling = {c.lower(): c for c in choices}
    return f.code(row, column, spelling.get(value.lower(), value), choices, f"one of {', '.join(choices)}")


def _cohort_snapshots(f: FileChecks, table: Table) -> list[dict[str, Any]]:
    records = []
    rows_by_key: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    today = dt.date.today()
    for row, v in f.records(table, canonical_columns(COHORT_SNAPSHOTS, table.columns), child_column="child"):
        snapshot = f.date(row, "snapshot_date", v["snapshot_date"])
        if snapshot is not None and not EARLIEST_SNAPSHOT <= snapshot <= today:
            f.add(row, "snapshot_date", v["snapshot_date"], "date_implausible",
                  f"snapshot_date must be between {long_date(EARLIEST_SNAPSHOT)} and today")
            snapshot = None
        child = f.child_id(row, "child", v["child"])
        dob = f.date(row, "dob", v["dob"])
        age = None
        if dob is not None and snapshot is not None:
            age = age_on(dob, snapshot)
            if not 16 <= age <= 25:
                f.add(row, "dob", v["dob"], "age_range", f"the care leaver is {age} on the snapshot date; care leavers are 16 to 25")
                age = None
        sex = f.code(row, "sex", v["sex"].upper(), tuple(SEX_WORDS), "1, 2, M, F or U")
        ethnic = f.code(row, "ethnic", v["ethnic"].upper(), ssda903.ETHNIC, "one of the 20 SSDA903 ethnicity codes")
        flags = {c: f.yes_no(row, c, v[c]) for c in ("disabled", "uasc", "in_custody", "at_university", "pathway_plan_up_to_date")}
        care_start = f.date(row, "care_start", v["care_start"])
        if care_start is not None and ((dob is not None and care_start < dob) or (snapshot is not None and care_start > snapshot)):
            f.add(row, "care_start", v["care_start"], "date_implausible", "care_start must be after the DOB and not after the snapshot date")
            care_start = None
        legal = _choice(f, row, "legal_status", v["legal_status"], LEGAL_STATUSES)
        if legal in LEGAL_STATUS_AGES and age is not None:
            youngest, oldest = LEGAL_STATUS_AGES[legal]
            if not youngest <= age <= oldest:
                f.add(row, "legal_status", legal, "legal_status_age", f"{legal} care leavers are {youngest} to {oldest}; this one is {age}")
        location = _choice(f, row, "location", v["location"], LOCATIONS)
        in_touch = f.code(row, "in_touch", v["in_touch"].upper(), ssda903.IN_TOUCH, "an IN_TOUCH code (YES, NO, DIED, REFU, NREQ, RHOM)")
        activ = f.code(row, "activ", v["activ"].upper(), ssda903.ACTIV, "an ACTIV code (F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 or 0)")
        accom = f.code(row, "accom", v["accom"].upper(), ssda903.ACCOM, "an ACCOM code: a letter then 1 or 2, or 0")
        if in_touch in ("DIED", "RHOM") and ((activ and activ != "0") or (accom and accom != "0")):
            f.add(row, "in_touch", in_touch, "died_rhom_codes", f"in_touch {in_touch} needs activ 0 and accom 0")
        if in_touch == "YES" and "0" in (activ, accom):
            f.add(row, "in_touch", in_touch, "in_touch_codes", "in_touch YES needs an activ and an accom other than 0")
        if child is not None and snapshot is not None:
            rows_by_key[(snapshot, child)].append(row)
        records.append({
            "row": row, "child": child, "dob": dob, "snapshot_date": snapshot, "age": age,
            "sex": SEX_WORDS.get(sex or ""), "ethnicity_group": _ethnicity_group(ethnic) if ethnic else None,
            "care_start": care_start, "legal_status": legal, "location": location,
            "in_touch": in_touch, "activ": activ, "accom": accom, **flags,
        })
    for (snapshot, child), rows in rows_by_key.items():
        if len(rows) > 1:
            message = f"this child is in rows {_rows_text(rows)} for the snapshot of {long_date(snapshot)}"
            for row in rows:
                f.add(row, "child", child, "duplicate_child", message, child=child)
    return records


def _budget_lines(f: FileChecks, table: Table) -> list[dict[str, Any]]:
    records = []
    rows_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, v in f.records(table, canonical_columns(BUDGET_LINES, table.columns)):
        line_id = f.required(row, "line_id", v["line_id"])
        if line_id is not None and not _LINE_ID.fullmatch(line_id):
            f.add(row, "line_id", line_id, "code", "line_id must be 1 to 60 lower-case letters, digits or _")
            line_id = None
        option = v["option"].lower()
        if option not in OPTIONS:
            f.add(row, "option", v["option"], "code", "option must be blank, outsourced or insourced")
            option = None
        item = f.required(row, "item", v["item"])
        amount = f.number(row, "amount", v["amount"])
        if line_id is not None and option is not None:
            rows_by_key[(line_id, option)].append(row)
        records.append({"row": row, "line_id": line_id, "option": option or None, "item": item, "amount": amount})
    for (line_id, option), rows in rows_by_key.items():
        if len(rows) > 1:
            message = f"{line_id} ({option or 'common'}) is given in rows {_rows_text(rows)}"
            for row in rows:
                f.add(row, "line_id", line_id, "duplicate_key", message)
    return records


def validate(table: Table, kind: Kind, kpi_units: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Records and issues for one template file; ``kpi_units`` maps each configured kpi_id to its unit."""
    f = FileChecks(table.name)
    if kind.key == KPI_RETURNS.key:
        records = _kpi_returns(f, table, kpi_units)
    elif kind.key == COHORT_SNAPSHOTS.key:
        records = _cohort_snapshots(f, table)
    else:
        records = _budget_lines(f, table)
    return records, f.issues
