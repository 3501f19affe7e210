"""The pages a triage worker and a provider use, driven through Django's test client."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals.models import Referral
from tests.factories import ReferralFactory
from tests.two_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, triage):  # type: ignore[no-untyped-def]
    client.force_login(triage)
    return client


def referral_form(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth_0": "14",
        "date_of_birth_1": "6",
        "date_of_birth_2": "1988",
        "gender": "woman",
        "postcode": "me10 3ab",
        "language": "English",
        "interpreter_needed": "no",
        "voicemail_allowed": "no",
        "perpetrator_has_phone_access": "no",
        "perpetrator_lives_with_victim": "no",
        "perpetrator_relationship": "ex_partner",
        "source": "police",
        "consent_given": "yes",
        "district": "",
        "district_worked_out": "on",  # as if the worker had seen the district worked out from the postcode
        "safe_phone": "07700 900111",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "12",
        "children-0-first_name": "Ola",
        "children-0-date_of_birth": "01/02/2018",
    }
    data.update(overrides)
    return data


def test_it_signs_in_and_lands_on_the_triage_queue(client, triage) -> None:
    response = client.post(
        "/accounts/login/", {"username": triage.username, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    response = client.post("/accounts/two-factor/", {"code": current_code(authenticator_of(triage))})
    assert response.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == "/referrals/queue/"


def test_a_wrong_password_is_refused_plainly(client, triage) -> None:
    response = client.post("/accounts/login/", {"username": triage.username, "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_pages_need_sign_in(client, ref) -> None:
    for url in ("/referrals/", "/referrals/queue/", "/referrals/new/", "/referrals/1/"):
        assert client.get(url).status_code == 302


def test_it_records_a_referral_from_the_form(signed_in) -> None:
    from providers.models import District

    form = referral_form(district=str(District.objects.get(slug="swale").pk))
    response = signed_in.post("/referrals/new/", form)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/assess/"
    assert referral.postcode == "ME10 3AB"
    assert referral.safe_phone == "+447700900111"
    assert [c.first_name for c in referral.children.all()] == ["Ola"]


def test_a_bad_form_answers_400_with_the_errors_and_saves_nothing(signed_in) -> None:
    response = signed_in.post("/referrals/new/", referral_form(date_of_birth_2="2999", consent_given=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Date of birth must be in the past" in page
    assert Referral.objects.count() == 0


SAFETY_QUESTIONS = ("voicemail_allowed", "perpetrator_has_phone_access", "perpetrator_lives_with_victim")


def test_the_referral_form_preselects_no_safety_answer(signed_in) -> None:
    page = signed_in.get("/referrals/new/").content.decode()
    for name in SAFETY_QUESTIONS:
        radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert len(radios) == 2, name
        assert not any("checked" in radio for radio in radios), name


def test_a_safety_question_left_unanswered_is_recorded_as_not_asked(signed_in) -> None:
    form = referral_form()
    for name in SAFETY_QUESTIONS:
        del form[name]
    assert signed_in.post("/referrals/new/", form).status_code == 302
    referral = Referral.objects.get()
    assert [getattr(referral, name) for name in SAFETY_QUESTIONS] == [None, None, None]
    page = signed_in.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Not asked: do not leave a voicemail" in page
    assert "Not asked: treat as yes (do not text)" in page
    assert "Not asked: treat as yes" in page


def test_the_assessment_page_preselects_no_answer_about_honour_based_abuse(signed_in, question_keys) -> None:
    referral = ReferralFactory()
    page = signed_in.get(f"/referrals/{referral.pk}/assess/").content.decode()
    radios = re.findall(r'<input[^>]*name="honour_based_abuse"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    form = {f"q_{key}": "no" for key in question_keys}
    response = signed_in.post(f"/referrals/{referral.pk}/assess/", form)
    assert response.status_code == 400
    assert "Select whether there is honour-based abuse or a risk of forced marriage" in response.content.decode()


def test_the_assessment_page_routes_the_referral(signed_in, question_keys) -> None:
    referral = ReferralFactory()
    form = {f"q_{key}": ("yes" if i < 15 else "no") for i, key in enumerate(question_keys)}
    form["honour_based_abuse"] = "no"
    response = signed_in.post(f"/referrals/{referral.pk}/assess/", form, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Centra Care and Support" in page
    assert "MARAC: Swale MARAC" in page


def test_the_assessment_page_marks_questions_that_call_for_judgement(signed_in) -> None:
    referral = ReferralFactory()
    page = signed_in.get(f"/referrals/{referral.pk}/assess/").content.decode()
    assert page.count("Consider judgement") == 1 + 4  # the explanation, then fear, stalking, threats, strangulation


def test_the_checklist_is_short_groups_of_compact_rows_and_judgement_is_a_tag_not_an_error(
    signed_in, question_keys
) -> None:
    referral = ReferralFactory()
    page = signed_in.get(f"/referrals/{referral.pk}/assess/").content.decode()
    assert "Questions 1 to 5" in page
    assert page.count("govuk-radios--inline govuk-radios--small") == len(question_keys)
    assert "kidas-question--flagged" not in page and "govuk-tag--red" not in page
    assert page.count("govuk-tag--yellow") == 1 + 4
    assert "govuk-form-group--error" not in page


def test_an_incomplete_assessment_answers_400(signed_in) -> None:
    referral = ReferralFactory()
    response = signed_in.post(f"/referrals/{referral.pk}/assess/", {"q_fear": "yes"})
    assert response.status_code == 400
    assert "Answer question 1: yes, no or not known" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).state == "received"


def test_an_illegal_move_from_a_page_answers_409(signed_in) -> None:
    referral = ReferralFactory()
    response = signed_in.post(f"/referrals/{referral.pk}/route/")
    assert response.status_code == 409
    assert "assess it first" in response.content.decode()


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # the filter lists are cached reference data: count a page whose cache is warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_runs_a_fixed_number_of_queries(signed_in) -> None:
    ReferralFactory.create_batch(3)
    few = _queries(signed_in, "/referrals/queue/")
    ReferralFactory.create_batch(40)
    assert _queries(signed_in, "/referrals/queue/") == few


def test_the_referral_page_runs_a_fixed_number_of_queries(
    signed_in, create_referral, assess, api, centra_worker
) -> None:
    short = create_referral()
    long = create_referral()
    assess(long["id"], 11)
    api(centra_worker).post(f"/api/v1/referrals/{long['id']}/accept/", {}, format="json")
    api(centra_worker).post(f"/api/v1/referrals/{long['id']}/start-support/", {}, format="json")
    assert _queries(signed_in, f"/referrals/{short['id']}/") == _queries(signed_in, f"/referrals/{long['id']}/")


def _error_summary(page: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return html.unescape(found.group(0))


def test_an_empty_referral_form_says_what_to_do_and_each_link_goes_to_its_first_input(signed_in) -> None:
    response = signed_in.post(
        "/referrals/new/",
        referral_form(
            first_name="",
            gender="",
            consent_given="",
            **{"perpetrator_relationship": "", "children-0-date_of_birth": "01/02/2999"},
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = _error_summary(page)
    assert re.search(r"<title>\s*Error: ", page)
    assert "This field is required" not in page and "First name:" not in summary
    assert "Enter the person's first name" in summary
    assert "Select the person's gender" in summary
    assert summary.count("Select whether the person consents to the referral") == 1
    assert "Child 1: Date of birth must be in the past" in summary
    links = re.findall(r'href="#([^"]+)"', summary)
    assert {"id_first_name", "id_gender_1", "id_perpetrator_relationship_1", "id_consent_given_1"} <= set(links)
    for target in links:
        assert f'id="{target}"' in page, target


def test_an_incomplete_checklist_links_each_question_to_its_first_answer(signed_in, question_keys) -> None:
    referral = ReferralFactory()
    response = signed_in.post(f"/referrals/{referral.pk}/assess/", {f"q_{question_keys[0]}": "yes"})
    page = response.content.decode()
    summary = _error_summary(page)
    assert re.search(r"<title>\s*Error: ", page)
    links = re.findall(r'href="#([^"]+)"', summary)
    assert f"id_q_{question_keys[1]}_1" in links and "id_honour_based_abuse_1" in links
    for target in links:
        assert f'id="{target}"' in page, target


def test_a_page_without_errors_has_no_error_in_its_title(signed_in) -> None:
    page = signed_in.get("/referrals/new/").content.decode()
    assert not re.search(r"<title>\s*Error", page)
    assert "---------" not in page


def test_the_sign_in_page_says_error_in_its_title_when_refused(client) -> None:
    page = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert re.search(r"<title>\s*Error: ", page)
    assert "This field is required" not in page


def test_the_referral_form_is_in_sections_with_optional_fields_marked(signed_in) -> None:
    page = html.unescape(signed_in.get("/referrals/new/").content.decode())
    legends = re.findall(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*<h2[^>]*>([^<]+)</h2>', page
    )
    assert legends == [
        "The person",
        "Safe contact",
        "The alleged perpetrator",
        "Children in the household",
        "The referral",
    ]
    for label in ("Pronouns (optional)", "Code word (optional)", "Alleged perpetrator's name (optional)"):
        assert label in page, label
    assert "First name (optional)" not in page
    assert "Is it safe to leave a voicemail? (optional)" not in page
    assert "---------" not in page


def test_the_district_is_worked_out_from_the_postcode_and_shown_to_check_before_saving(signed_in) -> None:
    from providers.models import District

    form = referral_form()
    del form["district_worked_out"]
    response = signed_in.post("/referrals/new/", form)

    assert response.status_code == 200
    assert Referral.objects.count() == 0
    page = html.unescape(response.content.decode())
    assert "worked out from the postcode" in page and "Worked out from the postcode ME10 3AB" in page
    swale = District.objects.get(slug="swale")
    assert re.search(rf'<option value="{swale.pk}"\s+selected>Swale</option>', page)

    form["district_worked_out"] = "on"
    form["district"] = str(swale.pk)
    assert signed_in.post("/referrals/new/", form).status_code == 302
    assert Referral.objects.get().district == swale


def test_a_postcode_shared_between_districts_is_not_guessed(signed_in) -> None:
    form = referral_form(postcode="ME9 8AA")
    del form["district_worked_out"]

    assert signed_in.post("/referrals/new/", form).status_code == 302
    assert Referral.objects.get().district is None
