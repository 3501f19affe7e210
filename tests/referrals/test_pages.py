"""The pages a triage worker and a provider use, driven through Django's test client."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals.models import Referral
from tests.factories import ReferralFactory
from tests.two_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, triage):
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


def test_an_incomplete_checklist_keeps_her_answers_and_marks_each_question_left(signed_in, question_keys) -> None:
    referral = ReferralFactory()
    first, second = question_keys[:2]
    page = signed_in.post(f"/referrals/{referral.pk}/assess/", {f"q_{first}": "yes"}).content.decode()
    assert re.search(rf'<input[^>]*id="id_q_{first}_1"[^>]*value="yes" checked>', page)
    assert not re.search(rf'<input[^>]*name="q_{second}"[^>]*checked', page)
    assert f'aria-describedby="id_q_{second}_1_error"' in page
    assert f'<p id="id_q_{second}_1_error" class="govuk-error-message">' in page
    assert f'aria-describedby="id_q_{first}_1_error"' not in page
    assert page.count("kidas-checklist-question govuk-form-group--error") == len(question_keys) - 1


def test_an_illegal_move_from_a_page_answers_409(signed_in) -> None:
    referral = ReferralFactory()
    response = signed_in.post(f"/referrals/{referral.pk}/route/")
    assert response.status_code == 409
    assert "assess it first" in response.content.decode()


def _queries(client, url: str) -> int:
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


# A Monday morning in London, away from holidays and clock changes: the deadlines below are worked out from it.
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _row_order(page: str, references: list[str]) -> list[str]:
    return sorted(references, key=page.index)


def test_the_triage_queue_puts_the_most_overdue_referral_first(
    signed_in, create_referral, api, triage, time_machine
) -> None:
    time_machine.move_to(MONDAY_MORNING, tick=False)
    overdue = create_referral(received_at="2026-10-05T10:00:00Z")  # its triage day ended in October
    new = create_referral(received_at="2026-11-30T09:30:00Z")
    no_clock = ReferralFactory(received_at=MONDAY_MORNING - timedelta(days=1))  # e.g. entered before clocks existed
    page = signed_in.get("/referrals/queue/").content.decode()
    references = [overdue["reference"], new["reference"], no_clock.reference]
    assert _row_order(page, references) == references
    assert "most urgent deadline first" in page
    overdue_row = page[page.index(overdue["reference"]) : page.index(new["reference"])]
    assert "Overdue" in overdue_row
    assert "6 Oct 2026 11:00" in overdue_row  # one working day after 11:00 London time (summer time)

    rows = api(triage).get("/api/v1/triage-queue/").json()["results"]
    assert [row["id"] for row in rows] == [overdue["id"], new["id"], no_clock.pk]
    assert [row["deadline_status"] for row in rows] == ["overdue", "on_time", ""]
    assert rows[0]["deadline_stage"] == "triage"
    assert rows[2]["deadline_due_at"] is None


def test_the_triage_queue_api_is_for_the_triage_team(api, centra_worker) -> None:
    assert api(centra_worker).get("/api/v1/triage-queue/").status_code == 404


def test_the_triage_queue_with_deadlines_runs_a_fixed_number_of_queries(
    signed_in, create_referral, api, triage
) -> None:
    create_referral()
    few = _queries(signed_in, "/referrals/queue/")
    api_few = _queries(api(triage), "/api/v1/triage-queue/")
    for _ in range(4):
        create_referral()
    assert _queries(signed_in, "/referrals/queue/") == few
    assert _queries(api(triage), "/api/v1/triage-queue/") == api_few


def test_accept_is_the_primary_button_and_decline_is_not_a_warning(client, routed_case, centra_worker) -> None:
    referral_id = routed_case("swale")
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{referral_id}/").content.decode()
    assert f'class="govuk-button" data-module="govuk-button" href="/referrals/{referral_id}/accept/"' in page
    assert (
        f'class="govuk-button govuk-button--secondary" data-module="govuk-button" '
        f'href="/referrals/{referral_id}/decline/"' in page
    )
    decline_form = client.get(f"/referrals/{referral_id}/decline/").content.decode()
    assert "govuk-button--warning" not in decline_form


def _offers_a_form(page: str) -> bool:
    return "novalidate" in page  # every work form has it; the header's sign-out form does not


def test_a_closed_case_offers_no_forms_only_its_state_and_a_note(client, api, triage, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    closed = api(triage).post(f"/api/v1/referrals/{case}/close/", {"reason": "Moved out of Kent"}, format="json")
    assert closed.status_code == 200, closed.json()
    client.force_login(centra_worker)

    page = client.get(f"/referrals/{case}/").content.decode()
    assert "This case was closed on" in page
    assert "Reason: Moved out of Kent." in page
    assert f'href="/cases/{case}/notes/new/"' in page
    assert "Log contact attempt" not in page

    for url in (
        f"/cases/{case}/contact-attempts/new/",
        f"/cases/{case}/safety-plan/",
        f"/cases/{case}/reassess/",
        f"/cases/{case}/transfer/",
        f"/cases/{case}/close/",
        f"/cases/{case}/support/new/",
        f"/referrals/{case}/decline/",
    ):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 409, url
        assert not _offers_a_form(page), url
        assert "This case was closed on" in page, url
        assert f'href="/cases/{case}/notes/new/"' in page, url

    assert _offers_a_form(client.get(f"/cases/{case}/notes/new/").content.decode())
    assert client.post(f"/cases/{case}/notes/new/", {"text": "Called to say goodbye"}).status_code == 302


def test_a_withdrawn_referral_says_so_instead_of_offering_the_assessment(
    signed_in, api, triage, create_referral
) -> None:
    referral = create_referral()
    withdrawn = api(triage).post(
        f"/api/v1/referrals/{referral['id']}/withdraw/", {"reason": "Referred by mistake"}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.json()
    response = signed_in.get(f"/referrals/{referral['id']}/assess/")
    page = response.content.decode()
    assert response.status_code == 409
    assert not _offers_a_form(page)
    assert "This referral was withdrawn on" in page
    assert "Reason: Referred by mistake." in page
    assert "record a new referral" in page
    assert "This referral was withdrawn on" in signed_in.get(f"/referrals/{referral['id']}/").content.decode()


def test_a_duplicate_names_the_referral_to_work_on(signed_in, api, triage, create_referral) -> None:
    first = create_referral()
    second = create_referral()
    marked = api(triage).post(
        f"/api/v1/referrals/{second['id']}/mark-duplicate/", {"duplicate_of": first["id"]}, format="json"
    )
    assert marked.status_code == 200, marked.json()
    page = signed_in.get(f"/referrals/{second['id']}/").content.decode()
    assert "This referral is a duplicate" in page
    assert f"work on {first['reference']} instead" in page
    response = signed_in.get(f"/referrals/{second['id']}/withdraw/")
    assert response.status_code == 409
    assert not _offers_a_form(response.content.decode())


def test_another_providers_case_shows_a_page_not_found_page_that_says_what_to_do(
    client, routed_case, oasis_worker
) -> None:
    case = routed_case("swale")  # with Centra
    client.force_login(oasis_worker)
    response = client.get(f"/referrals/{case}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "govuk-template" in page
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "each organisation sees only the people it is working with" in page
    assert 'href="/"' in page
    assert " style=" not in page and "<style" not in page


def test_the_routing_says_which_provider_risk_area_and_contract_decided_it(signed_in, api, routed_case, triage) -> None:
    referral_id = routed_case("swale", 15)
    expected = (
        "Routed to Centra Care and Support (IDVA support): high risk in Swale (North area), "
        "under the North area's high-risk rule “KIDAS contract, April 2017 onwards”, in force from 1 April 2017."
    )
    page = signed_in.get(f"/referrals/{referral_id}/").content.decode()
    assert html.unescape(page).count(expected) >= 1
    assert "Routing rule" not in page
    assert api(triage).get(f"/api/v1/referrals/{referral_id}/").json()["routing_explanation"] == expected


def test_a_referral_routed_before_the_plain_words_is_explained_the_same_way(
    signed_in, api, routed_case, triage
) -> None:
    referral_id = routed_case("thanet", 11)
    Referral.objects.filter(pk=referral_id).update(routing_explanation="Routing rule 8 in force on 30 November 2026.")
    page = html.unescape(signed_in.get(f"/referrals/{referral_id}/").content.decode())
    assert "Routed to Oasis Domestic Abuse Services (Outreach): medium risk in Thanet (East area)" in page
    assert "Routing rule 8" not in page
    detail = api(triage).get(f"/api/v1/referrals/{referral_id}/").json()
    assert detail["routing_explanation"].startswith("Routed to Oasis Domestic Abuse Services (Outreach)")


def test_no_rule_in_force_names_the_district_and_area(signed_in, api, create_referral, assess, triage) -> None:
    from providers.models import RoutingRule

    RoutingRule.objects.filter(risk_level="medium", area__slug="north").update(
        valid_to="2017-04-01", valid_from="2017-04-01"
    )
    referral = create_referral(district="swale")
    assert assess(referral["id"], 11).status_code == 201
    detail = api(triage).get(f"/api/v1/referrals/{referral['id']}/").json()
    assert detail["state"] == "needs_routing"
    assert detail["routing_explanation"].startswith(
        "No routing rule is in force for medium risk in Swale (North area) on "
    )


def test_a_referral_waiting_to_be_routed_by_hand_keeps_its_triage_deadline(
    api, create_referral, assess, triage
) -> None:
    referral = create_referral(district=None)  # no district recorded: no rule can route it
    assert assess(referral["id"], 11).status_code == 201
    (row,) = api(triage).get("/api/v1/triage-queue/").json()["results"]
    assert row["state"] == "needs_routing"
    assert row["deadline_stage"] == "triage"
    assert row["deadline_due_at"] is not None
