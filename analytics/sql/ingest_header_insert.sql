-- Pseudonymised SSDA903 header records (the registered frame `incoming`).
INSERT INTO ingest.ssda903_header BY NAME SELECT * FROM incoming
