-- Refresh snapshot_counts, the counts every page reads, from the record-level snapshots: run by the
-- build (data/build.py) and by every load of snapshots (analytics/ingest/loader.py), so the two never
-- disagree. One row per combination of everything a page groups or filters by, so a page query reads
-- as many rows whether the store holds thirteen thousand snapshot rows or thirteen million.
-- birthday_since_previous: the birthday that gave the age at the snapshot (taken, as in the DfE's
-- "around their birthday" basis, as the first of the birth month) fell after the previous snapshot
-- and on or before this one; false at the first snapshot, which has no previous one.
-- A MERGE rather than a drop and create, so the table keeps its schema and comments (data/schema.sql).
MERGE INTO snapshot_counts AS t
USING (
    WITH dates AS (
        SELECT snapshot_date, lag(snapshot_date) OVER (ORDER BY snapshot_date) AS previous_date
        FROM (SELECT DISTINCT snapshot_date FROM snapshots)
    )
    SELECT
        s.snapshot_date,
        s.age,
        s.legal_status,
        s.location,
        s.in_custody,
        s.at_university,
        s.in_touch,
        s.activ,
        s.accom,
        s.pathway_plan_up_to_date,
        c.sex,
        c.disability,
        c.ethnicity_group,
        c.uasc,
        coalesce(
            d.previous_date IS NOT NULL
            AND c.birth_month + to_years(s.age) > d.previous_date
            AND c.birth_month + to_years(s.age) <= s.snapshot_date,
            false
        ) AS birthday_since_previous,
        count(*) AS care_leavers
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    JOIN dates d USING (snapshot_date)
    GROUP BY ALL
) AS src
ON t.snapshot_date = src.snapshot_date
    AND t.age = src.age
    AND t.legal_status = src.legal_status
    AND t.location = src.location
    AND t.in_custody = src.in_custody
    AND t.at_university = src.at_university
    AND t.in_touch = src.in_touch
    AND t.activ = src.activ
    AND t.accom = src.accom
    AND t.pathway_plan_up_to_date = src.pathway_plan_up_to_date
    AND t.sex = src.sex
    AND t.disability = src.disability
    AND t.ethnicity_group = src.ethnicity_group
    AND t.uasc = src.uasc
    AND t.birthday_since_previous = src.birthday_since_previous
WHEN MATCHED AND t.care_leavers <> src.care_leavers THEN UPDATE SET care_leavers = src.care_leavers
WHEN NOT MATCHED BY TARGET THEN INSERT BY NAME
WHEN NOT MATCHED BY SOURCE THEN DELETE
