-- Rows in each evidence table and in the record-level cohort, so that a page can say which of the
-- evidence it needs the authority's pack (or its own loaded data) does not provide.
SELECT 'cohort_published' AS table_name, count(*) AS row_count FROM cohort_published
UNION ALL SELECT 'cohort_shares', count(*) FROM cohort_shares
UNION ALL SELECT 'uasc_share_by_age', count(*) FROM uasc_share_by_age
UNION ALL SELECT 'reference_figures', count(*) FROM reference_figures
UNION ALL SELECT 'projections_published', count(*) FROM projections_published
UNION ALL SELECT 'projection_assumptions', count(*) FROM projection_assumptions
UNION ALL SELECT 'caseload_benchmarks', count(*) FROM caseload_benchmarks
UNION ALL SELECT 'caseload_current', count(*) FROM caseload_current
UNION ALL SELECT 'lcw_scenarios', count(*) FROM lcw_scenarios
UNION ALL SELECT 'staffing', count(*) FROM staffing
UNION ALL SELECT 'budget_lines', count(*) FROM budget_lines
UNION ALL SELECT 'kpi_values', count(*) FROM kpi_values
UNION ALL SELECT 'snapshots', count(*) FROM snapshots
