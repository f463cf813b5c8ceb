-- Former-UASC care leavers by single year of age at $snapshot_date, with Table 5's published share
-- and cohort group (Commissioning Plan 4.1, October 2023) where one exists for that age.
WITH ages AS (
    SELECT unnest(range(16, 26)) AS age
),
counted AS (
    SELECT s.age, count(*) AS care_leavers, count(*) FILTER (WHERE c.uasc) AS former_uasc
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    WHERE s.snapshot_date = $snapshot_date
    GROUP BY s.age
)
SELECT
    a.age,
    coalesce(n.care_leavers, 0) AS care_leavers,
    coalesce(n.former_uasc, 0) AS former_uasc,
    p.age_group,
    CAST(p.percent_uasc AS DOUBLE) AS published_percent,
    CAST(p.group_average_percent AS DOUBLE) AS published_group_average
FROM ages a
LEFT JOIN counted n USING (age)
LEFT JOIN uasc_share_by_age p ON p.age = a.age
ORDER BY a.age
