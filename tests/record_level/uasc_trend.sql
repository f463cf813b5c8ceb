-- Former-UASC care leavers and the whole cohort at every snapshot up to $snapshot_date
-- (Commissioning Plan 4.1).
SELECT
    s.snapshot_date,
    count(*) AS care_leavers,
    count(*) FILTER (WHERE c.uasc) AS former_uasc
FROM snapshots s
JOIN care_leavers c USING (person_id)
WHERE s.snapshot_date <= $snapshot_date
GROUP BY s.snapshot_date
ORDER BY s.snapshot_date
