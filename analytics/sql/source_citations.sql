-- Every distinct source cited by the published tables, with the table that cites it.
SELECT 'Table 2 KPIs' AS evidence, source FROM kpi_values
UNION SELECT 'KPI definitions', source FROM kpi_definitions
UNION SELECT 'Cohort counts', source FROM cohort_published
UNION SELECT 'Cohort shares', source FROM cohort_shares
UNION SELECT 'Former-UASC share by age', source FROM uasc_share_by_age
UNION SELECT 'Projections', source FROM projections_published
UNION SELECT 'Caseloads', source FROM caseload_benchmarks
UNION SELECT 'Caseloads', source FROM caseload_current
UNION SELECT 'Leaving Care Worker scenarios', source FROM lcw_scenarios
UNION SELECT 'Budget', source FROM budget_lines
UNION SELECT 'Comparators', source FROM comparators
UNION SELECT 'Figures quoted in the text', source FROM reference_figures
ORDER BY evidence, source
