-- Stored Header records by year (keyed hash and month of birth only), copied into the load's stage
-- (analytics/ingest/staging.py, the store attached as `store`) for the cross-file rules when an OC3 or
-- UASC file is loaded without its year's Header: every child has a Header record (DfE INT06, INT09)
-- and the same date of birth (INT15, INT18, to the month the store keeps).
INSERT INTO memory.main.stored_header SELECT collection_year, child_key, birth_month FROM store.ingest.ssda903_header
