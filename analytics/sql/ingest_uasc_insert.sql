-- Pseudonymised SSDA903 uasc records (the registered frame `incoming`).
INSERT INTO ingest.ssda903_uasc BY NAME SELECT * FROM incoming
