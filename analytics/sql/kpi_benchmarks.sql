-- The pack's comparators for one KPI ($kpi_id): rows naming the KPI, and rows whose measure is named
-- for the KPI's measure (comparators.measure 'eet_care_leavers' belongs to every KPI of measure 'eet').
-- Each sits on the KPI's time axis at its period end, or 31 March of its year (DfE years) when none.
SELECT
    c.area, coalesce(c.area_type, '') AS area_type, c.year, coalesce(c.period_end, make_date(c.year, 3, 31)) AS year_end,
    CAST(c.value AS DOUBLE) AS value, c.unit, c.measure AS comparator_measure, coalesce(c.basis, '') AS basis, c.source
FROM kpi_definitions d
JOIN comparators c ON c.kpi_id = d.kpi_id OR (c.kpi_id IS NULL AND starts_with(c.measure, d.measure || '_'))
WHERE d.kpi_id = $kpi_id
ORDER BY list_position(['england', 'region', 'neighbours', 'council', 'la'], c.area_type) NULLS LAST,
    list_position(['England', 'Statistical neighbours'], c.area) NULLS LAST, c.area, year_end
