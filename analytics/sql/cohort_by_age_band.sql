-- Care leavers by the published age bands (Commissioning Plan 4.1) at one snapshot.
-- $snapshot_date: the snapshot to count.
WITH bands AS (
    SELECT *
    FROM (VALUES (1, '16-17', 16, 17), (2, '18-20', 18, 20), (3, '21-24', 21, 24), (4, '25 (Other)', 25, 25))
        AS b(band_order, age_band, age_min, age_max)
)
SELECT b.age_band, b.band_order, count(s.person_id) AS care_leavers
FROM bands b
LEFT JOIN snapshots s
    ON s.age BETWEEN b.age_min AND b.age_max AND s.snapshot_date = $snapshot_date
GROUP BY b.age_band, b.band_order
ORDER BY b.band_order
