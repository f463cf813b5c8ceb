"""AppTest renders of the Cohort and Former UASC pages: the numbers shown, and the widgets changing them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import cohort, config, db, formatting, outcomes, uasc
from data import build
from tests.apptest import ROOT, open_page

MINIMAL = ROOT / "tests" / "fixtures" / "packs" / "minimal"

OCT_2023 = dt.date(2023, 10, 1)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def chart_titles(at: AppTest) -> list[str]:
    """Titles as read, with the line breaks that fit them to a chart taken out."""
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for chart in at.get("plotly_chart")]


def chart_trace_names(at: AppTest, index: int) -> list[str]:
    return [trace.get("name", "") for trace in json.loads(at.get("plotly_chart")[index].proto.spec)["data"]]


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def breakdown_table(at: AppTest):
    return next(e for e in at.expander if e.label.startswith("All breakdowns")).dataframe[0].value


def count(value: str) -> int:
    return int(value.replace(",", ""))


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def cohort_page() -> AppTest:
    return open_page("pages/30_Cohort.py")


@pytest.fixture
def uasc_page() -> AppTest:
    return open_page("pages/31_UASC.py")


def test_cohort_page_shows_the_latest_cohort_with_every_chart_and_download(cohort_page: AppTest) -> None:
    at = cohort_page
    assert at.title[0].value == "Cohort"
    assert any("synthetic" in i.value.lower() for i in at.info)
    summary = cohort.cohort_summary()
    # The same total as the Overview.
    assert count(metric(at, "Care leavers shown")) == summary.latest_count
    assert len(at.get("plotly_chart")) == 7
    assert len(at.get("download_button")) == 8
    titles = chart_titles(at)
    assert any("of care leavers are aged" in t for t in titles)
    assert titles[-1].startswith(f"The number of care leavers rose from {summary.first_count:,} in {summary.first_date:%b %Y}")
    assert any("Published: 936 care leavers in October 2023" in c.value for c in at.caption)


def test_cohort_page_at_october_2023_reproduces_the_published_cohort(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    # Commissioning Plan 4.1: 936 care leavers; 753 Former Relevant including 145 Qualifying.
    assert metric(at, "Care leavers shown") == "936"
    assert any("the snapshots count 608 Former Relevant and 145 Qualifying care leavers (753 together)" in c.value for c in at.caption)
    assert "42% of care leavers are aged 21-24 (published 42% in Oct 2023)" in chart_titles(at)[0]
    table = breakdown_table(at)
    assert table.set_index(["Dimension", "Category"]).loc[("Custody", "In custody"), "Care leavers"] == "5"


def test_cohort_filters_change_every_number(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    whole = count(metric(at, "Care leavers shown"))
    assert "Published open allocated cases (+21.3%)" in chart_trace_names(at, 6)
    set_and_run(at, "selectbox", "cohort_uasc", "Former UASC only")
    uasc_total = count(metric(at, "Care leavers shown"))
    assert any(c.value == "Former-UASC care leavers" for c in at.caption)
    assert uasc_total == int(uasc.share_by_age(OCT_2023)["former_uasc"].sum())
    assert uasc_total < whole
    # Published figures describe the whole cohort: hidden under a filter, and the chart titles follow the filter.
    assert "Published open allocated cases (+21.3%)" not in chart_trace_names(at, 6)
    assert any("shown only when no filter is set" in c.value for c in at.caption)
    assert all("former-UASC care leavers" in t or t.startswith("Filtered") for t in chart_titles(at))


def test_location_filters_add_up_to_the_whole_cohort(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    parts = []
    for location in ("In county", "Out of county", "Unknown"):
        set_and_run(at, "selectbox", "cohort_location", location)
        parts.append(count(at.metric[0].value))
    # In county + out of county + unknown = 936 (Commissioning Plan 4.1: 58% / 41% / 1%).
    assert sum(parts) == 936
    assert [round(100 * p / 936) for p in parts] == [58, 41, 1]


def test_small_cells_read_c_on_the_page(cohort_page: AppTest) -> None:
    at = set_and_run(cohort_page, "selectbox", "cohort_uasc", "Former UASC only")
    set_and_run(at, "selectbox", "cohort_age_band", "25 (Other)")
    table = breakdown_table(at)
    assert (table["Care leavers"] == "c").any()
    assert not any(v.isdigit() and 0 < int(v) < 5 for v in table["Care leavers"])


def test_a_hidden_cell_is_not_called_fewer_than_5(cohort_page: AppTest) -> None:
    # Demo store, former UASC at Oct 2023: 234, of whom 126 live out of county and fewer than 5 are
    # unknown, so in county (at least 104) is hidden too, or the unknown could be worked out by subtraction.
    at = set_and_run(cohort_page, "selectbox", "cohort_snapshot", OCT_2023)
    set_and_run(at, "selectbox", "cohort_uasc", "Former UASC only")
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "out of county" in c.proto.spec.lower()
                 and json.loads(c.proto.spec)["data"][0].get("orientation") == "h")
    bars = dict(zip(chart["data"][0]["y"], chart["data"][0]["text"]))
    assert bars["In county"] == bars["Unknown"] == "c"
    assert bars["Out of county"].startswith("126 ")
    # Hovering says c too, never the 0.0% the hidden bar is drawn at.
    assert chart["data"][0]["hovertemplate"] == "%{y}: %{text}<extra></extra>"
    source = " ".join(a["text"].replace("<br>", " ") for a in chart["layout"]["annotations"])
    assert "c: fewer than 5 young people, or a count hidden with one so that it cannot be worked out" in source


def test_uasc_page_shows_share_growth_nts_eet_and_grant(uasc_page: AppTest) -> None:
    at = uasc_page
    assert at.title[0].value == "Former unaccompanied asylum-seeking children"
    assert len(at.get("plotly_chart")) == 5
    assert len(at.get("download_button")) == 6
    titles = " | ".join(chart_titles(at))
    # Footnote 19 and Commissioning Plan 4.1: 89 UASC in care against a threshold of 144.
    assert "89 UASC in care is 55 below the NTS threshold of 144" in titles
    assert "report: +40%" in titles
    groups = next(d.value for d in at.dataframe if "Cohort group" in d.value.columns).set_index("Cohort group")
    # Table 5 as printed beside its recomputation from the printed ages.
    assert groups.loc["18-20", "Published (%)"] == "24.6" and groups.loc["18-20", "Published ages' mean (%)"] == "24.67"
    assert groups.loc["16-17", "Published (%)"] == "30.25"


def test_uasc_page_at_october_2023(uasc_page: AppTest) -> None:
    at = set_and_run(uasc_page, "selectbox", "uasc_snapshot", OCT_2023)
    growth = uasc.uasc_growth(uasc.uasc_trend(OCT_2023))
    assert metric(at, "Former-UASC care leavers at") == str(growth.count_to)
    assert metric(at, "Growth since Jan 2022") == f"{growth.growth:+.0f}%"
    # Commissioning Plan 4.1: c.25% of the cohort.
    assert metric(at, "Share of all care leavers") == "25%"
    assert chart_titles(at)[0].startswith("At Oct 2023, ")


def test_nts_population_input_moves_the_threshold(uasc_page: AppTest) -> None:
    at = set_and_run(uasc_page, "number_input", "uasc_population", 200_000)
    nts_title = next(t for t in chart_titles(at) if "NTS threshold" in t)
    # 0.1% x 200,000 = 200.
    assert "111 below the NTS threshold of 200" in nts_title
    set_and_run(at, "number_input", "uasc_in_care", 250)
    assert "has reached the NTS threshold of 200" in " ".join(chart_titles(at))


def grant(at: AppTest) -> float:
    return float(metric(at, "Estimated Home Office grant").removeprefix("£").removesuffix(" a year").replace(",", ""))


def test_grant_inputs_change_the_estimate_by_hand_calculation(uasc_page: AppTest) -> None:
    at = uasc_page
    under_18 = uasc.grant_cohort(cohort.cohort_summary().latest_date)["under_18"]
    set_and_run(at, "number_input", "uasc_nts_share", 0.0)
    all_in_county = grant(at)
    set_and_run(at, "number_input", "uasc_nts_share", 100.0)
    # Moving every under-18 from £114 to £143 a day adds £29 x 365 each.
    assert grant(at) - all_in_county == under_18 * (143 - 114) * 365
    before = grant(at)
    set_and_run(at, "number_input", "uasc_rate_nts", 153.0)
    assert grant(at) - before == under_18 * 10 * 365
    assert any("100% of them at the National Transfer Scheme rate (£153 a day)" in m.value for m in at.markdown)


# --- Any pack: empty and tiny selections, and the chart agreeing with the words beside it ---------
#
# Issue 15: Cohort at 01 Apr 2020, 16-17, former UASC, whereabouts unknown drew an x-axis from -1 to
# 6, half-people and "No former-UASC care leavers" beside bars reading c; Former UASC at 01 Apr 2020
# drew a growth axis in fractions of a millisecond and said "Too few" beside 137 people. The legal
# status chart showed 623 Former Relevant (Jan 2024) where the text said 608 (the published Oct 2023).

PACKS = {"lincolnshire": config.PACKS_DIR / "lincolnshire", "northshire": config.PACKS_DIR / "northshire", "minimal": MINIMAL}
APR_2020 = dt.date(2020, 4, 1)


@pytest.fixture(scope="module")
def pack_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cohort_packs")
    return {name: build.build(folder / f"{name}.duckdb", config=config.load(pack)).path for name, pack in PACKS.items()}


@pytest.fixture
def in_pack(pack_stores: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """Switch the store and pack the pages and the analytics read, as the Data page's pack choice does."""

    def use(pack: str) -> None:
        monkeypatch.setenv(db.STORE_ENV, str(pack_stores[pack]))
        monkeypatch.setenv(config.CONFIG_ENV, str(PACKS[pack]))
        st.cache_data.clear()
        st.cache_resource.clear()

    monkeypatch.setenv("LCI_INGEST_KEY", str(pack_stores["minimal"].parent / "key"))
    return use


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def assert_charts_hold(at: AppTest) -> None:
    """Every chart drawn has data, a finding as its text alternative, whole people on count axes, year
    ticks on date axes, and no title saying nobody beside bars reading c."""
    for chart, spec in zip(at.get("plotly_chart"), specs(at)):
        title = spec["layout"]["title"]["text"].replace("<br>", " ")
        assert chart.proto.alt, f"no text alternative for {title!r}"
        assert any(len(trace.get("x", [])) or len(trace.get("y", [])) for trace in spec["data"]), f"empty axes: {title!r}"
        labels = " ".join(str(t) for trace in spec["data"] for t in (trace.get("text") or []))
        assert not (title.startswith("No ") and "c" in labels.split()), title
        y = spec["layout"].get("yaxis", {})
        if "(count)" in y.get("title", {}).get("text", ""):
            assert y.get("tickformat") == ",d", f"count axis in fractions: {title!r}"
        x = spec["layout"].get("xaxis", {})
        if x.get("title", {}).get("text", "").startswith("Quarterly snapshot"):
            assert x.get("tickformat") == "%Y" or x.get("ticktext"), f"date axis without years or months: {title!r}"


def open_in(use, pack: str, script: str) -> AppTest:
    use(pack)
    return open_page(script, timeout=120)


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_cohort_tiny_selection_says_none_or_too_few_instead_of_drawing(pack: str, in_pack) -> None:
    at = open_in(in_pack, pack, "pages/30_Cohort.py")
    options = cohort.filter_options()
    youngest, first = options.age_bands[0], options.snapshot_dates[0]
    set_and_run(at, "selectbox", "cohort_snapshot", first)
    set_and_run(at, "selectbox", "cohort_age_band", youngest)
    set_and_run(at, "selectbox", "cohort_uasc", "Former UASC only")
    set_and_run(at, "selectbox", "cohort_location", "Unknown")
    filters = cohort.CohortFilters(first, youngest, True, "Unknown")
    total = cohort.profile_total(cohort.cohort_profile(filters))
    assert total < 5, "the selection the issue names is tiny in both packs"
    info = " ".join(i.value for i in at.info)
    if total == 0:
        assert metric(at, "Care leavers shown") == "0"
        assert f"There are no {filters.subject()} at {formatting.day(first)}." in info
    else:
        assert metric(at, "Care leavers shown") == "c (fewer than 5)"
        assert f"There are fewer than 5 {filters.subject()} at {formatting.day(first)}: too few to show" in info
    # No breakdown is drawn for nobody; the first snapshot has no trend either.
    assert not [s for s in specs(at) if "Share of the care leavers shown" in s["layout"]["xaxis"]["title"]["text"]]
    assert_charts_hold(at)
    assert "the first snapshot" in info or "too few to show" in info or "There are no" in info


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_cohort_small_trend_counts_whole_people(pack: str, in_pack) -> None:
    at = open_in(in_pack, pack, "pages/30_Cohort.py")
    options = cohort.filter_options()
    set_and_run(at, "selectbox", "cohort_uasc", "Former UASC only")
    set_and_run(at, "selectbox", "cohort_location", "Unknown")
    assert_charts_hold(at)
    trend = next((s for s in specs(at) if s["layout"]["yaxis"]["title"]["text"] == "Care leavers (count)"), None)
    totals = cohort.trend_totals(cohort.cohort_trend_by_age_band(cohort.CohortFilters(options.snapshot_dates[-1], None, True, "Unknown")))
    if (totals["care_leavers"] >= 5).any():
        assert trend is not None and trend["layout"]["yaxis"]["tickformat"] == ",d"
    else:
        assert trend is None and any("too few to show" in i.value or "There are no" in i.value for i in at.info)


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_legal_status_chart_and_its_note_give_the_same_counts(pack: str, in_pack) -> None:
    at = open_in(in_pack, pack, "pages/30_Cohort.py")
    latest = cohort.filter_options().snapshot_dates[-1]
    for snapshot in (OCT_2023, latest):
        set_and_run(at, "selectbox", "cohort_snapshot", snapshot)
        status = next(s for s in specs(at) if s["layout"]["title"]["text"] and any(
            "Former Relevant" in (t.get("y") or []) for t in s["data"]))
        bars = dict(zip(status["data"][0]["y"], status["data"][0]["text"]))
        former = bars["Former Relevant"].split(" ")[0]
        qualifying = bars["Qualifying"].split(" ")[0]
        profile = cohort.cohort_profile(cohort.CohortFilters(snapshot))
        counted = dict(zip(profile.loc[profile["dimension"] == "legal_status", "category"], profile.loc[profile["dimension"] == "legal_status", "care_leavers"]))
        # One source: the bar, the note and the analytics give the same count at the chosen snapshot.
        assert former == formatting.count(counted["Former Relevant"])
        note = next(c.value for c in at.caption if "Former Relevant" in c.value)
        assert f"At {formatting.day(snapshot)} the snapshots count {former} Former Relevant and {qualifying} Qualifying" in note
        # The published figure is named with its own month, never as if it were the snapshot's.
        published = cohort.published_profile()
        restated = published[(published["dimension"] == "legal_status") & (published["category"] == "Former Relevant")]
        if not restated.empty:
            assert f"shows {formatting.count(restated['published_count'].iloc[0])} ({formatting.month(restated['published_as_at'].iloc[0])})" in note
        # The headline total is the age-band chart's total.
        total = count(metric(at, "Care leavers shown"))
        assert total == cohort.profile_total(profile)
    if pack == "lincolnshire":
        # Jan 2024: 623 in the chart and in the note; the published 608 is October 2023's.
        assert "count 623 Former Relevant" in note and "shows 608 (Oct 2023)" in note


def test_cohort_and_uasc_pages_say_what_the_minimal_pack_lacks(in_pack) -> None:
    for script in ("pages/30_Cohort.py", "pages/31_UASC.py"):
        at = open_in(in_pack, "minimal", script)
        assert not at.get("plotly_chart")
        assert any("does not have" in w.value for w in at.warning)


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_uasc_first_snapshot_says_growth_starts_later(pack: str, in_pack) -> None:
    at = open_in(in_pack, pack, "pages/31_UASC.py")
    first = cohort.filter_options().snapshot_dates[0]
    set_and_run(at, "selectbox", "uasc_snapshot", first)
    growth = uasc.uasc_growth(uasc.uasc_trend(first))
    assert growth.before_baseline
    assert metric(at, f"Growth since {growth.published_from:%b %Y}") == "Not yet"
    text = " ".join([*(c.value for c in at.caption), *(i.value for i in at.info)])
    assert f"growth runs from {growth.published_from:%b %Y}" in text
    assert "Too few" not in text
    # One snapshot: a sentence instead of a growth line on an axis of milliseconds.
    assert "is the only snapshot to show" in text
    assert_charts_hold(at)
    share = next(s for s in specs(at) if s["layout"]["yaxis"]["title"]["text"].startswith("Former UASC (% of all"))
    assert share["layout"]["xaxis"]["range"], "a date axis with a lone snapshot needs its range"
    assert share["layout"]["yaxis"]["range"][1] <= 100


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_uasc_eet_uses_the_eet_pages_age_groups(pack: str, in_pack) -> None:
    at = open_in(in_pack, pack, "pages/31_UASC.py")
    kpis = outcomes.outcome_kpis("eet")
    windows = set(zip(kpis["age_min"], kpis["age_max"]))
    # The EET page's KPI windows, less any inside another (EET at 19 inside 19-21).
    expected = sorted(f"{a}-{b}" for a, b in windows if not any(o != (a, b) and o[0] <= a and b <= o[1] for o in windows))
    eet = next(s for s in specs(at) if s["layout"]["yaxis"]["title"]["text"] == "In EET (% of the group)")
    assert sorted(set(eet["data"][0]["x"])) == expected == ["16-18", "19-21"]
    assert_charts_hold(at)
    # The report's own groups are reconciled in a table, with its published figure in it.
    reconciliation = next(d.value for d in at.dataframe if "Published, former UASC in EET (%)" in d.value.columns)
    published = uasc.published_eet()
    assert reconciliation["Published, former UASC in EET (%)"].tolist() == [formatting.percent(v) for v in published["published_percent"]]


@pytest.mark.parametrize("pack", ["lincolnshire", "northshire"])
def test_every_chart_on_both_pages_has_a_text_alternative_and_table(pack: str, in_pack) -> None:
    for script in ("pages/30_Cohort.py", "pages/31_UASC.py"):
        at = open_in(in_pack, pack, script)
        assert_charts_hold(at)
        tables = [e for e in at.expander if e.label == "The chart's data as a table"]
        assert len(tables) == len(at.get("plotly_chart"))
