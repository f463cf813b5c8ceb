"""Shared page furniture: every page calls ``page_setup`` first.

It sets the page config, draws our own menu of ``st.page_link``s grouped by audience (the automatic
sidebar menu is hidden in ``.streamlit/config.toml``), and says when record-level figures come from
synthetic data.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analytics.db import StoreMissingError
from ui import data

APP_DIR = Path(__file__).resolve().parent.parent
APP_NAME = "Leaving Care Insight"
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
            ("pages/22_Keeping_in_touch.py", "Keeping in touch and Pathway Plans", ":material/handshake:"),
        ],
    ),
    (
        "Cohort · who the service supports",
        [
            ("pages/30_Cohort.py", "Cohort", ":material/groups:"),
            ("pages/31_UASC.py", "Former UASC", ":material/public:"),
        ],
    ),
    ("Commissioning", [("pages/40_Scenarios.py", "Scenarios: cohort, workers, budget", ":material/tune:")]),
    ("Scrutiny committee", [("pages/50_Briefing.py", "Briefing pack", ":material/description:")]),
    (
        "Data",
        [
            ("pages/80_Data.py", "Load your own data", ":material/upload_file:"),
            ("pages/90_Sources.py", "Sources and definitions", ":material/menu_book:"),
        ],
    ),
]


def _menu() -> None:
    with st.sidebar:
        st.markdown(f"### {APP_NAME}")
        for group, links in MENU:
            present = [link for link in links if (APP_DIR / link[0]).exists()]
            if present:
                st.caption(group)
            for script, label, icon in present:
                st.page_link(script, label=label, icon=icon)


def _synthetic_notice() -> None:
    info = data.build_info()
    if info.synthetic:
        st.info(
            "**Synthetic record-level data.** Published figures are from the 2024 Commissioning Plan; "
            "breakdowns of individual care leavers are generated, calibrated to those figures, and "
            "describe no real young person.",
            icon=":material/science:",
        )


def page_setup(title: str, icon: str) -> None:
    st.set_page_config(page_title=f"{title} · {APP_NAME}", page_icon=icon, layout="wide")
    _menu()
    try:
        _synthetic_notice()
    except StoreMissingError as exc:
        st.error(f"{exc}")
        st.stop()
