"""Nothing lost, nothing doubled: a real Celery worker, a real Redis (and a dead one), real PostgreSQL.
Each test counts the exact number of reminders and emails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Role
from referrals.models import Referral
from sla.models import Clock, Notification, Reminder
from tests.factories import user_in
from tests.sla.conftest import DEAD_REDIS, Workers, broker_at, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def make_overdue(referral_id: int, stage: str) -> None:
    """Move a running clock's deadline an hour into the past (the worker runs on real time)."""
    now = timezone.now()
    Clock.objects.filter(referral_id=referral_id, stage=stage, stopped_at__isnull=True).update(
        started_at=now - timedelta(hours=25),
        remind_at=now - timedelta(hours=3),
        due_at=now - timedelta(hours=1),
        escalate_at=now + timedelta(hours=3),
        next_reminder_at=now - timedelta(hours=3),
    )


def all_sent() -> bool:
    return Reminder.objects.exists() and not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_with_redis_down_referrals_still_move_and_the_next_sweep_sends_once(
    create_referral, assess, api, centra_worker, workers: Workers
) -> None:
    with broker_at(DEAD_REDIS):
        referral = create_referral(district="swale")
        response = assess(referral["id"], 11)  # routing enqueues the provider's email: the broker is away
        assert response.status_code == 201
        assert Referral.objects.get(pk=referral["id"]).state == "routed"
        with pytest.raises(OperationalError):  # beat cannot enqueue the sweep either
            workers.sweep()
    make_overdue(referral["id"], "provider_decision")

    workers.start()
    workers.sweep()  # Redis is back: the next sweep
    wait_for(all_sent)
    workers.sweep()
    workers.sweep()
    wait_for(workers.queue_empty)
    assert list(Reminder.objects.values_list("kind", "recipient")) == [("overdue", centra_worker.pk)]
    assert Notification.objects.filter(user=centra_worker).count() == 1
    assert workers.emails() == 1


def test_a_worker_killed_mid_send_sends_after_restart_and_once(create_referral, triage, workers: Workers) -> None:
    referral = create_referral()
    make_overdue(referral["id"], "triage")

    first = workers.start(hold_each_claim_seconds=60)
    workers.sweep()
    # Inside the send: the reminder exists, is unsent, and is locked by the worker.
    wait_for(Reminder.objects.exists)
    wait_for(workers.reminder_locked)
    workers.kill(first)
    assert Reminder.objects.get().sent_at is None
    assert workers.emails() == 0

    workers.start()
    workers.sweep()  # the next minute's sweep
    wait_for(all_sent)
    workers.sweep()
    wait_for(lambda: workers.queue_empty(in_flight=1))  # the killed worker's sweep was never acknowledged
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(user=triage).count() == 1
    assert workers.emails() == 1


def test_two_sweeps_at_once_send_each_reminder_once(create_referral, triage, workers: Workers) -> None:
    for n in range(4):
        user_in("victim-support", Role.TRIAGE_WORKER, username=f"triage{n}")
    referrals = [create_referral() for _ in range(3)]
    for referral in referrals:
        make_overdue(referral["id"], "triage")

    # Two workers (as two beats would enqueue two sweeps), each holding each claim a moment.
    workers.start(hold_each_claim_seconds=1)
    workers.start(hold_each_claim_seconds=1)
    for _ in range(4):
        workers.sweep()
    wait_for(lambda: Reminder.objects.count() == 15 and all_sent(), timeout=120)
    wait_for(workers.queue_empty, timeout=60)
    assert Reminder.objects.count() == 3 * 5  # 3 clocks × 5 triage workers, one "overdue" each
    assert Notification.objects.count() == 15
    assert workers.emails() == 15
