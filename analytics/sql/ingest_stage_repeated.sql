-- Children with more than one record in one staged file ($file_no), with their rows in order: a child
-- may appear once per table in a collection year.
SELECT child, list(row ORDER BY row) AS rows
FROM records
WHERE file_no = $file_no
GROUP BY child
HAVING count(*) > 1
ORDER BY min(row)
