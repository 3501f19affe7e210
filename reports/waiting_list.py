"""The waiting list on the return: per provider, the referrals that left its waiting list in the quarter with
their median and longest wait, and those still waiting at its end (waiting.figures has the definition). One
query whatever the size."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from reports.access import ReportScope
from reports.periods import Period
from reports.suppression import SUPPRESSED, count_cell, is_small
from reports.tables import Table
from waiting.figures import WAIT_DEFINITION, WaitSummary, wait_summary, waited
from waiting.models import WaitingEntry


def _days(summary: WaitSummary, value: float | None, *, suppress: bool) -> str:
    if value is None:
        return "–"
    if suppress and is_small(summary.n):  # a median or longest of 1–4 waits is one survivor's wait
        return SUPPRESSED
    return f"{value:.1f}"


def waiting_list_table(scope: ReportScope, period: Period) -> Table:
    end = min(period.ends_at, timezone.now())
    entries = WaitingEntry.objects.filter(
        Q(left_at__gte=period.starts_at, left_at__lt=period.ends_at)
        | (Q(joined_at__lt=period.ends_at) & (Q(left_at__isnull=True) | Q(left_at__gte=period.ends_at)))
    )
    if scope.provider is not None:
        entries = entries.filter(provider=scope.provider)
    if scope.district is not None:
        entries = entries.filter(referral__district=scope.district)
    elif scope.area is not None:
        entries = entries.filter(referral__district__area=scope.area)
    left: dict[str, list[timedelta]] = defaultdict(list)
    still: dict[str, list[timedelta]] = defaultdict(list)
    for provider, joined_at, left_at in entries.values_list("provider__name", "joined_at", "left_at"):
        if left_at is not None and period.starts_at <= left_at < period.ends_at:
            left[provider].append(waited(joined_at, left_at, end))
        else:
            still[provider].append(waited(joined_at, None, end))
    s = scope.suppressed
    rows = []
    for provider in sorted({*left, *still}):
        gone, waiting = wait_summary(left[provider]), wait_summary(still[provider])
        rows.append(
            [
                provider,
                count_cell(gone.n, suppress=s),
                _days(gone, gone.median_days, suppress=s),
                _days(gone, gone.longest_days, suppress=s),
                count_cell(waiting.n, suppress=s),
                _days(waiting, waiting.longest_days, suppress=s),
            ]
        )
    if not rows:
        rows.append(["No referral waited in the period", "0", "–", "–", "0", "–"])
    return Table(
        "waiting-list",
        "Waiting list, time waited",
        [
            "Provider",
            "Left the list",
            "Median wait (days)",
            "Longest wait (days)",
            "Still waiting at the end",
            "Longest wait so far (days)",
        ],
        rows,
        definitions=[("Time waited", WAIT_DEFINITION)],
    )
