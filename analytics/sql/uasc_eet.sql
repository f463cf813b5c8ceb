-- EET of former-UASC and other care leavers at $snapshot_date in the age groups given as
-- $group_labels, $group_mins and $group_maxs (the EET page's: the windows of the pack's EET KPIs,
-- else the DfE's; or the report's own groups to compare with its figures). DfE rules (domain notes 2):
-- those who died or returned home (DIED, RHOM) leave the denominator; EET is ACTIV F1, P1, F2, P2,
-- F4, P4, F5 or P5. Counted from the snapshot counts (snapshot_counts), not the records.
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
        s.uasc,
        CAST(sum(s.care_leavers) AS BIGINT) AS denominator,
        CAST(sum(s.care_leavers) FILTER (WHERE s.activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')) AS BIGINT) AS eet
    FROM snapshot_counts s
    JOIN groups g ON s.age BETWEEN g.age_min AND g.age_max
    WHERE s.snapshot_date = $snapshot_date AND s.in_touch NOT IN ('DIED', 'RHOM')
    GROUP BY g.age_group, s.uasc
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
