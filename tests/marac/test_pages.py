"""The MARAC pages, driven through Django's test client."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from html import escape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marac.models import AgendaItem, AgendaState, MaracAction, MaracMeeting, MaracReferral
from providers.models import Organisation
from tests.marac.conftest import action_on, in_days

pytestmark = pytest.mark.django_db


def date_fields(name: str, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_coordinator_schedules_fills_and_hears_from_the_pages(
    client, make_case, swale_coordinator, time_machine
) -> None:
    case = make_case(days_ago=4)
    client.force_login(swale_coordinator)
    page = client.get("/marac/swale-marac/").content.decode()
    assert escape(case.referral.full_name) in page and "Schedule the next meeting" in page
    response = client.post("/marac/swale-marac/meetings/new/", {"next": "1"})
    meeting = MaracMeeting.objects.get()
    assert response["Location"] == f"/marac/meetings/{meeting.pk}/"
    client.post(f"/marac/meetings/{meeting.pk}/fill/")
    item = meeting.items.get()
    assert escape(case.referral.full_name) in client.get(f"/marac/meetings/{meeting.pk}/").content.decode()
    time_machine.move_to(timezone.make_aware(datetime.combine(meeting.held_on, time(10))), tick=False)
    client.force_login(swale_coordinator)  # a new day, a new session: the idle timeout ended the old one
    client.post(f"/marac/agenda-items/{item.pk}/hear/")
    assert MaracReferral.objects.get(pk=case.pk).heard_on == meeting.held_on


def test_a_meeting_date_in_the_past_re_renders_with_400(client, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    response = client.post("/marac/swale-marac/meetings/new/", date_fields("held_on", in_days(-3)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "today or in the future" in page
    assert not MaracMeeting.objects.exists()


def test_an_action_without_an_owner_re_renders_with_400(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    form = {
        "meeting": listed.meeting_id,
        "owner": "",
        "person": "Hari",
        "description": "Lock",
        **date_fields("due_on", in_days(9)),
    }
    response = client.post(f"/marac/cases/{listed.case_id}/actions/", form)
    assert response.status_code == 400
    assert "Choose the agency that owns the action" in response.content.decode()
    assert not MaracAction.objects.exists()
    form["owner"] = str(Organisation.objects.get(slug="swale-housing").pk)
    assert client.post(f"/marac/cases/{listed.case_id}/actions/", form).status_code == 302
    assert MaracAction.objects.get().owner.slug == "swale-housing"


def test_the_move_page_needs_a_reason(client, swale, listed, swale_coordinator) -> None:
    later = MaracMeeting.objects.create(marac=swale, held_on=in_days(21))
    client.force_login(swale_coordinator)
    assert client.post(f"/marac/agenda-items/{listed.pk}/move/", {"to_meeting": later.pk}).status_code == 400
    response = client.post(
        f"/marac/agenda-items/{listed.pk}/move/", {"to_meeting": later.pk, "reason": "Too many cases"}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.MOVED


def test_a_housing_member_sees_the_case_but_not_police_actions(
    client, listed, swale_coordinator, swale_housing
) -> None:
    for slug in ("swale-housing", "kent-police"):
        action_on(listed, slug, f"Action for {slug}")
    client.force_login(swale_housing)
    page = client.get(f"/marac/cases/{listed.case_id}/").content.decode()
    assert "Action for swale-housing" in page and "Action for kent-police" not in page
    assert "Record an action" not in page
    meeting_page = client.get(f"/marac/meetings/{listed.meeting_id}/").content.decode()
    assert "Action for kent-police" not in meeting_page and "Fill the agenda" not in meeting_page


def test_members_of_another_marac_get_404_on_every_page(client, listed, thanet_police) -> None:
    client.force_login(thanet_police)
    for url in (
        "/marac/swale-marac/",
        "/marac/swale-marac/figures/",
        f"/marac/meetings/{listed.meeting_id}/",
        f"/marac/meetings/{listed.meeting_id}/print/",
        f"/marac/meetings/{listed.meeting_id}/agenda.pdf",
        f"/marac/meetings/{listed.meeting_id}/agenda.csv",
        f"/marac/meetings/{listed.meeting_id}/actions.csv",
        f"/marac/cases/{listed.case_id}/",
        f"/marac/agenda-items/{listed.pk}/move/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Swale" not in client.get("/marac/").content.decode()


def test_pages_need_sign_in(client, listed) -> None:
    assert client.get("/marac/").status_code == 302
    assert client.get(f"/marac/cases/{listed.case_id}/").status_code == 302


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


MEETING_OUTPUTS = (
    "/marac/meetings/{meeting}/",
    "/marac/meetings/{meeting}/print/",
    "/marac/meetings/{meeting}/agenda.pdf",
    "/marac/meetings/{meeting}/agenda.csv",
    "/marac/meetings/{meeting}/actions.csv",
    "/api/v1/marac-meetings/{meeting}/",
    "/api/v1/marac-meetings/{meeting}/actions/",
)


def test_the_high_risk_list_and_every_output_of_a_meeting_run_a_fixed_number_of_queries(
    client, swale, meeting, make_case, swale_coordinator, swale_police
) -> None:
    """However many cases are on the agenda, each with its actions, a reason for listing it and a code word
    corrected once (so each case's free text is masked with its own words), some repeating an earlier listing:
    no query per case, for a coordinator or a partner agency (marac.selectors.case_columns)."""
    from marac.services import meeting_agenda_fill
    from referrals.correction import Correction

    partner = Client()
    client.force_login(swale_coordinator)
    partner.force_login(swale_police)
    urls = ["/marac/swale-marac/", *(url.format(meeting=meeting.pk) for url in MEETING_OUTPUTS)]

    def list_cases(days: range) -> None:
        for day in days:
            case = make_case(days_ago=day, is_repeat=day % 3 == 0)
            if case.is_repeat:
                earlier = make_case(days_ago=400 + day)
                MaracReferral.objects.filter(pk=earlier.pk).update(heard_on=timezone.localdate() - timedelta(days=390))
                MaracReferral.objects.filter(pk=case.pk).update(repeat_of=earlier)
            Correction.objects.create(
                referral_id=case.referral_id,
                field="code_word",
                old_value=f"bluebell{day}",
                new_value="heron",
                reason="Changed",
                by=swale_coordinator,
            )
        for item in meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk):
            AgendaItem.objects.filter(pk=item.pk).update(reason=f"Listed after bluebell{item.case_id} called")
            action_on(item, "swale-housing", f"Fit a lock before bluebell{item.case_id} calls")
            action_on(item, "kent-police", f"Visit before bluebell{item.case_id} calls")

    def measure() -> dict[str, int]:
        return {
            **{url: _queries(client, url) for url in urls},
            **{f"partner {url}": _queries(partner, url) for url in urls},
        }

    list_cases(range(1, 2))
    few = measure()
    list_cases(range(2, 12))
    assert measure() == few


def test_a_housing_member_closes_its_action_from_the_page(client, listed, swale_coordinator, swale_housing) -> None:
    action = action_on(listed, "swale-housing", "Fit a lock")
    client.force_login(swale_housing)
    assert client.post(f"/marac/actions/{action.pk}/status/", {"status": "not_done"}).status_code == 400
    response = client.post(f"/marac/actions/{action.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    assert MaracAction.objects.get(pk=action.pk).status == "done"
    again = client.post(f"/marac/actions/{action.pk}/status/", {"status": "done"})
    assert again.status_code == 409
    assert "already done" in again.content.decode()


def test_a_partner_records_its_research_from_the_page(client, listed, swale_housing) -> None:
    client.force_login(swale_housing)
    page = client.get(f"/marac/cases/{listed.case_id}/").content.decode()
    assert "Share your agency" in page
    response = client.post(f"/marac/cases/{listed.case_id}/research/", {"agency": "housing", "text": "Rent arrears"})
    assert response.status_code == 302
    refused = client.post(f"/marac/cases/{listed.case_id}/research/", {"agency": "police", "text": "x"})
    assert refused.status_code == 400
    assert "your own agency" in refused.content.decode()


def test_marking_heard_before_the_meeting_day_shows_why_and_changes_nothing(client, listed, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    page = client.get(f"/marac/meetings/{listed.meeting_id}/").content.decode()
    assert "Mark heard" not in page
    assert f"Cases can be marked heard from {listed.meeting.held_on:%-d %B %Y}" in page
    response = client.post(f"/marac/agenda-items/{listed.pk}/hear/")
    assert response.status_code == 409
    assert "has not met yet" in response.content.decode()
    assert MaracReferral.objects.get(pk=listed.case_id).heard_on is None


def test_an_empty_move_form_shows_what_is_missing(client, swale, listed, swale_coordinator) -> None:
    MaracMeeting.objects.create(marac=swale, held_on=in_days(21))
    client.force_login(swale_coordinator)
    response = client.post(f"/marac/agenda-items/{listed.pk}/move/", {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page and "There is a problem" in page
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.LISTED
