-- Table 10: today's average caseload per 1.0 FTE LCW by age band.
SELECT band, CAST(average_caseload_per_fte AS DOUBLE) AS average_caseload_per_fte
FROM caseload_current
ORDER BY band
