"""SSDA903 Header, OC3 and UASC files: the DfE's code lists and rules, one file at a time.

The rules are those of the DfE's children-looked-after return as the community validators apply
them (``shared/reference/domain-notes.md`` section 1): codes, ``dd/mm/yyyy`` dates, CHILD of 1 to 10
characters, SEX ``1``/``2`` up to 2023-24 and ``M``/``F``/``U`` from 2024-25, at most one record per
child per table and year, OC3 ages 17 to 21 (22 to 25 accepted from 2023-24), DIED and RHOM with
ACTIV and ACCOM ``0``, YES with both non-zero, no ``Z`` accommodation at 17, no foyer (``T``) under
18, and DUC no later than the 18th birthday. Rules across files (every OC3 and UASC child has a Header
record in the year, the same child's date of birth in every table, once DIED always DIED) are in
``analytics.ingest.loader``.

Each valid-enough record, with the raw CHILD and date of birth for those cross-file rules, goes to
a ``Sink`` as it is checked: the loader's is ``analytics.ingest.staging``, an in-memory DuckDB, so
a file at the cell cap is not held as Python objects; ``Held`` keeps them in a list.

Example: an OC3 record for a child born 17 May 2005 in the 2022-23 collection is aged 17 at the
birthday in the year, and may not be in ``Z`` (former foster carers) accommodation at 17::

    >>> from analytics.ingest.reading import Source, read_table
    >>> table, _ = read_table(Source("oc3_2023.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\\nA1,17/05/2005,YES,F2,Z1\\n"), max_bytes=10_000)
    >>> held = Held()
    >>> issues = validate(table, OC3, 2023, held)
    >>> held.records[0]["age"], [i.message for i in issues]
    (17, ["ACCOM 'Z1' (with former foster carers) is not allowed at age 17"])
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from analytics.ingest.checks import (
    FileChecks,
    age_at_birthday_in_year,
    age_on,
    eighteenth_birthday,
    long_date,
    year_end,
    year_label,
)
from analytics.ingest.issues import Issue
from analytics.ingest.kinds import HEADER, OC3, UASC, Kind, canonical_columns
from analytics.ingest.reading import Table

ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIV = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
# F3/P3 (training or employment) were split into F4/P4 and F5/P5 from the 2021-22 collection.
ACTIV_BEFORE_2022 = ("F3", "P3")
EET_ACTIV = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
ACCOM_LETTERS = "BCDEGHKRSTUVWXYZ"
ACCOM = tuple(f"{letter}{digit}" for letter in ACCOM_LETTERS for digit in "12") + ("0",)
ACCOM_MEANING = {
    "B": "with parents or relatives", "C": "community home", "D": "semi-independent", "E": "supported lodgings",
    "G": "gone abroad", "H": "deported", "K": "ordinary lodgings", "R": "residence not known", "S": "no fixed abode",
    "T": "foyer", "U": "independent living", "V": "emergency accommodation", "W": "bed and breakfast", "X": "custody",
    "Y": "other", "Z": "with former foster carers",
}
# Both schemes side by side: 2023-24 is the last collection with 1/2.
SEX_TO_2024 = ("1", "2")
SEX_FROM_2025 = ("M", "F", "U")
MALE = ("1", "M")
MOTHER = ("0", "1")
_UPN = re.compile(r"[A-Za-z]\d{11}[0-9A-Za-z]|UN([1-9]|10)")
OLDEST_CHILD_IN_RETURN = 26


def sex_codes(year: int) -> tuple[str, ...]:
    return SEX_TO_2024 if year <= 2024 else SEX_FROM_2025


def oc3_ages(year: int) -> tuple[int, int]:
    return (17, 25) if year >= 2024 else (17, 21)


def activ_codes(year: int) -> tuple[str, ...]:
    return ACTIV + ACTIV_BEFORE_2022 if year <= 2021 else ACTIV


def _sex(f: FileChecks, row: int, value: str, year: int) -> str | None:
    allowed = sex_codes(year)
    if value and value not in allowed and value in SEX_TO_2024 + SEX_FROM_2025:
        scheme = "1 (male) or 2 (female) up to 2023-24" if year <= 2024 else "M, F or U from 2024-25"
        f.add(row, "SEX", value, "sex_code_year", f"SEX {value!r} is from the other scheme: {year_label(year)} uses {scheme}")
        return None
    meaning = "1 (male) or 2 (female)" if year <= 2024 else "M, F or U"
    return f.code(row, "SEX", value, allowed, meaning)


def _dob(f: FileChecks, row: int, value: str, year: int) -> dt.date | None:
    dob = f.date(row, "DOB", value)
    if dob is None:
        return None
    end = year_end(year)
    if dob > end:
        f.add(row, "DOB", value, "date_implausible", f"DOB is after the end of the {year_label(year)} collection year ({long_date(end)})")
        return None
    if age_on(dob, end) > OLDEST_CHILD_IN_RETURN:
        f.add(row, "DOB", value, "date_implausible",
              f"DOB makes the child older than {OLDEST_CHILD_IN_RETURN} at the end of {year_label(year)}")
        return None
    return dob


def _header(f: FileChecks, row: int, v: dict[str, str], year: int) -> dict[str, Any]:
    sex = _sex(f, row, v["SEX"], year)
    dob = _dob(f, row, v["DOB"], year)
    ethnic = f.code(row, "ETHNIC", v["ETHNIC"], ETHNIC, "one of the 20 SSDA903 ethnicity codes (WBRI ... NOBT)")
    if f.required(row, "UPN", v["UPN"]) and not _UPN.fullmatch(v["UPN"]):
        f.add(row, "UPN", v["UPN"], "code", "UPN is not 13 characters (a letter, 11 digits, a digit or letter) or UN1 to UN10")
    mother = None
    if v["MOTHER"]:
        mother = f.code(row, "MOTHER", v["MOTHER"], MOTHER, "1 (is a mother), 0 (is not) or blank")
        if mother == "1" and sex in MALE:
            f.add(row, "MOTHER", v["MOTHER"], "mother_codes", "MOTHER is 1 but SEX is male")
    mc_dob = f.date(row, "MC_DOB", v["MC_DOB"], required=False)
    if mc_dob is not None:
        if mother != "1" and v["MOTHER"] in MOTHER:
            f.add(row, "MC_DOB", v["MC_DOB"], "mother_codes", "MC_DOB (the date of birth of the child's child) is given but MOTHER is not 1")
        elif dob is not None and mc_dob <= dob:
            f.add(row, "MC_DOB", v["MC_DOB"], "date_implausible", "MC_DOB (the date of birth of the child's child) is not after the child's DOB")
    return {"sex": sex, "ethnic": ethnic, "mother": mother, "dob": dob}


def _oc3(f: FileChecks, row: int, v: dict[str, str], year: int) -> dict[str, Any]:
    dob = f.date(row, "DOB", v["DOB"])
    age = None
    if dob is not None:
        age = age_at_birthday_in_year(dob, year)
        youngest, oldest = oc3_ages(year)
        if not youngest <= age <= oldest:
            later = "" if year >= 2024 else " (22 to 25 from 2023-24)"
            f.add(row, "DOB", v["DOB"], "age_range",
                  f"the child is {age} at their birthday in {year_label(year)}; OC3 covers ages {youngest} to {oldest}{later}")
            dob = age = None
    in_touch = f.code(row, "IN_TOUCH", v["IN_TOUCH"], IN_TOUCH, "an IN_TOUCH code (YES, NO, DIED, REFU, NREQ, RHOM)")
    if v["ACTIV"] in ACTIV_BEFORE_2022 and v["ACTIV"] not in activ_codes(year):
        f.add(row, "ACTIV", v["ACTIV"], "code",
              f"ACTIV {v['ACTIV']!r} was replaced by F4/P4 (apprenticeship) and F5/P5 (training or employment) from 2021-22")
        activ = None
    else:
        activ = f.code(row, "ACTIV", v["ACTIV"], activ_codes(year), "an ACTIV code (F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 or 0)")
    accom = f.code(row, "ACCOM", v["ACCOM"], ACCOM,
                   f"an ACCOM code: a letter ({' '.join(ACCOM_LETTERS)}) then 1 (suitable) or 2 (unsuitable), or 0 (not known)")
    if in_touch in ("DIED", "RHOM") and ((activ and activ != "0") or (accom and accom != "0")):
        f.add(row, "IN_TOUCH", in_touch, "died_rhom_codes",
              f"IN_TOUCH {in_touch} needs ACTIV 0 and ACCOM 0 (here ACTIV {v['ACTIV']!r}, ACCOM {v['ACCOM']!r})")
    if in_touch == "YES" and ("0" in (activ, accom)):
        f.add(row, "IN_TOUCH", in_touch, "in_touch_codes",
              f"IN_TOUCH YES needs an ACTIV and an ACCOM other than 0 (here ACTIV {v['ACTIV']!r}, ACCOM {v['ACCOM']!r})")
    if age is not None and accom:
        letter = accom[0]
        if letter == "Z" and age == 17:
            f.add(row, "ACCOM", accom, "accom_age", f"ACCOM {accom!r} ({ACCOM_MEANING['Z']}) is not allowed at age 17")
        if letter == "T" and age < 18:
            f.add(row, "ACCOM", accom, "accom_age", f"ACCOM {accom!r} ({ACCOM_MEANING['T']}) is not allowed under 18")
    return {"dob": dob, "age": age, "in_touch": in_touch, "activ": activ, "accom": accom}


def _uasc(f: FileChecks, row: int, v: dict[str, str], year: int) -> dict[str, Any]:
    sex = _sex(f, row, v["SEX"], year)
    dob = _dob(f, row, v["DOB"], year)
    duc = f.date(row, "DUC", v["DUC"], required=False)
    if duc is not None and dob is not None:
        if duc < dob:
            f.add(row, "DUC", v["DUC"], "date_implausible", "DUC (date UASC status ceased) is before the child's DOB")
            duc = None
        elif duc > eighteenth_birthday(dob):
            f.add(row, "DUC", v["DUC"], "duc_after_18", "DUC (date UASC status ceased) is after the child's 18th birthday")
            duc = None
    if duc is not None and duc > year_end(year):
        f.add(row, "DUC", v["DUC"], "date_implausible", f"DUC is after the end of the {year_label(year)} collection year")
        duc = None
    return {"sex": sex, "dob": dob, "duc": duc}


_VALIDATORS = {HEADER.key: _header, OC3.key: _oc3, UASC.key: _uasc}


class Sink(Protocol):
    """Where checked records go, and who can say which children came twice."""

    def add(self, record: dict[str, Any]) -> None: ...

    def repeated(self) -> Iterable[tuple[str, list[int]]]: ...


class Held:
    """Records kept in a list: for a few records (the examples, tests of one rule)."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self._rows: dict[str, list[int]] = defaultdict(list)

    def add(self, record: dict[str, Any]) -> None:
        self.records.append(record)
        self._rows[record["child"]].append(record["row"])

    def repeated(self) -> Iterable[tuple[str, list[int]]]:
        return [(child, rows) for child, rows in self._rows.items() if len(rows) > 1]


def validate(table: Table, kind: Kind, year: int, sink: Sink) -> list[Issue]:
    """The issues of one file; each record with a CHILD goes to ``sink`` as it is checked (row,
    child, dob and the table's fields; None where a value was wrong; ``dob_text`` the DOB as
    written, for the cross-file reasons)."""
    f = FileChecks(table.name)
    check = _VALIDATORS[kind.key]
    for row, values in f.records(table, canonical_columns(kind, table.columns), child_column="CHILD"):
        child = f.child_id(row, "CHILD", values["CHILD"])
        fields = check(f, row, values, year)
        if child is not None:
            sink.add({"row": row, "child": child, "dob_text": values["DOB"], **fields})
    for child, rows in sink.repeated():
        listed = ", ".join(map(str, rows))
        for row in rows:
            f.add(row, "CHILD", child, "duplicate_child",
                  f"this CHILD is in rows {listed}; a child may appear once per table in {year_label(year)}", child=child)
    return f.issues
