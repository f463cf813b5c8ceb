-- One LAIT measure for every area and year: a value, or LAIT's symbol in marker.
SELECT l.year, l.area_code, a.area_name, a.area_type, a.region_code, l.value, l.marker
FROM national_lait l
JOIN national_areas a USING (area_code)
WHERE l.measure_code = $measure_code
ORDER BY l.year, l.area_code
