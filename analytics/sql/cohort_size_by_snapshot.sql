-- Care leavers in the cohort at each quarterly snapshot, from the snapshot counts (snapshot_counts).
SELECT snapshot_date, CAST(sum(care_leavers) AS BIGINT) AS care_leavers
FROM snapshot_counts
GROUP BY snapshot_date
ORDER BY snapshot_date
