"""The briefing pack: every section, self-contained, and readable without colour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics import briefing


@pytest.fixture(scope="module")
def pack() -> str:
    return briefing.build_pack(period="2023-24 Q2")


def test_pack_has_every_section(pack: str) -> None:
    for section in briefing.SECTIONS:
        assert f"id='{section}'" in pack, section
    assert "Headline findings" in pack and "Sources of every figure" in pack


def test_pack_states_published_findings(pack: str) -> None:
    # Commissioning Plan Table 2, 2023-24 Q2: EET 19-21 50% against 65%, falling 59 -> 56 -> 50.
    assert "15 points below the 65% target and outside tolerance; it has fallen in each of the last two periods" in pack
    assert "Synthetic record-level data" in pack


def test_pack_rag_cells_carry_labels_not_only_colour(pack: str) -> None:
    cells = re.findall(r"<td class='rag rag-(\w+)'>([^<]+)</td>", pack)
    assert len(cells) == 8
    assert {label for _, label in cells} == {"On target", "Within tolerance", "Outside tolerance"}


def test_pack_is_self_contained(pack: str) -> None:
    # No external script, stylesheet or image: it must open with no network.
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=['\"]?https?:", pack)
    assert "Plotly.newPlot" in pack
    assert pack.count("Text alternative:") == pack.count("Plotly.newPlot")


def test_earlier_period_changes_the_table(pack: str) -> None:
    earlier = briefing.build_pack(period="2021-22 Q4", sections=("rag_table",))
    assert "2022-23 Q4" not in earlier and "2021-22 Q4" in earlier


def test_unknown_section_or_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sections"):
        briefing.build_pack(sections=("cover", "gossip"))
    with pytest.raises(ValueError, match="unknown period"):
        briefing.build_pack(period="1999 Q1")


def test_cli_writes_a_file_with_every_section(tmp_path: Path) -> None:
    out = tmp_path / "briefing.html"
    assert briefing.main(["--out", str(out), "--period", "2023-24 Q2"]) == 0
    text = out.read_text(encoding="utf-8")
    assert all(f"id='{s}'" in text for s in briefing.SECTIONS)
