-- A returned value replaces the stored value for the same KPI and period.
DELETE FROM kpi_values v WHERE EXISTS (SELECT 1 FROM incoming i WHERE i.kpi_id = v.kpi_id AND i.period = v.period)
