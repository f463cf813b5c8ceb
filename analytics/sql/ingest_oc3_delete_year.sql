-- A file for a collection year replaces what was loaded for that year.
DELETE FROM ingest.ssda903_oc3 WHERE collection_year = $collection_year
