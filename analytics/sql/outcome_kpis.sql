-- The KPIs of one measure ($measure, a kpi_definitions.measure) with their age ranges, targets,
-- tolerances or grading bands, in the pack's order: the definitions are data, so pages never name an age.
SELECT
    kpi_id, name, short_name, measure, age_group, age_min, age_max, unit, polarity,
    CAST(target AS DOUBLE) AS target, tolerance_form,
    CAST(tolerance_below AS DOUBLE) AS tolerance_below, CAST(tolerance_above AS DOUBLE) AS tolerance_above, grading,
    numerator AS numerator_definition, denominator AS denominator_definition, basis, data_source
FROM kpi_definitions
WHERE measure = $measure
ORDER BY rowid
