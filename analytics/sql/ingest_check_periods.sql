-- KPIs without a value in a period that has values for others: every KPI page needs all of them.
SELECT p.period, d.kpi_id
FROM (SELECT DISTINCT period FROM kpi_values) p
CROSS JOIN kpi_definitions d
WHERE NOT EXISTS (SELECT 1 FROM kpi_values v WHERE v.period = p.period AND v.kpi_id = d.kpi_id)
ORDER BY p.period, d.kpi_id
