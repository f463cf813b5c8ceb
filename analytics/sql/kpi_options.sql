-- Every KPI the pack defines, in its order, with how many values are loaded for it.
SELECT d.kpi_id, d.short_name, d.name, d.measure, count(v.value) AS values_loaded
FROM kpi_definitions d
LEFT JOIN kpi_values v USING (kpi_id)
GROUP BY d.kpi_id, d.short_name, d.name, d.measure, d.rowid
ORDER BY d.rowid
