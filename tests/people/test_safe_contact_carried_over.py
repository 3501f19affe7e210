"""Safe-contact details carry over to her next referral with a prompt: "Are these contact details still
safe to use?". Until a worker answers, the referral does not use them (unknown is unsafe) and says so;
yes records who confirmed them and when; no takes the new details. The page and the API agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from people.models import SafeContact
from providers.models import District
from referrals.models import Referral, SafeContactCheck
from tests.referrals.test_pages import referral_form

pytestmark = pytest.mark.django_db

HER = {"first_name": "Amara", "last_name": "Okafor", "date_of_birth": "1988-06-14", "postcode": "ME10 3AB"}
NO_SAFE_CONTACT = {"safe_phone": "", "voicemail_allowed": "", "perpetrator_has_phone_access": ""}
THURSDAY = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)


@pytest.fixture
def earlier(create_referral: Callable[..., dict[str, Any]], time_machine: Any) -> Referral:
    """Her earlier referral, in May, with a safe phone 07700 900456 and the code word bluebell."""
    time_machine.move_to(datetime(2026, 5, 4, 9, 0, tzinfo=UTC), tick=False)
    referral = Referral.objects.get(pk=create_referral(**HER)["id"])
    time_machine.move_to(THURSDAY, tick=False)
    return referral


@pytest.fixture
def signed_in(client: Client, triage: User, earlier: Referral) -> Client:
    """Triage signed in on the Thursday (after `earlier` moved the clock there): a session from before the move
    would have timed out on a date more than the idle timeout before it."""
    client.force_login(triage)
    return client


def _new_referral(signed_in: Client, earlier: Referral, **fields: str) -> Referral:
    form = referral_form(**{**NO_SAFE_CONTACT, "survivor": str(earlier.survivor_id), **fields})
    response = signed_in.post("/referrals/new/", form, follow=True)
    assert response.status_code == 200
    return Referral.objects.latest("pk")


def test_her_details_carry_over_unconfirmed_and_the_page_says_so(signed_in: Client, earlier: Referral) -> None:
    form = referral_form(**{**NO_SAFE_CONTACT, "survivor": str(earlier.survivor_id)})
    response = signed_in.post("/referrals/new/", form, follow=True)
    new = Referral.objects.latest("pk")
    assert new.survivor_id == earlier.survivor_id
    assert "safe-contact details were carried over from her earlier referral" in response.content.decode()
    # Not the referral's until confirmed: every use of it finds no safe way to reach her.
    assert (new.safe_phone, new.code_word, new.voicemail_allowed) == ("", "", None)

    page = signed_in.get(f"/referrals/{new.pk}/").content.decode()
    assert f"carried over from {earlier.reference}, received 4 May 2026" in page
    assert "last confirmed safe on 4 May 2026" in page
    assert "Not yet confirmed as still safe: until someone does, treat them as unsafe" in page
    assert "07700 900456" in page and "Not confirmed" in page
    assert "Are these contact details still safe to use?" in page
    assert "None: do not phone" in page  # the referral's own safe phone


def test_the_prompt_pre_selects_nothing_and_needs_an_answer(signed_in: Client, earlier: Referral) -> None:
    new = _new_referral(signed_in, earlier)
    url = f"/referrals/{new.pk}/safe-contact/"
    page = signed_in.get(url).content.decode()
    assert "Are these contact details still safe to use?" in page
    assert "Yes, they are still safe" in page and "No, update them" in page
    assert "checked" not in page
    response = signed_in.post(url, {})
    assert response.status_code == 400
    assert "Say whether these contact details are still safe to use" in response.content.decode()
    assert not SafeContactCheck.objects.get(referral=new).is_confirmed


def test_yes_makes_them_the_referrals_and_records_who_and_when(
    signed_in: Client, earlier: Referral, triage: User
) -> None:
    new = _new_referral(signed_in, earlier)
    response = signed_in.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "yes"})
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.safe_phone, new.code_word) == ("+447700900456", "bluebell")
    safe = SafeContact.objects.get(person=new.survivor)
    assert (safe.confirmed_safe_on, safe.confirmed_by) == (date(2026, 11, 26), triage)
    check = SafeContactCheck.objects.get(referral=new)
    assert (check.answer, check.answered_by) == (SafeContactCheck.Answer.STILL_SAFE, triage)
    history = apps.get_model("audit", "SafeContactEvent").objects.filter(pgh_obj_id=safe.pk, confirmed_by=triage)
    assert history.exists()
    assert apps.get_model("audit", "SafeContactCheckEvent").objects.filter(pgh_obj_id=check.pk).count() == 2

    page = signed_in.get(f"/referrals/{new.pk}/").content.decode()
    assert "Not yet confirmed" not in page
    assert "confirmed still safe by" in page

    again = signed_in.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "no"})
    assert again.status_code == 409


def test_no_takes_the_new_details_for_this_referral_and_the_next(
    signed_in: Client, earlier: Referral, triage: User
) -> None:
    new = _new_referral(signed_in, earlier)
    answer = {"still_safe": "no", "safe_phone": "07700 900999", "voicemail_allowed": "no", "safe_times": "Mornings"}
    assert signed_in.post(f"/referrals/{new.pk}/safe-contact/", answer).status_code == 302
    new.refresh_from_db()
    assert (new.safe_phone, new.code_word, new.safe_times) == ("+447700900999", "", "Mornings")
    safe = SafeContact.objects.get(person=new.survivor)
    assert (safe.safe_phone, safe.confirmed_by) == ("+447700900999", triage)
    assert SafeContactCheck.objects.get(referral=new).answer == SafeContactCheck.Answer.REPLACED

    third = _new_referral(signed_in, earlier)
    assert "07700 900999" in signed_in.get(f"/referrals/{third.pk}/").content.decode()


def test_no_with_a_voicemail_and_no_phone_is_refused(signed_in: Client, earlier: Referral) -> None:
    new = _new_referral(signed_in, earlier)
    response = signed_in.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "no", "voicemail_allowed": "yes"})
    assert response.status_code == 400
    assert "Give the safe number a voicemail may be left on" in response.content.decode()


def test_a_referral_that_gives_its_own_details_carries_nothing_over(signed_in: Client, earlier: Referral) -> None:
    new = _new_referral(signed_in, earlier, safe_phone="07700 900777", voicemail_allowed="no")
    assert not SafeContactCheck.objects.filter(referral=new).exists()
    assert (
        "No safe-contact details were carried over"
        in signed_in.get(f"/referrals/{new.pk}/safe-contact/").content.decode()
    )
    assert signed_in.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "yes"}).status_code == 404


def test_the_api_shows_the_state_and_takes_the_answer(
    signed_in: Client, earlier: Referral, api: Callable[[User | None], APIClient], triage: User
) -> None:
    new = _new_referral(signed_in, earlier)
    client = api(triage)
    body = client.get(f"/api/v1/referrals/{new.pk}/").json()
    check = body["safe_contact_check"]
    assert check["state"] == "unconfirmed"
    assert check["question"] == "Are these contact details still safe to use?"
    assert check["carried_from"] == earlier.pk
    assert check["carried_over"]["safe_phone"] == "+447700900456"
    assert body["safe_phone"] == ""

    url = f"/api/v1/referrals/{new.pk}/safe-contact/"
    assert client.post(url, {}, format="json").status_code == 400
    answered = client.post(url, {"still_safe": True}, format="json")
    assert answered.status_code == 200, answered.json()
    assert answered.json()["state"] == "still_safe"
    assert answered.json()["carried_over"] is None
    assert client.get(f"/api/v1/referrals/{new.pk}/").json()["safe_phone"] == "+447700900456"
    assert client.post(url, {"still_safe": True}, format="json").status_code == 409
    person = client.get(f"/api/v1/people/{new.survivor_id}/").json()
    assert person["safe_contact_confirmed_on"] == "2026-11-26"


@pytest.mark.parametrize(
    ("who", "status"),
    [("centra_worker", 404), ("administrator", 403), ("police_user", 404)],
    ids=["a provider worker the case is not with", "an administrator (may not see her details)", "a partner"],
)
def test_only_whoever_may_see_her_details_may_answer(
    signed_in: Client,
    earlier: Referral,
    api: Callable[[User | None], APIClient],
    request: pytest.FixtureRequest,
    who: str,
    status: int,
) -> None:
    new = _new_referral(signed_in, earlier)
    user = request.getfixturevalue(who)
    response = api(user).post(f"/api/v1/referrals/{new.pk}/safe-contact/", {"still_safe": True}, format="json")
    assert response.status_code == status
    client = Client()
    client.force_login(user)
    assert client.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "yes"}).status_code == status
    if status == 403:  # may see the referral, not her details: whether they were confirmed, not what they are
        page = client.get(f"/referrals/{new.pk}/safe-contact/").content.decode()
        assert "Not yet confirmed as still safe" in page and "07700 900456" not in page and "still_safe" not in page
    assert not SafeContactCheck.objects.get(referral=new).is_confirmed


def test_the_case_worker_is_told_before_making_contact(
    signed_in: Client,
    earlier: Referral,
    assess: Callable[..., Any],
    api: Callable[[User | None], APIClient],
    centra_worker: User,
) -> None:
    swale = District.objects.get(slug="swale")
    new = _new_referral(signed_in, earlier, district=str(swale.pk))
    assert assess(new.pk, 11).status_code == 201
    assert api(centra_worker).post(f"/api/v1/referrals/{new.pk}/accept/", {}, format="json").status_code == 200
    client = Client()
    client.force_login(centra_worker)
    page = client.get(f"/cases/{new.pk}/contact-attempts/new/").content.decode()
    assert "Safe phone: none, do not phone" in page
    assert "nobody has confirmed they are still safe: do not use them until someone does" in page
    assert client.post(f"/referrals/{new.pk}/safe-contact/", {"still_safe": "yes"}).status_code == 302
    page = client.get(f"/cases/{new.pk}/contact-attempts/new/").content.decode()
    assert "nobody has confirmed" not in page
    assert "07700 900456" in page
