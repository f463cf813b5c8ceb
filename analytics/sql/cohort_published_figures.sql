-- Published figures for the cohort, in the long form of cohort_profile (dimension, category):
-- counts and shares as published (the pack's cohort_published and cohort_shares) and the custody and university counts
-- quoted in the text (reference_figures). A share not printed is derived from the published counts.
WITH counts AS (
    SELECT
        as_at,
        CASE dimension WHEN 'legal_status_detail' THEN 'legal_status' ELSE dimension END AS dimension,
        category,
        count AS published_count,
        note,
        source
    FROM cohort_published
),
totals AS (
    SELECT as_at, sum(count) AS total FROM cohort_published WHERE dimension = 'age_band' GROUP BY as_at
),
quoted AS (
    SELECT
        as_at,
        CASE figure_id WHEN 'custody_over_18' THEN 'in_custody' ELSE 'at_university' END AS dimension,
        CASE figure_id WHEN 'custody_over_18' THEN 'In custody' ELSE 'At university' END AS category,
        CAST(value AS INTEGER) AS published_count,
        label AS note,
        source
    FROM reference_figures
    WHERE figure_id IN ('custody_over_18', 'university_total')
)
SELECT
    coalesce(c.dimension, sh.dimension) AS dimension,
    coalesce(c.category, sh.category) AS category,
    c.published_count,
    coalesce(CAST(sh.percent AS DOUBLE), 100.0 * c.published_count / t.total) AS published_percent,
    coalesce(c.as_at, sh.as_at) AS as_at,
    c.note,
    coalesce(c.source, sh.source) AS source
FROM counts c
FULL JOIN cohort_shares sh USING (as_at, dimension, category)
LEFT JOIN totals t ON t.as_at = coalesce(c.as_at, sh.as_at)
UNION ALL
SELECT dimension, category, published_count, NULL, as_at, note, source FROM quoted
