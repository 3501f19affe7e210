"""A coordinator sets a meeting's time, venue and chair (shown on the agenda, its printout and PDF),
adds a case from the high-risk list to a chosen meeting by hand, and takes one off with a reason.
The list and the agenda say when a listed case has since been closed, withdrawn or reassessed."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from marac.models import AgendaItem, AgendaState, MaracMeeting
from referrals.models import ChecklistVersion, RiskAssessment
from referrals.services import apply_move
from tests.marac.conftest import in_days

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF, from its (deflated) content streams."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            chunks.append(stream.decode("latin-1"))
    return "".join(chunks)


# ---------------------------------------------------------------- time, venue and chair


def test_a_meeting_is_scheduled_with_its_time_venue_and_chair(api, swale_coordinator) -> None:
    body = {"held_on": in_days(6).isoformat(), "starts_at": "10:00", "venue": "Sittingbourne Police Station"}
    response = api(swale_coordinator).post(
        "/api/v1/maracs/swale-marac/meetings/", {**body, "chair": "DI Sam Patel"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "10:00:00"
    meeting = MaracMeeting.objects.get()
    assert (meeting.starts_at, meeting.venue, meeting.chair) == (
        time(10),
        "Sittingbourne Police Station",
        "DI Sam Patel",
    )


def test_the_coordinator_sets_the_details_and_they_show_on_the_agenda_print_and_pdf(
    client, listed, swale_coordinator
) -> None:
    client.force_login(swale_coordinator)
    meeting_url = f"/marac/meetings/{listed.meeting_id}/"
    assert "Not set yet" in client.get(meeting_url).content.decode()
    form = {"starts_at": "13:30", "venue": "Swale House, Room 2", "chair": "DI Sam Patel"}
    response = client.post(f"{meeting_url}details/", form)
    assert response.status_code == 302 and response["Location"] == meeting_url
    for url in (meeting_url, f"{meeting_url}print/"):
        page = client.get(url).content.decode()
        assert "13:30" in page and "Swale House, Room 2" in page and "DI Sam Patel" in page, url
    pdf = pdf_text(client.get(f"{meeting_url}agenda.pdf").content)
    assert "Starts at 13:30. Venue: Swale House, Room 2. Chair: DI Sam Patel." in pdf


def test_a_start_time_that_is_not_a_time_re_renders_with_400(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    response = client.post(f"/marac/meetings/{listed.meeting_id}/details/", {"starts_at": "half ten", "venue": "X"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page and "Enter the start time like 10:00 or 14:30" in page
    assert MaracMeeting.objects.get(pk=listed.meeting_id).venue == ""


def test_partner_staff_may_not_change_the_meeting_details(api, listed, swale_housing, thanet_police) -> None:
    url = f"/api/v1/marac-meetings/{listed.meeting_id}/details/"
    assert api(swale_housing).post(url, {"venue": "Elsewhere"}, format="json").status_code == 403
    assert api(thanet_police).post(url, {"venue": "Elsewhere"}, format="json").status_code == 404
    assert MaracMeeting.objects.get(pk=listed.meeting_id).venue == ""


# ---------------------------------------------------------------- adding a case by hand


def test_the_coordinator_adds_a_waiting_case_to_a_chosen_meeting(
    api, swale, meeting, make_case, swale_coordinator
) -> None:
    later = MaracMeeting.objects.create(marac=swale, held_on=meeting.held_on + timedelta(days=14))
    case = make_case(days_ago=2)
    response = api(swale_coordinator).post(
        f"/api/v1/marac-cases/{case.pk}/agenda/", {"meeting": later.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    item = AgendaItem.objects.get()
    assert (item.meeting, item.state, item.listed_by) == (later, AgendaState.LISTED, swale_coordinator)
    listed = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    assert listed[0]["listed_for"] == later.held_on.isoformat()
    again = api(swale_coordinator).post(
        f"/api/v1/marac-cases/{case.pk}/agenda/", {"meeting": meeting.pk}, format="json"
    )
    assert again.status_code == 409
    assert AgendaItem.objects.count() == 1


def test_a_case_is_not_added_to_a_full_or_past_meeting(api, swale, meeting, make_case, swale_coordinator) -> None:
    swale.case_limit = 1
    swale.save()
    make_case(days_ago=5)
    api(swale_coordinator).post(f"/api/v1/marac-meetings/{meeting.pk}/fill/", format="json")
    case = make_case(days_ago=1)
    full = api(swale_coordinator).post(f"/api/v1/marac-cases/{case.pk}/agenda/", {"meeting": meeting.pk}, format="json")
    assert full.status_code == 400 and "full" in str(full.json())
    past = MaracMeeting.objects.create(marac=swale, held_on=in_days(-7))
    held = api(swale_coordinator).post(f"/api/v1/marac-cases/{case.pk}/agenda/", {"meeting": past.pk}, format="json")
    assert held.status_code == 400 and "already been held" in str(held.json())
    assert not case.agenda_items.exists()


def test_partner_staff_may_not_add_cases(api, listed, make_case, swale_housing) -> None:
    response = api(swale_housing).post(
        f"/api/v1/marac-cases/{listed.case_id}/agenda/", {"meeting": listed.meeting_id}, format="json"
    )
    assert response.status_code == 403
    assert AgendaItem.objects.count() == 1


def test_the_high_risk_list_page_offers_to_add_a_waiting_case(client, meeting, make_case, swale_coordinator) -> None:
    case = make_case(days_ago=3)
    client.force_login(swale_coordinator)
    page = client.get("/marac/swale-marac/").content.decode()
    assert f"/marac/cases/{case.pk}/add-to-agenda/" in page
    form_page = client.get(f"/marac/cases/{case.pk}/add-to-agenda/").content.decode()
    assert f"{meeting.held_on:%A %-d %B %Y}" in form_page
    assert "checked" not in form_page  # no meeting is chosen for the coordinator
    refused = client.post(f"/marac/cases/{case.pk}/add-to-agenda/", {})
    assert refused.status_code == 400 and "Choose the meeting" in refused.content.decode()
    response = client.post(f"/marac/cases/{case.pk}/add-to-agenda/", {"meeting": meeting.pk})
    assert response.status_code == 302 and response["Location"] == f"/marac/meetings/{meeting.pk}/"
    assert meeting.items.get().case == case


# ---------------------------------------------------------------- taking a case off


def test_the_coordinator_takes_a_case_off_with_a_reason(api, listed, swale_coordinator) -> None:
    url = f"/api/v1/marac-agenda-items/{listed.pk}/take-off/"
    assert api(swale_coordinator).post(url, {"reason": "  "}, format="json").status_code == 400
    response = api(swale_coordinator).post(url, {"reason": "Risk reduced: client rehoused"}, format="json")
    assert response.status_code == 200, response.json()
    item = AgendaItem.objects.get(pk=listed.pk)
    assert (item.state, item.reason, item.closed_by) == (
        AgendaState.TAKEN_OFF,
        "Risk reduced: client rehoused",
        swale_coordinator,
    )
    waiting = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    assert [(c["id"], c["listed_for"]) for c in waiting] == [(listed.case_id, None)]
    assert api(swale_coordinator).post(url, {"reason": "again"}, format="json").status_code == 409


def test_partner_staff_may_not_take_cases_off(api, listed, swale_housing) -> None:
    response = api(swale_housing).post(
        f"/api/v1/marac-agenda-items/{listed.pk}/take-off/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.LISTED


def test_taking_a_case_off_from_the_page_keeps_the_reason_on_the_agenda(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    meeting_url = f"/marac/meetings/{listed.meeting_id}/"
    assert f"/marac/agenda-items/{listed.pk}/take-off/" in client.get(meeting_url).content.decode()
    refused = client.post(f"/marac/agenda-items/{listed.pk}/take-off/", {"reason": ""})
    assert refused.status_code == 400 and "<title>Error: " in refused.content.decode()
    response = client.post(f"/marac/agenda-items/{listed.pk}/take-off/", {"reason": "Heard at Thanet instead"})
    assert response.status_code == 302
    page = client.get(meeting_url).content.decode()
    assert "Taken off the agenda" in page and "Heard at Thanet instead" in page


# ---------------------------------------------------------------- what happened since the listing


def test_the_list_and_the_agenda_say_when_a_listed_case_was_closed_or_reassessed(
    api, client, listed, swale_coordinator, triage
) -> None:
    referral = listed.case.referral
    first = RiskAssessment.objects.create(
        referral=referral,
        checklist=ChecklistVersion.objects.earliest("pk"),
        answers={},
        thresholds={},
        yes_count=9,
        callouts_in_window=0,
        level="medium",
        reasons=[],
        flags=[],
        assessed_by=triage,
    )
    assert first.assessed_at > listed.case.created_at
    client.force_login(swale_coordinator)
    for url in ("/marac/swale-marac/", f"/marac/meetings/{listed.meeting_id}/"):
        page = client.get(url).content.decode()
        assert f"Reassessed {timezone.localtime(first.assessed_at):%-d %b %Y}: medium risk" in page, url
    item = api(swale_coordinator).get(f"/api/v1/marac-meetings/{listed.meeting_id}/").json()["agenda"][0]
    assert item["since_listed"]["reassessed_level"] == "medium"
    # Read in one value with its level (marac.selectors.since_listed): the same moment, to the microsecond.
    assert datetime.fromisoformat(item["since_listed"]["reassessed_at"].replace("Z", "+00:00")) == first.assessed_at
    (on_the_list,) = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    assert on_the_list["since_listed"] == item["since_listed"]


def test_the_agenda_says_when_a_listed_case_was_closed(client, listed, swale_coordinator, triage) -> None:
    from referrals.models import Referral

    referral = Referral.objects.get(pk=listed.case.referral_id)
    for move in ("assess", "refer_to_marac_only", "close"):
        apply_move(referral, move=move, user=triage, reason="test")
    client.force_login(swale_coordinator)
    closed_on = f"{timezone.localtime(referral.state_changed_at):%-d %b %Y}"
    for url in ("/marac/swale-marac/", f"/marac/meetings/{listed.meeting_id}/"):
        assert f"Closed {closed_on}" in client.get(url).content.decode(), url


def test_printed_marac_pages_do_not_append_link_addresses(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    for url in (
        "/marac/swale-marac/",
        f"/marac/meetings/{listed.meeting_id}/",
        f"/marac/meetings/{listed.meeting_id}/print/",
    ):
        assert 'class="kidas-print-no-link-urls"' in client.get(url).content.decode(), url
