"""What a user may see of safe accommodation: one scoped queryset per model (out of scope is 404), the
vacancy board and the refuge figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from accommodation.models import RefugeLeaving, RefugeRequest, RefugeRequestState, UnsuitableReason
from accommodation.suitability import Household, PlaceFeatures, unsuitable_reasons
from accounts.models import Role, User
from casework.models import RefugePlace, SupportEpisode
from referrals.models import ReferralChild
from referrals.selectors import referrals_visible_to, sees_every_referral


def refuge_requests_visible_to(user: User) -> QuerySet[RefugeRequest]:
    """Triage and administrators: all. Provider staff: requests to their refuges, and on their cases."""
    requests = RefugeRequest.objects.all()
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if sees_every_referral(user):
        return requests
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        return requests.filter(
            Q(refuge__provider_id=user.organisation_id) | Q(referral__provider_id=user.organisation_id)
        )
    return requests.none()


def refuge_request_get_for_user(user: User, request_id: int) -> RefugeRequest:
    try:
        found = refuge_requests_visible_to(user).select_related(
            "refuge__provider", "referral", "requested_by", "answered_by"
        )
        return found.get(pk=request_id)
    except RefugeRequest.DoesNotExist:
        raise Http404("No such refuge request") from None


def refuge_stay_get_for_user(user: User, episode_id: int) -> SupportEpisode:
    """A service on a case the user may see (referrals.selectors.referrals_visible_to), or 404. Whether it
    is a stay in a refuge is the caller's question (409 when it is not)."""
    stay = (
        SupportEpisode.objects.filter(pk=episode_id, referral__in=referrals_visible_to(user))
        .select_related("referral", "refuge_place__refuge")
        .first()
    )
    if stay is None:
        raise Http404("No such service")
    return stay


def refuge_requests_listed(user: User) -> tuple[QuerySet[RefugeRequest], QuerySet[RefugeRequest]]:
    """The list page: the requests this user's refuges still have to answer (all of them for an
    administrator), oldest first, and the last 50 the user may see. A row names its refuge and the
    survivor's case by reference, so nothing else is joined."""
    visible = refuge_requests_visible_to(user).select_related("refuge")
    waiting = visible.filter(state=RefugeRequestState.REQUESTED)
    if not user.is_administrator:
        waiting = waiting.filter(refuge__provider_id=user.organisation_id)
    return waiting.order_by("requested_at", "id"), visible[:50]


def free_places_on(day: date) -> QuerySet[RefugePlace]:
    """Places in use that no stay occupies on the night of the day (casework.refuge.occupied_on)."""
    taken = SupportEpisode.objects.filter(refuge_place__isnull=False, started_on__lte=day).exclude(ended_on__lte=day)
    return (
        RefugePlace.objects.filter(in_use=True)
        .exclude(pk__in=taken.values("refuge_place_id"))
        .select_related("refuge__provider")
    )


def features(place: RefugePlace) -> PlaceFeatures:
    return PlaceFeatures(
        men_only=place.refuge.men_only,
        wheelchair_accessible=place.wheelchair_accessible,
        children_allowed=place.children_allowed,
        family_room=place.family_room,
    )


def vacancy_board(day: date, household: Household | None = None) -> list[RefugePlace]:
    """The day's free places across all refuges; with a household, only those that suit it."""
    places = list(free_places_on(day))
    if household is None:
        return places
    return [p for p in places if not unsuitable_reasons(features(p), household)]


@dataclass(frozen=True)
class RefugeFigures:
    requests_by_outcome: dict[str, int]
    not_suitable_by_reason: dict[str, int]
    households_in_refuge: int
    children_in_refuge: int
    leavers: int
    planned_move_ons: int


def refuge_figures(start: date, end: date, *, provider_id: int | None = None) -> RefugeFigures:
    """From start to end (both included), in every refuge or one provider's: requests made, by outcome and
    reason; households who stayed in a refuge and their children; leavers, and planned move-ons among them
    (refuge leavers only)."""
    requests = RefugeRequest.objects.filter(requested_at__date__gte=start, requested_at__date__lte=end)
    stays = SupportEpisode.objects.filter(refuge_place__isnull=False, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start)
    )
    leavings = RefugeLeaving.objects.filter(left_on__gte=start, left_on__lte=end)
    if provider_id is not None:
        requests = requests.filter(refuge__provider_id=provider_id)
        stays = stays.filter(refuge_place__refuge__provider_id=provider_id)
        leavings = leavings.filter(stay__refuge_place__refuge__provider_id=provider_id)
    outcomes = Counter(requests.values_list("state", flat=True))
    reasons = Counter(
        requests.filter(state=RefugeRequestState.NOT_SUITABLE).values_list("unsuitable_reason", flat=True)
    )
    children = ReferralChild.objects.filter(referral_id__in=stays.values("referral_id"))
    return RefugeFigures(
        requests_by_outcome={s.label: outcomes.get(s.value, 0) for s in RefugeRequestState},
        not_suitable_by_reason={r.label: reasons.get(r.value, 0) for r in UnsuitableReason},
        households_in_refuge=stays.values("referral_id").distinct().count(),
        children_in_refuge=children.values("person_id").distinct().count(),
        leavers=leavings.count(),
        planned_move_ons=leavings.filter(planned=True).count(),
    )
