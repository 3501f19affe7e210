"""A child's page is seen by whoever may see the survivor's case, and by the children's service holding the
child's case (open or past): Project Salus opens the page of a child it works with, sees its cases with the
child there and none of the survivor's household; a child it holds no case for, and any other organisation,
get 404. Opening the page is written in the access trail against the case's referral."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access_trail.access import AccessEvent
from accounts.models import Role, User
from people.models import Person
from referrals.models import Referral
from tests.factories import user_in
from tests.household import link, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def salus_worker(ref: None) -> User:
    return user_in("project-salus", Role.PROVIDER_WORKER, username="sid.salus")


@pytest.fixture
def family(routed_case: Any) -> dict[str, Any]:
    """A Swale case (Centra's) with two children, the younger referred to the children's service."""
    referral_id = routed_case("swale", 11)
    survivor = person("Morwenna", "Trelawny", date(1984, 2, 3))
    older, younger = person("Kerensa", "Trelawny", date(2014, 6, 1)), person("Elowen", "Trelawny", date(2018, 3, 2))
    link(referral_id, survivor=survivor, children=[older, younger])
    return {"referral": referral_id, "older": older, "younger": younger}


def refer(api: Any, triage: User, referral_id: int, child: Person) -> int:
    made = api(triage).post(
        f"/api/v1/referrals/{referral_id}/childrens-service/",
        {"child": child.pk, "source": "safe_accommodation", "accommodation_kind": "refuge", "reason": "Nightmares."},
        format="json",
    )
    assert made.status_code == 201, made.json()
    return int(made.json()["id"])


def page(client: Client, user: User, child: Person) -> Any:
    client.force_login(user)
    return client.get(reverse("referrals:child", args=[child.pk]))


def test_it_lets_the_childrens_service_open_the_page_of_a_child_it_works_with(
    client: Client, api: Any, triage: User, salus_worker: User, family: dict[str, Any]
) -> None:
    case_id = refer(api, triage, family["referral"], family["younger"])
    response = page(client, salus_worker, family["younger"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Elowen Trelawny" in body
    assert reverse("accommodation:sass-case", args=[case_id]) in body
    assert "Project Salus" in body
    # Not the survivor's household: her case is her provider's and triage's.
    referral = Referral.objects.get(pk=family["referral"])
    assert referral.reference not in body and "Morwenna" not in body
    assert "No household you may see" in body
    event = AccessEvent.objects.order_by("-id").first()
    assert event is not None and event.user == salus_worker and event.referral_ids == [family["referral"]]


def test_it_keeps_the_page_of_a_child_it_holds_no_case_for_out_of_scope(
    client: Client, api: Any, triage: User, salus_worker: User, family: dict[str, Any]
) -> None:
    refer(api, triage, family["referral"], family["younger"])
    assert page(client, salus_worker, family["older"]).status_code == 404


def test_it_still_opens_once_the_childrens_service_case_is_over(
    client: Client, api: Any, triage: User, salus_worker: User, family: dict[str, Any]
) -> None:
    case_id = refer(api, triage, family["referral"], family["younger"])
    closed = api(salus_worker).post(
        f"/api/v1/childrens-service-cases/{case_id}/close/",
        {"move": "decline", "reason": "The family moved out of Kent."},
        format="json",
    )
    assert closed.status_code == 200, closed.json()
    response = page(client, salus_worker, family["younger"])
    assert response.status_code == 200 and "Declined" in response.content.decode()


def test_other_organisations_staff_get_404(
    client: Client, api: Any, triage: User, oasis_worker: User, commissioner: User, family: dict[str, Any]
) -> None:
    refer(api, triage, family["referral"], family["younger"])
    for outsider in (oasis_worker, commissioner):
        assert page(client, outsider, family["younger"]).status_code == 404


def test_the_survivors_provider_sees_the_household_and_the_childrens_service_case(
    client: Client, api: Any, triage: User, centra_worker: User, family: dict[str, Any]
) -> None:
    refer(api, triage, family["referral"], family["younger"])
    body = page(client, centra_worker, family["younger"]).content.decode()
    assert Referral.objects.get(pk=family["referral"]).reference in body
    assert "Children's service" in body and "Project Salus" in body
    # Her other child has no children's service case: the page says nothing of one.
    assert "child-cases" not in page(client, centra_worker, family["older"]).content.decode()
