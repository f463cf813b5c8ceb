-- The same child's DOB in the year's Header, OC3 and UASC (DfE INT15, INT18; OC3 against UASC too).
-- Each child's first record with a DOB, Header first, then in the order the files came and by row,
-- is the one the others are compared with; where no Header is loaded for the year, that first record
-- is compared, to the month, with the Header already stored. The first $max_listed, and how many.
-- Only the children whose dates differ are ranked, so a large load costs one grouping, not a window.
WITH ordered AS (
    SELECT f.year, f.file, r.row, r.child, r.child_key, r.dob, r.dob_text,
           CASE f.kind WHEN 'header' THEN 0 WHEN 'oc3' THEN 1 ELSE 2 END * 1000000000000 + r.file_no * 100000000 + r.row AS ord
    FROM records AS r
    JOIN files AS f USING (file_no)
    WHERE r.dob IS NOT NULL
),
disagreeing AS (
    SELECT year, child FROM ordered GROUP BY year, child HAVING min(dob) <> max(dob)
),
ranked AS (
    SELECT o.*,
           row_number() OVER w AS n,
           first_value(o.file) OVER w AS first_file,
           first_value(o.row) OVER w AS first_row,
           first_value(o.dob_text) OVER w AS first_text,
           first_value(o.dob) OVER w AS first_dob
    FROM ordered AS o
    SEMI JOIN disagreeing AS d ON d.year = o.year AND d.child = o.child
    WINDOW w AS (PARTITION BY o.year, o.child ORDER BY o.ord)
),
against_stored AS (
    SELECT o.*
    FROM ordered AS o
    JOIN stored_header AS s ON s.year = o.year AND s.child_key = o.child_key
    WHERE o.year NOT IN (SELECT year FROM files WHERE kind = 'header')
      AND s.birth_month <> date_trunc('month', o.dob)::DATE
),
firsts AS (
    SELECT o.year, o.child, min(o.ord) AS ord
    FROM ordered AS o
    SEMI JOIN against_stored AS a ON a.year = o.year AND a.child = o.child
    GROUP BY o.year, o.child
),
found AS (
    SELECT ord, row, year, file, child, dob_text, first_file, first_row, first_text
    FROM ranked
    WHERE n > 1 AND dob <> first_dob
    UNION ALL
    SELECT a.ord, a.row, a.year, a.file, a.child, a.dob_text, NULL, NULL, NULL
    FROM against_stored AS a
    SEMI JOIN firsts AS f ON f.year = a.year AND f.child = a.child AND f.ord = a.ord
)
SELECT file, row, year, child, dob_text, first_file, first_row, first_text, count(*) OVER () AS total
FROM found
ORDER BY ord
LIMIT $max_listed
