-- People not yet stored (the registered frame `incoming`).
INSERT INTO care_leavers BY NAME
SELECT * FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM care_leavers c WHERE c.person_id = i.person_id)
