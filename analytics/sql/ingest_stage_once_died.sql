-- Once DIED, always DIED: each child's IN_TOUCH by year, from the OC3 files of this load (the last
-- record of a child in a year counts) and from the stored years this load does not replace; a year
-- after the child's first DIED that is not DIED breaks the rule. Reported on the later record when it
-- is loaded now, else on the DIED record when that is. The first $max_listed, and how many. Only the
-- children DIED somewhere are followed, so a large load costs one scan.
WITH replaced AS (
    SELECT year FROM files WHERE kind = 'oc3'
),
loaded_oc3 AS (
    SELECT r.child_key, f.year, r.in_touch, f.file, r.file_no, r.row, r.child
    FROM records AS r
    JOIN files AS f USING (file_no)
    WHERE f.kind = 'oc3' AND r.in_touch IS NOT NULL
),
kept AS (
    SELECT child_key, year, in_touch FROM stored_oc3 WHERE year NOT IN (SELECT year FROM replaced)
),
died_keys AS (
    SELECT child_key FROM kept WHERE in_touch = 'DIED'
    UNION
    SELECT child_key FROM loaded_oc3 WHERE in_touch = 'DIED'
),
history AS (
    SELECT child_key, year, in_touch, NULL::VARCHAR AS file, NULL::INTEGER AS file_no, NULL::INTEGER AS row,
           NULL::VARCHAR AS child
    FROM kept
    SEMI JOIN died_keys USING (child_key)
    UNION ALL
    SELECT *
    FROM (SELECT * FROM loaded_oc3 SEMI JOIN died_keys USING (child_key))
    QUALIFY row_number() OVER (PARTITION BY child_key, year ORDER BY file_no DESC, row DESC) = 1
),
died AS (
    SELECT child_key, year, file, row, child
    FROM history
    WHERE in_touch = 'DIED'
    QUALIFY row_number() OVER (PARTITION BY child_key ORDER BY year) = 1
)
SELECT h.file, h.row, h.child, h.in_touch, h.year, d.year AS died_year, d.file AS died_file, d.row AS died_row,
       d.child AS died_child, count(*) OVER () AS total
FROM history AS h
JOIN died AS d USING (child_key)
WHERE h.year > d.year AND h.in_touch <> 'DIED' AND (h.file IS NOT NULL OR d.file IS NOT NULL)
ORDER BY coalesce(h.file_no, 0), h.row, d.row, h.year
LIMIT $max_listed
