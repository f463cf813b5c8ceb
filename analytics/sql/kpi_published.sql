-- Table 2 in long form: each KPI's definition with its published value in each period.
SELECT
    d.kpi_id, d.name, d.short_name, d.measure, d.age_group, d.unit, d.polarity,
    d.target, d.tolerance_form, d.tolerance_below, d.tolerance_above, d.published_direction,
    p.period, p.period_end, p.snapshot_date, v.value, v.source
FROM kpi_definitions d
JOIN kpi_values v USING (kpi_id)
JOIN kpi_periods p USING (period)
ORDER BY d.rowid, p.period_end
