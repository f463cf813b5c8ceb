-- Care leavers by the authority's age bands at one snapshot.
-- $snapshot_date: the snapshot to count. $band_labels, $band_mins, $band_maxs: the pack's age bands, in order.
WITH bands AS (
    SELECT i AS band_order, $band_labels[i] AS age_band, $band_mins[i] AS age_min, $band_maxs[i] AS age_max
    FROM range(1, len($band_labels) + 1) AS r(i)
)
SELECT b.age_band, b.band_order, count(s.person_id) AS care_leavers
FROM bands b
LEFT JOIN snapshots s
    ON s.age BETWEEN b.age_min AND b.age_max AND s.snapshot_date = $snapshot_date
GROUP BY b.age_band, b.band_order
ORDER BY b.band_order
