-- A staged Header file ($file_no) as it is stored: keyed hash and month of birth, no UPN nor MC_DOB.
SELECT f.year AS collection_year, r.child_key, date_trunc('month', r.dob)::DATE AS birth_month, r.sex, r.ethnic, r.mother
FROM records AS r JOIN files AS f USING (file_no)
WHERE r.file_no = $file_no
