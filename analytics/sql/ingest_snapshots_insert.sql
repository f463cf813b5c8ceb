-- Loaded snapshot records (the registered frame `incoming`).
INSERT INTO snapshots BY NAME SELECT * FROM incoming
