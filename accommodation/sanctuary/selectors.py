"""What a user may see of the sanctuary scheme: one scoped queryset (out of scope is 404), scoped like the
survivor's case (referrals.selectors.referrals_visible_to) plus the delivering provider's own referrals."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from accommodation.sanctuary.models import OPEN_SANCTUARY_STATES, SanctuaryMeasure, SanctuaryReferral
from accounts.models import Role, User
from referrals.models import LivesInHousehold, ReferralChild
from referrals.selectors import referrals_visible_to


def sanctuary_referrals_visible_to(user: User) -> QuerySet[SanctuaryReferral]:
    found = SanctuaryReferral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return found.none()
    in_scope = Q(referral__in=referrals_visible_to(user))
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        in_scope |= Q(provider_id=user.organisation_id)
    return found.filter(in_scope)


def sanctuary_referrals_listed(
    user: User, *, under_way: bool | None = None, state: str = ""
) -> QuerySet[SanctuaryReferral]:
    """The list, as the page and the API show it: the user's scope, newest referral first; `under_way` keeps
    those still under way (True: referred to installed) or finished (False: completed, not eligible,
    declined, withdrawn); `state` one state."""
    # A row names its case by the referral's id (SanctuaryReferral.reference) and its provider: nothing else
    # joined, as each joined table's columns cost more to build into the statement than the rows cost to read.
    found = sanctuary_referrals_visible_to(user).select_related("provider").order_by("-referred_at", "-id")
    if under_way is not None:
        under_way_states = [state.value for state in OPEN_SANCTUARY_STATES]
        found = found.filter(state__in=under_way_states) if under_way else found.exclude(state__in=under_way_states)
    if state:
        found = found.filter(state=state)
    return found


def sanctuary_referral_get_for_user(user: User, sanctuary_id: int | str) -> SanctuaryReferral:
    try:
        found = sanctuary_referrals_visible_to(user).select_related("referral", "provider", "survivor", "referred_by")
        return found.get(pk=sanctuary_id)
    except (SanctuaryReferral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such sanctuary referral") from None


def measures_offered() -> QuerySet[SanctuaryMeasure]:
    return SanctuaryMeasure.objects.filter(in_use=True)


def household_children(sanctuary: SanctuaryReferral) -> list[ReferralChild]:
    """The children in the SAFER home: on the case, unless known not to live in the household."""
    return list(
        ReferralChild.objects.filter(referral_id=sanctuary.referral_id)
        .exclude(lives_in_household=LivesInHousehold.NO)
        .select_related("person")
    )


@dataclass(frozen=True)
class SupportOffer:
    """Everyone in a SAFER home is eligible for support (004 §3.10): what the record offers, and where."""

    who: str
    service: str
    url: str | None  # None: nothing this user can open; `note` says who can
    note: str = ""


def sanctuary_referrals_visible_to_all() -> QuerySet[SanctuaryReferral]:
    """For showing a record already fetched in scope, with what its answer names."""
    return SanctuaryReferral.objects.select_related("provider").prefetch_related("installed__measure", "moves__by")
