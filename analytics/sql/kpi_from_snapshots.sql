-- Each KPI computed from the record-level snapshots, for every snapshot date.
-- Rules follow the DfE care-leaver measures (domain notes 2): those who died or returned home
-- (DIED, RHOM) leave every denominator; accommodation abroad, deported or not known (G, H, R) leaves
-- the suitability denominator; Qualifying care leavers need no Pathway Plan.
WITH counted AS (
    SELECT
        d.kpi_id,
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
        END AS in_numerator
    FROM kpi_definitions d
    JOIN snapshots s ON s.age BETWEEN d.age_min AND d.age_max
)
SELECT
    kpi_id,
    snapshot_date,
    count(*) FILTER (WHERE in_denominator) AS denominator,
    count(*) FILTER (WHERE in_denominator AND in_numerator) AS numerator,
    100.0 * count(*) FILTER (WHERE in_denominator AND in_numerator)
        / nullif(count(*) FILTER (WHERE in_denominator), 0) AS value
FROM counted
GROUP BY kpi_id, snapshot_date
ORDER BY kpi_id, snapshot_date
