-- Main activity (SSDA903 ACTIV) of care leavers aged $age_min to $age_max at $snapshot_date, in the
-- groups the DfE publishes (domain notes 1), with a phrase for sentences. Those who died or returned
-- home (DIED, RHOM) leave the denominator as in the EET measure, so the EET rows add up to its
-- numerator. Every group gets a row.
WITH activities AS (
    SELECT *
    FROM (VALUES
        (1, 'Higher education', ['F1', 'P1'], true, 'were in higher education'),
        (2, 'Other education', ['F2', 'P2'], true, 'were in other education'),
        (3, 'Apprenticeship', ['F4', 'P4'], true, 'were on an apprenticeship'),
        (4, 'Training or employment', ['F5', 'P5'], true, 'were in training or employment'),
        (5, 'NEET: illness or disability', ['G4'], false, 'were NEET through illness or disability'),
        (6, 'NEET: other reasons', ['G5'], false, 'were NEET for other reasons'),
        (7, 'NEET: pregnancy or parenting', ['G6'], false, 'were NEET through pregnancy or parenting'),
        (8, 'Activity not known', ['0'], false, 'had no activity recorded')
    ) AS a(activity_order, activity, codes, eet, phrase)
),
counted AS (
    SELECT a.activity_order, count(*) AS care_leavers
    FROM snapshots s
    JOIN activities a ON list_contains(a.codes, s.activ)
    WHERE s.snapshot_date = $snapshot_date
        AND s.age BETWEEN $age_min AND $age_max
        AND s.in_touch NOT IN ('DIED', 'RHOM')
    GROUP BY a.activity_order
)
SELECT a.activity, array_to_string(a.codes, ' ') AS codes, a.eet, a.phrase, coalesce(n.care_leavers, 0) AS care_leavers
FROM activities a
LEFT JOIN counted n USING (activity_order)
ORDER BY a.activity_order
