-- Children of the stored OC3 and UASC records by year (keyed hash only): a Header loaded for a year
-- replaces the stored one, and must still have a record for each of them (DfE INT06, INT09).
SELECT 'oc3' AS table_key, collection_year, child_key FROM ingest.ssda903_oc3
UNION ALL
SELECT 'uasc', collection_year, child_key FROM ingest.ssda903_uasc
