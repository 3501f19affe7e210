"""The deadline a work list is ordered by: each referral's earliest open clock, read in the list's own
query (no query per row). Imports only sla's own modules, so referrals and casework selectors can use it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from sla.deadlines import deadline_status
from sla.models import Clock

Rows = TypeVar("Rows", bound=QuerySet[Any])


def with_current_deadline(referrals: Rows) -> Rows:
    """Each referral annotated with `deadline_due_at`, `deadline_remind_at` and `deadline_stage` of its
    earliest open clock (all None when no clock runs)."""
    earliest = Clock.objects.filter(referral=OuterRef("pk"), stopped_at__isnull=True).order_by("due_at", "id")
    return referrals.annotate(
        deadline_due_at=Subquery(earliest.values("due_at")[:1]),
        deadline_remind_at=Subquery(earliest.values("remind_at")[:1]),
        deadline_stage=Subquery(earliest.values("stage")[:1]),
    )


def by_deadline(referrals: Rows) -> Rows:
    """Most overdue first, then the soonest due; referrals with no running clock last. Equal deadlines:
    the one waiting longest first."""
    return with_current_deadline(referrals).order_by(F("deadline_due_at").asc(nulls_last=True), "received_at", "id")


def mark_deadline_status(referrals: Iterable[Any], now: datetime | None = None) -> list[Any]:
    """Set `deadline_status` ("overdue", "due_soon", "on_time" or "") on rows of `with_current_deadline`,
    all judged at the same moment."""
    now = now or timezone.now()
    rows = list(referrals)
    for referral in rows:
        referral.deadline_status = deadline_status(referral.deadline_due_at, referral.deadline_remind_at, now)
    return rows
