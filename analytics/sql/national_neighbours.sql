-- An LA's ten statistical neighbours, closest first, with their names.
SELECT n.rank, n.neighbour_code AS area_code, coalesce(a.area_name, 'LA ' || n.neighbour_code) AS area_name
FROM national_neighbours n
LEFT JOIN national_areas a ON a.area_code = n.neighbour_code
WHERE n.la_code = $la_code
ORDER BY n.rank
