-- Contact with care leavers aged $age_min to $age_max at $snapshot_date by SSDA903 IN_TOUCH code, in
-- plain words (domain notes 1). Everyone in the age range is counted; in_denominator says whether the
-- keeping-in-touch measure counts the code (DIED and RHOM leave it). Every code gets a row.
-- Counted from the snapshot counts (snapshot_counts), not the records.
WITH codes AS (
    SELECT *
    FROM (VALUES
        (1, 'YES', 'In touch', true),
        (2, 'NO', 'Not in touch', true),
        (3, 'REFU', 'Refuses contact', true),
        (4, 'NREQ', 'No longer wants or needs services', true),
        (5, 'DIED', 'Has died', false),
        (6, 'RHOM', 'Returned home to parents for 6 months or more', false)
    ) AS k(code_order, in_touch, description, in_denominator)
),
counted AS (
    SELECT in_touch, CAST(sum(care_leavers) AS BIGINT) AS care_leavers
    FROM snapshot_counts
    WHERE snapshot_date = $snapshot_date AND age BETWEEN $age_min AND $age_max
    GROUP BY in_touch
)
SELECT k.in_touch, k.description, k.in_denominator, coalesce(n.care_leavers, 0) AS care_leavers
FROM codes k
LEFT JOIN counted n USING (in_touch)
ORDER BY k.code_order
