"""Who a new referral is about, as the worker answered: the same person as someone known, always a new
person when the worker says so (even when an earlier referral has the same name, date of birth and
postcode), and the repeat rule's exact match only when nobody was asked (public and partner arrivals,
imports, the API without an answer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from kidas.errors import DomainError
from people.models import Person
from referrals.models import Referral
from referrals.services import referral_create
from tests.factories import referral_payload
from tests.referrals.test_pages import referral_form

pytestmark = pytest.mark.django_db

HER = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "1988-06-14", "postcode": "ME10 3AB"}


@pytest.fixture
def earlier(create_referral: Callable[..., dict[str, Any]]) -> Referral:
    """Her earlier referral: an exact match by the repeat rule for any new one with her details."""
    return Referral.objects.get(pk=create_referral(**HER)["id"])


@pytest.fixture
def someone_else(create_referral: Callable[..., dict[str, Any]]) -> Person:
    body = create_referral(first_name="Beatrice", last_name="Mensah", date_of_birth="1979-02-03")
    return Referral.objects.get(pk=body["id"]).survivor


def _data(**overrides: Any) -> dict[str, Any]:
    from referrals.serializers import ReferralInputSerializer

    serializer = ReferralInputSerializer(data=referral_payload(**HER, **overrides))
    assert serializer.is_valid(), serializer.errors
    return dict(serializer.validated_data)


@pytest.mark.parametrize(
    ("choice", "chosen", "survivor_is"),
    [
        pytest.param("existing", "someone_else", "someone_else", id="same person: the one chosen"),
        pytest.param("new", None, "a new person", id="a new person: never the exact match"),
        pytest.param("not_asked", None, "the earlier survivor", id="nobody asked: the exact match links her"),
        pytest.param(None, None, "the earlier survivor", id="no answer given: as nobody asked"),
    ],
)
def test_it_links_the_survivor_the_answer_says(
    triage: User, earlier: Referral, someone_else: Person, choice: str | None, chosen: str | None, survivor_is: str
) -> None:
    person = someone_else if chosen else None
    referral = referral_create(user=triage, data=_data(), channel="triage", survivor=person, survivor_choice=choice)
    expected = {
        "someone_else": someone_else.pk,
        "the earlier survivor": earlier.survivor_id,
    }.get(survivor_is)
    if survivor_is == "a new person":
        assert referral.survivor_id not in (None, earlier.survivor_id, someone_else.pk)
        assert Person.objects.get(pk=referral.survivor_id).full_name == "Amara Okafor"
    else:
        assert referral.survivor_id == expected


@pytest.mark.parametrize(
    ("choice", "with_person"),
    [("existing", False), ("new", True), ("not_asked", True), ("maybe", False)],
)
def test_an_answer_that_does_not_agree_with_the_person_is_refused(
    triage: User, earlier: Referral, choice: str, with_person: bool
) -> None:
    with pytest.raises(DomainError):
        referral_create(
            user=triage,
            data=_data(),
            channel="triage",
            survivor=earlier.survivor if with_person else None,
            survivor_choice=choice,
        )
    assert Referral.objects.count() == 1


def test_a_new_person_on_the_page_is_a_new_person_even_with_her_exact_details(
    client: Client, triage: User, earlier: Referral
) -> None:
    client.force_login(triage)
    form = referral_form(postcode="ME10 3AB", survivor="new")
    response = client.post("/referrals/new/", form)
    assert response.status_code == 302
    new = Referral.objects.latest("pk")
    assert new.survivor_id not in (None, earlier.survivor_id)
    assert new.is_repeat  # still flagged as a repeat of her details: the repeat flag is not who she is


def test_the_api_takes_the_answer(api: Callable[[User | None], APIClient], triage: User, earlier: Referral) -> None:
    new = api(triage).post("/api/v1/referrals/", referral_payload(**HER, survivor_choice="new"), format="json")
    assert new.status_code == 201, new.json()
    assert new.json()["survivor"] not in (None, earlier.survivor_id)
    same = api(triage).post(
        "/api/v1/referrals/",
        referral_payload(**HER, survivor_choice="existing", survivor=earlier.survivor_id),
        format="json",
    )
    assert same.status_code == 201, same.json()
    assert same.json()["survivor"] == earlier.survivor_id


def test_the_api_refuses_an_answer_without_its_person_or_a_person_nobody_knows(
    api: Callable[[User | None], APIClient], triage: User, earlier: Referral
) -> None:
    client = api(triage)
    missing = client.post("/api/v1/referrals/", referral_payload(survivor_choice="existing"), format="json")
    assert missing.status_code == 400
    assert "survivor" in missing.json()
    unknown = client.post("/api/v1/referrals/", referral_payload(survivor=987654), format="json")
    assert unknown.status_code == 400
    assert "No such person" in str(unknown.json())
    assert Referral.objects.count() == 1
