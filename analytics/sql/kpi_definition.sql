-- One KPI's definition ($kpi_id): what is counted, on what basis, from which source and how late,
-- how it is graded, and whether a national comparator exists. Read by the KPI cards page, so the words are data.
SELECT
    kpi_id, name, short_name, measure, age_group, age_min, age_max, unit, polarity,
    CAST(target AS DOUBLE) AS target, tolerance_form,
    CAST(tolerance_below AS DOUBLE) AS tolerance_below, CAST(tolerance_above AS DOUBLE) AS tolerance_above,
    numerator, denominator, basis, data_source, lag, national_comparator, source, grading, count_basis
FROM kpi_definitions
WHERE kpi_id = $kpi_id
