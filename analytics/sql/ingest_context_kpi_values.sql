-- Which KPIs have a value in each stored period, so a return for a new period can be checked as complete.
SELECT period, kpi_id FROM kpi_values
