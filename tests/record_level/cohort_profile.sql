-- The cohort at one snapshot broken down by every dimension the Cohort page shows, in long form: one row per dimension and category, zero counts included.
-- $snapshot_date: the snapshot. Filters, NULL for all: $age_band (one of the pack's band labels, $band_labels with $band_mins and $band_maxs),
-- $uasc (true: former UASC only; false: all others), $location ('In county', 'Out of county', 'Unknown').
-- A filtered dimension keeps only the chosen category, so it is not shown as a run of empty cells.
WITH bands AS (
    SELECT i AS band_order, $band_labels[i] AS age_band, $band_mins[i] AS age_min, $band_maxs[i] AS age_max
    FROM range(1, len($band_labels) + 1) AS r(i)
),
labelled AS (
    SELECT
        s.snapshot_date,
        b.age_band,
        s.legal_status,
        c.sex,
        CASE WHEN c.disability THEN 'Disabled' ELSE 'Not disabled' END AS disability,
        c.ethnicity_group,
        s.location,
        CASE WHEN c.uasc THEN 'Former UASC' ELSE 'Not UASC' END AS uasc,
        CASE WHEN s.in_custody THEN 'In custody' ELSE 'Not in custody' END AS in_custody,
        CASE WHEN s.at_university THEN 'At university' ELSE 'Not at university' END AS at_university,
        -- Copies for filtering, since UNPIVOT consumes the labelled columns.
        b.age_band AS band_filter,
        s.location AS location_filter,
        c.uasc AS uasc_filter
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    JOIN bands b ON s.age BETWEEN b.age_min AND b.age_max
),
long AS (
    UNPIVOT labelled
    ON age_band, legal_status, sex, disability, ethnicity_group, location, uasc, in_custody, at_university
    INTO NAME dimension VALUE category
),
categories AS (
    SELECT DISTINCT dimension, category FROM long
),
counted AS (
    SELECT dimension, category, count(*) AS care_leavers
    FROM long
    WHERE snapshot_date = $snapshot_date
        AND ($age_band IS NULL OR band_filter = $age_band)
        AND ($uasc IS NULL OR uasc_filter = $uasc)
        AND ($location IS NULL OR location_filter = $location)
    GROUP BY dimension, category
)
SELECT
    k.dimension,
    k.category,
    coalesce(n.care_leavers, 0) AS care_leavers
FROM categories k
LEFT JOIN counted n USING (dimension, category)
LEFT JOIN bands b ON k.dimension = 'age_band' AND k.category = b.age_band
WHERE NOT (k.dimension = 'age_band' AND $age_band IS NOT NULL AND k.category <> $age_band)
    AND NOT (k.dimension = 'location' AND $location IS NOT NULL AND k.category <> $location)
    AND NOT (k.dimension = 'uasc' AND $uasc IS NOT NULL AND (k.category = 'Former UASC') <> $uasc)
ORDER BY
    list_position(['age_band', 'legal_status', 'sex', 'disability', 'ethnicity_group', 'location', 'uasc', 'in_custody', 'at_university'], k.dimension),
    coalesce(
        b.band_order,
        list_position(['Eligible', 'Relevant', 'Former Relevant', 'Qualifying', 'In county', 'Out of county', 'Unknown'], k.category),
        100
    ),
    k.category
