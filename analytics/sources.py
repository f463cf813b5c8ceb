"""Where every figure comes from: the store's build record and its published-evidence tables.

Example::

    >>> "kpi_values" in published_tables()["table_name"].tolist()
    True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics import config, db

# Record-level tables are never offered for display or download.
RECORD_LEVEL = frozenset({"care_leavers", "snapshots"})


@dataclass(frozen=True)
class BuildInfo:
    built_at: dt.datetime
    synthetic: bool
    authority: str
    sources_sha256: str
    pack: str = ""


def build_info() -> BuildInfo:
    row = db.query("build_info").iloc[0]
    return BuildInfo(
        pd.Timestamp(row["built_at"]).to_pydatetime(), bool(row["synthetic"]), str(row["authority"]), str(row["sources_sha256"]),
        str(row["pack"]),
    )


def published_tables() -> pd.DataFrame:
    """Columns: table_name, comment, row_count."""
    return db.query("published_tables")


def published_table(name: str) -> pd.DataFrame:
    """All rows of one published table; record-level and unknown tables are refused."""
    if name in RECORD_LEVEL or name not in set(published_tables()["table_name"]):
        raise KeyError(f"{name!r} is not a published evidence table")
    return db.query("published_table", {"name": name})


# What each evidence table is, in words a page can use when the pack lacks it.
EVIDENCE_LABELS = {
    "cohort_published": "the published cohort by age band and legal status",
    "cohort_shares": "the published cohort shares (where they live, sex, disability, ethnicity)",
    "uasc_share_by_age": "the published former-UASC share by age",
    "reference_figures": "the figures quoted in the published text (children in care, grant rates, staffing)",
    "projections_published": "the published cohort projections",
    "projection_assumptions": "the assumptions behind the published projections",
    "caseload_benchmarks": "caseloads in other authorities",
    "caseload_current": "today's caseload per Leaving Care Worker by age band",
    "lcw_scenarios": "the published Leaving Care Worker scenarios",
    "staffing": "the service's current staffing",
    "budget_lines": "the budget and the cost of each delivery option",
    "kpi_values": "the provider's KPI values",
    "snapshots": "a record-level cohort",
}
# The Data page template that loads a table, where there is one.
DATA_PAGE_TEMPLATES = {"budget_lines": "Budget lines", "kpi_values": "Provider KPI return", "snapshots": "Cohort snapshot (or SSDA903 files)"}


@dataclass(frozen=True)
class MissingEvidence:
    """Evidence a page needs that the store does not hold, and how to provide it."""

    tables: tuple[str, ...]
    figures: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tables or self.figures)

    def message(self, pack: config.AuthorityConfig | str, *, synthetic_possible: bool = True) -> str:
        """Markdown naming each missing file in the pack's folder (or the Data page template that
        loads it) and how to rebuild; ``pack`` is the pack's settings or its name in config/authorities."""
        folder, rebuild = pack_location(pack)
        lines = []
        for table in self.tables:
            if table == "snapshots":
                how = "load SSDA903 files or the Cohort snapshot template on the Data page"
                if synthetic_possible:
                    how += (f", or give `{folder}/authority.toml` a `[synthetic]` table and the calibration "
                            "files (cohort_published, cohort_shares, uasc_share_by_age, reference_figures, kpi_periods, kpi_values) "
                            "for a synthetic demo cohort")
                lines.append(f"- **{EVIDENCE_LABELS[table]}**: {how}.")
                continue
            template = DATA_PAGE_TEMPLATES.get(table)
            where = f"`{folder}/{table}.csv`"
            lines.append(f"- **{EVIDENCE_LABELS.get(table, table)}**: add {where}" + (f", or load the {template} template on the Data page" if template else "") + ".")
        if self.figures:
            lines.append(
                f"- **figures quoted in the published text**: add rows with figure_id {', '.join(f'`{f}`' for f in self.figures)} "
                f"to `{folder}/reference_figures.csv`."
            )
        return "\n".join(lines) + f"\n\nThen rebuild the store: {rebuild}."


def pack_location(pack: config.AuthorityConfig | str) -> tuple[str, str]:
    """Where a pack's files go, as a person would type it, and the command that rebuilds its store."""
    if isinstance(pack, str):
        return f"config/authorities/{pack}", f"`make run AUTHORITY={pack}`"
    if pack.pack.parent == config.PACKS_DIR:
        return f"config/authorities/{pack.slug}", f"`make run AUTHORITY={pack.slug}` (or `python -m data.build --authority {pack.slug}`)"
    return str(pack.pack), f"`python -m data.build --config {pack.pack}`"


def evidence_counts() -> dict[str, int]:
    """Rows held for each evidence table and for the record-level snapshots."""
    return {str(r.table_name): int(r.row_count) for r in db.query("evidence_counts").itertuples()}


def missing_evidence(tables: tuple[str, ...] | list[str], figure_ids: tuple[str, ...] | list[str] = ()) -> MissingEvidence:
    """Which of ``tables`` are empty in the store and which of ``figure_ids`` are not in reference_figures."""
    counts = evidence_counts()
    have = set(db.query("reference_figures_by_id", {"ids": list(figure_ids)})["figure_id"]) if figure_ids else set()
    return MissingEvidence(tuple(t for t in tables if not counts.get(t)), tuple(f for f in figure_ids if f not in have))


def evidence_sources() -> dict[str, str]:
    """Table → its citation (the shortest source of its rows), for chart source lines; '' when empty."""
    return {str(r.table_name): "" if pd.isna(r.source) else str(r.source) for r in db.query("evidence_sources").itertuples()}


def kpi_value_sources(period: str) -> str:
    """The sources of one period's KPI values, joined for a caption ('' when there are none)."""
    return "; ".join(str(v) for v in db.query("kpi_value_sources", {"period": period})["source"])


def citations() -> pd.DataFrame:
    """Columns: evidence (what the figures are), source (table or section of the report)."""
    return db.query("source_citations")
