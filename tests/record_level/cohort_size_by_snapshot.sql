-- Care leavers in the cohort at each quarterly snapshot.
SELECT snapshot_date, count(*) AS care_leavers
FROM snapshots
GROUP BY snapshot_date
ORDER BY snapshot_date
