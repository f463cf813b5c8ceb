-- Every snapshot date held, oldest first, with the Table 2 period it stands for (NULL for the rest).
SELECT s.snapshot_date, p.period
FROM (SELECT DISTINCT snapshot_date FROM snapshots) s
LEFT JOIN kpi_periods p USING (snapshot_date)
ORDER BY s.snapshot_date
