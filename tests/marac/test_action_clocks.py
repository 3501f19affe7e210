"""An overdue MARAC action reminds its owner: the named contact's agency and the MARAC's coordinators,
swept by the same periodic sweep as every other deadline (a row in PostgreSQL, never the broker)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from marac.services import marac_action_create, marac_action_set_status
from providers.models import Organisation
from sla.deadlines import LONDON, next_working_day
from sla.models import Clock, Notification, Reminder
from sla.services import sla_sweep
from sla.stages import Stage
from tests.marac.conftest import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(listed, swale_coordinator):
    return marac_action_create(
        user=swale_coordinator,
        case_id=listed.case_id,
        meeting_id=listed.meeting_id,
        owner=Organisation.objects.get(slug="swale-housing"),
        person="Hari Housing",
        description="Fit a sanctuary scheme lock",
        due_on=in_days(21),
    )


def at(day, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def kinds(user) -> list[str]:
    return sorted(
        Reminder.objects.filter(recipient=user, clock__stage=Stage.MARAC_ACTION).values_list("kind", flat=True)
    )


def test_an_action_runs_a_clock_to_its_due_date(action) -> None:
    clock = Clock.objects.get(marac_action=action, stopped_at__isnull=True)
    assert clock.due_at == at(action.due_on, 17)
    assert clock.remind_at == at(action.due_on, 9)
    assert clock.escalate_at == at(next_working_day(action.due_on), 9)


def test_an_overdue_action_reminds_the_owning_agency_and_the_coordinator(
    action, swale_housing, swale_police, swale_coordinator, client
) -> None:
    sla_sweep(now=at(action.due_on, 9) - timedelta(minutes=1))
    assert kinds(swale_housing) == kinds(swale_coordinator) == []
    sla_sweep(now=at(action.due_on, 17))
    assert kinds(swale_housing) == kinds(swale_coordinator) == ["overdue"]
    assert kinds(swale_police) == []  # another agency's action
    sla_sweep(now=at(next_working_day(action.due_on), 9))
    assert kinds(swale_coordinator) == ["escalated", "overdue"]
    for user in (swale_housing, swale_coordinator):
        client.force_login(user)
        notifications = Notification.objects.filter(user=user)
        assert notifications and all(client.get(n.link).status_code == 200 for n in notifications)


def test_a_closed_action_is_not_chased(action, swale_housing, swale_coordinator) -> None:
    marac_action_set_status(user=swale_housing, action_id=action.pk, status="done")
    assert Clock.objects.get(marac_action=action).met is True
    sla_sweep(now=at(next_working_day(action.due_on), 9))
    assert kinds(swale_housing) == kinds(swale_coordinator) == []
