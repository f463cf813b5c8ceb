-- Every LA in the national statistics, by name.
SELECT area_code, area_name FROM national_areas WHERE area_type = 'la' ORDER BY area_name
