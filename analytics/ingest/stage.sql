-- The records of one load, held in an in-memory DuckDB while they are checked and until they are
-- written (analytics/ingest/staging.py). Raw CHILD and date of birth are here, in memory only, for
-- the cross-file rules and the error report; child_key and birth_month are what is written.

CREATE TABLE files (
    file_no INTEGER PRIMARY KEY,
    file VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,  -- header, oc3 or uasc
    year INTEGER NOT NULL   -- collection year by the March it ends in
);

CREATE TABLE records (
    file_no INTEGER NOT NULL,
    row INTEGER NOT NULL,   -- as a spreadsheet shows it
    child VARCHAR NOT NULL,
    child_key VARCHAR NOT NULL,
    dob DATE,
    dob_text VARCHAR,
    sex VARCHAR,
    ethnic VARCHAR,
    mother VARCHAR,
    age INTEGER,
    in_touch VARCHAR,
    activ VARCHAR,
    accom VARCHAR,
    duc DATE
);

-- What the store already holds (keyed hashes and months only), for the rules across loads.
CREATE TABLE stored_header (year INTEGER, child_key VARCHAR, birth_month DATE);
CREATE TABLE stored_children (kind VARCHAR, year INTEGER, child_key VARCHAR);
CREATE TABLE stored_oc3 (child_key VARCHAR, year INTEGER, in_touch VARCHAR);
