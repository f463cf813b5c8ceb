-- Tables of the authority's own loaded data (schema `ingest`); none until the first load.
SELECT table_name FROM duckdb_tables() WHERE schema_name = 'ingest' ORDER BY table_name
