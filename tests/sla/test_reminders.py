"""The sweep reminds the responsible people before a deadline, tells them when it has passed, and
escalates to their managers after the grace period: in the app and by email, each exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from accounts.models import Role
from sla.deadlines import LONDON
from sla.models import Notification, Reminder
from sla.services import sla_sweep
from tests.factories import user_in

pytestmark = pytest.mark.django_db


def kinds_to(user) -> list[str]:
    return sorted(Reminder.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def routed_to_centra(create_referral, assess, clock_at):
    """A medium-risk referral routed to Centra on Monday 10:00: the provider must decide by Tuesday 10:00."""
    referral = create_referral(district="swale")
    assess(referral["id"], 11)
    return referral


def test_it_reminds_before_tells_when_overdue_then_escalates(
    routed_to_centra, centra_worker, centra_manager, triage, clock_at, mailoutbox
) -> None:
    # centra_worker and centra_manager exist before the first sweep
    clock_at.move_to(datetime(2026, 11, 24, 7, 59, tzinfo=LONDON))
    assert sla_sweep() == (0, 0)

    clock_at.move_to(datetime(2026, 11, 24, 8, 0, tzinfo=LONDON))  # 2 hours before
    assert sla_sweep() == (1, 1)
    assert kinds_to(centra_worker) == ["due_soon"]

    clock_at.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=LONDON))
    assert sla_sweep() == (1, 1)
    assert kinds_to(centra_worker) == ["due_soon", "overdue"]
    assert kinds_to(centra_manager) == []

    clock_at.move_to(datetime(2026, 11, 24, 14, 0, tzinfo=LONDON))  # 4 hours' grace
    assert sla_sweep() == (1, 1)
    assert kinds_to(centra_manager) == ["escalated"]
    assert kinds_to(triage) == []  # the triage clock stopped in time

    assert len(mailoutbox) == 3
    assert [m.to for m in mailoutbox] == [[centra_worker.email]] * 2 + [[centra_manager.email]]
    assert Notification.objects.filter(user=centra_worker, read_at__isnull=True).count() == 2


def test_sweeping_again_sends_nothing_more(routed_to_centra, centra_worker, clock_at, mailoutbox) -> None:
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    assert sla_sweep() == (1, 1)
    assert sla_sweep() == (0, 0)
    assert Reminder.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_late_sweep_sends_what_is_true_now_once(
    routed_to_centra, centra_worker, centra_manager, clock_at, mailoutbox
) -> None:
    clock_at.move_to(datetime(2026, 11, 26, 10, 0, tzinfo=LONDON))  # no sweep for two days
    assert sla_sweep() == (1, 2)
    assert kinds_to(centra_worker) == ["overdue"]
    assert kinds_to(centra_manager) == ["escalated"]
    assert len(mailoutbox) == 2


def test_a_stage_done_in_time_is_not_chased(routed_to_centra, api, centra_worker, clock_at, mailoutbox) -> None:
    api(centra_worker).post(f"/api/v1/referrals/{routed_to_centra['id']}/accept/", {}, format="json")
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    sla_sweep()
    assert Reminder.objects.filter(recipient=centra_worker, clock__stage="provider_decision").count() == 0


def test_triage_reminders_go_to_the_triage_team_and_escalate_to_administrators(
    create_referral, triage, administrator, clock_at, mailoutbox
) -> None:
    other = user_in("victim-support", Role.TRIAGE_WORKER, username="tess.triage")
    create_referral()
    clock_at.move_to(datetime(2026, 11, 24, 14, 0, tzinfo=LONDON))
    sla_sweep()
    assert kinds_to(triage) == kinds_to(other) == ["overdue"]
    assert kinds_to(administrator) == ["escalated"]
    assert len(mailoutbox) == 3


def test_a_triage_escalation_skips_a_manager_who_cannot_open_the_referral(
    create_referral, triage, administrator, clock_at, mailoutbox
) -> None:
    victim_support_manager = user_in("victim-support", Role.PROVIDER_MANAGER, username="vic.manager")
    create_referral()  # in the triage queue: Victim Support's manager sees only referrals routed to Victim Support
    clock_at.move_to(datetime(2026, 11, 24, 14, 0, tzinfo=LONDON))
    sla_sweep()
    assert kinds_to(victim_support_manager) == []
    assert kinds_to(administrator) == ["escalated"]


def test_the_email_carries_a_link_and_no_personal_details(create_referral, triage, clock_at, mailoutbox) -> None:
    referral = create_referral(first_name="Imogen", last_name="Unusualname")
    clock_at.move_to(datetime(2026, 11, 24, 9, 0, tzinfo=LONDON))
    sla_sweep()
    (message,) = mailoutbox
    assert f"/referrals/{referral['id']}/" in message.body
    assert "Imogen" not in message.body + message.subject
    assert "Unusualname" not in message.body + message.subject


class FailingFor:
    """An email backend that refuses one address (`refused`, set by the test), and records the rest."""

    refused: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            if self.refused in message.to:
                raise OSError("SMTP server said no")
            mail.outbox.append(message)
        return len(messages)


def test_an_email_that_fails_holds_up_nobody_and_is_tried_again(
    create_referral, triage, clock_at, mailoutbox, settings, monkeypatch
) -> None:
    other = user_in("victim-support", Role.TRIAGE_WORKER, username="tess.triage")
    settings.EMAIL_BACKEND = "tests.sla.test_reminders.FailingFor"
    monkeypatch.setattr(FailingFor, "refused", triage.email)
    create_referral()
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    assert sla_sweep() == (1, 1)
    assert [m.to for m in mailoutbox] == [[other.email]]
    assert Reminder.objects.get(recipient=triage).sent_at is None
    assert not Notification.objects.filter(user=triage).exists()

    monkeypatch.setattr(FailingFor, "refused", "nobody@example.org")  # the mail server is back
    assert sla_sweep() == (0, 1)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([other.email, triage.email])
    assert sla_sweep() == (0, 0)


def test_nobody_is_left_untold_when_an_organisation_has_no_workers(
    routed_to_centra, centra_manager, administrator, clock_at, mailoutbox
) -> None:
    clock_at.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    sla_sweep()
    assert kinds_to(centra_manager) == ["overdue"]  # no Centra workers: their manager is told


def test_marac_listing_reminds_the_marac_coordinators(
    create_referral, assess, swale_coordinator, thanet_coordinator, clock_at, mailoutbox
) -> None:
    referral = create_referral(district="swale")
    assess(referral["id"], 15)
    clock_at.move_to(datetime(2026, 12, 7, 9, 0, tzinfo=LONDON))
    sla_sweep()
    assert Reminder.objects.filter(clock__stage="marac_listing", recipient=swale_coordinator).count() == 1
    assert not Reminder.objects.filter(recipient=thanet_coordinator).exists()
