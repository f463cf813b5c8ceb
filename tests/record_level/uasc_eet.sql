-- EET of former-UASC and other care leavers at $snapshot_date in the age groups given as
-- $group_labels, $group_mins and $group_maxs, counted from the records (the answer
-- analytics/sql/uasc_eet.sql must give from the snapshot counts). DfE rules (domain notes 2):
-- those who died or returned home (DIED, RHOM) leave the denominator; EET is ACTIV F1, P1, F2, P2,
-- F4, P4, F5 or P5.
WITH groups AS (
    SELECT i AS group_order, $group_labels[i] AS age_group, $group_mins[i] AS age_min, $group_maxs[i] AS age_max
    FROM range(1, len($group_labels) + 1) AS r(i)
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
    coalesce(n.denominator, 0) AS denominator
FROM groups g
CROSS JOIN kinds k
LEFT JOIN counted n ON n.age_group = g.age_group AND n.uasc = k.uasc
ORDER BY g.group_order, k.kind_order
