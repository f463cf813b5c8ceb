-- Children recorded as DIED in one collection year and as anything else in a later one.
SELECT later.child_key, died.collection_year AS died_in, later.collection_year AS later_year
FROM ingest.ssda903_oc3 died
JOIN ingest.ssda903_oc3 later
    ON later.child_key = died.child_key AND later.collection_year > died.collection_year
WHERE died.in_touch = 'DIED' AND later.in_touch <> 'DIED'
