"""A new referral for a survivor whose case is open with a provider is linked to that case; the case's
worker and the provider's managers are told and asked to reassess; and the rules do not hand her to a
second provider: triage routes it by hand, with a reason, or to the provider that holds her case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from casework.models import NewReferralForOpenCase
from people.models import Person
from referrals.models import Referral
from sla.models import Notification
from tests.household import link, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def survivor(ref: None) -> Person:
    return person("Grace", "Adeyemi")


@pytest.fixture
def held_case(open_case: Callable[..., int], centra_worker: User, survivor: Person) -> Referral:
    """Her case, open with Centra (medium risk), allocated to the Centra worker."""
    return link(open_case(centra_worker), survivor=survivor)


@pytest.fixture
def new_referral(
    create_referral: Callable[..., dict[str, Any]], assess: Callable[..., Any], survivor: Person
) -> Callable[[int], Referral]:
    def make(yes: int) -> Referral:
        referral = link(create_referral(district="swale")["id"], survivor=survivor)
        assert assess(referral.pk, yes).status_code == 201
        referral.refresh_from_db()
        return referral

    return make


def test_it_is_linked_and_the_worker_and_managers_are_asked_to_reassess(
    held_case: Referral, new_referral: Callable[[int], Referral], centra_worker: User, centra_manager: User
) -> None:
    referral = new_referral(3)
    assert NewReferralForOpenCase.objects.filter(case=held_case, referral=referral).count() == 1
    for user in (centra_worker, centra_manager):
        (note,) = Notification.objects.filter(user=user, text__startswith="New referral")
        assert note.text == (
            f"New referral {referral.reference} for the survivor of your case {held_case.reference}: reassess the risk"
        )
        assert note.link == f"/cases/{held_case.pk}/reassess/"


def test_it_is_not_handed_to_a_second_provider_by_the_rules(
    held_case: Referral, new_referral: Callable[[int], Referral]
) -> None:
    referral = new_referral(3)  # standard risk: the rules would send it to Victim Support
    assert (referral.state, referral.provider) == ("needs_routing", None)
    assert referral.routing_explanation.startswith(
        f"Not routed by the rules: the survivor's case {held_case.reference} is open with Centra Care and Support"
    )


def test_it_goes_on_as_usual_when_the_rules_name_the_provider_holding_her_case(
    held_case: Referral, new_referral: Callable[[int], Referral]
) -> None:
    referral = new_referral(11)  # medium: Centra, who hold her case
    assert referral.state == "routed" and referral.provider == held_case.provider


def test_both_pages_show_the_link(
    client: Client, held_case: Referral, new_referral: Callable[[int], Referral], triage: User, centra_worker: User
) -> None:
    referral = new_referral(3)
    client.force_login(triage)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Linked to the survivor's open case: " in page and held_case.reference in page
    client.force_login(centra_worker)
    case_page = client.get(f"/referrals/{held_case.pk}/").content.decode()
    assert "New referral for this survivor" in case_page and referral.reference in case_page
    assert f"/cases/{held_case.pk}/reassess/" in case_page
