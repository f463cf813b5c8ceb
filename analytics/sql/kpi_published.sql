-- Every published KPI value with its definition and period: one row per KPI and period, KPIs in the
-- pack's order, periods oldest first. A KPI may lack a period (a gap); a period may be monthly,
-- quarterly or annual (kpi_periods.kind).
SELECT
    d.kpi_id, d.name, d.short_name, d.measure, d.age_group, d.unit, d.polarity,
    d.target, d.tolerance_form, d.tolerance_below, d.tolerance_above, d.published_direction,
    d.grading, d.count_basis,
    p.period, p.period_start, p.period_end, p.snapshot_date, p.kind AS period_kind, v.value, v.source
FROM kpi_definitions d
JOIN kpi_values v USING (kpi_id)
JOIN kpi_periods p USING (period)
ORDER BY d.rowid, p.period_end
