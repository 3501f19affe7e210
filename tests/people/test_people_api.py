"""The people API: triage searches for a person before saving; a person is seen only with one of
their referrals; the referral shows its people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_triage_finds_the_survivor_as_they_type_a_misspelt_name(
    triage: User, api: Callable[..., APIClient], create_referral: Callable[..., dict[str, Any]]
) -> None:
    body = create_referral(first_name="John", last_name="Smith", date_of_birth="1980-02-03")
    survivor_id = Referral.objects.get(pk=body["id"]).survivor_id
    response = api(triage).get(
        "/api/v1/people/", {"given_name": "Jon", "family_name": "Smyth", "date_of_birth": "1980-02-03"}
    )
    assert response.status_code == 200, response.json()
    best = response.json()[0]
    assert best["person"]["id"] == survivor_id
    assert "Same date of birth" in best["reasons"]
    assert best["open_case"] is None  # still with triage: no provider holds a case yet


def test_a_search_without_anything_to_search_for_is_refused(triage: User, api: Callable[..., APIClient]) -> None:
    response = api(triage).get("/api/v1/people/", {"postcode": "not a postcode"})
    assert response.status_code == 400


def test_a_person_is_seen_with_their_referral_and_is_not_there_for_others(
    triage: User,
    oasis_worker: User,
    api: Callable[..., APIClient],
    create_referral: Callable[..., dict[str, Any]],
) -> None:
    body = create_referral(perpetrator_name="Dean Smith")
    referral = api(triage).get(f"/api/v1/referrals/{body['id']}/").json()
    assert referral["survivor"] is not None
    assert [p["name"] for p in referral["perpetrators"]] == ["Dean Smith"]
    own = api(triage).get(f"/api/v1/people/{referral['survivor']}/")
    assert own.status_code == 200
    assert own.json()["referrals"] == [body["reference"]]
    assert api(oasis_worker).get(f"/api/v1/people/{referral['survivor']}/").status_code == 404
    assert api(oasis_worker).get("/api/v1/people/", {"family_name": body["last_name"]}).json() == []


def test_a_persons_referrals_are_those_on_which_they_are_survivor_perpetrator_or_child(
    triage: User,
    oasis_worker: User,
    api: Callable[..., APIClient],
    create_referral: Callable[..., dict[str, Any]],
) -> None:
    first = create_referral(
        perpetrator_name="Dean Smith", children=[{"first_name": "Mia", "date_of_birth": "2019-05-04"}]
    )
    seen = api(triage).get(f"/api/v1/referrals/{first['id']}/").json()
    perpetrator = seen["perpetrators"][0]["person"]
    child = seen["child_people"][0]["person"]
    assert api(triage).get(f"/api/v1/people/{perpetrator}/").json()["referrals"] == [first["reference"]]
    assert api(triage).get(f"/api/v1/people/{child}/").json()["referrals"] == [first["reference"]]
    assert api(triage).get(f"/api/v1/people/{seen['survivor']}/").json()["referrals"] == [first["reference"]]
    assert api(oasis_worker).get(f"/api/v1/people/{perpetrator}/").status_code == 404
