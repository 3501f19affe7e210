"""Reads for service levels. Breaches and deadlines are scoped through `referrals_visible_to` (of_visible_referrals)."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, TextChoices
from django.http import Http404
from django.utils import timezone
from psycopg import sql

from accounts.models import Role, User
from kidas.db.prepared import prepared_cursor
from referrals.policies import may_see_breaches
from referrals.selectors import of_visible_referrals
from sla.models import Clock, Notification
from sla.stages import Stage


class BreachPeriod(TextChoices):
    """How far back the breaches report goes for stages finished late, by their deadline. Stages still open past
    their deadline are always in it, however old: they are work to do now. The whole history grows without end
    (346,000 breaches at a million referrals) and a review looks at a period."""

    LAST_3_MONTHS = "3m", "The last 3 months"
    LAST_12_MONTHS = "12m", "The last 12 months"
    ALL = "all", "All time"


BREACH_PERIOD_DAYS = {BreachPeriod.LAST_3_MONTHS: 92, BreachPeriod.LAST_12_MONTHS: 366, BreachPeriod.ALL: None}
DEFAULT_BREACH_PERIOD = BreachPeriod.LAST_3_MONTHS


def breaches_visible_to(
    user: User, *, now: datetime | None = None, period: str = DEFAULT_BREACH_PERIOD
) -> QuerySet[Clock]:
    """Clocks open past their deadline, and clocks met late whose deadline fell in `period`. A provider manager
    sees their organisation's; triage and administrators see all; everyone else nothing."""
    if not user.is_authenticated or not may_see_breaches(user):
        return Clock.objects.none()
    now = now or timezone.now()
    finished_late = Q(met=False)
    days = BREACH_PERIOD_DAYS[BreachPeriod(period)]
    if days is not None:
        finished_late &= Q(due_at__gte=now - timedelta(days=days))
    clocks = of_visible_referrals(
        Clock.objects.filter(finished_late | Q(stopped_at__isnull=True, due_at__lt=now)), user
    )
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
    """The header's count, on every page: one statement written once and prepared per connection, since the
    ORM took three times longer to build the count than the database took to answer it."""
    with prepared_cursor() as cursor:
        cursor.execute(_unread_count_sql(), [user.pk])
        return int(cursor.fetchone()[0])


@functools.cache
def _unread_count_sql() -> str:
    meta = Notification._meta
    statement = sql.SQL("SELECT count(*) FROM {table} WHERE {user} = %s AND {read_at} IS NULL").format(
        table=sql.Identifier(meta.db_table),
        user=sql.Identifier(str(meta.get_field("user").column)),
        read_at=sql.Identifier(str(meta.get_field("read_at").column)),
    )
    return statement.as_string()
