-- The sources cited by the KPI values of one period ($period), for the Overview's caption.
SELECT DISTINCT source FROM kpi_values WHERE period = $period ORDER BY source
