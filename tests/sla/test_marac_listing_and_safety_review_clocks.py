"""The MARAC listing is due at the next meeting of the case's MARAC (at most 14 days), and moves when
a meeting is scheduled; a safety plan's review date runs a clock that reminds the case's worker on
the day and escalates to the provider's managers after it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from casework.services import safety_plan_record
from marac.models import Marac
from marac.services import meeting_schedule
from sla.deadlines import LONDON
from sla.models import Clock, Notification, Reminder
from sla.services import sla_sweep
from sla.stages import Stage

pytestmark = pytest.mark.django_db


def listing_due(referral_id: int) -> datetime:
    return Clock.objects.get(referral_id=referral_id, stage=Stage.MARAC_LISTING, stopped_at__isnull=True).due_at


def schedule(coordinator, held_on: date) -> None:
    meeting_schedule(user=coordinator, marac_id=Marac.objects.get(slug="swale-marac").pk, held_on=held_on)


def test_a_high_risk_case_is_due_at_the_next_scheduled_meeting(
    create_referral, assess, swale_coordinator, clock_at
) -> None:
    schedule(swale_coordinator, date(2026, 12, 1))  # Monday 23 November: the next Swale MARAC is on 1 December
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    assert listing_due(referral["id"]) == datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)


def test_a_meeting_after_14_days_never_extends_the_listing_deadline(
    create_referral, assess, swale_coordinator, clock_at
) -> None:
    schedule(swale_coordinator, date(2026, 12, 15))
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    assert listing_due(referral["id"]) == datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)  # at most 14 days


def test_scheduling_a_meeting_moves_the_listing_deadline_and_its_reminder(
    create_referral, assess, swale_coordinator, thanet_coordinator, clock_at
) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    assert listing_due(referral["id"]) == datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)  # no meeting yet
    schedule(swale_coordinator, date(2026, 12, 1))
    assert listing_due(referral["id"]) == datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    meeting_schedule(
        user=thanet_coordinator, marac_id=Marac.objects.get(slug="thanet-marac").pk, held_on=date(2026, 11, 25)
    )
    assert listing_due(referral["id"]) == datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)  # another MARAC's meeting
    clock_at.move_to(datetime(2026, 12, 1, 7, 0, tzinfo=LONDON))
    sla_sweep()
    assert list(Reminder.objects.filter(recipient=swale_coordinator).values_list("kind", flat=True)) == ["due_soon"]


@pytest.fixture
def planned_case(open_case, centra_worker, clock_at) -> int:
    """A Centra case whose safety plan, made on Monday 23 November, is to be reviewed by Monday 7 December."""
    referral_id = open_case(centra_worker)
    safety_plan_record(
        user=centra_worker, referral_id=referral_id, summary="Code word agreed", review_on=date(2026, 12, 7)
    )
    return referral_id


def told(user) -> list[str]:
    return list(
        Reminder.objects.filter(recipient=user, clock__stage=Stage.SAFETY_REVIEW).values_list("kind", flat=True)
    )


def test_a_safety_plan_review_reminds_the_worker_on_the_day_and_escalates_after(
    planned_case, centra_worker, centra_manager, client, clock_at
) -> None:
    clock_at.move_to(datetime(2026, 12, 7, 8, 59, tzinfo=LONDON))
    sla_sweep()
    assert told(centra_worker) == []
    clock_at.move_to(datetime(2026, 12, 7, 9, 0, tzinfo=LONDON))
    sla_sweep()
    assert told(centra_worker) == ["due_soon"]
    clock_at.move_to(datetime(2026, 12, 7, 17, 0, tzinfo=LONDON))
    sla_sweep()
    assert told(centra_worker) == ["due_soon", "overdue"]
    assert told(centra_manager) == []
    clock_at.move_to(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON))
    sla_sweep()
    assert told(centra_manager) == ["escalated"]
    for user in (centra_worker, centra_manager):
        client.force_login(user)
        for notification in Notification.objects.filter(user=user):
            assert client.get(notification.link).status_code == 200


def test_a_new_safety_plan_is_the_review_of_the_last(planned_case, centra_worker, clock_at) -> None:
    clock_at.move_to(datetime(2026, 12, 3, 11, 0, tzinfo=LONDON))
    safety_plan_record(user=centra_worker, referral_id=planned_case, summary="Reviewed", review_on=date(2026, 12, 17))
    old, new = Clock.objects.filter(referral_id=planned_case, stage=Stage.SAFETY_REVIEW).order_by("started_at")
    assert (old.met, new.stopped_at) == (True, None)
    assert new.due_at == datetime(2026, 12, 17, 17, 0, tzinfo=LONDON)
    clock_at.move_to(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON))
    sla_sweep()
    assert told(centra_worker) == []  # the first review was done
