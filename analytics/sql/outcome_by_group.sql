-- Numerator and denominator of every KPI of one measure, split by one breakdown, computed from the
-- snapshot counts (snapshot_counts: the record-level snapshots aggregated at build and load).
-- $measure: a kpi_definitions.measure (kit, eet, neet, accommodation, pathway_plan); each KPI's age
-- range comes from kpi_definitions. $snapshot_date: one snapshot, or NULL for every snapshot.
-- $breakdown: age_group (no split: category 'All'), age, uasc, sex, disability, location or legal_status.
-- Rules of the DfE care-leaver measures (domain notes 2) in the store's macros dfe_in_denominator
-- and dfe_in_numerator (data/schema.sql), shared with kpi_on_basis.sql.
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
        s.care_leavers,
        CASE $breakdown
            WHEN 'age_group' THEN 'All'
            WHEN 'age' THEN CAST(s.age AS VARCHAR)
            WHEN 'uasc' THEN CASE WHEN s.uasc THEN 'Former UASC' ELSE 'Not former UASC' END
            WHEN 'sex' THEN s.sex
            WHEN 'disability' THEN CASE WHEN s.disability THEN 'Disabled' ELSE 'Not disabled' END
            WHEN 'location' THEN CASE WHEN s.location = 'In county' THEN 'In county' ELSE 'Out of county or not known' END
            WHEN 'legal_status' THEN s.legal_status
        END AS category,
        CASE $breakdown
            WHEN 'age' THEN s.age
            WHEN 'uasc' THEN CASE WHEN s.uasc THEN 1 ELSE 2 END
            WHEN 'disability' THEN CASE WHEN s.disability THEN 1 ELSE 2 END
            WHEN 'location' THEN CASE WHEN s.location = 'In county' THEN 1 ELSE 2 END
            WHEN 'legal_status' THEN list_position(['Eligible', 'Relevant', 'Former Relevant', 'Qualifying'], s.legal_status)
            ELSE 0
        END AS category_order,
        dfe_in_denominator(d.measure, s.in_touch, s.accom, s.legal_status) AS in_denominator,
        dfe_in_numerator(d.measure, s.in_touch, s.activ, s.accom, s.pathway_plan_up_to_date) AS in_numerator
    FROM kpis d
    JOIN snapshot_counts s ON s.age BETWEEN d.age_min AND d.age_max
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
        CAST(sum(care_leavers) FILTER (WHERE in_denominator AND in_numerator) AS BIGINT) AS numerator,
        CAST(sum(care_leavers) FILTER (WHERE in_denominator) AS BIGINT) AS denominator,
        CAST(sum(care_leavers) FILTER (WHERE NOT in_denominator) AS BIGINT) AS excluded
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
