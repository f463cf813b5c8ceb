-- The reporting periods that hold at least one KPI value, oldest first, with the sources of the values.
SELECT p.period, p.period_start, p.period_end, p.snapshot_date, p.kind, p.data_source,
    string_agg(DISTINCT v.source, '; ' ORDER BY v.source) AS value_sources
FROM kpi_periods p
JOIN kpi_values v USING (period)
GROUP BY ALL
ORDER BY p.period_end
