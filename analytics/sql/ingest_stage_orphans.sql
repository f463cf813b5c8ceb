-- Children of the OC3 or UASC records stored for a year ($kind, $year) with no record in the Header
-- loaded for it ($header_no), which replaces the stored one; and whether any are stored at all.
SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM records AS h WHERE h.file_no = $header_no AND h.child_key = s.child_key)) AS orphans
FROM stored_children AS s
WHERE s.kind = $kind AND s.year = $year
