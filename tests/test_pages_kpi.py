"""AppTest renders of the Exceptions, KPI performance and KPI cards pages: the Table 2 figures shown,
and the widgets changing them."""

from __future__ import annotations

import base64
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import config, db
from data import build
from tests.apptest import minimal_pack, open_page


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"].replace("<br>", " ") for spec in specs(at)]


def ys(trace: dict) -> list[float]:
    """A trace's y values; plotly sends numeric arrays as base64 typed arrays."""
    y = trace["y"]
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"])).tolist()
    return list(y)


def trace_names(spec: dict) -> list[str]:
    return [trace.get("name", "").replace("<br>", " ") for trace in spec["data"]]


def set_and_run(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "p":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption += data


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The HTML tables on the page (status tables), header row as columns, the text naming the
    table (its aria-labelledby paragraph) in attrs["caption"]."""
    out = []
    for element in at.get("html"):
        reader = _TableReader()
        reader.feed(element.proto.body)
        if reader.rows:
            frame = pd.DataFrame(reader.rows[1:], columns=reader.rows[0])
            frame.attrs["caption"] = reader.caption
            out.append(frame)
    return out


def downloads(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


# --- Exceptions -----------------------------------------------------------------------------------


def test_exceptions_page_answers_which_kpis_are_not_achieved() -> None:
    at = open_page("pages/10_Exceptions.py")
    assert at.title[0].value == "Exceptions"
    assert any("synthetic" in i.value.lower() for i in at.info)
    # Commissioning Plan Table 2, 2023-24 Q2: EET 16-18, EET at 19, EET 19-21 and suitable
    # accommodation 16-18 are outside tolerance and all fell; KIT, accommodation at 19 and
    # Pathway Plans are within tolerance or better but fell; accommodation 19-21 held at 92.
    assert "**At 2023-24 Q2, 4 of 8 KPIs are not achieved and all 4 are worsening; none is improving. 4 are achieved, 3 of them worsening.**" in texts(at)
    assert [(m.label, m.value) for m in at.metric] == [("Not achieved", "4"), ("Not achieved but improving", "0"), ("Achieved but worsening", "3")]
    headings = [h.value for h in at.header]
    assert headings[:5] == [
        "Not achieved and worsening (4)", "Not achieved, no clear direction (0)", "Not achieved but improving (0)",
        "Achieved but worsening (3)", "Achieved and improving or steady (1)",
    ]
    worst = tables(at)[0]
    # Status and direction come straight after the KPI, so a phone shows them without scrolling.
    assert list(worst.columns[:3]) == ["KPI", "Status", "Direction"]
    assert worst.attrs["caption"] == "Not achieved and worsening, 2023-24 Q2"
    assert worst["KPI"].tolist() == ["EET 16-18", "EET at 19", "EET 19-21", "Suitable accommodation 16-18"]
    assert worst["Value"].tolist() == ["44%", "44%", "50%", "88%"]
    assert worst["Direction"].tolist() == ["↓ worsening"] * 4
    assert tables(at)[2]["KPI"].tolist() == ["Suitable accommodation 19-21"]
    assert titles(at) == ["4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are achieved"]
    assert downloads(at) == ["Download the exceptions and this chart's data (CSV)"]
    # The band chart's names sit above each band, not beside the axis, so a phone keeps its width:
    # eight rows of 62 px of plot whatever the screen.
    chart = specs(at)[0]
    assert chart["layout"]["yaxis"]["showticklabels"] is False
    assert chart["layout"]["xaxis"]["range"] == [0, 100]
    rows = [a["text"] for a in chart["layout"]["annotations"] if a.get("name") != "source"]
    assert rows[0] == "<b>EET 16-18</b>: 44% Not achieved ↓"
    assert chart["layout"]["height"] >= 62 * 8
    assert at.get("plotly_chart")[0].proto.alt == "4 of 8 KPIs are not achieved at 2023-24 Q2; 4 are achieved."


def test_exceptions_period_select_changes_the_groups() -> None:
    at = set_and_run(open_page("pages/10_Exceptions.py"), "selectbox", "exceptions_period", "2022-23 Q4")
    # Table 2, 2022-23 Q4: suitable accommodation 16-18 rose 86 -> 89 but is still below 90.
    headings = [h.value for h in at.header]
    assert "Not achieved but improving (1)" in headings
    improving = tables(at)[1]
    assert improving["KPI"].tolist() == ["Suitable accommodation 16-18"]
    assert improving["Value"].tolist() == ["89%"]
    assert improving["Direction"].tolist() == ["↑ improving"]


def test_exceptions_vocabulary_toggle_switches_the_words() -> None:
    at = set_and_run(open_page("pages/10_Exceptions.py"), "radio", "exceptions_vocabulary", "tolerance")
    assert at.header[0].value == "Outside tolerance and worsening (4)"
    assert set(tables(at)[0]["Status"]) == {"Outside tolerance"}
    # Table 2: KIT 94.5 and Pathway Plans 92 are on target, accommodation at 19 (91) within tolerance.
    assert tables(at)[1]["Status"].tolist() == ["On target", "Within tolerance", "On target"]
    assert titles(at) == ["4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target"]


# --- KPI performance ------------------------------------------------------------------------------


def test_performance_page_shows_table_2_with_status_and_arrow() -> None:
    at = open_page("pages/11_Performance.py")
    assert at.title[0].value == "KPI performance"
    table = tables(at)[0].set_index("KPI")
    assert list(table.columns[:3]) == ["Status", "Direction", "Change"]
    # Commissioning Plan Table 2, every cell: value, arrow and status.
    assert table.loc["Keeping in touch", "2023-24 Q2"] == "94.5% ↓ On target"
    assert table.loc["EET 16-18", "2020-21 Q4"] == "65% Outside"
    assert table.loc["EET 19-21", "2021-22 Q4"] == "59% ↑ Outside"
    assert table.loc["Suitable accommodation 19-21", "2023-24 Q2"] == "92% ↔ Within"
    assert table.loc["Pathway Plans", "2022-23 Q4"] == "96% ↑ On target"
    assert table["Status"].value_counts().to_dict() == {"Outside tolerance": 4, "On target": 2, "Within tolerance": 2}
    assert table.loc["EET 16-18", "Direction"] == "↓ worsening"
    assert table.loc["EET 16-18", "Target (tolerance)"] == "85% (80–90)"
    assert "**4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target.**" in texts(at)
    assert len(at.get("plotly_chart")) == 8
    assert titles(at)[1] == "EET 16-18 is 44%, 41 points below the 85% target and outside tolerance; it has fallen in each of the last three periods."
    assert "Download this table (CSV)" in downloads(at)
    assert len(downloads(at)) == 9


def test_performance_trend_charts_draw_target_band_status_points_synthetic_and_benchmarks() -> None:
    at = open_page("pages/11_Performance.py")
    kit, eet_16_18 = specs(at)[0], specs(at)[1]
    # Keeping in touch (16-21): no pack comparators, so DfE's 17-18 and 19-21 in-touch figures for the
    # authority, its neighbours, region and England, each naming DfE's ages, between the synthetic and published series.
    kit_names = trace_names(kit)
    assert kit_names[:3] == ["Tolerance 85–95%", "Target 90%", "From synthetic snapshots (quarterly)"]
    assert kit_names[-1] == "Published, by status"
    published_at = len(kit_names) - 1 - sum(n.startswith("Published: ") for n in kit_names)
    # The issue: the "Published, by status" legend showed one colour. Now each status has its entry
    # in its own colour, just before the published points, which stay out of the legend.
    legend_colours = []
    for spec in specs(at):
        points = spec["data"][-1]
        entries = [t for t in spec["data"] if t.get("name", "").startswith("Published: ")]
        graded = [c[1] for c in points["customdata"]]
        statuses = list(dict.fromkeys(graded))
        assert points["showlegend"] is False
        assert [e["name"] for e in entries] == [f"Published: {s}" for s in statuses]
        assert [e["marker"]["color"] for e in entries] == [list(points["marker"]["color"])[graded.index(s)] for s in statuses]
        legend_colours.append(len({e["marker"]["color"] for e in entries}))
    # Some KPI has had more than one status over time: its legend shows each status's colour.
    assert max(legend_colours) > 1
    assert kit_names[3:published_at] == [
        f"{area}, DfE ages {ages}, annual birthday window"
        for ages in ("17-18", "19-21")
        for area in ("Lincolnshire", "Statistical neighbours (average)", "East Midlands", "England")
    ]
    # Commissioning Plan 2.4 footnote 8 and 4.1 (LAIT): the pack's all-ages comparators come first.
    assert trace_names(eet_16_18)[3:6] == [
        "England, all ages (LAIT)", "Statistical neighbours, all ages (LAIT)", "Lincolnshire, all ages (LAIT)",
    ]
    england = eet_16_18["data"][3]
    assert ys(england) == [53, 52, 55, 56]
    published = eet_16_18["data"][-1]
    assert ys(published) == [65, 60, 55, 44]
    latest = next(a for a in eet_16_18["layout"]["annotations"] if a.get("name") == "latest")
    assert latest["text"] == "<b>44%</b><br>Outside tolerance ↓" and latest["bgcolor"].startswith("rgba(255,255,255")
    # Status is never colour alone: every point carries its label, and the colours differ by status.
    assert len(set(specs(at)[6]["data"][-1]["marker"]["color"])) == 2  # accommodation 19-21: within, on target


def test_performance_period_select_changes_the_table() -> None:
    at = set_and_run(open_page("pages/11_Performance.py"), "selectbox", "performance_period", "2021-22 Q4")
    table = tables(at)[0].set_index("KPI")
    assert [c for c in table.columns if "Q" in c] == ["2020-21 Q4", "2021-22 Q4"]
    # Table 2, 2021-22 Q4 (hand calculation): KIT 96.5 ↔ on target; EET 19-21 59 ↑ still outside.
    assert table.loc["Keeping in touch", "Direction"] == "↔ no change"
    assert table.loc["EET 19-21", "Status"] == "Outside tolerance"
    assert table.loc["EET 19-21", "Direction"] == "↑ improving"
    assert table.loc["Suitable accommodation 19-21", "Status"] == "On target"
    assert ys(specs(at)[1]["data"][-1]) == [65, 60]


def spc_specs(at: AppTest) -> list[dict]:
    return [spec for spec in specs(at) if "series" in spec["layout"]["title"]["text"]]


def test_performance_spc_toggle_shows_the_spc_charts_with_verdicts() -> None:
    at = open_page("pages/11_Performance.py")
    assert not any("synthetic quarterly series" in t for t in titles(at))
    assert not at.get("selectbox") or "performance_rebase" not in [s.key for s in at.selectbox]
    set_and_run(at, "toggle", "performance_spc", True)
    assert len(at.get("plotly_chart")) == 16
    spc_titles = [t for t in titles(at) if "synthetic quarterly series" in t]
    assert len(spc_titles) == 8
    assert spc_titles[1].startswith("EET 16-18, synthetic quarterly series: ")
    assert spc_titles[1].endswith("consistently failing the 85% target")
    verdicts = [t for t in texts(at) if t.startswith("**Variation.**")]
    assert len(verdicts) == 8 and all("**Assurance.**" in v for v in verdicts)
    # Keeping in touch, 15 synthetic quarters: the latest (94.6%) lies below the process limits, so
    # the sentence gives no assurance rather than "can be expected to meet" the 90% target.
    kit = verdicts[0]
    assert "**Assurance.** No assurance: the latest quarter (94.6%) lies below the process limits" in kit
    assert "can be expected to meet" not in kit
    assert spc_titles[0].endswith("no assurance on the 90% target")
    # Pathway Plans: from Dec 2021 all 8 quarters lie above the whole series' mean (91.6%), a
    # sustained shift. Limits are recalculated only from a known change (Making Data Count), so the
    # page keeps one set and points the shift out for the reader to judge.
    notes = [t for t in texts(at) if t.startswith(("Limits recalculated", "Trial limits", "A sustained shift"))]
    assert notes == [
        "A sustained shift: from Dec 2021 all 8 quarters lie above the mean of the whole series. If it matches a known "
        "change (a new provider, rule or service), recalculate the limits from then to see the new level's limits.",
    ]
    pathway = spc_specs(at)[-1]
    limits = next(t for t in pathway["data"] if t.get("name", "").startswith("Process limits"))
    assert limits["y"].count(None) == 0  # one unbroken set of limits
    # Asked to, the limits are recalculated where the shift begins: two sets of 7 and 8 quarters (trial limits).
    set_and_run(at, "selectbox", "performance_rebase", "shift")
    notes = [t for t in texts(at) if t.startswith(("Limits recalculated", "Trial limits", "A sustained shift"))]
    assert notes == [
        "Limits recalculated from Dec 2021: from there all 8 quarters lie above the mean of the whole series, a sustained "
        "shift (a run of at least 7), so one set of limits would misdescribe both levels.",
        "Trial limits: the limits from Mar 2020 rest on only 7 quarters and from Dec 2021 rest on only 8 quarters (fewer "
        "than 13), so they will move as more quarters arrive.",
    ]
    pathway = spc_specs(at)[-1]
    limits = next(t for t in pathway["data"] if t.get("name", "").startswith("Process limits"))
    # One dashed line per segment, broken between them.
    assert limits["y"].count(None) == 1
    assert sum(label.startswith("Download the SPC chart's data") for label in downloads(at)) == 8


def test_recalculate_limits_from_a_chosen_date_or_never() -> None:
    at = set_and_run(open_page("pages/11_Performance.py"), "toggle", "performance_spc", True)
    rebase = at.selectbox(key="performance_rebase")
    assert rebase.value == "never"
    assert rebase.options[:2] == ["Never: one set of limits", "Where a sustained shift begins (detected)"]
    assert "From Mar 2022" in rebase.options
    set_and_run(at, "selectbox", "performance_rebase", "never")
    assert not [t for t in texts(at) if t.startswith(("Limits recalculated", "Trial limits"))]
    set_and_run(at, "selectbox", "performance_rebase", "2022-03-31")
    chosen = [t for t in texts(at) if t.startswith("Limits recalculated")]
    assert len(chosen) == 8 and set(chosen) == {"Limits recalculated from Mar 2022, as chosen."}
    # Mar 2020 to Dec 2021 is 8 quarters, Mar 2022 to Sep 2023 is 7: both sets of limits are trial limits.
    assert all("from Mar 2020 rest on only 8 quarters and from Mar 2022 rest on only 7 quarters" in t
               for t in texts(at) if t.startswith("Trial limits"))
    # A date leaving fewer than 7 quarters after it is refused, in words.
    set_and_run(at, "selectbox", "performance_rebase", "2023-06-30")
    refused = [t for t in texts(at) if t.startswith("Limits not recalculated from Jun 2023")]
    assert len(refused) == 8 and "leaves 13 before and 2 after" in refused[0]


def test_performance_spc_with_fewer_than_15_points_is_a_run_chart_without_limits() -> None:
    at = open_page("pages/11_Performance.py")
    set_and_run(at, "toggle", "performance_spc", True)
    set_and_run(at, "selectbox", "performance_period", "2020-21 Q4")
    # Snapshots from 1 April 2020 to 1 April 2021: 5 quarters, fewer than 15.
    verdicts = [t for t in texts(at) if t.startswith("**Variation.**")]
    assert len(verdicts) == 8
    assert all(v.startswith("**Variation.** Only 5 quarters up to 2020-21 Q4") and "**Assurance.**" not in v for v in verdicts)
    assert all("too few for process limits" in spec["layout"]["title"]["text"].replace("<br>", " ") for spec in spc_specs(at))
    assert not any(t.get("name", "").startswith("Process limits") for spec in spc_specs(at) for t in spec["data"])
    assert not [t for t in texts(at) if t.startswith(("Trial limits", "Limits recalculated"))]


def test_trend_charts_cap_percentages_at_100_and_label_only_the_latest_point() -> None:
    at = open_page("pages/11_Performance.py")
    for spec in specs(at):
        assert spec["layout"]["yaxis"]["range"][1] <= 100
        published = spec["data"][-1]
        assert "text" not in published and published["cliponaxis"] is False
        # One label, at the latest point, on a white ground.
        latest = [a for a in spec["layout"]["annotations"] if a.get("name") == "latest"]
        assert len(latest) == 1 and latest[0]["y"] == ys(published)[-1]
        # The title's last line stays clear of the top tick: its margin grows with its lines.
        lines = spec["layout"]["title"]["text"].count("<br>") + 1
        assert spec["layout"]["margin"]["t"] >= 16 + 22 * lines + 24
    # Keeping in touch reaches 96.6% (synthetic): the axis stops at 100, the latest label sits below its point.
    kit = specs(at)[0]
    assert kit["layout"]["yaxis"]["range"][1] == 100
    assert next(a for a in kit["layout"]["annotations"] if a.get("name") == "latest")["yanchor"] == "top"
    # Every chart carries its finding as its accessible name and its data as a table.
    first = at.get("plotly_chart")[1].proto
    assert first.alt == titles(at)[1]
    assert {"Series", "Period end", "Value", "Status", "Direction"} <= set(at.dataframe[1].value.columns)


# --- KPI cards ------------------------------------------------------------------------------------


def test_kpi_card_shows_definition_status_tiles_and_notes() -> None:
    at = open_page("pages/12_KPI_cards.py")
    assert at.title[0].value == "KPI cards"
    # One name per KPI on every KPI page: the pack's short name, with its full name in the definition.
    assert at.header[0].value == "Keeping in touch"
    assert at.selectbox(key="cards_kpi").value == "kit"
    shown = texts(at)
    assert any("- **In full:** Care leavers have positive relationships and transition to adulthood (keeping in touch)" in t for t in shown)
    assert any(t.startswith("**Higher is better.** Keeping in touch is 94.5%") for t in shown)
    definition = next(t for t in shown if t.startswith("- **In full:**"))
    assert "IN_TOUCH = YES" in definition and "Quarter-end snapshot" in definition and "six weeks" in definition
    # Table 2, KIT: 94.5% at 2023-24 Q2, 95.5% before, target 90% ± 5.
    assert [(m.label, m.value, m.delta) for m in at.metric][:2] == [
        ("Actual, 2023-24 Q2", "94.5%", "-1 point since 2022-23 Q4 (was 95.5%)"), ("Target", "90%", ""),
    ]
    assert ":green-badge[On target ↓]" in shown
    assert any(t.startswith("The target is 90%, with a tolerance of 90 ± 5 points (85 to 95).") for t in shown)
    # The pack marks KIT as locally defined (Commissioning Plan footnote 6), yet DfE publishes in-touch
    # figures for care leavers aged 19 to 21: the card says both, never that there is no national figure.
    assert any("This KPI is defined locally (Provider quarterly performance data (JET)), not as the DfE defines" in t for t in shown)
    assert not any("no national version" in t for t in shown)
    assert len(at.get("plotly_chart")) == 1
    # DfE's in-touch figures are its comparators, so their download is there too.
    assert downloads(at) == ["Download this KPI's definition (CSV)", "Download this chart's data (CSV)", "Download the benchmarks (CSV)"]
    # DfE's neighbours' average for 2020 is a mean, 97.4444: shown to one decimal place.
    values = next(df.value for df in at.dataframe if "Basis" in df.value.columns)["Value"]
    assert 97.4 in set(values) and (values == values.round(1)).all()


def test_kpi_card_for_eet_at_19_shows_the_benchmarks() -> None:
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_kpi", "eet_19")
    shown = texts(at)
    assert any(t.startswith("**Higher is better.** EET at 19 is 44%, 26 points below the 70% target") for t in shown)
    # Hand calculation, LAIT 2023 against Table 2's 2022-23 Q4 EET at 19 (50%): 50 - 56 = -6.
    assert any(
        "6 points below England, all ages (LAIT) (56%)" in t and "8.5 points below Statistical neighbours, all ages (LAIT) (58.5%)" in t
        for t in shown
    )
    bench = at.dataframe[-1].value
    assert bench.set_index("Area").loc["Statistical neighbours", "Value"] == 58.5
    assert "Download the benchmarks (CSV)" in downloads(at)
    assert ":red-badge[Outside tolerance ↓]" in shown


def test_kpi_card_period_select_shows_the_first_period_without_a_previous_value() -> None:
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_period", "2020-21 Q4")
    # Table 2, KIT 2020-21 Q4: 96.5%, the first period.
    assert [(m.label, m.value) for m in at.metric][0] == ("Actual, 2020-21 Q4", "96.5%")
    assert "The first published period: there is no previous value." in texts(at)
    assert ys(specs(at)[0]["data"][-1]) == [96.5]


def test_kpi_card_shows_one_measure_on_two_bases_side_by_side() -> None:
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_kpi", "eet_19_21")
    # Its own basis (the snapshot, Table 2's 50% at 2023-24 Q2) beside the birthday window.
    labels = [m.label for m in at.metric]
    assert "Its own basis: Snapshot" in labels and "Other basis: Birthday window" in labels
    assert dict((m.label, m.value) for m in at.metric)["Its own basis: Snapshot"] == "50.0%"
    assert any(t.startswith("Computed from the records on its own basis (snapshot), EET 19-21 comes to 50.0%") and "They differ because" in t for t in texts(at))
    set_and_run(at, "radio", "cards_basis", "rolling_12_months")
    assert "Other basis: Rolling 12 months" in [m.label for m in at.metric]


# --- Other packs: the second authority, a minimal pack, a pack with returns from 2014 -------------

@pytest.fixture(scope="module")
def pack_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Pack name -> (pack folder, its store), each built here from its pack."""
    root = tmp_path_factory.mktemp("kpi_packs")
    # One KPI, one period, no kpi_periods.csv (derived from the value's label), no published tables.
    minimal = minimal_pack(root / "tiny", name="Tiny")
    empty = minimal_pack(root / "empty", name="Empty")
    (empty / "kpi_values.csv").unlink()
    # The reference pack with returns from 2015-16 Q4, years before its synthetic records start (April 2020).
    early = root / "early"
    shutil.copytree(config.PACKS_DIR / "lincolnshire", early)
    kpi_ids = [k.kpi_id for k in config.load(early).kpis]
    with (early / "kpi_periods.csv").open("a", encoding="utf-8") as f:
        f.write("2015-16 Q4,2016-03-31,2016-04-01,Q4 JET data,test: an early return\n")
    with (early / "kpi_values.csv").open("a", encoding="utf-8") as f:
        f.writelines(f"{k},2015-16 Q4,80,test: an early return\n" for k in kpi_ids)
    out = {}
    fixture = Path(__file__).parent / "fixtures" / "packs" / "minimal"
    packs = (("northshire", config.PACKS_DIR / "northshire"), ("tiny", minimal), ("empty", empty), ("early", early), ("minimal", fixture))
    for name, folder in packs:
        path = root / f"{name}.duckdb"
        build.build(path, config=config.load(folder))
        out[name] = (folder, path)
    return out


def use_pack(pack_stores: dict[str, tuple[Path, Path]], name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, path = pack_stores[name]
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(config.CONFIG_ENV, str(folder))
    st.cache_data.clear()


KPI_PAGES = ["pages/10_Exceptions.py", "pages/11_Performance.py", "pages/12_KPI_cards.py"]


@pytest.mark.parametrize("script", KPI_PAGES)
@pytest.mark.parametrize("pack", ["northshire", "tiny", "early"])
def test_kpi_pages_render_for_every_pack_with_only_its_own_words(pack: str, script: str, pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, pack, monkeypatch)
    at = open_page(script)
    shown = " ".join(texts(at) + [h.value for h in at.header] + titles(at))
    if pack != "early":
        assert "Lincolnshire" not in shown and "Commissioning Plan" not in shown and "LAIT" not in shown


@pytest.mark.parametrize("script", KPI_PAGES)
def test_a_pack_without_values_says_what_is_missing_and_how_to_load_it(script: str, pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "empty", monkeypatch)
    at = open_page(script)
    message = at.info[-1].value
    assert message.startswith("No KPI values are loaded for this authority. Add kpi_values.csv")
    # It names the pack's own folder, wherever the pack lives.
    assert f"pack folder {pack_stores['empty'][0]}" in message and "Data page" in message
    assert not at.get("plotly_chart")


def test_the_minimal_pack_shows_its_one_kpi_at_its_one_period(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "tiny", monkeypatch)
    at = open_page("pages/11_Performance.py")
    table = tables(at)[0].set_index("KPI")
    # kpi_values.csv of the test pack: 88 against 90 ± 5 is within tolerance; the first period, no arrow.
    assert table.loc["In touch", "2024-25 Q1"] == "88% Within"
    assert "**0 of 1 KPI are outside tolerance at 2024-25 Q1; 0 are on target.**" in texts(at)
    cards = open_page("pages/12_KPI_cards.py")
    assert [(m.label, m.value) for m in cards.metric][:2] == [("Actual, 2024-25 Q1", "88%"), ("Target", "90%")]
    assert "The first published period: there is no previous value." in texts(cards)
    # No DfE code and no comparators in this pack: nothing national to set its KPI against.
    assert any("There is no national version of this KPI: it is defined locally" in t for t in texts(cards))
    exceptions = open_page("pages/10_Exceptions.py")
    assert exceptions.markdown[1].value == (
        "**At 2024-25 Q1, 0 of 1 KPI are not achieved and 1 is achieved. This is the first published period, so there is "
        "no direction of travel.**"
    )


def test_returns_from_before_the_records_start_do_not_break_the_pages(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "early", monkeypatch)
    at = set_and_run(open_page("pages/11_Performance.py"), "selectbox", "performance_period", "2015-16 Q4")
    assert [c for c in tables(at)[0].columns if "Q" in c] == ["2015-16 Q4"]
    # No synthetic snapshot before April 2020: the charts show the published value alone.
    assert ys(specs(at)[0]["data"][-1]) == [80]
    set_and_run(at, "toggle", "performance_spc", True)
    cards = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_period", "2015-16 Q4")
    assert [(m.label, m.value) for m in cards.metric][0] == ("Actual, 2015-16 Q4", "80%")


def test_northshire_speaks_its_bands_and_marks_the_ungraded_value(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "northshire", monkeypatch)
    at = set_and_run(open_page("pages/10_Exceptions.py"), "selectbox", "exceptions_period", "Jan-24")
    # config/authorities/northshire: NEET 19-21 was 32.5% in Jan-24, between Good and Requires improvement.
    assert "Ungraded: between two bands (1)" in [h.value for h in at.header]
    assert at.radio(key="exceptions_vocabulary").options == ["Achieved / Not achieved", "Each KPI's own grades (tolerance or bands)"]
    set_and_run(at, "radio", "exceptions_vocabulary", "tolerance")
    statuses = set().union(*(set(df["Status"]) for df in tables(at)))
    assert "Ungraded" in statuses and "Good" not in statuses  # Jan-24: the one banded KPI is ungraded
    perf = set_and_run(open_page("pages/11_Performance.py"), "selectbox", "performance_period", "Dec-23")
    table = tables(perf)[0].set_index("KPI")
    assert table.loc["NEET 19-21", "Dec-23"] == "33% ↑ Requires improvement"
    assert table.loc["NEET 19-21", "Status"] == "Requires improvement"
    neet = next(s for s in specs(perf) if s["layout"]["title"]["text"].startswith("NEET 19-21"))
    # The four bands shade the chart under their own names, the gap between them left unshaded.
    assert [n for n in trace_names(neet) if n.startswith(("Inadequate", "Requires", "Good", "Outstanding"))] == [
        "Inadequate: at least 40%", "Requires improvement: at least 33 and below 40%",
        "Good: at least 25 and at most 32% (achieved)", "Outstanding: below 25% (achieved)",
    ]


def test_northshire_draws_all_six_comparators_and_its_returned_kpi(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "northshire", monkeypatch)
    at = set_and_run(open_page("pages/12_KPI_cards.py"), "selectbox", "cards_kpi", "eet_19_21")
    names = trace_names(specs(at)[0])
    # comparators.csv: six areas for EET 19-21 and one for EET as a whole; every one drawn and in the legend.
    for name in ["England, DfE annual birthday window", "North Region, DfE annual birthday window",
                 "Statistical neighbours, DfE annual birthday window", "Eastmoor, provider monthly return (Mar-23)",
                 "Southfen, provider monthly return (Mar-23)", "Westdale, provider monthly return (Mar-23)"]:
        assert name in names
    assert len(set(at.dataframe[-1].value["Area"])) == 6
    card = set_and_run(at, "selectbox", "cards_kpi", "personal_adviser")
    definition = next(t for t in texts(card) if t.startswith("- **In full:**"))
    assert "none: a value the provider returns" in definition
    assert [(m.label, m.value) for m in card.metric][0] == ("Actual, Mar-24", "97%")


def test_the_minimal_fixture_pack_one_kpi_one_value_on_every_kpi_page(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "minimal", monkeypatch)
    # tests/fixtures/packs/minimal: In touch, 88% at 2024-25 Q1 against 90 ± 5, no records.
    perf = set_and_run(open_page("pages/11_Performance.py"), "toggle", "performance_spc", True)
    assert tables(perf)[0].set_index("KPI").loc["In touch", "Status"] == "Within tolerance"
    # One value: the trend chart shows it, labelled; SPC says in words why there is no chart.
    assert len(perf.get("plotly_chart")) == 1
    labels = [a["text"] for a in specs(perf)[0]["layout"]["annotations"] if a.get("name") == "latest"]
    assert labels == ["<b>88%</b><br>Within tolerance"]
    assert specs(perf)[0]["layout"]["yaxis"]["range"][1] <= 100
    assert [i.value for i in perf.info] == ["In touch has only one value up to 2024-25 Q1: there is nothing to chart over time yet."]
    cards = open_page("pages/12_KPI_cards.py")
    assert cards.header[0].value == "In touch"
    assert at_least_one_chart_with_its_text_alternative(cards)
    exceptions = open_page("pages/10_Exceptions.py")
    assert tables(exceptions)[0]["KPI"].tolist() == ["In touch"]
    assert at_least_one_chart_with_its_text_alternative(exceptions)


def at_least_one_chart_with_its_text_alternative(at: AppTest) -> bool:
    charts = at.get("plotly_chart")
    return bool(charts) and all(c.proto.alt for c in charts) and len(at.dataframe) >= len(charts)


def test_northshire_spc_reads_its_monthly_returns_and_short_synthetic_series(pack_stores, monkeypatch) -> None:
    use_pack(pack_stores, "northshire", monkeypatch)
    at = set_and_run(open_page("pages/11_Performance.py"), "toggle", "performance_spc", True)
    verdicts = [t for t in texts(at) if t.startswith("**Variation.**")]
    # Synthetic snapshots from 1 April 2021 to 1 April 2024: 13 quarters, too few for limits.
    assert sum(v.startswith("**Variation.** Only 13 quarters up to Mar-24") for v in verdicts) == 7
    # Personal Adviser has no record-level rule: its 35 monthly returns (Aug-22 and Sep-22 missing)
    # are charted, and its latest month (97%) lies above the limits, so no assurance is claimed.
    adviser = next(v for v in verdicts if "latest month" in v)
    assert "**Assurance.** No assurance: the latest month (97.0%) lies above the process limits" in adviser
    assert "can be expected to meet" not in adviser
    # Two KPIs have a suppressed quarter: no chart, and the reason.
    assert sum("are suppressed" in i.value for i in at.info) == 2
    for spec in specs(at):
        assert spec["layout"]["yaxis"]["range"][1] <= 100
