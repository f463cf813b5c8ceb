-- Accommodation (SSDA903 ACCOM: a letter and a suitability digit) of care leavers aged $age_min to
-- $age_max at $snapshot_date, each letter in plain words (domain notes 1) with a phrase for sentences.
-- Those who died or returned home (DIED, RHOM) are left out as in the suitability measure; G, H and R
-- (abroad, deported, not known) are kept but flagged, since the measure leaves them out of its
-- denominator. One row per letter and suitability that occurs. Counted from the snapshot counts
-- (snapshot_counts), not the records.
WITH letters AS (
    SELECT *
    FROM (VALUES
        ('U', 'Independent living', 'lived independently'),
        ('D', 'Semi-independent living', 'were in semi-independent living'),
        ('Z', 'With former foster carers', 'lived with former foster carers'),
        ('B', 'With parents or relatives', 'lived with parents or relatives'),
        ('E', 'Supported lodgings', 'were in supported lodgings'),
        ('K', 'Ordinary lodgings', 'were in ordinary lodgings'),
        ('C', 'Community home', 'were in a community home'),
        ('T', 'Foyer', 'were in a foyer'),
        ('Y', 'Other accommodation', 'were in other accommodation'),
        ('V', 'Emergency accommodation', 'were in emergency accommodation'),
        ('W', 'Bed and breakfast', 'were in bed and breakfast'),
        ('S', 'No fixed abode', 'had no fixed abode'),
        ('X', 'Custody', 'were in custody'),
        ('G', 'Gone abroad', 'had gone abroad'),
        ('H', 'Deported', 'had been deported'),
        ('R', 'Residence not known', 'had no known residence'),
        ('0', 'Accommodation not known', 'had no accommodation recorded')
    ) AS l(letter, accommodation, phrase)
),
classified AS (
    SELECT
        l.letter,
        l.accommodation,
        l.phrase,
        CASE right(s.accom, 1) WHEN '1' THEN 'Suitable' WHEN '2' THEN 'Unsuitable' ELSE 'Not recorded' END AS suitability,
        l.letter NOT IN ('G', 'H', 'R') AS in_suitability_denominator,
        s.care_leavers
    FROM snapshot_counts s
    JOIN letters l ON l.letter = left(s.accom, 1)
    WHERE s.snapshot_date = $snapshot_date
        AND s.age BETWEEN $age_min AND $age_max
        AND s.in_touch NOT IN ('DIED', 'RHOM')
)
SELECT letter, accommodation, phrase, suitability, in_suitability_denominator, CAST(sum(care_leavers) AS BIGINT) AS care_leavers
FROM classified
GROUP BY letter, accommodation, phrase, suitability, in_suitability_denominator
ORDER BY list_position(['Suitable', 'Unsuitable', 'Not recorded'], suitability), care_leavers DESC, letter
