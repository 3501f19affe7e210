from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from capacity.models import DistrictPopulation, Post
from marac.models import Marac, MaracReferral
from providers.models import District, Organisation, Service
from referrals.models import Referral, Source
from reports.periods import LONDON
from tests.factories import ReferralFactory
from tests.household import link, person

DOVER_Q1 = {"marac": "dover-marac", "period": "2025-26-q1"}
HEARD = date(2025, 5, 14)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)


@pytest.fixture
def summer_2025(time_machine: Any) -> None:
    time_machine.move_to(datetime(2025, 8, 1, 9, tzinfo=LONDON), tick=False)


def dover_referral(received: date, **fields: Any) -> Referral:
    return ReferralFactory(received_at=at(received), district=District.objects.get(slug="dover"), **fields)


@pytest.fixture
def dover_quarter(ref: None, summer_2025: None) -> dict[str, str]:
    return dover_quarter_data()


def dover_quarter_data() -> dict[str, str]:
    """Dover in 2025/26 Q1: 12 high-risk referrals heard at the Dover MARAC (3 repeats; 7 from the police and
    5 from health; one survivor aged 17; one perpetrator aged 16, one case with no perpetrator linked), 6
    referrals to outreach (4 the same quarter last year); 48,000 women; 2 IDVA, 0.5 coordinator, 3 outreach FTE."""
    oasis = Organisation.objects.get(slug="oasis")
    dover = Marac.objects.get(slug="dover-marac")
    outreach = Service.objects.get(slug="outreach")
    for n in range(12):
        referral = dover_referral(
            date(2025, 5, 1),
            risk_level="high",
            provider=oasis,
            source=Source.POLICE if n < 7 else Source.HEALTH,
            date_of_birth=date(2007, 9, 1) if n == 0 else date(1990, 1, 1),
        )
        if n != 1:
            perpetrator = person(date_of_birth=date(2009, 1, 1) if n == 2 else date(1985, 1, 1))
            link(referral, survivor=person(), perpetrators=[perpetrator], children=[person()] if n < 2 else [])
        MaracReferral.objects.create(
            referral=referral, marac=dover, reason="visible_high_risk", yes_count=15, is_repeat=n < 3, heard_on=HEARD
        )
    for _ in range(6):
        dover_referral(date(2025, 6, 1), risk_level="medium", provider=oasis, service=outreach)
    for _ in range(4):
        dover_referral(date(2024, 6, 1), risk_level="medium", provider=oasis, service=outreach)
    DistrictPopulation.objects.create(
        district=District.objects.get(slug="dover"), year=2025, women_16_plus=48_000, source="test figure"
    )
    for role, fte in (("idva", "2"), ("coordinator", "0.5"), ("outreach", "3")):
        Post.objects.create(role=role, provider=oasis, marac=dover, fte=Decimal(fte), valid_from=date(2024, 4, 1))
    return DOVER_Q1
