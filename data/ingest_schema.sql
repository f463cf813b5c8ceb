-- Tables an authority's own files are loaded into (analytics/ingest). Created on the first load, in
-- their own schema so that they are never mistaken for published evidence; every statement is
-- idempotent because it runs before every load.
-- Record-level tables hold no raw child ID (child_key is a keyed hash) and no full date of birth.

CREATE SCHEMA IF NOT EXISTS ingest;

CREATE TABLE IF NOT EXISTS ingest.load_log (
    load_id INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    file_name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    collection_year INTEGER,
    records INTEGER NOT NULL,
    sha256 VARCHAR NOT NULL
);
-- Stores loaded into before the column existed gain it (their rows: NULL, not recorded).
ALTER TABLE ingest.load_log ADD COLUMN IF NOT EXISTS loaded_by VARCHAR;
COMMENT ON COLUMN ingest.load_log.loaded_by IS 'Who loaded the file: the signed-in user on the Data page, cli:<account> from the command line';
COMMENT ON TABLE ingest.load_log IS 'One row per file loaded: when, which file, what it was, how many records, and its sha256';
COMMENT ON COLUMN ingest.load_log.collection_year IS 'SSDA903 collection year by the March it ends in (2023 = 2022-23); empty for templates';

CREATE TABLE IF NOT EXISTS ingest.ssda903_header (
    collection_year INTEGER NOT NULL,
    child_key VARCHAR NOT NULL,
    sex VARCHAR NOT NULL,
    birth_month DATE NOT NULL,
    ethnic VARCHAR NOT NULL,
    mother VARCHAR,
    load_id INTEGER NOT NULL,
    PRIMARY KEY (collection_year, child_key)
);
COMMENT ON TABLE ingest.ssda903_header IS 'SSDA903 Header records as loaded (UPN and MC_DOB are not kept); never shown or exported';
COMMENT ON COLUMN ingest.ssda903_header.child_key IS 'HMAC-SHA256 of CHILD under the key in data/.ingest_key; the raw ID is never stored';
COMMENT ON COLUMN ingest.ssda903_header.birth_month IS 'Month of birth only (first of the month)';

CREATE TABLE IF NOT EXISTS ingest.ssda903_oc3 (
    collection_year INTEGER NOT NULL,
    child_key VARCHAR NOT NULL,
    birth_month DATE NOT NULL,
    age INTEGER NOT NULL CHECK (age BETWEEN 17 AND 25),
    in_touch VARCHAR NOT NULL CHECK (in_touch IN ('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM')),
    activ VARCHAR NOT NULL,
    accom VARCHAR NOT NULL CHECK (accom = '0' OR regexp_full_match(accom, '[BCDEGHKRSTUVWXYZ][12]')),
    load_id INTEGER NOT NULL,
    PRIMARY KEY (collection_year, child_key)
);
COMMENT ON TABLE ingest.ssda903_oc3 IS 'SSDA903 OC3 care-leaver records as loaded; never shown or exported';
COMMENT ON COLUMN ingest.ssda903_oc3.age IS 'Age reached at the birthday in the collection year (DfE definition)';

CREATE TABLE IF NOT EXISTS ingest.ssda903_uasc (
    collection_year INTEGER NOT NULL,
    child_key VARCHAR NOT NULL,
    sex VARCHAR NOT NULL,
    birth_month DATE NOT NULL,
    duc DATE,
    load_id INTEGER NOT NULL,
    PRIMARY KEY (collection_year, child_key)
);
COMMENT ON TABLE ingest.ssda903_uasc IS 'SSDA903 UASC records as loaded; never shown or exported';
COMMENT ON COLUMN ingest.ssda903_uasc.duc IS 'Month UASC status ceased (the 1st of the month: the day is the 18th birthday for most)';
