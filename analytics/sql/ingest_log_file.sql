-- One loaded file in the load log.
INSERT INTO ingest.load_log (load_id, loaded_at, file_name, kind, collection_year, records, sha256, loaded_by)
VALUES ($load_id, $loaded_at, $file_name, $kind, $collection_year, $records, $sha256, $loaded_by)
