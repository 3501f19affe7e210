"""A withdrawn or duplicate referral is no longer a MARAC case: it leaves the high-risk list, is
never put on an agenda, and is taken off a coming agenda with the reason, the coordinator told."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from marac.models import AgendaItem, AgendaState, MaracMeeting, MaracNotice
from marac.services import agenda_item_add, meeting_agenda_fill
from referrals.services import referral_mark_duplicate, referral_withdraw
from sla.models import Notification
from tests.factories import ReferralFactory
from tests.marac.conftest import in_days

pytestmark = pytest.mark.django_db


def test_a_withdrawn_referral_leaves_the_high_risk_list(api, make_case, triage, swale_coordinator) -> None:
    staying, leaving = make_case(days_ago=4), make_case(days_ago=3)
    referral_withdraw(user=triage, referral_id=leaving.referral_id, reason="Client moved out of the county")
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    assert [case["id"] for case in body] == [staying.pk]


def test_withdrawn_and_duplicate_referrals_are_never_filled_onto_an_agenda(
    api, make_case, meeting, triage, swale_coordinator
) -> None:
    staying, withdrawn, duplicate = make_case(days_ago=5), make_case(days_ago=4), make_case(days_ago=3)
    referral_withdraw(user=triage, referral_id=withdrawn.referral_id, reason="No longer wants support")
    referral_mark_duplicate(user=triage, referral_id=duplicate.referral_id, duplicate_of_id=staying.referral_id)
    response = api(swale_coordinator).post(f"/api/v1/marac-meetings/{meeting.pk}/fill/", format="json")
    assert [item["case"]["id"] for item in response.json()["agenda"]] == [staying.pk]


def test_a_withdrawn_referral_cannot_be_added_to_an_agenda_by_hand(
    make_case, meeting, triage, swale_coordinator
) -> None:
    case = make_case()
    referral_withdraw(user=triage, referral_id=case.referral_id, reason="Withdrawn by the referrer")
    from kidas.errors import TransitionConflict

    with pytest.raises(TransitionConflict, match="withdrawn"):
        agenda_item_add(user=swale_coordinator, case_id=case.pk, meeting_id=meeting.pk)
    assert not AgendaItem.objects.exists()


def test_withdrawing_a_listed_referral_takes_it_off_the_coming_agenda_and_tells_the_coordinator(
    listed, triage, swale_coordinator
) -> None:
    referral = listed.case.referral
    referral_withdraw(user=triage, referral_id=referral.pk, reason="Client asked for no further contact")
    item = AgendaItem.objects.get(pk=listed.pk)
    assert item.state == AgendaState.TAKEN_OFF
    assert item.reason == "Referral withdrawn: Client asked for no further contact"
    assert (item.closed_by, item.closed_at is not None) == (triage, True)
    (note,) = Notification.objects.filter(user=swale_coordinator)  # told once
    assert referral.reference in note.text and "Referral withdrawn" in note.text
    assert referral.last_name not in note.text  # a notification names a referral by its reference only
    assert note.link == f"/marac/cases/{listed.case_id}/"
    (notice,) = MaracNotice.objects.filter(case=listed.case)
    assert "taken off the Swale MARAC agenda" in notice.text and "Client asked for no further contact" in notice.text


def test_a_duplicate_is_taken_off_the_coming_agenda(make_case, meeting, triage, swale_coordinator) -> None:
    original = ReferralFactory()
    case = make_case()
    (item,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    referral_mark_duplicate(user=triage, referral_id=case.referral_id, duplicate_of_id=original.pk)
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.state == AgendaState.TAKEN_OFF
    assert item.reason.startswith("Referral marked as a duplicate")


def test_a_past_meetings_agenda_is_left_as_it_was(swale, make_case, triage, swale_coordinator, time_machine) -> None:
    """What happened at a meeting already held is history: withdrawal afterwards does not rewrite it."""
    meeting = MaracMeeting.objects.create(marac=swale, held_on=in_days(2))
    make_case()
    (item,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    time_machine.move_to(timezone.make_aware(datetime.combine(in_days(4), time(9))), tick=False)
    referral_withdraw(user=triage, referral_id=item.case.referral_id, reason="Withdrawn")
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.state == AgendaState.LISTED
    # The coordinator still hears of the withdrawal, without a word of any agenda being changed.
    (notice,) = MaracNotice.objects.filter(case=item.case)
    assert notice.text == "Referral withdrawn: Withdrawn"
    assert Notification.objects.filter(user=swale_coordinator).count() == 1


def test_the_referral_page_says_a_withdrawn_referral_is_off_the_marac_list(
    client, make_case, triage, administrator
) -> None:
    case = make_case()
    referral_withdraw(user=triage, referral_id=case.referral_id, reason="Client moved away")
    client.force_login(administrator)
    page = client.get(f"/referrals/{case.referral_id}/").content.decode()
    assert "off the MARAC list since the referral was withdrawn" in page
    assert "Waiting since" not in page


def test_a_withdrawn_referral_is_not_moved_to_a_later_meeting(
    api, swale, listed, triage, swale_coordinator, time_machine
) -> None:
    later = MaracMeeting.objects.create(marac=swale, held_on=listed.meeting.held_on + timedelta(days=14))
    # The meeting has met with the case still listed; then the referral is withdrawn.
    day_after = listed.meeting.held_on + timedelta(days=1)
    time_machine.move_to(timezone.make_aware(datetime.combine(day_after, time(9))), tick=False)
    referral_withdraw(user=triage, referral_id=listed.case.referral_id, reason="Withdrawn")
    response = api(swale_coordinator).post(
        f"/api/v1/marac-agenda-items/{listed.pk}/move/", {"to_meeting": later.pk, "reason": "x"}, format="json"
    )
    assert response.status_code == 409 and "withdrawn" in response.json()["detail"]
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.LISTED
    assert not later.items.exists()
