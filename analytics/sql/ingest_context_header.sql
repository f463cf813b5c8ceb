-- Stored Header records by year (keyed hash and month of birth only), for the cross-file rules when
-- an OC3 or UASC file is loaded without its year's Header: every child has a Header record (DfE
-- INT06, INT09) and the same date of birth (INT15, INT18, to the month the store keeps).
SELECT collection_year, child_key, birth_month FROM ingest.ssda903_header
