-- Collection years with a Header already stored.
SELECT DISTINCT year FROM stored_header ORDER BY year
