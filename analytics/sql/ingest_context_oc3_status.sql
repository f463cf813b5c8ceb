-- Stored OC3 IN_TOUCH by child and year, for the rule "once DIED, always DIED" across loads.
SELECT child_key, collection_year, in_touch FROM ingest.ssda903_oc3
