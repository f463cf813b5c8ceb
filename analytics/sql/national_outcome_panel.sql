-- One statistics-release measure for every area and year: a value, or the DfE symbol in marker.
SELECT o.year, o.area_code, a.area_name, a.area_type, a.region_code, o.value, o.marker
FROM national_outcomes o
JOIN national_areas a USING (area_code)
WHERE o.dataset = $dataset AND o.age_group = $age_group AND o.category = $category AND o.statistic = $statistic
ORDER BY o.year, o.area_code
