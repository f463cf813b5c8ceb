-- The number of the load about to be written.
SELECT coalesce(max(load_id), 0) + 1 AS load_id FROM ingest.load_log
