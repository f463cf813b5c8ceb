-- Table 6 as published: the October 2023 ChAT cohort and both April 2025 projections, by band.
SELECT method, as_at, band, count, CAST(percent_of_cohort AS DOUBLE) AS percent_of_cohort
FROM projections_published
ORDER BY method, as_at, band
