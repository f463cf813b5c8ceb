-- The authority's own snapshots replace synthetic ones entirely, and any stored snapshot of the same dates.
DELETE FROM snapshots
WHERE (SELECT bool_or(synthetic) FROM build_info)
    OR snapshot_date IN (SELECT DISTINCT snapshot_date FROM incoming)
