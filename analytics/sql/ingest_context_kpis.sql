-- The configured KPIs and their units, which a provider KPI return is checked against.
SELECT kpi_id, unit FROM kpi_definitions ORDER BY rowid
