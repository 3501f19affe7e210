"""The sanctuary scheme's figures and households and children in each kind of safe accommodation, for a period
(start to end, both included), county-wide or one provider's. Reports show them (reports/safe_accommodation.py)
with their definitions (reports/definitions.py): change both together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce

from accommodation.sanctuary.models import (
    SafeAccommodationKind,
    SafeAccommodationService,
    SanctuaryReferral,
    SanctuaryState,
    Tenure,
)
from casework.models import SupportEpisode
from referrals.models import LivesInHousehold, Referral, ReferralChild

SERVED_TENURES = (Tenure.OWNER, Tenure.PRIVATE_TENANT, Tenure.SOCIAL_TENANT)


@dataclass(frozen=True)
class SanctuaryFigures:
    referrals: int
    completed: int
    completed_in_one_visit: int
    completed_by_tenure: dict[str, int]  # by Tenure label, the tenures the scheme serves
    male_survivor_referrals: int


def sanctuary_figures(start: date, end: date, *, provider_id: int | None = None) -> SanctuaryFigures:
    """Referrals made in the period; completed in it, in one visit among them (installed on the day of the
    assessment), by tenure; referrals made in it for male survivors."""
    made = SanctuaryReferral.objects.filter(referred_at__date__gte=start, referred_at__date__lte=end)
    completed = SanctuaryReferral.objects.filter(
        state=SanctuaryState.COMPLETED, completed_on__gte=start, completed_on__lte=end
    )
    if provider_id is not None:
        made, completed = made.filter(provider_id=provider_id), completed.filter(provider_id=provider_id)
    by_tenure = dict(completed.order_by().values("tenure").annotate(n=Count("id")).values_list("tenure", "n"))
    return SanctuaryFigures(
        referrals=made.count(),
        completed=completed.count(),
        completed_in_one_visit=completed.filter(installed_on=F("assessed_on")).count(),
        completed_by_tenure={t.label: by_tenure.get(t.value, 0) for t in SERVED_TENURES},
        male_survivor_referrals=made.filter(male_survivor=True).count(),
    )


@dataclass(frozen=True)
class InSafeAccommodation:
    households: int
    children: int


def _households(cases: Q) -> InSafeAccommodation:
    """A household is the survivor (as a person; the case when she is not yet known as one), counted once
    whatever her referrals; its children are the people on her cases, unless known not to live with her.
    `cases` picks the referrals; the database counts them (their ids sent back as a list of tens of thousands
    took longer to send and plan than to count)."""
    referrals = Referral.objects.filter(cases)
    households = referrals.aggregate(n=Count(Coalesce("survivor_id", Value(0) - F("pk")), distinct=True))["n"]
    children = (
        ReferralChild.objects.filter(referral_id__in=referrals.values("pk"))
        .exclude(lives_in_household=LivesInHousehold.NO)
        .values("person_id")
        .distinct()
        .count()
    )
    return InSafeAccommodation(households=households, children=children)


def safe_accommodation_by_kind(
    start: date, end: date, *, provider_id: int | None = None
) -> dict[str, InSafeAccommodation]:
    """By kind (its label): households supported in the period, and their children. A household is in a kind
    when a service of that kind (SafeAccommodationService) ran for its case on a day of the period; a SAFER home
    also when its property assessment or installation fell in the period."""
    services: dict[str, list[int]] = {kind.value: [] for kind in SafeAccommodationKind}
    for service_id, kind in SafeAccommodationService.objects.values_list("service_id", "kind"):
        services[kind].append(service_id)
    episodes = SupportEpisode.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    visits = SanctuaryReferral.objects.filter(
        Q(assessed_on__gte=start, assessed_on__lte=end) | Q(installed_on__gte=start, installed_on__lte=end)
    )
    if provider_id is not None:
        episodes = episodes.filter(referral__provider_id=provider_id)
        visits = visits.filter(provider_id=provider_id)
    by_kind = {}
    for kind in SafeAccommodationKind:
        cases = Q(pk__in=episodes.filter(service_id__in=services[kind.value]).values("referral_id"))
        if kind == SafeAccommodationKind.SANCTUARY:
            cases |= Q(pk__in=visits.values("referral_id"))
        by_kind[kind.label] = _households(cases)
    return by_kind
