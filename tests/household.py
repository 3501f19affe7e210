"""People on referrals for tests: a survivor, alleged perpetrators and children linked to a referral
straight in the database (the matching pages link them in use)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from marac.models import Marac, MaracReferral
from people.models import Person
from referrals.models import LivesInHousehold, Referral, ReferralChild, ReferralPerpetrator
from referrals.risk import MaracReason

fake = Faker("en_GB")


def person(given: str = "", family: str = "", date_of_birth: date | None = None) -> Person:
    return Person.objects.create(
        given_name=given or fake.first_name(), family_name=family or fake.last_name(), date_of_birth=date_of_birth
    )


def link(
    referral: Referral | int,
    *,
    survivor: Person,
    perpetrators: Iterable[Person] = (),
    children: Iterable[Person] = (),
) -> Referral:
    """Make `survivor` the referral's survivor and link its perpetrators (partners) and children (living there)."""
    pk = referral.pk if isinstance(referral, Referral) else referral
    Referral.objects.filter(pk=pk).update(survivor=survivor)
    linked = Referral.objects.get(pk=pk)
    for perpetrator in perpetrators:
        ReferralPerpetrator.objects.create(referral=linked, person=perpetrator, relationship="partner")
    for child in children:
        ReferralChild.objects.create(referral=linked, person=child, lives_in_household=LivesInHousehold.YES)
    return linked


def referred_to_marac(referral: Referral, *, days_ago: int, marac_slug: str = "swale-marac") -> MaracReferral:
    """An earlier MARAC referral of `referral`, made `days_ago` days ago."""
    case = MaracReferral.objects.create(
        referral=referral,
        marac=Marac.objects.get(slug=marac_slug),
        reason=MaracReason.VISIBLE_HIGH_RISK,
        yes_count=16,
    )
    MaracReferral.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    case.refresh_from_db()
    return case
