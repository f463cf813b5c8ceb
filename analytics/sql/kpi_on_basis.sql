-- Each KPI computed from the snapshot counts (snapshot_counts, the records aggregated at build and
-- load) at every snapshot date, on a count basis:
-- $basis NULL computes each KPI on its own kpi_definitions.count_basis; otherwise on $basis for all.
-- $kpi_id NULL: every KPI with a record-level rule (measure 'returned' has none).
--   snapshot           everyone in the age window at the snapshot;
--   rolling_12_months  everyone in the age window at each snapshot of the 12 months to it, pooled
--                      (numerators and denominators added, so each snapshot weighs by its size);
--   birthday_window    each care leaver once, at the first snapshot after a birthday (taken as the
--                      first of the birth month) that falls in the 12 months to it and puts them in
--                      the age window: the DfE's annual "around their birthday" basis.
-- Rules follow the DfE care-leaver measures (domain notes 2), in the store's macros
-- dfe_in_denominator and dfe_in_numerator (data/schema.sql), shared with outcome_by_group.sql.
WITH defs AS (
    SELECT kpi_id, measure, age_min, age_max, coalesce($basis, count_basis) AS basis
    FROM kpi_definitions
    WHERE measure <> 'returned' AND ($kpi_id IS NULL OR kpi_id = $kpi_id)
),
dates AS (
    SELECT DISTINCT snapshot_date FROM snapshot_counts
),
flagged AS (
    SELECT
        d.kpi_id,
        d.basis,
        s.snapshot_date,
        s.care_leavers,
        dfe_in_denominator(d.measure, s.in_touch, s.accom, s.legal_status) AS in_denominator,
        dfe_in_numerator(d.measure, s.in_touch, s.activ, s.accom, s.pathway_plan_up_to_date) AS in_numerator
    FROM defs d
    JOIN snapshot_counts s ON s.age BETWEEN d.age_min AND d.age_max
    WHERE d.basis <> 'birthday_window' OR s.birthday_since_previous
),
-- Each KPI counted at each snapshot first: a few rows per KPI, so pooling 12 months joins little.
counted AS (
    SELECT
        kpi_id,
        basis,
        snapshot_date,
        CAST(coalesce(sum(care_leavers) FILTER (WHERE in_denominator), 0) AS BIGINT) AS denominator,
        CAST(coalesce(sum(care_leavers) FILTER (WHERE in_denominator AND in_numerator), 0) AS BIGINT) AS numerator
    FROM flagged
    GROUP BY kpi_id, basis, snapshot_date
)
SELECT
    c.kpi_id,
    t.snapshot_date,
    c.basis,
    count(DISTINCT c.snapshot_date) AS snapshots_pooled,
    CAST(sum(c.denominator) AS BIGINT) AS denominator,
    CAST(sum(c.numerator) AS BIGINT) AS numerator,
    100.0 * CAST(sum(c.numerator) AS BIGINT) / nullif(CAST(sum(c.denominator) AS BIGINT), 0) AS value
FROM dates t
JOIN counted c ON CASE c.basis
    WHEN 'snapshot' THEN c.snapshot_date = t.snapshot_date
    ELSE c.snapshot_date > t.snapshot_date - INTERVAL 12 MONTH AND c.snapshot_date <= t.snapshot_date
END
GROUP BY c.kpi_id, t.snapshot_date, c.basis
ORDER BY c.kpi_id, t.snapshot_date
