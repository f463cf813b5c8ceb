-- Values of one stored column ($table_name qualified by schema, $column_name, both from the catalogue) that
-- equal something this load must never store: $raw names the registered frame of raw IDs and dates of
-- birth written as text, or of full dates of birth for a DATE column.
SELECT count(*) AS hits
FROM query_table($table_name) AS t
WHERE t[$column_name]::VARCHAR IN (SELECT value FROM query_table($raw))
