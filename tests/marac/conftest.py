from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role, User
from marac.models import AgendaItem, Marac, MaracAction, MaracMeeting, MaracMembership, MaracReferral
from marac.services import meeting_agenda_fill
from providers.models import Organisation
from referrals.risk import MaracReason
from tests.factories import ReferralFactory, user_in


def member(org_slug: str, role: str, marac_slug: str, username: str) -> User:
    user = user_in(org_slug, role, username=username)
    MaracMembership.objects.create(user=user, marac=Marac.objects.get(slug=marac_slug))
    return user


@pytest.fixture
def swale(ref: None) -> Marac:
    return Marac.objects.get(slug="swale-marac")


@pytest.fixture
def swale_housing(ref: None) -> User:
    return member("swale-housing", Role.PARTNER_USER, "swale-marac", "hari.housing")


@pytest.fixture
def swale_police(ref: None) -> User:
    return member("kent-police", Role.PARTNER_USER, "swale-marac", "pat.swalepolice")


@pytest.fixture
def thanet_police(ref: None) -> User:
    return member("kent-police", Role.PARTNER_USER, "thanet-marac", "tia.thanetpolice")


@pytest.fixture
def make_case(swale: Marac) -> Callable[..., MaracReferral]:
    """A MARAC case waiting at Swale (straight into the database), listed `days_ago`."""

    def make(days_ago: int = 0, is_repeat: bool = False, marac: Marac | None = None, **referral: Any) -> MaracReferral:
        case = MaracReferral.objects.create(
            referral=ReferralFactory(**referral),  # type: ignore[misc]
            marac=marac or swale,
            reason=MaracReason.REPEAT if is_repeat else MaracReason.VISIBLE_HIGH_RISK,
            yes_count=15,
            is_repeat=is_repeat,
        )
        MaracReferral.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def meeting(swale: Marac, swale_coordinator: User) -> MaracMeeting:
    return MaracMeeting.objects.create(marac=swale, held_on=timezone.localdate() + timedelta(days=7))


@pytest.fixture
def listed(make_case: Callable[..., MaracReferral], meeting: MaracMeeting, swale_coordinator: User) -> AgendaItem:
    """One case on the agenda of the coming Swale meeting."""
    make_case(days_ago=3)
    (item,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    return item


@pytest.fixture
def on_meeting_day(meeting: MaracMeeting, time_machine: Any) -> MaracMeeting:
    """The clock at 10:00 London time on the coming meeting's day: cases can be heard."""
    time_machine.move_to(timezone.make_aware(datetime.combine(meeting.held_on, time(10))), tick=False)
    return meeting


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def action_on(item: AgendaItem, owner_slug: str, description: str = "") -> MaracAction:
    """An open action agreed at the item's meeting, owned by an organisation, due in a fortnight."""
    return MaracAction.objects.create(
        case=item.case,
        meeting=item.meeting,
        owner=Organisation.objects.get(slug=owner_slug),
        person="Named Person",
        description=description or f"{owner_slug} to act",
        due_on=in_days(14),
        created_by=item.listed_by,  # type: ignore[misc]
    )
