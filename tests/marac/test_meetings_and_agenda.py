"""A coordinator schedules meetings from the pattern, fills the agenda up to the limit (repeats
first, then the oldest), moves a case to a later meeting with a reason, and marks cases heard."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from marac.models import AgendaItem, AgendaState, MaracAction, MaracMeeting, MaracReferral
from marac.rules import is_meeting_day
from marac.services import agenda_item_hear
from tests.marac.conftest import action_on, in_days

pytestmark = pytest.mark.django_db


def test_it_schedules_the_next_meeting_of_the_pattern(api, swale, swale_coordinator) -> None:
    response = api(swale_coordinator).post("/api/v1/maracs/swale-marac/meetings/", {}, format="json")
    assert response.status_code == 201, response.json()
    meeting = MaracMeeting.objects.get()
    assert meeting.held_on >= timezone.localdate()
    assert meeting.held_on.weekday() == 1  # Swale meets on Tuesdays
    assert is_meeting_day(first_meeting_on=swale.first_meeting_on, interval_weeks=2, day=meeting.held_on)
    second = api(swale_coordinator).post("/api/v1/maracs/swale-marac/meetings/", {}, format="json").json()
    assert second["held_on"] == (meeting.held_on + timedelta(weeks=2)).isoformat()


def test_the_next_meeting_is_the_first_free_day_of_the_pattern_whatever_was_held_before(swale) -> None:
    from marac.rules import meeting_dates
    from marac.services import next_meeting_date

    step = timedelta(weeks=swale.meeting_interval_weeks)
    coming = meeting_dates(
        first_meeting_on=swale.first_meeting_on,
        interval_weeks=swale.meeting_interval_weeks,
        on_or_after=timezone.localdate(),
        count=2,
    )
    held = [coming[0] - n * step for n in (1, 2, 3) if coming[0] - n * step >= swale.first_meeting_on]
    for held_on in [*held, coming[0]]:  # meetings held before today, and the next one already scheduled
        MaracMeeting.objects.create(marac=swale, held_on=held_on)
    assert next_meeting_date(swale) == coming[1]


def test_a_meeting_in_the_past_answers_400_and_saves_nothing(api, swale_coordinator) -> None:
    response = api(swale_coordinator).post(
        "/api/v1/maracs/swale-marac/meetings/", {"held_on": in_days(-1).isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "held_on" in response.json()
    assert not MaracMeeting.objects.exists()


def test_a_second_meeting_on_the_same_day_answers_400(api, swale_coordinator) -> None:
    body = {"held_on": in_days(3).isoformat()}
    assert api(swale_coordinator).post("/api/v1/maracs/swale-marac/meetings/", body, format="json").status_code == 201
    response = api(swale_coordinator).post("/api/v1/maracs/swale-marac/meetings/", body, format="json")
    assert response.status_code == 400
    assert MaracMeeting.objects.count() == 1


def test_partner_staff_may_not_schedule_meetings(api, swale_housing) -> None:
    response = api(swale_housing).post("/api/v1/maracs/swale-marac/meetings/", {}, format="json")
    assert response.status_code == 403
    assert not MaracMeeting.objects.exists()


def test_it_fills_the_agenda_up_to_the_limit_repeats_first_then_oldest(
    api, swale, meeting, make_case, swale_coordinator
) -> None:
    swale.case_limit = 3
    swale.save()
    newest, middle, oldest = make_case(days_ago=1), make_case(days_ago=5), make_case(days_ago=9)
    repeat = make_case(days_ago=0, is_repeat=True)
    response = api(swale_coordinator).post(f"/api/v1/marac-meetings/{meeting.pk}/fill/", format="json")
    assert response.status_code == 200, response.json()
    agenda = [item["case"]["id"] for item in response.json()["agenda"]]
    assert agenda == [repeat.pk, oldest.pk, middle.pk]
    assert newest.agenda_items.count() == 0
    # Full: filling again adds nothing.
    again = api(swale_coordinator).post(f"/api/v1/marac-meetings/{meeting.pk}/fill/", format="json")
    assert len(again.json()["agenda"]) == 3


def test_a_case_listed_at_one_meeting_is_not_listed_at_another(api, swale, make_case, swale_coordinator) -> None:
    make_case(days_ago=2)
    first = MaracMeeting.objects.create(marac=swale, held_on=in_days(7))
    second = MaracMeeting.objects.create(marac=swale, held_on=in_days(21))
    api(swale_coordinator).post(f"/api/v1/marac-meetings/{first.pk}/fill/", format="json")
    response = api(swale_coordinator).post(f"/api/v1/marac-meetings/{second.pk}/fill/", format="json")
    assert response.json()["agenda"] == []


def test_it_leaves_other_maracs_cases_off_the_agenda(api, meeting, make_case, swale_coordinator) -> None:
    from marac.models import Marac

    make_case(marac=Marac.objects.get(slug="thanet-marac"))
    response = api(swale_coordinator).post(f"/api/v1/marac-meetings/{meeting.pk}/fill/", format="json")
    assert response.json()["agenda"] == []


def test_it_moves_a_case_to_a_later_meeting_with_the_reason(api, swale, listed, swale_coordinator) -> None:
    later = MaracMeeting.objects.create(marac=swale, held_on=in_days(21))
    response = api(swale_coordinator).post(
        f"/api/v1/marac-agenda-items/{listed.pk}/move/",
        {"to_meeting": later.pk, "reason": "Police research not ready"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    old = AgendaItem.objects.get(pk=listed.pk)
    assert old.state == AgendaState.MOVED
    assert old.reason == "Police research not ready"
    assert old.closed_by == swale_coordinator
    assert old.moved_to is not None
    assert (old.moved_to.meeting, old.moved_to.state) == (later, AgendaState.LISTED)


@pytest.mark.parametrize("body", [{"reason": ""}, {"reason": "   "}])
def test_a_move_without_a_reason_answers_400(api, swale, listed, swale_coordinator, body) -> None:
    later = MaracMeeting.objects.create(marac=swale, held_on=in_days(21))
    response = api(swale_coordinator).post(
        f"/api/v1/marac-agenda-items/{listed.pk}/move/", {"to_meeting": later.pk, **body}, format="json"
    )
    assert response.status_code == 400
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.LISTED
    assert AgendaItem.objects.count() == 1


def test_a_move_to_an_earlier_meeting_answers_400(api, swale, listed, swale_coordinator) -> None:
    earlier = MaracMeeting.objects.create(marac=swale, held_on=in_days(1))
    response = api(swale_coordinator).post(
        f"/api/v1/marac-agenda-items/{listed.pk}/move/", {"to_meeting": earlier.pk, "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "to_meeting" in response.json()


def test_marking_a_case_heard_sets_the_meeting_date(api, listed, on_meeting_day, swale_coordinator) -> None:
    meeting = on_meeting_day
    response = api(swale_coordinator).post(f"/api/v1/marac-agenda-items/{listed.pk}/hear/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert MaracReferral.objects.get(pk=listed.case_id).heard_on == meeting.held_on
    item = AgendaItem.objects.get(pk=listed.pk)
    assert (item.state, item.closed_by) == (AgendaState.HEARD, swale_coordinator)
    again = api(swale_coordinator).post(f"/api/v1/marac-agenda-items/{listed.pk}/hear/", {}, format="json")
    assert again.status_code == 409


def test_a_heard_case_leaves_the_high_risk_list(api, listed, on_meeting_day, swale_coordinator) -> None:
    assert len(api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]) == 1
    api(swale_coordinator).post(f"/api/v1/marac-agenda-items/{listed.pk}/hear/", {}, format="json")
    assert api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"] == []


def test_the_high_risk_list_is_oldest_first_with_days_waiting_and_the_repeat(api, make_case, swale_coordinator) -> None:
    newer, older = make_case(days_ago=2), make_case(days_ago=6, is_repeat=True)
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/high-risk-list/").json()["results"]
    assert [(c["id"], c["days_waiting"], c["is_repeat"]) for c in body] == [(older.pk, 6, True), (newer.pk, 2, False)]
    assert body[0]["reason"] == "repeat"
    assert body[0]["yes_count"] == 15


def test_the_database_refuses_to_reopen_a_heard_case_or_a_closed_action(
    listed, on_meeting_day, swale_coordinator
) -> None:
    agenda_item_hear(user=swale_coordinator, item_id=listed.pk)
    with pytest.raises(DatabaseError, match="Invalid transition"), transaction.atomic():
        AgendaItem.objects.filter(pk=listed.pk).update(state=AgendaState.LISTED)
    action = action_on(listed, "kent-police")
    MaracAction.objects.filter(pk=action.pk).update(status="done")
    with pytest.raises(DatabaseError, match="Invalid transition"), transaction.atomic():
        MaracAction.objects.filter(pk=action.pk).update(status="open")


def test_a_case_cannot_be_marked_heard_before_the_meeting_day(api, listed, meeting, swale_coordinator) -> None:
    response = api(swale_coordinator).post(f"/api/v1/marac-agenda-items/{listed.pk}/hear/", {}, format="json")
    assert response.status_code == 409
    assert f"{meeting.held_on:%-d %B %Y}" in response.json()["detail"]
    assert MaracReferral.objects.get(pk=listed.case_id).heard_on is None
    assert AgendaItem.objects.get(pk=listed.pk).state == AgendaState.LISTED


def test_a_case_can_be_marked_heard_on_the_meeting_day_and_after(
    api, listed, meeting, swale_coordinator, time_machine
) -> None:
    time_machine.move_to(timezone.make_aware(datetime.combine(meeting.held_on + timedelta(days=2), time(9))))
    response = api(swale_coordinator).post(f"/api/v1/marac-agenda-items/{listed.pk}/hear/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert MaracReferral.objects.get(pk=listed.case_id).heard_on == meeting.held_on
