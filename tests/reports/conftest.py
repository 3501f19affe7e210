from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from accounts.models import User
from casework.models import OUTCOME_MEASURES, Closure, RefugePlace, SupportEpisode
from marac.models import Marac, MaracReferral
from providers.models import Area, District, Organisation, Service
from referrals.models import Referral
from reports.models import Contract, FundingContribution
from reports.periods import LONDON
from sla.models import Clock
from tests.factories import ReferralFactory


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def make_referral(ref: None) -> Callable[..., Referral]:
    """A referral straight into the table (history does not matter to the return)."""

    def make(received: datetime, *, district: str = "swale", provider: str | None = None, **fields: Any) -> Referral:
        return ReferralFactory(
            received_at=received,
            district=District.objects.get(slug=district),
            provider=Organisation.objects.get(slug=provider) if provider else None,
            **fields,
        )

    return make


@pytest.fixture
def episode(administrator: User) -> Callable[..., SupportEpisode]:
    def make(
        referral: Referral, service: str, started: date, *, place: RefugePlace | None = None, ended: date | None = None
    ) -> SupportEpisode:
        return SupportEpisode.objects.create(
            referral=referral,
            service=Service.objects.get(slug=service),
            started_on=started,
            ended_on=ended,
            refuge_place=place,
            started_by=administrator,
        )

    return make


@pytest.fixture
def closure(administrator: User) -> Callable[..., Closure]:
    def make(referral: Referral, on: datetime, **answers: str) -> Closure:
        outcomes = {m: answers.get(m, "not_asked") for m in OUTCOME_MEASURES}
        made = Closure.objects.create(
            referral=referral, reason="support_completed", outcomes=outcomes, by=administrator
        )
        Closure.objects.filter(pk=made.pk).update(at=on)
        return made

    return make


@pytest.fixture
def marac_case() -> Callable[..., MaracReferral]:
    def make(referral: Referral, on: datetime, *, repeat: bool = False) -> MaracReferral:
        case = MaracReferral.objects.create(
            referral=referral,
            marac=Marac.objects.get(slug="swale-marac"),
            reason="visible_high_risk",
            yes_count=15,
            is_repeat=repeat,
        )
        MaracReferral.objects.filter(pk=case.pk).update(created_at=on)
        return case

    return make


@pytest.fixture
def clock() -> Callable[..., Clock]:
    def make(referral: Referral, stage: str, due: datetime, *, met: bool | None) -> Clock:
        return Clock.objects.create(
            referral=referral,
            stage=stage,
            risk_level=referral.risk_level or "medium",
            started_at=due - timedelta(hours=8),
            due_at=due,
            remind_at=due - timedelta(hours=2),
            escalate_at=due + timedelta(hours=4),
            stopped_at=None if met is None else due - timedelta(hours=1 if met else -1),
            met=met,
        )

    return make


@pytest.fixture
def hand_checked(make_referral, episode, closure, marac_case, clock):
    """This period (2025/26 Q1): r1–r4 and r7 count, r5 is a duplicate, r6 falls on 31 March.
    Last year (2024/25 Q1): r8 only."""
    r1 = make_referral(at(date(2025, 4, 2)), provider="centra", source="police", risk_level="high")
    episode(r1, "idva", date(2025, 4, 10))
    marac_case(r1, at(date(2025, 4, 3)))
    clock(r1, "triage", at(date(2025, 4, 2), 16), met=True)

    place = RefugePlace.objects.filter(refuge__name="North Kent Refuge").first()
    r2 = make_referral(at(date(2025, 4, 20)), provider="centra", source="self", risk_level="medium")
    episode(r2, "refuge", date(2025, 5, 1), place=place)
    episode(r2, "outreach", date(2025, 6, 1))  # a second service: not a new entrant again
    closure(r2, at(date(2025, 6, 20)), cessation_of_abuse="yes", reduction_in_risk="no")

    r3 = make_referral(
        at(date(2025, 5, 5)), district="thanet", provider="victim-support", source="police", risk_level="standard"
    )
    clock(r3, "triage", at(date(2025, 5, 6)), met=False)
    clock(r3, "provider_decision", at(date(2025, 5, 8)), met=None)  # still running, long past due: missed
    closure(r3, at(date(2025, 6, 30), 23, 30), cessation_of_abuse="yes", reduction_in_risk="yes", feeling_safe="no")

    r4 = make_referral(
        at(date(2025, 6, 1)), district="dover", source="health", risk_level="high", state="needs_routing"
    )
    marac_case(r4, at(date(2025, 6, 2)), repeat=True)

    make_referral(at(date(2025, 5, 1)), source="police", risk_level="medium", state="duplicate")  # r5
    make_referral(at(date(2025, 3, 31), 23, 30), source="police", risk_level="high", provider="centra")  # r6
    make_referral(at(date(2025, 4, 1), 0, 30), source="housing", risk_level="")  # r7: not yet assessed

    r8 = make_referral(at(date(2024, 5, 1)), provider="centra", source="police", risk_level="medium")
    episode(r8, "outreach", date(2024, 5, 3))
    clock(r8, "provider_decision", at(date(2024, 5, 2)), met=True)
    closure(r8, at(date(2024, 7, 1), 0, 15), cessation_of_abuse="yes")  # 1 July: next quarter, not counted

    contract = Contract.objects.create(
        name="North and South community",
        provider=Organisation.objects.get(slug="centra"),
        area=Area.objects.get(slug="north"),
        starts_on=date(2024, 4, 1),
        ends_on=date(2026, 3, 31),
        annual_value=Decimal("365000.00"),
    )
    FundingContribution.objects.create(
        contract=contract, partner="Kent County Council", annual_amount=Decimal("292000")
    )
    FundingContribution.objects.create(
        contract=contract, partner="Police and Crime Commissioner", annual_amount=Decimal("73000")
    )
    return place
