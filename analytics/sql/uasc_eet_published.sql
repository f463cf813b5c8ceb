-- The report's EET figures for former UASC (reference figures former_uasc_eet_<min>_<max>, the ages
-- of its own groups in the id).
SELECT figure_id, CAST(value AS DOUBLE) AS value, as_at, source
FROM reference_figures
WHERE figure_id LIKE 'former_uasc_eet_%'
ORDER BY figure_id
