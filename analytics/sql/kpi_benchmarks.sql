-- Benchmarks quoted in the report for one KPI ($kpi_id): comparator rows whose measure is named for
-- the KPI's measure (comparators.measure 'eet_care_leavers' belongs to KPI measure 'eet'), with the
-- end of each comparator year (LAIT years end on 31 March) so they sit on the KPI's time axis.
SELECT
    c.area, c.year, make_date(c.year, 3, 31) AS year_end, CAST(c.value AS DOUBLE) AS value, c.unit,
    c.measure AS comparator_measure, c.source
FROM kpi_definitions d
JOIN comparators c ON starts_with(c.measure, d.measure || '_')
WHERE d.kpi_id = $kpi_id
ORDER BY list_position(['England', 'Statistical neighbours'], c.area) NULLS LAST, c.area, c.year
