-- Children of the stored OC3 and UASC records by year (keyed hash only), copied into the load's stage:
-- a Header loaded for a year replaces the stored one, and must still have a record for each of them
-- (DfE INT06, INT09).
INSERT INTO memory.main.stored_children
SELECT 'oc3' AS kind, collection_year, child_key FROM store.ingest.ssda903_oc3
UNION ALL
SELECT 'uasc', collection_year, child_key FROM store.ingest.ssda903_uasc
