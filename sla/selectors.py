"""Reads for service levels. Breaches and deadlines are scoped through `referrals_visible_to` (of_visible_referrals)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from referrals.policies import may_see_breaches
from referrals.selectors import of_visible_referrals
from sla.models import Clock, Notification
from sla.stages import Stage


def breaches_visible_to(user: User, *, now: datetime | None = None) -> QuerySet[Clock]:
    """Clocks met late, and open clocks past their deadline. A provider manager sees their
    organisation's; triage and administrators see all; everyone else nothing."""
    if not user.is_authenticated or not may_see_breaches(user):
        return Clock.objects.none()
    now = now or timezone.now()
    clocks = of_visible_referrals(Clock.objects.filter(Q(met=False) | Q(stopped_at__isnull=True, due_at__lt=now)), user)
    if user.role == Role.PROVIDER_MANAGER and not user.is_administrator:
        clocks = clocks.filter(organisation=user.organisation)
    return clocks.order_by("-due_at", "-id")


def breach_summary(breaches: QuerySet[Clock]) -> list[dict[str, Any]]:
    """Breaches counted by stage, organisation and the worker who closed the stage (when one did)."""
    rows = (
        breaches.values("stage", organisation_name=F("organisation__name"))
        .annotate(
            worker_first=F("stopped_by__first_name"),
            worker_last=F("stopped_by__last_name"),
            worker_username=F("stopped_by__username"),
        )
        .values("stage", "organisation_name", "worker_first", "worker_last", "worker_username")
        .annotate(count=Count("id"))
        .order_by("stage", "organisation_name", "worker_last", "worker_first")
    )
    return [{**row, "stage_label": Stage(row["stage"]).label} for row in rows]


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notification_get_for_user(user: User, notification_id: int) -> Notification:
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
