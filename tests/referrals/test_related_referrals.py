"""A referral's page names the survivor's other referrals: the same person's (those the reader may open), her
other open cases (likewise), and the referrals received while this case is open (all of them, linked only where
the reader may open them). One referral may be in several lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from people.models import Person
from providers.models import Organisation
from referrals.models import Referral
from referrals.selectors import related_referrals
from tests.factories import ReferralFactory, UserFactory
from tests.household import person

pytestmark = pytest.mark.django_db


def _referral(survivor: Person, *, days_ago: int, state: str, provider: str | None) -> Referral:
    # Made in the state under test: this reads the lists, it does not move referrals.
    return ReferralFactory(
        first_name="Grace",
        last_name="Adeyemi",
        date_of_birth=timezone.localdate() - timedelta(days=40 * 365),
        received_at=timezone.now() - timedelta(days=days_ago),
        state=state,
        provider=Organisation.objects.get(slug=provider) if provider else None,
        survivor=survivor,
    )


@pytest.fixture
def her_referrals(ref: None) -> dict[str, Referral]:
    survivor = person("Grace", "Adeyemi")
    return {
        "closed_elsewhere": _referral(survivor, days_ago=20, state="closed", provider="victim-support"),
        "case": _referral(survivor, days_ago=10, state="accepted", provider="centra"),
        "open_elsewhere": _referral(survivor, days_ago=5, state="in_support", provider="victim-support"),
        "newest": _referral(survivor, days_ago=0, state="routed", provider="centra"),
    }


def _named(found: list[Referral], her: dict[str, Referral]) -> list[str]:
    names = {referral.pk: name for name, referral in her.items()}
    return [names[referral.pk] for referral in found]


@pytest.mark.parametrize(
    "reader, earlier, open_cases, new, new_visible",
    [
        # Centra's worker sees only what Centra holds: the other provider's referrals are left out of the
        # lists she may open, and the new one they hold is named without a link.
        ("centra_worker", ["newest"], [], ["newest", "open_elsewhere"], ["newest"]),
        # Triage sees every referral.
        (
            "triage",
            ["newest", "open_elsewhere", "closed_elsewhere"],
            ["open_elsewhere"],
            ["newest", "open_elsewhere"],
            ["newest", "open_elsewhere"],
        ),
    ],
)
def test_each_list_holds_what_its_rule_finds_for_the_reader(
    request: pytest.FixtureRequest,
    her_referrals: dict[str, Referral],
    reader: str,
    earlier: list[str],
    open_cases: list[str],
    new: list[str],
    new_visible: list[str],
) -> None:
    user: User = request.getfixturevalue(reader)
    found = related_referrals(user, her_referrals["case"])
    assert _named(found.earlier, her_referrals) == earlier
    assert _named(found.open_cases, her_referrals) == open_cases
    assert _named(found.new_referrals, her_referrals) == new
    assert {her_referrals[name].pk for name in new_visible} == found.new_referrals_visible


def test_a_referral_with_no_other_referrals_reads_one_statement(
    ref: None, triage: User, django_assert_num_queries: object
) -> None:
    alone = Referral.objects.get(pk=ReferralFactory().pk)
    with django_assert_num_queries(1):  # type: ignore[operator]
        found = related_referrals(triage, alone)
    assert (found.earlier, found.open_cases, found.new_referrals, found.new_referrals_visible) == ([], [], [], set())


def test_what_the_page_shows_of_her_other_referrals_is_read_with_them(
    her_referrals: dict[str, Referral], triage: User, django_assert_num_queries: object
) -> None:
    her_worker = UserFactory(first_name="Amara", last_name="Okafor")
    Referral.objects.filter(pk=her_referrals["open_elsewhere"].pk).update(allocated_worker=her_worker)
    found = related_referrals(triage, her_referrals["case"])
    rows = [*found.earlier, *found.open_cases, *found.new_referrals]
    with django_assert_num_queries(0):  # type: ignore[operator]
        shown = {
            (
                row.reference,
                row.received_at,
                row.get_state_display(),
                str(row.provider),
                str(row.allocated_worker or ""),
            )
            for row in rows
        }
    open_elsewhere = her_referrals["open_elsewhere"]
    assert (
        open_elsewhere.reference,
        open_elsewhere.received_at,
        "In support",
        "Victim Support",
        "Amara Okafor",
    ) in shown
