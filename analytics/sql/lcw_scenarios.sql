-- Table 12 as published: caseload per LCW, cohort and FTE for each scenario, group and date.
SELECT scenario, as_at, band, CAST(caseload_per_fte AS DOUBLE) AS caseload_per_fte, cohort,
       CAST(percent_of_cohort AS DOUBLE) AS percent_of_cohort, CAST(fte AS DOUBLE) AS fte
FROM lcw_scenarios
ORDER BY scenario, as_at, band
