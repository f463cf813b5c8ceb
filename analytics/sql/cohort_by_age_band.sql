-- Care leavers by the authority's age bands at one snapshot, from the snapshot counts (snapshot_counts).
-- $snapshot_date: the snapshot to count. $band_labels, $band_mins, $band_maxs: the pack's age bands, in order.
WITH bands AS (
    SELECT i AS band_order, $band_labels[i] AS age_band, $band_mins[i] AS age_min, $band_maxs[i] AS age_max
    FROM range(1, len($band_labels) + 1) AS r(i)
)
SELECT b.age_band, b.band_order, CAST(coalesce(sum(s.care_leavers), 0) AS BIGINT) AS care_leavers
FROM bands b
LEFT JOIN snapshot_counts s
    ON s.age BETWEEN b.age_min AND b.age_max AND s.snapshot_date = $snapshot_date
GROUP BY b.age_band, b.band_order
ORDER BY b.band_order
