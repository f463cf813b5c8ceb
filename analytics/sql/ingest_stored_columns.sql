-- Every text, date and timestamp column of every stored table, for the privacy scan after a load.
-- kpi_periods' dates are quarter ends made from period labels, never from a record, and a quarter end
-- may well be someone's 18th birthday: scanning them would refuse good loads.
SELECT schema_name, table_name, column_name, data_type
FROM duckdb_columns()
WHERE NOT internal AND database_name = current_database()
  AND (data_type IN ('VARCHAR', 'DATE') OR data_type LIKE 'TIMESTAMP%')
  AND NOT (schema_name = 'main' AND table_name = 'kpi_periods' AND data_type <> 'VARCHAR')
ORDER BY schema_name, table_name, column_name
