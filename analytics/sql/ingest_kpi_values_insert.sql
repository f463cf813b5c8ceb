-- Returned KPI values (the registered frame `incoming`).
INSERT INTO kpi_values BY NAME SELECT * FROM incoming
