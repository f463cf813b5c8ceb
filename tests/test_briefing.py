"""The briefing pack: every section, self-contained, readable without colour, and accessible.
``analytics.briefing`` gives the content as data; ``report.briefing_html`` draws and prints it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analytics import briefing, uasc
from report import briefing_html
from viz import figures
from viz import scenarios as scenario_figures
from viz.theme import BAND_FILL, NEUTRAL_COLOUR, PALETTE, PUBLISHED_COLOUR, STATUS_COLOURS

OCT_2023 = dt.date(2023, 10, 1)


@pytest.fixture(scope="module")
def pack() -> str:
    return briefing_html.build_pack(period="2023-24 Q2")


@pytest.fixture(scope="module")
def sections() -> list[briefing.Section]:
    return briefing.build_sections(briefing.context("2023-24 Q2"))


def findings_of(section: briefing.Section) -> list[str]:
    return [item for block in section.blocks if isinstance(block, briefing.Findings) for item in block.items]


def test_pack_has_every_section(pack: str) -> None:
    for section in briefing.SECTIONS:
        assert f"id='{section}'" in pack, section
    for title in briefing.SECTION_TITLES.values():
        assert title in pack


def test_pack_states_published_findings(pack: str) -> None:
    # Commissioning Plan Table 2, 2023-24 Q2: EET 19-21 50% against 65%, falling 59 -> 56 -> 50.
    assert "15 points below the 65% target and outside tolerance; it has fallen in each of the last two periods" in pack
    assert "Synthetic record-level data" in pack


def test_period_2023_24_q2_reads_the_cohort_at_october_2023(sections: list[briefing.Section]) -> None:
    # The quarter ends 30 Sep 2023; its snapshot is the ChAT date of Commissioning Plan 4.1: 936 care leavers.
    assert briefing.context("2023-24 Q2").snapshot_date == OCT_2023
    cohort = next(s for s in sections if s.section_id == "cohort")
    assert findings_of(cohort)[0] == (
        "The care-leaver cohort has grown by 215 (+29.8%) since 1 April 2020, to 936 care leavers as at 1 October 2023."
    )
    # Table 6 / footnote 23: 394 aged 21-24 and 73 'Other' aged 25, so 467 of 936 are 21 or over.
    assert "50% of care leavers (467 of 936) are aged 21 or over." in findings_of(cohort)


def test_former_uasc_section_against_the_published_figures(sections: list[briefing.Section]) -> None:
    section = next(s for s in sections if s.section_id == "uasc")
    text = " ".join(findings_of(section))
    # Table 5: 37% of 17-year-olds are former UASC, the highest of any age.
    assert "At Oct 2023, 37% of 17-year-old care leavers are former UASC, the highest share of any age." in text
    # Section 4.1: +40% from December 2021 to October 2023, and c.25% of the cohort, 30%+ by 2025.
    assert "the report quotes +40% from Dec 2021 to Oct 2023" in text
    assert "the report puts it at c.25% and expects 30%+ by 2025" in text
    # Section 4.1 and footnote 19: 89 UASC in care against a threshold of 144, so 55 of headroom.
    assert "89 UASC in care is 55 below the NTS threshold of 144" in text
    nts = next(b for b in section.blocks if isinstance(b, briefing.Table)).frame.set_index("Measure")["Value"]
    assert nts.tolist() == ["89", "144", "55", "62%"]  # 89 / 144 = 61.8%
    share = next(b for b in section.blocks if isinstance(b, briefing.Chart) and b.chart_id == "fig-uasc-age")
    assert "age 17: 37% (published 37%)" in share.alt


def test_former_uasc_small_counts_are_suppressed(monkeypatch: pytest.MonkeyPatch) -> None:
    real = uasc.share_by_age

    def few_at_25(snapshot_date: dt.date) -> pd.DataFrame:
        frame = real(snapshot_date)
        frame.loc[frame["age"] == 25, ["care_leavers", "former_uasc"]] = [40, 3]
        frame.loc[frame["age"] == 25, "percent"] = 7.5
        return frame

    monkeypatch.setattr(uasc, "share_by_age", few_at_25)
    section = briefing.build_sections(briefing.context("2023-24 Q2"), ("uasc",))[0]
    chart = next(b for b in section.blocks if isinstance(b, briefing.Chart) and b.chart_id == "fig-uasc-age")
    assert "age 25: c" in chart.alt and "7.5" not in chart.alt and "8%" not in chart.alt.split("age 25")[1]
    row = chart.data.set_index("Age (years)").loc[25]
    assert row["Former UASC"] == "c" and row["Former UASC (%)"] == "c"
    # The bar for age 25 is drawn at nothing and labelled c, never 3 or 8%.
    bars = briefing_html.figure(chart).data[0]
    assert list(bars.text)[-1] == "c" and list(bars.y)[-1] == 0
    # Secondary suppression: with one age hidden, the next smallest is hidden too.
    assert sum(value == "c" for value in chart.data["Former UASC"]) == 2


def test_pack_rag_cells_carry_labels_not_only_colour(pack: str) -> None:
    cells = re.findall(r"<td class='rag rag-(\w+)'>([^<]+)</td>", pack)
    assert len(cells) == 8
    assert {label for _, label in cells} == {"On target", "Within tolerance", "Outside tolerance"}
    assert {(rag, label) for rag, label in cells} == {("green", "On target"), ("amber", "Within tolerance"), ("red", "Outside tolerance")}
    arrows = re.findall(r"<td class='arrow'><span aria-hidden='true'>(.)</span> (\w[\w ]*)</td>", pack)
    assert len(arrows) == 8 and {a for a, _ in arrows} <= {"↑", "↓", "→", "↔"}


def test_pack_is_self_contained(pack: str) -> None:
    # No external script, stylesheet or image: it must open with no network.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=['\"]?(https?:)?//", pack)
    # With a browser to draw them, every chart is a static SVG named by its text alternative: no script at all.
    assert "<script" not in pack
    charts = re.findall(r'<svg id="(fig-[\w-]+)" role="img" aria-labelledby="(fig-[\w-]+)-alt"', pack)
    assert [a for a, _ in charts] == [b for _, b in charts] and len(charts) == pack.count("Text alternative:") == 6


def test_pack_is_under_two_megabytes(pack: str) -> None:
    # Issue 15: the pack was 4.9 MB (plotly.js alone is 4.6 MB); councillors open it from email.
    assert len(pack.encode("utf-8")) < 2_000_000


def test_every_chart_is_drawn_at_print_width_with_its_finding_as_title(pack: str, sections: list[briefing.Section]) -> None:
    widths = re.findall(r'<svg id="fig-[\w-]+"[^>]*? width="(\d+)"', pack)
    assert widths and set(widths) == {str(briefing_html.PRINT_WIDTH_PX)}
    # The finding is the chart's title, as text in the SVG (wrapped to the print width).
    kpi = next(c for s in sections for c in s.charts if c.chart_id == "fig-kpi")
    assert kpi.kwargs["title"] == "4 of 8 KPIs are outside tolerance at 2023-24 Q2; 2 are on target"
    assert "4 of 8 KPIs are outside tolerance at 2023-24 Q2" in re.sub(r"<[^>]+>", " ", pack)


def test_without_a_browser_the_charts_are_interactive_with_one_plotly_js(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "image_browser", lambda: None)
    pack = briefing_html.build_pack(period="2023-24 Q2", sections=("rag_table", "cohort"))
    assert pack.count("<script>") - pack.count("Plotly.newPlot") == 1  # plotly.js once, then one call per chart
    assert pack.count("Plotly.newPlot") == pack.count("Text alternative:") == 2
    layouts = re.findall(r'"layout":\{.*?"width":(\d+)', pack)
    assert layouts and set(layouts) == {str(briefing_html.PRINT_WIDTH_PX)}
    assert pack.count('"displayModeBar": false') == 2
    with pytest.raises(figures.NoBrowserError):
        briefing_html.build_pack(period="2023-24 Q2", sections=("cohort",), static=True)


def test_earlier_period_changes_the_table(pack: str) -> None:
    earlier = briefing_html.build_pack(period="2021-22 Q4", sections=("rag_table",))
    assert "2022-23 Q4" not in earlier and "2021-22 Q4" in earlier


def test_sections_come_in_pack_order_whatever_the_order_asked() -> None:
    built = briefing.build_sections(briefing.context(), ("sources", "cover", "uasc"))
    # The words used end every pack, chosen or not: the cover says they are there.
    assert [s.section_id for s in built] == ["cover", "uasc", "sources", "glossary"]


def test_unknown_section_or_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sections"):
        briefing_html.build_pack(sections=("cover", "gossip"))
    with pytest.raises(ValueError, match="unknown period"):
        briefing_html.build_pack(period="1999 Q1")


def test_file_name_names_the_authority_and_period() -> None:
    assert briefing.file_name("Lincolnshire County Council", "2023-24 Q2") == "lincolnshire-county-council-leaving-care-briefing-2023-24-q2.html"


def test_cli_writes_a_file_with_every_section(tmp_path: Path) -> None:
    out = tmp_path / "briefing.html"
    assert briefing_html.main(["--out", str(out), "--period", "2023-24 Q2", "--sections", "cover,sources"]) == 0
    text = out.read_text(encoding="utf-8")
    assert all(f"id='{s}'" in text for s in ("cover", "sources"))
    # `python -m analytics.briefing` is the same command, for scripts written before the drawing moved.
    older = tmp_path / "older.html"
    assert briefing.main(["--out", str(older), "--period", "2023-24 Q2", "--sections", "cover,sources"]) == 0
    assert older.read_text(encoding="utf-8") == text


def test_cli_refuses_an_unknown_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert briefing.main(["--out", str(tmp_path / "x.html"), "--sections", "cover,gossip"]) == 2
    assert "unknown sections" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


# --- Accessibility: WCAG 2.1 contrast ------------------------------------------------------------


contrast = figures.contrast_ratio


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    # WCAG's own end points, and the Okabe-Ito orange that fails as text (hand-checked with the formula).
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54), ("#E69F00", "#ffffff", 2.25)],
)
def test_contrast_formula(foreground: str, background: str, expected: float) -> None:
    assert contrast(foreground, background) == pytest.approx(expected, abs=0.01)


def test_every_text_colour_in_the_pack_meets_aa_on_every_background() -> None:
    text_colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", briefing_html.CSS))
    backgrounds = set(re.findall(r"background:\s*(#[0-9a-fA-F]{6})", briefing_html.CSS))
    assert {"#1f1f1f", "#3a3a3a"} <= text_colours
    assert set(briefing_html.RAG_BACKGROUND.values()) <= backgrounds and len(backgrounds) >= 5
    for text in text_colours:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (text, background, round(contrast(text, background), 2))


def test_status_cells_on_the_page_meet_aa_with_streamlit_text() -> None:
    # Streamlit's light theme draws table text in #31333F.
    for background in briefing_html.RAG_BACKGROUND.values():
        assert contrast("#31333F", background) >= 4.5


def _font_colours(node: object) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("font", "textfont", "tickfont") and isinstance(value, dict) and isinstance(value.get("color"), str):
                found.append(value["color"])
            found += _font_colours(value)
    elif isinstance(node, list):
        for value in node:
            found += _font_colours(value)
    return found


def test_chart_text_meets_aa_and_marks_use_the_colour_blind_safe_palette(sections: list[briefing.Section]) -> None:
    safe = {c.lower() for c in (*PALETTE, *STATUS_COLOURS.values(), PUBLISHED_COLOUR, NEUTRAL_COLOUR, BAND_FILL, "#ffffff", "#1f1f1f")}
    charts = [chart for section in sections for chart in section.charts]
    assert len(charts) == 6
    checked = 0
    for chart in charts:
        spec = json.loads(briefing_html.figure(chart).to_json())
        # Layout text (titles, ticks, the source line) sits on white.
        layout_colours = _font_colours(spec["layout"]) + [a["font"]["color"] for a in spec["layout"].get("annotations", []) if "font" in a]
        for colour in layout_colours:
            assert contrast(colour, "#ffffff") >= 4.5, (chart.chart_id, colour)
        for trace in spec["data"]:
            fills = trace.get("marker", {}).get("color", [])
            fills = [fills] if isinstance(fills, str) else fills
            for colour in fills:
                assert colour.lower() in safe, (chart.chart_id, colour)
            # Text inside a bar sits on the bar's colour; any other trace text on white.
            text_colour = trace.get("textfont", {}).get("color")
            if text_colour:
                background = fills[0] if trace.get("textposition") == "inside" else "#ffffff"
                assert contrast(text_colour, background) >= 4.5, (chart.chart_id, text_colour, background)
                checked += 1
        checked += len(layout_colours)
    assert checked > 20


def test_readable_on_picks_the_text_colour_with_more_contrast() -> None:
    # Okabe-Ito blue takes white text (5.2:1); orange and green take near-black (7.3:1, 4.8:1).
    assert [figures.readable_on(c) for c in PALETTE[:3]] == ["#ffffff", "#1f1f1f", "#1f1f1f"]
    assert all(contrast(figures.readable_on(c), c) >= 4.5 for c in PALETTE[:5])


def test_status_markers_have_a_dark_outline_and_a_written_label(sections: list[briefing.Section]) -> None:
    # Amber and green fail 3:1 against white as fills, so each dot has a near-black ring and its label in words.
    kpi = briefing_html.figure(next(c for s in sections for c in s.charts if c.chart_id == "fig-kpi"))
    dots = next(t for t in kpi.data if t.name == "Value")
    assert contrast(dots.marker.line.color, "#ffffff") >= 3
    labels = [note.text for note in kpi.layout.annotations if note.name == "row"]
    assert len(labels) == 8
    assert all(re.search(r"(On target|Within tolerance|Outside tolerance) [↑↓→↔]", label) for label in labels)


def test_kpi_names_sit_above_their_bands_so_the_plot_keeps_a_phones_width(sections: list[briefing.Section]) -> None:
    kpi = briefing_html.figure(next(c for s in sections for c in s.charts if c.chart_id == "fig-kpi"))
    # Commissioning Plan Table 2, 2023-24 Q2: EET 16-18 was 44%, outside tolerance and worsening.
    assert "<b>EET 16-18</b><br>44% Outside tolerance ↓" in [note.text for note in kpi.layout.annotations]
    assert kpi.layout.yaxis.showticklabels is False and kpi.layout.margin.l <= 20


def test_printed_charts_take_the_print_width_with_the_finding_above_them(pack: str, sections: list[briefing.Section]) -> None:
    for chart in (c for s in sections for c in s.charts):
        fig = briefing_html.print_figure(chart)
        # The finding is set as text above the chart, where it wraps like any text; the plot keeps the width.
        assert fig.layout.width == briefing_html.PRINT_WIDTH_PX and not fig.layout.title.text
        assert f'<p class="chart-title" id="{chart.chart_id}-title">{html.escape(chart.kwargs["title"])}</p>' in pack


# --- The commissioning scenario and the projection comparison -----------------------------------


def test_published_scenario_reproduces_tables_6_12_and_16(sections: list[briefing.Section]) -> None:
    section = next(s for s in sections if s.section_id == "scenario")
    text = " ".join(findings_of(section))
    # Table 6: 1,003 by April 2025 (+7.1%); Table 12: 32.7 FTE (scenario 1), 43.2 (scenario 2).
    # (The sentences are analytics.scenarios' own; the pack checks their numbers.)
    assert all(figure in text for figure in ("1,003 care leavers", "+7.1%", "32.7 FTE", "43.2 FTE"))
    # Table 16: variances of -£370,266 (outsourced) and -£236,477 (insourced) once the UASC contribution is added.
    assert "£370,266" in text and "£236,477" in text
    lcws, budget = [b for b in section.blocks if isinstance(b, briefing.Table)]
    assert (lcws.frame["LCWs needed (FTE)"] == lcws.frame["Published (FTE)"]).all()  # the pack's Table 12
    assert lcws.frame["LCWs needed (FTE)"].tolist() == ["26.4", "6.3", "32.7", "43.2"]
    variance = budget.frame.set_index("Item").loc["Variance to budget once UASC contribution added"]
    assert variance.tolist() == ["−£370,266", "−£236,477", "−£370,266", "−£236,477"]
    chart = section.charts[0]
    assert chart.kwargs["title"] == "Option 2 In-sourced is £236,477 short of the budget, Option 1 Outsourced £370,266 short"


def test_projection_comparison_states_the_issue_example(sections: list[briefing.Section]) -> None:
    section = next(s for s in sections if s.section_id == "projections")
    items = findings_of(section)
    # The issue's example: Tables 6, 12 and 16 on the Corporate Performance projection.
    # Table 12 needs 32.7 FTE; Table 16 prices 33.0, whole posts (the Scenarios page's "costed" figure).
    assert items[0] == (
        "The Corporate Performance projection has 1,003 care leavers by April 2025 (+7.1%), needing 32.7 FTE of Leaving Care "
        "Workers under scenario 1, costed as 33.0 FTE of whole posts; Option 1 Outsourced leaves a shortfall of £370,266 and "
        "Option 2 In-sourced leaves a shortfall of £236,477."
    )
    assert items[1].startswith("The LAIT projection has 1,158 care leavers by April 2025 (+23.7%)")
    # Table 6 prints LAIT as 1,491 (+59.2%), which its own footnote's rates do not give.
    assert "The published LAIT column, 1,491 care leavers by April 2025 (+59.2%), cannot be rebuilt" in items[2]
    assert "This pack's scenario is the Corporate Performance projection" in items[3]
    table = next(b for b in section.blocks if isinstance(b, briefing.Table)).frame.set_index("Measure")
    assert list(table.columns) == ["Corporate Performance", "LAIT"]
    assert table.loc["Projected cohort"].tolist() == ["1,003", "1,158"]
    bars = {t.name: list(t.y) for t in briefing_html.figure(section.charts[0]).data if t.type == "bar"}
    # Oct 2023 ChAT 183 / 286 / 467, Corporate Performance 185 / 343 / 475, LAIT as printed 286 / 616 / 589.
    assert [bars[f"Aged {b}"][0] for b in ("16-17", "18-20", "21+")] == [183, 286, 467]
    assert [bars[f"Aged {b}"][1] for b in ("16-17", "18-20", "21+")] == [185, 343, 475]
    assert [bars[f"Aged {b}"][-1] for b in ("16-17", "18-20", "21+")] == [286, 616, 589]


def test_a_scenario_link_changes_the_scenario_sections() -> None:
    ctx = briefing.context("2023-24 Q2", scenario_query="caseload_16_20=18&bogus=1")
    assert ctx.scenario.caseload_16_20 == 18 and ctx.ignored == ("bogus=1",)
    assert ctx.scenario_query == "caseload_16_20=18"
    scenario, projections, _words = briefing.build_sections(ctx, ("scenario", "projections"))
    changed = next(b for b in scenario.blocks if isinstance(b, briefing.Table)).frame
    assert changed.to_dict("records") == [
        {"Assumption": "Scenario 1: caseload per LCW, aged 16-20", "Commissioning Plan": "20 per LCW", "This scenario": "18 per LCW"}
    ]
    assert any(isinstance(b, briefing.Text) and "bogus=1" in b.text for b in scenario.blocks)
    # 528 aged 16-20 at 18 per LCW is 29.33, plus 475 / 75 = 6.33: 35.7 FTE (hand calculation).
    assert "35.7 FTE" in " ".join(findings_of(scenario))
    items = findings_of(projections)
    assert any(item.startswith("The chosen scenario has 1,003 care leavers by April 2025 (+7.1%), needing 35.7") for item in items)
    table = next(b for b in projections.blocks if isinstance(b, briefing.Table)).frame
    assert list(table.columns) == ["Measure", "Corporate Performance", "LAIT", briefing.THIS_SCENARIO]


@pytest.mark.parametrize(
    ("query", "caseload", "method"),
    [
        ("", 20, "cohort-component"),
        ("caseload_16_20=18&method=growth-rate", 18, "growth-rate"),
        ("?caseload_16_20=18", 18, "cohort-component"),
        ("http://localhost:8501/Scenarios?caseload_16_20=18&method=growth-rate", 18, "growth-rate"),
        # The Briefing page's own address wraps the Scenarios page's query in one parameter.
        ("http://localhost:8501/Briefing?scenario=caseload_16_20%3D18%26method%3Dgrowth-rate", 18, "growth-rate"),
        ("caseload_16_20=banana", 20, "cohort-component"),
    ],
)
def test_parse_scenario_reads_every_form_of_link(query: str, caseload: float, method: str) -> None:
    scenario = briefing.parse_scenario(query).scenario
    assert (scenario.caseload_16_20, scenario.method) == (caseload, method)


def test_cli_with_a_scenario_writes_every_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "briefing.html"
    assert briefing.main(["--out", str(out), "--scenario", "method=growth-rate&caseload_16_20=18&bogus=1"]) == 0
    text = out.read_text(encoding="utf-8")
    assert all(f"id='{s}'" in text for s in briefing.SECTIONS)
    assert "The chosen scenario has 1,158 care leavers" in text and "18 per LCW" in text
    assert "ignored scenario parameter bogus=1" in capsys.readouterr().err


def test_projected_bands_below_five_are_suppressed_in_chart_table_and_csv() -> None:
    # No one joins for 6.5 years: by April 2030 everyone left is 21 or over, so 16-17 and 18-20 are 0.
    ctx = briefing.context("2023-24 Q2", scenario_query="arrivals_at_16=0&late_entrants=0&former_uasc=0&years=6.5")
    section = briefing.build_sections(ctx, ("projections",))[0]
    chart = section.charts[0]
    assert "This scenario (Apr 2030): 16-17 c, 18-20 c, 21+ 305" in chart.alt
    mine = chart.data[chart.data["Projection"] == "This scenario (Apr 2030)"].set_index("Age band")["Care leavers"]
    assert mine.tolist() == ["c", "c", "305"]
    labels = {t.name: list(t.text) for t in briefing_html.figure(chart).data if t.type == "bar"}
    assert labels["Aged 16-17"][3] == "" and labels["Aged 18-20"][3] == ""
    table = next(b for b in section.blocks if isinstance(b, briefing.Table)).frame.set_index("Measure")
    assert table.loc[["Aged 16-17", "Aged 18-20"], briefing.THIS_SCENARIO].tolist() == ["c", "c"]


def test_one_small_band_hides_the_next_smallest_and_the_chart_still_reaches_its_total() -> None:
    shown = briefing._shown_bands(pd.Series({"16-17": 3, "18-20": 40, "21+": 300}), ("16-17", "18-20", "21+"))
    assert shown == {"16-17": None, "18-20": None, "21+": 300.0}
    fig = scenario_figures.stacked_projection(["A"], {"Aged 16-17": [None], "Aged 18-20": [None], "Aged 21+": [300.0]}, [343.0],
                                     title="t", y_title="y", source="s", as_at="now")
    grey = next(t for t in fig.data if t.name == "Small numbers, not shown (c)")
    assert list(grey.y) == [43.0] and list(grey.text) == ["c"]
