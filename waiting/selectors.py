"""What a user may see of the waiting list: one scoped queryset (out of scope is 404), the list with the time
waited, and the services marked at capacity."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from referrals.selectors import sees_every_referral
from waiting.models import ServiceAtCapacity, WaitingEntry, WaitingState


def waiting_entries_visible_to(user: User) -> QuerySet[WaitingEntry]:
    """Administrators and triage: every provider's. Provider staff: their own provider's. Anyone else: none."""
    entries = WaitingEntry.objects.select_related("referral", "provider", "service", "added_by", "left_by")
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if sees_every_referral(user):
        return entries
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        return entries.filter(provider_id=user.organisation_id)
    return entries.none()


def waiting_list_for(user: User, *, provider_id: int | None = None) -> QuerySet[WaitingEntry]:
    """Those still waiting: priority not set first (someone must set it), then A, B, C; the longest waiting
    first within each."""
    waiting = waiting_entries_visible_to(user).filter(state=WaitingState.WAITING)
    if provider_id is not None:
        waiting = waiting.filter(provider_id=provider_id)
    # Not set, then A, B, C is the priorities' own order as text: no rank to work out (a CASE per row
    # that cost more to build than the page's query took to run).
    listed = waiting.select_related(None).select_related("referral", "provider", "service").only(*LISTED)
    return listed.order_by("priority", "joined_at", "id")


# What the list (page and API) shows of each entry: the entry, its referral's risk level (the state too, which
# the referral's state machine keeps) and the provider's and service's names; not who added it or the rest of
# the referral, which a million-row join would read for nothing.
LISTED = (
    *(field.name for field in WaitingEntry._meta.concrete_fields),
    "referral__risk_level",
    "referral__state",
    "provider__name",
    "service__name",
)


def entries_of_referral(user: User, referral_id: int) -> QuerySet[WaitingEntry]:
    """A referral's entries the user may see, the latest first."""
    return (
        waiting_entries_visible_to(user)
        .filter(referral_id=referral_id)
        .prefetch_related("changes__by", "notices")
        .order_by("-joined_at", "-id")
    )


def open_entry(referral_id: int) -> WaitingEntry | None:
    return WaitingEntry.objects.filter(referral_id=referral_id, state=WaitingState.WAITING).first()


def capacity_marks_visible_to(user: User) -> QuerySet[ServiceAtCapacity]:
    """Services at capacity now: everyone who may use the list sees which (triage routes knowing it)."""
    marks = ServiceAtCapacity.objects.filter(until__isnull=True).select_related("provider", "service")
    if not user.is_authenticated or not user.is_active:
        return marks.none()
    return marks.order_by("provider__name", "service__name")


def capacity_mark_get_for_user(user: User, mark_id: int) -> ServiceAtCapacity:
    marks = ServiceAtCapacity.objects.select_related("provider", "service")
    if not user.is_administrator:
        marks = marks.filter(provider_id=user.organisation_id or 0)
    found = marks.filter(pk=mark_id).first()
    if found is None:
        raise Http404("No such mark")
    return found


def at_capacity(provider_id: int | None, service_id: int | None) -> ServiceAtCapacity | None:
    if provider_id is None or service_id is None:
        return None
    return ServiceAtCapacity.objects.filter(provider_id=provider_id, service_id=service_id, until__isnull=True).first()
