-- The national reference tables' latest load: its release year, when and from where.
SELECT release_year, loaded_at, origin
FROM national_load_log
ORDER BY loaded_at DESC
LIMIT 1
