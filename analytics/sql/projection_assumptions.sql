-- The assumptions stated in Table 6's footnotes (LAIT growth rates, published variances).
SELECT method, assumption, CAST(value AS DOUBLE) AS value, unit
FROM projection_assumptions
ORDER BY method, assumption
