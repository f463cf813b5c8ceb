-- A staged UASC file ($file_no) as it is stored: keyed hash, month of birth, and the month UASC status
-- ceased (DUC is the 18th birthday for most: its day would give the date of birth back).
SELECT f.year AS collection_year, r.child_key, date_trunc('month', r.dob)::DATE AS birth_month, r.sex,
       date_trunc('month', r.duc)::DATE AS duc
FROM records AS r JOIN files AS f USING (file_no)
WHERE r.file_no = $file_no
