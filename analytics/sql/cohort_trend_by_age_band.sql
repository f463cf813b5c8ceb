-- Care leavers by published age band at every snapshot up to $snapshot_date, with the same filters
-- as cohort_profile ($age_band, $uasc, $location; NULL for all). Every band appears at every
-- snapshot, zero included. open_cases_basis counts those aged 16-20 who are not Qualifying: the
-- basis of the provider's "open allocated cases" (Commissioning Plan 4.1 footnote 20); aged_16_20
-- counts all of them, so the difference is the Qualifying care leavers left out.
WITH bands AS (
    SELECT *
    FROM (VALUES (1, '16-17', 16, 17), (2, '18-20', 18, 20), (3, '21-24', 21, 24), (4, '25 (Other)', 25, 25))
        AS b(band_order, age_band, age_min, age_max)
),
dates AS (
    SELECT DISTINCT snapshot_date FROM snapshots WHERE snapshot_date <= $snapshot_date
),
filtered AS (
    SELECT s.snapshot_date, b.age_band, s.age, s.legal_status
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    JOIN bands b ON s.age BETWEEN b.age_min AND b.age_max
    WHERE s.snapshot_date <= $snapshot_date
        AND ($age_band IS NULL OR b.age_band = $age_band)
        AND ($uasc IS NULL OR c.uasc = $uasc)
        AND ($location IS NULL OR s.location = $location)
)
SELECT
    d.snapshot_date,
    b.age_band,
    b.band_order,
    count(f.snapshot_date) AS care_leavers,
    count(f.snapshot_date) FILTER (WHERE f.age BETWEEN 16 AND 20) AS aged_16_20,
    count(f.snapshot_date) FILTER (WHERE f.age BETWEEN 16 AND 20 AND f.legal_status <> 'Qualifying') AS open_cases_basis
FROM dates d
CROSS JOIN bands b
LEFT JOIN filtered f ON f.snapshot_date = d.snapshot_date AND f.age_band = b.age_band
WHERE $age_band IS NULL OR b.age_band = $age_band
GROUP BY d.snapshot_date, b.age_band, b.band_order
ORDER BY d.snapshot_date, b.band_order
