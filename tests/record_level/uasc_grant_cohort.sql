-- Former-UASC care leavers at $snapshot_date by the Home Office grant band that applies to them
-- (Commissioning Plan 2.1 and footnote 1): under 18 (a daily rate); 18 to 21; 22 to 25 and in
-- education (ACTIV F1, P1, F2, P2: the weekly rate continues); 22 to 25 otherwise (no grant).
WITH bands AS (
    SELECT *
    FROM (VALUES (1, 'under_18'), (2, '18_21'), (3, '22_25_in_education'), (4, '22_25_not_in_education'))
        AS b(band_order, grant_band)
),
counted AS (
    SELECT
        CASE
            WHEN s.age < 18 THEN 'under_18'
            WHEN s.age <= 21 THEN '18_21'
            WHEN s.activ IN ('F1', 'P1', 'F2', 'P2') THEN '22_25_in_education'
            ELSE '22_25_not_in_education'
        END AS grant_band,
        count(*) AS former_uasc
    FROM snapshots s
    JOIN care_leavers c USING (person_id)
    WHERE s.snapshot_date = $snapshot_date AND c.uasc
    GROUP BY grant_band
)
SELECT b.grant_band, coalesce(n.former_uasc, 0) AS former_uasc
FROM bands b
LEFT JOIN counted n USING (grant_band)
ORDER BY b.band_order
