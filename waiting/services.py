"""Writes to the waiting list. Pages, the API and the event handlers call these and nothing else.

A referral waits while it is routed to a provider that has not taken it on (state "routed"). It joins the list
by hand (the provider's staff, with a priority), or on arrival when its service is marked at capacity (priority
not set until someone sets it). It leaves by a transition, recorded with who, when and why: taken on (the
referral is accepted), or withdrawn with a reason (the referral goes back to triage, declined with that
reason). A referral accepted, declined or withdrawn by any other door leaves the list the same way
(waiting.handlers)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accounts.models import Role, User
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from kidas.queue import enqueue_after_commit
from providers.models import Organisation, Service
from referrals.models import Referral, Source
from referrals.policies import may_manage_waiting, may_mark_capacity
from referrals.selectors import referral_get_for_user
from referrals.services import referral_accept, referral_decline
from referrals.states import State
from sla.models import Notification
from waiting.models import (
    ChangeKind,
    DelayNotice,
    NoticeChannel,
    NoticeStatus,
    ServiceAtCapacity,
    WaitingChange,
    WaitingEntry,
)
from waiting.notice import notice_route
from waiting.priority import priority_problems
from waiting.selectors import at_capacity, capacity_mark_get_for_user, open_entry


def _managed_referral(user: User, referral_id: int) -> Referral:
    referral = referral_get_for_user(user, referral_id, also=("provider",))  # out of scope: 404
    if not may_manage_waiting(user, referral):
        raise NotPermitted("Only the provider the referral was routed to can change its place on the waiting list.")
    return referral


def _open_entry_or_409(referral: Referral) -> WaitingEntry:
    entry = open_entry(referral.pk)
    if entry is None:
        raise TransitionConflict(f"{referral.reference} is not on the waiting list. Reload the page.")
    return entry


def _check_priority(referral: Referral, priority: str, reason: str) -> None:
    problems = priority_problems(priority=priority, risk_level=referral.risk_level, reason=reason)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def waiting_add(*, user: User, referral_id: int, priority: str, why: str, priority_reason: str = "") -> WaitingEntry:
    """Put a referral routed to the user's provider on its waiting list, with a priority. The referrer is told."""
    referral = _managed_referral(user, referral_id)
    if referral.state != State.ROUTED or referral.provider_id is None:
        raise TransitionConflict(
            f"{referral.reference} is {referral.get_state_display().lower()}: only a referral routed to you and "
            "not yet taken on can wait."
        )
    if open_entry(referral.pk) is not None:
        raise TransitionConflict(f"{referral.reference} is already on the waiting list.")
    if not why.strip():
        raise ValidationError({"why": "Say why it cannot be taken on now (for example: no IDVA free until March)."})
    _check_priority(referral, priority, priority_reason)
    return _join(
        referral,
        user=user,
        priority=priority,
        priority_reason=priority_reason.strip() if priority != "A" else "",
        why=why.strip(),
    )


def _join(referral: Referral, *, user: User | None, priority: str, priority_reason: str, why: str) -> WaitingEntry:
    now = timezone.now()
    if referral.provider_id is None:
        raise DomainError("A referral waits for a provider.")
    try:
        with transaction.atomic():  # a savepoint: two people putting it on the list at once
            entry = WaitingEntry.objects.create(
                referral=referral,
                provider_id=referral.provider_id,
                service_id=referral.service_id,
                priority=priority,
                priority_reason=priority_reason,
                why_waiting=why,
                joined_at=now,
                added_by=user,
            )
    except IntegrityError:
        raise TransitionConflict(f"{referral.reference} is already on the waiting list. Reload the page.") from None
    WaitingChange.objects.create(entry=entry, kind=ChangeKind.JOINED, to_value=priority, by=user, at=now, reason=why)
    _tell_referrer(entry, referral)
    return entry


def _tell_referrer(entry: WaitingEntry, referral: Referral) -> DelayNotice:
    """Record how the referrer is told; the email goes after commit (nothing is sent for a rolled-back change)."""
    from waiting.tasks import tell_referrer_of_delay

    partner = referral.created_by if referral.created_by and referral.created_by.role == Role.PARTNER_USER else None
    route = notice_route(
        self_referral=referral.source == Source.SELF,
        partner_user_email=(partner.email or "") if partner else None,
        referrer_contact=referral.referrer_contact,
    )
    status = NoticeStatus.QUEUED if route.to else NoticeStatus.NOT_SENT
    if route.channel == NoticeChannel.IN_APP and partner is not None:
        Notification.objects.create(
            user=partner,
            text=f"{referral.reference} is on {entry.provider}'s waiting list: they cannot take it on yet.",
            link=reverse("intake:partner-referrals"),
        )
        status = NoticeStatus.QUEUED if route.to else NoticeStatus.SENT
    notice = DelayNotice.objects.create(
        entry=entry,
        channel=route.channel,
        to=route.to,
        status=status,
        note=route.note,
        sent_at=timezone.now() if status == NoticeStatus.SENT else None,
    )
    if status == NoticeStatus.QUEUED:
        enqueue_after_commit(tell_referrer_of_delay, notice.pk)
    return notice


@transaction.atomic
def waiting_set_priority(*, user: User, referral_id: int, priority: str, reason: str = "") -> WaitingEntry:
    referral = _managed_referral(user, referral_id)
    entry = _open_entry_or_409(referral)
    _check_priority(referral, priority, reason)
    before = entry.priority
    entry.priority = priority
    entry.priority_reason = reason.strip() if priority != "A" else ""
    entry.save(update_fields=["priority", "priority_reason"])
    WaitingChange.objects.create(
        entry=entry,
        kind=ChangeKind.PRIORITY,
        from_value=before,
        to_value=priority,
        by=user,
        at=timezone.now(),
        reason=reason.strip(),
    )
    return entry


def _leave(entry: WaitingEntry, move: str, *, user: User | None, reason: str, at: datetime | None = None) -> None:
    method = getattr(entry, move)
    if not can_proceed(method):
        raise TransitionConflict(f"This referral already left the waiting list: {entry.get_state_display().lower()}.")
    method()
    entry.left_at = at or timezone.now()
    entry.left_by = user
    entry.leave_reason = reason
    try:
        entry.save()
    except ConcurrentTransition:
        raise TransitionConflict("Someone else changed the waiting list at the same moment. Reload the page.") from None
    kind = ChangeKind.TAKEN_ON if move == "take_on" else ChangeKind.WITHDRAWN
    WaitingChange.objects.create(
        entry=entry, kind=kind, from_value="waiting", to_value=entry.state, by=user, at=entry.left_at, reason=reason
    )


@transaction.atomic
def waiting_take_on(*, user: User, referral_id: int, worker_id: int | None = None) -> WaitingEntry:
    """The provider has capacity now: it takes the referral on (accepted, allocated to a worker)."""
    referral = _managed_referral(user, referral_id)
    entry = _open_entry_or_409(referral)
    _leave(entry, "take_on", user=user, reason="Taken on from the waiting list")
    referral_accept(user=user, referral_id=referral.pk, worker_id=worker_id, reason="Taken on from the waiting list")
    return entry


@transaction.atomic
def waiting_withdraw(*, user: User, referral_id: int, reason: str) -> WaitingEntry:
    """Off the list without being taken on, with a reason; the referral goes back to triage with it."""
    referral = _managed_referral(user, referral_id)
    entry = _open_entry_or_409(referral)
    if not reason.strip():
        raise ValidationError({"reason": "Say why it leaves the waiting list: the triage team will see it."})
    _leave(entry, "withdraw", user=user, reason=reason.strip())
    referral_decline(user=user, referral_id=referral.pk, reason=f"Withdrawn from the waiting list: {reason.strip()}")
    return entry


# ---------------------------------------------------------------- reacting to the referral's moves


LEAVES_ON_MOVE = {"accept": "take_on", "decline": "withdraw", "withdraw": "withdraw", "mark_duplicate": "withdraw"}


def waiting_follow_move(
    *, referral: Referral, move: str, to_state: str, user: User | None, reason: str, at: datetime
) -> None:
    """A referral moved by another door: taken on (accepted) or gone (declined, withdrawn) leaves the list;
    routed to a service at capacity joins it."""
    entry = open_entry(referral.pk)
    if entry is not None and move in LEAVES_ON_MOVE:
        label = {"accept": "Accepted", "decline": "Declined", "withdraw": "Withdrawn by triage"}.get(move, "Duplicate")
        _leave(entry, LEAVES_ON_MOVE[move], user=user, reason=f"{label}: {reason}".strip(": ") or label, at=at)
        return
    if to_state == State.ROUTED and entry is None:
        mark = at_capacity(referral.provider_id, referral.service_id)
        if mark is not None:
            _join(
                referral,
                user=user,
                priority="",
                priority_reason="",
                why=f"{mark.service} at {mark.provider} is at capacity (since {timezone.localtime(mark.since):%-d %B %Y}).",
            )


# ---------------------------------------------------------------- services at capacity


@transaction.atomic
def capacity_mark(*, user: User, service_id: int, reason: str, provider_id: int | None = None) -> ServiceAtCapacity:
    """Mark one of the provider's services at capacity: referrals routed to it join the waiting list."""
    if not may_mark_capacity(user):
        raise NotPermitted("Only a provider manager or an administrator can mark a service at capacity.")
    if not user.is_administrator:
        provider_id = user.organisation_id
    provider = Organisation.objects.filter(pk=provider_id or 0, provides_support=True).first()
    if provider is None:
        raise DomainError("Choose a provider that delivers support.")
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise DomainError("Choose a service.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the service has no capacity (for example: two IDVAs on leave)."})
    if at_capacity(provider.pk, service.pk) is not None:
        raise TransitionConflict(f"{service} at {provider} is already marked at capacity.")
    return ServiceAtCapacity.objects.create(
        provider=provider, service=service, since=timezone.now(), marked_by=user, reason=reason.strip()
    )


@transaction.atomic
def capacity_end(*, user: User, mark_id: int) -> ServiceAtCapacity:
    """Capacity again: new referrals are no longer put on the list. Those waiting stay until taken on."""
    if not may_mark_capacity(user):
        raise NotPermitted("Only a provider manager or an administrator can open a service again.")
    mark = capacity_mark_get_for_user(user, mark_id)
    updated = ServiceAtCapacity.objects.filter(pk=mark.pk, until__isnull=True).update(
        until=timezone.now(), ended_by=user
    )
    if not updated:
        raise TransitionConflict(f"{mark.service} at {mark.provider} is no longer marked at capacity.")
    mark.refresh_from_db()
    return mark
