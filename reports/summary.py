"""Stored monthly figures for the return, the county's and each cell's (a district with a provider: any
scope is a sum of cells), kept right by triggers and a sweep.

- Database triggers (reports/migrations/0004, 0007) mark a PAST month dirty whenever a row the return
  counts changes in a way that matters (a referral's source, risk, district, provider or whether it is a
  duplicate; a clock's stage, deadline or result; a support episode; a closure; a MARAC listing). A
  referral moved to another district or provider also marks the months of its clocks, support, closure
  and MARAC listings, which move cell with it. The current month is never stored, so everyday work never
  touches the markers.
- The sweep (`reports.summarise_months`, every few minutes) recomputes dirty months, and past months never
  computed, with the very queries the live return runs, and clears their marker in the same transaction.
- The return reads stored rows only for months that are computed and not dirty, and runs the live
  queries for the rest: the figures are exact whether or not the sweep has caught up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from monitoring.selectors import Equality, equality_add, equality_figures_by_cell
from referrals.models import Referral
from reports.access import ReportScope
from reports.figures import Figures
from reports.models import DirtyMonth, MonthFigure
from reports.periods import LONDON, Period, month_start, next_month_start
from reports.selectors import KINDS, _range
from reports.stored_months import CELL, COMPUTED, as_row

# A month is stored only this long after it ended, so no write begun in that month is still open.
GRACE = timedelta(hours=1)


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_figures_compute(*, month: date) -> None:
    """Recompute one month's stored figures with the live queries; clear its marker in the same transaction.
    Deleting the marker first takes its row lock, so a writer that marked it and has not yet committed is
    waited for, and one that marks it after us marks it again."""
    county = ReportScope(suppressed=False)
    period = Period(month, next_month_start(month), "", "")
    with transaction.atomic():
        DirtyMonth.objects.filter(month=month).delete()
        MonthFigure.objects.filter(month=month).delete()
        whole = Figures(period)
        cells: dict[tuple[int | None, int | None], Figures] = {}
        for kind in KINDS:
            # Grouped by cell too: each row adds to the county and to its cell.
            for row in kind.build(county, _range(kind, month, next_month_start(month)), True, cells=True):
                kind.tally(row, whole)
                kind.tally(row, cells.setdefault((row["cell_district"], row["cell_provider"]), Figures(period)))
        equality = equality_figures_by_cell(month_start(month), month_start(next_month_start(month)), Q())
        whole_equality: Equality = {}
        for counts in equality.values():
            equality_add(whole_equality, counts)
        for cell in equality:
            cells.setdefault(cell, Figures(period))
        MonthFigure.objects.bulk_create(
            [MonthFigure(month=month, kind=COMPUTED, row=as_row(whole, whole_equality))]
            + [
                MonthFigure(
                    month=month,
                    kind=CELL,
                    district_id=district,
                    provider_id=provider,
                    row=as_row(f, equality.get((district, provider), {})),
                )
                for (district, provider), f in cells.items()
            ]
        )


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
