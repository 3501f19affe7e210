"""Matching before saving on triage's new-referral page: the people already known who may be the one
typed in appear with what is known of them, and the worker must say same person or new person."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AccessEvent
from referrals.models import Referral
from tests.referrals.test_pages import referral_form

pytestmark = pytest.mark.django_db

HER = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "1988-06-14", "postcode": "ME10 3AB"}
MISSPELT = {"first_name": "Amra", "last_name": "Okafur"}


@pytest.fixture
def known_case(open_case: Callable[..., int], centra_worker: User) -> Referral:
    return Referral.objects.select_related("survivor").get(pk=open_case(centra_worker, **HER))


@pytest.fixture
def signed_in(client: Client, triage: User) -> Client:
    client.force_login(triage)
    return client


def test_the_candidates_panel_shows_her_open_case_and_why_she_matched(
    signed_in: Client, known_case: Referral, centra_worker: User
) -> None:
    response = signed_in.post("/triage/new-referral/candidates/", referral_form(**MISSPELT))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{known_case.survivor_id}"' in page
    assert known_case.reference in page
    assert escape(centra_worker.get_full_name()) in page
    assert "Same date of birth" in page
    assert "A new person" in page
    assert "checked" not in page  # nothing pre-selected
    assert AccessEvent.objects.filter(what__startswith="Candidates for a new referral").exists()


def test_nothing_typed_shows_no_candidates(signed_in: Client, known_case: Referral) -> None:
    response = signed_in.post("/triage/new-referral/candidates/", {})
    assert response.status_code == 200
    assert "Same person as" not in response.content.decode()


def test_the_panel_is_not_there_for_a_provider_worker(client: Client, centra_worker: User) -> None:
    client.force_login(centra_worker)
    assert client.post("/triage/new-referral/candidates/", referral_form()).status_code == 404


def test_it_will_not_save_until_the_worker_says_same_person_or_new_person(
    signed_in: Client, known_case: Referral
) -> None:
    response = signed_in.post("/referrals/new/", referral_form(**MISSPELT))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose whether this is the same person as someone already known, or a new person" in page
    assert 'href="#id_survivor"' in page
    assert Referral.objects.count() == 1


def test_same_person_links_the_new_referral_to_her(signed_in: Client, known_case: Referral) -> None:
    response = signed_in.post("/referrals/new/", referral_form(**MISSPELT, survivor=str(known_case.survivor_id)))
    assert response.status_code == 302
    assert Referral.objects.latest("pk").survivor_id == known_case.survivor_id


def test_a_new_person_is_a_new_survivor(signed_in: Client, known_case: Referral) -> None:
    response = signed_in.post("/referrals/new/", referral_form(**MISSPELT, survivor="new"))
    assert response.status_code == 302
    assert Referral.objects.latest("pk").survivor_id not in (None, known_case.survivor_id)


def test_a_choice_that_is_not_among_the_candidates_is_refused(signed_in: Client, known_case: Referral) -> None:
    response = signed_in.post("/referrals/new/", referral_form(**MISSPELT, survivor="999999"))
    assert response.status_code == 400
    assert Referral.objects.count() == 1


def test_without_candidates_it_saves_as_before(signed_in: Client, ref: Any) -> None:
    assert signed_in.post("/referrals/new/", referral_form()).status_code == 302


def test_a_choice_made_stays_made_when_the_panel_is_refreshed(signed_in: Client, known_case: Referral) -> None:
    chosen = str(known_case.survivor_id)
    page = signed_in.post("/triage/new-referral/candidates/", referral_form(**MISSPELT, survivor=chosen)).content
    assert f'value="{chosen}" aria-describedby="candidate-{chosen}-known" checked' in page.decode()
