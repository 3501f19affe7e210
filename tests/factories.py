"""Factories with Faker's en_GB locale: realistic, never real people."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from faker import Faker

from accounts.models import Role, User
from providers.models import District, Organisation
from referrals.models import Referral, Source

fake = Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.TRIAGE_WORKER
    password = factory.django.Password("correct-horse-battery-staple")


def user_in(org_slug: str | None, role: str, **kwargs: Any) -> User:
    organisation = Organisation.objects.get(slug=org_slug) if org_slug else None
    return UserFactory(role=role, organisation=organisation, **kwargs)


def referral_payload(**overrides: Any) -> dict[str, Any]:
    """A valid API body for a new referral (a woman in Swale, consenting, police referral)."""
    data: dict[str, Any] = {
        "first_name": fake.first_name_female(),
        "last_name": fake.last_name(),
        "date_of_birth": fake.date_of_birth(minimum_age=18, maximum_age=70).isoformat(),
        "gender": "woman",
        "address_line_1": fake.street_address(),
        "town": "Sittingbourne",
        "postcode": "ME10 3AB",
        "district": "swale",
        "phone": "07700 900123",
        "safe_phone": "07700 900456",
        "voicemail_allowed": False,
        "safe_times": "Any time",  # safe-times tests set their own and freeze the clock
        "code_word": "bluebell",
        "perpetrator_has_phone_access": False,
        "perpetrator_name": fake.name_male(),
        "perpetrator_relationship": "ex_partner",
        "perpetrator_lives_with_victim": False,
        "source": "police",
        "consent_given": True,
        "circumstances": "Police attended after a neighbour called.",
    }
    data.update(overrides)
    return data


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral straight into the database, in the received state (move it with the services)."""

    class Meta:
        model = Referral

    first_name = factory.Faker("first_name_female", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=18, maximum_age=70))
    gender = "woman"
    postcode = "ME10 3AB"
    district = factory.LazyFunction(lambda: District.objects.get(slug="swale"))
    perpetrator_relationship = "partner"
    # The safety questions, asked and answered (None would mean nobody asked).
    voicemail_allowed = False
    perpetrator_has_phone_access = False
    perpetrator_lives_with_victim = False
    source = Source.POLICE
    consent_given = True
    received_at = factory.LazyFunction(timezone.now)


ALL_YES_UP_TO = 25


def answers(yes: int, keys: list[str]) -> dict[str, str]:
    """The first `yes` questions answered yes, the rest no."""
    return {key: ("yes" if i < yes else "no") for i, key in enumerate(keys)}


def dob(years_ago: int) -> date:
    """The date of birth of someone who turns `years_ago` today (28 February for a 29 February birthday)."""
    return timezone.localdate() - relativedelta(years=years_ago)
