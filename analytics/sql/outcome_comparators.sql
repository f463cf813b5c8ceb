-- The pack's comparators for a whole measure ($measure, a kpi_definitions.measure): rows not tied to
-- one KPI whose measure is named <measure>_<population> (eet_care_leavers for eet), any number of
-- areas, each with its year, period end (31 March of the year when none is given) and basis.
SELECT area, year, coalesce(period_end, make_date(year, 3, 31)) AS date, CAST(value AS DOUBLE) AS value,
    coalesce(basis, '') AS basis, unit, source
FROM comparators
WHERE kpi_id IS NULL AND starts_with(measure, $measure || '_')
ORDER BY list_position(['england', 'region', 'neighbours', 'council', 'la'], area_type) NULLS LAST,
    list_position(['England', 'Statistical neighbours'], area) NULLS LAST, area, year
