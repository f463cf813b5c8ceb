-- The threshold bands of every grading scheme in the pack, worst first.
SELECT grading_id, grading_name, rank, name, colour, achieved, min_value, max_value, min_inclusive, max_inclusive
FROM kpi_grading_bands
ORDER BY grading_id, rank
