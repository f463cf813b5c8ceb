-- Pseudonymised SSDA903 oc3 records (the registered frame `incoming`).
INSERT INTO ingest.ssda903_oc3 BY NAME SELECT * FROM incoming
