-- Every text and date column of every stored table, for the privacy scan after a load.
SELECT schema_name, table_name, column_name, data_type
FROM duckdb_columns()
WHERE NOT internal AND database_name = current_database() AND data_type IN ('VARCHAR', 'DATE')
ORDER BY schema_name, table_name, column_name
