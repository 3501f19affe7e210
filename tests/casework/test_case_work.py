"""Working a case: safe contact, support and refuge places, safety plans, stepping up and down,
transfers, and closure with outcomes. Every refusal is a 4xx with nothing saved."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import OUTCOME_MEASURES, ContactAttempt, RefugePlace, SupportEpisode
from marac.models import MaracReferral
from providers.models import Service

pytestmark = pytest.mark.django_db
TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731


def post(api, user, case, path, body):
    return api(user).post(f"/api/v1/referrals/{case}/{path}/", body, format="json")


def test_an_unsafe_voicemail_is_refused_and_not_logged(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker, voicemail_allowed=False)
    refused = post(api, centra_worker, case, "contact-attempts", {"method": "voicemail", "outcome": "voicemail_left"})
    assert refused.status_code == 400
    assert "voicemail must not be left" in refused.json()["detail"]
    assert ContactAttempt.objects.count() == 0
    spoke = post(api, centra_worker, case, "contact-attempts", {"method": "phone_call", "outcome": "spoke"})
    assert spoke.status_code == 201


def test_the_contact_page_shows_safe_times_and_code_word_first(client, open_case, centra_worker) -> None:
    case = open_case(centra_worker, safe_times="Tuesdays after 2pm", code_word="marigold")
    client.force_login(centra_worker)
    page = client.get(f"/cases/{case}/contact-attempts/new/").content.decode()
    assert "Tuesdays after 2pm" in page
    assert "marigold" in page
    assert "Do not leave a voicemail" in page


def test_starting_support_moves_the_case_into_support(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    started = post(api, centra_worker, case, "support", {"service": "outreach", "started_on": TODAY()})
    assert started.status_code == 201, started.json()
    assert api(centra_worker).get(f"/api/v1/referrals/{case}/").json()["state"] == "in_support"


def test_a_refuge_place_is_needed_and_never_double_booked(api, open_case, lookahead_worker) -> None:
    first = open_case(lookahead_worker, "sevenoaks", 15)
    second = open_case(lookahead_worker, "tunbridge-wells", 15)
    place = RefugePlace.objects.filter(refuge__name="West Kent Refuge 1").first()
    assert place is not None
    no_place = post(api, lookahead_worker, first, "support", {"service": "refuge", "started_on": TODAY()})
    assert no_place.status_code == 400
    body = {"service": "refuge", "started_on": TODAY(), "refuge_place": place.pk}
    assert post(api, lookahead_worker, first, "support", body).status_code == 201
    taken = post(api, lookahead_worker, second, "support", body)
    assert taken.status_code == 400
    assert "already occupied" in taken.json()["detail"]
    refuges = {r["refuge"]: r for r in api(lookahead_worker).get("/api/v1/refuges/").json()}
    assert refuges["West Kent Refuge 1"]["occupied"] == 1
    assert refuges["West Kent Refuge 1"]["places"] == 6


def test_the_database_itself_refuses_two_stays_in_one_bed(open_case, lookahead_worker) -> None:
    first = open_case(lookahead_worker, "sevenoaks", 15)
    second = open_case(lookahead_worker, "sevenoaks", 15)
    place = RefugePlace.objects.first()
    refuge = Service.objects.get(slug="refuge")
    today = timezone.localdate()
    SupportEpisode.objects.create(
        referral_id=first, service=refuge, started_on=today, refuge_place=place, started_by=lookahead_worker
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportEpisode.objects.create(
            referral_id=second,
            service=refuge,
            started_on=today - timedelta(days=3),
            refuge_place=place,
            started_by=lookahead_worker,
        )


def test_another_providers_refuge_cannot_be_used(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    look_ahead_place = RefugePlace.objects.filter(refuge__provider__slug="look-ahead").first()
    assert look_ahead_place is not None
    body = {"service": "refuge", "started_on": TODAY(), "refuge_place": look_ahead_place.pk}
    assert post(api, centra_worker, case, "support", body).status_code == 400


def test_a_safety_plan_needs_a_future_review_date(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    past = post(api, centra_worker, case, "safety-plan", {"summary": "Plan", "review_on": TODAY()})
    assert past.status_code == 400


def test_stepping_up_in_the_west_moves_the_case_to_look_ahead_and_marac(
    api, open_case, answers_with, lookahead_worker, ref
) -> None:
    from accounts.models import Role
    from tests.factories import user_in

    davss = user_in("davss", Role.PROVIDER_WORKER, username="dee.davss")
    case = open_case(davss, "tunbridge-wells", 11)
    response = post(api, davss, case, "reassessment", {"answers": answers_with(16)})
    assert response.status_code == 201, response.json()
    assert response.json()["provider"] == "look-ahead"
    assert response.json()["state"] == "routed"
    assert MaracReferral.objects.filter(referral_id=case, marac__slug="tunbridge-wells-marac").exists()
    assert [r["id"] for r in api(lookahead_worker).get("/api/v1/inbox/").json()["results"]] == [case]
    assert api(davss).get(f"/api/v1/referrals/{case}/").status_code == 404  # no longer DAVSS's case
    timeline = api(lookahead_worker).get(f"/api/v1/referrals/{case}/timeline/").json()
    assert any(e["title"] == "Transferred from DAVSS to Look Ahead Care and Support" for e in timeline)


def test_stepping_up_in_the_north_stays_with_centra_as_idva(api, open_case, answers_with, centra_worker) -> None:
    case = open_case(centra_worker, "swale", 11)
    body = post(api, centra_worker, case, "reassessment", {"answers": answers_with(15)}).json()
    assert (body["provider"], body["state"], body["level"]) == ("centra", "accepted", "high")
    assert api(centra_worker).get(f"/api/v1/referrals/{case}/").json()["service"] == "idva"
    assert MaracReferral.objects.filter(referral_id=case).count() == 1


def test_an_approved_step_down_keeps_the_case_with_its_provider(api, open_case, answers_with, lookahead_worker) -> None:
    from accounts.models import Role
    from tests.factories import user_in

    manager = user_in("look-ahead", Role.PROVIDER_MANAGER, username="lou.lookahead")
    case = open_case(lookahead_worker, "sevenoaks", 15)
    body = post(
        api, lookahead_worker, case, "reassessment", {"answers": answers_with(11), "step_down_reason": "In custody"}
    ).json()
    assert (body["provider"], body["level"], body["risk_level"]) == ("look-ahead", "medium", "high")
    approved = post(api, manager, case, "step-down/approve", {"reason": "Agreed"})
    assert approved.status_code == 201
    detail = api(manager).get(f"/api/v1/referrals/{case}/").json()
    assert (detail["provider"], detail["risk_level"]) == ("look-ahead", "medium")


def test_a_transfer_needs_a_reason_and_moves_the_case(api, open_case, centra_worker, oasis_worker) -> None:
    case = open_case(centra_worker)
    no_reason = post(api, centra_worker, case, "transfer", {"provider": "oasis", "service": "outreach", "reason": ""})
    assert no_reason.status_code == 400
    moved = post(
        api, centra_worker, case, "transfer", {"provider": "oasis", "service": "outreach", "reason": "Moved to Margate"}
    )
    assert moved.status_code == 201
    assert [r["id"] for r in api(oasis_worker).get("/api/v1/inbox/").json()["results"]] == [case]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "support_completed", "outcomes": {"feeling_safe": "yes"}}, "outcomes"),
        ({"reason": "support_completed", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "maybe")}, "outcomes"),
        ({"reason": "other", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "yes")}, "notes"),
        ({"reason": "no_contact", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "not_asked")}, "reason"),
    ],
)
def test_a_closure_is_refused_until_it_is_complete(api, open_case, centra_worker, body, field) -> None:
    case = open_case(centra_worker)
    response = post(api, centra_worker, case, "closure", body)
    assert response.status_code == 400
    assert field in response.json()
    assert api(centra_worker).get(f"/api/v1/referrals/{case}/").json()["state"] == "accepted"


def test_no_contact_closure_after_three_unanswered_attempts(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    for _ in range(3):
        post(api, centra_worker, case, "contact-attempts", {"method": "phone_call", "outcome": "no_answer"})
    body = {"reason": "no_contact", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "not_asked")}
    assert post(api, centra_worker, case, "closure", body).status_code == 201


def test_closing_ends_open_services_and_keeps_the_outcomes(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    post(api, centra_worker, case, "support", {"service": "outreach", "started_on": TODAY()})
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes") | {"planned_move_on": "not_asked"}
    closed = post(api, centra_worker, case, "closure", {"reason": "support_completed", "outcomes": outcomes})
    assert closed.status_code == 201
    assert closed.json()["outcomes"] == outcomes
    assert SupportEpisode.objects.get(referral_id=case).ended_on == timezone.localdate()


def test_a_new_referral_within_twelve_months_of_closure_is_a_repeat(
    api, open_case, centra_worker, create_referral
) -> None:
    person = {"first_name": "Jo", "last_name": "Bloggs", "date_of_birth": "1990-01-01"}
    case = open_case(centra_worker, **person)
    post(
        api,
        centra_worker,
        case,
        "closure",
        {"reason": "support_completed", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "yes")},
    )
    again = create_referral(**person)
    assert (again["is_repeat"], again["repeat_of"]) == (True, case)


def test_the_timeline_holds_everything(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    post(api, centra_worker, case, "contact-attempts", {"method": "phone_call", "outcome": "spoke"})
    post(api, centra_worker, case, "notes", {"text": "Client prefers afternoons"})
    post(api, centra_worker, case, "support", {"service": "outreach", "started_on": TODAY()})
    kinds = {e["kind"] for e in api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").json()}
    assert kinds == {"state", "assessment", "contact", "note", "support"}


def test_the_first_contact_attempt_meets_the_first_contact_service_level(api, open_case, centra_worker) -> None:
    from sla.models import Clock

    case = open_case(centra_worker)
    clock = Clock.objects.get(referral_id=case, stage="first_contact")
    assert clock.stopped_at is None
    post(api, centra_worker, case, "contact-attempts", {"method": "phone_call", "outcome": "no_answer"})
    clock.refresh_from_db()
    assert clock.stopped_at is not None and clock.met is True


def test_listing_on_a_marac_agenda_stops_the_listing_clock(routed_case, swale_coordinator) -> None:
    from marac import services as marac_services
    from marac.models import Marac
    from sla.models import Clock

    case = routed_case("swale", 15)
    assert Clock.objects.filter(referral_id=case, stage="marac_listing", stopped_at__isnull=True).exists()
    swale = Marac.objects.get(slug="swale-marac")
    meeting = marac_services.meeting_schedule_next(user=swale_coordinator, marac_id=swale.pk)
    marac_services.meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    assert not Clock.objects.filter(referral_id=case, stage="marac_listing", stopped_at__isnull=True).exists()


def test_the_refuge_board_counts_today_in_london_time(api, open_case, lookahead_worker, time_machine) -> None:
    # 00:30 on 1 June in London is still 31 May on a server clock in UTC: "today" is London's day.
    time_machine.move_to(datetime(2027, 6, 1, 0, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    case = open_case(lookahead_worker, "sevenoaks", 15)
    place = RefugePlace.objects.filter(refuge__name="West Kent Refuge 1").first()
    assert place is not None
    body = {"service": "refuge", "started_on": "2027-06-01", "refuge_place": place.pk}
    assert post(api, lookahead_worker, case, "support", body).status_code == 201
    refuges = {r["refuge"]: r for r in api(lookahead_worker).get("/api/v1/refuges/").json()}
    assert refuges["West Kent Refuge 1"]["occupied"] == 1
