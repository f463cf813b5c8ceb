-- Records loaded per SSDA903 table and collection year.
SELECT 'Header' AS "table", collection_year, count(*) AS records FROM ingest.ssda903_header GROUP BY ALL
UNION ALL
SELECT 'OC3', collection_year, count(*) FROM ingest.ssda903_oc3 GROUP BY ALL
UNION ALL
SELECT 'UASC', collection_year, count(*) FROM ingest.ssda903_uasc GROUP BY ALL
ORDER BY collection_year, "table"
