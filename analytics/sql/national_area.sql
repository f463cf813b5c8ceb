-- One area of the national statistics by its code (DfE old LA code, region 980-990, England 970), with its region.
SELECT a.area_code, a.area_name, a.area_type, a.region_code, r.area_name AS region_name
FROM national_areas a
LEFT JOIN national_areas r ON r.area_code = a.region_code
WHERE a.area_code = $area_code
