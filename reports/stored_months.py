"""The county-wide figures stored per month (reports.summary keeps them right): their row format, and
reading the clean ones for the return (reports.selectors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from reports.figures import Figures, StageCompliance
from reports.models import DirtyMonth, MonthFigure

COMPUTED = "figures"  # one row per month: the month's figures, already added up
ADDITIVE = [
    "received",
    "imported",
    "high_risk_passported",
    # new_entrants and community_based count people: never summed from months (reports.selectors._new_entrants).
    "refuge_entrants",
    "marac_cases",
    "marac_repeats",
    "closures",
    "positive_closures",
]
BREAKDOWNS = ["by_source", "by_risk", "by_district", "outcome_yes", "outcome_asked"]


def as_row(f: Figures) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(f, name) for name in ADDITIVE + BREAKDOWNS}
    row["stages"] = {stage: [c.met, c.missed, c.running] for stage, c in f.stages.items()}
    return row


def add_stored(row: dict[str, Any], f: Figures) -> None:
    """Add one stored month into a period's figures."""
    for name in ADDITIVE:
        setattr(f, name, getattr(f, name) + row.get(name, 0))
    for name in BREAKDOWNS:
        into = getattr(f, name)
        for key, n in row.get(name, {}).items():
            into[key] = into.get(key, 0) + n
    for stage, (met, missed, running) in row.get("stages", {}).items():
        c = f.stages.setdefault(stage, StageCompliance())
        c.met, c.missed, c.running = c.met + met, c.missed + missed, c.running + running


def stored_rows(months: list[date]) -> list[tuple[date, dict[str, Any]]]:
    """One query: the stored figures of those of these months that are stored and clean."""
    return list(
        MonthFigure.objects.filter(month__in=months, kind=COMPUTED)
        .exclude(month__in=DirtyMonth.objects.values("month"))
        .values_list("month", "row")
    )
