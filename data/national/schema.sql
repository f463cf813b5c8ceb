-- National reference tables: DfE's official care-leaver statistics for every English LA, region and England.
-- Written by data/build.py from the built-in copy in data/national/ (data/national/README.md: provenance,
-- Open Government Licence v3.0), and replaced as a whole by `python -m analytics.ingest --national <folder>`
-- for a newer release (analytics/national_ingest.py). Read by analytics/national.py.
-- A cell DfE did not publish as a number keeps its symbol in `marker` (c suppressed, z not applicable,
-- x not available, k rounds to zero, LAIT's - not available) and has no `value`: never a zero.

CREATE TABLE IF NOT EXISTS national_areas (
    area_code INTEGER PRIMARY KEY,
    area_name VARCHAR NOT NULL,
    area_type VARCHAR NOT NULL CHECK (area_type IN ('la', 'region', 'england')),
    region_code INTEGER,
    ons_code VARCHAR,
    CHECK ((area_type = 'la') = (region_code IS NOT NULL))
);
COMMENT ON TABLE national_areas IS 'Every area in the DfE national statistics: LAs by DfE old LA code, regions 980-990 and England 970 as LAIT numbers them';
COMMENT ON COLUMN national_areas.region_code IS 'An LA''s region (LAIT number; London boroughs in Inner or Outer London)';

CREATE TABLE IF NOT EXISTS national_neighbours (
    la_code INTEGER NOT NULL,
    rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10),
    neighbour_code INTEGER NOT NULL,
    PRIMARY KEY (la_code, rank)
);
COMMENT ON TABLE national_neighbours IS 'Each LA''s ten statistical neighbours, closest first (DfE Children''s Services Statistical Neighbour Benchmarking Tool, May 2025)';

CREATE TABLE IF NOT EXISTS national_outcomes (
    dataset VARCHAR NOT NULL CHECK (dataset IN ('activity', 'accommodation', 'in_touch')),
    year INTEGER NOT NULL,
    area_code INTEGER NOT NULL,
    age_group VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    statistic VARCHAR NOT NULL CHECK (statistic IN ('number', 'percentage')),
    value DOUBLE,
    marker VARCHAR,
    CHECK ((value IS NULL) <> (marker IS NULL)),
    PRIMARY KEY (dataset, year, area_code, age_group, category, statistic)
);
COMMENT ON TABLE national_outcomes IS 'Care leavers aged 17-18 and 19-21 by activity, accommodation suitability and contact, every LA, region and England (DfE, Children looked after in England including adoptions; year ending 31 March)';
COMMENT ON COLUMN national_outcomes.year IS 'Collection year by the 31 March it ends on (2024 = April 2023 to March 2024)';
COMMENT ON COLUMN national_outcomes.marker IS 'DfE symbol when no number was published (c suppressed, z not applicable, k rounds to zero); value is then NULL';

CREATE TABLE IF NOT EXISTS national_lait (
    measure_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    area_code INTEGER NOT NULL,
    value DOUBLE,
    marker VARCHAR,
    CHECK ((value IS NULL) <> (marker IS NULL)),
    PRIMARY KEY (measure_code, year, area_code)
);
COMMENT ON TABLE national_lait IS 'LAIT care-leaver measures 2016-2025 for every LA, region and England, incl. numbers of care leavers and leaving care support expenditure (DfE Local Authority Interactive Tool)';
COMMENT ON COLUMN national_lait.year IS 'Year ending 31 March: a collection year as published, or the end of a financial year (2023-24 -> 2024)';
COMMENT ON COLUMN national_lait.period IS 'The year as LAIT publishes it (2024, or financial year 2023-24)';

CREATE TABLE IF NOT EXISTS national_definitions (
    measure_code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    chart_title VARCHAR,
    polarity VARCHAR,
    year_type VARCHAR,
    description VARCHAR,
    methodology VARCHAR,
    link VARCHAR
);
COMMENT ON TABLE national_definitions IS 'LAIT''s name, polarity and definition of each care-leaver measure (LAIT data dictionary)';

CREATE TABLE IF NOT EXISTS national_load_log (
    loaded_at TIMESTAMP NOT NULL,
    release_year INTEGER NOT NULL,
    origin VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    records INTEGER NOT NULL,
    latest_year INTEGER,
    sha256 VARCHAR NOT NULL
);
COMMENT ON TABLE national_load_log IS 'Each load of the national reference tables: the release year (latest year ending 31 March covered), and per file its rows and SHA-256';
