-- The quarterly snapshot dates held in the store, oldest first.
SELECT DISTINCT snapshot_date FROM snapshots ORDER BY snapshot_date
