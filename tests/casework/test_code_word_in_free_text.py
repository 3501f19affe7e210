"""The code word is restricted, and free text must not leak it: writing it into a note, a safety plan, a
contact note or a closure note needs the worker's confirmation (page and API), and wherever a case's
free text is shown, anyone who may not see the restricted fields sees "[code word]" instead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import Correction
from casework.models import OUTCOME_MEASURES, CaseNote, SafetyPlan
from marac.services import marac_referral_create
from referrals.models import Referral
from referrals.policies import may_see_restricted
from referrals.restricted import CODE_WORD_MASK, free_text_for

pytestmark = pytest.mark.django_db
PLAN = "Safe word Bluebell agreed; go to her sister's if he comes back."


def post(api, user, case, path, body):
    return api(user).post(f"/api/v1/referrals/{case}/{path}/", body, format="json")


def a_plan(**extra):
    return {"summary": PLAN, "review_on": (timezone.localdate() + timedelta(days=14)).isoformat(), **extra}


def test_free_text_naming_the_code_word_needs_confirming_on_the_api(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker, code_word="bluebell")
    refused = post(api, centra_worker, case, "notes", {"text": "Reminded her: BLUEBELL means call 999"})
    assert refused.status_code == 400
    assert "code word" in refused.json()["confirm_code_word"][0]
    assert CaseNote.objects.count() == 0
    assert post(api, centra_worker, case, "safety-plan", a_plan()).status_code == 400
    assert SafetyPlan.objects.count() == 0
    contact = {"method": "phone_call", "outcome": "spoke", "notes": "Used bluebell"}
    assert post(api, centra_worker, case, "contact-attempts", contact).status_code == 400
    assert post(api, centra_worker, case, "safety-plan", a_plan(confirm_code_word=True)).status_code == 201
    # "Bluebells" is not the code word: nothing to confirm.
    assert post(api, centra_worker, case, "notes", {"text": "Bluebells in the garden"}).status_code == 201


def test_the_safety_plan_page_warns_and_saves_once_confirmed(client, open_case, centra_worker) -> None:
    case = open_case(centra_worker, code_word="bluebell")
    client.force_login(centra_worker)
    url = f"/cases/{case}/safety-plan/"
    review = timezone.localdate() + timedelta(days=14)
    body = {"summary": PLAN, "review_on_0": review.day, "review_on_1": review.month, "review_on_2": review.year}
    warned = client.post(url, body)
    assert warned.status_code == 400
    page = warned.content.decode()
    assert "names the person&#x27;s code word" in page or "names the person's code word" in page
    assert 'type="checkbox" name="confirm_code_word"' in page
    assert SafetyPlan.objects.count() == 0
    assert client.post(url, {**body, "confirm_code_word": "on"}).status_code == 302
    assert SafetyPlan.objects.get().summary == PLAN


def test_the_code_word_in_free_text_is_masked_for_anyone_who_may_not_see_it(
    api, client, open_case, centra_worker, triage
) -> None:
    case = open_case(centra_worker, code_word="bluebell", circumstances="Told police the code word is bluebell.")
    post(api, centra_worker, case, "safety-plan", a_plan(confirm_code_word=True))
    post(api, centra_worker, case, "notes", {"text": "Bluebell confirmed", "confirm_code_word": True})
    contact = {"method": "phone_call", "outcome": "spoke", "notes": "Asked for Bluebell", "confirm_code_word": True}
    assert post(api, centra_worker, case, "contact-attempts", contact).status_code == 201
    # The supporting worker may see the code word, so reads the text as written.
    worker_timeline = api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").json()
    assert any("Bluebell" in event["description"] for event in worker_timeline)
    # Triage can open the case but no longer sees its restricted fields: the word is masked everywhere.
    triage_timeline = str(api(triage).get(f"/api/v1/referrals/{case}/timeline/").json())
    assert "luebell" not in triage_timeline.lower().replace("bluebells", "")
    assert CODE_WORD_MASK in triage_timeline
    detail = api(triage).get(f"/api/v1/referrals/{case}/").json()
    assert detail["circumstances"] == f"Told police the code word is {CODE_WORD_MASK}."
    client.force_login(triage)
    page = client.get(f"/referrals/{case}/").content.decode()
    assert "bluebell" not in page.lower()
    assert "[code word]" in page


def test_a_closed_case_masks_the_code_word_in_its_closure_notes(api, client, open_case, centra_worker) -> None:
    case = open_case(centra_worker, code_word="bluebell")
    closure = {
        "reason": "support_completed",
        "outcomes": dict.fromkeys(OUTCOME_MEASURES, "yes"),
        "notes": "Bluebell no longer needed",
    }
    assert post(api, centra_worker, case, "closure", closure).status_code == 400
    assert post(api, centra_worker, case, "closure", {**closure, "confirm_code_word": True}).status_code == 201
    # Closed: nobody sees the restricted fields on the ordinary pages any more, the worker included.
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{case}/").content.decode()
    assert "Bluebell" not in page
    assert "[code word] no longer needed" in page


def test_a_former_code_word_stays_masked_after_a_correction(open_case, centra_worker, triage) -> None:
    case = open_case(centra_worker, code_word="bluebell")
    referral = Referral.objects.get(pk=case)
    Correction.objects.create(
        referral=referral, field="code_word", old_value="bluebell", new_value="heron", reason="Changed", by=triage
    )
    Referral.objects.filter(pk=case).update(code_word="heron")
    referral.refresh_from_db()
    assert not may_see_restricted(triage, referral)
    read = free_text_for(triage, referral)
    assert read("Bluebell was the word, now Heron") == f"{CODE_WORD_MASK} was the word, now {CODE_WORD_MASK}"


def test_marac_pages_exports_and_api_mask_the_code_word(
    api, client, open_case, centra_worker, swale_coordinator
) -> None:
    from marac.models import MaracAction, MaracMeeting, Research
    from marac.services import meeting_agenda_fill
    from providers.models import Organisation

    case = open_case(centra_worker, code_word="bluebell")
    referral = Referral.objects.get(pk=case)
    listing = marac_referral_create(referral=referral, user=swale_coordinator, assessment=None)
    if listing is None:
        listing = referral.marac_referrals.get()
    meeting = MaracMeeting.objects.create(marac=listing.marac, held_on=timezone.localdate() + timedelta(days=7))
    meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    Research.objects.create(case=listing, agency="police", text="Caller used Bluebell", recorded_by=swale_coordinator)
    MaracAction.objects.create(
        case=listing,
        meeting=meeting,
        owner=Organisation.objects.get(slug="centra"),
        person="Named Person",
        description="Agree a new word to replace bluebell",
        due_on=timezone.localdate() + timedelta(days=14),
        created_by=swale_coordinator,
    )
    client.force_login(swale_coordinator)
    for url in (
        f"/marac/cases/{listing.pk}/",
        f"/marac/meetings/{meeting.pk}/",
        f"/marac/meetings/{meeting.pk}/actions.csv",
    ):
        text = client.get(url).content.decode()
        assert "bluebell" not in text.lower(), url
        assert "[code word]" in text, url
    for path in ("research", "actions"):
        body = str(api(swale_coordinator).get(f"/api/v1/marac-cases/{listing.pk}/{path}/").json())
        assert "bluebell" not in body.lower() and "[code word]" in body, path


def test_the_audit_trail_masks_the_code_word_in_free_text(client, open_case, centra_worker, administrator) -> None:
    case = open_case(centra_worker, code_word="kingfisher", circumstances="Neighbour knows the word kingfisher.")
    client.force_login(administrator)
    html = client.get(f"/audit/cases/{case}/").content.decode()
    assert "kingfisher" not in html.lower()
    assert "[code word]" in html
