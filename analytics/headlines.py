"""The headline figures that more than one page shows, each from one function and written by
``analytics.formatting``, with the date it is as at, so the Overview, the Briefing page and the
printed pack cannot disagree.

- The moment they describe: the snapshot that closes a KPI period (a period ending 30 September is
  read at the 1 October snapshot), so the cohort beside the KPI tiles is the cohort of that period;
  the store's latest snapshot when it holds no KPI values.
- The cohort at that snapshot and its change since the first snapshot: the snapshots are calibrated
  to the authority's published cohort counts (``cohort_published``).

KPI values are written by ``analytics.findings.kpi_value`` (as the provider publishes them, Table 2)
and Leaving Care Workers by ``analytics.formatting.fte``.

    h = cohort(dt.date(2023, 10, 1))
    h.value_text, h.change_text   # e.g. ('936', '+215 (+29.8%) since 1 April 2020')
"""

from __future__ import annotations

import datetime as dt
import math
import dataclasses
from dataclasses import dataclass

import pandas as pd

from analytics import cohort as cohorts
from analytics import formatting, performance
from analytics.disclosure import THRESHOLD


@dataclass(frozen=True)
class CohortHeadline(cohorts.CohortSummary):
    """Care leavers at ``as_at`` (the summary's latest snapshot) and at the first snapshot held, in words."""

    @property
    def as_at(self) -> dt.date:
        return self.latest_date

    @property
    def count(self) -> int:
        return self.latest_count

    @property
    def has_change(self) -> bool:
        return self.first_date != self.as_at

    @property
    def value_text(self) -> str:
        """'936', or 'fewer than 5' for a count that may not be published."""
        return formatting.count(self.count) if self.count >= THRESHOLD else f"fewer than {THRESHOLD}"

    @property
    def change_text(self) -> str:
        """'+215 (+29.8%) since 1 April 2020'."""
        signed = ("+" if self.change > 0 else "") + formatting.count(self.change)
        share = "" if math.isnan(self.change_percent) else f" ({formatting.change_percent(self.change_percent)})"
        return f"{signed}{share} since {formatting.day(self.first_date)}"

    def finding(self) -> str:
        """'The care-leaver cohort has grown by 215 (+29.8%) since 1 April 2020, to 936 care leavers
        as at 1 October 2023.'"""
        at = f"{self.value_text} care leavers {formatting.as_at(self.as_at)}"
        if not self.has_change:
            return f"The care-leaver cohort stood at {at}."
        if self.change == 0:
            return f"The care-leaver cohort is unchanged since {formatting.day(self.first_date)}, at {at}."
        if self.count < THRESHOLD or self.first_count < THRESHOLD:
            return f"The care-leaver cohort stood at {at}."
        verb = "grown" if self.change > 0 else "fallen"
        share = "" if math.isnan(self.change_percent) else f" ({formatting.change_percent(self.change_percent)})"
        return (
            f"The care-leaver cohort has {verb} by {formatting.count(abs(self.change))}{share} since "
            f"{formatting.day(self.first_date)}, to {at}."
        )


def snapshot_for(day: dt.date) -> dt.date:
    """The store's snapshot at ``day``, or the latest before it (the first one if none is before)."""
    held = cohorts.snapshot_dates()
    if not held or day in held:
        return day
    return max((d for d in held if d <= day), default=held[0])


def period_snapshot(period: str) -> dt.date:
    """The snapshot that closes a KPI period: its own snapshot date where the pack gives one, else
    the day after the period ends; the latest held snapshot before that if the store lacks it."""
    frame = performance.published_kpis()
    rows = frame.loc[frame["period"] == period]
    if rows.empty:
        raise ValueError(f"unknown period {period!r}")
    row = rows.iloc[0]
    closing = row["snapshot_date"] if pd.notna(row["snapshot_date"]) else pd.Timestamp(row["period_end"]) + pd.Timedelta(days=1)
    return snapshot_for(pd.Timestamp(closing).date())


def period_end(period: str) -> dt.date:
    """The last day a KPI period covers: its values are as at this date."""
    table = performance.period_table()
    rows = table.loc[table["period"] == period, "period_end"]
    if rows.empty:
        raise ValueError(f"unknown period {period!r}")
    return rows.iloc[0]


def latest_period() -> str | None:
    """The latest KPI period with a published value, or None."""
    periods = performance.periods()
    return periods[-1] if periods else None


def headline_snapshot() -> dt.date | None:
    """The moment the Overview and the default briefing describe: the snapshot closing the latest
    KPI period, or the latest snapshot when there are no KPI values (None without snapshots)."""
    held = cohorts.snapshot_dates()
    if not held:
        return None
    period = latest_period()
    return period_snapshot(period) if period else held[-1]


def cohort(as_at: dt.date) -> CohortHeadline:
    """Care leavers at the snapshot ``as_at`` (or the latest before it) and at the first snapshot."""
    return CohortHeadline(**dataclasses.asdict(cohorts.cohort_summary(until=as_at)))
