from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from accounts.models import User
from casework.models import OUTCOME_MEASURES, Closure, RefugePlace, SupportEpisode
from marac.models import Marac, MaracReferral
from providers.models import District, Organisation, Service
from referrals.models import Referral
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
