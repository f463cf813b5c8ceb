-- Benchmarks quoted in the report for one comparator measure ($comparator, comparators.measure, e.g.
-- eet_care_leavers): England, statistical neighbours and the authority, by year.
SELECT area, year, CAST(value AS DOUBLE) AS value, unit, source
FROM comparators
WHERE measure = $comparator
ORDER BY list_position(['England', 'Statistical neighbours'], area) NULLS LAST, area, year
