-- One published-evidence table, every column, by its name ($name is checked against the store's
-- list of published tables before this runs).
SELECT * FROM query_table($name)
