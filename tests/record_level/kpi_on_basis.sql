-- Each KPI computed from the record-level snapshots at every snapshot date, on a count basis:
-- $basis NULL computes each KPI on its own kpi_definitions.count_basis; otherwise on $basis for all.
-- $kpi_id NULL: every KPI with a record-level rule (measure 'returned' has none).
--   snapshot           everyone in the age window at the snapshot;
--   rolling_12_months  everyone in the age window at each snapshot of the 12 months to it, pooled
--                      (numerators and denominators added, so each snapshot weighs by its size);
--   birthday_window    each care leaver once, at the first snapshot after a birthday (taken as the
--                      first of the birth month) that falls in the 12 months to it and puts them in
--                      the age window: the DfE's annual "around their birthday" basis.
-- Rules follow the DfE care-leaver measures (domain notes 2): those who died or returned home
-- (DIED, RHOM) leave every denominator; accommodation abroad, deported or not known (G, H, R) leaves
-- the suitability denominator; Qualifying care leavers need no Pathway Plan.
WITH defs AS (
    SELECT kpi_id, measure, age_min, age_max, coalesce($basis, count_basis) AS basis
    FROM kpi_definitions
    WHERE measure <> 'returned' AND ($kpi_id IS NULL OR kpi_id = $kpi_id)
),
dates AS (
    SELECT snapshot_date, lag(snapshot_date) OVER (ORDER BY snapshot_date) AS previous_date
    FROM (SELECT DISTINCT snapshot_date FROM snapshots)
),
counted AS (
    SELECT
        d.kpi_id,
        d.basis,
        s.snapshot_date,
        s.in_touch NOT IN ('DIED', 'RHOM')
            AND CASE d.measure
                WHEN 'accommodation' THEN left(s.accom, 1) NOT IN ('G', 'H', 'R')
                WHEN 'pathway_plan' THEN s.legal_status <> 'Qualifying'
                ELSE true
            END AS in_denominator,
        CASE d.measure
            WHEN 'kit' THEN s.in_touch = 'YES'
            WHEN 'eet' THEN s.activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')
            WHEN 'accommodation' THEN s.accom LIKE '_1'
            WHEN 'pathway_plan' THEN s.pathway_plan_up_to_date
            WHEN 'neet' THEN s.activ IN ('G4', 'G5', 'G6')
        END AS in_numerator,
        d.basis <> 'birthday_window' OR (
            t.previous_date IS NOT NULL
            AND c.birth_month + to_years(s.age) > t.previous_date
            AND c.birth_month + to_years(s.age) <= s.snapshot_date
        ) AS at_this_snapshot
    FROM defs d
    JOIN snapshots s ON s.age BETWEEN d.age_min AND d.age_max
    JOIN dates t USING (snapshot_date)
    JOIN care_leavers c USING (person_id)
)
SELECT
    c.kpi_id,
    t.snapshot_date,
    c.basis,
    count(DISTINCT c.snapshot_date) AS snapshots_pooled,
    count(*) FILTER (WHERE in_denominator) AS denominator,
    count(*) FILTER (WHERE in_denominator AND in_numerator) AS numerator,
    100.0 * count(*) FILTER (WHERE in_denominator AND in_numerator)
        / nullif(count(*) FILTER (WHERE in_denominator), 0) AS value
FROM dates t
JOIN counted c ON CASE c.basis
    WHEN 'snapshot' THEN c.snapshot_date = t.snapshot_date
    ELSE c.snapshot_date > t.snapshot_date - INTERVAL 12 MONTH AND c.snapshot_date <= t.snapshot_date
END
WHERE c.at_this_snapshot
GROUP BY c.kpi_id, t.snapshot_date, c.basis
ORDER BY c.kpi_id, t.snapshot_date
