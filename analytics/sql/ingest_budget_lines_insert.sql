-- Loaded budget lines (the registered frame `incoming`).
INSERT INTO budget_lines BY NAME SELECT * FROM incoming
