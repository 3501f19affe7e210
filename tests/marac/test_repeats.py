"""A repeat: the same person (name and date of birth, plus postcode or phone) HEARD at any MARAC in
the 12 months before the new referral. The earlier case is shown."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from marac.models import Marac, MaracReferral
from marac.services import marac_referral_create
from referrals.risk import MaracReason
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

RECEIVED = timezone.make_aware(datetime(2026, 11, 23, 10, 0))
PERSON = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": date(1988, 6, 14)}


def earlier_case(heard_on: date | None, marac_slug: str = "thanet-marac", **person: object) -> MaracReferral:
    referral = ReferralFactory(**{**PERSON, "postcode": "CT9 1AA", "phone": "+447700900111", **person})
    return MaracReferral.objects.create(
        referral=referral,  # type: ignore[misc]
        marac=Marac.objects.get(slug=marac_slug),
        reason=MaracReason.VISIBLE_HIGH_RISK,
        yes_count=16,
        heard_on=heard_on,
    )


def list_new_referral(**person: object) -> MaracReferral:
    referral = ReferralFactory(**{**PERSON, "postcode": "CT9 1AA", "received_at": RECEIVED, **person})
    case = marac_referral_create(referral=referral, user=None, assessment=None)  # type: ignore[arg-type]
    assert case is not None
    return case


@pytest.mark.parametrize(
    ("heard_on", "is_repeat"),
    [
        (date(2025, 11, 23), True),  # exactly 12 months before: still within the window
        (date(2025, 11, 22), False),  # 12 months and a day: a new referral
        (date(2026, 11, 23), True),  # heard the same day
        (date(2026, 5, 1), True),
    ],
)
def test_it_marks_a_repeat_at_the_twelve_month_boundary(ref, heard_on: date, is_repeat: bool) -> None:
    earlier = earlier_case(heard_on)
    case = list_new_referral()
    assert case.is_repeat is is_repeat
    assert case.repeat_of == (earlier if is_repeat else None)
    assert (case.reason == MaracReason.REPEAT) is is_repeat


def test_a_case_listed_but_never_heard_does_not_make_a_repeat(ref) -> None:
    earlier_case(None)
    assert list_new_referral().is_repeat is False


def test_the_earlier_hearing_may_be_at_any_marac(ref) -> None:
    earlier = earlier_case(date(2026, 9, 1), marac_slug="medway-marac")
    case = list_new_referral()
    assert case.marac.slug == "swale-marac"
    assert case.repeat_of == earlier


def test_it_needs_the_postcode_or_a_phone_as_well_as_name_and_birth_date(ref) -> None:
    earlier_case(date(2026, 9, 1), postcode="ME1 1AA", phone="")
    assert list_new_referral().is_repeat is False
    earlier_case(date(2026, 9, 2), postcode="ME1 1AA", phone="+447700900999")
    assert list_new_referral(postcode="TN1 1AA", phone="+447700900999").is_repeat is True


def test_it_shows_the_latest_earlier_hearing(ref) -> None:
    earlier_case(date(2026, 1, 5))
    latest = earlier_case(date(2026, 8, 4))
    assert list_new_referral().repeat_of == latest
