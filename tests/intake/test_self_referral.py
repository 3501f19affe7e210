from __future__ import annotations

import re

import pytest
from django.test import Client

from referrals.models import Referral, StateChange
from referrals.states import State

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, dict[str, str]] = {
    "about-you": {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth_0": "14",
        "date_of_birth_1": "6",
        "date_of_birth_2": "1988",
        "gender": "woman",
        "postcode": "me10 3ab",
        "district": "",
    },
    "contact": {
        "safe_phone": "07700 900111",
        "safe_email": "",
        "voicemail_allowed": "no",
        "perpetrator_has_phone_access": "no",
        "safe_times": "Weekdays after 10am",
        "code_word": "bluebell",
    },
    "what-is-happening": {
        "perpetrator_relationship": "ex_partner",
        "perpetrator_lives_with_victim": "no",
        "circumstances": "He keeps turning up at my door.",
    },
    "consent": {"consent": "on"},
}


def answer_every_page(client: Client, **extra: str) -> None:
    for slug, answers in ANSWERS.items():
        response = client.post(f"/get-help/{slug}/", {**answers, **extra})
        assert response.status_code == 302, response.content.decode()[:2000]


def test_it_records_a_self_referral_in_the_triage_queue(ref: None, client: Client) -> None:
    assert client.get("/get-help/").status_code == 200
    answer_every_page(client)
    check = client.get("/get-help/check/")
    assert check.status_code == 200
    assert "Amara" in check.content.decode()

    response = client.post("/get-help/check/")

    assert response.status_code == 302
    assert response["Location"] == "/get-help/sent/"
    referral = Referral.objects.get()
    assert (referral.state, referral.channel, referral.source) == (State.RECEIVED, "online", "self")
    assert referral.created_by is None
    assert referral.consent_given is True
    assert referral.postcode == "ME10 3AB"
    assert (referral.safe_phone, referral.code_word, referral.voicemail_allowed) == ("+447700900111", "bluebell", False)
    assert StateChange.objects.get(referral=referral).transition == "receive"


def test_the_confirmation_shows_no_details_and_the_answers_are_forgotten(ref: None, client: Client) -> None:
    answer_every_page(client)
    client.post("/get-help/check/")

    sent = client.get("/get-help/sent/").content.decode()
    assert "Amara" not in sent and "Okafor" not in sent and "bluebell" not in sent
    assert Referral.objects.get().reference not in sent
    # The session is gone: the check page starts again from the first question.
    assert client.get("/get-help/check/")["Location"] == "/get-help/about-you/"


def test_a_page_with_a_mistake_is_shown_again_with_400_and_the_errors(ref: None, client: Client) -> None:
    response = client.post("/get-help/contact/", {**ANSWERS["contact"], "safe_phone": "", "safe_times": ""})

    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Give a phone number or an email address that is safe for us to use" in body


def test_the_check_page_sends_the_visitor_back_to_an_unanswered_page(ref: None, client: Client) -> None:
    client.post("/get-help/about-you/", ANSWERS["about-you"])

    assert client.get("/get-help/check/")["Location"] == "/get-help/contact/"
    assert client.post("/get-help/check/")["Location"] == "/get-help/contact/"
    assert Referral.objects.count() == 0


def test_every_public_page_has_exit_this_page_and_no_staff_navigation(ref: None, client: Client) -> None:
    for url in ["/get-help/", *[f"/get-help/{slug}/" for slug in ANSWERS]]:
        body = client.get(url).content.decode()
        assert 'data-module="govuk-exit-this-page"' in body, url
        assert 'href="https://www.bbc.co.uk/weather"' in body
        assert "Triage queue" not in body and "Sign out" not in body
        # The neutral site is the only other origin named, and only as a link.
        others = set(re.findall(r"https?://[^\s\"'<>]+", body)) - {"http://www.w3.org/2000/svg"}
        assert others == {"https://www.bbc.co.uk/weather"}, url


def test_exit_this_page_forgets_the_answers(ref: None, client: Client) -> None:
    client.post("/get-help/about-you/", ANSWERS["about-you"])

    assert 'value="Amara"' in client.get("/get-help/about-you/").content.decode()

    response = client.post("/get-help/forget/")

    assert response.status_code == 204
    assert 'value="Amara"' not in client.get("/get-help/about-you/").content.decode()


def test_the_public_pages_set_only_the_session_and_csrf_cookies(ref: None, client: Client) -> None:
    answer_every_page(client)
    client.post("/get-help/check/")

    assert set(client.cookies) <= {"sessionid", "csrftoken"}


def test_the_public_pages_are_never_cached(ref: None, client: Client) -> None:
    client.post("/get-help/about-you/", ANSWERS["about-you"])
    assert "no-store" in client.get("/get-help/about-you/")["Cache-Control"]


PUBLIC_PAGES = ["/get-help/", *[f"/get-help/{slug}/" for slug in ANSWERS], "/get-help/sent/"]


def test_every_public_page_is_never_stored_by_the_browser(ref: None, client: Client) -> None:
    for url in PUBLIC_PAGES:
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_the_public_questions_preselect_nothing_and_offer_no_blank_choice(ref: None, client: Client) -> None:
    for slug in ("about-you", "contact", "what-is-happening"):
        body = client.get(f"/get-help/{slug}/").content.decode()
        assert "---------" not in body, slug
        assert "checked" not in body, slug


def test_every_typed_answer_asks_the_browser_to_keep_nothing(ref: None, client: Client) -> None:
    for slug in ("about-you", "contact", "what-is-happening"):
        body = client.get(f"/get-help/{slug}/").content.decode()
        typed = re.findall(r'<input[^>]*type="(?:text|email|tel|number)"[^>]*>|<textarea[^>]*>', body)
        typed = [tag for tag in typed if 'name="website"' not in tag]
        assert typed, slug
        for tag in typed:
            assert 'autocomplete="off"' in tag, tag


def test_every_public_page_shows_the_national_helpline_and_999(ref: None, client: Client) -> None:
    for url in PUBLIC_PAGES:
        body = client.get(url).content.decode()
        assert "National Domestic Abuse Helpline" in body and "0808 2000 247" in body, url
        assert "999" in body, url
    start = client.get("/get-help/").content.decode()
    assert 'href="tel:08082000247"' in start and "24 hours" in start


def test_children_living_with_the_person_are_recorded(ref: None, client: Client) -> None:
    for slug, answers in ANSWERS.items():
        extra = {"children_in_household": "yes", "children_names": "Sam\n\nAlex"} if slug == "what-is-happening" else {}
        assert client.post(f"/get-help/{slug}/", {**answers, **extra}).status_code == 302
    assert "Sam" in client.get("/get-help/check/").content.decode()
    client.post("/get-help/check/")

    assert sorted(child.first_name for child in Referral.objects.get().children.all()) == ["Alex", "Sam"]


def test_children_said_to_live_there_without_names_are_still_recorded(ref: None, client: Client) -> None:
    for slug, answers in ANSWERS.items():
        extra = {"children_in_household": "yes"} if slug == "what-is-happening" else {}
        client.post(f"/get-help/{slug}/", {**answers, **extra})
    client.post("/get-help/check/")

    assert [child.first_name for child in Referral.objects.get().children.all()] == ["Name not given"]


def test_the_children_question_may_be_left_unanswered(ref: None, client: Client) -> None:
    answer_every_page(client)
    client.post("/get-help/check/")

    assert Referral.objects.get().children.count() == 0
