-- Numerator and denominator of every KPI of one measure, split by one breakdown, computed from the
-- SYNTHETIC record-level snapshots.
-- $measure: a kpi_definitions.measure (kit, eet, neet, accommodation, pathway_plan); each KPI's age
-- range comes from kpi_definitions. $snapshot_date: one snapshot, or NULL for every snapshot.
-- $breakdown: age_group (no split: category 'All'), age, uasc, sex, disability, location or legal_status.
-- Rules as in kpi_from_snapshots.sql, the DfE care-leaver measures (domain notes 2): those who died
-- or returned home (DIED, RHOM) leave every denominator; accommodation abroad, deported or not known
-- (G, H, R) leaves the suitability denominator; Qualifying care leavers need no Pathway Plan.
-- Whereabouts unknown is a handful of people, so it is grouped with out of county: on its own it
-- would always be suppressed, taking out-of-county with it as the next smallest cell.
-- `excluded` counts those in the age range and category left out of the denominator by these rules.
-- Every category seen in a KPI's age range at any snapshot gets a row, zero counts included.
WITH kpis AS (
    SELECT kpi_id, measure, age_min, age_max, rowid AS kpi_order
    FROM kpi_definitions
    WHERE measure = $measure
),
labelled AS (
    SELECT
        d.kpi_id,
        d.kpi_order,
        s.snapshot_date,
        CASE $breakdown
            WHEN 'age_group' THEN 'All'
            WHEN 'age' THEN CAST(s.age AS VARCHAR)
            WHEN 'uasc' THEN CASE WHEN c.uasc THEN 'Former UASC' ELSE 'Not former UASC' END
            WHEN 'sex' THEN c.sex
            WHEN 'disability' THEN CASE WHEN c.disability THEN 'Disabled' ELSE 'Not disabled' END
            WHEN 'location' THEN CASE WHEN s.location = 'In county' THEN 'In county' ELSE 'Out of county or not known' END
            WHEN 'legal_status' THEN s.legal_status
        END AS category,
        CASE $breakdown
            WHEN 'age' THEN s.age
            WHEN 'uasc' THEN CASE WHEN c.uasc THEN 1 ELSE 2 END
            WHEN 'disability' THEN CASE WHEN c.disability THEN 1 ELSE 2 END
            WHEN 'location' THEN CASE WHEN s.location = 'In county' THEN 1 ELSE 2 END
            WHEN 'legal_status' THEN list_position(['Eligible', 'Relevant', 'Former Relevant', 'Qualifying'], s.legal_status)
            ELSE 0
        END AS category_order,
        s.in_touch NOT IN ('DIED', 'RHOM')
            AND CASE d.measure
                WHEN 'accommodation' THEN left(s.accom, 1) NOT IN ('G', 'H', 'R')
                WHEN 'pathway_plan' THEN s.legal_status <> 'Qualifying'
                ELSE true
            END AS in_denominator,
        CASE d.measure
            WHEN 'kit' THEN s.in_touch = 'YES'
            WHEN 'eet' THEN s.activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')
            WHEN 'neet' THEN s.activ IN ('G4', 'G5', 'G6')
            WHEN 'accommodation' THEN s.accom LIKE '_1'
            WHEN 'pathway_plan' THEN s.pathway_plan_up_to_date
        END AS in_numerator
    FROM kpis d
    JOIN snapshots s ON s.age BETWEEN d.age_min AND d.age_max
    JOIN care_leavers c USING (person_id)
),
categories AS (
    SELECT DISTINCT kpi_id, kpi_order, category, category_order FROM labelled
),
dates AS (
    SELECT DISTINCT snapshot_date FROM labelled WHERE $snapshot_date IS NULL OR snapshot_date = $snapshot_date
),
counted AS (
    SELECT
        kpi_id,
        snapshot_date,
        category,
        count(*) FILTER (WHERE in_denominator AND in_numerator) AS numerator,
        count(*) FILTER (WHERE in_denominator) AS denominator,
        count(*) FILTER (WHERE NOT in_denominator) AS excluded
    FROM labelled
    WHERE $snapshot_date IS NULL OR snapshot_date = $snapshot_date
    GROUP BY kpi_id, snapshot_date, category
)
SELECT
    k.kpi_id,
    t.snapshot_date,
    k.category,
    coalesce(n.numerator, 0) AS numerator,
    coalesce(n.denominator, 0) AS denominator,
    coalesce(n.excluded, 0) AS excluded
FROM categories k
CROSS JOIN dates t
LEFT JOIN counted n USING (kpi_id, snapshot_date, category)
ORDER BY k.kpi_order, t.snapshot_date, k.category_order, k.category
