-- DfE care-leaver measures from the loaded OC3 records (domain notes section 2), by collection year.
-- Age is the age reached at the birthday in the collection year; the groups are 17 to 18 and 19 to 21.
-- Care leavers who died or returned home for 6+ months (DIED, RHOM) leave every denominator; those
-- whose information is not known (NO, REFU, NREQ with code 0) stay in.
-- EET: ACTIV F1 P1 F2 P2 F4 P4 F5 P5 (F3 P3 in collections up to 2020-21).
-- Suitable accommodation: ACCOM ending in 1; abroad, deported or not known (G, H, R) leave both
-- the numerator and the denominator.
WITH age_groups(age_group, age_min, age_max) AS (VALUES ('17 to 18', 17, 18), ('19 to 21', 19, 21)),
counted AS (
    SELECT o.collection_year, g.age_group, o.activ, o.accom, left(o.accom, 1) IN ('G', 'H', 'R') AS accom_excluded
    FROM ingest.ssda903_oc3 o
    JOIN age_groups g ON o.age BETWEEN g.age_min AND g.age_max
    WHERE o.in_touch NOT IN ('DIED', 'RHOM')
),
measures AS (
    SELECT collection_year, age_group, 'In education, employment or training' AS measure,
        count(*) FILTER (WHERE activ IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5')) AS numerator,
        count(*) AS denominator
    FROM counted
    GROUP BY collection_year, age_group
    UNION ALL
    SELECT collection_year, age_group, 'In suitable accommodation',
        count(*) FILTER (WHERE NOT accom_excluded AND accom LIKE '_1'),
        count(*) FILTER (WHERE NOT accom_excluded)
    FROM counted
    GROUP BY collection_year, age_group
)
SELECT collection_year, measure, age_group, numerator, denominator,
    100.0 * numerator / nullif(denominator, 0) AS percent
FROM measures
ORDER BY collection_year, measure, age_group
