-- Leaving care support expenditure per care leaver, every area and year: the financial year's spend
-- (April to March) over the care leavers aged 19 to 21 counted in the collection year ending the same
-- 31 March (LAIT: 2023-24 spend over the 2024 count). No number when either is missing or the count is 0.
WITH spend AS (
    SELECT year, area_code, value, marker FROM national_lait WHERE measure_code = $spend_code
), leavers AS (
    SELECT year, area_code, value, marker FROM national_lait WHERE measure_code = $count_code
)
SELECT s.year, s.area_code, a.area_name, a.area_type, a.region_code,
       CASE WHEN s.value IS NOT NULL AND l.value > 0 THEN s.value / l.value END AS value,
       CASE
           WHEN s.value IS NOT NULL AND l.value > 0 THEN NULL
           ELSE coalesce(s.marker, l.marker, CASE WHEN l.value = 0 THEN 'z' END, 'x')
       END AS marker
FROM spend s
LEFT JOIN leavers l USING (year, area_code)
JOIN national_areas a ON a.area_code = s.area_code
ORDER BY s.year, s.area_code
