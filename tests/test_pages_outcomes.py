"""AppTest renders of the outcome pages (EET, Accommodation, Keeping in touch and Pathway Plans): the
numbers shown, the widgets changing them, suppression, downloads, and nothing that identifies anyone."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import config, db, findings, formatting, outcomes, performance
from data import build
from analytics.disclosure import SUPPRESSED
from tests.apptest import open_page

OCT_2023 = dt.date(2023, 10, 1)
EET, ACCOMMODATION, KIT = "pages/20_EET.py", "pages/21_Accommodation.py", "pages/22_Keeping_in_touch.py"


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def chart_titles(at: AppTest) -> list[str]:
    """Titles as read, with the line breaks that fit them to a chart taken out."""
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for chart in at.get("plotly_chart")]


def captions(at: AppTest) -> str:
    return " | ".join(c.value for c in at.caption)


def tile_values(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "font-size:2rem" in m.value]


def everything_rendered(at: AppTest) -> str:
    """Every piece of text, table cell and chart the page sends to the browser."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info") for e in getattr(at, kind)]
    parts += [df.value.to_csv(index=False) for df in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [str(o) for widget in (*at.selectbox, *at.radio) for o in widget.options]
    return "\n".join(parts)


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def categories(chart) -> list[str]:
    """A horizontal bar chart's category names, read from its tick labels (the name, then its figure in bold)."""
    ticks = json.loads(chart.proto.spec)["layout"]["yaxis"]["ticktext"]
    return [" ".join(t.split("<br><b>")[0].replace("<br>", " ").split()) for t in ticks]


def dataframes(at: AppTest) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe]


def outside_expanders(at: AppTest, kind: str) -> list[str]:
    """The values of every ``kind`` element (markdown, caption) that is not inside an expander: the text
    a reader meets without opening anything."""
    inside = {id(e.proto) for expander in at.expander for e in getattr(expander, kind)}
    return [e.value for e in getattr(at, kind) if id(e.proto) not in inside]


# Activity, accommodation and contact codes of the data return, and the names of our own modules.
RAW = re.compile(r"\b(?:[FPG][1-6]|ACTIV|ACCOM|IN_TOUCH|SSDA903|DIED|RHOM|REFU|NREQ|analytics\.|ui\.|viz\.)\b|\d\s*/\s*\d+\s*=")


@pytest.mark.parametrize(
    ("script", "title", "charts", "trends", "downloads"),
    [
        # By age group, breakdown, mix, and one trend per Table 2 KPI (three EET, three accommodation).
        (EET, "Education, employment and training", 6, 3, 4),
        (ACCOMMODATION, "Accommodation", 6, 3, 4),
        # Two trends (KIT, Pathway Plans), contact mix, plans by legal status, and a breakdown of each.
        (KIT, "Keeping in touch and Pathway Plans", 6, 2, 6),
    ],
)
def test_page_renders_charts_downloads_and_nothing_identifying(script: str, title: str, charts: int, trends: int, downloads: int) -> None:
    at = open_page(script)
    assert at.title[0].value == title
    assert any("synthetic" in i.value.lower() for i in at.info)
    assert len(at.get("plotly_chart")) == charts
    buttons = at.get("download_button")
    assert len(buttons) == downloads
    assert all("CSV" in b.proto.label for b in buttons)
    rendered = everything_rendered(at)
    assert "person_id" not in rendered and "birth_month" not in rendered
    assert not re.search(r"SYN-\d", rendered)
    # Every trend chart states how closely the snapshots reproduce Table 2.
    assert sum("published values to within 1 point" in t for t in chart_titles(at)) == trends


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_every_chart_has_its_finding_and_its_data_as_text(script: str) -> None:
    at = open_page(script)
    plots = at.get("plotly_chart")
    # The accessible name is the title's finding; the data behind each chart is a table beside it.
    assert [c.proto.alt for c in plots] == chart_titles(at)
    assert sum(e.label == "The chart's data as a table" for e in at.expander) == len(plots)
    for table in dataframes(at):
        assert not any(col.islower() or "_" in col for col in table.columns), list(table.columns)


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_words_for_users_no_codes_module_names_or_arithmetic_before_the_explanation(script: str) -> None:
    at = open_page(script)
    shown = outside_expanders(at, "markdown") + outside_expanders(at, "caption") + chart_titles(at)
    for text in shown:
        assert not RAW.search(text), text
    # The explanation is there, in plain English, for whoever opens it.
    explanation = at.expander[0]
    assert explanation.label == "How these figures are worked out"
    assert "died" in explanation.markdown[0].value and not RAW.search(explanation.markdown[0].value)


def test_percentage_axes_stop_at_100_and_people_are_whole() -> None:
    for script in (EET, ACCOMMODATION, KIT):
        at = open_page(script)
        for chart in at.get("plotly_chart"):
            layout = json.loads(chart.proto.spec)["layout"]
            for axis in ("xaxis", "yaxis"):
                spec = layout.get(axis, {})
                if spec.get("ticksuffix") == "%" and "range" in spec:
                    assert spec["range"][1] <= 100, (chart_titles(at), spec)
                if "(people)" in json.dumps(spec.get("title", "")):
                    assert spec.get("tickformat") == ",d"


def test_eet_snapshot_changes_the_numbers_and_shows_the_published_value() -> None:
    at = open_page(EET)
    latest_tiles, latest_title = tile_values(at), chart_titles(at)[0]
    assert "at Jan 2024" in latest_title
    set_and_run(at, "selectbox", "eet_snapshot", OCT_2023)
    assert tile_values(at) != latest_tiles
    # Commissioning Plan Table 2, 2023-24 Q2: EET 44% at 16-18 (target 85), 44% at 19, 50% at 19-21, all outside
    # tolerance. From the snapshots 16-18 is 123 of 280 = 43.9%.
    assert chart_titles(at)[0] == (
        "43.9% of 16–18 year olds were in education, employment or training at Oct 2023, 41.1 points below the 85% target; "
        "all 3 age groups were outside tolerance"
    )
    assert tile_values(at) == [f"<span style='font-size:2rem;font-weight:600'>{v}</span>" for v in ("44%", "44%", "50%")]
    shown = captions(at)
    assert shown.count("Published for 2023-24 Q2") == 3
    assert "From the snapshots, as at 1 October 2023: 43.9% (123 of 280 counted)" in shown
    group = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    # Each age group's tick label carries its status in words (wrapped to fit a phone).
    ticks = [" ".join(re.sub(r"<[^>]+>", " ", x).split()) for trace in group if trace.get("name", "").startswith("Computed") for x in trace["x"]]
    assert [t.rstrip(" ↑↓↔") for t in ticks] == ["Aged 16–18 Outside tolerance", "Aged 19 Outside tolerance", "Aged 19–21 Outside tolerance"]


def test_eet_16_18_reads_as_on_the_overview() -> None:
    # One source and one formatter: the Overview's tile for EET 16-18 (performance.kpi_tiles, 2023-24 Q2: 44 in
    # Commissioning Plan Table 2) and the EET page's tile at the snapshot standing for that period.
    tile = next(t for t in performance.kpi_tiles("2023-24 Q2") if t.kpi_id == "eet_16_18")
    at = set_and_run(open_page(EET), "selectbox", "eet_snapshot", OCT_2023)
    names = [m.value for m in at.markdown if m.value.startswith("**EET")]
    assert names[0] == f"**{tile.short_name}**" == "**EET 16-18**"
    assert tile_values(at)[0].endswith(f">{findings.kpi_value(tile.value, tile.unit)}</span>") and findings.kpi_value(tile.value) == "44%"
    assert f":red-badge[{tile.status.label} {tile.direction.arrow}]".replace(" ]", "]") in [m.value for m in at.markdown]


def test_accommodation_title_agrees_with_the_tiles() -> None:
    at = set_and_run(open_page(ACCOMMODATION), "selectbox", "accom_snapshot", OCT_2023)
    # Commissioning Plan Table 2, 2023-24 Q2: 88 Outside tolerance, 91 and 92 Within tolerance.
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert [b.split("[")[1].split(" ")[0] for b in badges] == ["Outside", "Within", "Within"]
    title = chart_titles(at)[0]
    assert title.endswith("1 age group was outside tolerance and 2 within tolerance")
    assert "short of target" not in title


def test_eet_benchmarks_are_drawn_as_reference_lines() -> None:
    at = open_page(EET)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # Commissioning Plan 4.1: England 56%, statistical neighbours 58.5%, Lincolnshire 48% (2023, all care leavers).
    names = {shape.get("name") for shape in spec["layout"]["shapes"]}
    assert {"England 2023, all ages (LAIT): 56%", "Statistical neighbours 2023, all ages (LAIT): 58.5%",
            "Lincolnshire 2023, all ages (LAIT): 48%"} <= names


def test_eet_breakdown_widget_changes_the_table_and_chart() -> None:
    at = open_page(EET)
    table = dataframes(at)[1]
    assert set(table["Former UASC or not"]) == {"Former UASC", "Not former UASC"}
    title = chart_titles(at)[1]
    set_and_run(at, "radio", "eet_breakdown", "sex")
    table = dataframes(at)[1]
    assert "Sex" in table.columns and set(table["Sex"]) == {"Female", "Male"}
    assert chart_titles(at)[1] != title
    set_and_run(at, "radio", "eet_breakdown", "age")
    ages = dataframes(at)[1]
    assert set(ages["Single year of age"]) == {"16", "17", "18", "19", "20", "21"}


def test_eet_small_counts_read_c_on_the_page() -> None:
    at = set_and_run(open_page(EET), "selectbox", "eet_snapshot", OCT_2023)
    set_and_run(at, "radio", "eet_breakdown", "disability")
    table = dataframes(at)[1]
    # The constructed case of tests/test_outcomes.py: disabled 19 year olds in EET are fewer than 5.
    aged_19 = table[table["Age group"] == "Aged 19"]
    assert list(aged_19["In EET"]) == [SUPPRESSED, SUPPRESSED]
    assert list(aged_19["In EET (%)"]) == [SUPPRESSED, SUPPRESSED]
    for col in ("In EET", "Care leavers counted"):
        assert all(v == SUPPRESSED or int(v.replace(",", "")) >= 5 for v in table[col])
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert any(SUPPRESSED in trace.get("text", []) for trace in spec["data"])


def test_eet_activity_group_widget_changes_the_mix() -> None:
    at = open_page(EET)
    before = chart_titles(at)[2]
    assert "of 16–18 year olds" in before
    set_and_run(at, "selectbox", "eet_mix_group", "eet_19_21")
    assert "of 19–21 year olds" in chart_titles(at)[2]


def test_accommodation_widgets_change_the_numbers() -> None:
    at = open_page(ACCOMMODATION)
    latest_tiles = tile_values(at)
    set_and_run(at, "selectbox", "accom_snapshot", OCT_2023)
    assert tile_values(at) != latest_tiles
    # Commissioning Plan Table 2, 2023-24 Q2: suitable accommodation 88% at 16-18, 91% at 19, 92% at 19-21.
    assert tile_values(at) == [f"<span style='font-size:2rem;font-weight:600'>{v}</span>" for v in ("88%", "91%", "92%")]
    assert chart_titles(at)[0].startswith("87.9% of 16–18 year olds were in suitable accommodation at Oct 2023, 7.1 points below the 95% target")
    names = set(categories(at.get("plotly_chart")[2]))
    assert "Semi-independent living" in names and "Independent living" in names
    before = dataframes(at)[1]
    set_and_run(at, "radio", "accom_breakdown", "location")
    after = dataframes(at)[1]
    assert "In or out of county" in after.columns and not before.equals(after)


def test_keeping_in_touch_page_shows_contact_plans_and_groups() -> None:
    at = set_and_run(open_page(KIT), "selectbox", "kit_snapshot", OCT_2023)
    tiles = tile_values(at)
    # Commissioning Plan Table 2, 2023-24 Q2: keeping in touch 94.5%, Pathway Plans 92%.
    assert tiles == [f"<span style='font-size:2rem;font-weight:600'>{v}</span>" for v in ("94.5%", "92%")]
    titles = chart_titles(at)
    assert titles[2].startswith("The service was in touch with 94.6% of 16–21 year olds at Oct 2023")
    contact = set(categories(at.get("plotly_chart")[2]))
    assert {"In touch", "Not in touch", "Refuses contact", "No longer wants or needs services", "Has died",
            "Returned home to parents for 6 months or more"} == contact
    # The bars share out everyone of these ages (those who died count too), the title only those the KPI counts.
    spec = json.loads(at.get("plotly_chart")[2].proto.spec)
    source = " ".join(a["text"].replace("<br>", " ") for a in spec["layout"]["annotations"] if a.get("name") == "source")
    assert "bars are shares of everyone of these ages, the title's rate of those the KPI counts" in source
    plans = dataframes(at)[3]
    assert list(plans["Legal status"]) == ["Eligible", "Relevant", "Former Relevant"]
    assert "Qualifying care leavers need no plan" in titles[3]
    before = dataframes(at)[4:]
    set_and_run(at, "radio", "kit_breakdown", "legal_status")
    after = dataframes(at)[4:]
    assert len(after) == 2 and all("Legal status" in df.columns for df in after)
    assert not any(b.equals(a) for b, a in zip(before, after))


def test_pathway_plans_say_what_is_hidden_and_why() -> None:
    at = open_page(KIT)
    # The demo store at Jan 2024: 174 Eligible care leavers are counted, so their share is not "too small to show":
    # it is hidden with the 10 Relevant, fewer than 5 of whom lack an up-to-date plan.
    title = chart_titles(at)[3]
    assert "too small" not in title and "the shares for Eligible and Relevant are hidden to protect small numbers" in title
    assert "Eligible (174 care leavers): hidden with Relevant so that its figure cannot be worked out from the total." in captions(at)


def test_keeping_in_touch_snapshot_changes_the_numbers() -> None:
    at = open_page(KIT)
    latest = tile_values(at), dataframes(at)
    set_and_run(at, "selectbox", "kit_snapshot", dt.date(2021, 4, 1))
    # Commissioning Plan Table 2, 2020-21 Q4: keeping in touch 96.5%, Pathway Plans 88%.
    assert "Published for 2020-21 Q4" in captions(at)
    assert tile_values(at) == [f"<span style='font-size:2rem;font-weight:600'>{v}</span>" for v in ("96.5%", "88%")]
    assert tile_values(at) != latest[0]
    assert not all(b.equals(a) for b, a in zip(latest[1], dataframes(at)))
    assert outcomes.snapshot_label(dt.date(2021, 4, 1), "2020-21 Q4") in at.selectbox(key="kit_snapshot").options


# --- Tiny and empty selections --------------------------------------------------------------------

COUNTED = {"outcome_by_group": ("numerator", "denominator", "excluded"), "activity_mix": ("care_leavers",),
           "accommodation_mix": ("care_leavers",), "kit_mix": ("care_leavers",)}


def shrink(monkeypatch: pytest.MonkeyPatch, divisor: int) -> None:
    """An authority ``divisor`` times smaller: every count the outcome pages read divided (rounding down), so
    numerators stay within their denominators and breakdowns still add up to their totals' scale."""
    query = db.query

    def small(name: str, params=None) -> pd.DataFrame:
        frame = query(name, params)
        for col in COUNTED.get(name, ()):
            frame[col] = frame[col].astype(int) // divisor
        return frame

    monkeypatch.setattr(db, "query", small)


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_a_tiny_authority_reads_c_and_sentences_not_empty_axes(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # About a fortieth of the demo cohort: 16-18 EET 123 of 280 becomes 3 of 7, so almost every count is below 5.
    shrink(monkeypatch, 40)
    at = open_page(script)
    rendered = everything_rendered(at)
    for table in dataframes(at):
        for col in table.columns:
            if col in {"In EET", "In suitable accommodation", "In touch", "Plan up to date", "Care leavers counted", "Care leavers"}:
                assert all(v == SUPPRESSED or int(v.replace(",", "")) >= 5 for v in table[col]), (col, list(table[col]))
    # No chart draws an axis with nothing on it: each has a bar or a point that is not hidden, or is a sentence.
    for chart in at.get("plotly_chart"):
        data = json.loads(chart.proto.spec)["data"]
        drawn = [v for trace in data if trace.get("type") in ("bar", "scatter") and trace.get("name") not in (None, "Target")
                 for v in (trace.get("x") if trace.get("orientation") == "h" else trace.get("y")) or [] if v not in (0, 0.0)]
        assert drawn, json.loads(chart.proto.spec)["layout"]["title"]["text"]
    sentences = [i.value for i in at.info if "synthetic" not in i.value.lower()]
    assert sentences, "a hidden chart is replaced by a sentence"
    assert all(s.endswith(".") for s in sentences)
    assert "nan" not in rendered.lower().replace("financ", "")


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_an_empty_snapshot_says_so(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # No one counted at all: every chart gives way to a sentence.
    shrink(monkeypatch, 10**9)
    at = open_page(script)
    assert not at.get("plotly_chart")
    sentences = [i.value for i in at.info if "synthetic" not in i.value.lower()]
    assert sentences and any("No one is counted" in s or "Too few" in s for s in sentences)
    assert not at.get("download_button") or all("CSV" in b.proto.label for b in at.get("download_button"))


def test_the_minimal_pack_says_what_to_load(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests/fixtures/packs/minimal: one keeping-in-touch KPI, one published value, no records, no other measures.
    minimal = Path(__file__).resolve().parent / "fixtures" / "packs" / "minimal"
    path = tmp_path_factory.mktemp("minimal") / "minimal.duckdb"
    build.build(path, config=config.load(minimal))
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(config.CONFIG_ENV, str(minimal))
    st.cache_data.clear()
    st.cache_resource.clear()
    for script, message in ((EET, "defines no education"), (ACCOMMODATION, "defines no accommodation"), (KIT, "none is loaded")):
        at = open_page(script)
        assert any(message in i.value for i in at.info), [i.value for i in at.info]
        assert not at.get("plotly_chart")
        assert "Lincolnshire" not in everything_rendered(at)


# --- Other packs -----------------------------------------------------------------------------------

TINY_TOML = """
[authority]
name = "Tiny Borough Council"
short_name = "Tiny"

[[kpis]]
kpi_id = "eet_19_21"
name = "Care leavers aged 19-21 in EET"
short_name = "EET 19-21"
measure = "eet"
age_group = "19-21"
age_min = 19
age_max = 21
unit = "%"
polarity = "higher"
target = 60.0
tolerance_form = "points"
tolerance_below = 5.0
tolerance_above = 5.0
numerator = "In EET"
denominator = "Care leavers aged 19 to 21"
basis = "Quarter-end snapshot"
data_source = "Provider return"
lag = "One month"
national_comparator = false
source = "Tiny contract (test pack)"
"""


@pytest.fixture(scope="module")
def other_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("outcome_packs")
    tiny = root / "tiny"
    tiny.mkdir()
    (tiny / "authority.toml").write_text(TINY_TOML, encoding="utf-8")
    (tiny / "kpi_values.csv").write_text("kpi_id,period,value,source\neet_19_21,2024-25 Q1,58,Tiny return (test pack)\n", encoding="utf-8")
    out = {}
    for name, folder in (("tiny", tiny), ("northshire", config.PACKS_DIR / "northshire")):
        build.build(root / f"{name}.duckdb", config=config.load(folder))
        out[name] = (folder, root / f"{name}.duckdb")
    return out


def _use(other_stores: dict[str, tuple[Path, Path]], name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, path = other_stores[name]
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(config.CONFIG_ENV, str(folder))
    st.cache_data.clear()


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_a_pack_without_records_says_what_to_load(script: str, other_stores, monkeypatch) -> None:
    _use(other_stores, "tiny", monkeypatch)
    at = open_page(script)
    shown = " ".join(i.value for i in at.info)
    if script == EET:
        assert "none is loaded for this authority" in shown and "config/authorities/tiny/authority.toml" in shown
        assert not at.get("plotly_chart")
    else:
        # The test pack defines no accommodation, contact or Pathway Plan KPI.
        assert "defines no" in shown


@pytest.mark.parametrize("script", [EET, ACCOMMODATION, KIT])
def test_northshire_outcome_pages_show_only_northshire(script: str, other_stores, monkeypatch) -> None:
    _use(other_stores, "northshire", monkeypatch)
    at = open_page(script)
    shown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + chart_titles(at))
    assert "Lincolnshire" not in shown and "Commissioning Plan" not in shown and "LAIT" not in shown
    if script == EET:
        # config/authorities/northshire/comparators.csv gives EET as a whole one comparator: England 2022-23, 55%.
        names = {t["name"] for chart in at.get("plotly_chart") for t in json.loads(chart.proto.spec)["data"] if t.get("name")}
        assert "England, all care leavers aged 19 to 21, DfE annual" in names
