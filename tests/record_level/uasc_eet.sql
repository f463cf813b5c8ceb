-- EET of former-UASC and other care leavers at $snapshot_date, in the two age groups the report
-- quotes for former UASC (Commissioning Plan 2.4: 16-17 and 18-21). DfE rules (domain notes 2):
-- those who died or returned home (DIED, RHOM) leave the denominator; EET is ACTIV F1, P1, F2, P2,
-- F4, P4, F5 or P5. published_percent is the report's figure for former UASC in that age group.
WITH groups AS (
    SELECT * FROM (VALUES (1, '16-17', 16, 17), (2, '18-21', 18, 21)) AS g(group_order, age_group, age_min, age_max)
),
kinds AS (
    SELECT * FROM (VALUES (1, true, 'Former UASC'), (2, false, 'Other care leavers')) AS k(kind_order, uasc, cohort)
),
counted AS (
    SELECT
        g.age_group,
        c.uasc,
        count(*) AS denominator,
        count(*) FILTER (WHERE s.activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')) AS eet
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    JOIN groups g ON s.age BETWEEN g.age_min AND g.age_max
    WHERE s.snapshot_date = $snapshot_date AND s.in_touch NOT IN ('DIED', 'RHOM')
    GROUP BY g.age_group, c.uasc
)
SELECT
    g.age_group,
    k.cohort,
    coalesce(n.eet, 0) AS eet,
    coalesce(n.denominator, 0) AS denominator,
    CAST(r.value AS DOUBLE) AS published_percent
FROM groups g
CROSS JOIN kinds k
LEFT JOIN counted n ON n.age_group = g.age_group AND n.uasc = k.uasc
LEFT JOIN reference_figures r
    ON k.uasc AND r.figure_id = 'former_uasc_eet_' || replace(g.age_group, '-', '_')
ORDER BY g.group_order, k.kind_order
