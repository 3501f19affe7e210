"""Stored monthly figures for the county-wide return, kept right by triggers and a sweep.

- Database triggers (reports/migrations/0004) mark a PAST month dirty whenever a row the return counts
  changes in a way that matters (a referral's source, risk, district, whether it has a provider or is a
  duplicate; a clock's stage, deadline or result; a support episode; a closure; a MARAC listing). The
  current month is never stored, so everyday work never touches the markers.
- The sweep (`reports.summarise_months`, every few minutes) recomputes dirty months, and past months never
  computed, with the very queries the live return runs, and clears their marker in the same transaction.
- The return reads stored rows only for months that are computed and not dirty, and runs the live
  queries for the rest: the figures are exact whether or not the sweep has caught up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from referrals.models import Referral
from reports.access import ReportScope
from reports.models import DirtyMonth, MonthFigure
from reports.periods import LONDON, Period, next_month_start
from reports.selectors import Figures, StageCompliance

COMPUTED = "figures"  # one row per month: the month's figures, already added up
# A month is stored only this long after it ended, so no write begun in that month is still open.
GRACE = timedelta(hours=1)


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


ADDITIVE = [
    "received",
    "high_risk_passported",
    # new_entrants and community_based count people: never summed from months (reports.selectors._new_entrants).
    "refuge_entrants",
    "marac_cases",
    "marac_repeats",
    "closures",
    "positive_closures",
]
BREAKDOWNS = ["by_source", "by_risk", "by_district", "outcome_yes", "outcome_asked"]


def _as_row(f: Figures) -> dict[str, Any]:
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


def month_figures_compute(*, month: date) -> None:
    """Recompute one month's stored figures with the live queries; clear its marker in the same transaction.
    Deleting the marker first takes its row lock, so a writer that marked it and has not yet committed is
    waited for, and one that marks it after us marks it again."""
    from reports.selectors import KINDS, _range

    county = ReportScope(suppressed=False)
    with transaction.atomic():
        DirtyMonth.objects.filter(month=month).delete()
        MonthFigure.objects.filter(month=month).delete()
        f = Figures(Period(month, next_month_start(month), "", ""))
        for kind in KINDS:
            for row in kind.build(county, _range(kind, month, next_month_start(month)), True):
                kind.tally(row, f)
        MonthFigure.objects.create(month=month, kind=COMPUTED, row=_as_row(f))


def months_to_compute(*, now: datetime | None = None, limit: int = 12) -> list[date]:
    """Past months (ended at least GRACE ago) that are dirty or were never computed, newest first."""
    now = now or timezone.now()
    latest = _first_of_month((now - GRACE).astimezone(LONDON).date())  # months before this one are past
    first_received = Referral.objects.aggregate(first=Min("received_at"))["first"]
    if first_received is None:
        return []
    month = _first_of_month(first_received.astimezone(LONDON).date())
    past: list[date] = []
    while month < latest:
        past.append(month)
        month = next_month_start(month)
    computed = set(MonthFigure.objects.filter(kind=COMPUTED).values_list("month", flat=True))
    dirty = set(DirtyMonth.objects.filter(month__lt=latest).values_list("month", flat=True))
    return sorted((m for m in past if m not in computed or m in dirty), reverse=True)[:limit]


def months_summarise(*, limit: int = 12) -> int:
    months = months_to_compute(limit=limit)
    for month in months:
        month_figures_compute(month=month)
    return len(months)


def month_start(month: date) -> datetime:
    return datetime.combine(month, time.min, tzinfo=LONDON)
