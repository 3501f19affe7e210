"""The waiting list: the provider a referral was routed to puts it on its list with a priority (never
pre-selected; a high-risk referral below A only with a reason), the referrer is told of the delay after commit,
the time waited shows; it leaves taken on (accepted) or withdrawn with a reason (back to triage), recorded with
who, when and why; any other move is a 409; out of scope is 404. A service marked at capacity puts referrals
routed to it on the list as they arrive."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from referrals.models import Referral, StateChange
from sla.models import Notification
from waiting.models import DelayNotice, WaitingChange, WaitingEntry
from waiting.tasks import tell_referrer_of_delay

pytestmark = pytest.mark.django_db

WHY = "No IDVA free until two return from leave."


def put_on(api: Any, user: Any, case: int, **body: Any) -> Any:
    return api(user).post(f"/api/v1/referrals/{case}/waiting/", {"why": WHY, **body}, format="json")


@pytest.fixture
def medium_case(routed_case: Any) -> int:
    return routed_case("swale", 11, referrer_contact="PC Ali, ali@kent.police.example.org")  # Centra


@pytest.fixture
def high_case(routed_case: Any) -> int:
    return routed_case("swale", 15)  # Centra IDVA


def test_the_provider_puts_a_referral_on_its_list_and_the_referrer_is_told_after_commit(
    api: Any, centra_worker: Any, medium_case: int, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = put_on(api, centra_worker, medium_case, priority="B")
    assert made.status_code == 201, made.json()
    assert len(callbacks) == 1 and not mail.outbox  # queued for after commit, not sent inside the transaction
    body = made.json()
    assert (body["priority"], body["state"], body["provider"]) == ("B", "waiting", "Centra Care and Support")
    assert [c["kind"] for c in body["changes"]] == ["joined"]
    notice = DelayNotice.objects.get()
    assert (notice.channel, notice.to, notice.status) == ("email", "ali@kent.police.example.org", "queued")
    tell_referrer_of_delay(notice.pk)
    notice.refresh_from_db()
    assert notice.status == "sent" and notice.sent_at is not None
    (email,) = mail.outbox
    reference = Referral.objects.get(pk=medium_case).reference
    assert email.to == ["ali@kent.police.example.org"] and reference in email.subject
    assert "waiting list" in email.body and "Centra Care and Support" in email.body
    referral = Referral.objects.get(pk=medium_case)
    assert referral.last_name not in f"{email.body} {email.subject}"  # no personal details
    # The referral is still Centra's to take on: it waits routed.
    assert Referral.objects.get(pk=medium_case).state == "routed"


def test_nothing_is_queued_when_the_change_is_refused(
    api: Any, centra_worker: Any, medium_case: int, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = put_on(api, centra_worker, medium_case, priority="Z")
    assert made.status_code == 400 and "priority" in made.json()
    assert callbacks == [] and not DelayNotice.objects.exists()


def test_a_priority_is_never_assumed(api: Any, centra_worker: Any, medium_case: int) -> None:
    refused = put_on(api, centra_worker, medium_case)
    assert refused.status_code == 400 and "priority" in refused.json()
    assert not WaitingEntry.objects.exists()


def test_a_high_risk_referral_waits_below_a_only_with_a_reason(api: Any, centra_worker: Any, high_case: int) -> None:
    refused = put_on(api, centra_worker, high_case, priority="B")
    assert refused.status_code == 400 and "priority_reason" in refused.json()
    reason = "At her sister's, away from him, until the hearing; IDVA calls weekly."
    made = put_on(api, centra_worker, high_case, priority="B", priority_reason=reason)
    assert made.status_code == 201, made.json()
    assert made.json()["priority_reason"] == reason
    lowered = api(centra_worker).post(
        f"/api/v1/referrals/{high_case}/waiting/priority/", {"priority": "C"}, format="json"
    )
    assert lowered.status_code == 400 and "priority_reason" in lowered.json()
    raised = api(centra_worker).post(
        f"/api/v1/referrals/{high_case}/waiting/priority/", {"priority": "A"}, format="json"
    )
    assert raised.status_code == 200 and raised.json()["priority"] == "A"
    change = WaitingChange.objects.filter(kind="priority").get()
    assert (change.from_value, change.to_value, change.by) == ("B", "A", centra_worker)


def test_taken_on_from_the_list_is_accepted_and_recorded(api: Any, centra_worker: Any, medium_case: int) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=6), tick=False):
        assert put_on(api, centra_worker, medium_case, priority="C").status_code == 201
    listed = api(centra_worker).get("/api/v1/waiting-list/").json()
    assert [(row["referral"], row["days_waited"]) for row in listed] == [(medium_case, 6.0)]
    taken = api(centra_worker).post(f"/api/v1/referrals/{medium_case}/waiting/take-on/", {}, format="json")
    assert taken.status_code == 200, taken.json()
    entry = WaitingEntry.objects.get()
    assert (entry.state, entry.left_by, entry.leave_reason) == (
        "taken_on",
        centra_worker,
        "Taken on from the waiting list",
    )
    referral = Referral.objects.get(pk=medium_case)
    assert (referral.state, referral.allocated_worker) == ("accepted", centra_worker)
    assert api(centra_worker).get("/api/v1/waiting-list/").json() == []
    # Leaving twice is a conflict, not a second record.
    again = api(centra_worker).post(f"/api/v1/referrals/{medium_case}/waiting/take-on/", {}, format="json")
    assert again.status_code == 409
    withdraw = api(centra_worker).post(
        f"/api/v1/referrals/{medium_case}/waiting/withdraw/", {"reason": "No longer wants support."}, format="json"
    )
    assert withdraw.status_code == 409
    assert WaitingChange.objects.filter(kind__in=["taken_on", "withdrawn"]).count() == 1


def test_withdrawn_with_a_reason_goes_back_to_triage(api: Any, centra_worker: Any, medium_case: int) -> None:
    put_on(api, centra_worker, medium_case, priority="B")
    url = f"/api/v1/referrals/{medium_case}/waiting/withdraw/"
    assert api(centra_worker).post(url, {"reason": ""}, format="json").status_code == 400
    gone = api(centra_worker).post(url, {"reason": "She has moved to Devon and is supported there."}, format="json")
    assert gone.status_code == 200, gone.json()
    entry = WaitingEntry.objects.get()
    assert (entry.state, entry.left_by) == ("withdrawn", centra_worker)
    assert entry.leave_reason == "She has moved to Devon and is supported there."
    referral = Referral.objects.get(pk=medium_case)
    assert referral.state == "declined" and "moved to Devon" in referral.last_decline_reason


def test_accepted_by_the_usual_door_it_leaves_the_list_too(api: Any, centra_worker: Any, medium_case: int) -> None:
    put_on(api, centra_worker, medium_case, priority="B")
    assert api(centra_worker).post(f"/api/v1/referrals/{medium_case}/accept/", {}, format="json").status_code == 200
    entry = WaitingEntry.objects.get()
    assert (entry.state, entry.left_by) == ("taken_on", centra_worker)


def test_only_a_routed_referral_waits_and_only_once(
    api: Any, centra_worker: Any, medium_case: int, open_case: Any
) -> None:
    assert put_on(api, centra_worker, medium_case, priority="B").status_code == 201
    assert put_on(api, centra_worker, medium_case, priority="B").status_code == 409
    accepted = open_case(centra_worker)
    assert put_on(api, centra_worker, accepted, priority="B").status_code == 409
    assert WaitingEntry.objects.count() == 1


def test_only_the_provider_changes_it_and_others_do_not_see_it(
    api: Any, centra_worker: Any, oasis_worker: Any, triage: Any, commissioner: Any, medium_case: int
) -> None:
    put_on(api, centra_worker, medium_case, priority="B")
    # Another provider: the referral is out of scope, so 404 whatever the body.
    assert put_on(api, oasis_worker, medium_case, priority="A").status_code == 404
    assert api(oasis_worker).get(f"/api/v1/referrals/{medium_case}/waiting/").status_code == 404
    assert api(oasis_worker).get("/api/v1/waiting-list/").json() == []
    # Triage sees who waits where but does not change the provider's list.
    assert len(api(triage).get("/api/v1/waiting-list/").json()) == 1
    priority = api(triage).post(f"/api/v1/referrals/{medium_case}/waiting/priority/", {"priority": "A"}, format="json")
    assert priority.status_code == 403
    assert api(commissioner).get("/api/v1/waiting-list/").status_code == 404  # not for their role (the map)


def test_a_service_at_capacity_puts_new_referrals_on_the_list_without_a_priority(
    client: Any, centra_manager: Any, centra_worker: Any, routed_case: Any, api: Any, police_user: Any
) -> None:
    from providers.models import Service

    client.force_login(centra_manager)
    idva = Service.objects.get(slug="idva")
    marked = client.post("/waiting-list/capacity/", {"service": idva.pk, "reason": "Two IDVAs on leave."})
    assert marked.status_code == 302, marked.content.decode()
    case = routed_case("swale", 15)  # high risk: Centra's IDVA service
    entry = WaitingEntry.objects.get(referral_id=case)
    assert (entry.priority, entry.added_by is not None, "at capacity" in entry.why_waiting) == ("", True, True)
    assert StateChange.objects.filter(referral_id=case, to_state="routed").exists()
    # Nobody chose a priority: the list shows it first, asking for one.
    page = client.get("/waiting-list/")
    assert "Not set: set it" in page.content.decode()
    # Medium risk goes to Centra's outreach, not at capacity: it does not wait.
    medium = routed_case("swale", 11)
    assert not WaitingEntry.objects.filter(referral_id=medium).exists()
    mark = entry.provider_id
    ended = client.post("/waiting-list/capacity/end/", {"mark": str(_mark_id(mark, idva.pk))})
    assert ended.status_code == 302
    assert not WaitingEntry.objects.filter(referral_id=routed_case("swale", 15)).exists()


def _mark_id(provider_id: int, service_id: int) -> int:
    from waiting.models import ServiceAtCapacity

    return ServiceAtCapacity.objects.get(provider_id=provider_id, service_id=service_id, until__isnull=True).pk


def test_a_partner_hears_in_their_notifications_and_a_self_referrer_is_not_emailed(
    api: Any, centra_worker: Any, police_user: Any, routed_case: Any, django_capture_on_commit_callbacks: Any
) -> None:
    partner_case = routed_case("swale", 11)
    Referral.objects.filter(pk=partner_case).update(created_by=police_user)
    self_case = routed_case("swale", 11, source="self", referrer_contact="her@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        put_on(api, centra_worker, partner_case, priority="B")
        put_on(api, centra_worker, self_case, priority="B")
    assert len(callbacks) == 1  # the partner's email; nothing for the self-referrer
    tell_referrer_of_delay(DelayNotice.objects.get(entry__referral_id=partner_case).pk)
    told = Notification.objects.get(user=police_user)
    assert "waiting list" in told.text and Referral.objects.get(pk=partner_case).reference in told.text
    assert [m.to for m in mail.outbox] == [[police_user.email]]
    self_notice = DelayNotice.objects.get(entry__referral_id=self_case)
    assert (self_notice.channel, self_notice.status) == ("none", "not_sent") and "marked safe" in self_notice.note


def test_the_page_offers_the_priorities_with_their_meaning_and_none_chosen(
    client: Any, centra_worker: Any, medium_case: int
) -> None:
    client.force_login(centra_worker)
    assert f"/cases/{medium_case}/waiting/" in client.get(f"/referrals/{medium_case}/").content.decode()
    page = client.get(f"/cases/{medium_case}/waiting/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Urgent: take on first" in html and "Routine: standard risk" in html
    assert 'name="priority"' in html and "checked" not in html
    refused = client.post(f"/cases/{medium_case}/waiting/", {"why": WHY})
    assert refused.status_code == 400 and "Choose a priority" in refused.content.decode()
    done = client.post(f"/cases/{medium_case}/waiting/", {"why": WHY, "priority": "C"})
    assert done.status_code == 302
    shown = client.get(f"/cases/{medium_case}/waiting/").content.decode()
    assert "C: routine" in shown and "Days waited" in shown
    taken = client.post(f"/cases/{medium_case}/waiting/take-on/")
    assert taken.status_code == 302 and Referral.objects.get(pk=medium_case).state == "accepted"
    assert client.post(f"/cases/{medium_case}/waiting/take-on/").status_code == 409


def test_a_referral_that_cannot_wait_answers_409(client: Any, centra_worker: Any, open_case: Any) -> None:
    client.force_login(centra_worker)
    assert client.get(f"/cases/{open_case(centra_worker)}/waiting/").status_code == 409


def test_withdrawn_by_triage_it_leaves_the_list_with_triages_reason(
    api: Any, centra_worker: Any, triage: Any, medium_case: int
) -> None:
    put_on(api, centra_worker, medium_case, priority="C")
    gone = api(triage).post(
        f"/api/v1/referrals/{medium_case}/withdraw/", {"reason": "She asked us to stop."}, format="json"
    )
    assert gone.status_code == 200, gone.json()
    entry = WaitingEntry.objects.get()
    assert (entry.state, entry.left_by) == ("withdrawn", triage)
    assert entry.leave_reason == "Withdrawn by triage: She asked us to stop."


def test_the_state_changes_only_by_its_transitions(api: Any, centra_worker: Any, medium_case: int) -> None:
    put_on(api, centra_worker, medium_case, priority="C")
    entry = WaitingEntry.objects.get()
    with pytest.raises(AttributeError):
        entry.state = "taken_on"
