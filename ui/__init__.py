"""Shared page furniture: every page calls ``page_setup`` first.

It sets the page config, draws our own menu of ``st.page_link``s grouped by audience (the automatic
sidebar menu is hidden in ``.streamlit/config.toml``), and says when record-level figures come from
synthetic data.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from analytics import config
from analytics.db import StoreMissingError
from ui import data

APP_DIR = Path(__file__).resolve().parent.parent
APP_NAME = "Leaving Care Insight"
FAVICON = str(APP_DIR / ".streamlit" / "static" / "favicon.png")
# Status is never colour alone: badges carry the label and arrow too.
STATUS_BADGE = {"green": "green", "amber": "orange", "red": "red"}

# (group, [(script, label, icon)]) in menu order; a group is named for who it is for. A page whose
# script is absent (an authority that removed it) is left out; tests check every page is listed.
MENU: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Start here", [("app.py", "Overview", ":material/home:")]),
    (
        "Performance · leadership team",
        [
            ("pages/10_Exceptions.py", "Exceptions", ":material/priority_high:"),
            ("pages/11_Performance.py", "KPI performance", ":material/monitoring:"),
            ("pages/12_KPI_cards.py", "KPI cards", ":material/style:"),
            ("pages/20_EET.py", "Education, employment, training", ":material/school:"),
            ("pages/21_Accommodation.py", "Accommodation", ":material/home_work:"),
            ("pages/22_Keeping_in_touch.py", "Keeping in touch, Pathway Plans", ":material/handshake:"),
        ],
    ),
    (
        "Cohort · who the service supports",
        [
            ("pages/30_Cohort.py", "Cohort", ":material/groups:"),
            ("pages/31_UASC.py", "Former UASC", ":material/public:"),
        ],
    ),
    ("Commissioning", [("pages/40_Scenarios.py", "Scenarios: cohort, LCWs, budget", ":material/tune:")]),
    ("Scrutiny committee", [("pages/50_Briefing.py", "Briefing pack", ":material/description:")]),
    ("National comparison", [("pages/60_Benchmark.py", "Benchmark: neighbours, England", ":material/leaderboard:")]),
    (
        "Data",
        [
            ("pages/80_Data.py", "Load your own data", ":material/upload_file:"),
            ("pages/90_Sources.py", "Sources and definitions", ":material/menu_book:"),
        ],
    ),
]


@functools.cache
def _menu_pages() -> tuple[tuple[str, tuple[st.Page, ...]], ...]:
    """The menu's pages, built once per process inside the first run (``st.Page`` needs one). Given a
    script path instead, ``st.page_link`` resolves it on disk for every link at every rerun (about
    0.5 ms a rerun, a quarter of what the menu costs); the links it sends are the same."""
    return tuple(
        (group, pages)
        for group, links in MENU
        if (pages := tuple(
            st.Page(APP_DIR / script, title=label, icon=icon, default=script == "app.py")
            for script, label, icon in links if (APP_DIR / script).exists()
        ))
    )


def _menu() -> None:
    # The app's name and the group names are bold text, not headings: the sidebar comes first on the
    # page, and a heading there would stand above each page's own h1. Body-coloured, not captions:
    # a caption's grey is 3.8:1 on the sidebar, under the 4.5:1 text needs.
    with st.sidebar:
        st.markdown(f"**{APP_NAME}**")
        for group, pages in _menu_pages():
            st.markdown(f":small[**{group}**]")
            for page in pages:
                st.page_link(page)


def _synthetic_notice(cfg: config.AuthorityConfig) -> None:
    info = data.build_info()
    if info.synthetic:
        st.info(
            f"**Synthetic record-level data.** Published figures are from {cfg.wording.evidence_short}; "
            "breakdowns of individual care leavers are generated, calibrated to those figures, and "
            "describe no real young person.",
            icon=":material/science:",
        )


def page_setup(title: str) -> None:
    """Page config, our menu and the synthetic-data notice. Every tab shows the app's own favicon,
    served by this server: a page's Material icon (as in the menu) would be fetched from a font CDN."""
    st.set_page_config(page_title=f"{title} · {APP_NAME}", page_icon=FAVICON, layout="wide")
    _menu()
    try:
        _synthetic_notice(config.load())
    except config.ConfigError as exc:
        # A bad pack is the user's to fix: say what is wrong with it, not where the code noticed.
        st.error(f"**The authority pack cannot be read.** {exc}", icon=":material/error:")
        st.stop()
    except StoreMissingError as exc:
        st.error(f"{exc}")
        st.stop()


def require_evidence(what: str, tables: tuple[str, ...] | list[str], figure_ids: tuple[str, ...] | list[str] = (), *, stop: bool = True) -> bool:
    """Say which evidence ``what`` needs that the pack lacks, and how to provide it; True when all is there.

    With ``stop`` the page ends after the message, so nothing below it draws another authority's
    figures or fails on an empty table."""
    missing = data.missing_evidence(tuple(tables), tuple(figure_ids))
    if not missing:
        return True
    cfg = config.load()
    st.warning(
        f"**{what} needs evidence the {cfg.short_name} pack does not have.**\n\n"
        + missing.message(cfg, synthetic_possible=cfg.synthetic is None),
        icon=":material/folder_off:",
    )
    if stop:
        st.stop()
    return False
