-- This load's raw IDs, dates of birth and UASC end dates written as text, both ways a file or the
-- store could write them, for the privacy scan of the loaded copy. DUC is the 18th birthday for most.
SELECT child AS value FROM records
UNION
SELECT strftime(day, '%d/%m/%Y') FROM (SELECT dob AS day FROM records UNION SELECT duc FROM records) WHERE day IS NOT NULL
UNION
SELECT strftime(day, '%Y-%m-%d') FROM (SELECT dob AS day FROM records UNION SELECT duc FROM records) WHERE day IS NOT NULL
