-- Stored OC3 IN_TOUCH by child and year, copied into the load's stage, for the rule "once DIED, always
-- DIED" across loads.
INSERT INTO memory.main.stored_oc3 SELECT child_key, collection_year, in_touch FROM store.ingest.ssda903_oc3
