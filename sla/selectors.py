"""Reads for service levels. Breaches are scoped by `breach_scope_of`, which follows the referrals' scope
(referrals.selectors): every referral's for triage and administrators, the referrals a provider holds for its managers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, TextChoices
from django.http import Http404
from django.utils import timezone
from psycopg import sql

from accounts.models import Role, User
from referrals.policies import may_see_breaches
from referrals.selectors import referrals_held_by, sees_every_referral
from sla.models import Clock, Notification


class BreachPeriod(TextChoices):
    """How far back the breaches report goes for stages finished late, by their deadline. Stages still open past
    their deadline are always in it, however old: they are work to do now. The whole history grows without end
    (346,000 breaches at a million referrals) and a review looks at a period."""

    LAST_3_MONTHS = "3m", "The last 3 months"
    LAST_12_MONTHS = "12m", "The last 12 months"
    ALL = "all", "All time"


BREACH_PERIOD_DAYS = {BreachPeriod.LAST_3_MONTHS: 92, BreachPeriod.LAST_12_MONTHS: 366, BreachPeriod.ALL: None}
DEFAULT_BREACH_PERIOD = BreachPeriod.LAST_3_MONTHS


@dataclass(frozen=True)
class BreachScope:
    """Whose breaches someone sees: every organisation's (`organisation` None: triage and administrators), or a
    provider's own stages of the referrals it holds (its managers). Everything a breaches query is given."""

    organisation: int | None


def breach_scope_of(user: User) -> BreachScope | None:
    """The breaches `user` may see; None for nobody's."""
    if not user.is_authenticated or not may_see_breaches(user):
        return None
    if sees_every_referral(user):
        return BreachScope(organisation=None)
    if user.role == Role.PROVIDER_MANAGER and user.organisation_id:
        return BreachScope(organisation=user.organisation_id)
    return None


def breaches_visible_to(
    user: User, *, now: datetime | None = None, period: str = DEFAULT_BREACH_PERIOD
) -> QuerySet[Clock]:
    """Clocks open past their deadline, and clocks met late whose deadline fell in `period`. A provider manager
    sees their organisation's; triage and administrators see all; everyone else nothing."""
    scope = breach_scope_of(user)
    if scope is None:
        return Clock.objects.none()
    return breaches_in(scope, now=now or timezone.now(), period=period)


def breaches_in(scope: BreachScope, *, now: datetime, period: str) -> QuerySet[Clock]:
    finished_late = Q(met=False)
    days = BREACH_PERIOD_DAYS[BreachPeriod(period)]
    if days is not None:
        finished_late &= Q(due_at__gte=now - timedelta(days=days))
    clocks = Clock.objects.filter(finished_late | Q(stopped_at__isnull=True, due_at__lt=now))
    if scope.organisation is not None:
        clocks = clocks.filter(organisation_id=scope.organisation, referral__in=referrals_held_by(scope.organisation))
    return clocks.order_by("-due_at", "-id")


def breach_summary(breaches: QuerySet[Clock]) -> list[dict[str, Any]]:
    """Breaches counted by stage, organisation, whether the stage is still open and, for a finished one, the worker
    who finished it (none recorded when the system did, or a case ended)."""
    rows = (
        breaches.values("stage", organisation_name=F("organisation__name"))
        .annotate(
            still_open=ExpressionWrapper(Q(stopped_at__isnull=True), output_field=BooleanField()),
            worker_first=F("stopped_by__first_name"),
            worker_last=F("stopped_by__last_name"),
            worker_username=F("stopped_by__username"),
        )
        .values("stage", "organisation_name", "still_open", "worker_first", "worker_last", "worker_username")
        .annotate(count=Count("id"))
        .order_by("stage", "organisation_name", "-still_open", "worker_last", "worker_first")
    )
    return [dict(row) for row in rows]


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notification_get_for_user(user: User, notification_id: int) -> Notification:
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def unread_count(user: User) -> int:
    """The header's count, on every page: one statement written once, since the ORM took three times longer
    to build the count than the database took to answer it."""
    with connection.cursor() as cursor:  # one number: rows in binary (kidas.db.binary_rows) would add nothing
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
