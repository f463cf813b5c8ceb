-- The published former-UASC share of care leavers by single year of age (the pack's uasc_share_by_age).
SELECT age, CAST(percent_uasc AS DOUBLE) AS percent_uasc FROM uasc_share_by_age ORDER BY age
