-- This load's dates of birth and UASC end dates as ISO dates, for the privacy scan of DATE and
-- TIMESTAMP columns; a date on the 1st is its own month, which may be stored.
SELECT DISTINCT strftime(day, '%Y-%m-%d') AS value
FROM (SELECT dob AS day FROM records UNION SELECT duc FROM records)
WHERE day IS NOT NULL AND day(day) <> 1
