"""Briefing pack: the scrutiny committee's printed pack, previewed section by section and downloaded
as one HTML file that opens and prints with no network."""

import urllib.parse

import streamlit as st

import ui
from analytics import briefing, config, scenarios
from analytics.export import download_name, to_csv_bytes
from analytics.performance import missing_values_text
from report import briefing_html
from ui import charts, data_briefing
from ui.downloads import CSV, HTML, PNG, deferred_download
from ui.safe import md
from viz import figures

ui.page_setup("Briefing pack")

SHORT_TABLE_ROWS = 12


def show_block(block: briefing.Block, section_id: str, index: int, *, png: bool) -> None:
    key = f"briefing_{section_id}_{index}"
    if isinstance(block, briefing.Findings):
        st.markdown("\n".join(f"{n}. {md(item)}" for n, item in enumerate(block.items, 1)))
    elif isinstance(block, briefing.Table):
        if block.rag:
            st.html(data_briefing.status_table(period, chosen, scenario_link, section_id, index))
        else:
            st.caption(md(block.caption))
            # As it prints, its first column heading each row: a short table whole, a long one scrolling.
            frame = block.frame.set_index(block.frame.columns[0])
            if len(block.frame) <= SHORT_TABLE_ROWS:
                st.table(frame)
            else:
                st.dataframe(frame, width="stretch")
        deferred_download(
            "Download this table (CSV)", lambda: to_csv_bytes(block.frame), download_name("briefing", block.name, period), CSV, key=f"{key}_csv",
        )
    elif isinstance(block, briefing.Chart):
        charts.show(data_briefing.chart(period, chosen, scenario_link, block.chart_id), key=key)
        st.caption(f"**Text alternative:** {md(block.alt)}")
        name = block.chart_id.removeprefix("fig-")
        csv_col, png_col = st.columns(2)
        with csv_col:
            deferred_download(
                "Download this chart's figures (CSV)", lambda: to_csv_bytes(block.data), download_name("briefing", name, period),
                CSV, key=f"{key}_csv",
            )
        if png:
            with png_col:
                deferred_download(
                    "Download this chart as an image (PNG)", lambda: figures.to_png(briefing_html.figure(block)),
                    download_name("briefing", name, period, "png"), PNG, key=f"{key}_png",
                )
    elif block.style == "title":
        st.markdown(f"### {md(block.text)}")
    elif block.style == "notice":
        st.info(f"**{md(block.lead)}** {md(block.text)}", icon=":material/science:")
    elif block.style in ("authority", "meta", "note"):
        st.caption(md(block.text))
    else:
        st.markdown(md(block.text))


st.title("Scrutiny briefing pack")
st.markdown(
    "A pack for scrutiny committee members to read before the meeting: each section opens with its findings in plain "
    "words, then the chart or table behind them. Choose the period and the sections, check the preview below, then "
    "download one HTML file to email or print. It opens with no internet connection and prints on A4, one section a page."
)

PLAN = config.load().wording.plan
periods = data_briefing.periods()
if not periods:
    st.warning(missing_values_text(), icon=":material/folder_off:")
    st.stop()
period_col, sections_col = st.columns([1, 3])
period = period_col.selectbox("KPI period", periods, index=len(periods) - 1, key="briefing_period")
picked = sections_col.multiselect(
    "Sections", briefing.CHOOSABLE, default=list(briefing.CHOOSABLE), format_func=briefing.SECTION_TITLES.get, key="briefing_sections",
    help="The words used (what EET, UASC and the like mean) end every pack.",
)
# A link from the Scenarios page carries its assumptions as query parameters; the Briefing page's
# own link wraps them in one 'scenario' parameter.
linked = st.query_params.get("scenario") or urllib.parse.urlencode({k: v for k, v in st.query_params.items() if k in scenarios.SPECS})
scenario_link = st.text_input(
    "Commissioning scenario", value=linked, key="briefing_scenario",
    placeholder=f"Blank: the {PLAN}'s own assumptions. Or paste the address of a scenario from the Scenarios page.",
    help="The scenario sets the projection, caseloads and costs in 'The commissioning scenario' and 'Projection comparison'.",
)
chosen = tuple(s for s in briefing.SECTIONS if s in picked)
if not chosen:
    st.warning("Choose at least one section to preview and download the pack.")
    st.stop()

ctx, built = data_briefing.sections(period, chosen, scenario_link)
changed = data_briefing.changes(ctx)
if changed:
    st.caption(
        f"Scenario: {len(changed)} assumption{'s differ' if len(changed) != 1 else ' differs'} from the {PLAN}'s ("
        + "; ".join(f"{c.label}: {c.scenario}" for c in changed) + ")."
    )
elif ctx.scenario is None:
    st.caption("Scenario: none. The authority's pack has no scenario evidence, so the scenario sections say what is missing.")
else:
    st.caption(f"Scenario: the {PLAN}'s own assumptions.")
if ctx.ignored:
    st.warning("Left out of the scenario link as not valid: " + ", ".join(md(item) for item in ctx.ignored), icon=":material/link_off:")
# The page's own address carries the scenario in one parameter, so a shared link opens the same
# pack and a cleared box does not bring back the Scenarios page's parameters it arrived with.
address = {"scenario": ctx.scenario_query} if ctx.scenario_query else {}
if st.query_params.to_dict() != address:
    st.query_params.from_dict(address)
browser = figures.image_browser()

deferred_download(
    "Download the briefing pack (HTML)", lambda: briefing_html.render_html(ctx, built), briefing.file_name(ctx.authority, ctx.period),
    HTML, type="primary", icon=":material/download:", key="briefing_download",
)
if browser:
    st.caption(
        "Open the file in any browser and print it, or save it as PDF: each section prints on one A4 page. "
        "Each chart below can also be downloaded as a PNG image."
    )
else:
    st.caption(
        "Open the file in any browser and print it, or save it as PDF. This server has no Chrome or Chromium to draw "
        "charts as images, so the pack's charts are interactive (a larger file, about 5 MB, slower to open) and none "
        "can be downloaded as a PNG."
    )

st.divider()
st.caption(f"Preview: {len(built)} of {len(briefing.SECTIONS)} sections. A long table scrolls here; the downloaded pack prints every row.")
for section in built:
    with st.container(border=True):
        if section.section_id != "cover":
            st.header(section.title)
        for index, block in enumerate(section.blocks):
            show_block(block, section.section_id, index, png=browser is not None)
