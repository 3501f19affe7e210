"""The repeat rule at work: a new referral for the same survivor and alleged perpetrator within 12 months of
the pair's last MARAC referral goes back to that MARAC whatever its risk level, and triage reads why; after
the window, or with another perpetrator, it does not. (The rule's edges: test_pair_repeat_rule.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from accounts.models import User
from marac.models import MaracReferral
from people.models import Person
from referrals.models import Referral
from referrals.risk import MaracReason
from tests.factories import ReferralFactory
from tests.household import link, person, referred_to_marac

pytestmark = pytest.mark.django_db

Pair = tuple[Person, Person]
NewReferral = Callable[..., Referral]


@pytest.fixture
def pair(ref: None) -> tuple[Person, Person]:
    return person("Amara", "Okafor"), person("Dean", "Harper")


def earlier_referral(
    survivor: Person, perpetrator: Person, *, days_ago: int, marac: str = "swale-marac"
) -> MaracReferral:
    referral: Referral = ReferralFactory.create(received_at=timezone.now() - timedelta(days=days_ago + 1))
    link(referral, survivor=survivor, perpetrators=[perpetrator])
    return referred_to_marac(referral, days_ago=days_ago, marac_slug=marac)


@pytest.fixture
def new_referral(create_referral: Callable[..., dict[str, Any]], assess: Callable[..., Any]) -> Callable[..., Referral]:
    """A police referral in Swale, linked to its people, then assessed with `yes` yes-answers (so routed)."""

    def make(survivor: Person, perpetrators: list[Person], yes: int) -> Referral:
        referral = link(create_referral(district="swale")["id"], survivor=survivor, perpetrators=perpetrators)
        response = assess(referral.pk, yes)
        assert response.status_code == 201, response.json()
        referral.refresh_from_db()
        return referral

    return make


def test_a_standard_risk_repeat_within_the_window_goes_back_to_marac(pair: Pair, new_referral: NewReferral) -> None:
    survivor, perpetrator = pair
    earlier = earlier_referral(survivor, perpetrator, days_ago=150)
    referral = new_referral(survivor, [perpetrator], yes=3)
    assert referral.risk_level == "standard"
    assert referral.provider is not None and referral.provider.slug == "victim-support"  # routed as usual
    case = referral.marac_referrals.get()
    assert (case.marac.slug, case.is_repeat, case.reason, case.repeat_of) == (
        "swale-marac",
        True,
        MaracReason.REPEAT,
        earlier,
    )
    assert "same survivor and alleged perpetrator (Dean Harper)" in case.why
    assert "whatever its risk level" in case.why


def test_triage_reads_why_on_the_referral_page(
    client: Client, triage: User, pair: Pair, new_referral: NewReferral
) -> None:
    survivor, perpetrator = pair
    earlier_referral(survivor, perpetrator, days_ago=150)
    referral = new_referral(survivor, [perpetrator], yes=3)
    client.force_login(triage)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "MARAC: Swale MARAC (repeat)" in page
    assert "goes back to Swale MARAC whatever its risk level" in page


def test_after_the_window_it_is_a_new_referral(pair: Pair, new_referral: NewReferral) -> None:
    survivor, perpetrator = pair
    today = timezone.localdate()
    days = (today - (today - relativedelta(months=12))).days
    earlier_referral(survivor, perpetrator, days_ago=days + 1)
    assert not new_referral(survivor, [perpetrator], yes=3).marac_referrals.exists()


def test_a_different_perpetrator_is_not_a_repeat(pair: Pair, new_referral: NewReferral) -> None:
    survivor, perpetrator = pair
    earlier_referral(survivor, perpetrator, days_ago=30)
    assert not new_referral(survivor, [person("Craig", "Milne")], yes=3).marac_referrals.exists()


def test_a_high_risk_repeat_goes_to_the_pairs_marac_not_the_districts(pair: Pair, new_referral: NewReferral) -> None:
    survivor, perpetrator = pair
    earlier = earlier_referral(survivor, perpetrator, days_ago=60, marac="thanet-marac")
    case = new_referral(survivor, [perpetrator], yes=16).marac_referrals.get()
    assert (case.marac.slug, case.is_repeat, case.repeat_of) == ("thanet-marac", True, earlier)


def test_a_high_risk_referral_that_is_not_a_repeat_goes_to_its_districts_marac(
    pair: Pair, new_referral: NewReferral
) -> None:
    survivor, perpetrator = pair
    case = new_referral(survivor, [perpetrator], yes=16).marac_referrals.get()
    assert (case.marac.slug, case.is_repeat, case.reason) == ("swale-marac", False, MaracReason.VISIBLE_HIGH_RISK)


def test_a_withdrawn_earlier_referral_left_marac_and_does_not_count(pair: Pair, new_referral: NewReferral) -> None:
    survivor, perpetrator = pair
    earlier = earlier_referral(survivor, perpetrator, days_ago=30)
    Referral.objects.filter(pk=earlier.referral_id).update(state="withdrawn")
    assert not new_referral(survivor, [perpetrator], yes=3).marac_referrals.exists()
