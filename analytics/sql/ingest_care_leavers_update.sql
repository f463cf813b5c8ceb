-- People already stored take their details from the latest loaded snapshot (the registered frame `incoming`).
UPDATE care_leavers c
SET birth_month = i.birth_month, sex = i.sex, disability = i.disability, ethnicity_group = i.ethnicity_group,
    uasc = i.uasc, entry_date = i.entry_date, qualifying = i.qualifying
FROM incoming i
WHERE c.person_id = i.person_id
