"""The snapshot counts pages read (snapshot_counts, analytics/sql/build_snapshot_aggregates.sql) give
exactly the answers of the record-level queries they replaced.

tests/record_level/ holds each page query as it was when it read every record (snapshots joined to
care_leavers); each is run beside its aggregate-reading successor in analytics/sql on the same store
and the two results must be identical, column types included. Three stores: the demo store, a
generated store built to hold the edge cases (empty groups, cells below the suppression threshold,
people who died or returned home, birthdays on a snapshot date, a snapshot more than a year after the
one before), and a store after an authority's own cohort is loaded (the ingest keeps the counts in step).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st

from analytics import cohort, db, outcomes, performance, uasc
from analytics.ingest import Source, load, privacy

RECORD_LEVEL = Path(__file__).resolve().parent / "record_level"
QUERIES = sorted(p.stem for p in RECORD_LEVEL.glob("*.sql"))
MEASURES = ("kit", "eet", "neet", "accommodation", "pathway_plan")
BASES = (None, "snapshot", "rolling_12_months", "birthday_window")


def _record_level(name: str) -> str:
    return (RECORD_LEVEL / f"{name}.sql").read_text()


def _cases(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, dict[str, object]]]:
    """Every query with the parameters pages pass it, over the store's own snapshots and KPIs, plus
    a snapshot the store does not hold."""
    dates = [r[0] for r in con.execute("SELECT DISTINCT snapshot_date FROM snapshots ORDER BY 1").fetchall()]
    absent = dates[-1] + dt.timedelta(days=1)
    kpis = con.execute("SELECT kpi_id, age_min, age_max FROM kpi_definitions WHERE measure <> 'returned'").fetchall()
    bands = {k: v for k, v in cohort.CohortFilters(dates[-1]).params().items() if k.startswith("band_")}
    some_dates = [dates[0], dates[-1], absent]
    for name in ("snapshot_dates", "outcome_snapshots", "cohort_size_by_snapshot"):
        yield name, {}
    for basis in BASES:
        for kpi_id in (None, *(k[0] for k in kpis)):
            yield "kpi_on_basis", {"basis": basis, "kpi_id": kpi_id}
    for measure in MEASURES:
        for breakdown in outcomes.BREAKDOWNS:
            yield "outcome_by_group", {"measure": measure, "snapshot_date": None, "breakdown": breakdown}
        for day in some_dates:
            yield "outcome_by_group", {"measure": measure, "snapshot_date": day, "breakdown": "uasc"}
    ranges = sorted({(k[1], k[2]) for k in kpis} | {(16, 25), (25, 25)})
    for day in some_dates:
        for name in ("uasc_grant_cohort", "uasc_share_by_single_age", "uasc_trend", "cohort_by_age_band"):
            yield name, {"snapshot_date": day} | (bands if name == "cohort_by_age_band" else {})
        # The EET page's DfE groups, and groups that overlap, leave ages out and hold nobody.
        for labels, mins, maxs in ((["16-18", "19-21"], [16, 19], [18, 21]), (["16-17", "17-21", "25"], [16, 17, 25], [17, 21, 25])):
            yield "uasc_eet", {"snapshot_date": day, "group_labels": labels, "group_mins": mins, "group_maxs": maxs}
        for age_min, age_max in ranges:
            for name in ("activity_mix", "accommodation_mix", "kit_mix"):
                yield name, {"snapshot_date": day, "age_min": age_min, "age_max": age_max}
        filters = [{}, {"uasc": True}, {"uasc": False}, {"location": "In county"}, {"location": "Unknown"},
                   *({"age_band": label} for label in bands["band_labels"]),
                   {"age_band": bands["band_labels"][0], "uasc": True, "location": "Out of county"}]
        for chosen in filters:
            params = bands | {"snapshot_date": day, "age_band": None, "uasc": None, "location": None} | chosen
            yield "cohort_profile", params
            yield "cohort_trend_by_age_band", params


def _assert_same_answers(store: Path) -> None:
    compared = set()
    with duckdb.connect(str(store), read_only=True) as con:
        for name, params in _cases(con):
            expected = con.execute(_record_level(name), params).df()
            actual = con.execute(db.sql_text(name), params).df()
            try:
                pd.testing.assert_frame_equal(actual, expected)
            except AssertionError as exc:
                raise AssertionError(f"{name} {params}: {exc}") from None
            compared.add(name)
    assert compared == set(QUERIES), f"never compared: {set(QUERIES) - compared}"


def _assert_counts_match_records(store: Path) -> None:
    """The counts add up to the records, group by group, with no combination twice."""
    with duckdb.connect(str(store), read_only=True) as con:
        dimensions = ("snapshot_date, age, legal_status, location, in_custody, at_university, in_touch, activ, accom, "
                      "pathway_plan_up_to_date, sex, disability, ethnicity_group, uasc, birthday_since_previous")
        repeated = con.execute(f"SELECT count(*) FROM (SELECT {dimensions} FROM snapshot_counts GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        by_date = con.execute(
            "SELECT snapshot_date, count(*) FROM snapshots GROUP BY 1 "
            "EXCEPT SELECT snapshot_date, sum(care_leavers) FROM snapshot_counts GROUP BY 1"
        ).fetchall()
        by_person_fields = con.execute(
            "SELECT c.sex, c.ethnicity_group, s.accom, count(*) FROM snapshots s JOIN care_leavers c USING (person_id) GROUP BY ALL "
            "EXCEPT SELECT sex, ethnicity_group, accom, sum(care_leavers) FROM snapshot_counts GROUP BY ALL"
        ).fetchall()
        totals = con.execute("SELECT (SELECT count(*) FROM snapshots), (SELECT sum(care_leavers) FROM snapshot_counts)").fetchone()
    assert repeated == 0
    assert by_date == [] and by_person_fields == []
    assert totals[0] == totals[1]


# --- the demo store --------------------------------------------------------------------------------


def test_counts_add_up_to_the_demo_records(store: Path) -> None:
    _assert_counts_match_records(store)


def test_every_page_query_gives_the_record_level_answer_on_the_demo_store(store: Path) -> None:
    _assert_same_answers(store)


def test_the_demo_counts_hold_far_fewer_rows_than_a_100x_cohort_would(store: Path) -> None:
    # The 100x benchmark store copies the cohort 100 times: same combinations, so the same rows.
    with duckdb.connect(str(store), read_only=True) as con:
        records, rows = con.execute("SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM snapshot_counts)").fetchone()
    assert rows <= records < 100 * rows


# --- a generated store with the edge cases ---------------------------------------------------------

EDGE_DATES = [dt.date(2022, 4, 1), dt.date(2022, 7, 1), dt.date(2022, 10, 1), dt.date(2023, 1, 1),
              dt.date(2023, 4, 1), dt.date(2024, 7, 1)]  # the last comes 15 months after the one before
ACTIV = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"]
ACCOM = ["U1", "U2", "D1", "D2", "Z1", "B1", "E1", "K2", "C1", "T1", "Y1", "V2", "W2", "S2", "X1", "G1", "H2", "R1", "0"]


def _age(birth_month: dt.date, day: dt.date) -> int:
    return day.year - birth_month.year - ((day.month, day.day) < (birth_month.month, birth_month.day))


def _edge_cohort(seed: int = 13) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    people, snaps = [], []
    for i in range(160):
        # Birthdays on the first of a snapshot month fall exactly on the snapshot (counted) or exactly
        # on the snapshot before (not counted) in the birthday window.
        birth = dt.date(rng.randint(1997, 2006), rng.choice([1, 4, 7, 10, rng.randint(1, 12)]), 1)
        person = {"person_id": f"edge-{i}", "birth_month": birth, "sex": rng.choice(["Male", "Female"]),
                  "disability": rng.random() < 0.1, "ethnicity_group": rng.choice(["White", "White", "Asian", "Black", "Mixed", "Other"]),
                  "uasc": rng.random() < 0.08, "entry_date": dt.date(2015, 1, 1), "qualifying": False}
        died = False
        for day in EDGE_DATES:
            age = _age(birth, day)
            # The last snapshot holds only 18-21s who are not former UASC: empty bands and groups.
            if not 16 <= age <= 25 or rng.random() < 0.1 or (day == EDGE_DATES[-1] and (person["uasc"] or not 18 <= age <= 21)):
                continue
            died = died or rng.random() < 0.02
            in_touch = "DIED" if died else rng.choices(["YES", "NO", "REFU", "NREQ", "RHOM"], [80, 6, 4, 5, 5])[0]
            status = rng.choice(["Eligible", "Relevant"]) if age < 18 else rng.choice(["Former Relevant"] * 4 + ["Qualifying"])
            person["qualifying"] = person["qualifying"] or status == "Qualifying"
            snaps.append({
                "snapshot_date": day, "person_id": person["person_id"], "age": age, "legal_status": status,
                "location": rng.choices(["In county", "Out of county", "Unknown"], [80, 17, 3])[0],
                "in_custody": rng.random() < 0.03, "at_university": rng.random() < 0.05, "in_touch": in_touch,
                # SSDA903: those who died or returned home have no activity or accommodation.
                "activ": "0" if in_touch in ("DIED", "RHOM") else rng.choice(ACTIV),
                "accom": "0" if in_touch in ("DIED", "RHOM") else rng.choice(ACCOM),
                "pathway_plan_up_to_date": rng.random() < 0.85,
            })
        people.append(person)
    return pd.DataFrame(people), pd.DataFrame(snaps)


@pytest.fixture(scope="module")
def edge_store(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edge") / "edge.duckdb"
    shutil.copyfile(store, path)
    people, snaps = _edge_cohort()
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM snapshots")
        con.execute("DELETE FROM care_leavers")
        con.register("people", people)
        con.register("snaps", snaps)
        con.execute("INSERT INTO care_leavers BY NAME SELECT * FROM people")
        con.execute("INSERT INTO snapshots BY NAME SELECT * FROM snaps")
        con.execute(db.sql_text("build_snapshot_aggregates"))
        con.execute("CHECKPOINT")
    return path


def test_the_generated_store_holds_the_edge_cases(edge_store: Path) -> None:
    with duckdb.connect(str(edge_store), read_only=True) as con:
        codes = {r[0] for r in con.execute("SELECT DISTINCT in_touch FROM snapshot_counts").fetchall()}
        small = con.execute(
            "SELECT count(*) FROM (SELECT snapshot_date, age, uasc, sum(care_leavers) AS n FROM snapshot_counts "
            "GROUP BY ALL HAVING n BETWEEN 1 AND 4)").fetchone()[0]
        last = con.execute("SELECT min(age), max(age), bool_or(uasc) FROM snapshot_counts WHERE snapshot_date = ?",
                           [EDGE_DATES[-1]]).fetchone()
        on_the_day = con.execute("SELECT sum(care_leavers) FROM snapshot_counts WHERE birthday_since_previous").fetchone()[0]
    assert {"DIED", "RHOM"} <= codes
    assert small > 10, "cells below the suppression threshold"
    assert last == (18, 21, False), "empty age bands and no former UASC at the last snapshot"
    assert on_the_day > 0


def test_counts_add_up_to_the_generated_records(edge_store: Path) -> None:
    _assert_counts_match_records(edge_store)


def test_every_page_query_gives_the_record_level_answer_on_the_edge_cases(edge_store: Path) -> None:
    _assert_same_answers(edge_store)


def _through_analytics(monkeypatch: pytest.MonkeyPatch, store: Path, read: Callable[[], object], *, record_level: bool) -> object:
    monkeypatch.setenv(db.STORE_ENV, str(store))
    db.forget()  # the same store both times: each pass must run its own queries
    if record_level:
        ours = db.sql_text
        monkeypatch.setattr(db, "sql_text", lambda name: _record_level(name) if name in QUERIES else ours(name))
    try:
        return read()
    finally:
        monkeypatch.undo()
        db.forget()


def test_suppressed_page_tables_are_the_same_from_the_counts(edge_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    day = EDGE_DATES[-2]
    filters = cohort.CohortFilters(day, uasc=True)

    def tables() -> list[pd.DataFrame]:
        return [
            *(outcomes.suppress_outcome(outcomes.outcome_by_group(m, day, b)) for m in MEASURES for b in ("uasc", "age", "location")),
            outcomes.suppress_mix(outcomes.activity_mix(day, 16, 21), "eet"),
            outcomes.suppress_mix(outcomes.kit_mix(day, 16, 25), "in_denominator"),
            cohort.profile_table(cohort.cohort_profile(filters)),
            cohort.trend_table(cohort.cohort_trend_by_age_band(filters)),
            uasc.suppressed_share_by_age(uasc.share_by_age(day)),
            uasc.suppressed_eet(uasc.eet_by_uasc(day)),
            performance.computed_kpis("birthday_window"),
        ]

    ours = _through_analytics(monkeypatch, edge_store, tables, record_level=False)
    theirs = _through_analytics(monkeypatch, edge_store, tables, record_level=True)
    assert any((t == "c").any().any() for t in ours if isinstance(t, pd.DataFrame)), "some cells are suppressed"
    for a, b in zip(ours, theirs, strict=True):
        pd.testing.assert_frame_equal(a, b)


# --- after an authority loads its own cohort -------------------------------------------------------

OWN_COHORT = """snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,legal_status,location,in_custody,at_university,in_touch,activ,accom,pathway_plan_up_to_date
01/04/2024,KX0201,14/06/2006,2,WBRI,N,N,03/03/2019,Eligible,In county,N,N,YES,F2,D1,Y
01/04/2024,KX0202,14/06/2005,1,BAFR,N,Y,11/10/2021,Former Relevant,Out of county,N,N,YES,G5,E1,N
01/04/2024,KX0203,02/02/2003,M,MWBC,Y,N,05/05/2015,Former Relevant,In county,N,Y,RHOM,0,0,Y
01/04/2024,KX0204,30/09/2001,F,CHNE,N,N,01/01/2017,Qualifying,Unknown,N,N,NO,0,0,N
01/07/2024,KX0201,14/06/2006,2,WBRI,N,N,03/03/2019,Former Relevant,In county,N,N,YES,F2,D1,Y
01/07/2024,KX0202,14/06/2005,1,BAFR,N,Y,11/10/2021,Former Relevant,Out of county,N,N,YES,F5,E1,Y
"""


def test_a_load_keeps_the_counts_in_step(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "loaded.duckdb"
    shutil.copyfile(store, copy)
    monkeypatch.setenv(db.STORE_ENV, str(copy))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "keys" / "ingest_key"))
    st.cache_data.clear()
    result = load([Source("cohort.csv", OWN_COHORT.encode())])
    assert result.loaded, result.errors().to_string()
    with duckdb.connect(str(copy), read_only=True) as con:
        held = con.execute("SELECT snapshot_date, sum(care_leavers) FROM snapshot_counts GROUP BY 1 ORDER BY 1").fetchall()
        # KX0201 turned 18 in June 2024 (birth month taken as its first), between the two snapshots.
        birthdays = con.execute("SELECT snapshot_date, age FROM snapshot_counts WHERE birthday_since_previous ORDER BY age").fetchall()
    assert held == [(dt.date(2024, 4, 1), 4), (dt.date(2024, 7, 1), 2)]
    assert birthdays == [(dt.date(2024, 7, 1), 18), (dt.date(2024, 7, 1), 19)]
    _assert_counts_match_records(copy)
    _assert_same_answers(copy)
    st.cache_data.clear()
