-- Schema of an authority's evidence store (data/<pack>.duckdb). Written by data/build.py; analytics/ingest updates
-- it (by replacing the whole file) when an authority loads its own data.
-- Published tables come from the authority pack's evidence files (config/authorities/<name>/<table>.csv);
-- every row keeps the document, table or section it came from in `source`. Table comments cite the reference
-- pack's sources as an example of what each table holds.
-- The authority's name and KPI definitions come from its pack's settings (analytics/config.py). Tables
-- the authority loads its own files into (schema `ingest`) are created on first load: data/ingest_schema.sql.

CREATE TABLE kpi_definitions (
    kpi_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    measure VARCHAR NOT NULL CHECK (measure IN ('kit', 'eet', 'neet', 'accommodation', 'pathway_plan', 'returned')),
    age_group VARCHAR NOT NULL,
    age_min INTEGER NOT NULL,
    age_max INTEGER NOT NULL,
    unit VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL CHECK (polarity IN ('higher', 'lower', 'plan')),
    target DECIMAL(8, 2) NOT NULL,
    tolerance_form VARCHAR NOT NULL CHECK (tolerance_form IN ('points', 'percent', 'bounds', 'national', 'bands')),
    tolerance_below DECIMAL(8, 2) NOT NULL,
    tolerance_above DECIMAL(8, 2) NOT NULL,
    published_direction VARCHAR NOT NULL,
    numerator VARCHAR NOT NULL,
    denominator VARCHAR NOT NULL,
    basis VARCHAR NOT NULL,
    data_source VARCHAR NOT NULL,
    lag VARCHAR NOT NULL,
    national_comparator BOOLEAN NOT NULL,
    source VARCHAR NOT NULL,
    grading VARCHAR,
    count_basis VARCHAR NOT NULL DEFAULT 'snapshot' CHECK (count_basis IN ('snapshot', 'rolling_12_months', 'birthday_window'))
);
COMMENT ON TABLE kpi_definitions IS 'Provider KPIs with target, tolerance band and polarity, from the pack''s authority.toml; the definitions are data, not code';
COMMENT ON COLUMN kpi_definitions.polarity IS 'higher: higher is better; lower: smaller is better; plan: inside the band is the goal';
COMMENT ON COLUMN kpi_definitions.tolerance_form IS 'points: target minus/plus points; percent: relative per cent of target; bounds: explicit bounds; national: offsets from the national figure';
COMMENT ON COLUMN kpi_definitions.published_direction IS 'Direction of travel printed in the published KPI table for the latest period';
COMMENT ON COLUMN kpi_definitions.age_min IS 'Youngest age (at the snapshot) counted in the KPI, inclusive';
COMMENT ON COLUMN kpi_definitions.age_max IS 'Oldest age (at the snapshot) counted in the KPI, inclusive';
COMMENT ON COLUMN kpi_definitions.measure IS 'The record-level rule (analytics/sql/kpi_on_basis.sql); returned: a value the provider returns that the records cannot recompute';
COMMENT ON COLUMN kpi_definitions.grading IS 'The kpi_grading_bands scheme grading the KPI (tolerance_form bands), or NULL for target and tolerance';
COMMENT ON COLUMN kpi_definitions.count_basis IS 'snapshot: everyone in the age window at the snapshot; rolling_12_months: pooled over the snapshots of the 12 months to it; birthday_window: each care leaver once, at the snapshot after a birthday in the window';

CREATE TABLE kpi_grading_bands (
    grading_id VARCHAR NOT NULL,
    grading_name VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    colour VARCHAR NOT NULL,
    achieved BOOLEAN NOT NULL,
    min_value DOUBLE,
    max_value DOUBLE,
    min_inclusive BOOLEAN NOT NULL,
    max_inclusive BOOLEAN NOT NULL,
    PRIMARY KEY (grading_id, rank)
);
COMMENT ON TABLE kpi_grading_bands IS 'Threshold bands of the pack''s [[gradings]], worst first (rank 0); a value in no band is ungraded';

CREATE TABLE kpi_periods (
    period VARCHAR PRIMARY KEY,
    period_start DATE,
    period_end DATE NOT NULL,
    snapshot_date DATE NOT NULL,
    kind VARCHAR CHECK (kind IN ('month', 'quarter', 'year')),
    data_source VARCHAR NOT NULL,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE kpi_periods IS 'Reporting periods (monthly, quarterly or annual; analytics/periods.py) and the snapshot that stands for each';
COMMENT ON COLUMN kpi_periods.snapshot_date IS 'Quarterly snapshot (first day after the period) whose records reproduce the period';

CREATE TABLE kpi_values (
    kpi_id VARCHAR NOT NULL REFERENCES kpi_definitions (kpi_id),
    period VARCHAR NOT NULL REFERENCES kpi_periods (period),
    value DECIMAL(6, 2) NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (kpi_id, period)
);
COMMENT ON TABLE kpi_values IS 'Published KPI values, exactly as printed (per cent)';

CREATE TABLE cohort_published (
    as_at DATE NOT NULL,
    dimension VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    note VARCHAR,
    source VARCHAR NOT NULL,
    PRIMARY KEY (as_at, dimension, category)
);
COMMENT ON TABLE cohort_published IS 'Published care-leaver cohort counts by age band and legal status';
COMMENT ON COLUMN cohort_published.dimension IS 'age_band, legal_status, or legal_status_detail (a count reported inside another category)';

CREATE TABLE cohort_shares (
    as_at DATE NOT NULL,
    dimension VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    percent DECIMAL(5, 2) NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (as_at, dimension, category)
);
COMMENT ON TABLE cohort_shares IS 'Published cohort shares in per cent';

CREATE TABLE uasc_share_by_age (
    as_at DATE NOT NULL,
    age INTEGER NOT NULL,
    age_group VARCHAR NOT NULL,
    percent_uasc DECIMAL(5, 2) NOT NULL,
    group_average_percent DECIMAL(5, 2) NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (as_at, age)
);
COMMENT ON TABLE uasc_share_by_age IS 'Former-UASC share of care leavers by single year of age, as published';

CREATE TABLE projections_published (
    method VARCHAR NOT NULL,
    as_at DATE NOT NULL,
    band VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    percent_of_cohort DECIMAL(5, 1) NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (method, as_at, band)
);
COMMENT ON TABLE projections_published IS 'Care-leaver projections by age band as published, with the actual cohort they start from';

CREATE TABLE projection_assumptions (
    method VARCHAR NOT NULL,
    assumption VARCHAR NOT NULL,
    value DECIMAL(10, 2) NOT NULL,
    unit VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (method, assumption)
);
COMMENT ON TABLE projection_assumptions IS 'Assumptions behind the published projections (growth rates, cohort model flows)';

CREATE TABLE caseload_benchmarks (
    local_authority VARCHAR PRIMARY KEY,
    comparator_type VARCHAR NOT NULL,
    grading VARCHAR NOT NULL,
    caseload_low DECIMAL(5, 1) NOT NULL,
    caseload_high DECIMAL(5, 1) NOT NULL,
    caseload_text VARCHAR NOT NULL,
    model_21_plus VARCHAR NOT NULL,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE caseload_benchmarks IS 'Caseload per 1.0 FTE Leaving Care Worker in other authorities';
COMMENT ON COLUMN caseload_benchmarks.caseload_high IS 'Upper end of the quoted range; their mean is the benchmark caseload';

CREATE TABLE caseload_current (
    band VARCHAR PRIMARY KEY,
    average_caseload_per_fte DECIMAL(6, 2) NOT NULL,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE caseload_current IS 'Current average caseload per 1.0 FTE LCW by age band';

CREATE TABLE lcw_scenarios (
    scenario INTEGER NOT NULL,
    as_at DATE NOT NULL,
    band VARCHAR NOT NULL,
    caseload_per_fte DECIMAL(6, 1),
    cohort INTEGER NOT NULL,
    percent_of_cohort DECIMAL(5, 1) NOT NULL,
    fte DECIMAL(6, 1) NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (scenario, as_at, band)
);
COMMENT ON TABLE lcw_scenarios IS 'Leaving Care Worker scenarios as published';

CREATE TABLE staffing (
    post VARCHAR PRIMARY KEY,
    fte DECIMAL(5, 1) NOT NULL,
    grade_equivalent VARCHAR NOT NULL,
    note VARCHAR,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE staffing IS 'Current provider staffing';

CREATE TABLE budget_lines (
    line_id VARCHAR NOT NULL,
    option VARCHAR,
    item VARCHAR NOT NULL,
    amount DECIMAL(14, 2) NOT NULL,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE budget_lines IS 'Budget and delivery option costs in pounds per year';
COMMENT ON COLUMN budget_lines.option IS 'outsourced (Option 1), insourced (Option 2), or empty for lines common to both';

CREATE TABLE comparators (
    measure VARCHAR NOT NULL,
    kpi_id VARCHAR REFERENCES kpi_definitions (kpi_id),
    area VARCHAR NOT NULL,
    area_type VARCHAR CHECK (area_type IN ('england', 'region', 'neighbours', 'council', 'la')),
    year INTEGER NOT NULL,
    period_end DATE,
    value DECIMAL(6, 2) NOT NULL,
    unit VARCHAR NOT NULL,
    basis VARCHAR,
    source VARCHAR NOT NULL,
    UNIQUE (measure, kpi_id, area, year, period_end)
);
COMMENT ON TABLE comparators IS 'Benchmarks for the KPIs (statistical neighbours, region, England, named councils), each with its period and basis';
COMMENT ON COLUMN comparators.measure IS 'Population measured: <kpi measure>_<population> (eet_care_leavers belongs to every eet KPI), or the KPI id';
COMMENT ON COLUMN comparators.kpi_id IS 'The one KPI the row belongs to; NULL: every KPI of the measure named in measure';
COMMENT ON COLUMN comparators.year IS 'The year the figure ends in (DfE years end 31 March); period_end, when given, is the exact end';
COMMENT ON COLUMN comparators.basis IS 'What the figure counts, shown in its label (e.g. all ages (LAIT); DfE annual birthday window)';

CREATE TABLE reference_figures (
    figure_id VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    value DECIMAL(14, 2) NOT NULL,
    unit VARCHAR NOT NULL,
    as_at DATE NOT NULL,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE reference_figures IS 'Single published figures quoted in the text (children in care, open cases, grant rates, sensitivities)';

CREATE TABLE care_leavers (
    person_id VARCHAR PRIMARY KEY,
    birth_month DATE NOT NULL,
    sex VARCHAR NOT NULL,
    disability BOOLEAN NOT NULL,
    ethnicity_group VARCHAR NOT NULL,
    uasc BOOLEAN NOT NULL,
    entry_date DATE NOT NULL,
    qualifying BOOLEAN NOT NULL
);
COMMENT ON TABLE care_leavers IS 'SYNTHETIC record-level care leavers (data/synthetic.py), calibrated to the published cohort; never shown or exported';
COMMENT ON COLUMN care_leavers.person_id IS 'Pseudonymous identifier; never shown or exported';
COMMENT ON COLUMN care_leavers.birth_month IS 'Month of birth only (first of the month); no full date of birth is stored';
COMMENT ON COLUMN care_leavers.uasc IS 'Former unaccompanied asylum-seeking child';

CREATE TABLE snapshots (
    snapshot_date DATE NOT NULL,
    person_id VARCHAR NOT NULL REFERENCES care_leavers (person_id),
    age INTEGER NOT NULL CHECK (age BETWEEN 16 AND 25),
    legal_status VARCHAR NOT NULL CHECK (legal_status IN ('Eligible', 'Relevant', 'Former Relevant', 'Qualifying')),
    location VARCHAR NOT NULL CHECK (location IN ('In county', 'Out of county', 'Unknown')),
    in_custody BOOLEAN NOT NULL,
    at_university BOOLEAN NOT NULL,
    in_touch VARCHAR NOT NULL CHECK (in_touch IN ('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM')),
    activ VARCHAR NOT NULL CHECK (activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0')),
    accom VARCHAR NOT NULL CHECK (accom = '0' OR regexp_full_match(accom, '[BCDEGHKRSTUVWXYZ][12]')),
    pathway_plan_up_to_date BOOLEAN NOT NULL,
    PRIMARY KEY (snapshot_date, person_id)
);
COMMENT ON TABLE snapshots IS 'SYNTHETIC quarterly snapshots (first day of Apr, Jul, Oct, Jan) of each care leaver in the cohort';
COMMENT ON COLUMN snapshots.in_touch IS 'SSDA903 IN_TOUCH code';
COMMENT ON COLUMN snapshots.activ IS 'SSDA903 ACTIV (main activity) code';
COMMENT ON COLUMN snapshots.accom IS 'SSDA903 ACCOM code: letter and suitability digit (1 suitable, 2 unsuitable), or 0';

CREATE TABLE snapshot_counts (
    snapshot_date DATE NOT NULL,
    age INTEGER NOT NULL,
    legal_status VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    in_custody BOOLEAN NOT NULL,
    at_university BOOLEAN NOT NULL,
    in_touch VARCHAR NOT NULL,
    activ VARCHAR NOT NULL,
    accom VARCHAR NOT NULL,
    pathway_plan_up_to_date BOOLEAN NOT NULL,
    sex VARCHAR NOT NULL,
    disability BOOLEAN NOT NULL,
    ethnicity_group VARCHAR NOT NULL,
    uasc BOOLEAN NOT NULL,
    birthday_since_previous BOOLEAN NOT NULL,
    care_leavers BIGINT NOT NULL CHECK (care_leavers > 0)
);
COMMENT ON TABLE snapshot_counts IS 'Care leavers counted by every field a page groups or filters by, kept in step with snapshots (analytics/sql/build_snapshot_aggregates.sql); unsuppressed, so never shown as is';
COMMENT ON COLUMN snapshot_counts.birthday_since_previous IS 'The birthday giving this age (first of the birth month) fell after the previous snapshot and on or before this one: the birthday_window count basis';

CREATE TABLE build_info (
    built_at TIMESTAMP NOT NULL,
    synthetic BOOLEAN NOT NULL,
    authority VARCHAR NOT NULL,
    pack VARCHAR NOT NULL,
    sources_sha256 VARCHAR NOT NULL,
    seed INTEGER
);
COMMENT ON TABLE build_info IS 'When and from what the store was built; synthetic is true when record-level data are generated';

-- The DfE care-leaver measures' rules (domain notes 2), defined once for every query that counts a
-- measure (analytics/sql/kpi_on_basis.sql, outcome_by_group.sql): those who died or returned home
-- (DIED, RHOM) leave every denominator; accommodation abroad, deported or not known (G, H, R) leaves
-- the suitability denominator; Qualifying care leavers need no Pathway Plan.
CREATE MACRO dfe_in_denominator(measure, in_touch, accom, legal_status) AS
    in_touch NOT IN ('DIED', 'RHOM')
    AND CASE measure
        WHEN 'accommodation' THEN left(accom, 1) NOT IN ('G', 'H', 'R')
        WHEN 'pathway_plan' THEN legal_status <> 'Qualifying'
        ELSE true
    END;
-- Meeting the measure: in touch (YES); in education, employment or training (F1 to P5); NEET (G4 to
-- G6); in suitable accommodation (an ACCOM code ending in 1); with a Pathway Plan up to date.
CREATE MACRO dfe_in_numerator(measure, in_touch, activ, accom, pathway_plan_up_to_date) AS
    CASE measure
        WHEN 'kit' THEN in_touch = 'YES'
        WHEN 'eet' THEN activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')
        WHEN 'neet' THEN activ IN ('G4', 'G5', 'G6')
        WHEN 'accommodation' THEN accom LIKE '_1'
        WHEN 'pathway_plan' THEN pathway_plan_up_to_date
    END;
