-- Records of one staged OC3 or UASC file ($file_no) whose child has no record in the Header already
-- stored for the year ($year), compared by keyed hash (DfE INT06, INT09): the first $max_listed, and
-- how many in all.
SELECT r.row, r.child, count(*) OVER () AS total
FROM records AS r
WHERE r.file_no = $file_no
  AND NOT EXISTS (SELECT 1 FROM stored_header AS h WHERE h.year = $year AND h.child_key = r.child_key)
ORDER BY r.row
LIMIT $max_listed
