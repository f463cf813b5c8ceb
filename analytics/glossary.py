"""The words a reader meets on the pages and in the briefing pack, in plain English.

Councillors on a scrutiny committee are not analysts: every abbreviation and term of art the
dashboard uses (the care-leaver categories of the Children (Leaving Care) Act 2000, the DfE's SSDA903
return and its measures, the commissioning terms) is explained here once. An authority adds or
rewords its own (a provider's data system, a team's name) in its pack's ``[glossary]`` table.

    >>> frame = words(())
    >>> frame.loc[frame["Term"] == "EET", "Meaning"].item()
    'In education, employment or training.'
    >>> words((("EET", "Our own words."),)).loc[lambda f: f["Term"] == "EET", "Meaning"].item()
    'Our own words.'
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics.disclosure import SUPPRESSED, SUPPRESSION_NOTE

TERMS: dict[str, str] = {
    "Care leaver": "A young person aged 16 to 25 who was in the council's care and is owed support as they move into adult life.",
    "Eligible": "A care leaver aged 16 or 17 still in care, who has been in care for at least 13 weeks since the age of 14.",
    "Relevant": "A care leaver aged 16 or 17 who has left care after being Eligible.",
    "Former Relevant": "A care leaver aged 18 to 25 who was Eligible or Relevant before turning 18.",
    "Qualifying": "A young person aged 16 to 21 (to 25 in education or training) who was in care at or after 16 but not for "
                  "long enough to be Eligible, or who left care under a special guardianship order; owed advice and some "
                  "help rather than the full leaving-care service.",
    "EET": "In education, employment or training.",
    "Suitable accommodation": "Living somewhere the council judges suitable for the young person (the DfE's measure, from "
                              "the SSDA903 return).",
    "Staying put": "Living on with former foster carers after turning 18.",
    "KIT": "Keeping in touch: whether the service is in contact with the young person.",
    "Pathway Plan": "Each care leaver's plan for their future (home, education, work, health, money), agreed with their "
                    "Personal Adviser and reviewed at least every six months.",
    "LCW": "Leaving Care Worker: the young person's Personal Adviser.",
    "Caseload": "How many young people one Leaving Care Worker supports.",
    "FTE": "Full-time equivalent: staff counted in full-time posts (two half-time workers are 1 FTE).",
    "UASC": "Unaccompanied asylum-seeking children: children who came to the UK alone and claimed asylum. Former-UASC "
            "care leavers were in care as UASC; the Home Office pays a grant towards their support.",
    "NTS": "National Transfer Scheme: moves UASC from councils caring for many to councils caring for fewer, up to a "
           "threshold set by each council's child population.",
    "SSDA903": "The return every council makes to the DfE each year on the children it looks after, including what its "
               "care leavers are doing and where they live around their birthday.",
    "LAIT": "Local Authority Interactive Tool: the DfE's website comparing councils on their published figures.",
    "Statistical neighbours": "The ten councils most like this one in population and need, as the DfE lists them.",
    "KPI": "Key performance indicator: a measure of how the service is doing, reported each period against a target.",
    "Tolerance band": "The range around a KPI's target in which a value short of the target still counts as achieved.",
    "Corporate Performance projection": "Care-leaver numbers projected by ageing today's cohort on, year by year, and adding "
                                        "those expected to join (new 16-year-olds, late entrants to care, former UASC).",
    "LAIT projection": "Care-leaver numbers projected by carrying forward the council's own past yearly growth, from LAIT's "
                       "published figures.",
    SUPPRESSED: "Shown for " + SUPPRESSION_NOTE.removeprefix(f"{SUPPRESSED}: ").rstrip(".") + ", to protect young "
                "people's privacy. The DfE's own tables mark their hidden figures c too.",
}


def words(own: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Every term and its meaning (columns Term, Meaning), in alphabetical order, ``own`` (the pack's
    ``[glossary]`` as (term, meaning) pairs) added to ours and replacing any of ours with the same term."""
    # A pack's term replaces ours however it is capitalised ("eet" for EET).
    ours = {term.casefold(): term for term in TERMS}
    merged = dict(TERMS)
    for term, meaning in own:
        merged.pop(ours.get(term.casefold(), term), None)
        merged[term] = meaning
    terms = sorted(merged, key=str.casefold)
    return pd.DataFrame({"Term": terms, "Meaning": [merged[t] for t in terms]})
