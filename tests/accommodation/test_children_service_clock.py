"""The children's service's 12-week clock: a row in PostgreSQL, swept by beat. The worker hears at week 10
and at week 12, once each however often the sweep runs; a case that ended hears nothing more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from accommodation.children_service import child_case_close, child_case_refer, child_case_start, child_sweep
from accommodation.children_service_clock import child_clock, child_reminders_due
from accommodation.children_service_models import ChildCase, ChildCaseReminder, ChildReminderKind
from accommodation.tasks import children_sweep
from accounts.models import Role, User
from sla.models import Notification
from tests.factories import user_in
from tests.household import link, person

START = date(2026, 9, 7)
WEEK_10 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # London is on GMT in November
WEEK_12 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_the_clock_is_due_12_weeks_after_the_start_and_reminds_at_week_10() -> None:
    from zoneinfo import ZoneInfo

    remind_at, due_at = child_clock(START, ZoneInfo("Europe/London"))
    assert (remind_at, due_at) == (WEEK_10, WEEK_12)


@pytest.mark.parametrize(
    ("now", "kinds", "next_at"),
    [
        (WEEK_10 - timedelta(seconds=1), [], WEEK_10),
        (WEEK_10, [ChildReminderKind.ENDING_SOON], WEEK_12),
        (WEEK_12 - timedelta(days=1), [ChildReminderKind.ENDING_SOON], WEEK_12),
        (WEEK_12, [ChildReminderKind.ENDING_SOON, ChildReminderKind.ENDED], None),
        (WEEK_12 + timedelta(days=30), [ChildReminderKind.ENDING_SOON, ChildReminderKind.ENDED], None),
    ],
)
def test_which_reminders_a_sweep_owes(now: datetime, kinds: list[str], next_at: datetime | None) -> None:
    assert child_reminders_due(now=now, remind_at=WEEK_10, due_at=WEEK_12) == (kinds, next_at)


@pytest.fixture
def salus_worker(ref: None) -> User:
    return user_in("project-salus", Role.PROVIDER_WORKER, username="sam.salus", email="sam@salus.example.org")


@pytest.fixture
def running(db: None, routed_case: Any, triage: User, salus_worker: User) -> ChildCase:
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=UTC), tick=False):
        referral_id = routed_case("swale", 11)
        child = person(date_of_birth=date(2018, 3, 2))
        link(referral_id, survivor=person(), children=[child])
        case = child_case_refer(
            user=triage,
            referral_id=referral_id,
            child_id=child.pk,
            source="safe_accommodation",
            accommodation_kind="refuge",
            reason="Nightmares.",
        )
    with time_machine.travel(datetime(2026, 9, 7, 10, 0, tzinfo=UTC), tick=False):
        return child_case_start(user=salus_worker, case_id=case.pk, started_on=START)


def told(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("text", flat=True))


@pytest.mark.django_db
def test_the_worker_hears_at_week_10_and_week_12_once_each(running: ChildCase, salus_worker: User) -> None:
    assert running.due_at == WEEK_12 and running.next_reminder_at == WEEK_10
    assert child_sweep(now=WEEK_10 - timedelta(minutes=1)) == (0, 0)
    assert child_sweep(now=WEEK_10) == (1, 1)
    assert child_sweep(now=WEEK_10 + timedelta(minutes=5)) == (0, 0)  # swept again: nothing twice
    assert told(salus_worker) == [f"Children's service: two weeks left for case {running.pk}, 12 weeks on 30 Nov 2026"]
    assert child_sweep(now=WEEK_12) == (1, 1)
    assert child_sweep(now=WEEK_12 + timedelta(days=1)) == (0, 0)
    assert len(told(salus_worker)) == 2 and "12 weeks reached" in told(salus_worker)[1]
    assert len(mail.outbox) == 2 and running.referral.reference not in mail.outbox[0].body
    assert ChildCaseReminder.objects.filter(case=running).count() == 2
    notification = Notification.objects.filter(user=salus_worker).first()
    assert notification is not None and notification.link == f"/accommodation/childrens-service/{running.pk}/"


@pytest.mark.django_db
def test_a_late_sweep_sends_each_reminder_once_and_the_unique_rule_holds_doubles(
    running: ChildCase, salus_worker: User
) -> None:
    assert child_sweep(now=WEEK_12 + timedelta(hours=3)) == (1, 2)
    # A second sweep that found the same case (as if it had run at the same moment) writes no double.
    ChildCase.objects.filter(pk=running.pk).update(next_reminder_at=WEEK_10)
    assert child_sweep(now=WEEK_12 + timedelta(hours=4)) == (1, 0)
    assert len(told(salus_worker)) == 2


@pytest.mark.django_db
def test_a_case_closed_early_stops_its_clock(running: ChildCase, salus_worker: User) -> None:
    with time_machine.travel(datetime(2026, 10, 1, 10, 0, tzinfo=UTC), tick=False):
        child_case_close(user=salus_worker, case_id=running.pk, move="close_early", reason="Moved out of Kent.")
    assert child_sweep(now=WEEK_12) == (0, 0)
    assert told(salus_worker) == []


@pytest.mark.django_db
def test_the_beat_task_sweeps_and_is_scheduled(running: ChildCase, salus_worker: User) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["children-service-sweep"]["task"] == "accommodation.children_sweep"
    with time_machine.travel(WEEK_10 + timedelta(minutes=1), tick=False):
        assert children_sweep.apply().get() == (1, 1)
    assert len(told(salus_worker)) == 1
