-- The citation of each published evidence table (its shortest source, which names the document and
-- table without row-level notes), for chart source lines; a table with no rows has none.
SELECT 'cohort_published' AS table_name, min_by(source, length(source)) AS source FROM cohort_published
UNION ALL SELECT 'uasc_share_by_age', min_by(source, length(source)) FROM uasc_share_by_age
UNION ALL SELECT 'projections_published', min_by(source, length(source)) FROM projections_published
UNION ALL SELECT 'projection_assumptions', min_by(source, length(source)) FROM projection_assumptions
UNION ALL SELECT 'caseload_current', min_by(source, length(source)) FROM caseload_current
UNION ALL SELECT 'caseload_benchmarks', min_by(source, length(source)) FROM caseload_benchmarks
UNION ALL SELECT 'lcw_scenarios', min_by(source, length(source)) FROM lcw_scenarios
UNION ALL SELECT 'staffing', min_by(source, length(source)) FROM staffing
UNION ALL SELECT 'budget_lines', min_by(source, length(source)) FROM budget_lines
