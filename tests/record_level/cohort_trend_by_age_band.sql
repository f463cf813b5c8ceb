-- Care leavers by the pack's age bands ($band_labels, $band_mins, $band_maxs) at every snapshot up to $snapshot_date, with the same filters
-- as cohort_profile ($age_band, $uasc, $location; NULL for all). Every band appears at every
-- snapshot, zero included. open_cases_basis counts those aged 16-20 who are not Qualifying: the
-- basis of the provider's "open allocated cases" (reference figures open_allocated_cases_*); aged_16_20
-- counts all of them, so the difference is the Qualifying care leavers left out.
WITH bands AS (
    SELECT i AS band_order, $band_labels[i] AS age_band, $band_mins[i] AS age_min, $band_maxs[i] AS age_max
    FROM range(1, len($band_labels) + 1) AS r(i)
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
