-- The store's published-evidence tables with their comments and row counts, for the sources page.
SELECT t.table_name, t.comment, t.estimated_size AS row_count
FROM duckdb_tables() t
WHERE t.schema_name = 'main' AND t.table_name NOT IN ('care_leavers', 'snapshots', 'snapshot_counts', 'build_info')
ORDER BY t.table_name
