-- Values of one stored column ($table_name qualified by schema, $column_name, both from the catalogue) that
-- equal something this load must never store: $raw names the registered frame of raw IDs and dates
-- written as text, or of full dates (of birth, of UASC end) for a DATE or TIMESTAMP column, compared
-- by their day.
SELECT count(*) AS hits
FROM query_table($table_name) AS t
WHERE (CASE WHEN $raw = 'raw_dates' THEN TRY_CAST(t[$column_name] AS DATE)::VARCHAR ELSE t[$column_name]::VARCHAR END)
      IN (SELECT value FROM query_table($raw))
