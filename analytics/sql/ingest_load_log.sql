-- The load log, newest first, for the Data page.
SELECT load_id, loaded_at, loaded_by, file_name, kind, collection_year, records, sha256
FROM ingest.load_log
ORDER BY load_id DESC, file_name
