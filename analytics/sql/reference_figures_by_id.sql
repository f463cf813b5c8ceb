-- Single figures quoted in the Commissioning Plan, chosen by id ($ids: a list of figure_id).
SELECT figure_id, label, CAST(value AS DOUBLE) AS value, unit, as_at, source
FROM reference_figures
WHERE list_contains($ids, figure_id)
ORDER BY figure_id
