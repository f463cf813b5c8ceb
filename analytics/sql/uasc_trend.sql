-- Former-UASC care leavers and the whole cohort at every snapshot up to $snapshot_date
-- (Commissioning Plan 4.1), from the snapshot counts (snapshot_counts).
SELECT
    s.snapshot_date,
    CAST(sum(s.care_leavers) AS BIGINT) AS care_leavers,
    CAST(coalesce(sum(s.care_leavers) FILTER (WHERE s.uasc), 0) AS BIGINT) AS former_uasc
FROM snapshot_counts s
WHERE s.snapshot_date <= $snapshot_date
GROUP BY s.snapshot_date
ORDER BY s.snapshot_date
