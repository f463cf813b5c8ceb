-- Periods a provider KPI return introduces (the registered frame `incoming`); stored periods are kept.
INSERT INTO kpi_periods BY NAME
SELECT * FROM incoming WHERE period NOT IN (SELECT period FROM kpi_periods)
