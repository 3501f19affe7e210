"""Public and partner referrals are matched on arrival; triage sees the people already known on the
referral's page and answers same person or new person, with who and when, and a reason to change it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from intake.services import partner_referral_create
from providers.models import District
from referrals.models import ArrivalMatch, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(create_referral: Callable[..., dict[str, Any]]) -> Referral:
    body = create_referral(first_name="Joanne", last_name="Smith", date_of_birth="1985-03-27")
    return Referral.objects.get(pk=body["id"])


def arrived(police_user: User, **fields: Any) -> Referral:
    data = {
        "first_name": "Jo",
        "last_name": "Smyth",
        "date_of_birth": date(1985, 3, 27),
        "gender": "woman",
        "postcode": "ME10 3AB",
        "district": District.objects.get(slug="swale"),
        "perpetrator_relationship": "ex_partner",
        "source": "police",
        "consent_given": True,
        **fields,
    }
    return partner_referral_create(user=police_user, data=data)


@pytest.fixture
def signed_in(client: Client, triage: User) -> Client:
    client.force_login(triage)
    return client


def test_a_partner_referral_is_matched_on_arrival_and_triage_is_told(
    signed_in: Client, known: Referral, police_user: User
) -> None:
    referral = arrived(police_user)
    match = ArrivalMatch.objects.get(referral=referral)
    assert match.candidate_ids[0] == known.survivor_id
    assert referral.survivor_id != known.survivor_id  # nobody has answered yet
    page = signed_in.get(f"/referrals/{referral.pk}/").content.decode()
    assert "People already known may be this person" in page
    page = signed_in.get(f"/referrals/{referral.pk}/who-is-this/").content.decode()
    assert "Same person as Joanne Smith" in page
    assert "checked" not in page


def test_a_stranger_is_not_matched(known: Referral, police_user: User) -> None:
    referral = arrived(police_user, first_name="Priya", last_name="Ramaswamy", date_of_birth=date(1990, 1, 2))
    assert not ArrivalMatch.objects.filter(referral=referral).exists()


def test_same_person_links_her_and_changing_it_needs_a_reason(
    signed_in: Client, known: Referral, police_user: User, triage: User
) -> None:
    referral = arrived(police_user)
    url = f"/referrals/{referral.pk}/who-is-this/"
    assert signed_in.post(url, {}).status_code == 400
    assert signed_in.post(url, {"survivor": str(known.survivor_id)}).status_code == 302
    referral.refresh_from_db()
    match = ArrivalMatch.objects.get(referral=referral)
    assert referral.survivor_id == known.survivor_id
    assert (match.answer, match.answered_by) == (ArrivalMatch.Answer.SAME_PERSON, triage)

    response = signed_in.post(url, {"survivor": "new"})
    assert response.status_code == 400
    assert "Give a reason for changing who this person is" in response.content.decode()
    assert (
        signed_in.post(url, {"survivor": "new", "reason": "Different date of birth on the police report"}).status_code
        == 302
    )
    referral.refresh_from_db()
    match.refresh_from_db()
    assert referral.survivor_id == match.arrival_survivor_id != known.survivor_id
    assert match.reason == "Different date of birth on the police report"


def test_the_page_is_not_there_for_a_provider_worker(
    client: Client, known: Referral, police_user: User, centra_worker: User
) -> None:
    referral = arrived(police_user)
    client.force_login(centra_worker)
    assert client.get(f"/referrals/{referral.pk}/who-is-this/").status_code == 404


def test_an_exact_arrival_is_linked_shown_first_and_a_new_person_undoes_the_link(
    signed_in: Client, known: Referral, police_user: User
) -> None:
    """The same name, date of birth and postcode: linked to her on arrival (the repeat rules see her at once),
    shown first for triage to confirm; "a new person" gives the referral people of its own."""
    referral = arrived(
        police_user,
        first_name=known.first_name,
        last_name=known.last_name,
        postcode=known.postcode,
        perpetrator_name=known.perpetrator_name or "Mark Jones",
    )
    assert referral.survivor_id == known.survivor_id
    match = ArrivalMatch.objects.get(referral=referral)
    assert match.candidate_ids[0] == known.survivor_id
    assert "Linked on arrival" in match.candidates[0]["reasons"][0]
    page = signed_in.get(f"/referrals/{referral.pk}/who-is-this/").content.decode()
    assert "Same person as Joanne Smith" in page

    assert signed_in.post(f"/referrals/{referral.pk}/who-is-this/", {"survivor": "new"}).status_code == 302
    referral.refresh_from_db()
    match.refresh_from_db()
    assert match.answer == ArrivalMatch.Answer.NEW_PERSON
    assert referral.survivor_id != known.survivor_id
    theirs = set(known.perpetrator_links.values_list("person_id", flat=True))
    assert not theirs & set(referral.perpetrator_links.values_list("person_id", flat=True))
