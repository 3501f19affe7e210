"""The figures stored per month, for the county and for each cell (a district, or none, with a provider, or
none; reports.summary keeps them right): their row format, and reading the clean ones of a scope for the
return (reports.selectors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from reports.access import ReportScope
from reports.figures import Figures, StageCompliance
from reports.models import DirtyMonth, MonthFigure
from reports.periods import Period, month_start, next_month_start

COMPUTED = "figures"  # one row per month: the county's figures, already added up
CELL = "cell"  # one row per month and cell that has anything to count: that cell's figures
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


def as_row(f: Figures, equality: dict[str, dict[str, int]]) -> dict[str, Any]:
    """A stored month's row: the return's figures and the equality monitoring's (monitoring.selectors)."""
    row: dict[str, Any] = {name: getattr(f, name) for name in ADDITIVE + BREAKDOWNS}
    row["stages"] = {stage: [c.met, c.missed, c.running] for stage, c in f.stages.items()}
    row["equality"] = equality
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


def stored_rows(months: list[date], scope: ReportScope) -> tuple[set[date], list[tuple[date, dict[str, Any]]]]:
    """Which of these months are stored and clean, and the scope's stored rows for them: the county's row (one
    query), or the cells that make up a part of the county (a second query: a cell's district and provider are
    picked as ReportScope.referrals picks a referral's). A month's county row and cells
    are written together (reports.summary), so a clean county row means its cells are there too; a cell with
    nothing to count has no row."""
    clean = MonthFigure.objects.filter(month__in=months, kind=COMPUTED).exclude(
        month__in=DirtyMonth.objects.values("month")
    )
    if scope.is_county:
        rows = list(clean.values_list("month", "row"))
        return {month for month, _ in rows}, rows
    covered = set(clean.values_list("month", flat=True))
    cells = MonthFigure.objects.filter(scope.referrals(), kind=CELL, month__in=covered).values_list("month", "row")
    return covered, list(cells) if covered else []


def live_runs(period: Period, covered: set[date]) -> list[tuple[date, date]]:
    """The period's months not covered by clean stored figures, as contiguous [start, end) runs."""
    runs: list[tuple[date, date]] = []
    for month in period.months():
        if month in covered:
            continue
        if runs and runs[-1][1] == month:
            runs[-1] = (runs[-1][0], next_month_start(month))
        else:
            runs.append((month, next_month_start(month)))
    return runs


def received_live(period: Period, covered: set[date]) -> Q:
    """Referrals received in the period's months not covered by stored figures (live_runs), as a filter. It
    starts from an empty range, so a query over it still runs (and the count stays fixed) with no live month."""
    live = Q(received_at__lt=period.starts_at, received_at__gte=period.starts_at)
    for start, end in live_runs(period, covered):
        live |= Q(received_at__gte=month_start(start), received_at__lt=month_start(end))
    return live
