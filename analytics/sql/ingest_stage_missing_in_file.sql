-- Records of one staged OC3 or UASC file ($file_no) whose child has no record in the Header loaded
-- with it ($header_no) (DfE INT06, INT09): the first $max_listed, and how many in all.
SELECT r.row, r.child, count(*) OVER () AS total
FROM records AS r
WHERE r.file_no = $file_no
  AND NOT EXISTS (SELECT 1 FROM records AS h WHERE h.file_no = $header_no AND h.child = r.child)
ORDER BY r.row
LIMIT $max_listed
