"""Every check a file goes through before anything is stored, each with its message.

All of these are dry runs against the session store: nothing is written. Rows are spreadsheet rows
(row 1 is the column names, the first record is row 2).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analytics.ingest import Source, load
from analytics.ingest.issues import Issue, summary_frame
from analytics.ingest.kinds import year_from_name, years_in_path
from analytics.ingest.loader import LoadResult
from analytics.ingest.templates import period_end, period_label, template_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssda903"
OC3_COLUMNS = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
UASC_COLUMNS = "CHILD,SEX,DOB,DUC"
COHORT_COLUMNS = (
    "snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,"
    "at_university,in_touch,activ,accom,pathway_plan_up_to_date"
)
GOOD_COHORT = "01/04/2024,KX0101,14/06/2005,1,WBRI,N,N,03/03/2019,Former Relevant,In county,N,N,YES,F2,D1,Y"


@pytest.fixture(autouse=True)
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LCI_INGEST_KEY", str(tmp_path / "ingest_key"))


def csv(name: str, *lines: str) -> Source:
    return Source(name, ("\n".join(lines) + "\n").encode())


def check(*sources: Source, year: int | None = None, max_mb: float | None = None) -> LoadResult:
    return load(list(sources), year=year, max_mb=max_mb, dry_run=True)


def only(result: LoadResult, rule: str) -> Issue:
    found = [i for i in result.issues if i.rule == rule]
    assert len(found) == 1, result.errors().to_string()
    return found[0]


def rules(result: LoadResult) -> list[str]:
    return [i.rule for i in result.issues]


# --- files that must read ------------------------------------------------------------------------

def test_the_hand_made_sample_passes_every_check() -> None:
    result = check(*(Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))))
    assert result.ok, result.errors().to_string()
    assert not result.loaded  # a dry run
    name = "the file name"
    assert result.files_frame().to_dict("records") == [
        {"file": "header_2023-24.csv", "kind": "SSDA903 Header", "collection_year": 2024, "year_from": name, "records": 4},
        {"file": "header_2023.csv", "kind": "SSDA903 Header", "collection_year": 2023, "year_from": name, "records": 14},
        {"file": "oc3_2023-24.csv", "kind": "SSDA903 OC3 (care leavers)", "collection_year": 2024, "year_from": name, "records": 4},
        {"file": "oc3_2023.csv", "kind": "SSDA903 OC3 (care leavers)", "collection_year": 2023, "year_from": name, "records": 14},
        {"file": "uasc_2023.csv", "kind": "SSDA903 UASC", "collection_year": 2023, "year_from": name, "records": 2},
    ]
    assert not result.warnings


@pytest.mark.parametrize(
    "variant",
    ["lf", "crlf", "bom", "quoted", "no_final_newline", "trailing_blank_lines", "trailing_empty_cells", "columns_reordered"],
)
def test_normal_variations_of_a_903_file_all_read(variant: str) -> None:
    lines = [OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1", "KX0004,11/01/2005,NO,0,0"]
    text = "\n".join(lines) + "\n"
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "bom":
        text = "\ufeff" + text
    elif variant == "quoted":
        text = "\n".join(",".join(f'"{cell}"' for cell in line.split(",")) for line in lines) + "\n"
    elif variant == "no_final_newline":
        text = text.rstrip("\n")
    elif variant == "trailing_blank_lines":
        text += "\n\n,,,,\n"
    elif variant == "trailing_empty_cells":
        text = "\n".join(line + ",," for line in lines) + "\n"
    elif variant == "columns_reordered":
        text = "ACCOM,ACTIV,IN_TOUCH,DOB,CHILD\nD1,F2,YES,14/06/2005,KX0001\n"
    result = check(Source("oc3_2023.csv", text.encode("utf-8")))
    assert result.ok, result.errors().to_string()


def test_a_filled_in_xlsx_template_reads() -> None:
    pytest.importorskip("openpyxl")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(template_bytes("budget_lines", "xlsx")))
    sheet = book["data"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 4, 1000.5 * row)
    out = io.BytesIO()
    book.save(out)
    result = check(Source("budget.xlsx", out.getvalue()))
    assert result.ok, result.errors().to_string()
    assert result.files[0].kind == "Budget lines" and result.files[0].records == 4


# --- files that must not -------------------------------------------------------------------------

def test_wrong_encoding_names_the_line_and_the_fix() -> None:
    data = f"{OC3_COLUMNS}\nKX0001,14/06/2005,YES,F2,D1\nKXé002,14/06/2005,YES,F2,D1\n".encode("cp1252")
    issue = only(check(Source("oc3_2023.csv", data)), "file_encoding")
    assert (issue.file, issue.row) == ("oc3_2023.csv", 3)
    assert issue.message == ("byte 0xE9 on line 3 is not UTF-8: the file was probably saved as 'CSV' (Windows-1252); "
                             "save it again as 'CSV UTF-8'")


def test_utf16_is_refused_with_the_fix() -> None:
    issue = only(check(Source("oc3_2023.csv", f"{OC3_COLUMNS}\n".encode("utf-16"))), "file_encoding")
    assert issue.message == "the file is UTF-16 ('Unicode text'); save it again as 'CSV UTF-8'"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\r\n  \n", b",,,\n,,\n"])
def test_empty_files(data: bytes) -> None:
    assert rules(check(Source("oc3_2023.csv", data))) == ["file_empty"]


def test_column_names_without_records() -> None:
    issue = only(check(csv("oc3_2023.csv", OC3_COLUMNS)), "file_no_rows")
    assert issue.message == "the file has column names but no records"


def test_files_over_the_size_limit() -> None:
    big = csv("oc3_2023.csv", OC3_COLUMNS, *["KX0001,14/06/2005,YES,F2,D1"] * 100)
    issue = only(check(big, max_mb=0.001), "file_too_large")
    assert issue.message == "the file is 0.0 MB; the limit is 0.001 MB"
    assert check(big, max_mb=1).ok is False  # the 100 copies of one child are duplicates, but the size is fine
    assert "file_too_large" not in rules(check(big, max_mb=1))


def test_a_file_larger_than_the_limit_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "oc3_2023.csv"
    path.write_bytes(b"x" * 5000)
    source = Source.from_path(path, max_bytes=1000)
    assert len(source.data) == 1001 and source.size == 5000
    assert only(check(source, max_mb=0.001), "file_too_large").message == "the file is 0.0 MB; the limit is 0.001 MB"


def test_damaged_spreadsheets() -> None:
    assert only(check(Source("returns.xlsx", b"PK\x03\x04 not really a zip")), "file_unreadable").message.startswith(
        "the workbook cannot be opened")
    old = only(check(Source("returns.xls", b"\xd0\xcf\x11\xe0rest")), "file_unreadable")
    assert old.message == "Excel 97-2003 (.xls) files are not read; save the sheet as .xlsx or 'CSV UTF-8'"


def test_binary_junk_with_nul_bytes_is_not_text() -> None:
    issue = only(check(Source("oc3_2023.csv", b"CHILD,DOB\n\x00\x00,1\n")), "file_encoding")
    assert issue.message == ("line 2 holds a NUL byte: this is not a text CSV (a binary file, or UTF-16 without its "
                             "byte-order mark); save it again as 'CSV UTF-8'")


def test_a_field_too_long_for_csv_is_unreadable() -> None:
    data = f"{OC3_COLUMNS}\n".encode() + b'"' + b"a" * 200_000 + b'",1,2,3,4\n'
    issue = only(check(Source("oc3_2023.csv", data)), "file_unreadable")
    assert issue.message == "line 2 cannot be read as CSV (field larger than field limit (131072))"


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ("CHILD,DOB,IN_TOUCH,ACTIV", "the columns are nearest to SSDA903 OC3 (care leavers) (CHILD, DOB, IN_TOUCH, ACTIV, ACCOM) but missing ACCOM"),
        ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOMMODATION",
         "the columns are nearest to SSDA903 OC3 (care leavers) (CHILD, DOB, IN_TOUCH, ACTIV, ACCOM) but missing ACCOM; not expected: ACCOMMODATION"),
        ("child,dob,in_touch,activ,accom",
         "the columns are nearest to SSDA903 OC3 (care leavers) (CHILD, DOB, IN_TOUCH, ACTIV, ACCOM) but SSDA903 column names are upper case"),
        ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,ACCOM", "column ACCOM appears more than once"),
        ("name,address", "these columns match no file we read. We read: SSDA903 Header (CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB); "),
    ],
)
def test_unrecognised_columns_say_what_is_missing(columns: str, message: str) -> None:
    issue = only(check(csv("oc3_2023.csv", columns, "a,b,c,d,e")), "file_unrecognised")
    assert issue.row == 1
    assert issue.message.startswith(message)


def test_template_columns_ignore_capitals() -> None:
    assert check(csv("budget.csv", "Line_ID,Option,Item,Amount", "base_budget,,Base Budget,1000")).ok


def test_collection_year_from_the_name_or_given() -> None:
    assert year_from_name("oc3_2023.csv") == 2023
    assert year_from_name("OC3 2022-23.csv") == 2023
    assert year_from_name("oc3_202223.csv") == 2023
    assert year_from_name("oc3_2023-2024.csv") == 2024
    assert year_from_name("oc3.csv") is None
    lines = (OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1")
    issue = only(check(csv("oc3.csv", *lines)), "file_year")
    assert issue.message == ("the collection year is in neither the file name nor its folder: name it like oc3_2023.csv "
                             "(2022-23), put it in a folder 2023/ or 2022-23/, or give the year")
    given = check(csv("oc3.csv", *lines), year=2023)
    assert given.ok and given.files[0].year_from == "the year given for the load"
    assert check(csv("oc3_2023.csv", *lines), year=2023).ok  # the same year given twice is fine
    assert only(check(csv("oc3_2009.csv", *lines)), "file_year").message.startswith("collection year 2009 is outside 2015 to ")


def test_the_collection_year_from_the_folder() -> None:
    assert years_in_path("903/2023/oc3.csv") == (None, "2023", 2023)
    assert years_in_path("903.zip/2022-23/returns/oc3.csv") == (None, "2022-23", 2023)  # the nearest folder with a year
    assert years_in_path("oc3_2024.csv") == (2024, None, None)
    lines = (OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1")
    for name in ("2023/oc3.csv", "903/2022-23/oc3.csv", "2022-23/oc3_2023.csv"):
        result = check(csv(name, *lines))
        assert result.ok and result.files[0].collection_year == 2023, name
    assert check(csv("2022-23/oc3_2023.csv", *lines)).files[0].year_from == "the file name and the folder 2022-23/"


@pytest.mark.parametrize(
    ("name", "year", "message"),
    [
        ("oc3_2023.csv", 2030, "the file name says 2022-23 but the year given for the load says 2029-30"),
        ("2023-24/oc3_2023.csv", None, "the file name says 2022-23 but the folder 2023-24/ says 2023-24"),
        ("2023/oc3.csv", 2024, "the folder 2023/ says 2022-23 but the year given for the load says 2023-24"),
    ],
)
def test_a_year_given_two_ways_that_disagree_is_refused(name: str, year: int | None, message: str) -> None:
    issue = only(check(csv(name, OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1"), year=year), "file_year")
    assert (issue.file, issue.row) == (name, None)
    assert issue.message == f"the collection year is given two ways that disagree: {message}; correct one of them"


def test_two_files_for_the_same_table_and_year() -> None:
    lines = (OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1")
    issue = only(check(csv("oc3_2023.csv", *lines), csv("OC3 2022-23.csv", *lines)), "file_repeated")
    assert issue.message == "oc3_2023.csv is also the SSDA903 OC3 (care leavers) file for 2022-23; load one of them"


def test_record_with_the_wrong_number_of_values() -> None:
    issue = only(check(csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,14/06/2005,YES,F2")), "row_fields")
    assert (issue.row, issue.message) == (2, "the record has 4 values; there are 5 column names")


# --- SSDA903 field rules -------------------------------------------------------------------------

def oc3(*records: str, year: int = 2023) -> LoadResult:
    return check(csv(f"oc3_{year}.csv", OC3_COLUMNS, *records))


def header(*records: str, year: int = 2023) -> LoadResult:
    return check(csv(f"header_{year}.csv", HEADER_COLUMNS, *records))


def uasc(*records: str, year: int = 2023) -> LoadResult:
    return check(csv(f"uasc_{year}.csv", UASC_COLUMNS, *records))


def test_required_values() -> None:
    issue = only(oc3("KX0001,14/06/2005,,F2,D1"), "required")
    assert (issue.row, issue.column, issue.message) == (2, "IN_TOUCH", "IN_TOUCH is blank; it is required")
    assert only(oc3(",14/06/2005,YES,F2,D1"), "required").message == "CHILD is blank; every record needs the child's ID"


def test_child_id_length_shows_the_id() -> None:
    issue = only(oc3("KX00000000001,14/06/2005,YES,F2,D1"), "child_id")
    assert issue.message == "CHILD has 13 characters; it must have 1 to 10"
    assert (issue.column, issue.value, issue.child) == ("CHILD", "KX00000000001", "KX00000000001")


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("14/06/05", "DOB has a two-digit year; write dates as dd/mm/yyyy"),
        ("2005-06-14", "DOB is not a date written dd/mm/yyyy"),
        ("31/02/2005", "DOB is not a real calendar date"),
        ("14/06/205", "DOB does not have a four-digit year; write dates as dd/mm/yyyy"),
        ("NOTADATE", "DOB is not a date written dd/mm/yyyy"),
    ],
)
def test_dates_must_be_dd_mm_yyyy_and_are_shown_as_written(dob: str, message: str) -> None:
    issue = only(oc3(f"KX0001,{dob},YES,F2,D1"), "date_format")
    assert (issue.child, issue.column, issue.message, issue.value) == ("KX0001", "DOB", message, dob)


def test_a_uasc_end_date_that_does_not_exist_is_shown() -> None:
    issue = only(uasc("KX0007,1,07/03/2003,32/13/2022"), "date_format")
    assert (issue.child, issue.column, issue.value, issue.message) == ("KX0007", "DUC", "32/13/2022", "DUC is not a real calendar date")


def test_single_digit_day_and_month_are_fine() -> None:
    assert oc3("KX0001,4/6/2005,YES,F2,D1").ok


def test_implausible_dates() -> None:
    future = only(header("KX0001,1,14/06/2023,WBRI,UN1,,"), "date_implausible")
    assert future.message == "DOB is after the end of the 2022-23 collection year (31 March 2023)"
    old = only(header("KX0001,1,14/06/1990,WBRI,UN1,,"), "date_implausible")
    assert old.message == "DOB makes the child older than 26 at the end of 2022-23"
    duc = only(uasc("KX0001,1,14/06/2005,01/01/2004"), "date_implausible")
    assert duc.message == "DUC (date UASC status ceased) is before the child's DOB"


@pytest.mark.parametrize(
    ("record", "column", "message"),
    [
        ("KX0001,14/06/2005,MAYBE,F2,D1", "IN_TOUCH", "IN_TOUCH 'MAYBE' is not an IN_TOUCH code (YES, NO, DIED, REFU, NREQ, RHOM)"),
        ("KX0001,14/06/2005,YES,F9,D1", "ACTIV", "ACTIV 'F9' is not an ACTIV code (F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 or 0)"),
        ("KX0001,14/06/2005,YES,F2,A1", "ACCOM",
         "ACCOM 'A1' is not an ACCOM code: a letter (B C D E G H K R S T U V W X Y Z) then 1 (suitable) or 2 (unsuitable), or 0 (not known)"),
        ("KX0001,14/06/2005,YES,F2,D3", "ACCOM",
         "ACCOM 'D3' is not an ACCOM code: a letter (B C D E G H K R S T U V W X Y Z) then 1 (suitable) or 2 (unsuitable), or 0 (not known)"),
        ("KX0001,14/06/2005,yes,F2,D1", "IN_TOUCH", "IN_TOUCH 'yes' is not an IN_TOUCH code (YES, NO, DIED, REFU, NREQ, RHOM)"),
    ],
)
def test_oc3_code_lists(record: str, column: str, message: str) -> None:
    issue = only(oc3(record), "code")
    assert (issue.row, issue.column, issue.message) == (2, column, message)


def test_f3_and_p3_belong_to_collections_before_2021_22() -> None:
    issue = only(oc3("KX0001,14/06/2005,YES,F3,D1"), "code")
    assert issue.message == "ACTIV 'F3' was replaced by F4/P4 (apprenticeship) and F5/P5 (training or employment) from 2021-22"
    assert oc3("KX0001,14/06/2003,YES,P3,D1", year=2021).ok


def test_header_code_lists() -> None:
    assert only(header("KX0001,1,14/06/2005,WXYZ,UN1,,"), "code").message == (
        "ETHNIC 'WXYZ' is not one of the 20 SSDA903 ethnicity codes (WBRI ... NOBT)")
    assert only(header("KX0001,1,14/06/2005,WBRI,12345,,"), "code").message == (
        "UPN is not 13 characters (a letter, 11 digits, a digit or letter) or UN1 to UN10")
    assert only(header("KX0001,1,14/06/2005,WBRI,UN1,2,"), "code").message == "MOTHER '2' is not 1 (is a mother), 0 (is not) or blank"
    assert header("KX0001,1,14/06/2005,WBRI,UN10,,").ok


def test_sex_codes_change_in_2024_25() -> None:
    old_code_new_year = only(header("KX0001,1,14/06/2005,WBRI,UN1,,", year=2025), "sex_code_year")
    assert old_code_new_year.message == "SEX '1' is from the other scheme: 2024-25 uses M, F or U from 2024-25"
    new_code_old_year = only(header("KX0001,M,14/06/2005,WBRI,UN1,,", year=2024), "sex_code_year")
    assert new_code_old_year.message == "SEX 'M' is from the other scheme: 2023-24 uses 1 (male) or 2 (female) up to 2023-24"
    assert header("KX0001,U,14/06/2005,WBRI,UN1,,", year=2025).ok
    assert only(uasc("KX0001,X,14/06/2005,", year=2025), "code").message == "SEX 'X' is not M, F or U"


def test_oc3_ages_17_to_21_and_22_to_25_from_2023_24() -> None:
    # Born 14/06/2006: the birthday in 2022-23 is June 2022, aged 16.
    young = only(oc3("KX0001,14/06/2006,YES,F2,D1"), "age_range")
    assert young.message == "the child is 16 at their birthday in 2022-23; OC3 covers ages 17 to 21 (22 to 25 from 2023-24)"
    # Born 14/02/2000: the birthday in 2022-23 is February 2023, aged 23.
    older = only(oc3("KX0001,14/02/2000,YES,F2,D1"), "age_range")
    assert older.message.startswith("the child is 23 at their birthday in 2022-23")
    # The same child in 2023-24 is 24, which the DfE now collects.
    assert oc3("KX0001,14/02/2000,YES,F2,D1", year=2024).ok
    assert only(oc3("KX0001,14/02/1998,YES,F2,D1", year=2024), "age_range").message == (
        "the child is 26 at their birthday in 2023-24; OC3 covers ages 17 to 25")


def test_duplicate_child_within_a_year() -> None:
    result = oc3("KX0001,14/06/2005,YES,F2,D1", "KX0002,14/06/2004,YES,F2,D1", "KX0001,14/06/2005,YES,F2,D1")
    found = [i for i in result.issues if i.rule == "duplicate_child"]
    assert [(i.row, i.child, i.value) for i in found] == [(2, "KX0001", "KX0001"), (4, "KX0001", "KX0001")]
    assert found[0].message == "this CHILD is in rows 2, 4; a child may appear once per table in 2022-23"
    # The same child in two different years is normal.
    assert check(csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1"),
                 csv("oc3_2024.csv", OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1")).ok


def test_died_and_returned_home_carry_zero_codes() -> None:
    issue = only(oc3("KX0001,14/06/2005,DIED,F2,0"), "died_rhom_codes")
    assert issue.message == "IN_TOUCH DIED needs ACTIV 0 and ACCOM 0 (here ACTIV 'F2', ACCOM '0')"
    assert only(oc3("KX0001,14/06/2005,RHOM,0,B1"), "died_rhom_codes").message == (
        "IN_TOUCH RHOM needs ACTIV 0 and ACCOM 0 (here ACTIV '0', ACCOM 'B1')")


def test_in_touch_carries_non_zero_codes() -> None:
    issue = only(oc3("KX0001,14/06/2005,YES,0,D1"), "in_touch_codes")
    assert issue.message == "IN_TOUCH YES needs an ACTIV and an ACCOM other than 0 (here ACTIV '0', ACCOM 'D1')"


def test_no_former_foster_carers_at_17_and_no_foyer_under_18() -> None:
    # Born 14/06/2005: 17 at the birthday in 2022-23.
    assert only(oc3("KX0001,14/06/2005,YES,F2,Z1"), "accom_age").message == (
        "ACCOM 'Z1' (with former foster carers) is not allowed at age 17")
    assert only(oc3("KX0001,14/06/2005,YES,F2,T1"), "accom_age").message == "ACCOM 'T1' (foyer) is not allowed under 18"
    assert oc3("KX0001,14/06/2004,YES,F2,Z1", "KX0002,14/06/2004,YES,F2,T2").ok  # both 18


def test_once_died_always_died_across_years_in_one_load() -> None:
    result = check(csv("oc3_2023.csv", OC3_COLUMNS, "KX0005,30/07/2004,DIED,0,0"),
                   csv("oc3_2024.csv", OC3_COLUMNS, "KX0005,30/07/2004,YES,F2,D1"))
    issue = only(result, "once_died")
    assert (issue.file, issue.row, issue.column) == ("oc3_2024.csv", 2, "IN_TOUCH")
    assert issue.message == "IN_TOUCH is YES but the same child is DIED in 2022-23; once DIED, always DIED"


def test_dob_must_agree_between_tables() -> None:
    result = check(csv("header_2023.csv", HEADER_COLUMNS, "KX0001,1,14/06/2005,WBRI,UN1,,"),
                   csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,15/06/2005,YES,F2,D1"))
    issue = only(result, "dob_mismatch")
    assert (issue.file, issue.row, issue.child, issue.value) == ("oc3_2023.csv", 2, "KX0001", "15/06/2005")
    assert issue.message == "DOB differs from header_2023.csv row 2, which gives 14/06/2005"


def test_dob_agrees_between_header_uasc_and_oc3() -> None:
    # DfE INT18: UASC against the Header; and OC3 against UASC when the Header has no DOB to give.
    result = check(csv("header_2023.csv", HEADER_COLUMNS, "KX0007,1,07/03/2003,WBRI,UN1,,"),
                   csv("uasc_2023.csv", UASC_COLUMNS, "KX0007,1,08/03/2003,"))
    issue = only(result, "dob_mismatch")
    assert (issue.file, issue.message) == ("uasc_2023.csv", "DOB differs from header_2023.csv row 2, which gives 07/03/2003")
    result = check(csv("header_2023.csv", HEADER_COLUMNS, "KX0007,1,07/03/03,WBRI,UN1,,"),
                   csv("oc3_2023.csv", OC3_COLUMNS, "KX0007,07/03/2003,YES,F2,D1"),
                   csv("uasc_2023.csv", UASC_COLUMNS, "KX0007,1,09/03/2003,"))
    issue = only(result, "dob_mismatch")
    assert (issue.file, issue.message) == ("uasc_2023.csv", "DOB differs from oc3_2023.csv row 2, which gives 07/03/2003")


def test_every_oc3_and_uasc_child_has_a_header_record() -> None:
    # DfE INT06 (OC3) and INT09 (UASC), within the collection year.
    result = check(csv("header_2023.csv", HEADER_COLUMNS, "KX0001,1,14/06/2005,WBRI,UN1,,"),
                   csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1", "KX0002,14/06/2004,YES,F2,D1"),
                   csv("uasc_2023.csv", UASC_COLUMNS, "KX0009,1,14/06/2004,"),
                   csv("oc3_2024.csv", OC3_COLUMNS, "KX0001,14/06/2005,YES,F2,D1"))
    found = [(i.file, i.row, i.child, i.message) for i in result.issues]
    assert found == [
        ("oc3_2023.csv", 3, "KX0002", "this child has no Header record in header_2023.csv"),
        ("uasc_2023.csv", 2, "KX0009", "this child has no Header record in header_2023.csv"),
    ]
    # 2023-24 has no Header to check against: said, but not an error, as the DfE validator does.
    [warning] = result.warnings
    assert (warning.file, warning.rule, warning.message) == ("oc3_2024.csv", "header_absent",
        "there is no Header for 2023-24, in this load or stored, so no check that every OC3 child has a Header record; "
        "load the year's Header with it")


def test_duc_no_later_than_the_18th_birthday() -> None:
    issue = only(uasc("KX0001,1,14/06/2004,15/06/2022"), "duc_after_18")
    assert issue.message == "DUC (date UASC status ceased) is after the child's 18th birthday"
    assert uasc("KX0001,1,14/06/2004,14/06/2022").ok  # on the birthday itself
    # Born on 29 February: the 18th birthday in a common year is 1 March.
    assert uasc("KX0001,1,29/02/2004,01/03/2022").ok
    assert rules(uasc("KX0001,1,29/02/2004,02/03/2022")) == ["duc_after_18"]


def test_mother_and_mc_dob_agree() -> None:
    assert only(header("KX0001,1,14/06/2005,WBRI,UN1,1,"), "mother_codes").message == "MOTHER is 1 but SEX is male"
    assert only(header("KX0001,2,14/06/2005,WBRI,UN1,0,01/02/2023"), "mother_codes").message == (
        "MC_DOB (the date of birth of the child's child) is given but MOTHER is not 1")
    assert header("KX0001,2,14/06/2005,WBRI,UN1,1,01/02/2023").ok


def test_every_error_is_reported_at_once() -> None:
    result = check(
        csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,14/06/05,MAYBE,F9,Q1", "KX0002,14/06/2005,DIED,F2,D1", "KX0002,14/06/2006,YES,0,Z1"),
        csv("header_2023.csv", HEADER_COLUMNS, "KX0001,M,14/06/2005,WXYZ,1,3,"),
        csv("returns.csv", "kpi_id,period,value", "kit,2023 Q5,lots"),
        Source("empty_2023.csv", b""),
    )
    counts = dict(zip(result.summary()["rule"], result.summary()["errors"]))
    assert counts == {
        # OC3 row 2: IN_TOUCH, ACTIV and ACCOM; Header: ETHNIC, UPN and MOTHER.
        "code": 6,
        "duplicate_child": 2,  # KX0002 in OC3 rows 3 and 4
        "date_format": 1,  # OC3 row 2, two-digit year
        "sex_code_year": 1,  # Header: M in 2022-23
        "age_range": 1,  # OC3 row 4: 16 at the birthday in the year
        "died_rhom_codes": 1,  # OC3 row 3
        "in_touch_codes": 1,  # OC3 row 4
        "header_missing": 2,  # KX0002 in OC3 rows 3 and 4; the Header has only KX0001
        "period_format": 1,
        "number": 1,
        "file_empty": 1,
    }
    errors = result.errors()
    assert list(errors.columns) == ["file", "row", "child", "column", "value", "rule", "reason"]
    assert errors["file"].tolist() == sorted(errors["file"].tolist())


# --- templates -----------------------------------------------------------------------------------

KPI_IDS = ["kit", "eet_16_18", "eet_19", "eet_19_21", "accom_16_18", "accom_19", "accom_19_21", "pathway_plans"]


def returns(*records: str) -> LoadResult:
    return check(csv("returns.csv", "kpi_id,period,value", *records))


def test_kpi_return_rules() -> None:
    assert returns("kit,2023-24 Q2,95").ok  # an existing period: a correction
    assert only(returns("kitt,2023-24 Q2,95"), "kpi_unknown").message == (
        "kpi_id 'kitt' is not a KPI in the configuration (" + ", ".join(KPI_IDS) + ")")
    assert only(returns("kit,2023 Q2,95"), "period_format").message == (
        "period '2023 Q2' gives no financial year, and this authority counts financial-year quarters (Q1 is April to "
        "June): for April to June 2023 write 2023-24 Q1; for Q2 of the financial year starting in April 2023 write "
        "2023-24 Q2 (or set [periods] year = \"calendar\")")
    assert only(returns("kit,2023-24 Q2,ninety"), "number").message == "value 'ninety' is not a number"
    assert only(returns("kit,2023-24 Q2,nan"), "number").message == "value 'nan' is not a number"
    assert only(returns("kit,2023-24 Q2,101"), "number_range").message == "value 101 is a percentage and must be 0 to 100"
    assert only(returns("kit,2099-00 Q1,95"), "date_implausible").message == "2099-00 Q1 has not ended yet (it ends 30 June 2099)"
    dup = returns("kit,2023-24 Q2,95", "kit,2023/24 q2,96")
    assert [i.message for i in dup.issues if i.rule == "duplicate_key"] == ["kit for 2023-24 Q2 is given in rows 2, 3"] * 2


def test_a_new_period_needs_every_kpi() -> None:
    issue = only(returns("kit,2023-24 Q3,95", "eet_19,2023-24 Q3,50"), "period_incomplete")
    missing = [k for k in KPI_IDS if k not in ("kit", "eet_19")]
    assert issue.message == f"2023-24 Q3 is a new period, so every KPI needs a value; missing: {', '.join(missing)}"
    assert returns(*(f"{k},2023-24 Q3,50" for k in KPI_IDS)).ok


def test_periods() -> None:
    assert period_label("2024/25 q1") == "2024-25 Q1"
    assert period_label("2024-26 Q1") is None
    assert [period_end(f"2024-25 Q{q}").isoformat() for q in "1234"] == ["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"]


def test_an_unfilled_template_is_refused() -> None:
    blank = Source("kpi_returns.csv", template_bytes("kpi_returns", "csv", kpi_ids=KPI_IDS, period="2024-25 Q1"))
    result = check(blank)
    assert rules(result).count("required") == 8
    assert check(Source("budget_lines.csv", template_bytes("budget_lines", "csv"))).summary()["rule"].tolist() == ["required"]
    assert rules(check(Source("cohort.csv", template_bytes("cohort_snapshots", "csv")))) == ["file_no_rows"]


def test_budget_line_rules() -> None:
    def budget(*records: str) -> LoadResult:
        return check(csv("budget.csv", "line_id,option,item,amount", *records))

    assert budget('base_budget,,Base Budget,"£1,218,932.00"', "variance,outsourced,Variance,-370266").ok
    assert only(budget("Base Budget,,Base,1"), "code").message == "line_id must be 1 to 60 lower-case letters, digits or _"
    assert only(budget("staffing,external,Staffing,1"), "code").message == "option must be blank, outsourced or insourced"
    assert only(budget("staffing,outsourced,Staffing,1e6"), "number").message == "amount '1e6' is not a number"
    assert only(budget("staffing,outsourced,,1"), "required").message == "item is blank; it is required"
    dup = budget("staffing,outsourced,A,1", "staffing,insourced,B,2", "staffing,outsourced,C,3")
    assert [i.row for i in dup.issues if i.rule == "duplicate_key"] == [2, 4]


def cohort(*records: str) -> LoadResult:
    return check(csv("cohort.csv", COHORT_COLUMNS, *records))


def test_a_good_cohort_snapshot() -> None:
    assert cohort(GOOD_COHORT, GOOD_COHORT.replace("KX0101", "KX0102").replace("Former Relevant", "Qualifying")).ok


@pytest.mark.parametrize(
    ("old", "new", "rule", "message"),
    [
        ("14/06/2005", "14/06/2009", "age_range", "the care leaver is 14 on the snapshot date; care leavers are 16 to 25"),
        ("Former Relevant", "Eligible", "legal_status_age", "Eligible care leavers are 16 to 17; this one is 18"),
        ("Former Relevant", "Former relevant", None, None),
        ("Former Relevant", "Leaver", "code", "legal_status 'Leaver' is not one of Eligible, Relevant, Former Relevant, Qualifying"),
        ("In county", "Abroad", "code", "location 'Abroad' is not one of In county, Out of county, Unknown"),
        (",N,N,03/03", ",maybe,N,03/03", "code", "disabled 'maybe' is not Y or N"),
        (",N,N,YES", ",,N,YES", "required", "in_custody is blank; write Y or N"),
        ("03/03/2019", "03/03/2025", "date_implausible", "care_start must be after the DOB and not after the snapshot date"),
        ("01/04/2024", "01/04/1999", "date_implausible", "snapshot_date must be between 1 January 2000 and today"),
        ("YES,F2,D1", "DIED,F2,D1", "died_rhom_codes", "in_touch DIED needs activ 0 and accom 0"),
        ("YES,F2,D1", "YES,0,D1", "in_touch_codes", "in_touch YES needs an activ and an accom other than 0"),
        ("WBRI", "WHITE", "code", "ethnic 'WHITE' is not one of the 20 SSDA903 ethnicity codes"),
    ],
)
def test_cohort_snapshot_rules(old: str, new: str, rule: str | None, message: str | None) -> None:
    assert old in GOOD_COHORT
    result = cohort(GOOD_COHORT.replace(old, new, 1))
    if rule is None:
        assert result.ok, result.errors().to_string()
    else:
        assert only(result, rule).message == message


def test_the_same_child_twice_in_one_snapshot_across_files() -> None:
    result = check(csv("cohort_a.csv", COHORT_COLUMNS, GOOD_COHORT), csv("cohort_b.csv", COHORT_COLUMNS, GOOD_COHORT))
    issue = only(result, "duplicate_child")
    assert (issue.file, issue.child, issue.message) == ("cohort_b.csv", "KX0101", "this child is also in cohort_a.csv for the snapshot of 1 April 2024")


# --- the report itself ---------------------------------------------------------------------------

SECRETS = ("KQ00000000007", "KQ8", "KQ9", "KQ12345678901", "14/06/05", "22/13/2004", "22/10/2004", "19/05/2030",
           "03/04/2021", "14/06/2011")


def damaged() -> LoadResult:
    return check(
        csv("oc3_2023.csv", OC3_COLUMNS, "KQ00000000007,14/06/05,MAYBE,F2,D1", "KQ8,22/13/2004,YES,F2,D1", "KQ8,22/10/2004,YES,F2,D1"),
        csv("header_2023.csv", HEADER_COLUMNS, "KQ9,1,19/05/2030,WBRI,UN1,0,03/04/2021"),
        csv("cohort.csv", COHORT_COLUMNS, GOOD_COHORT.replace("KX0101", "KQ12345678901").replace("14/06/2005", "14/06/2011")),
    )


def test_the_error_report_shows_each_id_and_date_as_written() -> None:
    result = damaged()
    text = result.errors().to_csv()
    for secret in SECRETS:
        if secret != "22/10/2004":  # a good DOB: no error about it
            assert secret in text, secret
    dob = next(i for i in result.issues if i.rule == "date_format" and i.child == "KQ8")
    assert (dob.file, dob.row, dob.column, dob.value) == ("oc3_2023.csv", 3, "DOB", "22/13/2004")


def test_the_redacted_report_masks_every_id_and_date() -> None:
    result = damaged()
    redacted = result.errors(redacted=True)
    text = redacted.to_csv() + result.summary().to_csv()
    for secret in SECRETS:
        assert secret not in text, secret
    assert len(redacted) == len(result.issues) >= 6
    row = redacted[(redacted["rule"] == "date_format") & (redacted["row"] == 3)].iloc[0]
    assert (row["child"], row["value"]) == ("(hidden)", "nn/nn/nnnn")
    # What is not personal stays, so the shared report still says what to fix.
    assert "IN_TOUCH 'MAYBE' is not an IN_TOUCH code (YES, NO, DIED, REFU, NREQ, RHOM)" in redacted["reason"].tolist()
    mismatch = check(csv("header_2023.csv", HEADER_COLUMNS, "KX0001,1,14/06/2005,WBRI,UN1,,"),
                     csv("oc3_2023.csv", OC3_COLUMNS, "KX0001,15/06/2005,YES,F2,D1")).errors(redacted=True)
    assert mismatch["reason"].tolist() == ["DOB differs from header_2023.csv row 2, which gives nn/nn/nnnn"]


def test_a_formula_or_sql_in_child_is_shown_and_defused_in_the_csv() -> None:
    result = oc3("=1+cmd|'/C calc'!A0,14/06/2005,YES,F2,D1", "'; DROP TABLE x;--,14/06/2004,YES,F2,D1")
    assert [(i.row, i.value) for i in result.issues if i.rule == "child_id"] == [
        (2, "=1+cmd|'/C calc'!A0"), (3, "'; DROP TABLE x;--")]
    from analytics.export import to_csv_bytes

    written = to_csv_bytes(result.errors()).decode()
    assert ",'=1+cmd|'/C calc'!A0," in written and ",=1+cmd" not in written


def test_control_characters_are_escaped_and_long_values_cut() -> None:
    result = oc3("KX0001,14/06/2005,YES\x1b[31m,F2,D1", "KX0002,14/06/2004,YES,F2," + "Q" * 60)
    shown = {i.column: i.value for i in result.issues}
    assert shown["IN_TOUCH"] == "YES\\x1b[31m"
    assert shown["ACCOM"] == "Q" * 39 + "…"


def test_extra_columns_are_a_warning_naming_them() -> None:
    result = check(csv("oc3_2023.csv", "CHILD,DOB,NOTES,IN_TOUCH,ACTIV,ACCOM,Worker", "KX0001,14/06/2005,call back,YES,F2,D1,AB"))
    assert result.ok, result.errors().to_string()
    [warning] = [w for w in result.warnings if w.rule == "extra_columns"]
    assert (warning.file, warning.row, warning.value) == ("oc3_2023.csv", 1, "NOTES, Worker")
    assert warning.message == "columns NOTES, Worker are not part of the SSDA903 OC3 (care leavers) file: ignored and not stored"
    assert result.files[0].kind == "SSDA903 OC3 (care leavers)"
    one = check(csv("budget.csv", "line_id,option,item,amount,Comment", "base_budget,,Base Budget,1000,ok"))
    assert one.ok and one.warnings[0].message == "column Comment is not part of the Budget lines file: ignored and not stored"


def test_an_extra_column_cannot_stand_in_for_a_required_one() -> None:
    # 'child' is not CHILD in a 903 file: the file lacks CHILD, and says so.
    issue = only(check(csv("oc3_2023.csv", "child,DOB,IN_TOUCH,ACTIV,ACCOM", "KX0001,14/06/2005,YES,F2,D1")), "file_unrecognised")
    assert issue.message.endswith("but SSDA903 column names are upper case")
    issue = only(check(csv("oc3_2023.csv", "CHILD,DOB,IN_TOUCH,ACTIV,NOTES", "KX0001,14/06/2005,YES,F2,x")), "file_unrecognised")
    assert issue.message == ("the columns are nearest to SSDA903 OC3 (care leavers) (CHILD, DOB, IN_TOUCH, ACTIV, ACCOM) "
                             "but missing ACCOM; not expected: NOTES")


def test_summary_counts_by_rule_most_frequent_first() -> None:
    issues = [Issue("f", 2, "ACCOM", "Q1", "code", "x"), Issue("f", 3, "ACCOM", "Q2", "code", "x"), Issue("f", None, None, None, "file_empty", "y")]
    assert summary_frame(issues).to_dict("records") == [
        {"rule": "code", "description": "Value is not in the code list", "errors": 2},
        {"rule": "file_empty", "description": "File is empty", "errors": 1},
    ]
    with pytest.raises(ValueError, match="unknown rule"):
        Issue("f", 1, None, None, "made_up", "z")
    assert isinstance(check().errors(), pd.DataFrame)
