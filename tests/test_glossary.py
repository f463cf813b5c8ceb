"""The words a councillor meets, explained once: ours, and an authority's own from its pack."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from analytics import briefing, config, glossary

ROOT = Path(__file__).resolve().parent.parent


def test_every_abbreviation_the_pack_uses_is_spelled_out() -> None:
    terms = glossary.words(())
    meaning = dict(zip(terms["Term"], terms["Meaning"]))
    # The walk-through found UASC, EET, LAIT and FTE in the briefing pack with no word on what they mean.
    assert meaning["UASC"].startswith("Unaccompanied asylum-seeking children")
    assert meaning["EET"] == "In education, employment or training."
    assert meaning["LAIT"].startswith("Local Authority Interactive Tool")
    assert meaning["FTE"].startswith("Full-time equivalent")
    assert list(terms["Term"]) == sorted(terms["Term"], key=str.casefold)


def test_the_lincolnshire_pack_adds_jet_and_a_pack_term_replaces_ours() -> None:
    cfg = config.load(ROOT / "config" / "authorities" / "lincolnshire")
    terms = glossary.words(cfg.glossary).set_index("Term")["Meaning"]
    assert terms["JET"].startswith("The provider's quarterly performance data")
    # The walk-through found ChAT unexplained in the pack; it is this council's source, so its pack explains it.
    assert terms["ChAT"].startswith("Children's Services Analysis Tool")
    assert glossary.words((("KPI", "Our word."),)).set_index("Term").loc["KPI", "Meaning"] == "Our word."


@pytest.mark.parametrize("value", ["", "   ", 5, ["a list"]])
def test_a_glossary_entry_must_be_words(tmp_path: Path, value: object) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    text = (ROOT / "tests" / "fixtures" / "packs" / "minimal" / "authority.toml").read_text()
    (pack / "authority.toml").write_text(text + f"\n[glossary]\nJET = {value!r}\n".replace("'", '"'))
    with pytest.raises(config.ConfigError, match=re.escape("JET")):
        config.load(pack)


def test_the_briefing_pack_ends_with_its_words_explained() -> None:
    sections = briefing.build_sections(briefing.context())
    assert sections[-1].section_id == "glossary"
    table = next(b for b in sections[-1].blocks if isinstance(b, briefing.Table))
    assert {"UASC", "EET", "JET"} <= set(table.frame["Term"])
    assert "explained in the last section, Words used" in " ".join(b.text for b in sections[0].blocks if hasattr(b, "text"))


def test_module_examples_hold() -> None:
    assert doctest.testmod(glossary).failed == 0
