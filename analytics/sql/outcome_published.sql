-- Published Table 2 values of the KPIs of one measure ($measure), each placed at the synthetic
-- snapshot that stands for its reporting period (kpi_periods.snapshot_date).
SELECT v.kpi_id, p.period, p.snapshot_date, CAST(v.value AS DOUBLE) AS published, v.source
FROM kpi_values v
JOIN kpi_periods p USING (period)
JOIN kpi_definitions d USING (kpi_id)
WHERE d.measure = $measure
ORDER BY d.rowid, p.snapshot_date
