-- People left without any snapshot (the synthetic cohort, or those only in replaced snapshots).
DELETE FROM care_leavers c WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.person_id = c.person_id)
