-- A file for a collection year replaces what was loaded for that year.
DELETE FROM ingest.ssda903_header WHERE collection_year = $collection_year
